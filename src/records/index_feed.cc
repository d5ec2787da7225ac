// Feeding the derived search index from the store's change log, and checking it against the
// store. The index records the last change it applied; anything after it is replayed, so a crash
// between the store's commit and the index's commit is repaired on the next open. Each access
// class must hold as many documents as the store has records in it: checked in full at open
// (a damaged index is rebuilt there when this process can write it) and, cheaply, by every
// search (docs/search.md "Checks and repair"; docs/architecture.md §2).
#include <map>
#include <utility>
#include <vector>

#include "chancery/format/json.h"

#include "records/records_impl.h"

namespace chancery::records::internal {

namespace {

constexpr size_t kChangePage = 1000;
constexpr size_t kRebuildChunk = 512;  // records per PutMany() of a rebuild
constexpr int kCountAttempts = 3;      // catch-ups tried while another process keeps writing

Status IndexDamaged(const std::string& detail) {
  return Corruption("search index damaged (" + detail + "): run chancery reindex");
}

Result<std::map<int64_t, int64_t>> StoreCounts(store::Store& store) {
  CHANCERY_ASSIGN_OR_RETURN(auto rows, store.CountRecordsByClass());
  return std::map<int64_t, int64_t>(rows.begin(), rows.end());
}

// The first class whose count differs between `held` (index) and `stored`, as a damage status.
Status CompareCounts(const std::map<int64_t, int64_t>& held,
                     const std::map<int64_t, int64_t>& stored) {
  std::map<int64_t, std::pair<int64_t, int64_t>> both;
  for (const auto& [access_class, count] : held) {
    both[access_class].first = count;
  }
  for (const auto& [access_class, count] : stored) {
    both[access_class].second = count;
  }
  for (const auto& [access_class, counts] : both) {
    if (counts.first != counts.second) {
      return IndexDamaged("class " + std::to_string(access_class) + " holds " +
                          std::to_string(counts.first) + " documents, the store " +
                          std::to_string(counts.second));
    }
  }
  return Status::Ok();
}

}  // namespace

Status RecordsImpl::CatchUpIndex() {
  std::lock_guard<std::mutex> lock(index_mu_);
  Status status = CatchUpIndexLocked();
  std::lock_guard<std::mutex> last(last_catch_up_mu_);
  last_catch_up_ = status;
  return status;
}

Status RecordsImpl::CatchUpIndexLocked() {
  if (!index_verified_) {
    index_verified_ = true;
    // At open: a failure leaves the index as it is, and searches report it.
    (void)VerifyIndexLocked();
  }
  CHANCERY_RETURN_IF_ERROR(index_->Health());
  CHANCERY_ASSIGN_OR_RETURN(int64_t last, store_->LastChangeSeq());
  if (index_->AppliedChangeSeq() > last) {
    return IndexDamaged("it has applied change " + std::to_string(index_->AppliedChangeSeq()) +
                        ", the store ends at " + std::to_string(last));
  }
  CHANCERY_RETURN_IF_ERROR(CatchUpLocked());
  return ExpectStoreCountsLocked();
}

// index_ is never replaced (a rebuild swaps its folder inside it), and AppliedChangeSeq() and
// Health() may run beside the feed (chancery/search/search_index.h), so this reads them without
// index_mu_, which a catch-up of a large import holds for long: a probe must not wait for it.
Result<IndexLag> RecordsImpl::ReadIndexLag() {
  IndexLag lag;
  lag.index_seq = index_->AppliedChangeSeq();
  CHANCERY_ASSIGN_OR_RETURN(lag.store_seq, store_->LastChangeSeq());
  lag.index = index_->Health();
  if (lag.index.ok()) {
    std::lock_guard<std::mutex> last(last_catch_up_mu_);
    lag.index = last_catch_up_;
  }
  if (!lag.index.ok()) {
    // What failed may have passed (the store was down, another process held the writer); a
    // node out of rotation gets no searches to catch up with, so try once here, unless a
    // catch-up is running (then its outcome is the next probe's answer).
    std::unique_lock<std::mutex> running(index_mu_, std::try_to_lock);
    if (running.owns_lock()) {
      running.unlock();
      lag.index = CatchUpIndex();
      lag.index_seq = index_->AppliedChangeSeq();
    }
  }
  return lag;
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

Status RecordsImpl::ExpectStoreCountsLocked() {
  for (int attempt = 0; attempt < kCountAttempts; ++attempt) {
    const int64_t applied = index_->AppliedChangeSeq();
    if (applied == expected_seq_) {
      return Status::Ok();  // nothing applied since the counts were taken
    }
    CHANCERY_ASSIGN_OR_RETURN(auto counts, StoreCounts(*store_));
    CHANCERY_ASSIGN_OR_RETURN(int64_t last, store_->LastChangeSeq());
    if (last == applied) {  // the counts are those of the store state the index mirrors
      index_->SetExpectedCounts(std::move(counts), applied);
      expected_seq_ = applied;
      return Status::Ok();
    }
    CHANCERY_RETURN_IF_ERROR(CatchUpLocked());  // another process stored more meanwhile
  }
  return Status::Ok();  // a store that keeps changing: the previous counts stay (or none)
}

Status RecordsImpl::VerifyIndexLocked() {
  Status problem = index_->Health();
  if (problem.ok()) {
    CHANCERY_ASSIGN_OR_RETURN(int64_t last, store_->LastChangeSeq());
    if (index_->AppliedChangeSeq() > last) {
      // The store was restored from an older copy: the index may hold records it does not.
      problem = IndexDamaged("it is ahead of the store");
    } else if (index_->AppliedChangeSeq() == 0 && last > 0) {
      // A new or deleted index: a rebuild is faster than replaying every change.
      problem = IndexDamaged("it is empty");
    }
  }
  if (problem.ok()) {
    problem = CatchUpLocked();
  }
  if (problem.ok()) {
    Result<std::map<int64_t, int64_t>> held = index_->CountsByClass();
    Result<std::map<int64_t, int64_t>> stored = StoreCounts(*store_);
    Result<int64_t> last = store_->LastChangeSeq();
    if (!held.ok()) {
      problem = held.status();
    } else if (stored.ok() && last.ok() && *last == index_->AppliedChangeSeq()) {
      problem = CompareCounts(*held, *stored);
    }
  }
  if (problem.ok() || problem.code() != StatusCode::kCorruption) {
    // Healthy, or busy (another process writes the index) or unreadable: nothing to rebuild.
    return problem.ok() ? ExpectStoreCountsLocked() : problem;
  }
  int64_t count = 0;
  Status rebuilt = RebuildIndexLocked(&count);
  if (!rebuilt.ok()) {
    (void)ExpectStoreCountsLocked();  // so that searches report the damage
    return rebuilt;
  }
  return ExpectStoreCountsLocked();
}

Status RecordsImpl::RebuildIndexLocked(int64_t* count) {
  // Changes after `upto` are replayed by the catch-up below; replay is idempotent.
  CHANCERY_ASSIGN_OR_RETURN(int64_t upto, store_->LastChangeSeq());
  expected_seq_ = -1;
  auto fill = [&](search::SearchIndex& fresh) -> Status {
    std::vector<model::Cable> cables;
    std::vector<int64_t> classes;
    auto flush = [&]() -> Status {
      std::vector<search::IndexEntry> entries;
      for (size_t i = 0; i < cables.size(); ++i) {
        // A new index holds nothing and a scan gives each id once.
        entries.push_back({&cables[i], classes[i], /*created=*/true});
      }
      Status status = fresh.PutMany(entries);
      cables.clear();
      classes.clear();
      return status;
    };
    CHANCERY_RETURN_IF_ERROR(
        store_->ScanRecords("", SIZE_MAX, [&](const store::StoredRecord& row) -> Status {
          CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(row.payload, row.id));
          cables.push_back(std::move(cable));
          classes.push_back(row.access_class);
          ++*count;
          return cables.size() == kRebuildChunk ? flush() : Status::Ok();
        }));
    return flush();
  };
  CHANCERY_RETURN_IF_ERROR(index_->Rebuild(upto, fill));
  // The rebuilt folder replaced the old one and its "store-id": claim it again, or an index so
  // rebuilt could later be handed to another store unnoticed.
  if (!store_id_.empty()) {
    CHANCERY_RETURN_IF_ERROR(ClaimIndexFolder(options_, store_id_, /*claim=*/true));
  }
  return CatchUpLocked();
}

Status RecordsImpl::Reindex(const security::Subject& actor) {
  if (!actor.administrator) {
    return PermissionDenied("reindex needs an administrator");
  }
  std::lock_guard<std::mutex> lock(index_mu_);
  index_verified_ = true;
  int64_t count = 0;
  CHANCERY_RETURN_IF_ERROR(RebuildIndexLocked(&count));
  CHANCERY_RETURN_IF_ERROR(ExpectStoreCountsLocked());
  return Audit(actor, "reindex", "", "ok records=" + std::to_string(count), {});
}

}  // namespace chancery::records::internal
