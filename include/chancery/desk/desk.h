// The cable desk (docs/desk.md): a cable's life at its origin. An officer drafts a cable in an
// office; clearers and approvers approve it (each approval Ed25519-signed over the exact text);
// a releaser releases it, which atomically assigns the next gapless serial in its series and
// year, stamps the date-time group, signs the text with a salted Merkle commitment to each
// paragraph, stores the cable as a record, expands addressee groups and queues one delivery per
// recipient office in precedence order. Recipients acknowledge; lapsed handling times escalate;
// replies reference the cable and threads show as trees.
//
// Trust: every operation appends audit entries in the same store transaction as its effect; every
// read decides access with security::Decide, and something the subject may not read is reported
// exactly like something that does not exist (kNotFound, same message). A Desk shares the
// records store (one SQLite file) and uses Records for subjects, policy and audit checkpoints.
//
// Thread-safe: methods may be called from several threads; concurrent releases are group
// committed.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/desk/directory.h"
#include "chancery/model/cable.h"
#include "chancery/records/records.h"
#include "chancery/security/decide.h"

namespace chancery::desk {

// Handling-time objectives: how long a delivery at each precedence may wait for acknowledgement
// before it is overdue and escalated (../shared/reference/cable-desk.md §B.1).
struct HandlingTimes {
  int64_t flash_seconds = 10 * 60;
  int64_t immediate_seconds = 30 * 60;
  int64_t priority_seconds = 3 * 3600;
  int64_t routine_seconds = 6 * 3600;
  // Seconds for a rank; OVERRIDE uses flash, DEFERRED and UNKNOWN use routine.
  int64_t For(model::PrecedenceRank rank) const;
};

struct DeskOptions {
  // The records store (the same file Records opened). Required.
  std::string db_path;
  // Per-user Ed25519 signing keys (one file per user, mode 0600). Default: db_path + ".keys";
  // required for a PostgreSQL store (RecordsOptions::SideFilePrefix() + ".keys").
  std::string key_dir;
  bool synchronous_full = true;
  // Handling-time objectives. When handling_from_policy is true (the default), the store
  // policy's `handling` lines (docs/format/policy.md §7a) replace the values given here.
  HandlingTimes handling;
  bool handling_from_policy = true;
  // Time source; nullptr = the system clock. Not owned.
  const Clock* clock = nullptr;
  // The commitment new releases make (docs/desk.md "Release"): 2 (the default) commits to every
  // unit of the cable (docs/format/proof.md); 1 is the scheme of releases made before it, kept
  // so that tests can make such releases and check that they still verify.
  int32_t commitment_version = 2;
  // Fills defaults. kInvalidArgument if db_path is empty.
  Status Validate();
};

enum class DraftState : int8_t {
  kDrafting = 0,  // being written; editable
  kInReview,      // submitted: clearers in order, then approvers
  kApproved,      // the rule is satisfied; may be released
  kRejected,      // a clearer or approver rejected it; editing returns it to kDrafting
  kReleased,      // frozen; a correction is a new cable referencing it
};
std::string_view DraftStateName(DraftState state);  // "drafting", "in-review", ...

// Who must approve a draft before release.
struct ApprovalRule {
  std::vector<std::string> clearers;   // user names, asked one after the other, all required
  std::vector<std::string> approvers;  // user names, asked once every clearer has cleared
  uint32_t required = 0;               // approvals needed: k of n; 0 = all approvers
  friend bool operator==(const ApprovalRule&, const ApprovalRule&) = default;
};

// An Ed25519 signature by a user over a SHA-256 digest.
struct Signature {
  std::string signer;      // user name
  std::string public_key;  // hex
  std::string digest;      // hex SHA-256 of the signed text; for a release v1: text_digest
                           // followed by merkle_root (128 hex digits); v2: commitment_root
  std::string value;       // hex Ed25519 over "chancery-desk-<purpose>\n<digest>\n"; for a
                           // release v2 over archive::CommitmentMessage (docs/desk.md)
  int64_t time_micros = 0;
  friend bool operator==(const Signature&, const Signature&) = default;
};

enum class StepKind : int8_t { kClear = 0, kApprove, kCondition };
enum class StepState : int8_t { kPending = 0, kApproved, kRejected, kVoided };
std::string_view StepKindName(StepKind kind);     // "clear", "approve", "condition"
std::string_view StepStateName(StepState state);  // "pending", "approved", "rejected", "voided"

// One clearance, approval or condition on a draft. Decided steps are kept forever; an edit after
// a decision sets it to kVoided (with the version it applied to) and adds a new pending step.
struct ApprovalStep {
  StepKind kind = StepKind::kApprove;
  std::string user;
  StepState state = StepState::kPending;
  std::string comment;
  int64_t draft_version = 0;           // the version decided on
  std::optional<Signature> signature;  // over the canonical text of that version
  int64_t time_micros = 0;
  friend bool operator==(const ApprovalStep&, const ApprovalStep&) = default;
};

// What a drafter writes. `content` uses these model::Cable fields: title, subject, document_type,
// internal_reference, precedence, body (paragraphs with portion labels), enclosures, addressees
// (name = an office or group id of the directory, role action/info, per-addressee precedence),
// disseminations (external parties with releasability), also_informed, references (target = a
// released cable's id or serial), notes, and current_label (the requested banner, may be unset).
// Everything else is set by the desk.
struct DraftSpec {
  std::string office;  // drafting office id; the actor must be a drafter there
  model::Cable content;
  ApprovalRule rule;
  // "subject to the approval of X": users whose approval is recorded as a condition that stays
  // open after release until X approves (with X's own signature).
  std::vector<std::string> conditions;
  std::optional<int64_t> reply_by_micros;  // replies expected by
};

struct Draft {
  std::string id;  // "draft-<n>"
  int64_t version = 0;
  DraftState state = DraftState::kDrafting;
  std::string drafter;
  DraftSpec spec;
  // The banner: the least upper bound of the portions and the requested label. Never lower.
  model::Label banner;
  std::vector<ApprovalStep> steps;
  int64_t created_micros = 0;
  int64_t updated_micros = 0;
  std::string released_cable_id;  // set once released
  // Users other than the drafter who wrote a version (EditDraft), in the order they first did.
  // Neither the drafter nor an editor may clear, approve or hold a condition on the draft.
  std::vector<std::string> editors;
  // Whether `user` wrote any version of this draft.
  bool IsAuthor(std::string_view user) const;
};

// The release of a cable: what was frozen and signed.
struct Release {
  std::string cable_id;  // the record id: "<series>-<year>-<n>"
  std::string draft_id;
  model::Serial serial;  // series, year, number; original = rendered ("(63) B-Yin-692")
  std::string dtg;       // date-time group, "131200Z MAR 63"
  int64_t released_micros = 0;
  std::string releaser;
  // Which commitment the release signed (docs/desk.md "Release"). 2: the signature covers
  // archive::CommitmentMessage("release", cable_id, 1, commitment_root), and text_digest,
  // merkle_root and salts are empty. 1 (releases made before version 2): the signature covers
  // text_digest || merkle_root, and the commitment fields are empty.
  int32_t commitment_version = 2;
  // v2: the commitment seed (64 hex digits), secret: with it anyone can confirm guesses of text
  // a publication withholds, so it goes only into proof bundles' making, never into one.
  std::string commitment_seed;
  std::string commitment_root;     // v2: hex root of the unit commitment (docs/format/proof.md)
  std::string text_digest;         // v1: hex SHA-256 of the canonical text (RenderCableText)
  std::string merkle_root;         // v1: hex; leaves = SHA-256(salt || paragraph) in body order
  std::vector<std::string> salts;  // v1: hex, one per body paragraph
  Signature signature;             // by the releaser, over the commitment above
  std::vector<std::string> recipients;  // expanded recipient offices, sorted
};

// How a draft is released.
struct ReleaseOptions {
  // The serial's year. Unset = the UTC year of the release. Another year is an archive backfill
  // ("(63) B-Yin-692" entered in 2026), allowed only in a series and year that a registry
  // officer opened with SetSerialStart.
  std::optional<int32_t> serial_year;
};

enum class DeliveryState : int8_t { kQueued = 0, kDelivered, kAcknowledged, kNonDelivered };
std::string_view DeliveryStateName(DeliveryState state);

struct Delivery {
  std::string cable_id;
  std::string office;
  model::AddresseeRole role = model::AddresseeRole::kAction;
  model::PrecedenceRank precedence = model::PrecedenceRank::kRoutine;
  std::string dtg;
  int64_t queued_micros = 0;
  int64_t due_micros = 0;     // queued + handling time; 0 = no objective
  bool requires_ack = false;  // FLASH and IMMEDIATE (and above)
  DeliveryState state = DeliveryState::kQueued;
  std::string reason;  // non-delivery reason ("office EMB-X not cleared for TOP SECRET")
  int64_t delivered_micros = 0;
  std::string acknowledged_by;
  int64_t acknowledged_micros = 0;
  int64_t escalated_micros = 0;  // 0 = not escalated
};

// A cable in an inbox: enough to list it; Show() for the text.
struct InboxItem {
  Delivery delivery;
  std::string title;
  std::string serial;  // rendered
  std::string label;   // banner
  bool overdue = false;
};

// A lapsed delivery escalated to the escalation addressee of the drafting office (the nearest
// `escalate-to` up its parents; docs/desk.md "Escalation").
struct Escalation {
  Delivery delivery;      // escalated_micros set
  std::string addressee;  // the office notified; "" = no escalation addressee in the directory
  std::string title;
  std::string serial;  // rendered
  std::string label;   // banner
};

struct ThreadNode {
  std::string cable_id;
  std::string title;
  std::string serial;
  std::string dtg;
  std::optional<int64_t> reply_by_micros;
  bool reply_overdue = false;
  std::vector<ThreadNode> replies;  // cables referencing this one, by release time
};

class Desk {
 public:
  // Opens the desk on an existing records store. `records` must outlive the Desk.
  static Result<std::unique_ptr<Desk>> Open(DeskOptions options, records::Records& records);
  virtual ~Desk() = default;

