// Alerts of publications (issue 15 §3; docs/alerts.md): a public reader who saved a search is
// alerted to a publication `<id>.p<N>` that matches -- never to its classified original -- and
// nothing withheld reaches them: no alert title holds a withheld token. When the publication is
// withdrawn (its record written again above the public level, as a reclassification does), its
// alert is gone, exactly as if it had never been, while the store keeps the match row.
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/alerts.h"
#include "chancery/format/json.h"
#include "chancery/security/decide.h"

#include "redacted_records.h"
#include "support/temp_dir.h"

namespace chancery::testing {
namespace {

std::vector<std::string> Ids(const std::vector<archive::Alert>& alerts) {
  std::vector<std::string> ids;
  for (const archive::Alert& a : alerts) {
    ids.push_back(a.record_id);
    RC_ASSERT(FindSecret(a.title).empty());
  }
  return ids;
}

RC_GTEST_PROP(AlertsPublication, APublicationAlertsItsOriginalNeverAndWithdrawalTakesItBack, ()) {
  TempDir dir;
  ArchiveWorld world(dir.path());
  records::Records& r = world.records();
  records::UserSpec spec;
  spec.name = "reader";
  spec.clearance.level = "PUBLIC";
  RC_ASSERT(r.AddUser(r.Administrator("admin:test"), spec).ok());
  const security::Subject reader = *r.ResolveSubject("reader");
  auto alerts = archive::Alerts::Open(r);
  RC_ASSERT(alerts.ok());
  // Everything: the widest query, so any leak of the original would show.
  auto saved = (*alerts)->Save(reader, {"everything", "", "", "", false});
  RC_ASSERT(saved.ok());
  const RedactedRecord record = *GenRedactedRecord("orig-1");
  const std::string published = world.ReviewAndPublish(record);
  auto list = (*alerts)->List(reader, "", 100);
  RC_ASSERT(list.ok());
  RC_ASSERT(Ids(*list) == std::vector<std::string>{published});
  auto feed = (*alerts)->Feed(saved->feed_token, 100);
  RC_ASSERT(feed.ok());
  RC_ASSERT(Ids(feed->alerts) == std::vector<std::string>{published});

  // Withdraw: the publication written again above the public level.
  auto stored = r.store().GetRecord(published);
  RC_ASSERT(stored.ok() && stored->has_value());
  model::Cable c = *format::CableFromJson((*stored)->payload);
  c.current_label.classification = "SECRET";
  store::WriteBatch batch;
  batch.records.push_back({published, format::CableToJson(c),
                           security::ClassOf(r.policy(), c).Key(), (*stored)->serial, false, true});
  RC_ASSERT(r.store().Write(std::move(batch)).ok());
  list = (*alerts)->List(reader, "", 100);
  RC_ASSERT(list.ok());
  RC_ASSERT(list->empty());
  feed = (*alerts)->Feed(saved->feed_token, 100);
  RC_ASSERT(feed.ok());
  RC_ASSERT(feed->alerts.empty());
}

}  // namespace
}  // namespace chancery::testing
