// Records: the trust facade over the store, the search index and the audit log. Every read path
// (show, search, list, export) decides access with security::Decide on the record's access class,
// and a record the subject may not read is reported exactly like one that does not exist
// (kNotFound, same message). Every operation, read or write, appends an entry to the audit log in
// the store. The search index is derived: Records feeds it from the store's change log and
// repairs it on open after a crash.
//
// A Records object owns its Store and SearchIndex. Methods may be called from several threads;
// index maintenance is serialized internally.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/audit/tlog.h"
#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/model/audit_event.h"
#include "chancery/model/cable.h"
#include "chancery/records/translations.h"
#include "chancery/search/search_index.h"
#include "chancery/security/decide.h"
#include "chancery/security/policy.h"
#include "chancery/store/store.h"

namespace chancery::records {

struct RecordsOptions {
  // The store: a SQLite database file, or a PostgreSQL URL (postgresql://USER@HOST:PORT/DB) that
  // several nodes share (store::OpenStore). Required.
  std::string db_path;
  // For a PostgreSQL store: the folder of the files a SQLite store keeps beside its file (the
  // audit signing key and its checkpoint, users' signing keys in keys/, audit segments); every
  // node needs the same keys (docs/deploy.md). Required with a URL; ignored for SQLite.
  std::string files_dir;
  // Search index directory: this node's own, derived from the store's change log. Default:
  // db_path + ".index" for SQLite; required with a URL (each node keeps its own).
  std::string index_dir;
  // Audit signing key file (Ed25519, mode 0600). Default: SideFilePrefix() + ".audit-key".
  std::string key_path;
  // SQLite synchronous=FULL when true (default); NORMAL when false (still crash-safe for
  // process crashes, not for power loss).
  bool synchronous_full = true;
  // Time source; nullptr means the system clock. Not owned; must outlive Records.
  const Clock* clock = nullptr;
  // Parts per access class of a search index created by this call (search::IndexOptions::parts;
  // 0 = the number of cores, up to 8); an existing index keeps its own. One part (the default)
  // gives the fastest searches when there are many access classes; P parts write in parallel
  // (FRUS import 1.7x faster with 2), but every search then combines P times as many databases
  // (docs/benchmarks.md "Search").
  uint32_t index_parts = 1;

  // Fills the defaults above. kInvalidArgument if db_path is empty, or it is a URL and index_dir
  // or files_dir is empty.
  Status Validate();

