// Clearance and approval: order, k of n, rejection, voiding by edits, signatures, conditions that
// outlive release, the approval queue, and the audit trail.
#include <gtest/gtest.h>

#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"
#include "chancery/format/cable_text.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"
#include "support/desk_fixture.h"
#include "support/temp_dir.h"

namespace chancery::desk {
namespace {

using chancery::testing::DeskFixture;

class ApprovalTest : public ::testing::Test {
 protected:
  // Creates and submits `spec`; returns the draft id ("" and a test failure on error).
  std::string Submitted(const DraftSpec& spec) {
    auto draft = f_.desk().CreateDraft(f_.User("drafter"), spec);
    EXPECT_TRUE(draft.ok()) << draft.status().ToString();
    auto submitted = f_.desk().Submit(f_.User("drafter"), draft.ok() ? draft->id : "");
    EXPECT_TRUE(submitted.ok()) << submitted.status().ToString();
    return submitted.ok() ? submitted->id : "";
  }

  Result<Draft> Approve(const std::string& user, const std::string& id) {
    return f_.desk().DecideStep(f_.User(user), id, true, "approved by " + user);
  }

  StatusCode ApproveCode(const std::string& user, const std::string& id) {
    return Approve(user, id).status().code();
  }

  size_t QueueSize(const std::string& user) {
    auto queue = f_.desk().ApprovalQueue(f_.User(user));
    EXPECT_TRUE(queue.ok()) << queue.status().ToString();
    return queue.ok() ? queue->size() : 0;
  }

  static DraftSpec WithClearers() {
    DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
    spec.rule.clearers = {"clearer1", "clearer2"};
    return spec;
  }

  chancery::testing::TempDir dir_;
  DeskFixture f_{dir_.path()};
};

TEST_F(ApprovalTest, ClearersDecideInTheirOrder) {
  const std::string id = Submitted(WithClearers());
  EXPECT_EQ(ApproveCode("clearer2", id), StatusCode::kFailedPrecondition);
  EXPECT_EQ(ApproveCode("clearer1", id), StatusCode::kOk);
  EXPECT_EQ(ApproveCode("clearer2", id), StatusCode::kOk);
}

TEST_F(ApprovalTest, ApproversWaitForEveryClearer) {
  const std::string id = Submitted(WithClearers());
  EXPECT_EQ(QueueSize("wu"), 0u);
  EXPECT_EQ(ApproveCode("wu", id), StatusCode::kFailedPrecondition);
  ASSERT_TRUE(Approve("clearer1", id).ok());
  ASSERT_TRUE(Approve("clearer2", id).ok());
  EXPECT_EQ(QueueSize("wu"), 1u);
  EXPECT_EQ(ApproveCode("wu", id), StatusCode::kOk);
}

TEST_F(ApprovalTest, EveryApproverIsNeededWhenNoCountIsGiven) {
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  EXPECT_EQ(Approve("wu", id)->state, DraftState::kInReview);
  EXPECT_EQ(Approve("zeng", id)->state, DraftState::kApproved);
}

TEST_F(ApprovalTest, KOfNApprovalsSuffice) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
  spec.rule.approvers = {"wu", "zeng", "chen"};
  spec.rule.required = 2;
  const std::string id = Submitted(spec);
  EXPECT_EQ(Approve("chen", id)->state, DraftState::kInReview);
  EXPECT_EQ(Approve("wu", id)->state, DraftState::kApproved);
  EXPECT_EQ(QueueSize("zeng"), 0u);
  EXPECT_EQ(ApproveCode("zeng", id), StatusCode::kFailedPrecondition);
}

TEST_F(ApprovalTest, ARejectionWithCommentRejectsTheDraft) {
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  auto rejected = f_.desk().DecideStep(f_.User("wu"), id, false, "too long");
  ASSERT_TRUE(rejected.ok()) << rejected.status().ToString();
  EXPECT_EQ(rejected->state, DraftState::kRejected);
  EXPECT_EQ(rejected->steps[0].state, StepState::kRejected);
  EXPECT_EQ(rejected->steps[0].comment, "too long");
  EXPECT_EQ(QueueSize("zeng"), 0u);
}

TEST_F(ApprovalTest, EditingARejectedDraftReturnsItToDrafting) {
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  ASSERT_TRUE(f_.desk().DecideStep(f_.User("wu"), id, false, "no").ok());
  auto edited = f_.desk().EditDraft(f_.User("drafter"), id, 1, DeskFixture::Spec("u", {"SECRET"}));
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->state, DraftState::kDrafting);
  EXPECT_EQ(edited->steps[0].state, StepState::kVoided);
  EXPECT_TRUE(f_.desk().Submit(f_.User("drafter"), id).ok());
}

