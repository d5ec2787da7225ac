// Private implementation of records::Records. See include/chancery/records/records.h.
#pragma once

#include <atomic>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "chancery/audit/audit_log.h"
#include "chancery/records/records.h"
#include "chancery/search/search_index.h"
#include "chancery/store/store.h"

#include "records/audit_trail.h"
#include "records/read_aggregate.h"

namespace chancery::records::internal {

// Access classes by id, parsed once; refreshed when the store has interned new ones.
struct ClassTable {
  std::map<int64_t, security::AccessClass> classes;
  int64_t max_id = 0;  // the largest id read from the store
};

// Ties the index folder `options.index_dir` to the store whose identity is `store_id` (a file
// "store-id" in it; records.cc): fails with kFailedPrecondition naming both ids when the folder
// was derived from another store; claims a folder without the file when `claim`.
Status ClaimIndexFolder(const RecordsOptions& options, const std::string& store_id, bool claim);

class RecordsImpl final : public Records {
 public:
  RecordsImpl(RecordsOptions options, security::Policy policy, std::unique_ptr<store::Store> store,
              std::unique_ptr<search::SearchIndex> index, std::optional<audit::Signer> signer);
  ~RecordsImpl() override;

  const security::Policy& policy() const override { return policy_; }

  // The store's identity, claimed again in the index folder after each rebuild (which replaces
  // the folder). Set by Init and Open before the first catch-up.
  void set_store_id(std::string id) { store_id_ = std::move(id); }

  Result<security::Subject> ResolveSubject(std::optional<std::string_view> user) override;
  security::Subject Administrator(std::string_view name) const override;
  Result<UserChangeResult> ChangeUser(const security::Subject& actor,
                                      const UserSpec& user) override;
  Status AddUser(const security::Subject& actor, const UserSpec& user) override;
  Result<std::vector<UserSpec>> ListUsers(const security::Subject& actor) override;
  Result<std::vector<PendingUserChange>> PendingUserChanges(
      const security::Subject& actor) override;
  Status ConcurUserChange(const security::Subject& actor, std::string_view id) override;
  Status RejectUserChange(const security::Subject& actor, std::string_view id) override;
  Result<ImportResult> Import(const security::Subject& actor, std::vector<model::Cable> cables,
                              const ImportOptions& options) override;
  Result<model::Cable> Show(const security::Subject& subject, std::string_view id) override;
  Result<RecordVersion> ShowVersion(const security::Subject& subject, std::string_view id,
                                    int64_t version) override;  // records_versions.cc
  Result<std::vector<TranslationSummary>> Translations(const security::Subject& subject,
                                                       std::string_view id) override;
  Result<std::string> PublishedOriginal(const security::Subject& subject,
                                        std::string_view id) override;
  Result<search::SearchResults> Search(const security::Subject& subject,
                                       const SearchRequest& request) override;
  Status List(const security::Subject& subject,
              const std::function<Status(const RecordSummary&)>& fn) override;
  Status Export(const security::Subject& subject,
                const std::function<Status(const model::Cable&)>& fn) override;
  Result<std::vector<model::AuditEvent>> AuditLog(const security::Subject& actor, int64_t after_seq,
                                                  size_t limit) override;
  using Records::VerifyAudit;
  Result<AuditReport> VerifyAudit(const AuditVerifyOptions& options) override;
  Result<AuditSegment> ArchiveAudit(const security::Subject& actor,
                                    const AuditArchiveOptions& options) override;

  Result<std::string> AuditVerifierKey() override { return audit_.VerifierKey(); }

  Result<std::string> AuditCheckpoint() override { return audit_.LatestNote(); }

  Result<InclusionProof> ProveAuditInclusion(int64_t index, int64_t size) override {
    return audit_.ProveInclusion(index, size);
  }

  Result<ConsistencyProof> ProveAuditConsistency(int64_t from, int64_t to) override {
    return audit_.ProveConsistency(from, to);
  }

  store::Store& store() override { return *store_; }

  // Writes the new store's first batch: policy, public key, the empty log's checkpoint.
  Status InitStore(std::string_view policy_text);
  Status Reindex(const security::Subject& actor) override;
  Status CatchUpIndex() override;
  Result<IndexLag> ReadIndexLag() override;
  Status Checkpoint() override;

