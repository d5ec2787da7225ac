// Decide, MayAssignLabel, Dominates and ClassOf under the default policy (docs/security.md).
#include "chancery/security/decide.h"

#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "unit/security/default_policy.h"

namespace chancery::security {
namespace {

using model::Label;
using testing::DefaultPolicy;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

class DecideTest : public ::testing::Test {
 protected:
  static Subject Cleared(std::string level, std::vector<std::string> categories = {},
                         std::vector<std::string> groups = {},
                         std::vector<std::string> offices = {}) {
    Subject subject;
    subject.name = "reader";
    subject.clearance = {std::move(level), std::move(categories), std::move(groups),
                         std::move(offices)};
    return subject;
  }

  static Label MakeLabel(std::string level, std::vector<std::string> categories = {},
                         std::vector<std::string> rel = {}) {
    return Label{std::move(level), std::move(categories), std::move(rel)};
  }

  // A record from `office` to `addressee` under `label`.
  static model::Cable Record(Label label, std::string office = "Division One",
                             std::string addressee = "Embassy Arcadia") {
    model::Cable cable;
    cable.id = "c1";
    cable.current_label = std::move(label);
    cable.office = std::move(office);
    model::Addressee to;
    to.name = std::move(addressee);
    cable.addressees.push_back(std::move(to));
    return cable;
  }