  // Directory. Reading it needs a registered user; replacing it needs an administrator. The
  // replacement is validated against the policy and audited; expected_version guards against a
  // concurrent edit (kConflict). Version 0 = no directory yet.
  virtual Result<std::pair<Directory, int64_t>> GetDirectory(const security::Subject& actor) = 0;
  virtual Status ReplaceDirectory(const security::Subject& actor, const Directory& directory,
                                  std::optional<int64_t> expected_version) = 0;

  // Drafts. Create/edit need the drafter role at spec.office; nobody may mark a portion or banner
  // above their own clearance (kPermissionDenied naming the label). Editing keeps every version,
  // voids decided steps visibly and returns a rejected draft to drafting. kConflict if
  // expected_version is stale. A draft the actor may not read is kNotFound "no draft ID".
  virtual Result<Draft> CreateDraft(const security::Subject& actor, const DraftSpec& spec) = 0;
  virtual Result<Draft> EditDraft(const security::Subject& actor, std::string_view draft_id,
                                  int64_t expected_version, const DraftSpec& spec) = 0;
  virtual Result<Draft> GetDraft(const security::Subject& actor, std::string_view draft_id) = 0;
  // Every version of the draft's spec, oldest first (version n at index n-1).
  virtual Result<std::vector<DraftSpec>> DraftVersions(const security::Subject& actor,
                                                       std::string_view draft_id) = 0;
  // Submits for clearance and approval. Refuses (kFailedPrecondition naming the recipient) when
  // an addressed office, or an office of an addressed group, could not read the banner; refuses
  // unknown offices/groups/users and an empty rule. kFailedPrecondition when the rule or the
  // conditions name the drafter or an editor of the draft (self-approval).
  virtual Result<Draft> Submit(const security::Subject& actor, std::string_view draft_id) = 0;
  // The actor's pending step on the draft (the current clearer, an approver, or a condition
  // holder after release): approve (signed over the canonical text of the current version) or
  // reject, with a comment. kFailedPrecondition when it is not the actor's turn;
  // kPermissionDenied "user U wrote draft D and may not clear or approve it" when the actor is
  // the drafter or an editor of the draft (nobody approves their own draft). Refusals are
  // audited (desk.step.approve / desk.step.reject, "deny: ...").
  virtual Result<Draft> DecideStep(const security::Subject& actor, std::string_view draft_id,
                                   bool approve, std::string_view comment) = 0;
  // Drafts awaiting the actor's clearance, approval or condition, oldest first.
  virtual Result<std::vector<Draft>> ApprovalQueue(const security::Subject& actor) = 0;

