// Drafts: create, edit (every version kept), read, version history, and submission for review
// (docs/desk.md "Drafts"). Access rules: security::Decide on the draft's banner for every read,
// the write-side guard security::MayAssignLabel on every portion and the banner.
#include <set>
#include <string>
#include <utility>

#include "chancery/audit/signing.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {

namespace {

Status CheckDrafter(const Directory& directory, const security::Subject& actor,
                    std::string_view office) {
  if (directory.FindOffice(office) == nullptr) {
    return InvalidArgument("no office " + std::string(office) + " in the directory");
  }
  if (!directory.HasRole(actor.name, Role::kDrafter, office)) {
    return PermissionDenied("user " + actor.name + " is not a drafter at " + std::string(office));
  }
  return Status::Ok();
}

Status GuardLabel(const security::Policy& policy, const security::Subject& actor,
                  const model::Label& label, std::string_view where) {
  security::Decision d = security::MayAssignLabel(policy, actor, label);
  if (!d.allowed) {
    return PermissionDenied("user " + actor.name + " may not mark " + std::string(where) + " " +
                            label.ToBanner() + ": " + d.reason);
  }
  return Status::Ok();
}

// The write-side guard on every portion and the banner.
Status GuardLabels(const security::Policy& policy, const security::Subject& actor,
                   const DraftSpec& spec, const model::Label& banner) {
  for (size_t i = 0; i < spec.content.body.size(); ++i) {
    if (spec.content.body[i].portion.has_value()) {
      CHANCERY_RETURN_IF_ERROR(
          GuardLabel(policy, actor, security::Canonicalize(policy, *spec.content.body[i].portion),
                     "portion " + std::to_string(i)));
    }
  }
  for (const model::Enclosure& enclosure : spec.content.enclosures) {
    for (const model::Paragraph& p : enclosure.paragraphs) {
      if (p.portion.has_value()) {
        CHANCERY_RETURN_IF_ERROR(GuardLabel(
            policy, actor, security::Canonicalize(policy, *p.portion), "enclosure portion"));
      }
    }
  }
  return GuardLabel(policy, actor, banner, "banner");
}

// Role, banner, labels and the cable's own invariants; fills draft->spec and draft->banner.
Status PrepareSpec(DeskImpl& desk, const security::Subject& actor, const DraftSpec& spec,
                   Draft* draft) {
  CHANCERY_ASSIGN_OR_RETURN(auto directory, desk.LoadDirectory(nullptr));
  CHANCERY_RETURN_IF_ERROR(CheckDrafter(directory.first, actor, spec.office));
  if (spec.reply_by_micros.has_value() && *spec.reply_by_micros <= desk.NowMicros()) {
    // Issue 12 item 7: a reply-by already past would make the cable overdue at release.
    return InvalidArgument("reply-by " + FormatDtg(*spec.reply_by_micros) +
                           " is not in the future");
  }
  CHANCERY_ASSIGN_OR_RETURN(model::Label banner, ComputeBanner(desk.policy(), spec));
  CHANCERY_RETURN_IF_ERROR(GuardLabels(desk.policy(), actor, spec, banner));
  draft->spec = spec;
  draft->banner = std::move(banner);
  Draft probe = *draft;
  if (probe.id.empty()) {
    probe.id = "draft-0000000000000000";
  }
  return model::Validate(DraftCable(probe));
}

// docs/desk.md "Drafts": "draft-" and 64 random bits from the CSPRNG, so that an id says nothing
// about how many drafts exist or when (issue 11 finding 15). A collision (expected once in
// ~4 billion drafts) draws again inside the creating transaction.
Result<std::string> NewDraftId(store::Txn& txn) {
  constexpr int kDraws = 8;
  for (int i = 0; i < kDraws; ++i) {
    std::string id = "draft-" + audit::RandomHex(8);
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> taken, txn.GetDoc(kDrafts, id));
    if (!taken.has_value()) {
      return id;
    }
  }
  return Internal("no free draft id after " + std::to_string(kDraws) + " random draws");
}

Status PutVersion(store::Txn& txn, const Draft& draft) {
  store::DocRow row;
  row.collection = std::string(kDraftVersions);
  row.key = DraftVersionKey(draft.id, draft.version);
  row.group = draft.id;
  row.sort = row.key;
  row.body = DraftSpecToJson(draft.spec);
  return txn.PutDoc(row, 0).status();
}

// Voids every decided step (it applied to an older text) and opens a fresh round when the draft
// is in review. A rejected draft returns to drafting.
void ApplyEdit(Draft* draft) {
  std::vector<ApprovalStep> kept;
  for (ApprovalStep& step : draft->steps) {
    if (step.state == StepState::kPending) {
      continue;  // replaced by the fresh round below (or by Submit)
    }
    if (step.state != StepState::kVoided) {
      step.state = StepState::kVoided;
    }
    kept.push_back(std::move(step));
  }
  draft->steps = std::move(kept);
  if (draft->state == DraftState::kRejected) {
    draft->state = DraftState::kDrafting;
  }
  if (draft->state == DraftState::kApproved) {
    draft->state = DraftState::kInReview;
  }
  if (draft->state == DraftState::kInReview) {
    for (ApprovalStep& step : FreshSteps(draft->spec, draft->version)) {
      draft->steps.push_back(std::move(step));
    }
  }
}

}  // namespace

