// Separation of duties over HTTP (issue 11, finding 2): a PUBLIC-clearance administrator could
// POST /api/users with its own name and TOP SECRET and then read everything. Now nobody grants
// beyond their own clearance or changes their own, and an administrator who is not a security
// officer needs a second administrator's concurrence.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/records/records.h"

#include "server_fixture.h"

namespace chancery::testing {
namespace {

using json = nlohmann::json;

class SeparationApi : public ::testing::Test {
 protected:
  // A registered user with a password, added by the local operator.
  SignedIn Admin(const std::string& name, const std::string& level) {
    records::Records& r = *f_.server().services().records;
    records::UserSpec spec{name, {level, {}, {}, {}}, /*administrator=*/true, false};
    EXPECT_TRUE(r.AddUser(r.Administrator("admin:test"), spec).ok());
    f_.SetPassword(name, "pw-" + name);
    return f_.SignIn(name, "pw-" + name);
  }

  httplib::Result PostUser(const SignedIn& as, const std::string& name, const std::string& level,
                           bool admin = false) {
    const json body = {{"name", name}, {"clearance", {{"level", level}}}, {"administrator", admin}};
    return f_.Client()->Post("/api/users", ServerFixture::With(as), body.dump(),
                             "application/json");
  }

  std::string LevelOf(const std::string& name) {
    auto s = f_.server().services().records->ResolveSubject(name);
    return s.ok() ? s->clearance.level : "<none>";
  }

  ServerFixture f_;
};

TEST_F(SeparationApi, APublicAdministratorCannotRaiseItselfAndStillReadsNothingHidden) {
  const SignedIn low = Admin("low-admin", "PUBLIC");
  auto raised = PostUser(low, "low-admin", "TOP SECRET", true);
  EXPECT_EQ(StatusOf(raised), 403);
  EXPECT_NE(BodyOf(raised).find("nobody changes their own clearance"), std::string::npos);
  EXPECT_EQ(LevelOf("low-admin"), "PUBLIC");
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/records/ts-1", ServerFixture::With(low))), 404);
}

TEST_F(SeparationApi, NobodyGrantsAboveTheirOwnClearance) {
  const SignedIn secret = Admin("secret-admin", "SECRET");
  EXPECT_EQ(StatusOf(PostUser(secret, "helper", "TOP SECRET")), 403);
  EXPECT_EQ(LevelOf("helper"), "<none>");
}

TEST_F(SeparationApi, ASecondAdministratorConcursBeforeAClearanceChangeTakesEffect) {
  const SignedIn alice = Admin("alice", "TOP SECRET");
  const SignedIn bob = Admin("bob", "TOP SECRET");
  auto proposed = PostUser(alice, "carol", "SECRET");
  ASSERT_EQ(StatusOf(proposed), 202) << BodyOf(proposed);
  const std::string id = json::parse(BodyOf(proposed))["pending"];
  EXPECT_EQ(LevelOf("carol"), "<none>");
  EXPECT_NE(BodyOf(f_.Client()->Get("/api/user-changes", ServerFixture::With(bob))).find(id),
            std::string::npos);
  const std::string concur = "/api/user-changes/" + id + "/concur";
  EXPECT_EQ(StatusOf(f_.Client()->Post(concur, ServerFixture::With(alice), "", "text/plain")), 403);
  EXPECT_EQ(StatusOf(f_.Client()->Post(concur, ServerFixture::With(bob), "", "text/plain")), 200);
  EXPECT_EQ(LevelOf("carol"), "SECRET");
}

}  // namespace
}  // namespace chancery::testing

namespace chancery::testing {
namespace {

// Issue 11, finding 3: an administrator's import overwrote a TOP SECRET record it could not read
// and said "updated: 1". Now it gets word for word the answer for a new record labelled above its
// clearance, and the record is untouched.
TEST_F(SeparationApi, AnImportOverAHiddenRecordReadsLikeALabelAboveTheImporter) {
  const SignedIn secret = Admin("secret-admin", "SECRET");
  auto post = [&](const std::string& id, const std::string& level) {
    const std::string line = R"({"id":")" + id + R"(","title":"Overwrite","current_label":)" +
                             R"({"classification":")" + level + R"("}})";
    return f_.Client()->Post("/api/import?filename=a.jsonl", ServerFixture::With(secret),
                             line + "\n", "application/octet-stream");
  };
  auto hidden = post("ts-1", "PUBLIC");
  auto above = post("new-ts", "TOP SECRET");
  EXPECT_EQ(StatusOf(hidden), StatusOf(above));
  std::string hidden_text = BodyOf(hidden);
  std::string above_text = BodyOf(above);
  hidden_text.replace(hidden_text.find("ts-1"), 4, "ID");
  above_text.replace(above_text.find("new-ts"), 6, "ID");
  EXPECT_EQ(hidden_text, above_text);
  EXPECT_EQ(hidden_text.find("updated"), std::string::npos) << hidden_text;
  auto kept = f_.server().services().records->Show(
      f_.server().services().records->Administrator("admin:test"), "ts-1");
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->title, "Top secret harbour talks");
}

}  // namespace
}  // namespace chancery::testing
