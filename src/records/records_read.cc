// The read paths. Each decides access on the record's access class and audits what it returned.
// A record the subject may not read yields the same kNotFound as a missing one.
#include <cstdint>
#include <set>

#include "chancery/format/json.h"

#include "records/records_impl.h"

namespace chancery::records::internal {

namespace {
Status NoRecord(std::string_view id) {
  return NotFound("no record " + std::string(id));
}
}  // namespace

Result<model::Cable> RecordsImpl::Show(const security::Subject& subject, std::string_view id) {
  // Decide first, on the lookup columns alone: a record's body is read only once the subject may
  // read it, so a hidden record, a missing one and one found by serial take the same path
  // through the store whatever their size (issue 11 finding 5; bench/records timing). The id
  // and the serial lookups always both run. Candidates: the record with this id, then the
  // records with this serial in id order; the first the subject may read is shown. A hidden
  // record sharing a serial with a visible one changes nothing
  // (tests/property/records/no_leak_property_test.cc probes serials).
  constexpr size_t kMaxSerialMatches = 64;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> by_id, store_->GetRecordMeta(id));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::RecordMeta> candidates,
                            store_->GetRecordMetasBySerial(id, kMaxSerialMatches));
  if (by_id.has_value()) {
    candidates.insert(candidates.begin(), std::move(*by_id));
  }
  std::string reason = "no such record";
  const store::RecordMeta* chosen = nullptr;
  for (const store::RecordMeta& meta : candidates) {
    CHANCERY_ASSIGN_OR_RETURN(bool allowed, MayRead(subject, meta.access_class, &reason));
    if (allowed) {
      chosen = &meta;
      break;
    }
  }
  std::optional<store::StoredRecord> row;
  if (chosen != nullptr) {
    CHANCERY_ASSIGN_OR_RETURN(row, store_->GetRecord(chosen->id));
    if (row.has_value() && row->access_class != chosen->access_class) {
      row.reset();  // relabelled between the two reads: decide again on the next call
      reason = "relabelled while read";
    }
  }
  if (!row.has_value()) {
    CHANCERY_RETURN_IF_ERROR(Audit(subject, "show", id, "deny: " + reason, {}));
    return NoRecord(id);
  }
  CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(row->payload, row->id));
  CHANCERY_ASSIGN_OR_RETURN(bool public_only, PublicMayRead(row->access_class));
  CHANCERY_RETURN_IF_ERROR(AuditRead(subject, "show", id, "allow", {row->id}, public_only));
  return cable;
}

Result<bool> RecordsImpl::PublicMayRead(int64_t class_id) {
  return MayRead(public_, class_id, nullptr);
}

Status RecordsImpl::AuditRead(const security::Subject& subject, std::string_view action,
                              std::string_view target, std::string_view decision,
                              std::vector<std::string> ids, bool public_only) {
  if (aggregator_ != nullptr && public_only) {
    aggregator_->Add(subject.name, std::string(action), ids, clock_->NowMicros());
    return FlushReadAggregates(false);
  }
  store::WriteBatch batch;
  batch.audit.push_back(MakeEvent(subject, action, target, decision, std::move(ids)));
  batch.durability = store::Durability::kProcessCrash;
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, store_->Write(std::move(batch)));
  NoteAuditWrite(written);
  return Status::Ok();
}

