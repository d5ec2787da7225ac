// PgStore reads, its connection pool, and OpenPostgresStore (docs/store.md "PostgreSQL").
#include "store/postgres/pg_store.h"

#include <algorithm>
#include <limits>
#include <utility>

#include <libpq-fe.h>

#include "store/postgres/pg_migrations.h"
#include "store/store_common.h"

namespace chancery::store {
namespace internal {
namespace {

constexpr int64_t kScanChunk = 256;

PgParam Limit(size_t limit) {
  return P(static_cast<int64_t>(
      std::min<uint64_t>(limit, static_cast<uint64_t>(std::numeric_limits<int64_t>::max()))));
}

constexpr const char* kRecordColumns =
    "SELECT r.id, b.payload, r.access_class, r.serial, r.version, r.sealed FROM records r "
    "JOIN record_bodies b ON b.id = r.id ";
constexpr const char* kMetaColumns =
    "SELECT id, '', access_class, serial, version, sealed FROM records r ";

std::vector<StoredRecord> RecordsOf(const PgRows& rows) {
  std::vector<StoredRecord> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back(StoredRecord{rows.Text(i, 0), rows.Text(i, 1), rows.Int(i, 2), rows.Text(i, 3),
                               rows.Int(i, 4)});
  }
  return out;
}

std::vector<RecordMeta> MetasOf(const PgRows& rows) {
  std::vector<RecordMeta> out;
  out.reserve(static_cast<size_t>(rows.size()));
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back(RecordMeta{rows.Text(i, 0), rows.Int(i, 2), rows.Text(i, 3), rows.Int(i, 4),
                             rows.Text(i, 5) == "t"});
  }
  return out;
}

UserRow UserAt(const PgRows& rows, int i) {
  return UserRow{rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2) == "t", rows.Int(i, 3)};
}

std::vector<CheckpointRow> CheckpointsOf(const PgRows& rows) {
  std::vector<CheckpointRow> out;
  for (int i = 0; i < rows.size(); ++i) {
    out.push_back({rows.Int(i, 0), rows.Text(i, 1), rows.Int(i, 2)});
  }
  return out;
}

}  // namespace

PgStore::PgStore(std::string url, std::string label, std::unique_ptr<PgConn> writer,
                 StoreOptions options)
    : url_(std::move(url)),
      label_(std::move(label)),
      options_(std::move(options)),
      writer_(std::move(writer)) {}

Status PgStore::CheckNotInCallback(const char* op) const {
  return internal::CheckNotInCallback(this, op, label_);
}

PgStore::Lease::~Lease() {
  if (conn_ == nullptr) {
    return;
  }
  std::lock_guard lock(store_->pool_mu_);
  if (conn_->Broken() || conn_->InTransaction()) {
    --store_->open_readers_;
  } else {
    store_->idle_.push_back(std::move(conn_));
  }
  store_->pool_cv_.notify_one();
}

Result<PgStore::Lease> PgStore::Acquire() {
  std::unique_lock lock(pool_mu_);
  pool_cv_.wait(lock, [&] { return !idle_.empty() || open_readers_ < kMaxReaders; });
  if (!idle_.empty()) {
    std::unique_ptr<PgConn> conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_readers_;
  lock.unlock();
  Result<std::unique_ptr<PgConn>> conn = PgConn::Connect(url_, label_);
  if (!conn.ok()) {
    std::lock_guard relock(pool_mu_);
    --open_readers_;
    pool_cv_.notify_one();
    return conn.status();
  }
  return Lease(this, std::move(conn).value());
}

Result<std::optional<DocRow>> PgStore::GetDoc(std::string_view collection, std::string_view key) {
  return Read("get doc", [&](PgConn& conn) { return PgSelectDoc(conn, collection, key); });
}

Result<std::vector<DocRow>> PgStore::ListDocs(const DocQuery& query) {
  return Read("list docs", [&](PgConn& conn) { return PgSelectDocs(conn, query); });
}

Result<int64_t> PgStore::CountDocs(const DocQuery& query, std::string_view sort_until) {
  return Read("count docs", [&](PgConn& conn) { return PgCountDocs(conn, query, sort_until); });
}

Result<int64_t> PgStore::PeekSequence(std::string_view name) {
  return Read("peek sequence", [&](PgConn& conn) { return PgPeekSequence(conn, name); });
}

Result<std::optional<StoredRecord>> PgStore::GetRecord(std::string_view id) {
  return Read("read", [&](PgConn& conn) -> Result<std::optional<StoredRecord>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query(std::string(kRecordColumns) + "WHERE r.id = $1", {P(id)}));
    std::vector<StoredRecord> records = RecordsOf(rows);
    if (records.empty()) {
      return std::optional<StoredRecord>();
    }
    return std::optional<StoredRecord>(std::move(records.front()));
  });
}

