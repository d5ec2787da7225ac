// Private to src/archive: the Archive implementation's state, its store rows and helpers shared by
// archive.cc (state, queue, requests), review_decide.cc (decisions) and review_publish.cc
// (preview, publication, proofs).
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/archive.h"
#include "chancery/archive/commitment.h"
#include "chancery/audit/audit_log.h"
#include "chancery/desk/desk.h"
#include "chancery/desk/keys.h"
#include "chancery/store/store.h"

namespace chancery::archive::internal {

// Store collections (docs/archive.md "Storage").
inline constexpr std::string_view kReviews = "archive.review";       // key: record id
inline constexpr std::string_view kDecisions = "archive.decision";   // key: "<id>/<n:06>"; group id
inline constexpr std::string_view kPublished = "archive.published";  // key: "<id>/<n:04>"; group id
// The void reason of a decision whose signature does not verify.
inline constexpr std::string_view kForged =
    "its signature does not verify: the row was altered outside Chancery";
inline constexpr std::string_view kRequests =
    "archive.request";  // key: request id; group requester

// The review row of one record.
struct ReviewRow {
  int64_t round = 1;
  int64_t own_due_micros = 0;  // SetDue; 0 = from the policy
  int64_t next_decision = 1;
  int64_t published = 0;              // published versions so far
  bool withheld_full = false;         // the current round ended withheld in full
  bool closed = false;                // the current round ended (published or withheld in full)
  int64_t opened_micros = 0;          // when the current round was opened by a reopen or request
  std::vector<std::string> requests;  // request ids naming this record
};

// A published version as stored: what a proof needs. `seed_hex` is secret (never leaves the
// store except as the seeds of disclosed ranges inside a bundle).
struct PublishedRow {
  PublishedVersion version;
  std::string original_json;  // the original version committed to (canonical JSON)
  std::string seed_hex;
  std::vector<WithheldRun> runs;
  // commitment.publication: the archivist's statement over the published record (absent in
  // rows written before publication statements).
  SignedCommitment commitment;
};

// A record as the archive reads it.
struct Loaded {
  model::Cable cable;
  int64_t version = 0;
  std::string digest;  // hex SHA-256 of the stored canonical JSON
  security::AccessClass access_class;
};

std::string ReviewRowToJson(const ReviewRow& row);
Result<ReviewRow> ReviewRowFromJson(std::string_view json);
std::string DecisionToJson(const Decision& d);
Result<Decision> DecisionFromJson(std::string_view json);
std::string PublishedRowToJson(const PublishedRow& row);
Result<PublishedRow> PublishedRowFromJson(std::string_view json);
std::string RequestToJson(const ReviewRequest& r);
Result<ReviewRequest> RequestFromJson(std::string_view json);

// Spans resolved to withheld runs of the record's committed fields. Errors name the record,
// version and span.
struct SpanContext {
  std::string record_id;
  int64_t version = 0;
};

Result<std::vector<WithheldRun>> ResolveSpan(const std::vector<Field>& fields, const Span& span,
                                             const SpanContext& where);
Result<std::vector<Span>> FindPhrase(const std::vector<Field>& fields, std::string_view phrase,
                                     const SpanContext& where);
// True when the pointer names a field a reviewer may withhold (text, not structure).
bool Withholdable(std::string_view pointer);
// True for fields that carry names (approvers, addressees, ...): their markers say "name".
bool IsNameField(std::string_view pointer);

class ArchiveImpl final : public Archive {
 public:
  ArchiveImpl(records::Records& records, ArchiveOptions options, std::unique_ptr<desk::Desk> desk);
  ~ArchiveImpl() override;

  Result<std::vector<QueueItem>> Queue(const security::Subject& actor) override;
  Result<ReviewStatus> Review(const security::Subject& actor, std::string_view id) override;
  Result<Decision> Withhold(const security::Subject& actor, std::string_view id,
                            const WithholdRequest& request) override;
  Result<Decision> Release(const security::Subject& actor, std::string_view id) override;
  Result<Decision> Refer(const security::Subject& actor, std::string_view id,
                         std::string_view office, const std::vector<Span>& spans) override;
  Result<Decision> Answer(const security::Subject& actor, std::string_view decision_id,
                          bool withhold, std::string_view code) override;
  Result<Decision> Concur(const security::Subject& actor, std::string_view id) override;
  chancery::Status Reopen(const security::Subject& actor, std::string_view id,
                          std::string_view reason) override;
  chancery::Status SetDue(const security::Subject& actor, std::string_view id,
                          int64_t due_micros) override;
  Result<model::Cable> Preview(const security::Subject& actor, std::string_view id) override;
  Result<PublishedVersion> Publish(const security::Subject& actor, std::string_view id) override;
  Result<ReviewRequest> RequestReview(const security::Subject& actor, std::string_view id,
                                      std::string_view text) override;
  Result<std::vector<ReviewRequest>> MyRequests(const security::Subject& actor) override;
  Result<std::string> Proof(const security::Subject& actor, std::string_view id,
                            int64_t number) override;
  Result<PublishedVersion> Withdraw(const security::Subject& actor, std::string_view id,
                                    int64_t number, std::string_view reason) override;

