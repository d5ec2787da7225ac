// Helpers shared by the draft and approval parts of the desk (draft.cc, approval.cc,
// codec_draft.cc) and usable by release.cc: the canonical cable of a draft version, the digest
// approvals sign, the banner computation and the pending-step bookkeeping. Private to src/desk.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/desk/desk.h"
#include "chancery/desk/directory.h"
#include "chancery/model/cable.h"
#include "chancery/security/policy.h"
#include "chancery/store/store.h"

namespace chancery::desk::internal {

// JSON body of the directory row (kDirectory, key "current"). FromJson errors are kCorruption.
std::string DirectoryToJson(const Directory& directory);
Result<Directory> DirectoryFromJson(std::string_view json);

// The cable a draft version stands for: spec.content with id = draft id, office = spec.office,
// drafter, and the banner as current label and original marking. Its canonical text
// (format::RenderCableText) is what clearers and approvers sign.
model::Cable DraftCable(const Draft& draft);
// hex SHA-256 of format::RenderCableText(DraftCable(draft)).
std::string DraftDigest(const Draft& draft);

// The released record as it was at release: conditions closed since ("subject to the approval
// of X" approvals, now approved or rejected) turned back to pending with no date. The release
// digest covers this form, so that closing a condition later does not break VerifyRelease.
model::Cable AsReleased(model::Cable cable);

// The banner of `spec` (docs/desk.md "Drafts"): level = highest rank among the portions and the
// requested label, categories = union, releasability = intersection when every portion has one
// (else the requested label's). kInvalidArgument naming the portion for an unknown level or
// category or releasability groups with nothing in common.
Result<model::Label> ComputeBanner(const security::Policy& policy, const DraftSpec& spec);

// Pending steps for a fresh round of review of `spec`, applying to `version`: clearers in order,
// approvers, then conditions.
std::vector<ApprovalStep> FreshSteps(const DraftSpec& spec, int64_t version);

// The steps of `draft` the named user may decide now (indices into draft.steps), in order: the
// current clearer's step, then approvers once every clearer has cleared (only while in review),
// then condition steps (from submission on, including after release).
std::vector<size_t> ActionableSteps(const Draft& draft, std::string_view user);
// Every user with an actionable step on `draft`, sorted and unique.
std::vector<std::string> ActionableUsers(const Draft& draft);

// Rewrites the kPendingSteps rows of `draft` (group = user) to match ActionableUsers(draft).
Status SyncPendingSteps(store::Txn& txn, const Draft& draft);

// Writes the draft row (optionally guarded by the row version read earlier).
Status PutDraft(store::Txn& txn, const Draft& draft,
                std::optional<int64_t> expected_row_version = std::nullopt);
// Reads the draft row: std::nullopt when absent. The row version goes to *row_version if given.
Result<std::optional<Draft>> ReadDraft(store::Txn& txn, std::string_view draft_id,
                                       int64_t* row_version = nullptr);

// "no draft ID": the one answer for a missing draft and for a draft the actor may not read.
Status NoDraft(std::string_view draft_id);

}  // namespace chancery::desk::internal