Result<search::SearchResults> RecordsImpl::Search(const security::Subject& subject,
                                                  const SearchRequest& request) {
  CHANCERY_RETURN_IF_ERROR(CatchUpIndex());
  search::SearchQuery q;
  q.text = request.query;
  if (request.from.has_value() && request.from->IsSet()) {
    q.from_day = request.from->FirstDay();
  }
  if (request.to.has_value() && request.to->IsSet()) {
    q.to_day = request.to->LastDay();
  }
  q.include_undated = request.include_undated;
  q.offset = request.offset;
  q.limit = request.limit;
  q.sort = request.sort;
  q.facets = request.facets;
  q.facet_limit = request.facet_limit;
  q.snippets = request.snippets;
  CHANCERY_ASSIGN_OR_RETURN(q.visible_classes, VisibleClasses(subject));
  Result<search::SearchResults> results = index_->Search(q);
  if (!results.ok()) {
    CHANCERY_RETURN_IF_ERROR(
        Audit(subject, "search", request.query, results.status().ToString(), {}));
    return results.status();
  }
  std::vector<std::string> ids;
  ids.reserve(results->hits.size());
  for (const auto& hit : results->hits) {
    ids.push_back(hit.id);
  }
  // Public only when every class the subject sees is public, or else every hit returned is.
  bool public_only = aggregator_ != nullptr;
  for (size_t i = 0; public_only && i < q.visible_classes.size(); ++i) {
    CHANCERY_ASSIGN_OR_RETURN(public_only, PublicMayRead(q.visible_classes[i]));
  }
  if (aggregator_ != nullptr && !public_only) {
    public_only = true;
    for (size_t i = 0; public_only && i < ids.size(); ++i) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta,
                                store_->GetRecordMeta(ids[i]));
      public_only = meta.has_value();
      if (public_only) {
        CHANCERY_ASSIGN_OR_RETURN(public_only, PublicMayRead(meta->access_class));
      }
    }
  }
  // A read entry is committed durable against a process crash but without an fsync
  // (docs/decisions/0003-read-audit-durability.md): on power loss the reads since the last
  // synced commit may be lost, while the hash chain stays valid.
  CHANCERY_RETURN_IF_ERROR(AuditRead(subject, "search", request.query,
                                     "allow total=" + std::to_string(results->total),
                                     std::move(ids), public_only));
  return results;
}

Status RecordsImpl::ScanVisible(const security::Subject& subject, std::string_view action,
                                const std::function<Status(const model::Cable&)>& fn) {
  // Audit before output (issue 11 finding 11): the records are delivered in pages, and each
  // page's ids are in the audit log before any of them is handed to `fn`; a page whose entry
  // cannot be written (a full disk) is not delivered. Hidden records' bodies are never read.
  constexpr size_t kPage = 256;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<int64_t> visible_list, VisibleClasses(subject));
  const std::set<int64_t> visible(visible_list.begin(), visible_list.end());
  std::vector<std::string> page;
  bool any = false;
  auto deliver = [&]() -> Status {
    store::WriteBatch batch;
    batch.audit.push_back(MakeEvent(subject, action, "", "allow", page));
    batch.durability = store::Durability::kProcessCrash;
    CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, store_->Write(std::move(batch)));
    NoteAuditWrite(written);
    any = true;
    for (const std::string& id : page) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> row, store_->GetRecord(id));
      if (!row.has_value() || visible.count(row->access_class) == 0) {
        continue;  // deleted or relabelled since the page was read
      }
      CHANCERY_ASSIGN_OR_RETURN(model::Cable c, format::CableFromJson(row->payload, row->id));
      CHANCERY_RETURN_IF_ERROR(fn(c));
    }
    page.clear();
    return Status::Ok();
  };
  Status status =
      store_->ScanRecordMetas("", SIZE_MAX, [&](const store::RecordMeta& meta) -> Status {
        if (visible.count(meta.access_class) == 0) {
          return Status::Ok();
        }
        page.push_back(meta.id);
        return page.size() < kPage ? Status::Ok() : deliver();
      });
  if (status.ok() && (!page.empty() || !any)) {
    status = deliver();
  }
  if (!status.ok()) {
    (void)Audit(subject, action, "", status.ToString(), {});
  }
  return status;
}

Status RecordsImpl::List(const security::Subject& subject,
                         const std::function<Status(const RecordSummary&)>& fn) {
  return ScanVisible(subject, "list", [&](const model::Cable& c) {
    return fn({c.id, std::string(model::DisplayTitle(c)), c.date.ToIso(), c.serial.original,
               c.current_label.ToBanner()});
  });
}

Status RecordsImpl::Export(const security::Subject& subject,
                           const std::function<Status(const model::Cable&)>& fn) {
  return ScanVisible(subject, "export", fn);
}

}  // namespace chancery::records::internal