TEST_F(ApprovalTest, AnEditVoidsAnApprovalVisibly) {
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  ASSERT_TRUE(Approve("wu", id).ok());
  auto edited = f_.desk().EditDraft(f_.User("drafter"), id, 1, DeskFixture::Spec("u", {"SECRET"}));
  ASSERT_TRUE(edited.ok()) << edited.status().ToString();
  EXPECT_EQ(edited->state, DraftState::kInReview);
  ASSERT_EQ(edited->steps.size(), 3u);  // wu voided, then wu and zeng pending again
  EXPECT_EQ(edited->steps[0].state, StepState::kVoided);
  EXPECT_EQ(edited->steps[0].draft_version, 1);
  EXPECT_TRUE(edited->steps[0].signature.has_value());
  EXPECT_EQ(edited->steps[1].state, StepState::kPending);
  EXPECT_EQ(QueueSize("wu"), 1u);
}

TEST_F(ApprovalTest, AnApprovalIsSignedOverTheCanonicalTextOfThatVersion) {
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  auto draft = Approve("wu", id);
  ASSERT_TRUE(draft.ok());
  const Signature& sig = *draft->steps[0].signature;
  const std::string text = format::RenderCableText(internal::DraftCable(*draft));
  EXPECT_EQ(sig.digest, audit::Sha256Hex(text));
  EXPECT_EQ(sig.signer, "wu");
  EXPECT_TRUE(audit::VerifyMessage(internal::SignedMessage("approve", sig.digest), sig.value,
                                   sig.public_key)
                  .ok());
}

TEST_F(ApprovalTest, ASignatureFailsToVerifyOverATamperedText) {
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  auto draft = Approve("wu", id);
  ASSERT_TRUE(draft.ok());
  draft->spec.content.body[0].text += " And one more thing.";
  const std::string tampered =
      audit::Sha256Hex(format::RenderCableText(internal::DraftCable(*draft)));
  const Signature& sig = *draft->steps[0].signature;
  EXPECT_EQ(
      audit::VerifyMessage(internal::SignedMessage("approve", tampered), sig.value, sig.public_key)
          .code(),
      StatusCode::kCorruption);
}

TEST_F(ApprovalTest, TheApprovalQueueFollowsTheDraft) {
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  auto queue = f_.desk().ApprovalQueue(f_.User("zeng"));
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].id, id);
  ASSERT_TRUE(Approve("zeng", id).ok());
  EXPECT_EQ(QueueSize("zeng"), 0u);
  EXPECT_EQ(QueueSize("wu"), 1u);
}

TEST_F(ApprovalTest, AConditionDoesNotBlockApproval) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
  spec.conditions = {"chairman"};
  const std::string id = Submitted(spec);
  ASSERT_TRUE(Approve("wu", id).ok());
  EXPECT_EQ(Approve("zeng", id)->state, DraftState::kApproved);
  EXPECT_EQ(QueueSize("chairman"), 1u);
}

