// examples/desk/directory.txt: the seed telegram's world parses, validates against the default
// policy and holds what the end-to-end story needs.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chancery/desk/directory.h"

#include "unit/desk/directory/directory_fixture.h"

namespace chancery::desk {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

Directory Example() {
  std::ifstream in(std::string(CHANCERY_SOURCE_DIR) + "/examples/desk/directory.txt");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_FALSE(text.str().empty()) << "examples/desk/directory.txt missing";
  Result<Directory> parsed = ParseDirectory(text.str(), "examples/desk/directory.txt");
  EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
  return parsed.ok() ? *parsed : Directory{};
}

TEST(ExampleDirectory, ValidatesAgainstTheDefaultPolicy) {
  const Directory d = Example();
  EXPECT_GE(d.offices.size(), 20u);
  EXPECT_EQ(ValidateDirectory(testing::DefaultPolicy(), d), Status::Ok());
}

TEST(ExampleDirectory, PartyCommitteesExpandToEveryEmbassyAndConsulate) {
  Result<std::vector<std::string>> offices = Example().ExpandGroup("PARTY-COMMITTEES");
  ASSERT_TRUE(offices.ok()) << offices.status().ToString();
  EXPECT_EQ(offices->size(), 9u);
  EXPECT_THAT(*offices, Contains("EMB-MOSCOW"));
  EXPECT_THAT(*offices, Contains("CONS-GDANSK"));
}

TEST(ExampleDirectory, SeedDivisionHasBothApproversAndSeriesBYin) {
  const Directory d = Example();
  EXPECT_TRUE(d.HasRole("wu.xiuquan", Role::kApprover, "MFA-SOVEE"));
  EXPECT_TRUE(d.HasRole("zeng.yongquan", Role::kApprover, "MFA-SOVEE"));
  EXPECT_EQ(d.FindOffice("MFA-SOVEE")->series, "B-Yin");
  EXPECT_TRUE(d.HasRole("admin", Role::kAdministrator, "*"));
}

TEST(ExampleDirectory, TheGeneralOfficeIsTheMinistrysEscalationAddressee) {
  const Directory d = Example();
  EXPECT_EQ(d.FindOffice("MFA")->escalation, "MFA-GO");
  EXPECT_EQ(d.FindOffice("MFA-SOVEE")->escalation, "");  // inherited from MFA
}

TEST(ExampleDirectory, MissionsAndFourFraternalPartiesAreGroups) {
  const Directory d = Example();
  EXPECT_THAT(*d.ExpandGroup("MISSIONS-IO"),
              ElementsAre("MISSION-GENEVA", "MISSION-WFTU", "MISSION-WPC"));
  EXPECT_EQ(d.ExpandGroup("FRATERNAL-PARTIES")->size(), 4u);
  EXPECT_EQ(d.FindOffice("ILD")->kind, OfficeKind::kExternal);
}

TEST(ExampleDirectory, RendersToTextThatParsesBackEqual) {
  const Directory d = Example();
  Result<Directory> again = ParseDirectory(RenderDirectory(d));
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_EQ(*again, d);
}

}  // namespace
}  // namespace chancery::desk
