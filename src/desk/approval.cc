// Clearance and approval (docs/desk.md "Clearance and approval"): whose turn it is, signed
// decisions, k-of-n, conditions that outlive release, and the per-user approval queue
// (kPendingSteps rows, rewritten with the draft in the same transaction).
#include <algorithm>
#include <string>
#include <utility>

#include "chancery/audit/signing.h"
#include "chancery/format/json.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"

namespace chancery::desk::internal {

namespace {

constexpr int kMaxAttempts = 3;

bool ConditionsOpen(DraftState state) {
  return state == DraftState::kInReview || state == DraftState::kApproved ||
         state == DraftState::kReleased;
}

// The UTC calendar date of `micros` (days-from-civil inverse, H. Hinnant).
model::Date DateOf(int64_t micros) {
  int64_t days = micros / 86'400'000'000;
  if (micros % 86'400'000'000 < 0) {
    --days;
  }
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t doe = days - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return model::Date::FromYmd(static_cast<int32_t>(year), static_cast<int32_t>(month),
                              static_cast<int32_t>(day));
}

// Nobody clears, approves or closes a condition on a draft they wrote (issue 12 item 6).
Status SelfApproval(const Draft& draft, const std::string& user) {
  return PermissionDenied("user " + user + " wrote draft " + draft.id +
                          " and may not clear or approve it");
}

// Moves the draft on after a decision on steps[index].
void Advance(Draft* draft, size_t index) {
  const ApprovalStep& step = draft->steps[index];
  if (step.state == StepState::kRejected) {
    if (draft->state != DraftState::kReleased) {
      draft->state = DraftState::kRejected;
    }
    return;
  }
  if (draft->state != DraftState::kInReview) {
    return;
  }
  uint32_t approvals = 0;
  for (const ApprovalStep& s : draft->steps) {
    if (s.kind == StepKind::kClear && s.state == StepState::kPending) {
      return;  // a clearer has not cleared yet
    }
    if (s.kind == StepKind::kApprove && s.state == StepState::kApproved) {
      ++approvals;
    }
  }
  const ApprovalRule& rule = draft->spec.rule;
  const size_t needed = rule.required == 0 ? rule.approvers.size() : rule.required;
  if (approvals >= needed) {
    draft->state = DraftState::kApproved;
  }
}

// Records X's decision on a condition in the released record's approvals.
Status CloseConditionOnRecord(DeskImpl& desk, store::Txn& txn, const store::StoredRecord& stored,
                              const ApprovalStep& step) {
  CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(stored.payload, stored.id));
  CHANCERY_ASSIGN_OR_RETURN(auto directory, desk.LoadDirectory(&txn));
  // The record names the holder as the directory did at release: the person's name, or the
  // user name (records released before issue 12, or a person added since).
  const std::string name = directory.first.DisplayName(step.user);
  const model::ApprovalState state = step.state == StepState::kApproved
                                         ? model::ApprovalState::kApproved
                                         : model::ApprovalState::kRejected;
  auto open = std::find_if(cable.approvals.begin(), cable.approvals.end(), [&](const auto& a) {
    return (a.name == step.user || a.name == name) && a.state == model::ApprovalState::kPending;
  });
  if (open == cable.approvals.end()) {
    model::Approval added;
    added.name = name;
    added.note = "subject to the approval of " + name;
    open = cable.approvals.insert(cable.approvals.end(), std::move(added));
  }
  open->state = state;
  open->date = DateOf(step.time_micros);
  store::WriteBatch batch;
  store::RecordWrite write{cable.id, format::CableToJson(cable),
                           security::ClassOf(desk.policy(), cable).Key(), stored.serial};
  write.replace_sealed = true;  // the condition's decision, kept as a new version
  batch.records.push_back(std::move(write));
  return txn.Write(std::move(batch)).status();
}

// Decides steps[index] of `draft` for `actor`.
Status Decide(DeskImpl& desk, store::Txn& txn, const security::Subject& actor, Draft* draft,
              size_t index, bool approve, std::string_view comment) {
  ApprovalStep& step = draft->steps[index];
  step.comment = std::string(comment);
  step.draft_version = draft->version;
  step.time_micros = desk.NowMicros();
  step.state = approve ? StepState::kApproved : StepState::kRejected;
  if (approve) {
    CHANCERY_ASSIGN_OR_RETURN(audit::Signer signer, desk.SignerFor(txn, actor.name));
    Signature sig;
    sig.signer = actor.name;
    sig.public_key = signer.public_key_hex();
    sig.digest = DraftDigest(*draft);
    sig.value = audit::SignMessage(signer, SignedMessage(StepKindName(step.kind), sig.digest));
    sig.time_micros = step.time_micros;
    step.signature = std::move(sig);
  }
  Advance(draft, index);
  draft->updated_micros = step.time_micros;
  return Status::Ok();
}

}  // namespace