Result<std::optional<RecordMeta>> PgStore::GetRecordMeta(std::string_view id) {
  return Read("read", [&](PgConn& conn) -> Result<std::optional<RecordMeta>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query(std::string(kMetaColumns) + "WHERE id = $1", {P(id)}));
    std::vector<RecordMeta> metas = MetasOf(rows);
    if (metas.empty()) {
      return std::optional<RecordMeta>();
    }
    return std::optional<RecordMeta>(std::move(metas.front()));
  });
}

Result<std::vector<RecordMeta>> PgStore::GetRecordMetasBySerial(std::string_view serial,
                                                                size_t limit) {
  if (serial.empty()) {
    return std::vector<RecordMeta>();  // "" means "no serial": it never names a record
  }
  return Read("read", [&](PgConn& conn) -> Result<std::vector<RecordMeta>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows, conn.Query(std::string(kMetaColumns) +
                                                          "WHERE serial = $1 ORDER BY id LIMIT $2",
                                                      {P(serial), Limit(limit)}));
    return MetasOf(rows);
  });
}

Result<std::vector<StoredRecord>> PgStore::GetRecordsBySerial(std::string_view serial,
                                                              size_t limit) {
  if (serial.empty()) {
    return std::vector<StoredRecord>();
  }
  return Read("read", [&](PgConn& conn) -> Result<std::vector<StoredRecord>> {
    CHANCERY_ASSIGN_OR_RETURN(
        PgRows rows,
        conn.Query(std::string(kRecordColumns) + "WHERE r.serial = $1 ORDER BY r.id LIMIT $2",
                   {P(serial), Limit(limit)}));
    return RecordsOf(rows);
  });
}

Status PgStore::ScanChunks(std::string_view after_id, size_t limit, bool payloads,
                           const std::function<Status(const StoredRecord&, bool sealed)>& fn) {
  std::string cursor(after_id);
  size_t remaining = limit;
  while (remaining > 0) {
    const size_t wanted = std::min<size_t>(remaining, kScanChunk);
    std::vector<std::pair<StoredRecord, bool>> chunk;
    Status read = Read("read", [&](PgConn& conn) -> Status {
      // "b.id > $1" too: without it the planner may merge-join record_bodies from its first row
      // up to the cursor (20 ms a page at 20,000 of 83,000 records, docs/benchmarks.md).
      CHANCERY_ASSIGN_OR_RETURN(
          PgRows rows,
          conn.Query(payloads
                         ? std::string(kRecordColumns) +
                               "WHERE r.id > $1 AND b.id > $1 ORDER BY r.id LIMIT $2"
                         : std::string(kMetaColumns) + "WHERE r.id > $1 ORDER BY r.id LIMIT $2",
                     {P(cursor), Limit(wanted)}));
      chunk.clear();
      for (int i = 0; i < rows.size(); ++i) {
        chunk.emplace_back(StoredRecord{rows.Text(i, 0), rows.Text(i, 1), rows.Int(i, 2),
                                        rows.Text(i, 3), rows.Int(i, 4)},
                           rows.Text(i, 5) == "t");
      }
      return Status::Ok();
    });
    CHANCERY_RETURN_IF_ERROR(read);
    // The callback runs with no connection held, so it may call the store.
    for (const auto& [record, sealed] : chunk) {
      CHANCERY_RETURN_IF_ERROR(fn(record, sealed));
    }
    if (chunk.size() < wanted) {
      break;
    }
    remaining -= chunk.size();
    cursor = chunk.back().first.id;
  }
  return Status::Ok();
}