 private:
  // Appends one audit event in its own transaction.
  Status Audit(const security::Subject& actor, std::string_view action, std::string_view target,
               std::string_view decision, std::vector<std::string> ids);
  void NoteAuditWrite(const store::WriteResult& written);
  // A successful read: one entry of its own, or (policy `audit-reads aggregate`, and only when
  // `public_only`: everything it returned is readable by the anonymous public) a count in the
  // aggregator. kProcessCrash durability (docs/decisions/0003-read-audit-durability.md).
  Status AuditRead(const security::Subject& subject, std::string_view action,
                   std::string_view target, std::string_view decision, std::vector<std::string> ids,
                   bool public_only);
  // Whether the anonymous public may read records of `class_id`.
  Result<bool> PublicMayRead(int64_t class_id);
  // Appends the aggregator's due entries (all of them when `all`). Best effort from the timer.
  Status FlushReadAggregates(bool all);
  void RunAggregateTimer();
  model::AuditEvent MakeEvent(const security::Subject& actor, std::string_view action,
                              std::string_view target, std::string_view decision,
                              std::vector<std::string> ids) const;
  // users.cc: the user as stored, canonicalized; and the checks of ChangeUser.
  Result<std::optional<UserSpec>> LoadUser(std::string_view name);
  Result<UserSpec> CanonicalUser(const UserSpec& user) const;
  Status CheckGrant(const security::Subject& actor, const std::optional<UserSpec>& before,
                    const UserSpec& after) const;
  Status ApplyUserChange(const security::Subject& actor, const std::optional<UserSpec>& before,
                         const UserSpec& after, std::string decision, store::Txn* txn);
  // Canonicalizes markings/precedence and fills the current label; validates.
  Status Prepare(const security::Subject& actor, const ImportOptions& options,
                 model::Cable* cable) const;
  // The audit decision for importing `cable` (as `payload`) with class `cls`: created, updated
  // or relabelled upward; std::nullopt when the stored record is identical. Refuses (and audits)
  // an id the actor may not read (NotImportable), a sealed record and a lowered label.
  Result<std::optional<std::string>> ImportDecision(const security::Subject& actor,
                                                    const model::Cable& cable,
                                                    const std::string& payload,
                                                    const security::AccessClass& cls);
  // The one refusal for "label above your clearance" and "id held by a record you may not read".
  Status NotImportable(const security::Subject& actor, std::string_view id) const;
  // records_translations.cc: resolves each translation's original (an id or serial the actor
  // may read, in the store or earlier in `cables`; otherwise the same kInvalidArgument as a
  // missing one), pins its version, checks paragraph alignment and raises the translation's
  // label to cover the original's. Nothing is written.
  Status ResolveTranslations(const security::Subject& actor, std::vector<model::Cable>* cables);
  // An original whose label rises takes its stored translations with it: each whose label does
  // not cover the original's new one is appended to the batch with the least upper bound, so it
  // is written (as a new version, audited "ok relabel") in the same import
  // (docs/archive.md "Translations"; adversarial review T1).
  Status RaiseTranslations(const security::Subject& actor, std::vector<model::Cable>* cables);
  // Raises the label to cover paragraph portions above it, or refuses (policy portion rule).
  Status RaiseToPortions(model::Cable* cable) const;
  // Sets `last_change_seq` to the seq of the batch's last change (0 if it wrote no record).
  Result<ImportResult> ImportBatch(const security::Subject& actor,
                                   std::vector<model::Cable>& cables, size_t begin, size_t end,
                                   int64_t* last_change_seq);
  // The class table, reloaded from the store if `class_id` (or any class) is not known yet.
  Result<const security::AccessClass*> ClassById(int64_t class_id);
  Status RefreshClasses();
  // Ids of the access classes `subject` may read.
  Result<std::vector<int64_t>> VisibleClasses(const security::Subject& subject);
  Result<bool> MayRead(const security::Subject& subject, int64_t class_id, std::string* reason);
  Status CatchUpLocked();
  // Calls `fn` for every record `subject` may read, in id order, and audits `action` with the
  // ids delivered.
  Status ScanVisible(const security::Subject& subject, std::string_view action,
                     const std::function<Status(const model::Cable&)>& fn);

  RecordsOptions options_;
  security::Policy policy_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<search::SearchIndex> index_;
  SystemClock system_clock_;
  const Clock* clock_;
  AuditTrail audit_;

  std::mutex classes_mu_;
  ClassTable classes_;   // guarded by classes_mu_
  std::mutex index_mu_;  // serializes index maintenance
  // index_feed.cc: the index checked against the store (docs/search.md "Checks and repair"). The
  // first CatchUpIndex() (at open) verifies fully and rebuilds a damaged index; later ones keep
  // the index's expected per-class counts current.
  Status VerifyIndexLocked();
  Status ExpectStoreCountsLocked();
  Status RebuildIndexLocked(int64_t* count);
  Status CatchUpIndexLocked();
  bool index_verified_ = false;  // guarded by index_mu_
  std::mutex last_catch_up_mu_;
  Status last_catch_up_;       // the last CatchUpIndex()'s outcome, for ReadIndexLag; its own mutex
  std::string store_id_;       // set before the first catch-up, then read-only
  int64_t expected_seq_ = -1;  // change seq of the counts given to the index; index_mu_
  std::atomic<bool> dirty_audit_{false};
  // Policy `audit-reads aggregate`: the counts, and a timer thread that appends them once their
  // interval has passed even when no read comes (stopped and flushed in the destructor).
  std::unique_ptr<ReadAggregator> aggregator_;
  security::Subject public_;
  std::mutex timer_mu_;
  std::condition_variable timer_cv_;
  bool stopping_ = false;  // guarded by timer_mu_
  std::thread timer_;
  std::atomic<int64_t> last_sign_micros_{0};  // clock_ time of the last Checkpoint()
};

// JSON for a user's clearance and roles, as stored in store::UserRow::clearance.
std::string ClearanceToJson(const security::Clearance& clearance, bool security_officer = false);
Result<security::Clearance> ClearanceFromJson(std::string_view json,
                                              bool* security_officer = nullptr);

}  // namespace chancery::records::internal
