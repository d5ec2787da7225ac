// Pure rules of drafts: the canonical cable of a version, its digest, the banner (least upper
// bound of the portion labels), and the steps of a fresh review round. Plus the draft row I/O.
#include <algorithm>
#include <string>
#include <utility>

#include "chancery/audit/signing.h"
#include "chancery/format/cable_text.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"

namespace chancery::desk::internal {

namespace {

constexpr std::string_view kConditionNote = "subject to the approval of ";

// Folds one label into the running bound. `rel_all` stays true while every portion has a REL TO.
Status Fold(const security::Policy& policy, const model::Label& raw, std::string_view where,
            model::Label* bound, int32_t* rank, std::optional<std::vector<std::string>>* rel) {
  model::Label label = security::Canonicalize(policy, raw);
  const std::string level =
      label.classification.empty() ? policy.public_level : label.classification;
  const security::LevelDef* def = policy.FindLevel(level);
  if (def == nullptr) {
    return InvalidArgument(std::string(where) + ": unknown level " + level);
  }
  if (def->rank > *rank) {
    *rank = def->rank;
    bound->classification = def->name;
  }
  for (const std::string& category : label.categories) {
    if (policy.FindCategory(category) == nullptr) {
      return InvalidArgument(std::string(where) + ": unknown category " + category);
    }
    bound->categories.push_back(category);
  }
  if (!label.releasable_to.empty()) {
    if (!rel->has_value()) {
      *rel = label.releasable_to;
      return Status::Ok();
    }
    std::vector<std::string> common;
    std::set_intersection((*rel)->begin(), (*rel)->end(), label.releasable_to.begin(),
                          label.releasable_to.end(), std::back_inserter(common));
    if (common.empty()) {
      return InvalidArgument(std::string(where) + ": releasability has nothing in common with " +
                             "the rest of the draft");
    }
    *rel = std::move(common);
  }
  return Status::Ok();
}

}  // namespace

model::Cable DraftCable(const Draft& draft) {
  model::Cable cable = draft.spec.content;
  cable.id = draft.id;
  cable.office = draft.spec.office;
  cable.drafter = draft.drafter;
  cable.direction = model::Direction::kOutgoing;
  cable.current_label = draft.banner;
  cable.original_marking.label = draft.banner;
  cable.original_marking.verbatim = draft.banner.ToBanner();
  return cable;
}

std::string DraftDigest(const Draft& draft) {
  return audit::Sha256Hex(format::RenderCableText(DraftCable(draft)));
}

model::Cable AsReleased(model::Cable cable) {
  for (model::Approval& approval : cable.approvals) {
    if (approval.note.starts_with(kConditionNote)) {
      approval.state = model::ApprovalState::kPending;
      approval.date = model::Date();
    }
  }
  return cable;
}

Result<model::Label> ComputeBanner(const security::Policy& policy, const DraftSpec& spec) {
  model::Label bound;
  int32_t rank = -1;
  std::optional<std::vector<std::string>> rel;
  bool every_portion_rel = true;
  bool any_portion = false;
  auto fold_paragraphs = [&](const std::vector<model::Paragraph>& paragraphs,
                             const std::string& where) -> Status {
    for (size_t i = 0; i < paragraphs.size(); ++i) {
      if (!paragraphs[i].portion.has_value()) {
        continue;
      }
      any_portion = true;
      every_portion_rel = every_portion_rel && !paragraphs[i].portion->releasable_to.empty();
      CHANCERY_RETURN_IF_ERROR(Fold(policy, *paragraphs[i].portion,
                                    where + "[" + std::to_string(i) + "]", &bound, &rank, &rel));
    }
    return Status::Ok();
  };
  CHANCERY_RETURN_IF_ERROR(fold_paragraphs(spec.content.body, "portion body"));
  for (size_t e = 0; e < spec.content.enclosures.size(); ++e) {
    CHANCERY_RETURN_IF_ERROR(fold_paragraphs(spec.content.enclosures[e].paragraphs,
                                             "portion enclosure " + std::to_string(e)));
  }
  if (!any_portion || !every_portion_rel) {
    rel.reset();  // a portion without REL TO: only the requested label can restrict release
  }
  CHANCERY_RETURN_IF_ERROR(
      Fold(policy, spec.content.current_label, "requested label", &bound, &rank, &rel));
  if (rel.has_value()) {
    bound.releasable_to = std::move(*rel);
  }
  bound.Normalize();
  return bound;
}

std::vector<ApprovalStep> FreshSteps(const DraftSpec& spec, int64_t version) {
  std::vector<ApprovalStep> steps;
  auto add = [&](StepKind kind, const std::string& user) {
    ApprovalStep step;
    step.kind = kind;
    step.user = user;
    step.draft_version = version;
    steps.push_back(std::move(step));
  };
  for (const std::string& user : spec.rule.clearers) {
    add(StepKind::kClear, user);
  }
  for (const std::string& user : spec.rule.approvers) {
    add(StepKind::kApprove, user);
  }
  for (const std::string& user : spec.conditions) {
    add(StepKind::kCondition, user);
  }
  return steps;
}

Status NoDraft(std::string_view draft_id) {
  return NotFound("no draft " + std::string(draft_id));
}

Status PutDraft(store::Txn& txn, const Draft& draft, std::optional<int64_t> expected_row_version) {
  store::DocRow row;
  row.collection = std::string(kDrafts);
  row.key = draft.id;
  row.group = draft.spec.office;
  row.sort = MicrosSortKey(draft.created_micros, draft.id);
  row.body = DraftToJson(draft);
  CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row, expected_row_version).status());
  return SyncPendingSteps(txn, draft);
}

Result<std::optional<Draft>> ReadDraft(store::Txn& txn, std::string_view draft_id,
                                       int64_t* row_version) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, txn.GetDoc(kDrafts, draft_id));
  if (!row.has_value()) {
    return std::optional<Draft>();
  }
  if (row_version != nullptr) {
    *row_version = row->version;
  }
  CHANCERY_ASSIGN_OR_RETURN(Draft draft, DraftFromJson(row->body, draft_id));
  return std::optional<Draft>(std::move(draft));
}

}  // namespace chancery::desk::internal