  // What side files' names start with: db_path for SQLite ("chancery.db" + ".keys"), or
  // files_dir + "/chancery" for PostgreSQL.
  std::string SideFilePrefix() const;
};

struct ImportOptions {
  // Current label for records whose source gives none. Without it such a record keeps its
  // original marking as its current label (or the public level if it has none). ImportPaths
  // sets it to the public level for archive records and FRUS volumes, which are published.
  std::optional<model::Label> current_label;
  // Records written per store transaction.
  size_t batch_size = 500;
};

struct ImportResult {
  std::vector<std::string> ids;  // in input order
  // 1 = created, >1 = updated (the earlier version is kept), 0 = unchanged (nothing written).
  std::vector<int64_t> versions;
  // OK, or why the search index could not follow now (another process holds its writer, a
  // damaged shard): the records are stored and the next catch-up or reindex indexes them.
  Status index_status;
};

// One version of a record as a reader reads it (ShowVersion; docs/citations.md "Permalinks").
struct RecordVersion {
  model::Cable cable;
  int64_t version = 0;  // the version shown, 1-based
  int64_t current = 0;  // the record's current version number
};

struct RecordSummary {
  std::string id;
  std::string title;   // model::DisplayTitle: the title, else the subject, else the id
  std::string date;    // ISO
  std::string serial;  // verbatim
  std::string label;   // current label banner
};

// A search as a subject asks it; see docs/search.md for the query language. Records adds the
// subject's visible classes and passes the rest to search::SearchQuery unchanged.
struct SearchRequest {
  std::string query;
  std::optional<model::Date> from;  // inclusive: from.FirstDay()
  std::optional<model::Date> to;    // inclusive: to.LastDay()
  bool include_undated = false;     // with a date range: also return undated records
  uint32_t offset = 0;
  uint32_t limit = 10;
  search::SortOrder sort = search::SortOrder::kRelevance;
  std::vector<search::Facet> facets;  // exact counts over what the subject may read
  uint32_t facet_limit = 10;
  bool snippets = false;
};

struct UserSpec {
  std::string name;
  security::Clearance clearance;
  bool administrator = false;
  bool security_officer = false;  // may change clearances and roles alone (two-person rule)
  friend bool operator==(const UserSpec&, const UserSpec&) = default;
};

// A change to a user's clearance or roles that waits for a second administrator's concurrence
// (policy `user-changes two-person`, docs/security.md "Separation of duties").
struct PendingUserChange {
  std::string id;                  // "uc-" and 16 hex digits
  UserSpec change;                 // the user as proposed
  std::optional<UserSpec> before;  // the user when it was proposed; nullopt for a new user
  std::string proposer;
  int64_t proposed_micros = 0;
};

struct UserChangeResult {
  bool applied = false;    // in effect now
  std::string pending_id;  // else: the change waiting for concurrence
};

struct AuditReport {
  int64_t entries = 0;   // every entry of the log, moved out of the store or not
  int64_t archived = 0;  // of which in segment files (docs/format/audit-log.md §14)
  // Of those, entries whose text was not checked (AuditVerifyOptions::without_segments): only
  // their tree hashes, which the checkpoints cover.
  int64_t archived_unchecked = 0;
  int64_t checkpoints = 0;      // signed checkpoints checked
  int64_t checkpoint_size = 0;  // entries covered by the latest signed checkpoint
  int64_t uncovered = 0;        // entries after it: hash-linked, but not yet signed for
  std::string key_source;       // which key the checkpoints were checked against
  Status status;                // OK, or kCorruption naming the first bad entry or checkpoint
};

// How VerifyAudit checks the log (`chancery audit verify`).
struct AuditVerifyOptions {
  // The verifier-key string the operator kept apart (`chancery audit key`); without it the key
  // found beside the store is trusted, and AuditReport::key_source says so.
  std::optional<std::string> key;
  // Where the segment files are; "" for where ArchiveAudit wrote them (<db>.audit-segments).
  std::string segments_dir;
  // Check moved-out entries by their stored tree hashes only (a missing segment file is then
  // not an error; AuditReport::archived_unchecked counts them).
  bool without_segments = false;
};

// What ArchiveAudit moves out of the store.
struct AuditArchiveOptions {
  // The last entry to move: rounded down to the size of a stored checkpoint (a segment always
  // ends where a signed checkpoint does); 0 for the latest checkpoint.
  int64_t through = 0;
  // Only entries older than this (UTC microseconds); 0 for no limit.
  int64_t before_micros = 0;
  // The directory for segment files; "" for <db>.audit-segments.
  std::string dir;
};

// One segment written by ArchiveAudit.
struct AuditSegment {
  int64_t first = 0;
  int64_t last = 0;
  std::string path;
  std::string sha256;
};

// Where a process's search index stands against the store's change log (Records::ReadIndexLag).
struct IndexLag {
  int64_t store_seq = 0;  // the last change in the store's log
  int64_t index_seq = 0;  // the last change this process's index has applied
  // OK, or why searches here fail now: the index's Health(), or the error of the last catch-up
  // (another process holds the index's writer, a shard is missing, counts disagree), retried
  // once by ReadIndexLag unless a catch-up is in progress.
  Status index;
};

// RFC 9162 proofs over the audit log's Merkle tree (docs/format/audit-log.md §8), with the
// hashes a verifier compares them to.
struct InclusionProof {
  int64_t index = 0;  // 0-based: entry seq - 1
  int64_t size = 0;
  audit::Hash leaf{};
  audit::Hash root{};
  std::vector<audit::Hash> proof;
};

struct ConsistencyProof {
  int64_t from = 0;
  int64_t to = 0;
  audit::Hash old_root{};
  audit::Hash new_root{};
  std::vector<audit::Hash> proof;
};

class Records {
 public:
  // Creates a new store at options.db_path with `policy_text` (kAlreadyExists if one exists),
  // its signing key and an empty index. `policy_source` names the policy in parse errors
  // ("<policy_source>:<line>:<col>: ...").
  static Result<std::unique_ptr<Records>> Init(RecordsOptions options, std::string_view policy_text,
                                               std::string_view policy_source = "policy");
  // Opens an existing store (kNotFound naming the path if there is none) and brings the index up
  // to date with the store's change log.
  static Result<std::unique_ptr<Records>> Open(RecordsOptions options);

