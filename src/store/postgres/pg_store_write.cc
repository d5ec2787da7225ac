// PgStore's batch writes: records, users, meta, the audit chain, checkpoints and segments. Run
// inside a group transaction that holds the write lock (pg_store.h), so heads and counters read
// here cannot move until commit.
#include <string>
#include <unordered_map>

#include "store/postgres/pg_store.h"
#include "store/store_common.h"

namespace chancery::store::internal {

namespace {

Result<int64_t> Intern(PgConn& conn, const std::string& key,
                       std::unordered_map<std::string, int64_t>* interned) {
  if (auto it = interned->find(key); it != interned->end()) {
    return it->second;
  }
  CHANCERY_ASSIGN_OR_RETURN(PgRows found,
                            conn.Query("SELECT id FROM access_classes WHERE key = $1", {P(key)}));
  int64_t id = 0;
  if (!found.empty()) {
    id = found.Int(0, 0);
  } else {
    // Ids are max + 1 under the write lock: a new class always gets a larger id than every
    // committed one (AccessClassesAfter's promise), with no gaps from rolled-back transactions.
    CHANCERY_ASSIGN_OR_RETURN(
        id, conn.QueryInt("INSERT INTO access_classes(id, key) "
                          "SELECT coalesce(max(id), 0) + 1, $1 FROM access_classes RETURNING id",
                          {P(key)}));
  }
  interned->emplace(key, id);
  return id;
}

}  // namespace

Result<WriteResult> PgStore::ApplyLocked(WriteBatch& batch) {
  WriteResult result;
  CHANCERY_RETURN_IF_ERROR(WriteRecordsLocked(batch, &result));
  CHANCERY_RETURN_IF_ERROR(WriteUsersAndMetaLocked(batch));
  CHANCERY_RETURN_IF_ERROR(AppendAuditLocked(batch, &result));
  CHANCERY_RETURN_IF_ERROR(WriteCheckpointsLocked(batch));
  CHANCERY_RETURN_IF_ERROR(ArchiveSegmentLocked(batch));
  if (!batch.records.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(result.last_change_seq,
                              writer_->QueryInt("SELECT coalesce(max(seq), 0) FROM changes"));
  }
  return result;
}

Status PgStore::WriteRecordsLocked(const WriteBatch& batch, WriteResult* result) {
  PgConn& conn = *writer_;
  std::unordered_map<std::string, int64_t> interned;
  result->versions.reserve(batch.records.size());
  CHANCERY_ASSIGN_OR_RETURN(int64_t seq,
                            conn.QueryInt("SELECT coalesce(max(seq), 0) FROM changes"));
  for (const RecordWrite& record : batch.records) {
    CHANCERY_ASSIGN_OR_RETURN(int64_t access_class,
                              Intern(conn, record.access_class_key, &interned));
    // Two round trips a record. The first keeps the version being replaced, if any, whole and
    // says whether it was sealed; a refused replacement is undone with the batch's savepoint.
    CHANCERY_ASSIGN_OR_RETURN(
        PgRows sealed,
        conn.Query("WITH old AS (SELECT r.id, r.version, b.payload, r.access_class, r.serial, "
                   "r.sealed FROM records r JOIN record_bodies b ON b.id = r.id WHERE r.id = $1), "
                   "kept AS (INSERT INTO record_versions(id, version, payload, access_class, "
                   "serial) SELECT id, version, payload, access_class, serial FROM old) "
                   "SELECT sealed FROM old",
                   {P(record.id)}));
    if (!sealed.empty() && sealed.Text(0, 0) == "t" && !record.replace_sealed) {
      return FailedPrecondition("record " + record.id +
                                " is sealed (a released cable): it cannot be replaced");
    }
    CHANCERY_ASSIGN_OR_RETURN(
        int64_t version,
        conn.QueryInt(
            "WITH rec AS (INSERT INTO records(id, access_class, serial, version, sealed) "
            "VALUES($1, $2, $3, 1, $4) ON CONFLICT(id) DO UPDATE SET "
            "access_class = excluded.access_class, serial = excluded.serial, "
            "sealed = records.sealed OR excluded.sealed, "
            "version = records.version + 1 RETURNING version), "
            "body AS (INSERT INTO record_bodies(id, payload) VALUES($1, $5) "
            "ON CONFLICT(id) DO UPDATE SET payload = excluded.payload), "
            "change AS (INSERT INTO changes(seq, record_id, kind) VALUES($6, $1, $7)) "
            "SELECT version FROM rec",
            {P(record.id), P(access_class), P(record.serial), P(record.seal ? "true" : "false"),
             P(record.payload), P(++seq), P(static_cast<int64_t>(ChangeKind::kPut))}));
    result->versions.push_back(version);
  }
  return Status::Ok();
}

Status PgStore::WriteUsersAndMetaLocked(const WriteBatch& batch) {
  PgConn& conn = *writer_;
  for (const UserRow& user : batch.users) {
    CHANCERY_RETURN_IF_ERROR(conn.Exec(
        "INSERT INTO users(name, clearance, administrator, created_micros) "
        "VALUES($1, $2, $3, $4) ON CONFLICT(name) DO UPDATE SET clearance = excluded.clearance, "
        "administrator = excluded.administrator, created_micros = excluded.created_micros",
        {P(user.name), P(user.clearance), P(user.administrator ? "true" : "false"),
         P(user.created_micros)}));
  }
  for (const auto& [key, value] : batch.meta) {
    CHANCERY_RETURN_IF_ERROR(
        conn.Exec("INSERT INTO meta(key, value) VALUES($1, $2) "
                  "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                  {P(key), P(value)}));
  }
  return Status::Ok();
}

Status PgStore::AppendAuditLocked(WriteBatch& batch, WriteResult* result) {
  PgConn& conn = *writer_;
  CHANCERY_ASSIGN_OR_RETURN(PgRows head,
                            conn.Query("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
  int64_t seq = head.empty() ? 0 : head.Int(0, 0);
  std::string prev_hash = head.empty() ? std::string() : head.Text(0, 1);
  if (batch.audit.empty()) {
    result->last_audit_seq = seq;
    return Status::Ok();
  }
  const StoreOptions::HashRead read = [&](const std::vector<int64_t>& indexes) {
    return ReadAuditHashesOn(conn, label_, indexes);
  };
  for (model::AuditEvent& event : batch.audit) {
    event.seq = ++seq;
    event.prev_hash = std::move(prev_hash);
    event.hash = options_.audit_hash(event);
    CHANCERY_RETURN_IF_ERROR(conn.Exec(
        "INSERT INTO audit(seq, time_micros, actor, action, target, decision, ids, prev_hash, "
        "hash) VALUES($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        {P(event.seq), P(event.time_micros), P(event.actor), P(event.action), P(event.target),
         P(event.decision), P(EncodeIds(event.ids)), P(event.prev_hash), P(event.hash)}));
    CHANCERY_ASSIGN_OR_RETURN(auto tree, options_.audit_tree(event, read));
    for (const auto& [index, hash] : tree) {
      CHANCERY_ASSIGN_OR_RETURN(PgRows put,
                                conn.Query("INSERT INTO audit_hashes(idx, hash) VALUES($1, $2) "
                                           "ON CONFLICT(idx) DO NOTHING",
                                           {P(index), P(hash)}));
      if (put.Affected() != 1) {
        return Corruption("postgresql " + label_ + ": audit tree hash " + std::to_string(index) +
                          " for entry " + std::to_string(event.seq) +
                          " is already stored: the audit log was tampered with");
      }
    }
    prev_hash = event.hash;
  }
  result->last_audit_seq = seq;
  return Status::Ok();
}

Status PgStore::WriteCheckpointsLocked(const WriteBatch& batch) {
  for (const CheckpointRow& checkpoint : batch.checkpoints) {
    CHANCERY_RETURN_IF_ERROR(
        writer_->Exec("INSERT INTO audit_checkpoints(size, note, time_micros) VALUES($1, $2, $3) "
                      "ON CONFLICT(size) DO NOTHING",
                      {P(checkpoint.size), P(checkpoint.note), P(checkpoint.time_micros)}));
  }
  return Status::Ok();
}

Status PgStore::ArchiveSegmentLocked(const WriteBatch& batch) {
  if (!batch.audit_segment.has_value()) {
    return Status::Ok();
  }
  PgConn& conn = *writer_;
  const AuditSegmentRow& seg = *batch.audit_segment;
  const std::string what = "audit segment " + std::to_string(seg.first) + ".." +
                           std::to_string(seg.last) + " on " + label_ + ": ";
  CHANCERY_ASSIGN_OR_RETURN(int64_t archived,
                            conn.QueryInt("SELECT coalesce(max(last), 0) FROM audit_segments"));
  CHANCERY_ASSIGN_OR_RETURN(int64_t head, conn.QueryInt("SELECT coalesce(max(seq), 0) FROM audit"));
  if (seg.first != archived + 1 || seg.last < seg.first || seg.last >= head || seg.file.empty() ||
      seg.file.find('/') != std::string::npos) {
    return FailedPrecondition(what + "must start at " + std::to_string(archived + 1) +
                              " and end below the head entry " + std::to_string(head) +
                              ", with a plain file name");
  }
  CHANCERY_ASSIGN_OR_RETURN(
      PgRows deleted,
      conn.Query("DELETE FROM audit WHERE seq >= $1 AND seq <= $2", {P(seg.first), P(seg.last)}));
  if (deleted.Affected() != seg.last - seg.first + 1) {
    return FailedPrecondition(what + "only " + std::to_string(deleted.Affected()) + " of its " +
                              std::to_string(seg.last - seg.first + 1) +
                              " entries are in the store");
  }
  return conn.Exec(
      "INSERT INTO audit_segments(first, last, file, sha256, last_hash, time_micros) "
      "VALUES($1, $2, $3, $4, $5, $6)",
      {P(seg.first), P(seg.last), P(seg.file), P(seg.sha256), P(seg.last_hash),
       P(seg.time_micros)});
}

}  // namespace chancery::store::internal
