// SqliteStore reads, OpenSqliteStore and the ids column codec (docs/store.md).
#include "store/sqlite/sqlite_store.h"

#include <algorithm>
#include <charconv>
#include <limits>
#include <utility>

#include "store/sqlite/migrations.h"

namespace chancery::store {
namespace internal {
namespace {

constexpr int64_t kScanChunk = 256;

StoredRecord RecordAt(const Stmt& stmt) {
  StoredRecord record;
  record.id = stmt.ColumnText(0);
  record.payload = stmt.ColumnText(1);
  record.access_class = stmt.ColumnInt(2);
  record.serial = stmt.ColumnText(3);
  record.version = stmt.ColumnInt(4);
  return record;
}

UserRow UserAt(const Stmt& stmt) {
  UserRow user;
  user.name = stmt.ColumnText(0);
  user.clearance = stmt.ColumnText(1);
  user.administrator = stmt.ColumnInt(2) != 0;
  user.created_micros = stmt.ColumnInt(3);
  return user;
}

Result<std::optional<StoredRecord>> FirstRecord(Stmt& stmt) {
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return std::optional<StoredRecord>();
  }
  return std::optional<StoredRecord>(RecordAt(stmt));
}

}  // namespace

Result<std::optional<StoredRecord>> SqliteStore::GetRecord(std::string_view id) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt,
      db_->Prepare("SELECT r.id, b.payload, r.access_class, r.serial, r.version FROM records r "
                   "JOIN record_bodies b ON b.id = r.id WHERE r.id = ?"));
  stmt.BindText(1, id);
  return FirstRecord(stmt);
}

Result<std::vector<StoredRecord>> SqliteStore::GetRecordsBySerial(std::string_view serial,
                                                                  size_t limit) {
  std::vector<StoredRecord> records;
  if (serial.empty()) {
    return records;  // "" means "no serial": it never names a record
  }
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt,
      db_->Prepare("SELECT r.id, b.payload, r.access_class, r.serial, r.version FROM records r "
                   "JOIN record_bodies b ON b.id = r.id WHERE r.serial = ? "
                   "ORDER BY r.id LIMIT ?"));
  stmt.BindText(1, serial);
  stmt.BindInt(2, SqlLimit(limit));
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    records.push_back(RecordAt(stmt));
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return records;
}

Result<std::vector<StoredRecord>> SqliteStore::ScanChunkLocked(const std::string& after_id,
                                                               int64_t limit) {
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt,
      db_->Prepare("SELECT r.id, b.payload, r.access_class, r.serial, r.version FROM records r "
                   "JOIN record_bodies b ON b.id = r.id WHERE r.id > ? "
                   "ORDER BY r.id LIMIT ?"));
  stmt.BindText(1, after_id);
  stmt.BindInt(2, limit);
  std::vector<StoredRecord> records;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    records.push_back(RecordAt(stmt));
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return records;
}

Status SqliteStore::ScanRecords(std::string_view after_id, size_t limit,
                                const std::function<Status(const StoredRecord&)>& fn) {
  return ScanInChunks<StoredRecord>(
      after_id, limit, kScanChunk,
      [this](const std::string& cursor, int64_t n) { return ScanChunkLocked(cursor, n); }, fn);
}

Result<int64_t> SqliteStore::QueryIntLocked(const char* sql) {
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare(sql));
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? stmt.ColumnInt(0) : 0;
}

Result<int64_t> SqliteStore::CountRecords() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  return QueryIntLocked("SELECT count(*) FROM records");
}

Result<std::vector<AccessClassRow>> SqliteStore::AccessClassesAfter(int64_t after_id) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db_->Prepare("SELECT id, key FROM access_classes WHERE id > ? ORDER BY id"));
  stmt.BindInt(1, after_id);
  std::vector<AccessClassRow> rows;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    rows.push_back(AccessClassRow{stmt.ColumnInt(0), stmt.ColumnText(1)});
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return rows;
}

Result<std::vector<Change>> SqliteStore::ChangesSince(int64_t after_seq, size_t limit) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt,
      db_->Prepare("SELECT seq, record_id, kind FROM changes WHERE seq > ? ORDER BY seq LIMIT ?"));
  stmt.BindInt(1, after_seq);
  stmt.BindInt(2, SqlLimit(limit));
  std::vector<Change> changes;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    const int64_t kind = stmt.ColumnInt(2);
    if (kind != static_cast<int64_t>(ChangeKind::kPut) &&
        kind != static_cast<int64_t>(ChangeKind::kDelete)) {
      return Corruption("sqlite " + db_->path() + ": change " + std::to_string(stmt.ColumnInt(0)) +
                        " has unknown kind");
    }
    changes.push_back(Change{stmt.ColumnInt(0), stmt.ColumnText(1), static_cast<ChangeKind>(kind)});
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return changes;
}

Result<int64_t> SqliteStore::LastChangeSeq() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  return QueryIntLocked("SELECT coalesce(max(seq), 0) FROM changes");
}

