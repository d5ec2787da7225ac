// The archive (docs/archive.md): a record's life after its desk. Records above the public level
// fall due for declassification review (policy `review-after`); reviewers decide spans of a record
// (release, withhold under an exemption code, or refer to an equity-holding office); a second
// reviewer concurs where the policy asks (`review-concurrence`); an archivist publishes. A
// publication is a new, immutable record of its own ("<id>.p<N>") at the public level whose text
// holds no withheld content, only markers ("[1 line not declassified; 25X1]"); the original keeps
// its id, label and marking. A reader may ask for review of a withheld record or span.
//
// Trust: every decision is Ed25519-signed by its reviewer over the digest of the exact version
// reviewed (the desk's per-user keys) and kept forever; a decision on a version that has since
// changed is void, visibly, and publication refuses it. Every operation appends audit entries in
// the transaction of its effect. Taking part grants no read: every operation first decides read
// access with security::Decide, and a record the actor may not read is reported exactly like one
// that does not exist (kNotFound "no record ID"). Publication writes the published record, its
// review state and its audit entry in one store transaction: a crash leaves the old state or the
// whole new version.
//
// An Archive borrows the records store (Records::store()); one owner, one audit log.
// Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/model/cable.h"
#include "chancery/records/records.h"
#include "chancery/security/decide.h"

namespace chancery::desk {
class Desk;
}  // namespace chancery::desk