  // --- shared by the files of src/archive ---
  const security::Policy& policy() const { return records_.policy(); }

  store::Store& store() { return records_.store(); }

  int64_t NowMicros() const { return clock_->NowMicros(); }

  // The record with this id or serial if the actor may read it, else kNotFound "no record ID"
  // (missing and unreadable alike).
  Result<Loaded> LoadReadable(const security::Subject& actor, std::string_view id);
  model::AuditEvent Event(const security::Subject& actor, std::string action, std::string target,
                          std::string decision, std::vector<std::string> ids = {}) const;
  chancery::Status AuditOnly(model::AuditEvent event);
  chancery::Status AppendAudit(store::Txn& txn, std::vector<model::AuditEvent> events);
  // Runs `fn` and audits its outcome: the effect's own entries are written by `fn` in its
  // transaction; a failure appends one "deny: ..." entry.
  chancery::Status Audited(const security::Subject& actor, std::string_view action,
                           std::string_view target, const std::function<chancery::Status()>& fn);
  // The actor's signing key (the desk's key files and registry), registering its public key in
  // the audit chain on first use.
  Result<audit::Signer> SignerFor(store::Txn& txn, const security::Subject& actor);

  // Review state from the rows (no store access).
  struct Computed {
    ReviewState state = ReviewState::kHeld;
    int64_t due_micros = 0;
    bool needs_concurrence = false;
    bool concurred = false;
    int64_t open_referrals = 0;
    bool all_decided = false;  // a live release decision (or withheld in full) this round
  };

  Computed Compute(const Loaded& record, const ReviewRow& row,
                   const std::vector<Decision>& decisions) const;
  // The original's id for a record the actor loaded: a published version names its original
  // and its own number, which fills *number when it is 0 (kInvalidArgument when *number names
  // another); an original is its own.
  static Result<std::string> OriginalOf(const Loaded& seen, int64_t* number);
  // Marks decisions of another round, version or content void (in memory; `Review` and
  // publication show it). `digest` "" skips the content check.
  static void VoidStale(int64_t version, std::string_view digest, int64_t round,
                        std::vector<Decision>* decisions);

  // translation_publish.cc: for a translation, the id of the published version of the original
  // version it translates, once every paragraph aligned with a span withheld there is wholly in
  // `runs`; kFailedPrecondition naming record, paragraph and the original's withheld span
  // otherwise, or when that version is not published. std::nullopt for other records.
  Result<std::optional<std::string>> CheckTranslation(store::Txn& txn, const Loaded& record,
                                                      const std::vector<WithheldRun>& runs);
  Result<ReviewRow> GetReviewRow(store::Txn* txn, std::string_view id);
  // The rows of `collection` in group `id`, in the transaction when there is one.
  Result<std::vector<store::DocRow>> ListGroup(store::Txn* txn, std::string_view collection,
                                               std::string_view id);
  Result<std::vector<Decision>> GetDecisions(store::Txn* txn, std::string_view id);
  Result<std::vector<PublishedRow>> GetPublished(store::Txn* txn, std::string_view id);
  chancery::Status PutReviewRow(store::Txn& txn, std::string_view id, const ReviewRow& row);
  // Signs and stores a decision of the current round; fills id, round, signature.
  chancery::Status PutDecision(store::Txn& txn, const security::Subject& actor, ReviewRow* row,
                               Decision* d);

  chancery::Status CheckpointAfterMutation() { return records_.Checkpoint(); }

  chancery::Status CatchUpIndex() { return records_.CatchUpIndex(); }

  // The marker that replaces a run (policy redaction-markers).
  std::string MarkerFor(const Field& field, const WithheldRun& run, std::string_view code) const;
  // The withheld runs the live decisions of this round make, with their codes.
  Result<std::vector<std::pair<WithheldRun, std::string>>> DecidedRuns(
      const Loaded& record, const std::vector<Decision>& decisions) const;

  desk::Desk& desk() { return *desk_; }

 private:
  records::Records& records_;
  ArchiveOptions options_;
  std::unique_ptr<desk::Desk> owned_desk_;  // when ArchiveOptions::desk is not given
  desk::Desk* desk_;                        // borrowed or owned_desk_
  desk::KeyRing keys_;
  SystemClock system_clock_;
  const Clock* clock_;
};

bool HasRole(const security::Subject& s, std::string_view role);

}  // namespace chancery::archive::internal
