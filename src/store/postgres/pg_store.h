// PgStore: the PostgreSQL Store backend, for several chanceryd nodes on one database
// (docs/store.md "PostgreSQL", docs/decisions/0015-postgresql-store.md).
//
// Reads borrow a connection from a small pool, so they run in parallel, each one statement (one
// snapshot). Every write transaction of every node first takes one transaction-scoped advisory
// lock (kWriteLockKey): the audit log is one hash chain, so its appends are totally ordered
// anyway, and under that lock the change log's seq, the audit seq and the gapless counters are
// taken and committed in the same order on every node. A reader therefore never sees change
// n+1 committed before change n (the out-of-order commit that a sequence taken before commit
// would allow). Transact() group-commits a node's concurrent callers into one transaction, as
// on SQLite. A lost connection before COMMIT rolls the group back and it is run once more on a
// fresh connection; a lost COMMIT is resolved with pg_xact_status().
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chancery/store/store.h"

#include "store/postgres/pg_conn.h"

namespace chancery::store::internal {

// pg_advisory_xact_lock key that serializes writers ("CHNC" then 2).
inline constexpr const char* kWriteLockSql = "SELECT pg_advisory_xact_lock(4848593214291722242)";

class PgStore final : public Store {
 public:
  // REQUIRES: `writer` is connected to a migrated store.
  PgStore(std::string url, std::string label, std::unique_ptr<PgConn> writer, StoreOptions options);

  Result<WriteResult> Write(WriteBatch batch) override;
  Status Transact(const std::function<Status(Txn&)>& fn) override;
  Result<std::optional<DocRow>> GetDoc(std::string_view collection, std::string_view key) override;
  Result<std::vector<DocRow>> ListDocs(const DocQuery& query) override;
  Result<int64_t> PeekSequence(std::string_view name) override;
  Result<int64_t> CountDocs(const DocQuery& query, std::string_view sort_until) override;
  Result<std::optional<StoredRecord>> GetRecord(std::string_view id) override;
  Result<std::optional<RecordMeta>> GetRecordMeta(std::string_view id) override;
  Result<std::vector<RecordMeta>> GetRecordMetasBySerial(std::string_view serial,
                                                         size_t limit) override;
  Status ScanRecordMetas(std::string_view after_id, size_t limit,
                         const std::function<Status(const RecordMeta&)>& fn) override;
  Result<std::vector<StoredRecord>> RecordVersions(std::string_view id) override;
  Result<std::vector<std::pair<int64_t, int64_t>>> CountRecordsByClass() override;
  Result<std::vector<StoredRecord>> GetRecordsBySerial(std::string_view serial,
                                                       size_t limit) override;
  Status ScanRecords(std::string_view after_id, size_t limit,
                     const std::function<Status(const StoredRecord&)>& fn) override;
  Result<int64_t> CountRecords() override;
  Result<std::vector<AccessClassRow>> AccessClassesAfter(int64_t after_id) override;
  Result<std::vector<Change>> ChangesSince(int64_t after_seq, size_t limit) override;
  Result<int64_t> LastChangeSeq() override;
  Result<std::optional<UserRow>> GetUser(std::string_view name) override;
  Result<std::vector<UserRow>> ListUsers() override;
  Result<std::optional<std::string>> GetMeta(std::string_view key) override;
  Result<std::vector<model::AuditEvent>> ReadAudit(int64_t after_seq, size_t limit) override;
  Result<std::vector<std::string>> ReadAuditHashes(const std::vector<int64_t>& indexes) override;
  Result<int64_t> CountAuditHashes() override;
  Result<std::optional<CheckpointRow>> LatestCheckpoint() override;
  Result<std::vector<CheckpointRow>> ListCheckpoints(int64_t after_size, size_t limit) override;
  Result<std::vector<AuditSegmentRow>> ListAuditSegments() override;
  Result<std::pair<int64_t, std::string>> AuditHead() override;

  // Most Transact callers committed in one transaction.
  static constexpr size_t kMaxGroup = 256;
  // Most pooled read connections.
  static constexpr size_t kMaxReaders = 8;

 private:
  friend class PgTxn;

  // One Transact() or Write() call waiting for (or being run by) a group leader.
  struct PendingTxn {
    const std::function<Status(Txn&)>* fn = nullptr;  // or a batch:
    WriteBatch* batch = nullptr;
    Result<WriteResult>* result = nullptr;
    bool relaxed = false;  // Durability::kProcessCrash: synchronous_commit off
    Status status;
    bool done = false;  // guarded by group_mu_
  };