  virtual ~Records() = default;

  virtual const security::Policy& policy() const = 0;

  // The subject for a user name; std::nullopt means the anonymous public reader.
  // kNotFound "unknown user NAME" for a user that is not registered.
  virtual Result<security::Subject> ResolveSubject(std::optional<std::string_view> user) = 0;
  // The local operator: an administrator cleared for every level and category of the policy.
  virtual security::Subject Administrator(std::string_view name) const = 0;

  // Administrative. Registers or replaces a user, under separation of duties: nobody grants a
  // level, category, group, office or role beyond their own (the local operator holds them
  // all), nobody changes their own clearance or roles, and a change to a clearance or role by an
  // administrator who is not a security officer waits for a second administrator under
  // `user-changes two-person` (refused under `security-officer`). The audit entry records the
  // old and new values. kInvalidArgument for an unknown level, category or group or a reserved
  // or malformed name; kPermissionDenied naming the rule broken.
  virtual Result<UserChangeResult> ChangeUser(const security::Subject& actor,
                                              const UserSpec& user) = 0;
  // ChangeUser, with kFailedPrecondition "user change ID awaits a second administrator's
  // concurrence" when the change is pending.
  virtual Status AddUser(const security::Subject& actor, const UserSpec& user) = 0;
  virtual Result<std::vector<UserSpec>> ListUsers(const security::Subject& actor) = 0;
  // Pending changes, oldest first (administrators).
  virtual Result<std::vector<PendingUserChange>> PendingUserChanges(
      const security::Subject& actor) = 0;
  // A second administrator (not the proposer, not the user changed, within their own
  // clearance) concurs and the change takes effect; kNotFound for an unknown id, kConflict if
  // the user changed since it was proposed (the change is then dropped).
  virtual Status ConcurUserChange(const security::Subject& actor, std::string_view id) = 0;
  // An administrator withdraws or refuses a pending change.
  virtual Status RejectUserChange(const security::Subject& actor, std::string_view id) = 0;

  // Administrative. Canonicalizes markings and precedence under the policy, applies
  // options.current_label where a record has none, raises a label to cover paragraph portions
  // above it (policy portion-above-label), validates, and stores the records. Records are never
  // silently overwritten: an identical re-import writes nothing; a changed one makes a new
  // version and keeps the old; an id held by a record the importer may not read gets the same
  // kPermissionDenied as a label above the importer's clearance (no existence leak); a sealed
  // (released) cable is kFailedPrecondition; so is a lower label (declassification is review,
  // not import). kInvalidArgument names the record and field. Nothing of a failed batch is
  // stored.
  virtual Result<ImportResult> Import(const security::Subject& actor,
                                      std::vector<model::Cable> cables,
                                      const ImportOptions& options) = 0;

  // The record with this id or verbatim serial, if the subject may read it; otherwise
  // kNotFound "no record ID", exactly as for a record that does not exist.
  virtual Result<model::Cable> Show(const security::Subject& subject, std::string_view id) = 0;
  // Version `version` (1-based; 0 for the current one) of the record with this id or verbatim
  // serial. The subject must be allowed to read the record as it is now (its current label,
  // as Show decides) AND that version under its own label; anything else -- a hidden record, a
  // hidden version, a version that does not exist -- is kNotFound "no record ID", exactly as
  // for a record that does not exist. Audited as a show of the record.
  virtual Result<RecordVersion> ShowVersion(const security::Subject& subject, std::string_view id,
                                            int64_t version) = 0;
  // The translations of the record `id` (its id, not a serial) that the subject may read, in id
  // order (docs/archive.md "Translations"). kNotFound "no record ID" when the subject may not
  // read the record itself, exactly as for a missing one. Translations the subject may not read
  // are neither listed nor counted. Audited as a read.
  virtual Result<std::vector<TranslationSummary>> Translations(const security::Subject& subject,
                                                               std::string_view id) = 0;
  // For a published translation `id`: the id of the original's published record it was
  // published against (docs/archive.md "Translations"), which its `translation_of` does not name
  // (that is the working original, hidden from the public). "" when `id` is not a published
  // translation or the subject may not read that record. kNotFound "no record ID" when the
  // subject may not read `id`, exactly as for a missing one.
  virtual Result<std::string> PublishedOriginal(const security::Subject& subject,
                                                std::string_view id) = 0;
  // Full-text search over the records the subject may read; totals count only those.
  virtual Result<search::SearchResults> Search(const security::Subject& subject,
                                               const SearchRequest& request) = 0;
  // Records the subject may read, in id order.
  virtual Status List(const security::Subject& subject,
                      const std::function<Status(const RecordSummary&)>& fn) = 0;
  virtual Status Export(const security::Subject& subject,
                        const std::function<Status(const model::Cable&)>& fn) = 0;

