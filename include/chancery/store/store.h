// Store: the durable source of truth. It holds records (as opaque JSON payloads plus the few
// columns that lookups need), the access classes records are interned into, users, an ordered
// change log that the search index is fed from, the hash-chained audit log, and metadata
// (schema version, policy text).
//
// The store knows nothing of cable semantics or security: callers (src/records) serialize,
// decide and hash. The interface is backend-neutral so that a PostgreSQL implementation can
// follow without touching callers; OpenSqliteStore() is the embedded default, OpenPostgresStore()
// the shared one for several nodes.
//
// Thread safety: a Store may be used from several threads at once; writes are serialized
// internally. Several processes may open the same SQLite file (WAL mode), or the same PostgreSQL
// database from several machines; writers take turns.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/audit_event.h"

namespace chancery::store {

struct StoreOptions {
  // Where the store lives: a SQLite database file's path, or a PostgreSQL connection URL
  // (postgresql://USER@HOST:PORT/DB, any libpq URI parameter allowed). Required.
  std::string path;
  // Create the database if it does not exist. Default false: opening a missing store fails with
  // kNotFound naming the path.
  bool create_if_missing = false;
  // SQLite synchronous=FULL (every commit durable on power loss) when true; NORMAL (durable
  // across process crashes, WAL) when false. Default true.
  bool synchronous_full = true;
  // Computes an audit entry's hash once seq and prev_hash are filled in. Required for any write
  // that appends audit events; the records layer passes audit::HashEvent.
  std::function<std::string(const model::AuditEvent&)> audit_hash;
  // Computes the Merkle tree hashes (opaque strings, each with its index) that appending
  // `event` adds to the audit log's tree, given a reader of the hashes stored so far; the store
  // inserts them in the same transaction as the entry, and fails the write (kCorruption) if an
  // index is already taken (a tampered log). Required with audit_hash; the records layer passes
  // audit::StoredHashesForEvent (docs/format/audit-log.md §8).
  using HashRead = std::function<Result<std::vector<std::string>>(const std::vector<int64_t>&)>;
  std::function<Result<std::vector<std::pair<int64_t, std::string>>>(const model::AuditEvent&,
                                                                     const HashRead&)>
      audit_tree;
};

// A signed checkpoint of the audit log (docs/format/audit-log.md §9), kept forever.
struct CheckpointRow {
  int64_t size = 0;         // entries it covers
  std::string note;         // the signed note, opaque to the store
  int64_t time_micros = 0;  // when it was stored
  friend bool operator==(const CheckpointRow&, const CheckpointRow&) = default;
};

// A run of the oldest audit entries moved out of the store into a segment file
// (docs/format/audit-log.md §14). Their Merkle tree hashes stay in the store, so proofs and
// checkpoints still cover them; the file holds their text.
struct AuditSegmentRow {
  int64_t first = 0;        // seq of its first entry
  int64_t last = 0;         // seq of its last entry
  std::string file;         // the segment file's name (no directory)
  std::string sha256;       // hex SHA-256 of the file's bytes
  std::string last_hash;    // the hash of entry `last` (what entry last + 1 links to)
  int64_t time_micros = 0;  // when it was moved out
  friend bool operator==(const AuditSegmentRow&, const AuditSegmentRow&) = default;
};

// A record as stored. Replacing a record keeps the replaced version (RecordVersions).
struct StoredRecord {
  std::string id;
  std::string payload;       // JSON (docs/format/json.md)
  int64_t access_class = 0;  // id of the interned access class
  std::string serial;        // verbatim serial, "" if none
  int64_t version = 0;       // 1 on first put, +1 on each update
};

// A record's lookup columns without its payload: what an access decision needs, read without
// touching the (possibly large) body, so that a record the reader may not see costs the same as
// a missing one.
struct RecordMeta {
  std::string id;
  int64_t access_class = 0;
  std::string serial;
  int64_t version = 0;
  bool sealed = false;  // see RecordWrite::seal
};

struct RecordWrite {
  std::string id;
  std::string payload;
  std::string access_class_key;  // interned on write; see security::AccessClass::Key()
  std::string serial;
  // Seals the record (a released, signed cable): from then on a write replaces it only with
  // `replace_sealed` (its own workflow recording a later decision, kept as a new version);
  // any other write of its id fails the batch with kFailedPrecondition naming it. A sealed
  // record stays sealed.
  bool seal = false;
  bool replace_sealed = false;
};

struct UserRow {
  std::string name;
  std::string clearance;  // JSON, owned by the records layer
  bool administrator = false;
  int64_t created_micros = 0;
};

// How durable a commit must be before Write() returns.
enum class Durability : int8_t {
  // As StoreOptions.synchronous_full says (FULL: fsync per commit). Every mutation uses this.
  kDefault = 0,
  // Survives a crash of the process but may be lost on power loss until the next kDefault
  // commit or checkpoint syncs the log (SQLite synchronous=NORMAL for this commit only). For
  // batches that only record reads in the audit log: the chain stays consistent either way.
  kProcessCrash,
};

// Everything written by one Write() call commits atomically, or nothing does.
struct WriteBatch {
  std::vector<RecordWrite> records;  // each appends one change-log entry
  std::vector<UserRow> users;        // insert or replace by name
  std::vector<std::pair<std::string, std::string>> meta;
  std::vector<model::AuditEvent> audit;  // seq, prev_hash and hash are assigned by the store
  // Checkpoints to keep. A size that is already stored keeps its first note.
  std::vector<CheckpointRow> checkpoints;
  // Moves audit entries first..last out of the audit table and records the segment. After the
  // batch's own audit events are appended: `first` must follow the last segment (1 for the
  // first), every entry first..last must be present, and last must be below the log's head
  // (the head entry always stays). Otherwise kFailedPrecondition and nothing is written.
  std::optional<AuditSegmentRow> audit_segment;
  Durability durability = Durability::kDefault;
};

// A row of a workflow collection (the cable desk's directory, drafts, deliveries, ...). The
// store keeps `body` opaque; `group` and `sort` serve the ordered listings workflows need, e.g.
// one recipient office's delivery queue (group = office, sort = precedence rank + date-time
// group). Keys are unique within a collection.
struct DocRow {
  std::string collection;
  std::string key;
  std::string group;    // listing partition; "" for none
  std::string sort;     // order within the group, compared bytewise
  std::string body;     // opaque to the store (JSON by convention)
  int64_t version = 0;  // assigned by the store: 1 on insert, +1 on each replace
};

// Which rows of a collection ListDocs returns.
struct DocQuery {
  std::string collection;
  // With a group: the rows of that group in (sort, key) order, sort > after. Without: the rows
  // whose key starts with key_prefix, in key order, key > after. Paging a group by `after`
  // skips rows that share the last page's sort value: make sort unique within a group (e.g.
  // end it with the key) when a group is paged.
  std::optional<std::string> group;
  std::string key_prefix;
  std::string after;
  size_t limit = 1000;
};

struct WriteResult {
  // For each record in the batch, in order: its new version (1 = created).
  std::vector<int64_t> versions;
  // The change log's last seq after the batch; 0 when the batch wrote no records.
  int64_t last_change_seq = 0;
  int64_t last_audit_seq = 0;
};

enum class ChangeKind : int8_t { kPut = 0, kDelete };

struct Change {
  int64_t seq = 0;
  std::string record_id;
  ChangeKind kind = ChangeKind::kPut;
};

struct AccessClassRow {
  int64_t id = 0;
  std::string key;
};

// The writes and reads of one Transact() call. Everything a Txn writes commits atomically with
// the rest of its transaction, or not at all. Valid only inside the Transact callback.
class Txn {
 public:
  virtual ~Txn() = default;

