// SqliteStore::Transact (group commit), its Txn, and the Store's own doc and sequence reads
// (docs/store.md "Transact and group commit").
#include <algorithm>
#include <string>

#include "store/sqlite/sqlite_docs.h"
#include "store/sqlite/sqlite_store.h"

namespace chancery::store::internal {

// The Txn handed to one fn of a group. REQUIRES: store.mu_ held and the group's transaction
// open for the object's whole lifetime.
class SqliteTxn final : public Txn {
 public:
  explicit SqliteTxn(SqliteStore& store) : store_(store), db_(*store.db_) {}

  Result<std::optional<DocRow>> GetDoc(std::string_view collection, std::string_view key) override {
    return SelectDoc(db_, collection, key);
  }

  Result<std::vector<DocRow>> ListDocs(const DocQuery& query) override {
    return SelectDocs(db_, query);
  }

  Result<int64_t> PutDoc(const DocRow& row, std::optional<int64_t> expected_version) override {
    return UpsertDoc(db_, row, expected_version);
  }

  Status DeleteDoc(std::string_view collection, std::string_view key) override {
    return RemoveDoc(db_, collection, key);
  }

  Result<int64_t> NextSequence(std::string_view name) override {
    return IncrementSequence(db_, name);
  }

  Result<int64_t> PeekSequence(std::string_view name) override { return SelectSequence(db_, name); }

  // In a nested savepoint, so a batch that fails half way leaves nothing behind even if fn
  // ignores the error and returns OK.
  Result<WriteResult> Write(WriteBatch batch) override {
    CHANCERY_RETURN_IF_ERROR(ValidateBatch(batch, store_.options_));
    return store_.ApplyInSavepointLocked(batch);
  }

 private:
  SqliteStore& store_;
  Db& db_;
};

Status SqliteStore::CheckNotInCallback(const char* op) const {
  return internal::CheckNotInCallback(this, op, db_->path());
}

Status SqliteStore::Transact(const std::function<Status(Txn&)>& fn) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("transact"));
  if (!fn) {
    return InvalidArgument("transact on " + db_->path() + ": empty callback");
  }
  return Enqueue(fn, /*relaxed=*/false);
}

Status SqliteStore::Enqueue(const std::function<Status(Txn&)>& fn, bool relaxed) {
  PendingTxn self;
  self.fn = &fn;
  self.relaxed = relaxed;
  std::unique_lock lock(group_mu_);
  return EnqueueLocked(self, lock);
}

Status SqliteStore::Enqueue(PendingTxn::Work work, bool relaxed) {
  PendingTxn self;
  self.work = work;
  self.relaxed = relaxed;
  std::unique_lock lock(group_mu_);
  return EnqueueLocked(self, lock);
}

Status SqliteStore::EnqueueLocked(PendingTxn& self, std::unique_lock<std::mutex>& lock) {
  pending_.push_back(&self);
  // Whoever finds no leader at work becomes one and runs the callers at the head of the queue
  // that share the first one's durability (up to kMaxGroup), its own fn included unless others
  // were queued ahead of it.
  while (!self.done) {
    if (leader_active_) {
      group_cv_.wait(lock);
      continue;
    }
    leader_active_ = true;
    const bool group_relaxed = pending_.front()->relaxed;
    size_t take = 0;
    while (take < pending_.size() && take < kMaxGroup && pending_[take]->relaxed == group_relaxed) {
      ++take;
    }
    const auto end = pending_.begin() + static_cast<std::ptrdiff_t>(take);
    std::vector<PendingTxn*> group(pending_.begin(), end);
    pending_.erase(pending_.begin(), end);
    lock.unlock();
    RunGroup(group);
    lock.lock();
    for (PendingTxn* pending : group) {
      pending->done = true;
    }
    leader_active_ = false;
    group_cv_.notify_all();
  }
  return self.status;
}

