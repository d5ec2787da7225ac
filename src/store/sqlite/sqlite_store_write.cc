// SqliteStore::Write: one BEGIN IMMEDIATE transaction per batch (docs/store.md "Writes").
#include <algorithm>
#include <string>
#include <unordered_map>

#include "store/sqlite/sqlite_store.h"

namespace chancery::store::internal {

Result<WriteResult> SqliteStore::Write(WriteBatch batch) {
  CHANCERY_RETURN_IF_ERROR(CheckNotInCallback("write"));
  CHANCERY_RETURN_IF_ERROR(ValidateBatch(batch, options_));
  if (batch.durability == Durability::kProcessCrash) {
    // Group-committed with other such batches (concurrent read audits).
    Result<WriteResult> result = Internal("write on " + db_->path() + ": not run");
    CHANCERY_RETURN_IF_ERROR(Enqueue(PendingTxn::Work{&batch, &result}, /*relaxed=*/true));
    return result;
  }
  std::lock_guard lock(mu_);
  CHANCERY_RETURN_IF_ERROR(SetSynchronousLocked(options_.synchronous_full));
  CHANCERY_RETURN_IF_ERROR(db_->BeginImmediate());
  Result<WriteResult> result = ApplyLocked(batch);
  Status status = result.status();
  if (status.ok()) {
    status = db_->Commit();
  }
  if (!status.ok()) {
    db_->Rollback();
    return status;
  }
  return result;
}

Status SqliteStore::SetSynchronousLocked(bool full) {
  if (synchronous_full_now_ == full) {
    return Status::Ok();
  }
  synchronous_full_now_.reset();
  CHANCERY_RETURN_IF_ERROR(
      db_->Exec(full ? "PRAGMA synchronous=FULL" : "PRAGMA synchronous=NORMAL"));
  synchronous_full_now_ = full;
  return Status::Ok();
}

Result<WriteResult> SqliteStore::ApplyLocked(WriteBatch& batch) {
  WriteResult result;
  CHANCERY_RETURN_IF_ERROR(WriteRecordsLocked(batch, &result));
  CHANCERY_RETURN_IF_ERROR(WriteUsersAndMetaLocked(batch));
  CHANCERY_RETURN_IF_ERROR(AppendAuditLocked(batch, &result));
  CHANCERY_RETURN_IF_ERROR(WriteCheckpointsLocked(batch));
  CHANCERY_RETURN_IF_ERROR(ArchiveSegmentLocked(batch));
  if (!batch.records.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(result.last_change_seq,
                              QueryIntLocked("SELECT coalesce(max(seq), 0) FROM changes"));
  }
  return result;
}

Result<int64_t> SqliteStore::InternLocked(const std::string& key,
                                          std::unordered_map<std::string, int64_t>* interned) {
  if (auto it = interned->find(key); it != interned->end()) {
    return it->second;
  }
  // The no-op update makes RETURNING yield the id of an existing row too.
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt stmt, db_->Prepare("INSERT INTO access_classes(key) VALUES(?) ON CONFLICT(key) "
                              "DO UPDATE SET key = excluded.key RETURNING id"));
  stmt.BindText(1, key);
  CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
  if (!row) {
    return Internal("sqlite " + db_->path() + ": interning access class " + key + " gave no id");
  }
  const int64_t id = stmt.ColumnInt(0);
  CHANCERY_RETURN_IF_ERROR(stmt.Run());
  interned->emplace(key, id);
  return id;
}

