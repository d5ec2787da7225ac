// Submission of a draft for clearance and approval (docs/desk.md "Clearance and approval"): the
// rule is checked against the directory, and every recipient office must be able to read the
// banner, so that an uncleared addressee is refused now, naming it, not discovered at release.
#include <map>
#include <string>
#include <utility>

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"

namespace chancery::desk::internal {

namespace {

using Subjects = std::map<std::string, security::Subject, std::less<>>;

// `office` and every office above it.
std::vector<std::string> OfficeAndAncestors(const Directory& directory, std::string_view office) {
  std::vector<std::string> chain;
  const Office* at = directory.FindOffice(office);
  // The directory is validated (no parent cycles); the bound guards a corrupt row anyway.
  while (at != nullptr && chain.size() <= directory.offices.size()) {
    chain.push_back(at->id);
    at = at->parent.empty() ? nullptr : directory.FindOffice(at->parent);
  }
  return chain;
}

Status CheckParticipant(const Directory& directory, const DeskImpl& desk, const Subjects& subjects,
                        const Draft& draft, const std::string& user, Role role) {
  if (draft.IsAuthor(user)) {
    return FailedPrecondition("draft " + draft.id + ": user " + user +
                              " wrote it and may not clear or approve it");
  }
  auto found = subjects.find(user);
  if (found == subjects.end()) {
    return InvalidArgument("draft " + draft.id + ": unknown user " + user);
  }
  if (role != Role::kAdministrator) {  // kAdministrator marks a condition holder: no role needed
    bool holds = false;
    for (const std::string& office : OfficeAndAncestors(directory, draft.spec.office)) {
      holds = holds || directory.HasRole(user, role, office);
    }
    if (!holds) {
      return FailedPrecondition("draft " + draft.id + ": user " + user + " does not hold the " +
                                std::string(RoleName(role)) + " role at " + draft.spec.office +
                                " or above");
    }
  }
  security::Decision d =
      security::Decide(desk.policy(), found->second, DraftCable(draft), security::Action::kRead);
  if (!d.allowed) {
    return FailedPrecondition("draft " + draft.id + ": user " + user +
                              " may not read it: " + d.reason);
  }
  return Status::Ok();
}

Status CheckRule(const Directory& directory, const DeskImpl& desk, const Subjects& subjects,
                 const Draft& draft) {
  const ApprovalRule& rule = draft.spec.rule;
  if (rule.approvers.empty()) {
    return InvalidArgument("draft " + draft.id + ": the approval rule names no approvers");
  }
  if (rule.required > rule.approvers.size()) {
    return InvalidArgument("draft " + draft.id + ": " + std::to_string(rule.required) +
                           " approvals required of " + std::to_string(rule.approvers.size()));
  }
  for (const std::string& user : rule.clearers) {
    CHANCERY_RETURN_IF_ERROR(
        CheckParticipant(directory, desk, subjects, draft, user, Role::kClearer));
  }
  for (const std::string& user : rule.approvers) {
    CHANCERY_RETURN_IF_ERROR(
        CheckParticipant(directory, desk, subjects, draft, user, Role::kApprover));
  }
  for (const std::string& user : draft.spec.conditions) {
    CHANCERY_RETURN_IF_ERROR(
        CheckParticipant(directory, desk, subjects, draft, user, Role::kAdministrator));
  }
  return Status::Ok();
}

Status CheckRecipient(const DeskImpl& desk, const Office& office, const model::Cable& cable,
                      std::string_view via) {
  security::Decision d =
      security::Decide(desk.policy(), desk.OfficeSubject(office), cable, security::Action::kRead);
  if (d.allowed) {
    return Status::Ok();
  }
  return FailedPrecondition("recipient " + office.id + std::string(via) + " may not read " +
                            cable.current_label.ToBanner() + ": " + d.reason);
}

Status CheckRecipients(const Directory& directory, const DeskImpl& desk, const Draft& draft) {
  const model::Cable cable = DraftCable(draft);
  for (const model::Addressee& addressee : cable.addressees) {
    if (const Office* office = directory.FindOffice(addressee.name); office != nullptr) {
      CHANCERY_RETURN_IF_ERROR(CheckRecipient(desk, *office, cable, ""));
      continue;
    }
    if (directory.FindGroup(addressee.name) == nullptr) {
      return InvalidArgument("draft " + draft.id + ": unknown addressee " + addressee.name);
    }
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> members,
                              directory.ExpandGroup(addressee.name));
    for (const std::string& id : members) {
      const Office* office = directory.FindOffice(id);
      if (office == nullptr) {
        return InvalidArgument("group " + addressee.name + ": unknown office " + id);
      }
      CHANCERY_RETURN_IF_ERROR(
          CheckRecipient(desk, *office, cable, " (via group " + addressee.name + ")"));
    }
  }
  return Status::Ok();
}

}  // namespace

Result<Draft> DeskImpl::Submit(const security::Subject& actor, std::string_view draft_id) {
  Result<Draft> read = GetDraft(actor, draft_id);
  if (!read.ok()) {
    return read.status();
  }
  Draft draft = std::move(read).value();
  Subjects subjects;
  for (const ApprovalStep& step : FreshSteps(draft.spec, draft.version)) {
    if (auto subject = records_.ResolveSubject(step.user); subject.ok()) {
      subjects.emplace(step.user, std::move(subject).value());
    }
  }
  CHANCERY_ASSIGN_OR_RETURN(auto directory, LoadDirectory(nullptr));
  Status s;
  if (draft.state != DraftState::kDrafting) {
    s = FailedPrecondition("draft " + draft.id + " is " + std::string(DraftStateName(draft.state)) +
                           ", not drafting");
  } else if (actor.name != draft.drafter &&
             !directory.first.HasRole(actor.name, Role::kDrafter, draft.spec.office)) {
    s = PermissionDenied("user " + actor.name + " is not a drafter at " + draft.spec.office);
  } else {
    s = CheckRule(directory.first, *this, subjects, draft);
  }
  if (s.ok()) {
    s = CheckRecipients(directory.first, *this, draft);
  }
  const int64_t version = draft.version;
  if (s.ok()) {
    s = store_.Transact([&](store::Txn& txn) -> Status {
      int64_t row_version = 0;
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Draft> current,
                                ReadDraft(txn, draft.id, &row_version));
      if (!current.has_value() || current->version != version ||
          current->state != DraftState::kDrafting) {
        return Conflict("draft " + draft.id + " changed while being submitted");
      }
      draft = std::move(*current);
      for (ApprovalStep& step : FreshSteps(draft.spec, draft.version)) {
        draft.steps.push_back(std::move(step));
      }
      draft.state = DraftState::kInReview;
      draft.updated_micros = NowMicros();
      CHANCERY_RETURN_IF_ERROR(PutDraft(txn, draft, row_version));
      return AppendAudit(txn, {Event(actor, "desk.draft.submit", draft.id, "ok", {draft.id})});
    });
  }
  if (!s.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(
        Event(actor, "desk.draft.submit", draft.id, "deny: " + std::string(s.message()))));
    return s;
  }
  CHANCERY_RETURN_IF_ERROR(AfterMutation());
  return draft;
}

}  // namespace chancery::desk::internal