  // kFailedPrecondition when called from a Transact callback on this thread.
  Status CheckNotInCallback(const char* op) const;
  Status Enqueue(PendingTxn& self);
  // Runs the group in one transaction on the writer connection (mu_ taken), once more on a fresh
  // connection if the connection was lost before the outcome was decided.
  void RunGroup(const std::vector<PendingTxn*>& group);
  // One attempt. Returns the group's commit status; sets each caller's status.
  Status RunGroupOnce(const std::vector<PendingTxn*>& group, bool* retry);
  Status RunOneLocked(PendingTxn& pending);
  Status EnsureWriterLocked();

  // Write()'s parts (pg_store_write.cc). REQUIRES: mu_ held, a transaction open with the write
  // lock taken.
  Result<WriteResult> ApplyLocked(WriteBatch& batch);
  Result<WriteResult> ApplyInSavepointLocked(WriteBatch& batch);
  Status WriteRecordsLocked(const WriteBatch& batch, WriteResult* result);
  Status WriteUsersAndMetaLocked(const WriteBatch& batch);
  Status AppendAuditLocked(WriteBatch& batch, WriteResult* result);
  Status WriteCheckpointsLocked(const WriteBatch& batch);
  Status ArchiveSegmentLocked(const WriteBatch& batch);

  // A pooled read connection, returned on destruction (dropped if broken).
  class Lease {
   public:
    Lease(PgStore* store, std::unique_ptr<PgConn> conn) : store_(store), conn_(std::move(conn)) {}

    Lease(Lease&&) = default;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();

    PgConn& operator*() { return *conn_; }

    PgConn* operator->() { return conn_.get(); }

   private:
    PgStore* store_;
    std::unique_ptr<PgConn> conn_;
  };

  Result<Lease> Acquire();

  // Runs one read on a pooled connection; once more on a new connection if the first one was
  // lost (a restarted server). `op` names the call for CheckNotInCallback.
  template <typename F>
  auto Read(const char* op, F&& fn) -> decltype(fn(std::declval<PgConn&>())) {
    CHANCERY_RETURN_IF_ERROR(CheckNotInCallback(op));
    for (int attempt = 0;; ++attempt) {
      CHANCERY_ASSIGN_OR_RETURN(Lease lease, Acquire());
      auto result = fn(*lease);
      if (result.ok() || attempt > 0 || !lease->Broken()) {
        return result;
      }
    }
  }

  Status ScanChunks(std::string_view after_id, size_t limit, bool payloads,
                    const std::function<Status(const StoredRecord&, bool sealed)>& fn);

  const std::string url_;
  const std::string label_;
  const StoreOptions options_;

  std::mutex mu_;
  std::unique_ptr<PgConn> writer_;  // guarded by mu_

  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  std::vector<std::unique_ptr<PgConn>> idle_;  // guarded by pool_mu_
  size_t open_readers_ = 0;                    // guarded by pool_mu_

  std::mutex group_mu_;
  std::condition_variable group_cv_;
  std::deque<PendingTxn*> pending_;  // guarded by group_mu_
  bool leader_active_ = false;       // guarded by group_mu_
};

// The audit tree's hashes at `indexes` in one statement (one snapshot), in the order asked;
// kCorruption naming the first missing index. For PgStore::ReadAuditHashes and the audit append.
Result<std::vector<std::string>> ReadAuditHashesOn(PgConn& conn, const std::string& label,
                                                   const std::vector<int64_t>& indexes);

// OpenPostgresStore with the schema brought up to `schema_version` only (tests of migrations
// open an older schema with it).
Result<std::unique_ptr<Store>> OpenPg(const StoreOptions& options, int64_t schema_version);

// Doc and sequence statements shared by the store's reads and its Txn (pg_docs.cc).
Result<std::optional<DocRow>> PgSelectDoc(PgConn& conn, std::string_view collection,
                                          std::string_view key);
Result<std::vector<DocRow>> PgSelectDocs(PgConn& conn, const DocQuery& query);
Result<int64_t> PgCountDocs(PgConn& conn, const DocQuery& query, std::string_view sort_until);
Result<int64_t> PgUpsertDoc(PgConn& conn, const DocRow& row,
                            std::optional<int64_t> expected_version);
Status PgRemoveDoc(PgConn& conn, std::string_view collection, std::string_view key);
Result<int64_t> PgNextSequence(PgConn& conn, std::string_view name);
Result<int64_t> PgPeekSequence(PgConn& conn, std::string_view name);

}  // namespace chancery::store::internal
