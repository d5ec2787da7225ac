// The browse index of the collections module (collection_internal.h): one small row per record,
// a member count per access class per collection, brought up to date from the store's change
// log. Also the codecs and the access helpers the readers share.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/base/clock.h"
#include "chancery/format/json.h"
#include "chancery/model/cable.h"

#include "archive/collection_internal.h"

namespace chancery::archive {

std::string_view CollectionKindName(CollectionKind kind) {
  return kind == CollectionKind::kCurated ? "curated" : "volume";
}

Result<std::unique_ptr<Collections>> Collections::Open(records::Records& records) {
  auto c = std::make_unique<internal::CollectionsImpl>(records);
  return std::unique_ptr<Collections>(std::move(c));
}

namespace internal {
namespace {

using Json = nlohmann::json;

std::string SortKey(int64_t position, std::string_view id) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%012lld ", static_cast<long long>(position));
  return buf + std::string(id);
}

BrowseRow RowOf(const model::Cable& c, int64_t access_class) {
  BrowseRow r;
  r.id = c.id;
  r.collection = c.archival.collection;
  r.collection_title = c.archival.collection_title;
  r.chapter = c.archival.chapter;
  r.position = c.archival.position;
  for (const model::Note& n : c.notes) {
    if (n.kind == "document-number") {
      r.number = n.text;
    }
  }
  if (r.number.empty() && r.position > 0) {
    r.number = std::to_string(r.position);
  }
  r.title = std::string(model::DisplayTitle(c));
  r.date = c.date.IsSet() ? c.date.ToIso() : "";
  r.date = r.date.substr(0, r.date.find('T'));  // the day is what a table of contents shows
  r.access_class = access_class;
  return r;
}

}  // namespace

std::string BrowseRowToJson(const BrowseRow& r) {
  return Json{{"c", r.collection}, {"ct", r.collection_title},
              {"ch", r.chapter},   {"p", r.position},
              {"n", r.number},     {"t", r.title},
              {"d", r.date},       {"k", r.access_class}}
      .dump();
}

store::DocRow BrowseDoc(const BrowseRow& r) {
  store::DocRow d;
  d.collection = std::string(kBrowseRecords);
  d.key = r.id;
  d.group = r.collection;
  d.sort = SortKey(r.position, r.id);
  d.body = BrowseRowToJson(r);
  return d;
}

Result<BrowseRow> BrowseRowFromDoc(const store::DocRow& doc) {
  Json j = Json::parse(doc.body, nullptr, false);
  if (!j.is_object()) {
    return Corruption("browse index row " + doc.key + " is not JSON");
  }
  BrowseRow r;
  r.id = doc.key;
  r.collection = j.value("c", "");
  r.collection_title = j.value("ct", "");
  r.chapter = j.value("ch", "");
  r.position = j.value("p", int64_t{0});
  r.number = j.value("n", "");
  r.title = j.value("t", "");
  r.date = j.value("d", "");
  r.access_class = j.value("k", int64_t{0});
  return r;
}

std::pair<std::string, int64_t> SplitPublication(std::string_view id) {
  const size_t dot = id.rfind(".p");
  if (dot == std::string_view::npos || dot + 2 >= id.size() || dot == 0) {
    return {std::string(id), 0};
  }
  int64_t n = 0;
  for (size_t i = dot + 2; i < id.size(); ++i) {
    if (id[i] < '0' || id[i] > '9' || n > 1'000'000'000) {
      return {std::string(id), 0};
    }
    n = n * 10 + (id[i] - '0');
  }
  return {std::string(id.substr(0, dot)), n};
}

std::string CuratedToJson(const CuratedCollection& c) {
  Json sections = Json::array();
  for (const CuratedSection& s : c.sections) {
    sections.push_back({{"title", s.title}, {"members", s.members}});
  }
  return Json{
      {"id", c.id}, {"title", c.title}, {"description", c.description}, {"sections", sections}}
      .dump();
}

Result<CuratedCollection> CuratedFromJson(std::string_view json) {
  Json j = Json::parse(json, nullptr, false);
  if (!j.is_object() || !j.contains("sections") || !j["sections"].is_array()) {
    return Corruption("curated collection is not JSON");
  }
  CuratedCollection c;
  c.id = j.value("id", "");
  c.title = j.value("title", "");
  c.description = j.value("description", "");
  for (const Json& s : j["sections"]) {
    CuratedSection section;
    section.title = s.value("title", "");
    section.members = s.value("members", std::vector<std::string>());
    c.sections.push_back(std::move(section));
  }
  return c;
}

Result<Visible> Visible::For(store::Store& store, const security::Policy& policy,
                             const security::Subject& subject) {
  Visible v;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::AccessClassRow> classes,
                            store.AccessClassesAfter(0));
  for (const store::AccessClassRow& row : classes) {
    CHANCERY_ASSIGN_OR_RETURN(security::AccessClass cls, security::AccessClass::FromKey(row.key));
    if (security::Decide(policy, subject, cls, security::Action::kRead).allowed) {
      v.ids_.insert(row.id);
    }
  }
  return v;
}

std::string VolumeTitle(std::string_view summary_json, const Visible& visible) {
  const Json j = Json::parse(summary_json, nullptr, false);
  if (!j.is_object() || !j.contains("titles") || !j["titles"].is_object()) {
    return "";
  }
  std::string first_sort;
  std::string title;
  bool found = false;
  for (const auto& [cls, entry] : j["titles"].items()) {
    if (!visible.Has(std::atoll(cls.c_str())) || !entry.is_array() || entry.size() != 2 ||
        !entry[0].is_string() || !entry[1].is_string()) {
      continue;
    }
    const std::string sort = entry[0].get<std::string>();
    if (!found || sort < first_sort) {
      found = true;
      first_sort = sort;
      title = entry[1].get<std::string>();
    }
  }
  return title;
}

