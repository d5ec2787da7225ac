// The all-or-nothing directory edits of chancery/desk/directory_edit.h.
#include "chancery/desk/directory_edit.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chancery/desk/directory.h"

#include "unit/desk/directory/directory_fixture.h"

namespace chancery::desk {
namespace {

using testing::DefaultPolicy;
using testing::SmallDirectory;

Office Embassy(std::string id, std::string parent = "MFA") {
  return Office{id,
                "Embassy " + id,
                OfficeKind::kEmbassy,
                "PRC-MFA",
                std::move(parent),
                security::Clearance{"SECRET", {}, {}, {}},
                "",
                ""};
}

TEST(AddOrReplaceOffice, AppendsANewOffice) {
  Directory d = SmallDirectory();
  ASSERT_TRUE(AddOrReplaceOffice(DefaultPolicy(), &d, Embassy("EMB-TIRANA")).ok());
  EXPECT_EQ(d.offices.back().id, "EMB-TIRANA");
  EXPECT_EQ(d.offices.size(), 7u);
}

TEST(AddOrReplaceOffice, ReplacesAnExistingOfficeInPlace) {
  Directory d = SmallDirectory();
  ASSERT_TRUE(AddOrReplaceOffice(DefaultPolicy(), &d, Embassy("EMB-MOSCOW", "MFA-SOVEE")).ok());
  EXPECT_EQ(d.offices.size(), 6u);
  EXPECT_EQ(d.offices[3].parent, "MFA-SOVEE");
}

TEST(AddOrReplaceOffice, RefusesAGroupIdAndLeavesTheDirectoryUnchanged) {
  Directory d = SmallDirectory();
  EXPECT_EQ(AddOrReplaceOffice(DefaultPolicy(), &d, Embassy("EMBASSIES")),
            AlreadyExists("id EMBASSIES is an addressee group"));
  EXPECT_EQ(d, SmallDirectory());
}

TEST(AddOrReplaceOffice, RefusesAnInvalidResultAndLeavesTheDirectoryUnchanged) {
  Directory d = SmallDirectory();
  EXPECT_EQ(AddOrReplaceOffice(DefaultPolicy(), &d, Embassy("EMB-X", "NOWHERE")),
            InvalidArgument("office EMB-X: parent NOWHERE is not an office"));
  EXPECT_EQ(AddOrReplaceOffice(DefaultPolicy(), &d, Embassy("MFA", "MFA-SOVEE")).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(d, SmallDirectory());
}

TEST(RemoveOffice, RefusesWhileReferencedNamingTheReferrer) {
  Directory d = SmallDirectory();
  EXPECT_EQ(RemoveOffice(DefaultPolicy(), &d, "MFA-SOVEE"),
            FailedPrecondition("office MFA-SOVEE is referenced by office MFA-SOVEE-1 (parent)"));
  EXPECT_EQ(RemoveOffice(DefaultPolicy(), &d, "EMB-HANOI"),
            FailedPrecondition("office EMB-HANOI is referenced by group EMBASSIES (member)"));
  EXPECT_EQ(RemoveOffice(DefaultPolicy(), &d, "MFA-SOVEE-1").ok(), true);
  EXPECT_EQ(d.FindOffice("MFA-SOVEE-1"), nullptr);
}

TEST(RemoveOffice, RefusesWhileAGrantNamesItAndReportsMissingOffices) {
  Directory d = SmallDirectory();
  ASSERT_TRUE(Grant(DefaultPolicy(), &d, {"zeng", Role::kRecipient, "MFA-SOVEE-1"}).ok());
  EXPECT_EQ(RemoveOffice(DefaultPolicy(), &d, "MFA-SOVEE-1"),
            FailedPrecondition("office MFA-SOVEE-1 is referenced by grant zeng recipient "
                               "MFA-SOVEE-1"));
  EXPECT_EQ(RemoveOffice(DefaultPolicy(), &d, "NOPE"), NotFound("no office NOPE"));
}

TEST(AddOrReplaceGroup, AddsReplacesAndRefusesCycles) {
  Directory d = SmallDirectory();
  ASSERT_TRUE(AddOrReplaceGroup(DefaultPolicy(), &d, {"ASIA", "Asia", {"EMB-HANOI"}}).ok());
  EXPECT_EQ(d.groups.size(), 3u);
  ASSERT_TRUE(AddOrReplaceGroup(DefaultPolicy(), &d, {"ASIA", "Asia", {"UN", "ASIA2"}}).code() ==
              StatusCode::kInvalidArgument);
  EXPECT_EQ(AddOrReplaceGroup(DefaultPolicy(), &d, {"EMBASSIES", "E", {"ABROAD"}}),
            InvalidArgument("group EMBASSIES: nesting cycle EMBASSIES -> ABROAD -> EMBASSIES"));
  EXPECT_EQ(AddOrReplaceGroup(DefaultPolicy(), &d, {"UN", "U", {"MFA"}}).code(),
            StatusCode::kAlreadyExists);
  EXPECT_EQ(d.FindGroup("ASIA")->members, std::vector<std::string>{"EMB-HANOI"});
}

TEST(RemoveGroup, RefusesWhileNestedInAnotherGroup) {
  Directory d = SmallDirectory();
  EXPECT_EQ(RemoveGroup(DefaultPolicy(), &d, "EMBASSIES"),
            FailedPrecondition("addressee group EMBASSIES is referenced by group ABROAD (member)"));
  EXPECT_EQ(RemoveGroup(DefaultPolicy(), &d, "MFA"), NotFound("no addressee group MFA"));
  ASSERT_TRUE(RemoveGroup(DefaultPolicy(), &d, "ABROAD").ok());
  ASSERT_TRUE(RemoveGroup(DefaultPolicy(), &d, "EMBASSIES").ok());
  EXPECT_TRUE(d.groups.empty());
}

TEST(Grant, AddsAGrantAndRefusesDuplicatesAndBadScopes) {
  Directory d = SmallDirectory();
  ASSERT_TRUE(Grant(DefaultPolicy(), &d, {"zeng", Role::kApprover, "MFA-SOVEE"}).ok());
  EXPECT_TRUE(d.HasRole("zeng", Role::kApprover, "MFA-SOVEE"));
  EXPECT_EQ(Grant(DefaultPolicy(), &d, {"zeng", Role::kApprover, "MFA-SOVEE"}),
            AlreadyExists("user zeng already holds approver at MFA-SOVEE"));
  EXPECT_EQ(Grant(DefaultPolicy(), &d, {"zeng", Role::kAdministrator, "MFA"}).code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(Grant(DefaultPolicy(), &d, {"zeng", Role::kReleaser, "GENEVA"}).code(),
            StatusCode::kInvalidArgument);
}

TEST(Revoke, RemovesAHeldGrantAndReportsOneNotHeld) {
  Directory d = SmallDirectory();
  ASSERT_TRUE(Revoke(DefaultPolicy(), &d, {"wu.xiuquan", Role::kApprover, "MFA-SOVEE"}).ok());
  EXPECT_FALSE(d.HasRole("wu.xiuquan", Role::kApprover, "MFA-SOVEE"));
  EXPECT_EQ(Revoke(DefaultPolicy(), &d, {"wu.xiuquan", Role::kApprover, "MFA-SOVEE"}),
            NotFound("user wu.xiuquan does not hold approver at MFA-SOVEE"));
}

TEST(Organizations, AreAddedAndRemovedOnlyWhenNoOfficeBelongsToThem) {
  Directory d = SmallDirectory();
  ASSERT_TRUE(AddOrReplaceOrganization(DefaultPolicy(), &d, {"CPC-ILD", "ILD"}).ok());
  EXPECT_EQ(RemoveOrganization(DefaultPolicy(), &d, "PRC-MFA"),
            FailedPrecondition("organization PRC-MFA is referenced by office MFA"));
  ASSERT_TRUE(RemoveOrganization(DefaultPolicy(), &d, "CPC-ILD").ok());
  EXPECT_EQ(RemoveOrganization(DefaultPolicy(), &d, "CPC-ILD"),
            NotFound("no organization CPC-ILD"));
}

}  // namespace
}  // namespace chancery::desk