Status PgStore::ScanRecords(std::string_view after_id, size_t limit,
                            const std::function<Status(const StoredRecord&)>& fn) {
  return ScanChunks(after_id, limit, true,
                    [&](const StoredRecord& record, bool) { return fn(record); });
}

Status PgStore::ScanRecordMetas(std::string_view after_id, size_t limit,
                                const std::function<Status(const RecordMeta&)>& fn) {
  return ScanChunks(after_id, limit, false, [&](const StoredRecord& record, bool sealed) {
    return fn(RecordMeta{record.id, record.access_class, record.serial, record.version, sealed});
  });
}

Result<std::vector<StoredRecord>> PgStore::RecordVersions(std::string_view id) {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<StoredRecord>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT id, payload, access_class, serial, version FROM "
                                         "record_versions WHERE id = $1 ORDER BY version",
                                         {P(id)}));
    return RecordsOf(rows);
  });
}

Result<std::vector<std::pair<int64_t, int64_t>>> PgStore::CountRecordsByClass() {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<std::pair<int64_t, int64_t>>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT access_class, count(*) FROM records "
                                         "GROUP BY access_class ORDER BY access_class"));
    std::vector<std::pair<int64_t, int64_t>> out;
    for (int i = 0; i < rows.size(); ++i) {
      out.emplace_back(rows.Int(i, 0), rows.Int(i, 1));
    }
    return out;
  });
}

Result<int64_t> PgStore::CountRecords() {
  return Read("read", [&](PgConn& conn) { return conn.QueryInt("SELECT count(*) FROM records"); });
}

Result<std::vector<AccessClassRow>> PgStore::AccessClassesAfter(int64_t after_id) {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<AccessClassRow>> {
    CHANCERY_ASSIGN_OR_RETURN(
        PgRows rows,
        conn.Query("SELECT id, key FROM access_classes WHERE id > $1 ORDER BY id", {P(after_id)}));
    std::vector<AccessClassRow> out;
    for (int i = 0; i < rows.size(); ++i) {
      out.push_back(AccessClassRow{rows.Int(i, 0), rows.Text(i, 1)});
    }
    return out;
  });
}

Result<std::vector<Change>> PgStore::ChangesSince(int64_t after_seq, size_t limit) {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<Change>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT seq, record_id, kind FROM changes WHERE seq > $1 "
                                         "ORDER BY seq LIMIT $2",
                                         {P(after_seq), Limit(limit)}));
    std::vector<Change> out;
    for (int i = 0; i < rows.size(); ++i) {
      const int64_t kind = rows.Int(i, 2);
      if (kind != static_cast<int64_t>(ChangeKind::kPut) &&
          kind != static_cast<int64_t>(ChangeKind::kDelete)) {
        return Corruption("postgresql " + label_ + ": change " + rows.Text(i, 0) +
                          " has unknown kind");
      }
      out.push_back(Change{rows.Int(i, 0), rows.Text(i, 1), static_cast<ChangeKind>(kind)});
    }
    return out;
  });
}

Result<int64_t> PgStore::LastChangeSeq() {
  return Read("read", [&](PgConn& conn) {
    return conn.QueryInt("SELECT coalesce(max(seq), 0) FROM changes");
  });
}

Result<std::optional<UserRow>> PgStore::GetUser(std::string_view name) {
  return Read("read", [&](PgConn& conn) -> Result<std::optional<UserRow>> {
    CHANCERY_ASSIGN_OR_RETURN(
        PgRows rows, conn.Query("SELECT name, clearance, administrator, created_micros FROM users "
                                "WHERE name = $1",
                                {P(name)}));
    if (rows.empty()) {
      return std::optional<UserRow>();
    }
    return std::optional<UserRow>(UserAt(rows, 0));
  });
}

Result<std::vector<UserRow>> PgStore::ListUsers() {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<UserRow>> {
    CHANCERY_ASSIGN_OR_RETURN(
        PgRows rows, conn.Query("SELECT name, clearance, administrator, created_micros FROM users "
                                "ORDER BY name"));
    std::vector<UserRow> out;
    for (int i = 0; i < rows.size(); ++i) {
      out.push_back(UserAt(rows, i));
    }
    return out;
  });
}

Result<std::optional<std::string>> PgStore::GetMeta(std::string_view key) {
  return Read("read", [&](PgConn& conn) -> Result<std::optional<std::string>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT value FROM meta WHERE key = $1", {P(key)}));
    if (rows.empty()) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(rows.Text(0, 0));
  });
}

