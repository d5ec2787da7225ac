// Drafts: banner roll-up, the write-side guard, version history, and not-found-as-hidden.
#include <algorithm>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/security/decide.h"

#include "support/desk_fixture.h"
#include "support/temp_dir.h"

namespace chancery::desk {
namespace {

using chancery::testing::DeskFixture;

class DraftTest : public ::testing::Test {
 protected:
  Result<Draft> Create(const DraftSpec& spec, const std::string& user = "drafter") {
    return f_.desk().CreateDraft(f_.User(user), spec);
  }

  static model::Label Level(const std::string& level, std::vector<std::string> categories = {},
                            std::vector<std::string> rel = {}) {
    return model::Label{level, std::move(categories), std::move(rel)};
  }

  chancery::testing::TempDir dir_;
  DeskFixture f_{dir_.path()};
};

TEST_F(DraftTest, BannerIsTheHighestPortionLevel) {
  auto draft = Create(DeskFixture::Spec("t", {"CONFIDENTIAL", "SECRET", ""}));
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->banner.classification, "SECRET");
  EXPECT_EQ(draft->version, 1);
  EXPECT_EQ(draft->state, DraftState::kDrafting);
}

TEST_F(DraftTest, BannerCannotBeSetLowerThanAPortion) {
  DraftSpec spec = DeskFixture::Spec("t", {"TOP SECRET"});
  spec.content.current_label = Level("CONFIDENTIAL");
  auto draft = Create(spec);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->banner.classification, "TOP SECRET");
  EXPECT_TRUE(security::Dominates(f_.records().policy(), draft->banner, Level("TOP SECRET")));
}

TEST_F(DraftTest, RequestedLabelAboveThePortionsIsKept) {
  DraftSpec spec = DeskFixture::Spec("t", {"CONFIDENTIAL"});
  spec.content.current_label = Level("SECRET", {"INTERNAL RESEARCH"});
  auto draft = Create(spec);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->banner, Level("SECRET", {"INTERNAL RESEARCH"}));
}

TEST_F(DraftTest, BannerUnitesCategoriesAndIntersectsReleasability) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET", "CONFIDENTIAL"});
  spec.content.body[0].portion = Level("SECRET", {"EXDIS"}, {"PRC", "USA"});
  spec.content.body[1].portion = Level("CONFIDENTIAL", {"LIMDIS"}, {"PRC"});
  auto draft = Create(spec);
  ASSERT_FALSE(draft.ok());  // the drafter does not hold EXDIS and LIMDIS
  EXPECT_EQ(draft.status().code(), StatusCode::kPermissionDenied);
  spec.content.body[0].portion = Level("SECRET", {"INTERNAL RESEARCH"}, {"PRC", "USA"});
  spec.content.body[1].portion = Level("CONFIDENTIAL", {}, {"PRC"});
  auto draft2 = Create(spec);
  ASSERT_TRUE(draft2.ok()) << draft2.status().ToString();
  EXPECT_EQ(draft2->banner, Level("SECRET", {"INTERNAL RESEARCH"}, {"PRC"}));
}

