// The alerts property (issue 15 §3; docs/alerts.md): for random records at random labels, a
// reader with a random clearance and a random saved query, then random steps -- more records
// imported, records relabelled up, the reader's clearance lowered or raised -- the reader's
// alerts are at every step exactly the records that the reading room's own search, as the reader
// is now, finds for the same query among the records written after the search was saved. So the
// matcher agrees with search, and delivery decides access as every read does: nothing the reader
// may not read now, nothing from before the search was saved, nothing missed.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/alerts.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

const std::vector<std::string> kWords = {"grain", "treaty", "embassy", "debate", "harbour"};
const std::vector<std::string> kLevels = {"PUBLIC", "CONFIDENTIAL", "SECRET", "TOP SECRET"};
const std::vector<std::string> kQueries = {"grain",          "treaty OR harbour",
                                           "embassy debate", "\"grain treaty\"",
                                           "title:harbour",  "NOT debate"};

model::Cable Record(const std::string& id, size_t level, const std::string& title,
                    const std::string& body) {
  return testing::MakeCable(id, title, body, kLevels[level], {}, "1963-03-13");
}

std::set<std::string> Alerted(archive::Alerts& alerts, const security::Subject& reader) {
  std::set<std::string> ids;
  auto list = alerts.List(reader, "", 1000);
  RC_ASSERT(list.ok());
  for (const archive::Alert& a : *list) {
    RC_ASSERT(ids.insert(a.record_id).second);  // a record alerts once
  }
  return ids;
}

std::set<std::string> Oracle(records::Records& r, const security::Subject& reader,
                             const std::string& query, const std::set<std::string>& written) {
  records::SearchRequest request = testing::Query(query);
  request.limit = 1000;
  auto found = r.Search(reader, request);
  RC_ASSERT(found.ok());
  std::set<std::string> ids;
  for (const search::Hit& hit : found->hits) {
    if (written.count(hit.id) > 0) {
      ids.insert(hit.id);
    }
  }
  return ids;
}

RC_GTEST_PROP(AlertsProperty, AlertsAreWhatTheReaderFindsNowAmongRecordsWrittenAfterSaving, ()) {
  testing::TempDir dir;
  testing::RecordsFixture f(dir.path());
  records::Records& r = f.records();
  size_t clearance = *rc::gen::inRange<size_t>(0, kLevels.size());
  f.User("reader", kLevels[clearance]);
  const auto gen_record = [](const std::string& id) {
    return Record(id, *rc::gen::inRange<size_t>(0, kLevels.size()), *rc::gen::elementOf(kWords),
                  *rc::gen::elementOf(kWords) + " " + *rc::gen::elementOf(kWords));
  };
  // Before saving: never alerted.
  std::vector<model::Cable> before;
  for (int i = 0, n = *rc::gen::inRange(0, 5); i < n; ++i) {
    before.push_back(gen_record("old-" + std::to_string(i)));
  }
  if (!before.empty()) {
    f.Import(before);
  }
  auto alerts = archive::Alerts::Open(r);
  RC_ASSERT(alerts.ok());
  const std::string query = *rc::gen::elementOf(kQueries);
  auto saved = (*alerts)->Save(*r.ResolveSubject("reader"), {"", query, "", "", false});
  RC_ASSERT(saved.ok());
  std::set<std::string> written;
  std::vector<model::Cable> live;  // the latest version written of each new record
  int next = 0;
  for (int step = 0, steps = *rc::gen::inRange(1, 7); step < steps; ++step) {
    switch (*rc::gen::inRange(0, 4)) {
      case 0:
      case 1: {  // import new records
        std::vector<model::Cable> batch;
        for (int i = 0, n = *rc::gen::inRange(1, 5); i < n; ++i) {
          batch.push_back(gen_record("new-" + std::to_string(next++)));
        }
        f.Import(batch);
        for (const model::Cable& c : batch) {
          written.insert(c.id);
          live.push_back(c);
        }
        break;
      }
      case 2: {  // relabel a new record (or an old one) up
        std::vector<model::Cable>& pool =
            live.empty() || *rc::gen::arbitrary<bool>() ? before : live;
        if (pool.empty()) {
          break;
        }
        model::Cable& c = pool[*rc::gen::inRange<size_t>(0, pool.size())];
        size_t level = 0;
        while (level < kLevels.size() && kLevels[level] != c.current_label.classification) {
          ++level;
        }
        if (level + 1 >= kLevels.size()) {
          break;
        }
        c = Record(c.id, *rc::gen::inRange(level + 1, kLevels.size()), c.title, c.body[0].text);
        f.Import({c});
        written.insert(c.id);  // a new version after saving: it may alert (if readable)
        break;
      }
      default:  // the reader's clearance changes (lowered or raised)
        clearance = *rc::gen::inRange<size_t>(0, kLevels.size());
        f.User("reader", kLevels[clearance]);
        break;
    }
    const security::Subject reader = *r.ResolveSubject("reader");
    RC_ASSERT(Alerted(**alerts, reader) == Oracle(r, reader, query, written));
  }
}

}  // namespace
}  // namespace chancery
