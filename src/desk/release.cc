// ReleaseDraft and GetRelease (docs/desk.md "Release"): in one store transaction the draft is
// re-read and checked, the next gapless serial of its series and year is taken, the cable is
// stamped, committed to (salted Merkle root) and signed, written as a record, and queued for
// every recipient office (release_queue.cc).
#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"
#include "chancery/format/cable_text.h"
#include "chancery/format/json.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

constexpr std::string_view kReleaseAction = "desk.release";

// The draft as re-read inside the release transaction, with what the checks established.
struct Checked {
  Draft draft;
  int64_t row_version = 0;
  Directory directory;
  Office office;
};

Result<Checked> CheckDraft(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                           std::string_view draft_id) {
  Checked c;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<Draft> draft, ReadDraft(txn, draft_id, &c.row_version));
  if (!draft.has_value() || !desk.MayRead(actor, DraftCable(*draft))) {
    return NoDraft(draft_id);
  }
  c.draft = std::move(*draft);
  if (c.draft.state == DraftState::kReleased) {
    return FailedPrecondition("draft " + c.draft.id + " is already released as " +
                              c.draft.released_cable_id);
  }
  if (c.draft.state != DraftState::kApproved) {
    return FailedPrecondition("draft " + c.draft.id + " is not approved (state " +
                              std::string(DraftStateName(c.draft.state)) + ")");
  }
  CHANCERY_ASSIGN_OR_RETURN(auto loaded, desk.LoadDirectory(&txn));
  c.directory = std::move(loaded.first);
  const std::string& office_id = c.draft.spec.office;
  if (!c.directory.HasRole(actor.name, Role::kReleaser, office_id)) {
    return PermissionDenied("user " + actor.name + " is not a releaser at office " + office_id +
                            " (draft " + c.draft.id + ")");
  }
  const Office* office = c.directory.FindOffice(office_id);
  if (office == nullptr) {
    return FailedPrecondition("draft " + c.draft.id + ": drafting office " + office_id +
                              " is not in the directory");
  }
  c.office = *office;
  return c;
}

model::Date DayOf(int64_t micros) {
  const UtcTime t = ToUtc(micros);
  return model::Date::FromYmd(t.year, t.month, t.day);
}

// The approvals as the record shows them: decided clearances and approvals, and conditions
// ("subject to the approval of X"), pending or approved. Each under the person's name from the
// directory ("Wu Xiuquan"), the user name when the directory names none (issue 12 item 7).
std::vector<model::Approval> ApprovalsOf(const Draft& draft, const Directory& directory,
                                         int64_t* latest_micros) {
  std::vector<model::Approval> out;
  for (const ApprovalStep& step : draft.steps) {
    const bool condition = step.kind == StepKind::kCondition;
    if (step.state == StepState::kVoided || step.state == StepState::kRejected ||
        (step.state == StepState::kPending && !condition)) {
      continue;
    }
    model::Approval approval;
    approval.name = directory.DisplayName(step.user);
    approval.state = step.state == StepState::kApproved ? model::ApprovalState::kApproved
                                                        : model::ApprovalState::kPending;
    if (step.state == StepState::kApproved) {
      approval.date = DayOf(step.time_micros);
      *latest_micros = std::max(*latest_micros, step.time_micros);
    }
    approval.note = condition ? "subject to the approval of " + approval.name : step.comment;
    out.push_back(std::move(approval));
  }
  return out;
}

model::PrecedenceRank CableRank(const security::Policy& policy, const model::Precedence& p) {
  if (p.rank != model::PrecedenceRank::kUnknown) {
    return p.rank;
  }
  const model::PrecedenceRank mapped = security::MapPrecedence(policy, p.original);
  return mapped == model::PrecedenceRank::kUnknown ? model::PrecedenceRank::kRoutine : mapped;
}

// The addressees as the record keeps them: as drafted (groups flagged), then every office that
// only a group reached, so that the expansion is stored with the cable.
std::vector<model::Addressee> StoredAddressees(const Directory& directory,
                                               const std::vector<model::Addressee>& drafted,
                                               const std::vector<Recipient>& recipients) {
  std::vector<model::Addressee> out = drafted;
  for (model::Addressee& addressee : out) {
    addressee.is_group = directory.FindGroup(addressee.name) != nullptr;
  }
  for (const Recipient& recipient : recipients) {
    if (recipient.via == recipient.office) {
      continue;
    }
    model::Addressee expanded;
    expanded.name = recipient.office;
    expanded.role = recipient.role;
    expanded.precedence.rank = recipient.rank;
    expanded.note = "via " + recipient.via;
    out.push_back(std::move(expanded));
  }
  return out;
}