Result<std::vector<model::AuditEvent>> PgStore::ReadAudit(int64_t after_seq, size_t limit) {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<model::AuditEvent>> {
    CHANCERY_ASSIGN_OR_RETURN(
        PgRows rows, conn.Query("SELECT seq, time_micros, actor, action, target, decision, ids, "
                                "prev_hash, hash FROM audit WHERE seq > $1 ORDER BY seq LIMIT $2",
                                {P(after_seq), Limit(limit)}));
    std::vector<model::AuditEvent> events;
    events.reserve(static_cast<size_t>(rows.size()));
    for (int i = 0; i < rows.size(); ++i) {
      model::AuditEvent& event = events.emplace_back();
      event.seq = rows.Int(i, 0);
      event.time_micros = rows.Int(i, 1);
      event.actor = rows.Text(i, 2);
      event.action = rows.Text(i, 3);
      event.target = rows.Text(i, 4);
      event.decision = rows.Text(i, 5);
      if (!DecodeIds(rows.Text(i, 6), &event.ids)) {
        return Corruption("postgresql " + label_ + ": audit entry " + std::to_string(event.seq) +
                          ": malformed ids column");
      }
      event.prev_hash = rows.Text(i, 7);
      event.hash = rows.Text(i, 8);
    }
    return events;
  });
}

Result<std::pair<int64_t, std::string>> PgStore::AuditHead() {
  return Read("read", [&](PgConn& conn) -> Result<std::pair<int64_t, std::string>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
    if (rows.empty()) {
      return std::pair<int64_t, std::string>(0, "");
    }
    return std::pair<int64_t, std::string>(rows.Int(0, 0), rows.Text(0, 1));
  });
}

// One statement, so one snapshot: a writer's hashes are either all seen or none.
Result<std::vector<std::string>> ReadAuditHashesOn(PgConn& conn, const std::string& label,
                                                   const std::vector<int64_t>& indexes) {
  std::string array = "{";
  for (size_t i = 0; i < indexes.size(); ++i) {
    array += (i == 0 ? "" : ",") + std::to_string(indexes[i]);
  }
  array += "}";
  CHANCERY_ASSIGN_OR_RETURN(
      PgRows rows,
      conn.Query("SELECT idx, hash FROM audit_hashes WHERE idx = ANY($1::bigint[])", {P(array)}));
  std::unordered_map<int64_t, std::string> found;
  for (int i = 0; i < rows.size(); ++i) {
    found.emplace(rows.Int(i, 0), rows.Text(i, 1));
  }
  std::vector<std::string> hashes;
  hashes.reserve(indexes.size());
  for (int64_t index : indexes) {
    auto it = found.find(index);
    if (it == found.end()) {
      return Corruption("postgresql " + label + ": audit tree hash " + std::to_string(index) +
                        " is missing");
    }
    hashes.push_back(it->second);
  }
  return hashes;
}

Result<std::vector<std::string>> PgStore::ReadAuditHashes(const std::vector<int64_t>& indexes) {
  return Read("read", [&](PgConn& conn) { return ReadAuditHashesOn(conn, label_, indexes); });
}

Result<int64_t> PgStore::CountAuditHashes() {
  return Read("read",
              [&](PgConn& conn) { return conn.QueryInt("SELECT count(*) FROM audit_hashes"); });
}

Result<std::optional<CheckpointRow>> PgStore::LatestCheckpoint() {
  return Read("read", [&](PgConn& conn) -> Result<std::optional<CheckpointRow>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT size, note, time_micros FROM audit_checkpoints "
                                         "ORDER BY size DESC LIMIT 1"));
    std::vector<CheckpointRow> out = CheckpointsOf(rows);
    if (out.empty()) {
      return std::optional<CheckpointRow>();
    }
    return std::optional<CheckpointRow>(std::move(out.front()));
  });
}

Result<std::vector<CheckpointRow>> PgStore::ListCheckpoints(int64_t after_size, size_t limit) {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<CheckpointRow>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT size, note, time_micros FROM audit_checkpoints "
                                         "WHERE size > $1 ORDER BY size LIMIT $2",
                                         {P(after_size), Limit(limit)}));
    return CheckpointsOf(rows);
  });
}