  virtual Result<std::optional<DocRow>> GetDoc(std::string_view collection,
                                               std::string_view key) = 0;
  virtual Result<std::vector<DocRow>> ListDocs(const DocQuery& query) = 0;
  // Inserts or replaces (collection, key); returns the row's new version. If expected_version
  // is given and differs from the stored version (0 = absent), kConflict naming collection/key
  // and both versions, and nothing is written (StatusCode has no kAborted). Empty collection or
  // key: kInvalidArgument.
  virtual Result<int64_t> PutDoc(const DocRow& row,
                                 std::optional<int64_t> expected_version = std::nullopt) = 0;
  // Deletes the row if present.
  virtual Status DeleteDoc(std::string_view collection, std::string_view key) = 0;
  // The next value of a named gapless counter (1 for a new name). The increment commits or rolls
  // back with the transaction, so committed values have no gaps and no repeats.
  virtual Result<int64_t> NextSequence(std::string_view name) = 0;
  // The current value of a named counter (0 for a new name), without incrementing it.
  virtual Result<int64_t> PeekSequence(std::string_view name) = 0;
  // Records, users, meta and audit entries, as Store::Write but inside this transaction.
  // batch.durability is ignored here (Transact's own applies).
  virtual Result<WriteResult> Write(WriteBatch batch) = 0;
};

class Store {
 public:
  virtual ~Store() = default;