void SqliteStore::RunGroup(const std::vector<PendingTxn*>& group) {
  std::lock_guard lock(mu_);
  RunningStoreScope scope(this);
  Status status = SetSynchronousLocked(options_.synchronous_full && !group.front()->relaxed);
  if (status.ok()) {
    status = db_->BeginImmediate();
  }
  for (PendingTxn* pending : group) {
    if (!status.ok()) {
      break;
    }
    pending->status =
        pending->fn != nullptr ? RunInSavepointLocked(*pending->fn) : RunBatchLocked(pending->work);
    if (!db_->InTransaction()) {
      // SQLite rolled the whole transaction back (e.g. disk full): the earlier fns are gone too.
      status =
          IoError("sqlite " + db_->path() + ": the group transaction was rolled back by sqlite");
    }
  }
  if (status.ok()) {
    status = db_->Commit();
  }
  if (status.ok()) {
    ++group_commits_;
    return;
  }
  db_->Rollback();
  // A caller whose fn failed keeps its own error; everyone else learns why nothing was stored.
  for (PendingTxn* pending : group) {
    if (pending->status.ok()) {
      pending->status = status;
    }
  }
}

Result<WriteResult> SqliteStore::ApplyInSavepointLocked(WriteBatch& batch) {
  CHANCERY_RETURN_IF_ERROR(db_->Exec("SAVEPOINT chancery_write"));
  Result<WriteResult> result = ApplyLocked(batch);
  if (!result.ok() && !db_->Exec("ROLLBACK TO chancery_write").ok()) {
    db_->Rollback();  // cannot undo the partial batch: give up the group (RunGroup sees it)
    return result;
  }
  // RELEASE after ROLLBACK TO only pops the (now empty) savepoint.
  CHANCERY_RETURN_IF_ERROR(db_->Exec("RELEASE chancery_write"));
  return result;
}

Status SqliteStore::RunBatchLocked(const PendingTxn::Work& work) {
  // Always in a savepoint: even one audit entry writes several rows (the entry and its Merkle
  // tree hashes), which must commit together or not at all.
  *work.result = ApplyInSavepointLocked(*work.batch);
  return work.result->status();
}

Status SqliteStore::RunInSavepointLocked(const std::function<Status(Txn&)>& fn) {
  CHANCERY_RETURN_IF_ERROR(db_->Exec("SAVEPOINT chancery_txn"));
  Status status;
  {
    SqliteTxn txn(*this);
    status = CallTransactFn(fn, txn);
  }
  if (status.ok()) {
    status = db_->Exec("RELEASE chancery_txn");
    if (status.ok()) {
      return status;
    }
  }
  Status undo = db_->Exec("ROLLBACK TO chancery_txn");
  if (undo.ok()) {
    undo = db_->Exec("RELEASE chancery_txn");
  }
  if (!undo.ok()) {
    db_->Rollback();  // cannot undo this fn alone: give up the group (RunGroup sees it)
  }
  return status;
}

Result<std::optional<DocRow>> SqliteStore::GetDoc(std::string_view collection,
                                                  std::string_view key) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("get doc"));
  std::lock_guard lock(mu_);
  return SelectDoc(*db_, collection, key);
}

Result<std::vector<DocRow>> SqliteStore::ListDocs(const DocQuery& query) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("list docs"));
  std::lock_guard lock(mu_);
  return SelectDocs(*db_, query);
}

Result<int64_t> SqliteStore::CountDocs(const DocQuery& query, std::string_view sort_until) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("count docs"));
  std::lock_guard lock(mu_);
  return CountDocRows(*db_, query, sort_until);
}

Result<int64_t> SqliteStore::PeekSequence(std::string_view name) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("peek sequence"));
  std::lock_guard lock(mu_);
  return SelectSequence(*db_, name);
}

Result<int64_t> SqliteStore::SynchronousForTesting() {
  std::lock_guard lock(mu_);
  return QueryIntLocked("PRAGMA synchronous");
}

int64_t SqliteStore::GroupCommitsForTesting() {
  std::lock_guard lock(mu_);
  return group_commits_;
}

size_t SqliteStore::QueuedForTesting() {
  std::lock_guard lock(group_mu_);
  return pending_.size();
}

}  // namespace chancery::store::internal
