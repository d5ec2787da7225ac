// The OAI visibility log (oai_internal.h; docs/decisions/0014-oai-pmh.md): follows the store's
// change log and stamps every change of what the anonymous public may read, in commit order,
// with a datestamp read after the change committed.
#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"
#include "chancery/format/json.h"

#include "archive/collection_internal.h"
#include "archive/oai_internal.h"

namespace chancery::archive::internal {
namespace {

using Json = nlohmann::json;

std::string SetToken(std::string_view text) {
  // setSpec characters: unreserved URI characters; anything else as ~XX.
  std::string out;
  for (char raw : text) {
    const auto ch = static_cast<unsigned char>(raw);
    if (std::isalnum(ch) || ch == '-' || ch == '_' || ch == '.') {
      out += static_cast<char>(ch);
    } else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "~%02X", ch);
      out += buf;
    }
  }
  return out;
}

std::string KindTitle(model::DocumentKind kind) {
  std::string name(model::DocumentKindName(kind));
  if (!name.empty()) {
    name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
  }
  return name;
}

store::DocRow ListRow(std::string_view set, const OaiItem& item) {
  store::DocRow d;
  d.collection = std::string(kOaiList);
  d.key = std::string(set) + "\n" + item.id;
  d.group = std::string(set);
  d.sort = ListSort(item.datestamp, item.stamp);
  d.body = ItemToJson(item);
  return d;
}

// What the public may read of a record now: its item and sets, or nullopt.
struct Seen {
  std::optional<OaiItem> item;
  std::vector<OaiSet> sets;
};

}  // namespace

std::string ItemToJson(const OaiItem& item) {
  return Json{{"s", item.stamp},
              {"d", item.datestamp},
              {"x", item.deleted},
              {"v", item.version},
              {"sets", item.sets}}
      .dump();
}

Result<OaiItem> ItemFromJson(std::string_view id, std::string_view json) {
  const Json j = Json::parse(json, nullptr, false);
  if (!j.is_object() || !j.contains("sets") || !j["sets"].is_array()) {
    return Corruption("oai item " + std::string(id) + " is not JSON");
  }
  OaiItem item;
  item.id = std::string(id);
  item.stamp = j.value("s", int64_t{0});
  item.datestamp = j.value("d", int64_t{0});
  item.deleted = j.value("x", false);
  item.version = j.value("v", int64_t{0});
  for (const Json& s : j["sets"]) {
    if (s.is_string()) {
      item.sets.push_back(s.get<std::string>());
    }
  }
  return item;
}

std::string ListSort(int64_t datestamp, int64_t stamp) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%012lld%012lld", static_cast<long long>(datestamp),
                static_cast<long long>(stamp));
  return buf;
}

bool SplitListSort(std::string_view sort, int64_t* datestamp, int64_t* stamp) {
  if (sort.size() != 24 ||
      !std::all_of(sort.begin(), sort.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return false;
  }
  *datestamp = std::stoll(std::string(sort.substr(0, 12)));
  *stamp = std::stoll(std::string(sort.substr(12)));
  return true;
}

std::vector<OaiSet> SetsOf(const model::Cable& c) {
  std::vector<OaiSet> sets;
  if (!c.archival.collection.empty()) {
    sets.push_back({"collection", "Collections"});
    sets.push_back({"collection:" + SetToken(c.archival.collection),
                    c.archival.collection_title.empty() ? c.archival.collection
                                                        : c.archival.collection_title});
  }
  if (c.kind != model::DocumentKind::kUnknown) {
    sets.push_back({"type", "Document types"});
    sets.push_back({"type:" + std::string(model::DocumentKindName(c.kind)), KindTitle(c.kind)});
  }
  const model::Date& d = c.date.IsSet() ? c.date : c.earliest;
  if (d.IsSet()) {
    const std::string decade = std::to_string(d.Year() - d.Year() % 10) + "s";
    sets.push_back({"decade", "Decades"});
    sets.push_back({"decade:" + decade, "The " + decade});
  }
  return sets;
}

Result<LogState> ReadLogState(store::Store& store) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store.GetDoc(kOaiState, "log"));
  LogState s;
  if (!row) {
    return s;
  }
  const Json j = Json::parse(row->body, nullptr, false);
  if (!j.is_object()) {
    return Corruption("oai.state/log is not JSON");
  }
  s.seq = j.value("seq", int64_t{0});
  s.stamp = j.value("stamp", int64_t{0});
  s.datestamp = j.value("d", int64_t{0});
  s.version = row->version;
  return s;
}