Status SqliteStore::WriteRecordsLocked(const WriteBatch& batch, WriteResult* result) {
  std::unordered_map<std::string, int64_t> interned;
  result->versions.reserve(batch.records.size());
  for (const RecordWrite& record : batch.records) {
    CHANCERY_ASSIGN_OR_RETURN(int64_t access_class,
                              InternLocked(record.access_class_key, &interned));
    CHANCERY_ASSIGN_OR_RETURN(Stmt sealed, db_->Prepare("SELECT sealed FROM records WHERE id = ?"));
    sealed.BindText(1, record.id);
    CHANCERY_ASSIGN_OR_RETURN(bool exists, sealed.Step());
    const bool was_sealed = exists && sealed.ColumnInt(0) != 0;
    CHANCERY_RETURN_IF_ERROR(sealed.Run());
    if (was_sealed && !record.replace_sealed) {
      return FailedPrecondition("record " + record.id +
                                " is sealed (a released cable): it cannot be replaced");
    }
    // The version being replaced, if any, is kept whole.
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt keep, db_->Prepare("INSERT INTO record_versions(id, version, payload, access_class, "
                                "serial) SELECT r.id, r.version, b.payload, r.access_class, "
                                "r.serial FROM records r JOIN record_bodies b ON b.id = r.id "
                                "WHERE r.id = ?"));
    keep.BindText(1, record.id);
    CHANCERY_RETURN_IF_ERROR(keep.Run());
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt upsert, db_->Prepare("INSERT INTO records(id, access_class, serial, version, sealed) "
                                  "VALUES(?, ?, ?, 1, ?) ON CONFLICT(id) DO UPDATE SET "
                                  "access_class = excluded.access_class, serial = excluded.serial, "
                                  "sealed = max(records.sealed, excluded.sealed), "
                                  "version = records.version + 1 RETURNING version"));
    upsert.BindText(1, record.id);
    upsert.BindInt(2, access_class);
    upsert.BindText(3, record.serial);
    upsert.BindInt(4, record.seal ? 1 : 0);
    CHANCERY_ASSIGN_OR_RETURN(bool row, upsert.Step());
    if (!row) {
      return Internal("sqlite " + db_->path() + ": upsert of record " + record.id +
                      " returned no version");
    }
    result->versions.push_back(upsert.ColumnInt(0));
    CHANCERY_RETURN_IF_ERROR(upsert.Run());
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt body, db_->Prepare("INSERT INTO record_bodies(id, payload) VALUES(?, ?) "
                                "ON CONFLICT(id) DO UPDATE SET payload = excluded.payload"));
    body.BindText(1, record.id);
    body.BindText(2, record.payload);
    CHANCERY_RETURN_IF_ERROR(body.Run());
    CHANCERY_ASSIGN_OR_RETURN(Stmt change,
                              db_->Prepare("INSERT INTO changes(record_id, kind) VALUES(?, ?)"));
    change.BindText(1, record.id);
    change.BindInt(2, static_cast<int64_t>(ChangeKind::kPut));
    CHANCERY_RETURN_IF_ERROR(change.Run());
  }
  return Status::Ok();
}

Status SqliteStore::WriteUsersAndMetaLocked(const WriteBatch& batch) {
  for (const UserRow& user : batch.users) {
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt stmt, db_->Prepare("INSERT OR REPLACE INTO users(name, clearance, administrator, "
                                "created_micros) VALUES(?, ?, ?, ?)"));
    stmt.BindText(1, user.name);
    stmt.BindText(2, user.clearance);
    stmt.BindInt(3, user.administrator ? 1 : 0);
    stmt.BindInt(4, user.created_micros);
    CHANCERY_RETURN_IF_ERROR(stmt.Run());
  }
  for (const auto& [key, value] : batch.meta) {
    CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                              db_->Prepare("INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)"));
    stmt.BindText(1, key);
    stmt.BindText(2, value);
    CHANCERY_RETURN_IF_ERROR(stmt.Run());
  }
  return Status::Ok();
}

Status SqliteStore::AppendAuditLocked(WriteBatch& batch, WriteResult* result) {
  // The head is read inside the write transaction, so no other writer can move it meanwhile.
  CHANCERY_ASSIGN_OR_RETURN(Stmt head,
                            db_->Prepare("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"));
  CHANCERY_ASSIGN_OR_RETURN(bool row, head.Step());
  int64_t seq = row ? head.ColumnInt(0) : 0;
  std::string prev_hash = row ? head.ColumnText(1) : std::string();
  CHANCERY_RETURN_IF_ERROR(head.Run());
  if (batch.audit.empty()) {
    result->last_audit_seq = seq;
    return Status::Ok();
  }
  const StoreOptions::HashRead read = [this](const std::vector<int64_t>& indexes) {
    return ReadAuditHashesLocked(indexes);
  };
  for (model::AuditEvent& event : batch.audit) {
    event.seq = ++seq;
    event.prev_hash = std::move(prev_hash);
    event.hash = options_.audit_hash(event);
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt insert, db_->Prepare("INSERT INTO audit(seq, time_micros, actor, action, target, "
                                  "decision, ids, prev_hash, hash) "
                                  "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    insert.BindInt(1, event.seq);
    insert.BindInt(2, event.time_micros);
    insert.BindText(3, event.actor);
    insert.BindText(4, event.action);
    insert.BindText(5, event.target);
    insert.BindText(6, event.decision);
    insert.BindText(7, EncodeIds(event.ids));
    insert.BindText(8, event.prev_hash);
    insert.BindText(9, event.hash);
    CHANCERY_RETURN_IF_ERROR(insert.Run());
    CHANCERY_ASSIGN_OR_RETURN(auto tree, options_.audit_tree(event, read));
    for (const auto& [index, hash] : tree) {
      CHANCERY_ASSIGN_OR_RETURN(
          Stmt put, db_->Prepare("INSERT OR IGNORE INTO audit_hashes(idx, hash) VALUES(?, ?)"));
      put.BindInt(1, index);
      put.BindText(2, hash);
      CHANCERY_RETURN_IF_ERROR(put.Run());
      if (db_->Changes() != 1) {
        return Corruption("sqlite " + db_->path() + ": audit tree hash " + std::to_string(index) +
                          " for entry " + std::to_string(event.seq) +
                          " is already stored: the audit log was tampered with");
      }
    }
    prev_hash = event.hash;
  }
  result->last_audit_seq = seq;
  return Status::Ok();
}

Status SqliteStore::WriteCheckpointsLocked(const WriteBatch& batch) {
  for (const CheckpointRow& checkpoint : batch.checkpoints) {
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt stmt, db_->Prepare("INSERT OR IGNORE INTO audit_checkpoints(size, note, time_micros) "
                                "VALUES(?, ?, ?)"));
    stmt.BindInt(1, checkpoint.size);
    stmt.BindText(2, checkpoint.note);
    stmt.BindInt(3, checkpoint.time_micros);
    CHANCERY_RETURN_IF_ERROR(stmt.Run());
  }
  return Status::Ok();
}