  // Atomically applies the batch. Audit events get consecutive seq numbers after the current
  // head, prev_hash = the head's hash, and hash = options.audit_hash(event).
  // Errors: kInvalidArgument (audit events but no audit_hash), kIoError, kUnavailable (busy).
  virtual Result<WriteResult> Write(WriteBatch batch) = 0;

  // Runs `fn` inside a write transaction and returns once that transaction is durable (per
  // StoreOptions.synchronous_full). Calls from several threads may be committed together in one
  // transaction (group commit); each fn runs in its own savepoint, so a fn that returns an error
  // is rolled back alone and its caller gets that error, while the others commit. If the commit
  // itself fails, every caller of the group gets the error and nothing of the group is stored
  // (a caller whose own fn failed keeps its own error). fn may run on another caller's thread.
  // fn must touch the store only through its Txn (a call of this Store from fn returns
  // kFailedPrecondition) and must have no effects outside the store that it cannot undo if
  // Transact fails.
  virtual Status Transact(const std::function<Status(Txn&)>& fn) = 0;

  // Reads of workflow collections outside a transaction (each call sees one consistent state).
  virtual Result<std::optional<DocRow>> GetDoc(std::string_view collection,
                                               std::string_view key) = 0;
  virtual Result<std::vector<DocRow>> ListDocs(const DocQuery& query) = 0;
  virtual Result<int64_t> PeekSequence(std::string_view name) = 0;
  // How many rows ListDocs would return for `query` without its limit (one consistent state),
  // and for a group query only those with sort <= sort_until when that is not "". A group
  // count walks the (collection, group, sort) index, not the rows' bodies.
  virtual Result<int64_t> CountDocs(const DocQuery& query, std::string_view sort_until = {}) = 0;

  // Record lookups. Absent records are std::nullopt, not an error.
  virtual Result<std::optional<StoredRecord>> GetRecord(std::string_view id) = 0;
  // The same without the payload (no read of the body).
  virtual Result<std::optional<RecordMeta>> GetRecordMeta(std::string_view id) = 0;
  virtual Result<std::vector<RecordMeta>> GetRecordMetasBySerial(std::string_view serial,
                                                                 size_t limit) = 0;
  // Calls `fn` for each record's meta in id order with id > after_id, at most `limit`.
  virtual Status ScanRecordMetas(std::string_view after_id, size_t limit,
                                 const std::function<Status(const RecordMeta&)>& fn) = 0;
  // Every earlier version of the record (the store keeps each one when a record is replaced),
  // oldest first; the current version is GetRecord's.
  virtual Result<std::vector<StoredRecord>> RecordVersions(std::string_view id) = 0;
  // How many records each access class holds (classes with none are absent).
  virtual Result<std::vector<std::pair<int64_t, int64_t>>> CountRecordsByClass() = 0;
  // Every record with this verbatim serial, in id order, at most `limit` (serials are unique
  // within a series and year, but records from different sources may share one). "" matches none.
  virtual Result<std::vector<StoredRecord>> GetRecordsBySerial(std::string_view serial,
                                                               size_t limit) = 0;
  // Calls `fn` for each record in id order with id > after_id, at most `limit` records.
  // Stops early and returns fn's status if fn returns non-OK.
  virtual Status ScanRecords(std::string_view after_id, size_t limit,
                             const std::function<Status(const StoredRecord&)>& fn) = 0;
  virtual Result<int64_t> CountRecords() = 0;

