// SqliteStore: the embedded Store backend (docs/store.md). One connection guarded by a mutex:
// calls from several threads are serialized; several processes share the file through WAL mode
// and BEGIN IMMEDIATE write transactions. Transact() batches concurrent callers into one
// transaction (group commit, docs/store.md "Transact and group commit").
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chancery/store/store.h"

#include "store/sqlite/sqlite_db.h"
#include "store/store_common.h"

namespace chancery::store::internal {

// Clamps a caller's `limit` to the int64 that SQLite's LIMIT takes.
inline int64_t SqlLimit(size_t limit) {
  return static_cast<int64_t>(
      std::min<uint64_t>(limit, static_cast<uint64_t>(std::numeric_limits<int64_t>::max())));
}

class SqliteStore final : public Store {
 public:
  // REQUIRES: db was opened with options.synchronous_full.
  SqliteStore(std::unique_ptr<Db> db, StoreOptions options)
      : db_(std::move(db)),
        options_(std::move(options)),
        synchronous_full_now_(options_.synchronous_full) {}

  Result<WriteResult> Write(WriteBatch batch) override;
  Status Transact(const std::function<Status(Txn&)>& fn) override;
  Result<std::optional<DocRow>> GetDoc(std::string_view collection, std::string_view key) override;
  Result<std::vector<DocRow>> ListDocs(const DocQuery& query) override;
  Result<int64_t> PeekSequence(std::string_view name) override;
  Result<int64_t> CountDocs(const DocQuery& query, std::string_view sort_until) override;
  Result<std::optional<StoredRecord>> GetRecord(std::string_view id) override;
  Result<std::vector<StoredRecord>> GetRecordsBySerial(std::string_view serial,
                                                       size_t limit) override;
  Status ScanRecords(std::string_view after_id, size_t limit,
                     const std::function<Status(const StoredRecord&)>& fn) override;
  Result<int64_t> CountRecords() override;
  // sqlite_record_meta.cc
  Result<std::optional<RecordMeta>> GetRecordMeta(std::string_view id) override;
  Result<std::vector<RecordMeta>> GetRecordMetasBySerial(std::string_view serial,
                                                         size_t limit) override;
  Status ScanRecordMetas(std::string_view after_id, size_t limit,
                         const std::function<Status(const RecordMeta&)>& fn) override;
  Result<std::vector<StoredRecord>> RecordVersions(std::string_view id) override;
  Result<std::vector<std::pair<int64_t, int64_t>>> CountRecordsByClass() override;
  Result<std::vector<AccessClassRow>> AccessClassesAfter(int64_t after_id) override;
  Result<std::vector<Change>> ChangesSince(int64_t after_seq, size_t limit) override;
  Result<int64_t> LastChangeSeq() override;
  Result<std::optional<UserRow>> GetUser(std::string_view name) override;
  Result<std::vector<UserRow>> ListUsers() override;
  Result<std::optional<std::string>> GetMeta(std::string_view key) override;
  Result<std::vector<model::AuditEvent>> ReadAudit(int64_t after_seq, size_t limit) override;
  Result<std::pair<int64_t, std::string>> AuditHead() override;
  Result<std::vector<std::string>> ReadAuditHashes(const std::vector<int64_t>& indexes) override;
  Result<int64_t> CountAuditHashes() override;
  Result<std::optional<CheckpointRow>> LatestCheckpoint() override;
  Result<std::vector<CheckpointRow>> ListCheckpoints(int64_t after_size, size_t limit) override;
  Result<std::vector<AuditSegmentRow>> ListAuditSegments() override;

  // The connection's PRAGMA synchronous (1 = NORMAL, 2 = FULL) between transactions; for tests.
  Result<int64_t> SynchronousForTesting();
  // How many group transactions Transact has committed so far; for tests.
  int64_t GroupCommitsForTesting();
  // How many Transact callers are queued for the next group; for tests (callable from a fn).
  size_t QueuedForTesting();

  // Most Transact callers committed in one transaction.
  static constexpr size_t kMaxGroup = 256;

 private:
  friend class SqliteTxn;

  // One Transact() call waiting for (or being run by) a group leader.
  struct PendingTxn {
    // A Write() batch run by the group, with where its result goes.
    struct Work {
      WriteBatch* batch = nullptr;
      Result<WriteResult>* result = nullptr;
    };

    // Exactly one of fn and work.batch is set.
    const std::function<Status(Txn&)>* fn = nullptr;
    Work work;
    // Committed without an fsync (Durability::kProcessCrash); a group holds only callers that
    // agree on this.
    bool relaxed = false;
    Status status;
    bool done = false;  // guarded by group_mu_
  };