Status SqliteStore::ArchiveSegmentLocked(const WriteBatch& batch) {
  if (!batch.audit_segment.has_value()) {
    return Status::Ok();
  }
  const AuditSegmentRow& seg = *batch.audit_segment;
  const std::string what = "audit segment " + std::to_string(seg.first) + ".." +
                           std::to_string(seg.last) + " on " + db_->path() + ": ";
  CHANCERY_ASSIGN_OR_RETURN(int64_t archived,
                            QueryIntLocked("SELECT coalesce(max(last), 0) FROM audit_segments"));
  CHANCERY_ASSIGN_OR_RETURN(int64_t head,
                            QueryIntLocked("SELECT coalesce(max(seq), 0) FROM audit"));
  if (seg.first != archived + 1 || seg.last < seg.first || seg.last >= head || seg.file.empty() ||
      seg.file.find('/') != std::string::npos) {
    return FailedPrecondition(what + "must start at " + std::to_string(archived + 1) +
                              " and end below the head entry " + std::to_string(head) +
                              ", with a plain file name");
  }
  CHANCERY_ASSIGN_OR_RETURN(Stmt del,
                            db_->Prepare("DELETE FROM audit WHERE seq >= ? AND seq <= ?"));
  del.BindInt(1, seg.first);
  del.BindInt(2, seg.last);
  CHANCERY_RETURN_IF_ERROR(del.Run());
  if (db_->Changes() != seg.last - seg.first + 1) {
    return FailedPrecondition(what + "only " + std::to_string(db_->Changes()) + " of its " +
                              std::to_string(seg.last - seg.first + 1) +
                              " entries are in the store");
  }
  CHANCERY_ASSIGN_OR_RETURN(
      Stmt put, db_->Prepare("INSERT INTO audit_segments(first, last, file, sha256, last_hash, "
                             "time_micros) VALUES(?, ?, ?, ?, ?, ?)"));
  put.BindInt(1, seg.first);
  put.BindInt(2, seg.last);
  put.BindText(3, seg.file);
  put.BindText(4, seg.sha256);
  put.BindText(5, seg.last_hash);
  put.BindInt(6, seg.time_micros);
  return put.Run();
}

Result<std::vector<std::string>> SqliteStore::ReadAuditHashesLocked(
    const std::vector<int64_t>& indexes) {
  std::vector<std::string> hashes;
  hashes.reserve(indexes.size());
  // A run of consecutive indexes (a verifier's pages) is one range query.
  const bool consecutive = indexes.size() > 2 && std::adjacent_find(indexes.begin(), indexes.end(),
                                                                    [](int64_t a, int64_t b) {
                                                                      return b != a + 1;
                                                                    }) == indexes.end();
  if (consecutive) {
    CHANCERY_ASSIGN_OR_RETURN(
        Stmt stmt,
        db_->Prepare(
            "SELECT idx, hash FROM audit_hashes WHERE idx >= ? AND idx <= ? ORDER BY idx"));
    stmt.BindInt(1, indexes.front());
    stmt.BindInt(2, indexes.back());
    for (int64_t want : indexes) {
      CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
      if (!row || stmt.ColumnInt(0) != want) {
        return Corruption("sqlite " + db_->path() + ": audit tree hash " + std::to_string(want) +
                          " is missing");
      }
      hashes.push_back(stmt.ColumnText(1));
    }
    return hashes;
  }
  for (int64_t index : indexes) {
    CHANCERY_ASSIGN_OR_RETURN(Stmt stmt,
                              db_->Prepare("SELECT hash FROM audit_hashes WHERE idx = ?"));
    stmt.BindInt(1, index);
    CHANCERY_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) {
      return Corruption("sqlite " + db_->path() + ": audit tree hash " + std::to_string(index) +
                        " is missing");
    }
    hashes.push_back(stmt.ColumnText(0));
  }
  return hashes;
}

}  // namespace chancery::store::internal