  // Release (releaser role at the drafting office; the draft approved). See the class comment.
  // With options.serial_year set to another year than the release's: kFailedPrecondition unless
  // that series and year were opened with SetSerialStart; a year after the release's is
  // kInvalidArgument.
  virtual Result<Release> ReleaseDraft(const security::Subject& actor, std::string_view draft_id,
                                       const ReleaseOptions& options) = 0;

  Result<Release> ReleaseDraft(const security::Subject& actor, std::string_view draft_id) {
    return ReleaseDraft(actor, draft_id, ReleaseOptions{});
  }

  // Archive backfill (docs/desk.md "Serials"): the next serial released in `series` and `year`
  // will be `first`, and numbering continues gaplessly from it. A registry officer's act:
  // administrators only (kPermissionDenied). Allowed while no serial of that series and year has
  // been issued; afterwards only `first` = the next number is accepted (a no-op), and anything
  // else is kFailedPrecondition: lower would reuse or go backwards, higher would leave a gap.
  // kInvalidArgument for a series that is not id syntax, a year outside 1..9999 or first < 1.
  // Audited (desk.serial.start).
  virtual Status SetSerialStart(const security::Subject& actor, std::string_view series,
                                int32_t year, int64_t first) = 0;
  virtual Result<Release> GetRelease(const security::Subject& actor, std::string_view cable_id) = 0;
  // Verifies the release signature, the Merkle root and every approval signature against the
  // stored cable. kCorruption naming what does not verify.
  virtual Status VerifyRelease(const security::Subject& actor, std::string_view cable_id) = 0;

