// Delivery of alerts and the sitemap (include/chancery/archive/alerts.h): matches were found
// without any access decision; here each one is decided for the reader as they are now, with
// security::Decide on the record's current access class, so a record they may not read now is
// not there at all: not listed, not counted, not named.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"
#include "chancery/format/json.h"
#include "chancery/security/decide.h"

#include "archive/alerts_internal.h"
#include "archive/collection_internal.h"

namespace chancery::archive::internal {

Result<std::vector<Alert>> AlertsImpl::Deliver(const security::Subject& subject,
                                               const std::vector<std::string>& ids, size_t limit) {
  CHANCERY_RETURN_IF_ERROR(Run().status());
  // The one access decision: security::Decide per access class, for the subject as now.
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store(), policy(), subject));
  std::vector<MatchRow> rows;
  for (const std::string& id : ids) {
    store::DocQuery q;
    q.collection = std::string(kMatches);
    q.group = id;
    q.limit = 1000;
    for (bool more = true; more;) {
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> docs, store().ListDocs(q));
      for (const store::DocRow& doc : docs) {
        CHANCERY_ASSIGN_OR_RETURN(MatchRow m, MatchFromDoc(doc));
        rows.push_back(std::move(m));
      }
      more = docs.size() == q.limit;
      if (more) {
        q.after = docs.back().sort;
      }
    }
  }
  std::sort(rows.begin(), rows.end(), [](const MatchRow& a, const MatchRow& b) {
    return a.seq != b.seq ? a.seq > b.seq
                          : (a.record_id != b.record_id ? a.record_id < b.record_id
                                                        : a.search_id < b.search_id);
  });
  std::vector<Alert> out;
  for (const MatchRow& m : rows) {
    if (out.size() >= limit) {
      break;
    }
    // The one access decision, now: the record as it is stored now, for the reader as now.
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> rec,
                              store().GetRecord(m.record_id));
    if (!rec || !visible.Has(rec->access_class)) {
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(rec->payload));
    Alert a;
    a.search_id = m.search_id;
    a.record_id = m.record_id;
    a.title = std::string(model::DisplayTitle(cable));
    a.date = cable.date.IsSet() ? cable.date.ToIso() : "";
    a.alerted_micros = m.micros;
    a.seq = m.seq;
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<Alert>> AlertsImpl::List(const security::Subject& owner, std::string_view id,
                                            size_t limit) {
  std::vector<std::string> ids;
  if (id.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<SavedSearch> mine, List(owner));
    for (const SavedSearch& s : mine) {
      ids.push_back(s.id);
    }
  } else {
    Result<std::pair<SavedSearch, int64_t>> owned = Owned(owner, id);
    if (!owned.ok()) {
      AuditOnly(Event(owner, "alerts.list", std::string(id), "deny: " + owned.status().ToString()));
      return owned.status();
    }
    ids.push_back(owned->first.id);
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Alert> alerts, Deliver(owner, ids, limit));
  model::AuditEvent e = Event(owner, "alerts.list", id.empty() ? "*" : std::string(id),
                              "allow " + std::to_string(alerts.size()));
  for (const Alert& a : alerts) {
    e.ids.push_back(a.record_id);
  }
  AuditOnly(std::move(e));
  return alerts;
}

Result<AlertFeed> AlertsImpl::Feed(std::string_view token, size_t limit) {
  const Status missing = NotFound("no feed");
  if (token.size() != 32) {
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> feed,
                            store().GetDoc(kFeeds, audit::Sha256Hex(token)));
  if (!feed) {
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store().GetDoc(kSaved, feed->body));
  if (!row) {
    return missing;
  }
  CHANCERY_ASSIGN_OR_RETURN(SavedSearch s, SavedFromJson(row->body));
  if (s.feed_token != token) {
    return missing;
  }
  // The owner as they are now: a clearance lowered since, a user removed, decides here.
  Result<security::Subject> owner = records_.ResolveSubject(std::string_view(s.owner));
  if (!owner.ok()) {
    return missing;
  }
  AlertFeed out;
  CHANCERY_ASSIGN_OR_RETURN(out.alerts, Deliver(*owner, {s.id}, limit));
  model::AuditEvent e =
      Event(*owner, "alerts.feed", s.id, "allow " + std::to_string(out.alerts.size()));
  for (const Alert& a : out.alerts) {
    e.ids.push_back(a.record_id);
  }
  AuditOnly(std::move(e));
  out.search = std::move(s);
  return out;
}

Result<std::vector<SitemapEntry>> AlertsImpl::Sitemap() {
  CHANCERY_RETURN_IF_ERROR(Run().status());
  CHANCERY_ASSIGN_OR_RETURN(
      Visible visible, Visible::For(store(), policy(), security::Subject::PublicReader(policy())));
  std::vector<SitemapEntry> out;
  store::DocQuery q;
  q.collection = std::string(kSitemap);
  q.limit = 5000;
  for (bool more = true; more;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(q));
    for (const store::DocRow& row : rows) {
      const nlohmann::json j = nlohmann::json::parse(row.body, nullptr, false);
      if (!j.is_object() || !j.contains("class") || !j["class"].is_number_integer()) {
        return Corruption("sitemap.record " + row.key + ": unreadable row");
      }
      if (visible.Has(j["class"].get<int64_t>())) {
        out.push_back({row.key, j.value("lastmod", int64_t{0})});
      }
    }
    more = rows.size() == q.limit;
    if (more) {
      q.after = rows.back().key;
    }
  }
  return out;
}

}  // namespace chancery::archive::internal
