// DeskImpl: the Desk implementation, split by concern over several files:
//   desk.cc          Open, options, names, directory get/replace, shared helpers (below)
//   draft.cc         CreateDraft, EditDraft, GetDraft, DraftVersions, Submit
//   approval.cc      DecideStep, ApprovalQueue, step bookkeeping, approval signatures
//   release.cc       ReleaseDraft, GetRelease, VerifyRelease (serials, DTG, Merkle, signature)
//   delivery.cc      Inbox, Acknowledge, DeliveryReport, Overdue (queues, escalation)
//   thread.cc        Thread, RepliesOverdue
//   codec_draft.cc / codec_release.cc   JSON bodies of the store rows (docs/desk.md "Storage")
//   merkle.cc        salted paragraph commitments
// Private to src/desk.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/audit/audit_log.h"
#include "chancery/desk/desk.h"
#include "chancery/model/audit_event.h"
#include "chancery/store/store.h"

namespace chancery::desk::internal {

// Store collections (docs/desk.md "Storage"). Keys and sort strings are built only by the
// functions below so that every file agrees on them.
inline constexpr std::string_view kDirectory = "desk.directory";          // key "current"
inline constexpr std::string_view kDrafts = "desk.draft";                 // key draft id
inline constexpr std::string_view kDraftVersions = "desk.draft-version";  // DraftVersionKey
inline constexpr std::string_view kPendingSteps = "desk.pending-step";    // group user
inline constexpr std::string_view kPublicKeys = "desk.public-key";        // key user
inline constexpr std::string_view kReleases = "desk.release";             // key cable id
inline constexpr std::string_view kDeliveries = "desk.delivery";  // DeliveryKey, group office
inline constexpr std::string_view kDue = "desk.due";              // group "open"
inline constexpr std::string_view kReplies = "desk.reply";        // ReplyKey
inline constexpr std::string_view kReplyDue = "desk.reply-due";   // group "open"
// DeliveryKey; group = the escalation addressee office, sort = MicrosSortKey(escalated, key)
inline constexpr std::string_view kEscalations = "desk.escalation";

// Sequences: serials, gapless per series and year (draft ids are random: draft.cc).
std::string SerialSequence(std::string_view series, int year);  // "desk.serial/<series>/<year>"
// Archive backfill starts (serial_start.cc): key "<series>/<year>", body {"first", "set_by",
// "time_micros"}. A serial is first - 1 + the sequence's value.
inline constexpr std::string_view kSerialStarts = "desk.serial-start";

std::string DraftVersionKey(std::string_view draft_id, int64_t version);      // "<id>/<%012d>"
std::string DeliveryKey(std::string_view cable_id, std::string_view office);  // "<cable>/<office>"
// Queue order within an office: higher precedence first, then earlier date-time group, then id.
std::string DeliverySortKey(model::PrecedenceRank rank, int64_t released_micros,
                            std::string_view cable_id);
std::string MicrosSortKey(int64_t micros, std::string_view tie);  // "%020d/<tie>"
std::string ReplyKey(std::string_view referenced_id, std::string_view reply_id);

// JSON bodies. FromJson errors are kCorruption naming the collection and key.
std::string DraftToJson(const Draft& draft);
Result<Draft> DraftFromJson(std::string_view json, std::string_view key);
std::string DraftSpecToJson(const DraftSpec& spec);
Result<DraftSpec> DraftSpecFromJson(std::string_view json, std::string_view key);
std::string ReleaseToJson(const Release& release);
Result<Release> ReleaseFromJson(std::string_view json, std::string_view key);
std::string DeliveryToJson(const Delivery& delivery);
Result<Delivery> DeliveryFromJson(std::string_view json, std::string_view key);

// Salted paragraph commitments (merkle.cc): leaf = SHA-256("chancery-leaf\n" salt_hex "\n" text),
// interior = SHA-256("chancery-node\n" left "\n" right), an odd node is promoted. Root of no
// leaves = SHA-256("chancery-empty\n").
std::string ParagraphLeaf(std::string_view salt_hex, std::string_view text);
std::string MerkleRoot(const std::vector<std::string>& leaves_hex);

// The bytes an approval or release signature covers:
//   "chancery-desk-<purpose>\n<digest>\n" (purpose "clear", "approve", "condition", "release").
std::string SignedMessage(std::string_view purpose, std::string_view digest);

class DeskImpl final : public Desk {
 public:
  // Borrows the records' store: one store, one audit log (docs/architecture.md).
  DeskImpl(DeskOptions options, records::Records& records);
  // Signs a final audit checkpoint if mutations happened since the last one.
  ~DeskImpl() override;