TEST_F(ApprovalTest, AConditionClosesAfterReleaseWithItsOwnSignature) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"}, {"EMB-HANOI"});
  spec.conditions = {"chairman"};
  const std::string id = Submitted(spec);
  ASSERT_TRUE(Approve("wu", id).ok());
  ASSERT_TRUE(Approve("zeng", id).ok());
  auto release = f_.desk().ReleaseDraft(f_.User("releaser"), id);
  ASSERT_TRUE(release.ok()) << release.status().ToString();
  auto before = f_.records().Show(f_.User("wu"), release->cable_id);
  ASSERT_TRUE(before.ok()) << before.status().ToString();
  ASSERT_EQ(before->approvals.back().state, model::ApprovalState::kPending);
  auto closed = Approve("chairman", id);
  ASSERT_TRUE(closed.ok()) << closed.status().ToString();
  EXPECT_EQ(closed->state, DraftState::kReleased);
  EXPECT_TRUE(closed->steps.back().signature.has_value());
  auto after = f_.records().Show(f_.User("wu"), release->cable_id);
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(after->approvals.back().name, "chairman");
  EXPECT_EQ(after->approvals.back().state, model::ApprovalState::kApproved);
  EXPECT_EQ(QueueSize("chairman"), 0u);
  EXPECT_EQ(archive::Commit(internal::AsReleased(*after), release->commitment_seed)->root_hex,
            release->commitment_root);
  Status verified = f_.desk().VerifyRelease(f_.User("wu"), release->cable_id);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
}

TEST_F(ApprovalTest, TheAuditLogVerifiesAfterAWorkflow) {
  DraftSpec spec = WithClearers();
  spec.conditions = {"chairman"};
  const std::string id = Submitted(spec);
  for (const char* user : {"clearer1", "clearer2", "wu", "zeng", "chairman"}) {
    ASSERT_TRUE(Approve(user, id).ok()) << user;
  }
  EXPECT_TRUE(f_.AuditContains("desk.step.approve", id, "ok: condition"));
  EXPECT_TRUE(f_.AuditContains("desk.draft.submit", id, "ok"));
  EXPECT_TRUE(f_.AuditVerifies());
}

TEST_F(ApprovalTest, AnOutOfTurnDecisionIsRefusedAndAudited) {
  const std::string id = Submitted(WithClearers());
  EXPECT_EQ(ApproveCode("clearer2", id), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(f_.AuditContains("desk.step.approve", id, "deny: "));
}

// ---- issue 12 item 6: nobody approves their own draft ----

TEST_F(ApprovalTest, SubmitRefusesAClearerWhoIsTheDrafter) {
  DraftSpec spec = WithClearers();
  spec.rule.clearers = {"drafter"};
  auto draft = f_.desk().CreateDraft(f_.User("drafter"), spec);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  auto submitted = f_.desk().Submit(f_.User("drafter"), draft->id);
  EXPECT_EQ(submitted.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(f_.AuditContains("desk.draft.submit", draft->id,
                               "deny: draft " + draft->id + ": user drafter wrote it"));
}

TEST_F(ApprovalTest, AnApproverWhoEditedTheDraftIsRefusedTheApproval) {
  Directory d = DeskFixture::SmallDirectory();
  d.grants.push_back({"wu", Role::kDrafter, "MFA-SOVEE"});
  ASSERT_TRUE(f_.desk().ReplaceDirectory(f_.Admin(), d, std::nullopt).ok());
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  ASSERT_TRUE(f_.desk().EditDraft(f_.User("wu"), id, 1, DeskFixture::Spec("t2", {"SECRET"})).ok());
  auto approved = Approve("wu", id);
  EXPECT_EQ(approved.status().code(), StatusCode::kPermissionDenied);
  EXPECT_TRUE(f_.AuditContains("desk.step.approve", id, "deny: user wu wrote draft " + id));
  EXPECT_EQ(ApproveCode("zeng", id), StatusCode::kOk);  // the other approver still may
}

TEST_F(ApprovalTest, AnEditorIsRecordedOnTheDraft) {
  Directory d = DeskFixture::SmallDirectory();
  d.grants.push_back({"wu", Role::kDrafter, "MFA-SOVEE"});
  ASSERT_TRUE(f_.desk().ReplaceDirectory(f_.Admin(), d, std::nullopt).ok());
  const std::string id = Submitted(DeskFixture::Spec("t", {"SECRET"}));
  ASSERT_TRUE(f_.desk().EditDraft(f_.User("wu"), id, 1, DeskFixture::Spec("t2", {"SECRET"})).ok());
  EXPECT_EQ(f_.desk().GetDraft(f_.User("drafter"), id)->editors, std::vector<std::string>{"wu"});
}

}  // namespace
}  // namespace chancery::desk