Result<std::vector<AuditSegmentRow>> PgStore::ListAuditSegments() {
  return Read("read", [&](PgConn& conn) -> Result<std::vector<AuditSegmentRow>> {
    CHANCERY_ASSIGN_OR_RETURN(PgRows rows,
                              conn.Query("SELECT first, last, file, sha256, last_hash, "
                                         "time_micros FROM audit_segments ORDER BY first"));
    std::vector<AuditSegmentRow> out;
    for (int i = 0; i < rows.size(); ++i) {
      out.push_back({rows.Int(i, 0), rows.Int(i, 1), rows.Text(i, 2), rows.Text(i, 3),
                     rows.Text(i, 4), rows.Int(i, 5)});
    }
    return out;
  });
}

namespace {

// Creates the database `url` names, connecting to the server's `postgres` database to do it.
Status CreateDatabase(const std::string& url, const std::string& label) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(url.c_str(), &error);
  if (parsed == nullptr) {
    std::string why = error != nullptr ? error : "unparseable";
    PQfreemem(error);
    return InvalidArgument("postgresql " + label + ": bad connection URL: " + why);
  }
  std::vector<std::string> keys;
  std::vector<std::string> values;
  std::string dbname;
  for (PQconninfoOption* option = parsed; option->keyword != nullptr; ++option) {
    if (option->val == nullptr) {
      continue;
    }
    if (std::string(option->keyword) == "dbname") {
      dbname = option->val;
      continue;
    }
    keys.emplace_back(option->keyword);
    values.emplace_back(option->val);
  }
  PQconninfoFree(parsed);
  if (dbname.empty()) {
    return InvalidArgument("postgresql " + label + ": the URL names no database");
  }
  std::string conninfo = "dbname=postgres";
  for (size_t i = 0; i < keys.size(); ++i) {
    std::string value;
    for (char c : values[i]) {
      if (c == '\'' || c == '\\') {
        value += '\\';
      }
      value += c;
    }
    conninfo += " " + keys[i] + "='" + value + "'";
  }
  CHANCERY_ASSIGN_OR_RETURN(std::unique_ptr<PgConn> admin, PgConn::Connect(conninfo, label));
  std::string quoted = "\"";
  for (char c : dbname) {
    quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  quoted += "\"";
  Status created = admin->Exec("CREATE DATABASE " + quoted);
  if (created.code() == StatusCode::kConflict) {
    return Status::Ok();  // another node created it meanwhile (duplicate_database is 42P04)
  }
  if (!created.ok() && created.message().find("already exists") != std::string::npos) {
    return Status::Ok();
  }
  return created;
}

}  // namespace

Result<std::unique_ptr<Store>> OpenPg(const StoreOptions& options, int64_t schema_version) {
  const std::string label = RedactUrl(options.path);
  Result<std::unique_ptr<PgConn>> conn = PgConn::Connect(options.path, label);
  if (!conn.ok() && conn.status().code() == StatusCode::kNotFound && options.create_if_missing) {
    CHANCERY_RETURN_IF_ERROR(CreateDatabase(options.path, label));
    conn = PgConn::Connect(options.path, label);
  }
  if (!conn.ok()) {
    return conn.status();
  }
  CHANCERY_RETURN_IF_ERROR(MigratePg(**conn, options.create_if_missing, schema_version));
  return std::unique_ptr<Store>(
      std::make_unique<PgStore>(options.path, label, std::move(conn).value(), options));
}

}  // namespace internal

bool IsPostgresUrl(std::string_view location) {
  return location.rfind("postgresql://", 0) == 0 || location.rfind("postgres://", 0) == 0;
}

std::string RedactedLocation(std::string_view location) {
  return IsPostgresUrl(location) ? internal::RedactUrl(location) : std::string(location);
}

Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options) {
  if (!IsPostgresUrl(options.path)) {
    return InvalidArgument("not a postgresql:// URL: " + internal::RedactUrl(options.path));
  }
  return internal::OpenPg(options, internal::LatestPgSchemaVersion());
}

Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options) {
  return IsPostgresUrl(options.path) ? OpenPostgresStore(options) : OpenSqliteStore(options);
}

}  // namespace chancery::store
