// The desk's frame: Open, options, enum names, the directory kept in the store, and the helpers
// every part of DeskImpl shares (audit, checkpoints, signing keys, access decisions, row keys).
#include "chancery/desk/desk.h"

#include <algorithm>
#include <chrono>
#include <cinttypes>
#include <cstdio>
#include <filesystem>
#include <system_error>
#include <utility>

#include "chancery/audit/signing.h"
#include "chancery/base/strings.h"
#include "chancery/desk/keys.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"

namespace chancery::desk {

namespace {

constexpr std::string_view kDirectoryKey = "current";

const SystemClock& DefaultClock() {
  static const SystemClock kClock;
  return kClock;
}

// Maps int64 onto uint64 preserving order, so that times before 1970 (the seed's 1963) sort
// correctly as fixed-width decimal strings.
uint64_t OrderedMicros(int64_t micros) {
  return static_cast<uint64_t>(micros) ^ (uint64_t{1} << 63);
}

}  // namespace

int64_t HandlingTimes::For(model::PrecedenceRank rank) const {
  switch (rank) {
    case model::PrecedenceRank::kOverride:
    case model::PrecedenceRank::kFlash:
      return flash_seconds;
    case model::PrecedenceRank::kImmediate:
      return immediate_seconds;
    case model::PrecedenceRank::kPriority:
      return priority_seconds;
    case model::PrecedenceRank::kRoutine:
    case model::PrecedenceRank::kDeferred:
    case model::PrecedenceRank::kUnknown:
      return routine_seconds;
  }
  return routine_seconds;
}

Status DeskOptions::Validate() {
  if (db_path.empty()) {
    return InvalidArgument("no store path for the desk: set DeskOptions.db_path");
  }
  if (key_dir.empty() && store::IsPostgresUrl(db_path)) {
    return InvalidArgument("a PostgreSQL store needs key_dir set (the keys/ folder under --keys)");
  }
  if (key_dir.empty()) {
    key_dir = db_path + ".keys";
  }
  if (clock == nullptr) {
    clock = &DefaultClock();
  }
  return Status::Ok();
}

bool Draft::IsAuthor(std::string_view user) const {
  return user == drafter || std::find(editors.begin(), editors.end(), user) != editors.end();
}

std::string_view DraftStateName(DraftState state) {
  switch (state) {
    case DraftState::kDrafting:
      return "drafting";
    case DraftState::kInReview:
      return "in-review";
    case DraftState::kApproved:
      return "approved";
    case DraftState::kRejected:
      return "rejected";
    case DraftState::kReleased:
      return "released";
  }
  return "unknown";
}

std::string_view StepKindName(StepKind kind) {
  switch (kind) {
    case StepKind::kClear:
      return "clear";
    case StepKind::kApprove:
      return "approve";
    case StepKind::kCondition:
      return "condition";
  }
  return "unknown";
}

std::string_view StepStateName(StepState state) {
  switch (state) {
    case StepState::kPending:
      return "pending";
    case StepState::kApproved:
      return "approved";
    case StepState::kRejected:
      return "rejected";
    case StepState::kVoided:
      return "voided";
  }
  return "unknown";
}

std::string_view DeliveryStateName(DeliveryState state) {
  switch (state) {
    case DeliveryState::kQueued:
      return "queued";
    case DeliveryState::kDelivered:
      return "delivered";
    case DeliveryState::kAcknowledged:
      return "acknowledged";
    case DeliveryState::kNonDelivered:
      return "non-delivered";
  }
  return "unknown";
}

Result<std::unique_ptr<Desk>> Desk::Open(DeskOptions options, records::Records& records) {
  CHANCERY_RETURN_IF_ERROR(options.Validate());
  if (options.handling_from_policy) {
    for (const security::HandlingTime& h : records.policy().handling) {
      switch (h.rank) {
        case model::PrecedenceRank::kOverride:
        case model::PrecedenceRank::kFlash:
          options.handling.flash_seconds = h.seconds;
          break;
        case model::PrecedenceRank::kImmediate:
          options.handling.immediate_seconds = h.seconds;
          break;
        case model::PrecedenceRank::kPriority:
          options.handling.priority_seconds = h.seconds;
          break;
        default:
          options.handling.routine_seconds = h.seconds;
          break;
      }
    }
  }
  return std::unique_ptr<Desk>(std::make_unique<internal::DeskImpl>(std::move(options), records));
}

namespace internal {

std::string SerialSequence(std::string_view series, int year) {
  return "desk.serial/" + std::string(series) + "/" + std::to_string(year);
}

std::string DraftVersionKey(std::string_view draft_id, int64_t version) {
  char digits[32];
  std::snprintf(digits, sizeof(digits), "%012" PRId64, version);
  return std::string(draft_id) + "/" + digits;
}

std::string DeliveryKey(std::string_view cable_id, std::string_view office) {
  return std::string(cable_id) + "/" + std::string(office);
}

std::string DeliverySortKey(model::PrecedenceRank rank, int64_t released_micros,
                            std::string_view cable_id) {
  // Higher precedence first: invert the rank (kUnknown = -1 sorts last).
  const int inverted = 9 - static_cast<int>(rank);
  char prefix[48];
  std::snprintf(prefix, sizeof(prefix), "%02d/%020" PRIu64 "/", inverted,
                OrderedMicros(released_micros));
  return prefix + std::string(cable_id);
}

std::string MicrosSortKey(int64_t micros, std::string_view tie) {
  char prefix[32];
  std::snprintf(prefix, sizeof(prefix), "%020" PRIu64 "/", OrderedMicros(micros));
  return prefix + std::string(tie);
}

std::string ReplyKey(std::string_view referenced_id, std::string_view reply_id) {
  return std::string(referenced_id) + "/" + std::string(reply_id);
}

std::string SignedMessage(std::string_view purpose, std::string_view digest) {
  return "chancery-desk-" + std::string(purpose) + "\n" + std::string(digest) + "\n";
}

DeskImpl::DeskImpl(DeskOptions options, records::Records& records)
    : options_(std::move(options)), records_(records), store_(records.store()) {}

int64_t DeskImpl::NowMicros() const {
  return options_.clock->NowMicros();
}

Result<std::pair<Directory, int64_t>> DeskImpl::LoadDirectory(store::Txn* txn) {
  std::optional<store::DocRow> row;
  if (txn != nullptr) {
    CHANCERY_ASSIGN_OR_RETURN(row, txn->GetDoc(kDirectory, kDirectoryKey));
  } else {
    CHANCERY_ASSIGN_OR_RETURN(row, store_.GetDoc(kDirectory, kDirectoryKey));
  }
  if (!row.has_value()) {
    return std::pair<Directory, int64_t>(Directory{}, 0);
  }
  CHANCERY_ASSIGN_OR_RETURN(Directory directory, DirectoryFromJson(row->body));
  return std::pair<Directory, int64_t>(std::move(directory), row->version);
}

model::AuditEvent DeskImpl::Event(const security::Subject& actor, std::string action,
                                  std::string target, std::string decision,
                                  std::vector<std::string> ids) const {
  model::AuditEvent event;
  event.time_micros = NowMicros();
  event.actor = actor.name;
  event.action = std::move(action);
  event.target = std::move(target);
  event.decision = std::move(decision);
  event.ids = std::move(ids);
  return event;
}

Status DeskImpl::AppendAudit(store::Txn& txn, std::vector<model::AuditEvent> events) {
  store::WriteBatch batch;
  batch.audit = std::move(events);
  return txn.Write(std::move(batch)).status();
}

Status DeskImpl::AuditOnly(model::AuditEvent event) {
  store::WriteBatch batch;
  batch.audit.push_back(std::move(event));
  // Reads and refusals change nothing but the chain: a process crash is the durability needed.
  batch.durability = store::Durability::kProcessCrash;
  return store_.Write(std::move(batch)).status();
}

Status DeskImpl::AfterMutation() {
  const int64_t now = std::chrono::duration_cast<std::chrono::microseconds>(
                          std::chrono::steady_clock::now().time_since_epoch())
                          .count();
  int64_t last = last_checkpoint_micros_.load();
  if (last != 0 && now - last < kCheckpointIntervalMicros) {
    checkpoint_due_ = true;  // the next mutation after the interval, or the destructor, signs
    return Status::Ok();
  }
  if (!last_checkpoint_micros_.compare_exchange_strong(last, now)) {
    checkpoint_due_ = true;  // another thread is signing right now
    return Status::Ok();
  }
  checkpoint_due_ = false;
  // The mutation is committed whatever happens here: a checkpoint that cannot be signed (no key
  // in this process, or an alarm) leaves its entries hash-linked and reported as uncovered.
  (void)records_.Checkpoint();
  return Status::Ok();
}

DeskImpl::~DeskImpl() {
  if (checkpoint_due_) {
    (void)records_.Checkpoint();
  }
}

Result<audit::Signer> DeskImpl::SignerFor(store::Txn& txn, std::string_view user) {
  // The user registers their own key by signing for the first time (docs/desk.md "Keys").
  return KeyRing(store_, options_.key_dir).SignerFor(txn, user, [&] {
    model::AuditEvent event;
    event.time_micros = NowMicros();
    event.actor = std::string(user);
    return event;
  });
}

bool DeskImpl::MayRead(const security::Subject& subject, const model::Cable& cable) const {
  return security::Decide(policy(), subject, cable, security::Action::kRead).allowed;
}

security::Subject DeskImpl::OfficeSubject(const Office& office) const {
  security::Subject subject;
  subject.name = "office:" + office.id;
  subject.clearance = office.clearance;
  if (subject.clearance.level.empty()) {
    subject.clearance.level = policy().public_level;
  }
  subject.clearance.offices = {AsciiUpper(office.id)};
  return subject;
}

Result<std::pair<Directory, int64_t>> DeskImpl::GetDirectory(const security::Subject& actor) {
  if (!actor.administrator) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::UserRow> user, store_.GetUser(actor.name));
    if (!user.has_value()) {
      CHANCERY_RETURN_IF_ERROR(
          AuditOnly(Event(actor, "desk.directory.get", "directory", "deny: unknown user")));
      return PermissionDenied("reading the directory needs a registered user, not " + actor.name);
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(auto loaded, LoadDirectory(nullptr));
  CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, "desk.directory.get", "directory", "allow")));
  return loaded;
}

Status DeskImpl::ReplaceDirectory(const security::Subject& actor, const Directory& directory,
                                  std::optional<int64_t> expected_version) {
  if (!actor.administrator) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(
        Event(actor, "desk.directory.replace", "directory", "deny: not an administrator")));
    return PermissionDenied("replacing the directory needs an administrator, not " + actor.name);
  }
  Status valid = ValidateDirectory(policy(), directory);
  if (!valid.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, "desk.directory.replace", "directory",
                                             "deny: " + std::string(valid.message()))));
    return valid;
  }
  int64_t new_version = 0;
  Status done = store_.Transact([&](store::Txn& txn) -> Status {
    store::DocRow row;
    row.collection = std::string(kDirectory);
    row.key = std::string(kDirectoryKey);
    row.body = DirectoryToJson(directory);
    CHANCERY_ASSIGN_OR_RETURN(new_version, txn.PutDoc(row, expected_version));
    return AppendAudit(txn, {Event(actor, "desk.directory.replace", "directory",
                                   "ok: version " + std::to_string(new_version))});
  });
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, "desk.directory.replace", "directory",
                                             "deny: " + std::string(done.message()))));
    return done;
  }
  return AfterMutation();
}

}  // namespace internal

}  // namespace chancery::desk
