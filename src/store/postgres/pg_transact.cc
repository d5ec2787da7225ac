// PgStore::Transact and Write: group commit under the cluster-wide write lock, and its Txn
// (docs/store.md "PostgreSQL").
#include <string>

#include "store/postgres/pg_store.h"
#include "store/store_common.h"

namespace chancery::store::internal {

// The Txn handed to one fn of a group. REQUIRES: store.mu_ held and the group's transaction
// open on the writer connection for the object's whole lifetime.
class PgTxn final : public Txn {
 public:
  explicit PgTxn(PgStore& store) : store_(store), conn_(*store.writer_) {}

  Result<std::optional<DocRow>> GetDoc(std::string_view collection, std::string_view key) override {
    return PgSelectDoc(conn_, collection, key);
  }

  Result<std::vector<DocRow>> ListDocs(const DocQuery& query) override {
    return PgSelectDocs(conn_, query);
  }

  Result<int64_t> PutDoc(const DocRow& row, std::optional<int64_t> expected_version) override {
    return PgUpsertDoc(conn_, row, expected_version);
  }

  Status DeleteDoc(std::string_view collection, std::string_view key) override {
    return PgRemoveDoc(conn_, collection, key);
  }

  Result<int64_t> NextSequence(std::string_view name) override {
    return PgNextSequence(conn_, name);
  }

  Result<int64_t> PeekSequence(std::string_view name) override {
    return PgPeekSequence(conn_, name);
  }

  Result<WriteResult> Write(WriteBatch batch) override {
    CHANCERY_RETURN_IF_ERROR(ValidateBatch(batch, store_.options_));
    return store_.ApplyInSavepointLocked(batch);
  }

 private:
  PgStore& store_;
  PgConn& conn_;
};

Result<WriteResult> PgStore::Write(WriteBatch batch) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("write"));
  CHANCERY_RETURN_IF_ERROR(ValidateBatch(batch, options_));
  Result<WriteResult> result = Internal("write on " + label_ + ": not run");
  PendingTxn self;
  self.batch = &batch;
  self.result = &result;
  self.relaxed = batch.durability == Durability::kProcessCrash;
  CHANCERY_RETURN_IF_ERROR(Enqueue(self));
  return result;
}

Status PgStore::Transact(const std::function<Status(Txn&)>& fn) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("transact"));
  if (!fn) {
    return InvalidArgument("transact on " + label_ + ": empty callback");
  }
  PendingTxn self;
  self.fn = &fn;
  return Enqueue(self);
}

Status PgStore::Enqueue(PendingTxn& self) {
  std::unique_lock lock(group_mu_);
  pending_.push_back(&self);
  while (!self.done) {
    if (leader_active_) {
      group_cv_.wait(lock);
      continue;
    }
    leader_active_ = true;
    const bool relaxed = pending_.front()->relaxed;
    size_t take = 0;
    while (take < pending_.size() && take < kMaxGroup && pending_[take]->relaxed == relaxed) {
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

Status PgStore::EnsureWriterLocked() {
  if (writer_ != nullptr && !writer_->Broken()) {
    return Status::Ok();
  }
  writer_.reset();
  CHANCERY_ASSIGN_OR_RETURN(writer_, PgConn::Connect(url_, label_));
  return Status::Ok();
}

void PgStore::RunGroup(const std::vector<PendingTxn*>& group) {
  std::lock_guard lock(mu_);
  RunningStoreScope scope(this);
  bool retry = false;
  Status status = RunGroupOnce(group, &retry);
  if (retry) {
    // The connection was lost before COMMIT, or COMMIT's outcome is known to be a rollback:
    // nothing of the group is stored, so it runs once more from the start.
    for (PendingTxn* pending : group) {
      pending->status = Status::Ok();
    }
    status = RunGroupOnce(group, &retry);
  }
  if (status.ok()) {
    return;
  }
  for (PendingTxn* pending : group) {
    if (pending->status.ok()) {
      pending->status = status;
    }
    if (pending->result != nullptr && pending->result->ok()) {
      *pending->result = status;
    }
  }
}

Status PgStore::RunGroupOnce(const std::vector<PendingTxn*>& group, bool* retry) {
  *retry = false;
  CHANCERY_RETURN_IF_ERROR(EnsureWriterLocked());
  PgConn& conn = *writer_;
  Status status =
      conn.Exec(group.front()->relaxed ? "BEGIN; SET LOCAL synchronous_commit = off" : "BEGIN");
  if (status.ok()) {
    status = conn.Exec(kWriteLockSql);
  }
  for (PendingTxn* pending : group) {
    if (!status.ok()) {
      break;
    }
    pending->status = RunOneLocked(*pending);
    if (conn.Broken()) {
      status = Unavailable("postgresql " + label_ + ": connection lost during a transaction");
    }
  }
  std::string xid;
  if (status.ok()) {
    Result<PgRows> id = conn.Query("SELECT pg_current_xact_id()::text");
    status = id.status();
    if (id.ok()) {
      xid = id->Text(0, 0);
    }
  }
  if (!status.ok()) {
    *retry = conn.Broken();
    if (!conn.Broken()) {
      (void)conn.Exec("ROLLBACK");
    }
    return status;
  }
  Status commit = conn.Exec("COMMIT");
  if (commit.ok() || !conn.Broken()) {
    return commit;
  }
  // COMMIT was sent but its answer lost: ask the server what became of the transaction.
  writer_.reset();
  if (Status again = EnsureWriterLocked(); !again.ok()) {
    return Unavailable("postgresql " + label_ + ": connection lost at commit and not regained (" +
                       std::string(again.message()) + "); the outcome of transaction " + xid +
                       " is unknown");
  }
  Result<PgRows> outcome =
      writer_->Query("SELECT coalesce(pg_xact_status($1::xid8), 'unknown')", {P(xid)});
  if (outcome.ok() && outcome->Text(0, 0) == "committed") {
    return Status::Ok();
  }
  if (outcome.ok() && outcome->Text(0, 0) == "aborted") {
    *retry = true;
  }
  return Unavailable("postgresql " + label_ + ": connection lost at commit of transaction " + xid +
                     (outcome.ok() ? ", which is " + outcome->Text(0, 0) : ""));
}

Status PgStore::RunOneLocked(PendingTxn& pending) {
  PgConn& conn = *writer_;
  if (pending.batch != nullptr) {
    *pending.result = ApplyInSavepointLocked(*pending.batch);
    return pending.result->status();
  }
  CHANCERY_RETURN_IF_ERROR(conn.Exec("SAVEPOINT chancery_txn"));
  Status status;
  {
    PgTxn txn(*this);
    status = CallTransactFn(*pending.fn, txn);
  }
  if (status.ok()) {
    status = conn.Exec("RELEASE chancery_txn");
    if (status.ok()) {
      return status;
    }
  }
  // A failed statement aborts the transaction until ROLLBACK TO; the fn's error is kept.
  (void)conn.Exec("ROLLBACK TO chancery_txn");
  (void)conn.Exec("RELEASE chancery_txn");
  return status;
}

Result<WriteResult> PgStore::ApplyInSavepointLocked(WriteBatch& batch) {
  PgConn& conn = *writer_;
  CHANCERY_RETURN_IF_ERROR(conn.Exec("SAVEPOINT chancery_write"));
  Result<WriteResult> result = ApplyLocked(batch);
  if (!result.ok()) {
    (void)conn.Exec("ROLLBACK TO chancery_write");
  }
  (void)conn.Exec("RELEASE chancery_write");
  return result;
}

}  // namespace chancery::store::internal