Result<Draft> DeskImpl::CreateDraft(const security::Subject& actor, const DraftSpec& spec) {
  Draft draft;
  Status prepared = PrepareSpec(*this, actor, spec, &draft);
  if (!prepared.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, "desk.draft.create", spec.office,
                                             "deny: " + std::string(prepared.message()))));
    return prepared;
  }
  draft.version = 1;
  draft.state = DraftState::kDrafting;
  draft.drafter = actor.name;
  draft.created_micros = NowMicros();
  draft.updated_micros = draft.created_micros;
  Status done = store_.Transact([&](store::Txn& txn) -> Status {
    CHANCERY_ASSIGN_OR_RETURN(draft.id, NewDraftId(txn));
    CHANCERY_RETURN_IF_ERROR(PutDraft(txn, draft, 0));
    CHANCERY_RETURN_IF_ERROR(PutVersion(txn, draft));
    return AppendAudit(txn, {Event(actor, "desk.draft.create", draft.id,
                                   "ok: version 1 " + draft.banner.ToBanner(), {draft.id})});
  });
  CHANCERY_RETURN_IF_ERROR(done);
  CHANCERY_RETURN_IF_ERROR(AfterMutation());
  return draft;
}

Result<Draft> DeskImpl::EditDraft(const security::Subject& actor, std::string_view draft_id,
                                  int64_t expected_version, const DraftSpec& spec) {
  Draft next;
  Status s = PrepareSpec(*this, actor, spec, &next);
  Status done = !s.ok() ? s : store_.Transact([&](store::Txn& txn) -> Status {
    int64_t row_version = 0;
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Draft> current, ReadDraft(txn, draft_id, &row_version));
    if (!current.has_value() || !MayRead(actor, DraftCable(*current))) {
      return NoDraft(draft_id);
    }
    if (current->state == DraftState::kReleased) {
      return FailedPrecondition("draft " + current->id +
                                " is released: a correction is a new draft");
    }
    if (current->spec.office != spec.office) {
      return InvalidArgument("draft " + current->id + ": the drafting office cannot change");
    }
    if (current->version != expected_version) {
      return Conflict("draft " + current->id + " is at version " +
                      std::to_string(current->version) + ", not " +
                      std::to_string(expected_version));
    }
    next.id = current->id;
    next.version = current->version + 1;
    next.state = current->state;
    next.drafter = current->drafter;
    next.editors = std::move(current->editors);
    if (!next.IsAuthor(actor.name)) {
      next.editors.push_back(actor.name);
    }
    next.steps = std::move(current->steps);
    next.created_micros = current->created_micros;
    next.updated_micros = NowMicros();
    ApplyEdit(&next);
    CHANCERY_RETURN_IF_ERROR(PutDraft(txn, next, row_version));
    CHANCERY_RETURN_IF_ERROR(PutVersion(txn, next));
    return AppendAudit(
        txn, {Event(actor, "desk.draft.edit", next.id,
                    "ok: version " + std::to_string(next.version) + " " + next.banner.ToBanner(),
                    {next.id})});
  });
  if (!done.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, "desk.draft.edit", std::string(draft_id),
                                             "deny: " + std::string(done.message()))));
    return done;
  }
  CHANCERY_RETURN_IF_ERROR(AfterMutation());
  return next;
}

Result<Draft> DeskImpl::GetDraft(const security::Subject& actor, std::string_view draft_id) {
  std::optional<Draft> draft;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store_.GetDoc(kDrafts, draft_id));
  if (row.has_value()) {
    CHANCERY_ASSIGN_OR_RETURN(draft, DraftFromJson(row->body, draft_id));
  }
  if (!draft.has_value()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditOnly(Event(actor, "desk.draft.get", std::string(draft_id), "deny: no such draft")));
    return NoDraft(draft_id);
  }
  security::Decision d =
      security::Decide(policy(), actor, DraftCable(*draft), security::Action::kRead);
  CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(actor, "desk.draft.get", std::string(draft_id),
                                           d.allowed ? "allow" : "deny: " + d.reason)));
  if (!d.allowed) {
    return NoDraft(draft_id);
  }
  return std::move(*draft);
}

Result<std::vector<DraftSpec>> DeskImpl::DraftVersions(const security::Subject& actor,
                                                       std::string_view draft_id) {
  CHANCERY_ASSIGN_OR_RETURN(Draft draft, GetDraft(actor, draft_id));
  store::DocQuery query;
  query.collection = std::string(kDraftVersions);
  query.key_prefix = draft.id + "/";
  std::vector<DraftSpec> versions;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store_.ListDocs(query));
    for (const store::DocRow& row : rows) {
      CHANCERY_ASSIGN_OR_RETURN(DraftSpec spec, DraftSpecFromJson(row.body, row.key));
      versions.push_back(std::move(spec));
    }
    if (rows.size() < query.limit) {
      break;
    }
    query.after = rows.back().key;
  }
  return versions;
}

}  // namespace chancery::desk::internal
