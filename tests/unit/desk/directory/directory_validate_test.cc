// ValidateDirectory (docs/format/directory.md §7): one test per rule.
#include <string>

#include <gtest/gtest.h>

#include "chancery/desk/directory.h"

#include "unit/desk/directory/directory_fixture.h"

namespace chancery::desk {
namespace {

// The validation message of the small directory after `edit` ("" when valid); checks the code.
template <typename Edit>
std::string ErrorAfter(Edit edit) {
  Directory d = testing::SmallDirectory();
  edit(&d);
  const Status status = ValidateDirectory(testing::DefaultPolicy(), d);
  if (status.ok()) {
    return "";
  }
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  return std::string(status.message());
}

// The office `id` of *d, which must exist.
Office* Find(Directory* d, std::string_view id) {
  for (Office& office : d->offices) {
    if (office.id == id) {
      return &office;
    }
  }
  ADD_FAILURE() << "no office " << id;
  return &d->offices.front();
}

TEST(ValidateDirectory, AcceptsTheSmallDirectory) {
  EXPECT_EQ(ErrorAfter([](Directory*) {}), "");
}

TEST(ValidateDirectory, RejectsAnUnknownParentNamingOfficeAndField) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "MFA-SOVEE")->parent = "MFA-XX"; }),
            "office MFA-SOVEE: parent MFA-XX is not an office");
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "MFA-SOVEE")->parent = "EMBASSIES"; }),
            "office MFA-SOVEE: parent EMBASSIES is not an office");
}

TEST(ValidateDirectory, RejectsAnEscalationAddresseeThatIsNotAnOffice) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "MFA")->escalation = "ALL-EMBASSIES"; }),
            "office MFA: escalation addressee ALL-EMBASSIES is not an office");
}

TEST(ValidateDirectory, RejectsAParentCycle) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "MFA")->parent = "MFA-SOVEE-1"; }),
            "office MFA: parent cycle MFA -> MFA-SOVEE-1 -> MFA-SOVEE -> MFA");
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->parent = "UN"; }),
            "office UN: parent cycle UN -> UN");
}

TEST(ValidateDirectory, RejectsAGroupNestingCycle) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->groups[0].members.push_back("ABROAD"); }),
            "group EMBASSIES: nesting cycle EMBASSIES -> ABROAD -> EMBASSIES");
}

TEST(ValidateDirectory, RejectsIdsSharedByAnOfficeAndAGroup) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->groups[0].id = "UN"; }),
            "group UN: duplicate id (offices and groups share one namespace)");
}

TEST(ValidateDirectory, RejectsUnknownOrganizationsMembersAndEmptyGroups) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->organization = "UNO"; }),
            "office UN: organization \"UNO\" is not an organization");
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->groups[1].members[1] = "GENEVA"; }),
            "group ABROAD: member \"GENEVA\" is neither an office nor a group");
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->groups[1].members.clear(); }),
            "group ABROAD: has no members");
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->groups[1].members.push_back("UN"); }),
            "group ABROAD: member UN is listed twice");
}

TEST(ValidateDirectory, ChecksClearanceNamesAgainstThePolicyIncludingAliases) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->clearance.level = "CONFIDENTIEL"; }),
            "office UN: clearance level \"CONFIDENTIEL\" is not in policy chancery-default-1");
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->clearance.level = "秘密"; }), "");
  EXPECT_EQ(ErrorAfter([](Directory* d) {
              Find(d, "UN")->clearance.categories = {"NF", "X"};
            }),
            "office UN: category \"X\" is not in policy chancery-default-1");
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->clearance.groups = {"MARS"}; }),
            "office UN: group \"MARS\" is not in policy chancery-default-1");
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->clearance.offices = {"NY"}; }),
            "office UN: acts-for NY is not an office");
}

TEST(ValidateDirectory, RejectsBadIdsSeriesKindsAndEmptyNames) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->series = "B Yin"; }),
            "office UN: series \"B Yin\" is not [A-Za-z0-9._-]{1,64}");
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->kind = static_cast<OfficeKind>(9); }),
            "office UN: kind is not a known office kind");
  EXPECT_EQ(ErrorAfter([](Directory* d) { Find(d, "UN")->name.clear(); }),
            "office UN: name is empty");
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->organizations[0].id = "PRC MFA"; }),
            "organization PRC MFA: id is not [A-Za-z0-9._-]{1,64}");
}

TEST(ValidateDirectory, RejectsGrantsAtUnknownOfficesOrWithTheWrongScope) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->grants[0].office = "EMBASSIES"; }),
            "grant wu.xiuquan approver EMBASSIES: office \"EMBASSIES\" is not an office");
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->grants[0].office = "*"; }),
            "grant wu.xiuquan approver *: office \"*\" is not an office");
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->grants.back().office = "MFA"; }),
            "grant admin administrator MFA: an administrator grant is for the whole directory (*)");
}

TEST(ValidateDirectory, RejectsDuplicateGrantsAndEmptyUsers) {
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->grants.push_back(d->grants[0]); }),
            "grant wu.xiuquan approver MFA-SOVEE: duplicate grant");
  EXPECT_EQ(ErrorAfter([](Directory* d) { d->grants[0].user.clear(); }),
            "grant  approver MFA-SOVEE: user name is empty");
}

}  // namespace
}  // namespace chancery::desk
