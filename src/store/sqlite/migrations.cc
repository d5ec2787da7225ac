#include "store/sqlite/migrations.h"

#include <chrono>
#include <iterator>
#include <string>

namespace chancery::store::internal {
namespace {

struct Migration {
  int64_t version;
  const char* sql;
};

// Append only: a released migration is never edited. docs/store.md "Schema" explains each table.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE access_classes(
  id INTEGER PRIMARY KEY,
  key TEXT NOT NULL UNIQUE);
CREATE TABLE records(
  id TEXT PRIMARY KEY NOT NULL,
  payload TEXT NOT NULL,
  access_class INTEGER NOT NULL REFERENCES access_classes(id),
  serial TEXT NOT NULL DEFAULT '',
  version INTEGER NOT NULL);
CREATE INDEX records_by_serial ON records(serial);
CREATE TABLE changes(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  record_id TEXT NOT NULL,
  kind INTEGER NOT NULL);
CREATE TABLE users(
  name TEXT PRIMARY KEY NOT NULL,
  clearance TEXT NOT NULL,
  administrator INTEGER NOT NULL,
  created_micros INTEGER NOT NULL);
CREATE TABLE meta(
  key TEXT PRIMARY KEY NOT NULL,
  value TEXT NOT NULL);
CREATE TABLE audit(
  seq INTEGER PRIMARY KEY,
  time_micros INTEGER NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  decision TEXT NOT NULL,
  ids TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
)sql"},
    {2, R"sql(
CREATE TABLE docs(
  collection TEXT NOT NULL,
  key TEXT NOT NULL,
  grp TEXT NOT NULL DEFAULT '',
  sort TEXT NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  version INTEGER NOT NULL,
  PRIMARY KEY(collection, key)) WITHOUT ROWID;
CREATE INDEX docs_by_group ON docs(collection, grp, sort, key);
CREATE TABLE sequences(
  name TEXT PRIMARY KEY NOT NULL,
  value INTEGER NOT NULL);
)sql"},
    {3, R"sql(
CREATE TABLE audit_hashes(
  idx INTEGER PRIMARY KEY,
  hash TEXT NOT NULL);
CREATE TABLE audit_checkpoints(
  size INTEGER PRIMARY KEY,
  note TEXT NOT NULL,
  time_micros INTEGER NOT NULL);
)sql"},
    {4, R"sql(
CREATE TABLE record_bodies(
  id TEXT PRIMARY KEY NOT NULL,
  payload TEXT NOT NULL);
INSERT INTO record_bodies(id, payload) SELECT id, payload FROM records;
ALTER TABLE records DROP COLUMN payload;
CREATE TABLE record_versions(
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  payload TEXT NOT NULL,
  access_class INTEGER NOT NULL,
  serial TEXT NOT NULL,
  PRIMARY KEY(id, version));
CREATE INDEX records_by_class ON records(access_class);
ALTER TABLE records ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
)sql"},
    {5, R"sql(
CREATE TABLE audit_segments(
  first INTEGER PRIMARY KEY,
  last INTEGER NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  last_hash TEXT NOT NULL,
  time_micros INTEGER NOT NULL);
)sql"},
};

Result<int64_t> QueryInt(Db& db, const char* sql) {
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt, db.Prepare(sql));
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return Internal("sqlite " + db.path() + ": no result from " + sql);
  }
  return stmt.ColumnInt(0);
}

// Stamps an empty database as a Chancery store at schema version 0. kCorruption if the
// database already holds someone else's tables.
Status Initialize(Db& db) {
  CHANCERY_ASSIGN_OR_RETURN(int64_t objects, QueryInt(db, "SELECT count(*) FROM sqlite_master"));
  if (objects != 0) {
    return Corruption("not a chancery store: " + db.path());
  }
  const std::string stamp = "PRAGMA application_id=" + std::to_string(kChanceryApplicationId);
  CHANCERY_RETURN_IF_ERROR(db.Exec(stamp.c_str()));
  return db.Exec(
      "CREATE TABLE schema_version(version INTEGER PRIMARY KEY, applied_micros INTEGER NOT NULL)");
}

Status MigrateLocked(Db& db) {
  CHANCERY_ASSIGN_OR_RETURN(int64_t application_id, QueryInt(db, "PRAGMA application_id"));
  if (application_id == 0) {
    CHANCERY_RETURN_IF_ERROR(Initialize(db));
  } else if (application_id != kChanceryApplicationId) {
    return Corruption("not a chancery store: " + db.path());
  }
  Result<int64_t> current = QueryInt(db, "SELECT coalesce(max(version), 0) FROM schema_version");
  if (!current.ok()) {
    return Corruption("chancery store " + db.path() + " has no readable schema_version");
  }
  if (*current > LatestSchemaVersion()) {
    return Corruption("chancery store " + db.path() + " has schema version " +
                      std::to_string(*current) + ", newer than this build's " +
                      std::to_string(LatestSchemaVersion()));
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  for (const Migration& migration : kMigrations) {
    if (migration.version <= *current) {
      continue;
    }
    CHANCERY_RETURN_IF_ERROR(db.Exec(migration.sql));
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt record,
        db.Prepare("INSERT INTO schema_version(version, applied_micros) VALUES(?, ?)"));
    record.BindInt(1, migration.version);
    record.BindInt(2, now);
    CHANCERY_RETURN_IF_ERROR(record.Run());
  }
  return Status::Ok();
}

}  // namespace

int64_t LatestSchemaVersion() {
  return std::prev(std::end(kMigrations))->version;
}

Status Migrate(Db& db) {
  CHANCERY_RETURN_IF_ERROR(db.BeginImmediate());
  Status status = MigrateLocked(db);
  if (status.ok()) {
    status = db.Commit();
  }
  if (!status.ok()) {
    db.Rollback();
  }
  return status;
}

}  // namespace chancery::store::internal