  // Administrative. Audit entries with seq > after_seq, at most `limit`, as stored.
  virtual Result<std::vector<model::AuditEvent>> AuditLog(const security::Subject& actor,
                                                          int64_t after_seq, size_t limit) = 0;
  // Verifies every audit entry (hash chain and Merkle leaves, in the store and in segment
  // files), every stored Merkle hash, every stored checkpoint's signature and root, the signer's
  // own record of the last checkpoint it signed, and that each segment was moved out by an
  // `audit.archive` entry of the log naming its file's SHA-256.
  virtual Result<AuditReport> VerifyAudit(const AuditVerifyOptions& options) = 0;

  Result<AuditReport> VerifyAudit(const std::optional<std::string>& verifier_key) {
    AuditVerifyOptions options;
    options.key = verifier_key;
    return VerifyAudit(options);
  }

  // Moves the oldest audit entries, up to a signed checkpoint, into a segment file (0600,
  // written and synced before the store forgets them) and out of the store, with an
  // `audit.archive` entry naming the file and its SHA-256 (docs/format/audit-log.md §14). The
  // log is verified first; nothing moves if it does not verify. Only the local operator (who
  // holds the store's files). kFailedPrecondition when nothing is old enough to move.
  virtual Result<AuditSegment> ArchiveAudit(const security::Subject& actor,
                                            const AuditArchiveOptions& options) = 0;
  // The log's verifier-key string ("<origin>+<key id>+<key>"), for operators and witnesses.
  virtual Result<std::string> AuditVerifierKey() = 0;
  // The latest signed checkpoint (a C2SP signed note). kNotFound if there is none.
  virtual Result<std::string> AuditCheckpoint() = 0;
  // Proofs over the log: entry `index` (0-based) in the tree of `size` entries; the tree of
  // `from` entries inside the tree of `to`. kInvalidArgument for sizes outside the log.
  virtual Result<InclusionProof> ProveAuditInclusion(int64_t index, int64_t size) = 0;
  virtual Result<ConsistencyProof> ProveAuditConsistency(int64_t from, int64_t to) = 0;
  // Rebuilds the search index from the store.
  virtual Status Reindex(const security::Subject& actor) = 0;
  // Applies store changes the index has not seen yet (another process may have written).
  virtual Status CatchUpIndex() = 0;
  // Whether this process can serve (chanceryd's readiness probe): one read of the store's last
  // change seq, and the index's position and state (IndexLag::index), without waiting for a
  // catch-up in progress. Fails only when the store cannot be read (e.g. PostgreSQL
  // unreachable).
  virtual Result<IndexLag> ReadIndexLag() = 0;
  // Signs a checkpoint of the audit log's Merkle tree (done on every mutation, at most once a
  // second under read load, and on destruction) after checking that the log extends the last
  // signed checkpoint. kFailedPrecondition without the signing key; kCorruption "audit alarm:
  // ..." when the log was rewritten, truncated or re-keyed (nothing is signed then).
  virtual Status Checkpoint() = 0;
  // The store every workflow borrows (the desk, sign-in credentials): one owner, one audit log.
  virtual store::Store& store() = 0;
};

}  // namespace chancery::records