namespace chancery::archive {

struct ArchiveOptions {
  // The records store's file (the same Records opened). Required.
  std::string db_path;
  // The per-user signing keys the desk uses. Default: db_path + ".keys"; required
  // for a PostgreSQL store (RecordsOptions::SideFilePrefix() + ".keys").
  std::string key_dir;
  // Time source; nullptr = the system clock. Not owned.
  const Clock* clock = nullptr;
  // The desk over the same Records (chanceryd's), borrowed to read releases; it must outlive the
  // Archive. nullptr: the archive opens a desk of its own.
  desk::Desk* desk = nullptr;
  // Fills defaults. kInvalidArgument if db_path is empty.
  Status Validate();
};

enum class ReviewState : int8_t {
  kHeld = 0,       // above the public level and not yet due
  kDue,            // due for review (policy review-after, or the record's own due date)
  kInReview,       // decisions made, the record not wholly decided
  kReferred,       // a referral awaits an equity holder's answer
  kDecided,        // every span decided: awaits concurrence or publication
  kPublishedFull,  // published with nothing withheld
  kPublishedPart,  // published with markers
  kWithheldFull,   // reviewed and withheld in full
  kPublic,         // at the public level already (imported as published): nothing to review
};
std::string_view ReviewStateName(ReviewState s);  // "held", "due", "in review", ...

enum class DecisionKind : int8_t { kRelease = 0, kWithhold, kRefer, kConcur, kAnswer };
std::string_view DecisionKindName(DecisionKind k);  // "release", "withhold", "refer", ...

// A span of a record: a JSON pointer into its canonical JSON (docs/format/json.md) naming a
// field or a part ("/body/3/text", "/body/3", "/enclosures/0", "/notes/1",
// "/approvals/2/name", "" for the whole record), and for a string field optionally a range of
// its words (0-based, inclusive). Text form: "/body/3/text#w5-7".
struct Span {
  std::string pointer;
  int32_t first_word = -1;  // -1: the whole field or part
  int32_t last_word = -1;
  std::string ToString() const;
  // kInvalidArgument naming the text for a malformed span.
  static Result<Span> Parse(std::string_view text);
  friend bool operator==(const Span&, const Span&) = default;
};

// One signed act of review. Kept forever; `void_reason` says why it no longer counts.
struct Decision {
  std::string id;  // "<record>/<round>/<n>"
  std::string record_id;
  int64_t round = 1;    // review round (a reopened review starts the next)
  int64_t version = 0;  // the record version decided
  std::string digest;   // hex SHA-256 of that version's canonical JSON
  DecisionKind kind = DecisionKind::kRelease;
  std::vector<Span> spans;       // withhold / refer: what; release: empty (the rest of the record)
  std::string phrase;            // withhold --text: the phrase whose every occurrence is withheld
  std::string code;              // withhold: exemption code; answer: code when withheld
  bool names = false;            // withhold: the spans are names ("[name not declassified]")
  std::string office;            // refer: the equity-holding office; answer: the office answering
  std::string answers;           // answer / concur: the decision id answered or concurred with
  bool answer_withhold = false;  // answer: withhold (true) or release (false) the referred spans
  std::string actor;
  int64_t micros = 0;
  std::string signature;    // Ed25519 (hex) over DecisionMessage(...)
  std::string public_key;   // the actor's key (hex)
  std::string void_reason;  // "" while it counts: "record changed to version 3", "reopened"
};

// A published version, as the review records it.
struct PublishedVersion {
  int64_t number = 0;
  std::string record_id;  // "<id>.p<N>"
  int64_t of_version = 0;
  std::string archivist;
  int64_t micros = 0;
  bool in_full = true;
  std::vector<std::string> codes;
  // Withdrawal (Archive::Withdraw); withdrawn_micros == 0 while the version is public.
  int64_t withdrawn_micros = 0;
  std::string withdrawn_by;
  std::string withdrawal_reason;
  std::string withdrawal_signature;   // Ed25519 (hex) over WithdrawalMessage(...)
  std::string withdrawal_public_key;  // the archivist's key (hex)
};

// A reader's request for review of a withheld record or span (mandatory declassification review).
struct ReviewRequest {
  std::string id;         // "mdr-" + 12 digits
  std::string record_id;  // the original the requester named (a published version's `of`)
  std::string requester;
  std::string text;  // what is asked and why, as the reader wrote it
  int64_t micros = 0;
  std::string state;    // "open", "in review", "answered"
  std::string outcome;  // when answered: "published version 2", "withheld in full", ...
};

// The review of one record: state, decisions (current and void), publications, requests.
struct ReviewStatus {
  std::string record_id;
  std::string title;
  std::string label;  // the original's current label (banner form)
  ReviewState state = ReviewState::kHeld;
  int64_t version = 0;  // the record's current version
  int64_t round = 1;
  int64_t due_micros = 0;  // 0 when the policy sets no review period for its level
  bool needs_concurrence = false;
  bool concurred = false;
  int64_t open_referrals = 0;
  std::vector<Decision> decisions;  // every round, oldest first
  std::vector<PublishedVersion> published;
  std::vector<ReviewRequest> requests;
};

// A record in someone's review queue.
struct QueueItem {
  std::string record_id;
  std::string title;
  std::string label;
  ReviewState state = ReviewState::kDue;
  int64_t due_micros = 0;
  int64_t age_micros = 0;   // how long it has waited (since due, or since the oldest request)
  int64_t requests = 0;     // open reader requests
  std::string waiting_for;  // "review", "concurrence", "referral to OFFICE", "publication"
};

struct WithholdRequest {
  std::vector<Span> spans;  // explicit spans; or
  std::string phrase;       // every occurrence of this phrase (word-aligned) in the record
  std::string code;         // an exemption code the policy defines
  // The withheld text is a name: its markers say "[name not declassified]" wherever it stands
  // (names in header fields always do).
  bool names = false;
};

class Archive {
 public:
  static Result<std::unique_ptr<Archive>> Open(records::Records& records, ArchiveOptions options);
  virtual ~Archive() = default;

  // Records the actor may act on, oldest wait first: reviewers see the due and open reviews of
  // records they may read; archivists those decided (and concurred) awaiting publication;
  // equity holders the referrals to their offices. Scans the store; reads go through Decide.
  virtual Result<std::vector<QueueItem>> Queue(const security::Subject& actor) = 0;
  // The review of one record (cleared readers: the actor must read the original).
  virtual Result<ReviewStatus> Review(const security::Subject& actor, std::string_view id) = 0;

