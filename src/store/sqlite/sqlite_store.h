// SqliteStore: the embedded Store backend (docs/store.md). One connection guarded by a mutex:
// calls from several threads are serialized; several processes share the file through WAL mode
// and BEGIN IMMEDIATE write transactions.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "chancery/store/store.h"

#include "store/sqlite/sqlite_db.h"

namespace chancery::store::internal {

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Db> db, StoreOptions options)
      : db_(std::move(db)), options_(std::move(options)) {}

  Result<WriteResult> Write(WriteBatch batch) override;
  Result<std::optional<StoredRecord>> GetRecord(std::string_view id) override;
  Result<std::vector<StoredRecord>> GetRecordsBySerial(std::string_view serial,
                                                       size_t limit) override;
  Status ScanRecords(std::string_view after_id, size_t limit,
                     const std::function<Status(const StoredRecord&)>& fn) override;
  Result<int64_t> CountRecords() override;
  Result<std::vector<AccessClassRow>> AccessClasses() override;
  Result<std::vector<Change>> ChangesSince(int64_t after_seq, size_t limit) override;
  Result<int64_t> LastChangeSeq() override;
  Result<std::optional<UserRow>> GetUser(std::string_view name) override;
  Result<std::vector<UserRow>> ListUsers() override;
  Result<std::optional<std::string>> GetMeta(std::string_view key) override;
  Result<std::vector<model::AuditEvent>> ReadAudit(int64_t after_seq, size_t limit) override;

 private:
  // The parts of Write(); REQUIRES: mu_ held and a write transaction open.
  Result<WriteResult> ApplyLocked(WriteBatch& batch);
  Result<int64_t> InternLocked(const std::string& key,
                               std::unordered_map<std::string, int64_t>* interned);
  Status WriteRecordsLocked(const WriteBatch& batch, WriteResult* result);
  Status WriteUsersAndMetaLocked(const WriteBatch& batch);
  Status AppendAuditLocked(WriteBatch& batch, WriteResult* result);
  Result<int64_t> QueryIntLocked(const char* sql);
  Result<std::vector<StoredRecord>> ScanChunkLocked(const std::string& after_id, int64_t limit);

  std::mutex mu_;
  std::unique_ptr<Db> db_;  // guarded by mu_
  const StoreOptions options_;
};

// The `ids` column encoding (docs/store.md "Schema"): for each id, "<decimal length>:<bytes>".
std::string EncodeIds(const std::vector<std::string>& ids);
// Inverse of EncodeIds; false if `text` is not a valid encoding.
bool DecodeIds(std::string_view text, std::vector<std::string>* ids);

}  // namespace chancery::store::internal