std::optional<BrowseRow> PickVisible(const std::vector<BrowseRow>& candidates,
                                     const Visible& visible) {
  std::optional<BrowseRow> best;
  int64_t best_n = -1;
  for (const BrowseRow& r : candidates) {
    if (!visible.Has(r.access_class)) {
      continue;
    }
    const int64_t n = SplitPublication(r.id).second;
    const int64_t rank = n == 0 ? INT64_MAX : n;  // the original first, else the latest
    if (rank > best_n) {
      best_n = rank;
      best = r;
    }
  }
  return best;
}

bool IsArchivist(const security::Subject& s) {
  const auto& roles = s.clearance.roles;
  return s.local_operator || std::find(roles.begin(), roles.end(), "archivist") != roles.end();
}

Status CollectionsImpl::CatchUp() {
  std::lock_guard<std::mutex> lock(catch_up_mu_);
  for (bool more = true; more;) {
    CHANCERY_RETURN_IF_ERROR(CatchUpSome(2000, &more));
  }
  return Status::Ok();
}

Status CollectionsImpl::CatchUpSome(size_t limit, bool* more) {
  *more = false;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> state,
                            store().GetDoc(kBrowseState, "seq"));
  const int64_t from = state ? std::atoll(state->body.c_str()) : 0;
  const int64_t expected = state ? state->version : 0;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::Change> changes, store().ChangesSince(from, limit));
  if (changes.empty()) {
    return Status::Ok();
  }
  // The current state of each changed record (several changes of one record: its latest).
  std::map<std::string, std::optional<BrowseRow>> rows;
  for (const store::Change& change : changes) {
    if (rows.count(change.record_id) > 0) {
      continue;
    }
    std::optional<BrowseRow>& slot = rows[change.record_id];
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> rec,
                              store().GetRecord(change.record_id));
    if (!rec) {
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(rec->payload, rec->id));
    slot = RowOf(cable, rec->access_class);
  }
  const int64_t last = changes.back().seq;
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    std::set<std::string> touched;
    for (const auto& [id, row] : rows) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> old, txn.GetDoc(kBrowseRecords, id));
      if (old) {
        touched.insert(old->group);
      }
      if (row) {
        touched.insert(row->collection);
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(BrowseDoc(*row)).status());
      } else if (old) {
        CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kBrowseRecords, id));
      }
    }
    for (const std::string& group : touched) {
      if (group.empty()) {
        continue;
      }
      std::map<int64_t, int64_t> counts;
      // Per access class, the title of its first row in volume order: a reader's title is the
      // first row they may read (VolumeTitle), never one from a record they may not.
      Json titles = Json::object();
      store::DocQuery q;
      q.collection = std::string(kBrowseRecords);
      q.group = group;
      for (;;) {
        CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> page, txn.ListDocs(q));
        for (const store::DocRow& d : page) {
          CHANCERY_ASSIGN_OR_RETURN(BrowseRow r, BrowseRowFromDoc(d));
          ++counts[r.access_class];
          const std::string cls = std::to_string(r.access_class);
          if (!titles.contains(cls)) {
            titles[cls] = Json::array({d.sort, r.collection_title});
          }
        }
        if (page.size() < q.limit) {
          break;
        }
        q.after = page.back().sort;
      }
      if (counts.empty()) {
        CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kBrowseVolumes, group));
        continue;
      }
      Json by_class = Json::object();
      for (const auto& [cls, n] : counts) {
        by_class[std::to_string(cls)] = n;
      }
      store::DocRow summary;
      summary.collection = std::string(kBrowseVolumes);
      summary.key = group;
      summary.sort = group;
      summary.body = Json{{"titles", titles}, {"counts", by_class}}.dump();
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(summary).status());
    }
    store::DocRow next;
    next.collection = std::string(kBrowseState);
    next.key = "seq";
    next.body = std::to_string(last);
    return txn.PutDoc(next, expected).status();
  });
  if (done.code() == StatusCode::kConflict) {
    *more = true;  // another process caught up meanwhile: read its state and go on from there
    return Status::Ok();
  }
  CHANCERY_RETURN_IF_ERROR(done);
  *more = changes.size() == limit;
  return Status::Ok();
}

Result<std::vector<BrowseRow>> CollectionsImpl::VolumeRows(std::string_view collection) {
  std::vector<BrowseRow> out;
  store::DocQuery q;
  q.collection = std::string(kBrowseRecords);
  q.group = std::string(collection);
  for (;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> page, store().ListDocs(q));
    for (const store::DocRow& d : page) {
      CHANCERY_ASSIGN_OR_RETURN(BrowseRow r, BrowseRowFromDoc(d));
      out.push_back(std::move(r));
    }
    if (page.size() < q.limit) {
      break;
    }
    q.after = page.back().sort;
  }
  return out;
}

model::AuditEvent CollectionsImpl::Event(const security::Subject& actor, std::string action,
                                         std::string target, std::string decision) const {
  model::AuditEvent e;
  e.time_micros = SystemClock().NowMicros();
  e.actor = actor.name;
  e.action = std::move(action);
  e.target = std::move(target);
  e.decision = std::move(decision);
  return e;
}

void CollectionsImpl::AuditRead(const security::Subject& reader, std::string action,
                                std::string target, std::string decision,
                                std::vector<std::string> ids) {
  store::WriteBatch batch;
  batch.audit.push_back(Event(reader, std::move(action), std::move(target), std::move(decision)));
  batch.audit.back().ids = std::move(ids);
  batch.durability = store::Durability::kProcessCrash;
  (void)store().Write(std::move(batch));  // a read is served even if its entry cannot be written
}

}  // namespace internal
}  // namespace chancery::archive
