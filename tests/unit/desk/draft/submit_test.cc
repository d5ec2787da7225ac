// Submission: recipients must be cleared for the banner, the rule must name known, entitled users.
#include <gtest/gtest.h>

#include "support/desk_fixture.h"
#include "support/temp_dir.h"

namespace chancery::desk {
namespace {

using chancery::testing::DeskFixture;

class SubmitTest : public ::testing::Test {
 protected:
  // Creates `spec` as the drafter and submits it.
  Result<Draft> CreateAndSubmit(const DraftSpec& spec) {
    auto draft = f_.desk().CreateDraft(f_.User("drafter"), spec);
    EXPECT_TRUE(draft.ok()) << draft.status().ToString();
    if (!draft.ok()) {
      return draft.status();
    }
    created_id_ = draft->id;
    return f_.desk().Submit(f_.User("drafter"), draft->id);
  }

  static bool Mentions(const Status& s, std::string_view what) {
    return s.message().find(what) != std::string_view::npos;
  }

  chancery::testing::TempDir dir_;
  DeskFixture f_{dir_.path()};
  std::string created_id_;  // the draft CreateAndSubmit created last
};

TEST_F(SubmitTest, ClearedRecipientsAndRuleStartTheReview) {
  auto draft = CreateAndSubmit(DeskFixture::Spec("t", {"SECRET"}, {"EMB-HANOI", "MISSION-UN"}));
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->state, DraftState::kInReview);
  ASSERT_EQ(draft->steps.size(), 2u);
  EXPECT_EQ(draft->steps[0].state, StepState::kPending);
}

TEST_F(SubmitTest, AnUnclearedEmbassyIsRefusedByName) {
  auto draft = CreateAndSubmit(DeskFixture::Spec("t", {"SECRET"}, {"EMB-HANOI", "EMB-BERN"}));
  ASSERT_EQ(draft.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Mentions(draft.status(), "recipient EMB-BERN may not read SECRET"))
      << draft.status().ToString();
}

TEST_F(SubmitTest, AnUnclearedEmbassyInANestedGroupIsRefusedByName) {
  auto draft = CreateAndSubmit(DeskFixture::Spec("t", {"SECRET"}, {"ABROAD"}));
  ASSERT_EQ(draft.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Mentions(draft.status(), "recipient EMB-BERN (via group ABROAD)"))
      << draft.status().ToString();
  EXPECT_TRUE(f_.AuditContains("desk.draft.submit", created_id_, "deny: recipient EMB-BERN"));
}

TEST_F(SubmitTest, ANestedGroupOfClearedOfficesIsAccepted) {
  auto draft = CreateAndSubmit(DeskFixture::Spec("t", {"SECRET"}, {"CLEARED-ABROAD"}));
  EXPECT_TRUE(draft.ok()) << draft.status().ToString();
}

TEST_F(SubmitTest, AnUnknownAddresseeIsRefused) {
  auto draft = CreateAndSubmit(DeskFixture::Spec("t", {"SECRET"}, {"EMB-NOWHERE"}));
  EXPECT_EQ(draft.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Mentions(draft.status(), "EMB-NOWHERE"));
}

TEST_F(SubmitTest, ARuleWithoutApproversIsRefused) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
  spec.rule.approvers.clear();
  EXPECT_EQ(CreateAndSubmit(spec).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SubmitTest, MoreRequiredApprovalsThanApproversIsRefused) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
  spec.rule.required = 3;
  EXPECT_EQ(CreateAndSubmit(spec).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SubmitTest, AnApproverMustHoldTheRoleAtTheOfficeOrAbove) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
  spec.rule.approvers = {"releaser"};
  auto draft = CreateAndSubmit(spec);
  ASSERT_EQ(draft.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(
      Mentions(draft.status(), "user releaser does not hold the approver role at MFA-SOVEE"));
}

TEST_F(SubmitTest, AClearerWhoCannotReadTheDraftIsRefused) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
  spec.rule.clearers = {"clearer1"};
  ASSERT_TRUE(
      f_.records().AddUser(f_.Admin(), {"clearer1", {"CONFIDENTIAL", {}, {}, {}}, false}).ok());
  auto draft = CreateAndSubmit(spec);
  ASSERT_EQ(draft.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_TRUE(Mentions(draft.status(), "user clearer1 may not read it"));
}

TEST_F(SubmitTest, AnUnknownConditionHolderIsRefused) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET"});
  spec.conditions = {"nobody"};
  EXPECT_EQ(CreateAndSubmit(spec).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SubmitTest, ASubmittedDraftCannotBeSubmittedAgain) {
  auto draft = CreateAndSubmit(DeskFixture::Spec("t", {"SECRET"}));
  ASSERT_TRUE(draft.ok());
  EXPECT_EQ(f_.desk().Submit(f_.User("drafter"), draft->id).status().code(),
            StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace chancery::desk