  static Decision Read(const Subject& subject, const Label& label) {
    return Decide(DefaultPolicy(), subject, Record(label), Action::kRead);
  }
};

TEST_F(DecideTest, LevelAtOrBelowClearanceIsReadable) {
  EXPECT_EQ(Read(Cleared("SECRET"), MakeLabel("SECRET")).reason, "allow");
  EXPECT_TRUE(Read(Cleared("SECRET"), MakeLabel("CONFIDENTIAL")).allowed);
}

TEST_F(DecideTest, NoReadUp) {
  Decision d = Read(Cleared("SECRET"), MakeLabel("TOP SECRET"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "level TOP SECRET above clearance SECRET");
}

TEST_F(DecideTest, EveryRestrictiveCategoryMustBeHeld) {
  const Label label = MakeLabel("SECRET", {"NOFORN", "EXDIS"});
  EXPECT_TRUE(Read(Cleared("SECRET", {"noforn", "EXDIS"}), label).allowed);
  EXPECT_EQ(Read(Cleared("SECRET", {"EXDIS"}), label).reason, "missing category NOFORN");
}

TEST_F(DecideTest, OnePermissiveCategorySuffices) {
  const Label label = MakeLabel("SECRET", {"ECON", "POL"});
  EXPECT_TRUE(Read(Cleared("SECRET", {"POL"}), label).allowed);
  EXPECT_EQ(Read(Cleared("SECRET"), label).reason, "missing any of categories ECON, POL");
}

TEST_F(DecideTest, InformativeCategoryNeverMatters) {
  EXPECT_TRUE(Read(Cleared("PUBLIC"), MakeLabel("PUBLIC", {"HISTORICAL"})).allowed);
}

TEST_F(DecideTest, ReleasabilityIsAnyOfSubjectGroups) {
  const Label label = MakeLabel("SECRET", {}, {"ALLIED PARTIES", "USA"});
  EXPECT_TRUE(Read(Cleared("SECRET", {}, {"PRC", "usa"}), label).allowed);
  EXPECT_EQ(Read(Cleared("SECRET", {}, {"PRC"}), label).reason, "not releasable to subject");
}

TEST_F(DecideTest, UnknownNamesInLabelDeny) {
  EXPECT_EQ(Read(Cleared("TOP SECRET"), MakeLabel("COSMIC")).reason, "unknown level \"COSMIC\"");
  EXPECT_EQ(Read(Cleared("TOP SECRET", {"UMBRA"}), MakeLabel("SECRET", {"UMBRA"})).reason,
            "unknown category \"UMBRA\"");
  EXPECT_EQ(Read(Cleared("TOP SECRET", {}, {"GBR"}), MakeLabel("SECRET", {}, {"GBR"})).reason,
            "unknown group \"GBR\"");
}

TEST_F(DecideTest, UnknownClearanceLevelDeniesEvenPublicRecords) {
  EXPECT_EQ(Read(Cleared("COSMIC"), MakeLabel("PUBLIC")).reason,
            "unknown clearance level \"COSMIC\"");
  EXPECT_FALSE(Read(Cleared(""), MakeLabel("PUBLIC")).allowed);
}

TEST_F(DecideTest, UnmarkedIsReadAsThePublicLevel) {
  const Subject reader = Subject::PublicReader(DefaultPolicy());
  EXPECT_EQ(reader.clearance.level, "PUBLIC");
  EXPECT_TRUE(Read(reader, MakeLabel("")).allowed);
  EXPECT_FALSE(Read(reader, MakeLabel("LOU")).allowed);
}

TEST_F(DecideTest, NeedToKnowRequiresActingForAnOfficeOfTheRecord) {
  const Label label = MakeLabel("SECRET", {"NODIS"});
  EXPECT_TRUE(Read(Cleared("SECRET", {"NODIS"}, {}, {"embassy arcadia"}), label).allowed);
  EXPECT_EQ(Read(Cleared("SECRET", {"NODIS"}, {}, {"Other"}), label).reason,
            "need-to-know: subject acts for none of DIVISION ONE, EMBASSY ARCADIA");
}

TEST_F(DecideTest, NeedToKnowByLevelRankWhenThePolicyAsksForIt) {
  Policy policy = DefaultPolicy();
  policy.need_to_know_rank = 4;
  const model::Cable record = Record(MakeLabel("TOP SECRET"));
  EXPECT_FALSE(Decide(policy, Cleared("TOP SECRET"), record, Action::kRead).allowed);
  EXPECT_TRUE(Decide(policy, Cleared("TOP SECRET", {}, {}, {"Division One"}), record, Action::kRead)
                  .allowed);
}

TEST_F(DecideTest, AdministratorGetsNoReadBypass) {
  Subject admin = Cleared("CONFIDENTIAL");
  admin.administrator = true;
  EXPECT_FALSE(Read(admin, MakeLabel("SECRET")).allowed);
  EXPECT_TRUE(
      Decide(DefaultPolicy(), admin, Record(MakeLabel("PUBLIC")), Action::kAdminister).allowed);
  EXPECT_FALSE(Decide(DefaultPolicy(), Cleared("TOP SECRET"), Record(MakeLabel("PUBLIC")),
                      Action::kAdminister)
                   .allowed);
}

TEST_F(DecideTest, CreateAndUpdateFollowTheWriteGuard) {
  const model::Cable record = Record(MakeLabel("TOP SECRET"));
  EXPECT_FALSE(Decide(DefaultPolicy(), Cleared("SECRET"), record, Action::kCreate).allowed);
  EXPECT_FALSE(Decide(DefaultPolicy(), Cleared("SECRET"), record, Action::kUpdate).allowed);
  EXPECT_TRUE(Decide(DefaultPolicy(), Cleared("TOP SECRET"), record, Action::kUpdate).allowed);
}

TEST_F(DecideTest, MayAssignLabelIgnoresNeedToKnow) {
  const Subject writer = Cleared("SECRET", {"NODIS"});
  EXPECT_TRUE(MayAssignLabel(DefaultPolicy(), writer, MakeLabel("SECRET", {"NODIS"})).allowed);
  Decision d = MayAssignLabel(DefaultPolicy(), writer, MakeLabel("TOP SECRET"));
  EXPECT_FALSE(d.allowed);
  EXPECT_EQ(d.reason, "may not assign label: level TOP SECRET above clearance SECRET");
}

TEST_F(DecideTest, DominatesComparesLevelAndRestrictiveCategories) {
  const Policy& p = DefaultPolicy();
  EXPECT_TRUE(Dominates(p, MakeLabel("TS", {"NOFORN"}), MakeLabel("SECRET", {"NOFORN", "ECON"})));
  EXPECT_FALSE(Dominates(p, MakeLabel("TOP SECRET"), MakeLabel("SECRET", {"NOFORN"})));
  EXPECT_FALSE(Dominates(p, MakeLabel("SECRET"), MakeLabel("TOP SECRET")));
  EXPECT_FALSE(Dominates(p, MakeLabel("COSMIC"), MakeLabel("")));
}

TEST_F(DecideTest, ActionNamesAreStable) {
  EXPECT_EQ(ActionName(Action::kRead), "read");
  EXPECT_EQ(ActionName(Action::kAdminister), "administer");
}

TEST_F(DecideTest, ClassOfCarriesOfficesOnlyWhenNeedToKnowApplies) {
  EXPECT_THAT(ClassOf(DefaultPolicy(), Record(MakeLabel("SECRET", {"EXDIS"}))).offices, IsEmpty());
  EXPECT_THAT(ClassOf(DefaultPolicy(), Record(MakeLabel("s", {"nodis"}), "b", "a")).offices,
              ElementsAre("A", "B"));
}

TEST_F(DecideTest, ClassOfCanonicalizesAndMapsUnmarkedToPublic) {
  EXPECT_EQ(ClassOf(DefaultPolicy(), Record(MakeLabel("ts", {"noforn"}))).label,
            (Label{"TOP SECRET", {"NOFORN"}, {}}));
  EXPECT_EQ(ClassOf(DefaultPolicy(), Record(MakeLabel(""))).label.classification, "PUBLIC");
}

}  // namespace
}  // namespace chancery::security