  // Delivery. The office's deliveries the actor may read (recipient role at the office and
  // Decide on the cable), precedence first, then date-time group; `pending_only` hides
  // acknowledged ones. Listing marks queued items delivered (a delivery report).
  virtual Result<std::vector<InboxItem>> Inbox(const security::Subject& actor,
                                               std::string_view office, bool pending_only) = 0;
  // A named user at the office acknowledges reading the cable. Idempotent.
  virtual Status Acknowledge(const security::Subject& actor, std::string_view cable_id,
                             std::string_view office) = 0;
  // Per-recipient delivery state of a cable (drafting office's users and administrators).
  virtual Result<std::vector<Delivery>> DeliveryReport(const security::Subject& actor,
                                                       std::string_view cable_id) = 0;
  // Deliveries past their handling time and not acknowledged, that the actor may read, oldest
  // due first. Each lapsed delivery not yet escalated is escalated once (recorded and audited).
  virtual Result<std::vector<InboxItem>> Overdue(const security::Subject& actor) = 0;
  // Escalates every lapsed delivery not escalated yet, without listing anything: the
  // scheduler's tick (chanceryd runs it every ServerConfig.escalation_interval_seconds).
  // Administrators only (else kPermissionDenied, audited). Idempotent: a delivery is escalated
  // once ever, and the mark is in the store, so neither a second tick nor a restart repeats it.
  // Returns how many were escalated now; one desk.escalate audit entry each, none when none.
  virtual Result<size_t> EscalateLapsed(const security::Subject& actor) = 0;
  // Escalations addressed to `office` that the actor may read (Decide per cable), oldest first.
  // Needs a role at the office or an administrator (else kPermissionDenied). Audited
  // (desk.escalations, ids = cables shown).
  virtual Result<std::vector<Escalation>> Escalations(const security::Subject& actor,
                                                      std::string_view office) = 0;

  // Threads: the tree of cables referencing `cable_id`'s root, readable ones only; replies whose
  // reply-by time passed without a reply are marked.
  virtual Result<ThreadNode> Thread(const security::Subject& actor, std::string_view cable_id) = 0;
  // Released cables the actor may read whose reply-by time passed with no reply.
  virtual Result<std::vector<ThreadNode>> RepliesOverdue(const security::Subject& actor) = 0;
};

}  // namespace chancery::desk
