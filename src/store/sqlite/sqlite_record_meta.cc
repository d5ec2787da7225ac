// Record reads that do not touch payloads (access decisions, scans for listing) and the kept
// versions of replaced records (docs/store.md "Schema": records, record_bodies, record_versions).
#include "store/sqlite/sqlite_store.h"

namespace chancery::store::internal {

namespace {

constexpr int64_t kMetaChunk = 1024;

RecordMeta MetaAt(const Stmt& stmt) {
  return {stmt.ColumnText(0), stmt.ColumnInt(1), stmt.ColumnText(2), stmt.ColumnInt(3),
          stmt.ColumnInt(4) != 0};
}

Result<std::vector<RecordMeta>> AllMetas(Stmt& stmt) {
  std::vector<RecordMeta> out;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    out.push_back(MetaAt(stmt));
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return out;
}

}  // namespace

Result<std::optional<RecordMeta>> SqliteStore::GetRecordMeta(std::string_view id) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt,
      db_->Prepare("SELECT id, access_class, serial, version, sealed FROM records WHERE id = ?"));
  stmt.BindText(1, id);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<RecordMeta> metas, AllMetas(stmt));
  if (metas.empty()) {
    return std::optional<RecordMeta>();
  }
  return std::optional<RecordMeta>(std::move(metas.front()));
}

Result<std::vector<RecordMeta>> SqliteStore::GetRecordMetasBySerial(std::string_view serial,
                                                                    size_t limit) {
  if (serial.empty()) {
    return std::vector<RecordMeta>();  // "" means "no serial": it never names a record
  }
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db_->Prepare("SELECT id, access_class, serial, version, sealed FROM records "
                              "WHERE serial = ? ORDER BY id LIMIT ?"));
  stmt.BindText(1, serial);
  stmt.BindInt(2, SqlLimit(limit));
  return AllMetas(stmt);
}

Status SqliteStore::ScanRecordMetas(std::string_view after_id, size_t limit,
                                    const std::function<Status(const RecordMeta&)>& fn) {
  return ScanInChunks<RecordMeta>(
      after_id, limit, kMetaChunk,
      [this](const std::string& cursor, int64_t n) -> Result<std::vector<RecordMeta>> {
        CHANCERY_ASSIGN_OR_RETURN(
            Stmt stmt, db_->Prepare("SELECT id, access_class, serial, version, sealed FROM "
                                    "records WHERE id > ? ORDER BY id LIMIT ?"));
        stmt.BindText(1, cursor);
        stmt.BindInt(2, n);
        return AllMetas(stmt);
      },
      fn);
}

Result<std::vector<StoredRecord>> SqliteStore::RecordVersions(std::string_view id) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                            db_->Prepare("SELECT id, payload, access_class, serial, version FROM "
                                         "record_versions WHERE id = ? ORDER BY version"));
  stmt.BindText(1, id);
  std::vector<StoredRecord> out;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    out.push_back({stmt.ColumnText(0), stmt.ColumnText(1), stmt.ColumnInt(2), stmt.ColumnText(3),
                   stmt.ColumnInt(4)});
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return out;
}

Result<std::vector<std::pair<int64_t, int64_t>>> SqliteStore::CountRecordsByClass() {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("read"));
  std::lock_guard lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db_->Prepare("SELECT access_class, count(*) FROM records GROUP BY access_class "
                              "ORDER BY access_class"));
  std::vector<std::pair<int64_t, int64_t>> out;
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  while (row) {
    out.emplace_back(stmt.ColumnInt(0), stmt.ColumnInt(1));
    CHANCERY_ASSIGN_OR_RETURN(row, stmt.Step());
  }
  return out;
}

}  // namespace chancery::store::internal
