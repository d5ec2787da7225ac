// Directory lookups and vocabularies (chancery/desk/directory.h, directory_edit.h).
#include "chancery/desk/directory.h"

#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chancery/base/strings.h"
#include "chancery/desk/directory_edit.h"

#include "unit/desk/directory/directory_fixture.h"

namespace chancery::desk {
namespace {

using ::testing::ElementsAre;

TEST(OfficeKind, NamesRoundTripThroughParse) {
  for (int i = 0; i <= static_cast<int>(OfficeKind::kExternal); ++i) {
    OfficeKind kind = OfficeKind::kMinistry;
    ASSERT_TRUE(ParseOfficeKind(OfficeKindName(static_cast<OfficeKind>(i)), &kind)) << i;
    EXPECT_EQ(kind, static_cast<OfficeKind>(i));
  }
  OfficeKind kind = OfficeKind::kMinistry;
  EXPECT_FALSE(ParseOfficeKind("Embassy", &kind));
  EXPECT_EQ(OfficeKindName(OfficeKind::kMission), "mission");
}

TEST(Role, NamesRoundTripThroughParse) {
  for (int i = 0; i <= static_cast<int>(Role::kAdministrator); ++i) {
    Role role = Role::kDrafter;
    ASSERT_TRUE(ParseRole(RoleName(static_cast<Role>(i)), &role)) << i;
    EXPECT_EQ(role, static_cast<Role>(i));
  }
  Role role = Role::kDrafter;
  EXPECT_FALSE(ParseRole("admin", &role));
  EXPECT_EQ(RoleName(Role::kReleaser), "releaser");
}

TEST(Directory, FindsOfficesAndGroupsByExactId) {
  const Directory d = testing::SmallDirectory();
  ASSERT_NE(d.FindOffice("EMB-MOSCOW"), nullptr);
  EXPECT_EQ(d.FindOffice("EMB-MOSCOW")->name, "Embassy in Moscow");
  EXPECT_EQ(d.FindOffice("emb-moscow"), nullptr);
  EXPECT_EQ(d.FindOffice("EMBASSIES"), nullptr);
  ASSERT_NE(d.FindGroup("EMBASSIES"), nullptr);
  EXPECT_EQ(d.FindGroup("MFA"), nullptr);
}

TEST(Directory, HasRoleOnlyAtTheGrantedOfficeNotItsChildren) {
  const Directory d = testing::SmallDirectory();
  EXPECT_TRUE(d.HasRole("wu.xiuquan", Role::kApprover, "MFA-SOVEE"));
  EXPECT_FALSE(d.HasRole("wu.xiuquan", Role::kApprover, "MFA-SOVEE-1"));
  EXPECT_FALSE(d.HasRole("wu.xiuquan", Role::kApprover, "MFA"));
  EXPECT_FALSE(d.HasRole("wu.xiuquan", Role::kDrafter, "MFA-SOVEE"));
  EXPECT_FALSE(d.HasRole("li.drafter", Role::kApprover, "MFA-SOVEE"));
}

TEST(Directory, AdministratorAtStarHoldsAdministratorEverywhereButNoOtherRole) {
  const Directory d = testing::SmallDirectory();
  EXPECT_TRUE(d.HasRole("admin", Role::kAdministrator, "*"));
  EXPECT_TRUE(d.HasRole("admin", Role::kAdministrator, "EMB-HANOI"));
  EXPECT_FALSE(d.HasRole("admin", Role::kDrafter, "EMB-HANOI"));
  EXPECT_FALSE(d.HasRole("wu.xiuquan", Role::kAdministrator, "MFA-SOVEE"));
}

TEST(Directory, OfficesWithRoleAreSortedAndUnique) {
  Directory d = testing::SmallDirectory();
  d.grants.push_back({"li.drafter", Role::kDrafter, "EMB-MOSCOW"});
  EXPECT_THAT(d.OfficesWithRole("li.drafter", Role::kDrafter),
              ElementsAre("EMB-MOSCOW", "MFA-SOVEE"));
  EXPECT_TRUE(d.OfficesWithRole("li.drafter", Role::kRecipient).empty());
}

TEST(Directory, ExpandGroupExpandsNestedGroupsSortedAndDeduplicated) {
  Result<std::vector<std::string>> offices = testing::SmallDirectory().ExpandGroup("ABROAD");
  ASSERT_TRUE(offices.ok()) << offices.status().ToString();
  EXPECT_THAT(*offices, ElementsAre("EMB-HANOI", "EMB-MOSCOW", "UN"));
}

TEST(Directory, ExpandGroupOfAnUnknownIdOrAnOfficeIsNotFound) {
  const Directory d = testing::SmallDirectory();
  EXPECT_EQ(d.ExpandGroup("NOPE").status(), NotFound("no addressee group NOPE"));
  EXPECT_EQ(d.ExpandGroup("MFA").status().code(), StatusCode::kNotFound);
}

TEST(Directory, ExpandGroupTerminatesOnACycle) {
  Directory d = testing::SmallDirectory();
  d.groups[0].members.push_back("ABROAD");
  Result<std::vector<std::string>> offices = d.ExpandGroup("EMBASSIES");
  ASSERT_TRUE(offices.ok());
  EXPECT_THAT(*offices, ElementsAre("EMB-HANOI", "EMB-MOSCOW", "UN"));
}

TEST(Directory, SubtreeIsTheOfficeAndEveryDescendantSorted) {
  const Directory d = testing::SmallDirectory();
  EXPECT_THAT(d.Subtree("MFA-SOVEE"), ElementsAre("MFA-SOVEE", "MFA-SOVEE-1"));
  EXPECT_EQ(d.Subtree("MFA").size(), 6u);
  EXPECT_THAT(d.Subtree("EMB-HANOI"), ElementsAre("EMB-HANOI"));
  EXPECT_TRUE(d.Subtree("EMBASSIES").empty());
}

TEST(DirectoryId, AcceptsOnlyTheIdAlphabetUpTo64Bytes) {
  EXPECT_TRUE(IsValidDirectoryId("B-Yin.63_x"));
  EXPECT_TRUE(IsValidDirectoryId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidDirectoryId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidDirectoryId(""));
  EXPECT_FALSE(IsValidDirectoryId("EMB MOSCOW"));
  EXPECT_FALSE(IsValidDirectoryId("*"));
}

TEST(OfficeClearance, FillsThePublicLevelAndActsForTheOffice) {
  const Directory d = testing::SmallDirectory();
  const security::Clearance c =
      OfficeClearance(testing::DefaultPolicy(), *d.FindOffice("MFA-SOVEE-1"));
  EXPECT_EQ(c.level, "PUBLIC");
  EXPECT_THAT(c.offices, ElementsAre("MFA-SOVEE-1"));
  EXPECT_EQ(OfficeClearance(testing::DefaultPolicy(), *d.FindOffice("MFA")).level, "TOP SECRET");
}

TEST(RenderDirectory, WritesTheCanonicalFormOfEachDirective) {
  Directory d;
  d.organizations.push_back({"O", "Org \"x\""});
  d.offices.push_back(
      {"A", "A", OfficeKind::kEmbassy, "O", "", {"TOP SECRET", {"NF"}, {}, {}}, "", ""});
  d.grants.push_back({"wu x", Role::kApprover, "A"});
  EXPECT_EQ(RenderDirectory(d),
            "organization O \"Org \\\"x\\\"\"\n"
            "office A \"A\" kind embassy org O clearance \"TOP SECRET\" categories NF\n"
            "grant \"wu x\" approver A\n");
}

TEST(RenderDirectory, FoldsLongStatementsWithinOneHundredColumns) {
  Directory d;
  d.groups.push_back({"G", "Group", {}});
  for (int i = 0; i < 40; ++i) {
    d.groups[0].members.push_back("EMBASSY-" + std::to_string(i));
  }
  const std::string text = RenderDirectory(d);
  for (const std::string& line : SplitTrimmed(text, '\n')) {
    EXPECT_LE(line.size(), 100u) << line;
  }
  EXPECT_GT(std::count(text.begin(), text.end(), '\n'), 4);
  EXPECT_EQ(*ParseDirectory(text), d);
}

}  // namespace
}  // namespace chancery::desk
