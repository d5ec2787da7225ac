// Separation of duties (issue 11, finding 2; docs/security.md "Separation of duties"): nobody
// grants beyond their own clearance or changes their own, clearance changes by an administrator
// who is not a security officer wait for a second administrator, and the audit log records the
// old and new values.
#include <gtest/gtest.h>

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

class UsersTest : public ::testing::Test {
 protected:
  // Registers a user through the local operator (who may grant anything, alone).
  security::Subject Add(const std::string& name, const std::string& level, bool admin = false,
                        std::vector<std::string> categories = {}, bool officer = false) {
    records::UserSpec spec{name, {level, std::move(categories), {}, {}}, admin, officer};
    EXPECT_TRUE(records().AddUser(fx_.Admin(), spec).ok());
    return *records().ResolveSubject(name);
  }

  Result<records::UserChangeResult> Change(const security::Subject& actor, const std::string& name,
                                           const std::string& level, bool admin = false,
                                           std::vector<std::string> categories = {}) {
    return records().ChangeUser(actor,
                                {name, {level, std::move(categories), {}, {}}, admin, false});
  }

  std::string LevelOf(const std::string& name) {
    return records().ResolveSubject(name)->clearance.level;
  }

  records::Records& records() { return fx_.records(); }

  testing::TempDir dir_;
  testing::RecordsFixture fx_{dir_.path()};
};

TEST_F(UsersTest, APublicAdministratorCannotRaiseItsOwnClearance) {
  const security::Subject low = Add("low-admin", "PUBLIC", /*admin=*/true);
  auto r = Change(low, "low-admin", "TOP SECRET", true);
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(LevelOf("low-admin"), "PUBLIC");
  EXPECT_TRUE(fx_.AuditContains("user.change", "low-admin",
                                "deny: nobody changes their own clearance or roles (low-admin)"));
}

TEST_F(UsersTest, NobodyGrantsALevelAboveTheirOwn) {
  const security::Subject secret = Add("secret-admin", "SECRET", true);
  Add("carol", "PUBLIC");
  EXPECT_EQ(Change(secret, "carol", "TOP SECRET").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(Change(secret, "dave", "TOP SECRET").status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(LevelOf("carol"), "PUBLIC");
  EXPECT_FALSE(records().ResolveSubject("dave").ok());
}

TEST_F(UsersTest, NobodyGrantsACategoryTheyDoNotHold) {
  const security::Subject officer = Add("officer", "TOP SECRET", true, {}, /*officer=*/true);
  auto r = Change(officer, "erin", "SECRET", false, {"NODIS"});
  EXPECT_EQ(r.status().code(), StatusCode::kPermissionDenied);
  EXPECT_NE(r.status().message().find("category NODIS"), std::string_view::npos);
}

TEST_F(UsersTest, AnAdministratorsClearanceChangeWaitsForASecondAdministrator) {
  const security::Subject alice = Add("alice", "TOP SECRET", true);
  const security::Subject bob = Add("bob", "TOP SECRET", true);
  Add("carol", "PUBLIC");
  auto proposed = Change(alice, "carol", "SECRET");
  ASSERT_TRUE(proposed.ok()) << proposed.status().ToString();
  EXPECT_FALSE(proposed->applied);
  EXPECT_EQ(LevelOf("carol"), "PUBLIC");
  EXPECT_EQ(records().ConcurUserChange(alice, proposed->pending_id).code(),
            StatusCode::kPermissionDenied);
  ASSERT_TRUE(records().ConcurUserChange(bob, proposed->pending_id).ok());
  EXPECT_EQ(LevelOf("carol"), "SECRET");
  EXPECT_TRUE(records().PendingUserChanges(bob)->empty());
}

TEST_F(UsersTest, TheAuditEntryRecordsOldAndNewValues) {
  const security::Subject officer = Add("officer", "TOP SECRET", true, {}, true);
  Add("carol", "PUBLIC");
  ASSERT_TRUE(Change(officer, "carol", "SECRET", true)->applied);
  EXPECT_TRUE(fx_.AuditContains("user.change", "carol",
                                "ok clearance: PUBLIC -> SECRET; administrator: no -> yes"));
}

TEST_F(UsersTest, ASecurityOfficerActsAloneWithinTheirClearance) {
  const security::Subject officer = Add("officer", "SECRET", true, {}, true);
  EXPECT_TRUE(Change(officer, "carol", "SECRET")->applied);
  EXPECT_EQ(Change(officer, "carol", "TOP SECRET").status().code(), StatusCode::kPermissionDenied);
}

TEST_F(UsersTest, AConcurrenceOnAUserChangedSinceIsAConflictAndDropsTheChange) {
  const security::Subject alice = Add("alice", "TOP SECRET", true);
  const security::Subject bob = Add("bob", "TOP SECRET", true);
  Add("carol", "PUBLIC");
  auto proposed = Change(alice, "carol", "SECRET");
  ASSERT_TRUE(proposed.ok());
  Add("carol", "CONFIDENTIAL");  // the operator changes carol meanwhile
  EXPECT_EQ(records().ConcurUserChange(bob, proposed->pending_id).code(), StatusCode::kConflict);
  EXPECT_EQ(LevelOf("carol"), "CONFIDENTIAL");
  EXPECT_TRUE(records().PendingUserChanges(bob)->empty());
}

TEST_F(UsersTest, ReservedNamesAreRefused) {
  for (const char* name : {"admin:root", "office:EMB-MOSCOW", "public", "anonymous"}) {
    EXPECT_EQ(records().AddUser(fx_.Admin(), {name, {"PUBLIC", {}, {}, {}}, false, false}).code(),
              StatusCode::kInvalidArgument)
        << name;
  }
}

TEST_F(UsersTest, ANewPublicUserNeedsNoConcurrence) {
  const security::Subject alice = Add("alice", "SECRET", true);
  EXPECT_TRUE(Change(alice, "reader", "PUBLIC")->applied);
}

// Issue 13: archive roles are part of the clearance, granted under the same rules.
TEST_F(UsersTest, ArchiveRolesAreGrantedOnlyByWhoHoldsThemAndAreNormalized) {
  records::UserSpec rev{"rev", {"SECRET", {}, {}, {}}, false, false};
  rev.clearance.roles = {"Reviewer", "equity:mfa-go", "archivist"};
  ASSERT_TRUE(records().AddUser(fx_.Admin(), rev).ok());
  EXPECT_EQ(records().ResolveSubject("rev")->clearance.roles,
            (std::vector<std::string>{"archivist", "equity:MFA-GO", "reviewer"}));
  // An officer without the role cannot hand it out.
  const security::Subject officer = Add("officer", "TOP SECRET", true, {}, /*officer=*/true);
  records::UserSpec eve{"eve", {"PUBLIC", {}, {}, {}}, false, false};
  eve.clearance.roles = {"archivist"};
  Status denied = records().AddUser(officer, eve);
  EXPECT_EQ(denied.code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(denied.message(),
            "user eve: role archivist is not held by the granting administrator officer");
  eve.clearance.roles = {"censor"};
  EXPECT_EQ(records().AddUser(fx_.Admin(), eve).message(),
            "user eve: unknown role \"censor\" (reviewer, archivist or equity:OFFICE)");
}

}  // namespace
}  // namespace chancery