Result<std::optional<UserRow>> SqliteStore::GetUser(std::string_view name) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db_->Prepare("SELECT name, clearance, administrator, created_micros FROM users "
                              "WHERE name = ?"));
  stmt.BindText(1, name);
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? std::optional<UserRow>(UserAt(stmt)) : std::nullopt;
}

Result<std::vector<UserRow>> SqliteStore::ListUsers() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db_->Prepare("SELECT name, clearance, administrator, created_micros FROM users "
                              "ORDER BY name"));
  std::vector<UserRow> users;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    users.push_back(UserAt(stmt));
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return users;
}

Result<std::optional<std::string>> SqliteStore::GetMeta(std::string_view key) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt, db_->Prepare("SELECT value FROM meta WHERE key = ?"));
  stmt.BindText(1, key);
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  return row ? std::optional<std::string>(stmt.ColumnText(0)) : std::nullopt;
}

Result<std::vector<model::AuditEvent>> SqliteStore::ReadAudit(int64_t after_seq, size_t limit) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db_->Prepare("SELECT seq, time_micros, actor, action, target, decision, ids, "
                              "prev_hash, hash FROM audit WHERE seq > ? ORDER BY seq LIMIT ?"));
  stmt.BindInt(1, after_seq);
  stmt.BindInt(2, SqlLimit(limit));
  std::vector<model::AuditEvent> events;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    model::AuditEvent& event = events.emplace_back();
    event.seq = stmt.ColumnInt(0);
    event.time_micros = stmt.ColumnInt(1);
    event.actor = stmt.ColumnText(2);
    event.action = stmt.ColumnText(3);
    event.target = stmt.ColumnText(4);
    event.decision = stmt.ColumnText(5);
    if (!DecodeIds(stmt.ColumnText(6), &event.ids)) {
      return Corruption("sqlite " + db_->path() + ": audit entry " + std::to_string(event.seq) +
                        ": malformed ids column");
    }
    event.prev_hash = stmt.ColumnText(7);
    event.hash = stmt.ColumnText(8);
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return events;
}

Result<std::pair<int64_t, std::string>> SqliteStore::AuditHead() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db_->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return std::pair<int64_t, std::string>(0, "");
  }
  return std::pair<int64_t, std::string>(stmt.ColumnInt(0), stmt.ColumnText(1));
}

Result<std::vector<std::string>> SqliteStore::ReadAuditHashes(const std::vector<int64_t>& indexes) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  // One snapshot for all of them: a writer's hashes are either all seen or none.
  CHANCERY_RETURN_IF_ERROR(db_->Exec("BEGIN"));
  Result<std::vector<std::string>> hashes = ReadAuditHashesLocked(indexes);
  (void)db_->Exec("COMMIT");
  return hashes;
}

Result<int64_t> SqliteStore::CountAuditHashes() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  return QueryIntLocked("SELECT count(*) FROM audit_hashes");
}

namespace {

Result<std::vector<CheckpointRow>> CheckpointRows(Stmt& stmt) {
  std::vector<CheckpointRow> rows;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    rows.push_back({stmt.ColumnInt(0), stmt.ColumnText(1), stmt.ColumnInt(2)});
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return rows;
}

}  // namespace

Result<std::optional<CheckpointRow>> SqliteStore::LatestCheckpoint() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db_->Prepare("SELECT size, note, time_micros FROM audit_checkpoints "
                                         "ORDER BY size DESC LIMIT 1"));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<CheckpointRow> rows, CheckpointRows(stmt));
  if (rows.empty()) {
    return std::optional<CheckpointRow>();
  }
  return std::optional<CheckpointRow>(std::move(rows.front()));
}

Result<std::vector<CheckpointRow>> SqliteStore::ListCheckpoints(int64_t after_size, size_t limit) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db_->Prepare("SELECT size, note, time_micros FROM audit_checkpoints "
                                         "WHERE size > ? ORDER BY size LIMIT ?"));
  stmt.BindInt(1, after_size);
  stmt.BindInt(2, SqlLimit(limit));
  return CheckpointRows(stmt);
}

Result<std::vector<AuditSegmentRow>> SqliteStore::ListAuditSegments() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db_->Prepare("SELECT first, last, file, sha256, last_hash, time_micros "
                                         "FROM audit_segments ORDER BY first"));
  std::vector<AuditSegmentRow> rows;
  for (;;) {
    CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      break;
    }
    rows.push_back({stmt.ColumnInt(0), stmt.ColumnInt(1), stmt.ColumnText(2), stmt.ColumnText(3),
                    stmt.ColumnText(4), stmt.ColumnInt(5)});
  }
  return rows;
}

}  // namespace internal

Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options) {
  CHANCERY_ASSIGN_OR_RETURN(
      std::unique_ptr<internal::Db> db,
      internal::Db::Open(options.path, options.create_if_missing, options.synchronous_full));
  CHANCERY_RETURN_IF_ERROR(internal::Migrate(*db));
  return std::unique_ptr<Store>(std::make_unique<internal::SqliteStore>(std::move(db), options));
}

}  // namespace chancery::store