  // Reviewer decisions on the record's current version. kInvalidArgument naming the record,
  // version and span for an empty, out-of-range or overlapping span, a phrase not found, or a
  // code the policy does not define; kPermissionDenied without the reviewer role.
  virtual Result<Decision> Withhold(const security::Subject& actor, std::string_view id,
                                    const WithholdRequest& request) = 0;
  // Releases the rest of the record: every span not withheld or referred.
  virtual Result<Decision> Release(const security::Subject& actor, std::string_view id) = 0;
  // Refers spans (none: the whole record) to an office that must answer before publication.
  // kInvalidArgument for an office no user holds equity for.
  virtual Result<Decision> Refer(const security::Subject& actor, std::string_view id,
                                 std::string_view office, const std::vector<Span>& spans) = 0;
  // An equity holder for the referred office answers a referral (by its decision id).
  virtual Result<Decision> Answer(const security::Subject& actor, std::string_view decision_id,
                                  bool withhold, std::string_view code) = 0;
  // A second reviewer (not one who decided this round) concurs with the round's decisions.
  virtual Result<Decision> Concur(const security::Subject& actor, std::string_view id) = 0;
  // Reopens a decided or published record for a new round (re-review).
  virtual chancery::Status Reopen(const security::Subject& actor, std::string_view id,
                                  std::string_view reason) = 0;
  // Sets the record's own review due date (reviewer or archivist).
  virtual chancery::Status SetDue(const security::Subject& actor, std::string_view id,
                                  int64_t due_micros) = 0;

  // What publication would produce now (cleared readers of the original).
  virtual Result<model::Cable> Preview(const security::Subject& actor, std::string_view id) = 0;
  // Archivist: publishes the decided record as a new published version, or records it as
  // withheld in full (a decision withheld the whole record). kFailedPrecondition naming the
  // record for open referrals, missing concurrence, undecided spans or a stale version.
  virtual Result<PublishedVersion> Publish(const security::Subject& actor, std::string_view id) = 0;

  // Archivist: withdraws published version `number` of the record (0 = the latest public one)
  // from the public: the published record gets a new version carrying the original's current
  // label and publication.withdrawn / withdrawn_by / withdrawal_reason, so every public read
  // path (search, record pages, citations, OAI-PMH, feeds, sitemaps) stops showing it and OAI
  // lists it as deleted; cleared readers of the original still read it. Published translations
  // of that version are withdrawn with it (a translation is public only while its original's
  // version is). Signed by the archivist, audited, one transaction. `id` is the original or the
  // published version's id. kInvalidArgument for an empty reason; kFailedPrecondition naming
  // the version when it is withdrawn already or the record has no public version; kNotFound as
  // for any record the actor may not read; kPermissionDenied without the archivist role.
  virtual Result<PublishedVersion> Withdraw(const security::Subject& actor, std::string_view id,
                                            int64_t number, std::string_view reason) = 0;

  // A signed-in reader asks for review of a record or span they know of (by id or serial, or
  // by a published version's id). Any reader; the request names only what they gave.
  virtual Result<ReviewRequest> RequestReview(const security::Subject& actor, std::string_view id,
                                              std::string_view text) = 0;
  // The actor's own requests, newest first.
  virtual Result<std::vector<ReviewRequest>> MyRequests(const security::Subject& actor) = 0;

  // The proof bundle (docs/format/proof.md) of published version `number` of the record
  // (0 = the latest), as JSON. Anyone who may read the published version.
  virtual Result<std::string> Proof(const security::Subject& actor, std::string_view id,
                                    int64_t number) = 0;
};

// What a reviewer signs: "chancery-review-v1\n" + record id + "\n" + version + "\n" + digest +
// "\n" + kind + "\n" + canonical decision body (docs/archive.md "Signatures").
std::string DecisionMessage(const Decision& d);

// What an archivist signs to withdraw a published version: "chancery-withdrawal-v1\n" +
// published record id + "\n" + micros + "\n" + archivist + "\n" + reason.
std::string WithdrawalMessage(std::string_view published_id, int64_t micros,
                              std::string_view archivist, std::string_view reason);

}  // namespace chancery::archive