  // The interned access classes with id > after_id, in id order. Classes are never deleted and
  // a new one gets a larger id than every committed one, so a reader that remembers the largest
  // id it has seen fetches just the classes interned since.
  virtual Result<std::vector<AccessClassRow>> AccessClassesAfter(int64_t after_id) = 0;

  Result<std::vector<AccessClassRow>> AccessClasses() { return AccessClassesAfter(0); }

  // Change log, in seq order, seq > after_seq, at most `limit` entries.
  virtual Result<std::vector<Change>> ChangesSince(int64_t after_seq, size_t limit) = 0;
  virtual Result<int64_t> LastChangeSeq() = 0;

  virtual Result<std::optional<UserRow>> GetUser(std::string_view name) = 0;
  virtual Result<std::vector<UserRow>> ListUsers() = 0;

  virtual Result<std::optional<std::string>> GetMeta(std::string_view key) = 0;

  // Audit log, seq > after_seq in seq order, at most `limit` entries, exactly as stored (no
  // verification here: that is audit::Verify's job).
  virtual Result<std::vector<model::AuditEvent>> ReadAudit(int64_t after_seq, size_t limit) = 0;
  // The audit tree's stored hashes at `indexes`, in the order asked (StoreOptions::audit_tree
  // wrote them). kCorruption naming the first index that is missing.
  virtual Result<std::vector<std::string>> ReadAuditHashes(const std::vector<int64_t>& indexes) = 0;
  // How many tree hashes are stored.
  virtual Result<int64_t> CountAuditHashes() = 0;
  // The checkpoint of the largest size, if any.
  virtual Result<std::optional<CheckpointRow>> LatestCheckpoint() = 0;
  // Checkpoints with size > after_size in size order, at most `limit`.
  virtual Result<std::vector<CheckpointRow>> ListCheckpoints(int64_t after_size, size_t limit) = 0;

  // The audit segments moved out of the store, in seq order.
  virtual Result<std::vector<AuditSegmentRow>> ListAuditSegments() = 0;

  // The head of the audit log: its last seq (0 when empty) and that entry's stored hash ("" when
  // empty). Constant time: what a checkpoint signs.
  virtual Result<std::pair<int64_t, std::string>> AuditHead() = 0;
};

// Opens (or with create_if_missing creates) a SQLite store: WAL mode, foreign keys on, schema
// migrations applied in order (src/store/sqlite/migrations). Errors: kNotFound (missing file
// without create_if_missing), kCorruption (not a Chancery store, or a newer schema), kIoError.
Result<std::unique_ptr<Store>> OpenSqliteStore(const StoreOptions& options);

// True iff `location` is a PostgreSQL URL (postgresql:// or postgres://), not a file path.
bool IsPostgresUrl(std::string_view location);

// Opens (or with create_if_missing creates, database included) a PostgreSQL store at the URL in
// options.path, for one node of several (docs/store.md "PostgreSQL"): schema migrations applied
// once under an advisory lock; writes of every node serialized by one transaction-scoped
// advisory lock, so the change log commits in seq order. synchronous_full has no effect (the
// server's synchronous_commit applies; Durability::kProcessCrash turns it off per transaction).
// Errors: kNotFound (no such database, or no store in it without create_if_missing),
// kPermissionDenied (authentication failed), kUnavailable (server unreachable), kCorruption
// (the schema holds other tables, or a schema newer than this build), kInvalidArgument (a bad
// URL). Messages name the server with any password hidden.
Result<std::unique_ptr<Store>> OpenPostgresStore(const StoreOptions& options);

// `location` fit for messages and logs: a URL's password replaced by "***"; a path unchanged.
std::string RedactedLocation(std::string_view location);

// OpenPostgresStore for a PostgreSQL URL, else OpenSqliteStore.
Result<std::unique_ptr<Store>> OpenStore(const StoreOptions& options);

}  // namespace chancery::store
