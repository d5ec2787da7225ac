// Feeding the derived search index from the store's change log. The index records the last
// change it applied; anything after it is replayed, so a crash between the store's commit and the
// index's commit is repaired on the next open (docs/architecture.md §Derived index).
#include "chancery/format/json.h"

#include "records/records_impl.h"

namespace chancery::records::internal {

namespace {
constexpr size_t kChangePage = 1000;
}  // namespace

Status RecordsImpl::CatchUpIndex() {
  std::lock_guard<std::mutex> lock(index_mu_);
  return CatchUpLocked();
}

Status RecordsImpl::CatchUpLocked() {
  int64_t applied = index_->AppliedChangeSeq();
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::Change> changes,
                              store_->ChangesSince(applied, kChangePage));
    if (changes.empty()) {
      return Status::Ok();
    }
    for (const store::Change& change : changes) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> row,
                                store_->GetRecord(change.record_id));
      if (change.kind == store::ChangeKind::kDelete || !row.has_value()) {
        CHANCERY_RETURN_IF_ERROR(index_->Remove(change.record_id));
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(row->payload, row->id));
      CHANCERY_RETURN_IF_ERROR(index_->Put(cable, row->access_class));
    }
    applied = changes.back().seq;
    CHANCERY_RETURN_IF_ERROR(index_->Commit(applied));
  }
}

Status RecordsImpl::Reindex(const security::Subject& actor) {
  if (!actor.administrator) {
    return PermissionDenied("reindex needs an administrator");
  }
  std::lock_guard<std::mutex> lock(index_mu_);
  // Changes after `upto` are replayed by the catch-up below; replay is idempotent.
  CHANCERY_ASSIGN_OR_RETURN(int64_t upto, store_->LastChangeSeq());
  CHANCERY_RETURN_IF_ERROR(index_->Clear());
  int64_t count = 0;
  CHANCERY_RETURN_IF_ERROR(
      store_->ScanRecords("", SIZE_MAX, [&](const store::StoredRecord& row) -> Status {
        CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(row.payload, row.id));
        ++count;
        return index_->Put(cable, row.access_class);
      }));
  CHANCERY_RETURN_IF_ERROR(index_->Commit(upto));
  CHANCERY_RETURN_IF_ERROR(CatchUpLocked());
  return Audit(actor, "reindex", "", "ok records=" + std::to_string(count), {});
}

}  // namespace chancery::records::internal