  // kFailedPrecondition when called from a Transact callback on this thread (the connection
  // mutex is held there, so going on would deadlock). `op` names the call.
  Status CheckNotInCallback(const char* op) const;
  // Queue fn, or a batch, for the next group of callers with the same `relaxed` and wait for
  // the outcome.
  Status Enqueue(const std::function<Status(Txn&)>& fn, bool relaxed);
  Status Enqueue(PendingTxn::Work work, bool relaxed);
  Status EnqueueLocked(PendingTxn& self, std::unique_lock<std::mutex>& lock);
  // ApplyLocked in SAVEPOINT chancery_write: a batch that fails half way leaves nothing.
  // REQUIRES: mu_ held and a write transaction open.
  Result<WriteResult> ApplyInSavepointLocked(WriteBatch& batch);
  // Applies a queued batch in a savepoint, so that a failing one is undone alone. REQUIRES: mu_
  // held and a write transaction open.
  Status RunBatchLocked(const PendingTxn::Work& work);
  // Runs every fn of `group` in one transaction and sets each one's status. Takes mu_.
  void RunGroup(const std::vector<PendingTxn*>& group);
  // Runs fn in a savepoint that is released on success and rolled back on error.
  // REQUIRES: mu_ held and a write transaction open.
  Status RunInSavepointLocked(const std::function<Status(Txn&)>& fn);
  // Sets PRAGMA synchronous (FULL when `full`, else NORMAL) unless already so.
  // REQUIRES: mu_ held and no transaction open.
  Status SetSynchronousLocked(bool full);
  // The parts of Write(); REQUIRES: mu_ held and a write transaction open.
  Result<WriteResult> ApplyLocked(WriteBatch& batch);
  Result<int64_t> InternLocked(const std::string& key,
                               std::unordered_map<std::string, int64_t>* interned);
  Status WriteRecordsLocked(const WriteBatch& batch, WriteResult* result);
  Status WriteUsersAndMetaLocked(const WriteBatch& batch);
  Status AppendAuditLocked(WriteBatch& batch, WriteResult* result);
  Result<std::vector<std::string>> ReadAuditHashesLocked(const std::vector<int64_t>& indexes);
  Status WriteCheckpointsLocked(const WriteBatch& batch);
  Status ArchiveSegmentLocked(const WriteBatch& batch);
  Result<int64_t> QueryIntLocked(const char* sql);

  // Scans rows in id order after `after_id`, at most `limit`: fetch_locked(cursor, n) reads the
  // next n rows with mu_ held, and fn sees each one without it, so that fn may call the store.
  // Row needs an `id`. Stops early with fn's status if it is not OK.
  template <typename Row>
  Status ScanInChunks(
      std::string_view after_id, size_t limit, int64_t chunk,
      const std::function<Result<std::vector<Row>>(const std::string&, int64_t)>& fetch_locked,
      const std::function<Status(const Row&)>& fn) {
    std::string cursor(after_id);
    int64_t remaining = SqlLimit(limit);
    while (remaining > 0) {
      const int64_t wanted = std::min(remaining, chunk);
      std::vector<Row> rows;
      {
        CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
        std::lock_guard lock(mu_);
        CHANCERY_ASSIGN_OR_RETURN(rows, fetch_locked(cursor, wanted));
      }
      for (const Row& row : rows) {
        CHANCERY_RETURN_IF_ERROR(fn(row));
      }
      if (static_cast<int64_t>(rows.size()) < wanted) {
        break;
      }
      remaining -= static_cast<int64_t>(rows.size());
      cursor = rows.back().id;
    }
    return Status::Ok();
  }

  Result<std::vector<StoredRecord>> ScanChunkLocked(const std::string& after_id, int64_t limit);

  std::mutex mu_;
  std::unique_ptr<Db> db_;  // guarded by mu_
  const StoreOptions options_;
  // The connection's synchronous level; nullopt when a PRAGMA failed and it is unknown.
  std::optional<bool> synchronous_full_now_;  // guarded by mu_
  int64_t group_commits_ = 0;                 // guarded by mu_

  std::mutex group_mu_;
  std::condition_variable group_cv_;
  std::deque<PendingTxn*> pending_;  // guarded by group_mu_; callers not yet taken by a leader
  bool leader_active_ = false;       // guarded by group_mu_
};

}  // namespace chancery::store::internal
