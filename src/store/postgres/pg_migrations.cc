#include "store/postgres/pg_migrations.h"

#include <chrono>
#include <iterator>
#include <string>

namespace chancery::store::internal {
namespace {

// pg_advisory_lock key of migrations ("CHNC" then 1); the write lock is 2 (pg_store.h).
constexpr const char* kMigrateLock = "SELECT pg_advisory_lock(4848593214291722241)";
constexpr const char* kMigrateUnlock = "SELECT pg_advisory_unlock(4848593214291722241)";

struct Migration {
  int64_t version;
  const char* sql;
};

// Append only: a released migration is never edited. Text that is compared or ordered is
// COLLATE "C", so that order is bytewise as on SQLite whatever the database's locale.
constexpr Migration kMigrations[] = {
    {1, R"sql(
CREATE TABLE access_classes(
  id BIGINT PRIMARY KEY,
  key TEXT COLLATE "C" NOT NULL UNIQUE);
CREATE TABLE records(
  id TEXT COLLATE "C" PRIMARY KEY,
  access_class BIGINT NOT NULL REFERENCES access_classes(id),
  serial TEXT COLLATE "C" NOT NULL DEFAULT '',
  version BIGINT NOT NULL,
  sealed BOOLEAN NOT NULL DEFAULT false);
CREATE INDEX records_by_serial ON records(serial);
CREATE INDEX records_by_class ON records(access_class);
CREATE TABLE record_bodies(
  id TEXT COLLATE "C" PRIMARY KEY,
  payload TEXT NOT NULL);
CREATE TABLE record_versions(
  id TEXT COLLATE "C" NOT NULL,
  version BIGINT NOT NULL,
  payload TEXT NOT NULL,
  access_class BIGINT NOT NULL,
  serial TEXT COLLATE "C" NOT NULL,
  PRIMARY KEY(id, version));
CREATE TABLE changes(
  seq BIGINT PRIMARY KEY,
  record_id TEXT COLLATE "C" NOT NULL,
  kind SMALLINT NOT NULL);
CREATE TABLE users(
  name TEXT COLLATE "C" PRIMARY KEY,
  clearance TEXT NOT NULL,
  administrator BOOLEAN NOT NULL,
  created_micros BIGINT NOT NULL);
CREATE TABLE meta(
  key TEXT COLLATE "C" PRIMARY KEY,
  value TEXT NOT NULL);
CREATE TABLE audit(
  seq BIGINT PRIMARY KEY,
  time_micros BIGINT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  target TEXT NOT NULL,
  decision TEXT NOT NULL,
  ids TEXT NOT NULL,
  prev_hash TEXT NOT NULL,
  hash TEXT NOT NULL);
CREATE TABLE docs(
  collection TEXT COLLATE "C" NOT NULL,
  key TEXT COLLATE "C" NOT NULL,
  grp TEXT COLLATE "C" NOT NULL DEFAULT '',
  sort TEXT COLLATE "C" NOT NULL DEFAULT '',
  body TEXT NOT NULL,
  version BIGINT NOT NULL,
  PRIMARY KEY(collection, key));
CREATE INDEX docs_by_group ON docs(collection, grp, sort, key);
CREATE TABLE sequences(
  name TEXT COLLATE "C" PRIMARY KEY,
  value BIGINT NOT NULL);
)sql"},
    {2, R"sql(
CREATE TABLE audit_hashes(
  idx BIGINT PRIMARY KEY,
  hash TEXT NOT NULL);
CREATE TABLE audit_checkpoints(
  size BIGINT PRIMARY KEY,
  note TEXT NOT NULL,
  time_micros BIGINT NOT NULL);
CREATE TABLE audit_segments(
  first BIGINT PRIMARY KEY,
  last BIGINT NOT NULL,
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  last_hash TEXT NOT NULL,
  time_micros BIGINT NOT NULL);
)sql"},
};

int64_t NowMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status MigrateLocked(PgConn& conn, bool create, int64_t target) {
  CHANCERY_ASSIGN_OR_RETURN(PgRows stamped,
                            conn.Query("SELECT to_regclass('chancery_schema') IS NOT NULL, "
                                       "(SELECT count(*) FROM pg_tables WHERE schemaname = "
                                       "current_schema()), current_schema()"));
  const bool is_store = stamped.Text(0, 0) == "t";
  const std::string where = conn.label() + " (schema " + stamped.Text(0, 2) + ")";
  if (!is_store) {
    if (stamped.Int(0, 1) != 0) {
      return Corruption("not a chancery store: " + where + " holds other tables");
    }
    if (!create) {
      return NotFound("no chancery store in " + where + ": create one with chancery init");
    }
    CHANCERY_RETURN_IF_ERROR(
        conn.Exec("CREATE TABLE chancery_schema(version BIGINT PRIMARY KEY, "
                  "applied_micros BIGINT NOT NULL)"));
  }
  CHANCERY_ASSIGN_OR_RETURN(int64_t current,
                            conn.QueryInt("SELECT coalesce(max(version), 0) FROM chancery_schema"));
  if (current > LatestPgSchemaVersion()) {
    return Corruption("chancery store " + where + " has schema version " + std::to_string(current) +
                      ", newer than this build's " + std::to_string(LatestPgSchemaVersion()) +
                      ": upgrade chancery");
  }
  for (const Migration& migration : kMigrations) {
    if (migration.version <= current || migration.version > target) {
      continue;
    }
    CHANCERY_RETURN_IF_ERROR(conn.Exec("BEGIN"));
    Status status = conn.Exec(migration.sql);
    if (status.ok()) {
      status = conn.Exec("INSERT INTO chancery_schema(version, applied_micros) VALUES($1, $2)",
                         {P(migration.version), P(NowMicros())});
    }
    if (status.ok()) {
      status = conn.Exec("COMMIT");
    }
    if (!status.ok()) {
      (void)conn.Exec("ROLLBACK");
      return status;
    }
  }
  return Status::Ok();
}

}  // namespace

int64_t LatestPgSchemaVersion() {
  return std::prev(std::end(kMigrations))->version;
}

Status MigratePg(PgConn& conn, bool create, int64_t target) {
  CHANCERY_RETURN_IF_ERROR(conn.Exec(kMigrateLock));
  Status status = MigrateLocked(conn, create, target);
  (void)conn.Exec(kMigrateUnlock);
  return status;
}

}  // namespace chancery::store::internal