// The released cable: the draft's canonical cable stamped with id, serial, dates, approvals,
// precedence and the expanded addressees.
model::Cable StampCable(const security::Policy& policy, const Checked& c, const Release& r,
                        const std::vector<Recipient>& recipients) {
  model::Cable cable = DraftCable(c.draft);
  cable.id = r.cable_id;
  cable.direction = model::Direction::kOutgoing;
  cable.serial = r.serial;
  cable.released = ReleaseDate(r.released_micros);
  if (!cable.date.IsSet()) {
    cable.date = DayOf(r.released_micros);
  }
  int64_t latest = 0;
  cable.approvals = ApprovalsOf(c.draft, c.directory, &latest);
  if (latest != 0) {
    cable.approved = DayOf(latest);
  }
  cable.precedence.rank = CableRank(policy, cable.precedence);
  cable.addressees = StoredAddressees(c.directory, c.draft.spec.content.addressees, recipients);
  return cable;
}

// v1 (releases made before docs/format/proof.md): salts, Merkle root, text digest; the
// signed digest is text_digest || merkle_root.
void CommitV1(const model::Cable& cable, Release* r) {
  std::vector<std::string> leaves;
  r->salts.clear();
  for (const model::Paragraph& paragraph : cable.body) {
    r->salts.push_back(audit::RandomHex(16));
    leaves.push_back(ParagraphLeaf(r->salts.back(), paragraph.text));
  }
  r->merkle_root = MerkleRoot(leaves);
  r->text_digest = audit::Sha256Hex(format::RenderCableText(cable));
  r->signature.digest = r->text_digest + r->merkle_root;
}

// The commitment and the releaser's signature (docs/desk.md "Release" step 5).
Status CommitAndSign(DeskImpl& desk, store::Txn& txn, const model::Cable& cable, Release* r) {
  CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, desk.SignerFor(txn, r->releaser));
  r->signature.signer = r->releaser;
  r->signature.public_key = signer.public_key_hex();
  r->signature.time_micros = r->released_micros;
  r->commitment_version = desk.options().commitment_version;
  if (r->commitment_version == 1) {
    CommitV1(cable, r);
    r->signature.value = audit::SignMessage(signer, SignedMessage("release", r->signature.digest));
    return Status::Ok();
  }
  // v2: the record is version 1 when released (WriteRecord checks it).
  CHANCERY_ASSIGN_OR_RETURN(archive::Commitment commitment, archive::Commit(cable));
  r->commitment_seed = commitment.seed_hex;
  r->commitment_root = commitment.root_hex;
  r->signature.digest = commitment.root_hex;
  r->signature.value = audit::SignMessage(
      signer, archive::CommitmentMessage("release", cable.id, 1, commitment.root_hex));
  return Status::Ok();
}

// The released cables that `cable` references (by id or rendered serial), unique, in order.
Result<std::vector<std::string>> ResolveParents(store::Txn& txn, const model::Cable& cable) {
  std::vector<std::string> parents;
  for (const model::Reference& reference : cable.references) {
    std::string id = reference.target;
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> release, txn.GetDoc(kReleases, id));
    if (!release.has_value()) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> serial,
                                txn.GetDoc(kSerials, reference.target));
      if (!serial.has_value()) {
        continue;  // an external or unreleased reference: kept on the record only
      }
      id = serial->body;
    }
    if (id != cable.id && std::find(parents.begin(), parents.end(), id) == parents.end()) {
      parents.push_back(std::move(id));
    }
  }
  return parents;
}

Status WriteRecord(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                   const model::Cable& cable, const ReleaseRow& row) {
  store::WriteBatch batch;
  store::RecordWrite record;
  record.id = cable.id;
  record.payload = format::CableToJson(cable);
  record.access_class_key = row.meta.access_class;
  record.serial = cable.serial.original;
  record.seal = true;  // released and signed: nothing but the desk's own later decisions replace it
  batch.records.push_back(std::move(record));
  batch.audit.push_back(desk.Event(actor, std::string(kReleaseAction), cable.id,
                                   "ok: serial " + cable.serial.original,
                                   {cable.id, row.release.draft_id}));
  CHANCERY_ASSIGN_OR_RETURN(store::WriteResult written, txn.Write(std::move(batch)));
  // A v2 commitment signs record version 1: a record of this id must not exist already.
  if (written.versions.empty() || written.versions.front() != 1) {
    return AlreadyExists("record " + cable.id + " already exists");
  }
  return Status::Ok();
}

Status PutRow(store::Txn& txn, std::string_view collection, std::string key, std::string body) {
  store::DocRow doc;
  doc.collection = std::string(collection);
  doc.key = std::move(key);
  doc.body = std::move(body);
  return txn.PutDoc(doc).status();
}