Result<std::string> TokenSecret(store::Store& store) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store.GetDoc(kOaiState, "secret"));
  if (row) {
    return row->body;
  }
  store::DocRow fresh;
  fresh.collection = std::string(kOaiState);
  fresh.key = "secret";
  fresh.body = audit::RandomHex(32);
  Status put = store.Transact([&](store::Txn& txn) { return txn.PutDoc(fresh, 0).status(); });
  if (!put.ok() && put.code() != StatusCode::kConflict) {
    return put;
  }
  CHANCERY_ASSIGN_OR_RETURN(row, store.GetDoc(kOaiState, "secret"));
  if (!row) {
    return Corruption("oai.state/secret missing after it was written");
  }
  return row->body;
}

Status StampSome(records::Records& records, const Clock& clock, size_t limit, bool* more) {
  *more = false;
  store::Store& store = records.store();
  CHANCERY_ASSIGN_OR_RETURN(LogState state, ReadLogState(store));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::Change> changes,
                            store.ChangesSince(state.seq, limit));
  if (changes.empty()) {
    return Status::Ok();
  }
  // The one access decision: what the anonymous public may read (the reading room's subject).
  CHANCERY_ASSIGN_OR_RETURN(security::Subject pub, records.ResolveSubject(std::nullopt));
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store, records.policy(), pub));
  // Each changed record's state now (several changes of one record: read once).
  std::map<std::string, Seen> seen;
  for (const store::Change& change : changes) {
    if (seen.count(change.record_id) > 0) {
      continue;
    }
    Seen& slot = seen[change.record_id];
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> rec,
                              store.GetRecord(change.record_id));
    if (!rec || !visible.Has(rec->access_class)) {
      continue;  // gone or not public: nothing of it is read
    }
    CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(rec->payload, rec->id));
    OaiItem item;
    item.id = rec->id;
    item.version = rec->version;
    slot.sets = SetsOf(cable);
    for (const OaiSet& s : slot.sets) {
      item.sets.push_back(s.spec);
    }
    slot.item = std::move(item);
  }
  const int64_t last = changes.back().seq;
  Status done = store.Transact([&](store::Txn& txn) -> Status {
    // Read inside the write transaction, after every change above committed (docs/decisions/
    // 0014-oai-pmh.md §2): no response that missed one of them read its clock later than this.
    const int64_t now = clock.NowMicros() / 1'000'000;
    const int64_t d = std::max(now, state.datestamp);
    int64_t stamp = state.stamp;
    std::set<std::string> known_sets;
    for (auto& [id, s] : seen) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> old_row, txn.GetDoc(kOaiItem, id));
      std::optional<OaiItem> old;
      if (old_row) {
        CHANCERY_ASSIGN_OR_RETURN(OaiItem o, ItemFromJson(id, old_row->body));
        old = std::move(o);
      }
      OaiItem next;
      if (s.item) {
        if (old && !old->deleted && old->version == s.item->version && old->sets == s.item->sets) {
          continue;  // nothing the public sees changed
        }
        next = *s.item;
      } else {
        if (!old || old->deleted) {
          continue;  // never public, or already listed as deleted
        }
        next = *old;  // keeps the sets it had while public: nothing of the hidden version
        next.deleted = true;
      }
      next.stamp = ++stamp;
      next.datestamp = d;
      if (old) {
        CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kOaiList, std::string(kAllSet) + "\n" + id));
        for (const std::string& set : old->sets) {
          CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kOaiList, set + "\n" + id));
        }
      }
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(ListRow(kAllSet, next)).status());
      for (const std::string& set : next.sets) {
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(ListRow(set, next)).status());
      }
      store::DocRow item_row;
      item_row.collection = std::string(kOaiItem);
      item_row.key = id;
      item_row.body = ItemToJson(next);
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(item_row).status());
      for (const OaiSet& set : s.sets) {
        if (!s.item || !known_sets.insert(set.spec).second) {
          continue;
        }
        CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> have, txn.GetDoc(kOaiSet, set.spec));
        if (!have) {
          store::DocRow row;
          row.collection = std::string(kOaiSet);
          row.key = set.spec;
          row.body = Json{{"name", set.name}}.dump();
          CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
        }
      }
    }
    store::DocRow next_state;
    next_state.collection = std::string(kOaiState);
    next_state.key = "log";
    next_state.body = Json{{"seq", last}, {"stamp", stamp}, {"d", d}}.dump();
    return txn.PutDoc(next_state, state.version).status();
  });
  if (done.code() == StatusCode::kConflict) {
    *more = true;  // another stamper went first: start again from its state
    return Status::Ok();
  }
  CHANCERY_RETURN_IF_ERROR(done);
  *more = changes.size() == limit;
  return Status::Ok();
}

Status StampAll(records::Records& records, const Clock& clock) {
  for (bool more = true; more;) {
    CHANCERY_RETURN_IF_ERROR(StampSome(records, clock, 2000, &more));
  }
  return Status::Ok();
}

}  // namespace chancery::archive::internal