TEST_F(DraftTest, PortionsWithNoCommonReleasabilityAreRefused) {
  DraftSpec spec = DeskFixture::Spec("t", {"SECRET", "SECRET"});
  spec.content.body[0].portion = Level("SECRET", {}, {"USA"});
  spec.content.body[1].portion = Level("SECRET", {}, {"PRC"});
  EXPECT_EQ(Create(spec).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(DraftTest, MarkingAPortionAboveOwnClearanceIsRefusedNamingTheLabel) {
  auto draft = Create(DeskFixture::Spec("t", {"SECRET"}), "low.drafter");
  ASSERT_EQ(draft.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(draft.status().message().find("SECRET"), std::string_view::npos);
  EXPECT_TRUE(f_.AuditContains("desk.draft.create", "MFA-SOVEE", "deny: "));
}

TEST_F(DraftTest, RequestingABannerAboveOwnClearanceIsRefused) {
  DraftSpec spec = DeskFixture::Spec("t", {"CONFIDENTIAL"});
  spec.content.current_label = Level("TOP SECRET");
  EXPECT_EQ(Create(spec, "low.drafter").status().code(), StatusCode::kPermissionDenied);
}

TEST_F(DraftTest, OnlyADrafterAtTheOfficeMayCreate) {
  EXPECT_EQ(Create(DeskFixture::Spec("t", {"SECRET"}), "wu").status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(DraftTest, EveryVersionIsKept) {
  auto draft = Create(DeskFixture::Spec("first", {"SECRET"}));
  ASSERT_TRUE(draft.ok());
  ASSERT_TRUE(
      f_.desk()
          .EditDraft(f_.User("drafter"), draft->id, 1, DeskFixture::Spec("second", {"SECRET"}))
          .ok());
  auto third =
      f_.desk().EditDraft(f_.User("drafter"), draft->id, 2, DeskFixture::Spec("third", {""}));
  ASSERT_TRUE(third.ok()) << third.status().ToString();
  EXPECT_EQ(third->version, 3);
  auto versions = f_.desk().DraftVersions(f_.User("drafter"), draft->id);
  ASSERT_TRUE(versions.ok()) << versions.status().ToString();
  ASSERT_EQ(versions->size(), 3u);
  EXPECT_EQ((*versions)[0].content.title, "first");
  EXPECT_EQ((*versions)[2].content.title, "third");
}

TEST_F(DraftTest, StaleExpectedVersionIsAConflict) {
  auto draft = Create(DeskFixture::Spec("t", {"SECRET"}));
  ASSERT_TRUE(draft.ok());
  ASSERT_TRUE(
      f_.desk().EditDraft(f_.User("drafter"), draft->id, 1, DeskFixture::Spec("u", {})).ok());
  auto stale = f_.desk().EditDraft(f_.User("drafter"), draft->id, 1, DeskFixture::Spec("v", {}));
  EXPECT_EQ(stale.status().code(), StatusCode::kConflict);
}

TEST_F(DraftTest, ADraftTheReaderMayNotReadIsReportedAsMissing) {
  auto draft = Create(DeskFixture::Spec("t", {"SECRET"}));
  ASSERT_TRUE(draft.ok());
  auto hidden = f_.desk().GetDraft(f_.User("outsider"), draft->id);
  EXPECT_EQ(hidden.status(), NotFound("no draft " + draft->id));
  EXPECT_EQ(f_.desk().GetDraft(f_.User("outsider"), "draft-99").status(),
            NotFound("no draft draft-99"));
  EXPECT_EQ(f_.desk().DraftVersions(f_.User("outsider"), draft->id).status(), hidden.status());
}

TEST_F(DraftTest, AHiddenDraftCannotBeEditedEither) {
  auto draft = Create(DeskFixture::Spec("t", {"TOP SECRET"}));
  ASSERT_TRUE(draft.ok());
  auto edit = f_.desk().EditDraft(f_.User("low.drafter"), draft->id, 1, DeskFixture::Spec("t", {}));
  EXPECT_EQ(edit.status(), NotFound("no draft " + draft->id));
}

// Issue 11 finding 15: ids from a counter told low.drafter how many TOP SECRET drafts the
// drafter made between two of hers. Ids are now random: no count, no order.
TEST_F(DraftTest, DraftIdsRevealNeitherCountNorOrderOfOthersDrafts) {
  auto first = Create(DeskFixture::Spec("mine", {}), "low.drafter");
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  std::vector<std::string> hidden;
  for (int i = 0; i < 12; ++i) {
    auto draft = Create(DeskFixture::Spec("hidden", {"TOP SECRET"}));
    ASSERT_TRUE(draft.ok()) << draft.status().ToString();
    hidden.push_back(draft->id);
  }
  auto second = Create(DeskFixture::Spec("mine again", {}), "low.drafter");
  ASSERT_TRUE(second.ok()) << second.status().ToString();

  std::vector<std::string> all = hidden;
  all.push_back(first->id);
  all.push_back(second->id);
  const std::regex shape("draft-[0-9a-f]{16}");
  for (const std::string& id : all) {
    EXPECT_TRUE(std::regex_match(id, shape)) << id;
  }
  EXPECT_EQ(std::set<std::string>(all.begin(), all.end()).size(), all.size());
  // Creation order is not id order (12 random ids come out sorted with probability 1/12!).
  EXPECT_FALSE(std::is_sorted(hidden.begin(), hidden.end()));
  // The ids differ in more than a low-order count: 16 hex digits of noise each.
  EXPECT_NE(first->id.substr(0, 12), second->id.substr(0, 12));
  // And the hidden drafts stay hidden, under ids she could not have guessed.
  EXPECT_EQ(f_.desk().GetDraft(f_.User("low.drafter"), hidden[0]).status(),
            NotFound("no draft " + hidden[0]));
}

// No leak: an uncleared user observes the same errors whether a hidden draft exists or not.
TEST(DraftNoLeak, HiddenDraftAndMissingDraftLookTheSame) {
  chancery::testing::TempDir with_dir;
  chancery::testing::TempDir without_dir;
  DeskFixture with(with_dir.path());
  DeskFixture without(without_dir.path());
  DraftSpec spec = DeskFixture::Spec("t", {"TOP SECRET"});
  spec.rule.approvers = {"wu"};
  auto draft = with.desk().CreateDraft(with.User("drafter"), spec);
  ASSERT_TRUE(draft.ok());
  ASSERT_TRUE(with.desk().Submit(with.User("drafter"), draft->id).ok());
  // The approver loses the clearance after submission: the draft drops out of sight.
  for (DeskFixture* f : {&with, &without}) {
    ASSERT_TRUE(f->records().AddUser(f->Admin(), {"wu", {"CONFIDENTIAL", {}, {}, {}}, false}).ok());
  }
  for (const char* user : {"wu", "outsider", "bern.clerk", "low.drafter"}) {
    EXPECT_EQ(with.desk().GetDraft(with.User(user), draft->id).status(),
              without.desk().GetDraft(without.User(user), draft->id).status());
    EXPECT_EQ(with.desk().DecideStep(with.User(user), draft->id, true, "").status(),
              without.desk().DecideStep(without.User(user), draft->id, true, "").status());
    EXPECT_TRUE(with.desk().ApprovalQueue(with.User(user))->empty());
  }
}

}  // namespace
}  // namespace chancery::desk