// The serial's year: the release's, or an archive year opened for backfill.
Result<int32_t> SerialYear(store::Txn& txn, std::string_view series, int32_t release_year,
                           const ReleaseOptions& options) {
  if (!options.serial_year.has_value() || *options.serial_year == release_year) {
    return release_year;
  }
  const int32_t year = *options.serial_year;
  if (year > release_year) {
    return InvalidArgument("serial year " + std::to_string(year) + " is after the release year " +
                           std::to_string(release_year));
  }
  CHANCERY_ASSIGN_OR_RETURN(
      std::optional<store::DocRow> start,
      txn.GetDoc(kSerialStarts, std::string(series) + "/" + std::to_string(year)));
  if (!start.has_value()) {
    return FailedPrecondition("series " + std::string(series) + " year " + std::to_string(year) +
                              " is not open for backfill: a registry officer must set its "
                              "start first");
  }
  return year;
}

Result<Release> ReleaseInTxn(DeskImpl& desk, store::Txn& txn, const security::Subject& actor,
                             std::string_view draft_id, const ReleaseOptions& options) {
  CHANCERY_ASSIGN_OR_RETURN(Checked c, CheckDraft(desk, txn, actor, draft_id));
  const std::string series = c.office.series.empty() ? c.office.id : c.office.series;
  Release r;
  r.draft_id = c.draft.id;
  r.releaser = actor.name;
  r.released_micros = desk.NowMicros();
  r.dtg = FormatDtg(r.released_micros);
  CHANCERY_ASSIGN_OR_RETURN(const int32_t year,
                            SerialYear(txn, series, ToUtc(r.released_micros).year, options));
  CHANCERY_ASSIGN_OR_RETURN(int64_t number, NextSerial(txn, series, year));
  r.serial = model::Serial{series, year, number, RenderSerial(series, year, number)};
  r.cable_id = SerialCableId(series, year, number);
  CHANCERY_ASSIGN_OR_RETURN(
      std::vector<Recipient> recipients,
      ExpandRecipients(c.directory, c.draft.spec.content.addressees,
                       CableRank(desk.policy(), c.draft.spec.content.precedence)));
  for (const Recipient& recipient : recipients) {
    r.recipients.push_back(recipient.office);
  }
  const model::Cable cable = StampCable(desk.policy(), c, r, recipients);
  CHANCERY_RETURN_IF_ERROR(CommitAndSign(desk, txn, cable, &r));
  ReleaseRow row{r, CableMeta{security::ClassOf(desk.policy(), cable).Key(),
                              c.office.id,
                              std::string(model::DisplayTitle(cable)),
                              cable.current_label.ToBanner(),
                              c.draft.spec.reply_by_micros,
                              {}}};
  CHANCERY_ASSIGN_OR_RETURN(row.meta.parents, ResolveParents(txn, cable));
  CHANCERY_RETURN_IF_ERROR(WriteRecord(desk, txn, actor, cable, row));
  CHANCERY_RETURN_IF_ERROR(PutRow(txn, kReleases, r.cable_id, ReleaseRowToJson(row)));
  CHANCERY_RETURN_IF_ERROR(PutRow(txn, kSerials, r.serial.original, r.cable_id));
  c.draft.state = DraftState::kReleased;
  c.draft.released_cable_id = r.cable_id;
  c.draft.updated_micros = r.released_micros;
  CHANCERY_RETURN_IF_ERROR(PutDraft(txn, c.draft, c.row_version));
  CHANCERY_RETURN_IF_ERROR(SyncPendingSteps(txn, c.draft));
  CHANCERY_RETURN_IF_ERROR(
      QueueDeliveries(desk, txn, actor, QueueInput{&c.directory, &row, &recipients}));
  CHANCERY_RETURN_IF_ERROR(RecordThread(desk, txn, actor, row));
  return r;
}

}  // namespace

Result<Release> DeskImpl::ReleaseDraft(const security::Subject& actor, std::string_view draft_id,
                                       const ReleaseOptions& options) {
  Release released;
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(released, ReleaseInTxn(*this, txn, actor, draft_id, options));
    return Status::Ok();
  });
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, std::string(kReleaseAction),
                                             std::string(draft_id), "deny: " + done.ToString())));
    return done;
  }
  CHANCERY_RETURN_IF_ERROR(AfterMutation());
  return released;
}

Result<Release> DeskImpl::GetRelease(const security::Subject& actor, std::string_view cable_id) {
  Result<ReleaseRow> row = ReadableRelease(*this, nullptr, actor, cable_id);
  const std::string decision = row.ok() ? "allow" : "deny: " + row.status().ToString();
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(actor, "desk.release.get", std::string(cable_id), decision)));
  if (!row.ok()) {
    return row.status();
  }
  return std::move(row->release);
}

}  // namespace chancery::desk::internal