  Result<std::pair<Directory, int64_t>> GetDirectory(const security::Subject& actor) override;
  Status ReplaceDirectory(const security::Subject& actor, const Directory& directory,
                          std::optional<int64_t> expected_version) override;
  Result<Draft> CreateDraft(const security::Subject& actor, const DraftSpec& spec) override;
  Result<Draft> EditDraft(const security::Subject& actor, std::string_view draft_id,
                          int64_t expected_version, const DraftSpec& spec) override;
  Result<Draft> GetDraft(const security::Subject& actor, std::string_view draft_id) override;
  Result<std::vector<DraftSpec>> DraftVersions(const security::Subject& actor,
                                               std::string_view draft_id) override;
  Result<Draft> Submit(const security::Subject& actor, std::string_view draft_id) override;
  Result<Draft> DecideStep(const security::Subject& actor, std::string_view draft_id, bool approve,
                           std::string_view comment) override;
  Result<std::vector<Draft>> ApprovalQueue(const security::Subject& actor) override;
  using Desk::ReleaseDraft;
  Result<Release> ReleaseDraft(const security::Subject& actor, std::string_view draft_id,
                               const ReleaseOptions& options) override;
  Status SetSerialStart(const security::Subject& actor, std::string_view series, int32_t year,
                        int64_t first) override;
  Result<Release> GetRelease(const security::Subject& actor, std::string_view cable_id) override;
  Status VerifyRelease(const security::Subject& actor, std::string_view cable_id) override;
  Result<std::vector<InboxItem>> Inbox(const security::Subject& actor, std::string_view office,
                                       bool pending_only) override;
  Status Acknowledge(const security::Subject& actor, std::string_view cable_id,
                     std::string_view office) override;
  Result<std::vector<Delivery>> DeliveryReport(const security::Subject& actor,
                                               std::string_view cable_id) override;
  Result<std::vector<InboxItem>> Overdue(const security::Subject& actor) override;
  Result<size_t> EscalateLapsed(const security::Subject& actor) override;
  Result<std::vector<Escalation>> Escalations(const security::Subject& actor,
                                              std::string_view office) override;
  Result<ThreadNode> Thread(const security::Subject& actor, std::string_view cable_id) override;
  Result<std::vector<ThreadNode>> RepliesOverdue(const security::Subject& actor) override;

  // ---- shared helpers (desk.cc) ----
  const security::Policy& policy() const { return records_.policy(); }

  const DeskOptions& options() const { return options_; }

  store::Store& store() { return store_; }

  int64_t NowMicros() const;
  // The current directory and its version (empty directory, version 0, if none yet).
  Result<std::pair<Directory, int64_t>> LoadDirectory(store::Txn* txn);
  // An audit entry by `actor` at NowMicros().
  model::AuditEvent Event(const security::Subject& actor, std::string action, std::string target,
                          std::string decision, std::vector<std::string> ids = {}) const;
  // Appends `events` inside `txn` (their seq/hash assigned by the store).
  Status AppendAudit(store::Txn& txn, std::vector<model::AuditEvent> events);
  // Appends one audit entry in its own transaction (for reads and refusals).
  Status AuditOnly(model::AuditEvent event);
  // Signs a new audit checkpoint after a mutation (records_.Checkpoint()), at most once per
  // kCheckpointInterval under load; the destructor signs the last one. Entries after the latest
  // checkpoint are still hash-chained (docs/desk.md "Audit").
  Status AfterMutation();
  static constexpr int64_t kCheckpointIntervalMicros = 200'000;
  // The user's signing key from options().key_dir, created on first use; its public key is
  // registered in kPublicKeys inside `txn` the first time.
  Result<audit::Signer> SignerFor(store::Txn& txn, std::string_view user);
  // Whether `subject` may read something labelled `label` addressed to `offices`
  // (security::Decide on the access class the cable would have).
  bool MayRead(const security::Subject& subject, const model::Cable& cable) const;
  // The subject a recipient office stands for when deciding whether it may receive a cable.
  security::Subject OfficeSubject(const Office& office) const;

 private:
  const DeskOptions options_;
  records::Records& records_;
  store::Store& store_;
  std::atomic<int64_t> last_checkpoint_micros_{0};  // steady clock; 0 = never
  std::atomic<bool> checkpoint_due_{false};
};

}  // namespace chancery::desk::internal