std::vector<size_t> ActionableSteps(const Draft& draft, std::string_view user) {
  std::vector<size_t> out;
  const std::vector<ApprovalStep>& steps = draft.steps;
  auto pending = [&](size_t i, StepKind kind) {
    return steps[i].kind == kind && steps[i].state == StepState::kPending;
  };
  if (draft.state == DraftState::kInReview) {
    size_t first_clear = steps.size();
    for (size_t i = 0; i < steps.size() && first_clear == steps.size(); ++i) {
      first_clear = pending(i, StepKind::kClear) ? i : first_clear;
    }
    if (first_clear < steps.size()) {
      if (steps[first_clear].user == user) {
        out.push_back(first_clear);
      }
    } else {
      for (size_t i = 0; i < steps.size(); ++i) {
        if (pending(i, StepKind::kApprove) && steps[i].user == user) {
          out.push_back(i);
        }
      }
    }
  }
  if (ConditionsOpen(draft.state)) {
    for (size_t i = 0; i < steps.size(); ++i) {
      if (pending(i, StepKind::kCondition) && steps[i].user == user) {
        out.push_back(i);
      }
    }
  }
  return out;
}

std::vector<std::string> ActionableUsers(const Draft& draft) {
  std::vector<std::string> users;
  for (const ApprovalStep& step : draft.steps) {
    if (!ActionableSteps(draft, step.user).empty()) {
      users.push_back(step.user);
    }
  }
  std::sort(users.begin(), users.end());
  users.erase(std::unique(users.begin(), users.end()), users.end());
  return users;
}

Status SyncPendingSteps(store::Txn& txn, const Draft& draft) {
  store::DocQuery query;
  query.collection = std::string(kPendingSteps);
  query.key_prefix = draft.id + "/";
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, txn.ListDocs(query));
  for (const store::DocRow& row : rows) {
    CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kPendingSteps, row.key));
  }
  for (const std::string& user : ActionableUsers(draft)) {
    store::DocRow row;
    row.collection = std::string(kPendingSteps);
    row.key = draft.id + "/" + user;
    row.group = user;
    row.sort = MicrosSortKey(draft.created_micros, draft.id);
    row.body = draft.id;
    CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
  }
  return Status::Ok();
}

Result<Draft> DeskImpl::DecideStep(const security::Subject& actor, std::string_view draft_id,
                                   bool approve, std::string_view comment) {
  const std::string action = approve ? "desk.step.approve" : "desk.step.reject";
  Status s;
  Draft draft;
  for (int attempt = 0; attempt < kMaxAttempts; ++attempt) {
    Result<Draft> read = GetDraft(actor, draft_id);
    if (!read.ok()) {
      return read.status();
    }
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, store_.GetDoc(kDrafts, draft_id));
    // A condition closed after release rewrites the record: read it before the transaction and
    // guard against a concurrent change with the draft row's version.
    std::optional<store::StoredRecord> record;
    if (read->state == DraftState::kReleased) {
      CHANCERY_ASSIGN_OR_RETURN(record, store_.GetRecord(read->released_cable_id));
    }
    bool raced = false;
    s = store_.Transact([&](store::Txn& txn) -> Status {
      int64_t row_version = 0;
      CHANCERY_ASSIGN_OR_RETURN(std::optional<Draft> current,
                                ReadDraft(txn, draft_id, &row_version));
      if (!current.has_value() || !row.has_value() || row_version != row->version) {
        raced = true;
        return Conflict("draft " + std::string(draft_id) + " changed during the decision");
      }
      draft = std::move(*current);
      std::vector<size_t> open = ActionableSteps(draft, actor.name);
      if (!open.empty() && draft.IsAuthor(actor.name)) {
        return SelfApproval(draft, actor.name);
      }
      if (open.empty()) {
        return FailedPrecondition("draft " + draft.id + ": no step of user " + actor.name +
                                  " is open");
      }
      CHANCERY_RETURN_IF_ERROR(Decide(*this, txn, actor, &draft, open.front(), approve, comment));
      const ApprovalStep& step = draft.steps[open.front()];
      if (draft.state == DraftState::kReleased && record.has_value()) {
        CHANCERY_RETURN_IF_ERROR(CloseConditionOnRecord(*this, txn, *record, step));
      }
      CHANCERY_RETURN_IF_ERROR(PutDraft(txn, draft, row_version));
      return AppendAudit(txn, {Event(actor, action, draft.id,
                                     "ok: " + std::string(StepKindName(step.kind)) + " version " +
                                         std::to_string(draft.version),
                                     {draft.id})});
    });
    if (!raced) {
      break;
    }
  }
  if (!s.ok()) {
    CHANCERY_RETURN_IF_ERROR(AuditOnly(
        Event(actor, action, std::string(draft_id), "deny: " + std::string(s.message()))));
    return s;
  }
  CHANCERY_RETURN_IF_ERROR(AfterMutation());
  return draft;
}

Result<std::vector<Draft>> DeskImpl::ApprovalQueue(const security::Subject& actor) {
  store::DocQuery query;
  query.collection = std::string(kPendingSteps);
  query.group = actor.name;
  std::vector<Draft> drafts;
  std::vector<std::string> ids;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store_.ListDocs(query));
    for (const store::DocRow& row : rows) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> body,
                                store_.GetDoc(kDrafts, row.body));
      if (!body.has_value()) {
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(Draft draft, DraftFromJson(body->body, row.body));
      if (MayRead(actor, DraftCable(draft)) && !ActionableSteps(draft, actor.name).empty()) {
        ids.push_back(draft.id);
        drafts.push_back(std::move(draft));
      }
    }
    if (rows.size() < query.limit) {
      break;
    }
    query.after = rows.back().sort;
  }
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(actor, "desk.approval.queue", actor.name, "allow", std::move(ids))));
  return drafts;
}

}  // namespace chancery::desk::internal
