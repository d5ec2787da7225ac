// The cable desk over HTTP: directory, drafts, approvals, release, delivery, threads.
#include <map>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/format/json.h"

#include "server_fixture.h"
#include "support/desk_fixture.h"

namespace chancery::testing {
namespace {

using nlohmann::json;

json Json(const httplib::Result& r) {
  return json::parse(BodyOf(r), nullptr, false);
}

// A draft body: one SECRET paragraph, to EMB-MOSCOW, approved by wu and zeng.
std::string DraftBody(const std::string& title) {
  desk::DraftSpec spec = DeskFixture::Spec(title, {"SECRET"}, {"EMB-MOSCOW"});
  return json{{"office", spec.office},
              {"content", json::parse(format::CableToJson(spec.content))},
              {"rule", {{"approvers", {"wu", "zeng"}}}}}
      .dump();
}

class DeskApi : public ::testing::Test {
 protected:
  // Signs `user` in once per test (Argon2id is slow on purpose) and reuses the session.
  SignedIn As(const std::string& user) {
    auto it = sessions_.find(user);
    if (it != sessions_.end())
      return it->second;
    f_.SetPassword(user, "pw-" + user);
    return sessions_[user] = f_.SignIn(user, "pw-" + user);
  }

  httplib::Result Post(const std::string& user, const std::string& path, const std::string& body) {
    return f_.Client()->Post(path.c_str(), ServerFixture::With(As(user)), body, "application/json");
  }

  httplib::Result Get(const std::string& user, const std::string& path) {
    return f_.Client()->Get(path.c_str(), ServerFixture::With(As(user)));
  }

  // Creates, submits and has wu and zeng approve a draft; returns its id.
  std::string ApprovedDraft() {
    const std::string id = Json(Post("drafter", "/api/desk/drafts", DraftBody("Harbour")))["id"];
    EXPECT_EQ(StatusOf(Post("drafter", "/api/desk/drafts/" + id + "/submit", "")), 200);
    EXPECT_EQ(StatusOf(Post("wu", "/api/desk/drafts/" + id + "/approve", "{}")), 200);
    EXPECT_EQ(StatusOf(Post("zeng", "/api/desk/drafts/" + id + "/approve", "{}")), 200);
    return id;
  }

  ServerFixture f_;
  std::map<std::string, SignedIn> sessions_;
};

TEST_F(DeskApi, DirectoryNeedsASignedInUser) {
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/desk/directory")), 401);
  const json d = Json(Get("drafter", "/api/desk/directory"));
  EXPECT_GE(d["version"].get<int>(), 1);
  EXPECT_FALSE(d["offices"].empty());
}

TEST_F(DeskApi, AdministratorReplacesTheDirectoryAndStaleVersionIs409) {
  const json d = Json(Get("root", "/api/desk/directory"));
  const json put = {{"text", d["text"]}, {"expected_version", d["version"]}};
  SignedIn root = As("root");
  auto ok = f_.Client()->Put("/api/desk/directory", ServerFixture::With(root), put.dump(),
                             "application/json");
  EXPECT_EQ(StatusOf(ok), 200) << BodyOf(ok);
  auto stale = f_.Client()->Put("/api/desk/directory", ServerFixture::With(root), put.dump(),
                                "application/json");
  EXPECT_EQ(StatusOf(stale), 409);
}

TEST_F(DeskApi, DrafterCreatesAndReadsADraftOthersCannotSee) {
  auto created = Post("drafter", "/api/desk/drafts", DraftBody("Harbour"));
  ASSERT_EQ(StatusOf(created), 201) << BodyOf(created);
  const std::string id = Json(created)["id"];
  EXPECT_EQ(Json(Get("drafter", "/api/desk/drafts/" + id))["state"], "drafting");
  auto hidden = Get("outsider", "/api/desk/drafts/" + id);
  EXPECT_EQ(StatusOf(hidden), 404);
  EXPECT_EQ(BodyOf(hidden), "{\"error\":\"no draft " + id + "\"}");
  EXPECT_EQ(BodyOf(Get("outsider", "/api/desk/drafts/draft-999")),
            "{\"error\":\"no draft draft-999\"}");
}

TEST_F(DeskApi, EditKeepsVersionsAndRefusesAStaleVersion) {
  const std::string id = Json(Post("drafter", "/api/desk/drafts", DraftBody("Harbour")))["id"];
  json edit = json::parse(DraftBody("Harbour, revised"));
  edit["expected_version"] = 1;
  SignedIn s = As("drafter");
  const std::string path = "/api/desk/drafts/" + id;
  EXPECT_EQ(StatusOf(f_.Client()->Put(path.c_str(), ServerFixture::With(s), edit.dump(),
                                      "application/json")),
            200);
  EXPECT_EQ(StatusOf(f_.Client()->Put(path.c_str(), ServerFixture::With(s), edit.dump(),
                                      "application/json")),
            409);
  EXPECT_EQ(Json(Get("drafter", path + "/versions"))["versions"].size(), 2u);
}

TEST_F(DeskApi, RejectNeedsAComment) {
  const std::string id = Json(Post("drafter", "/api/desk/drafts", DraftBody("Harbour")))["id"];
  ASSERT_EQ(StatusOf(Post("drafter", "/api/desk/drafts/" + id + "/submit", "")), 200);
  EXPECT_EQ(StatusOf(Post("wu", "/api/desk/drafts/" + id + "/reject", "{}")), 400);
  auto r = Post("wu", "/api/desk/drafts/" + id + "/reject", R"({"comment":"too long"})");
  EXPECT_EQ(Json(r)["state"], "rejected");
}

TEST_F(DeskApi, ApprovalQueueListsDraftsAwaitingMe) {
  const std::string id = Json(Post("drafter", "/api/desk/drafts", DraftBody("Harbour")))["id"];
  ASSERT_EQ(StatusOf(Post("drafter", "/api/desk/drafts/" + id + "/submit", "")), 200);
  EXPECT_EQ(Json(Get("wu", "/api/desk/queue"))["drafts"][0]["id"], id);
  EXPECT_TRUE(Json(Get("outsider", "/api/desk/queue"))["drafts"].empty());
}

TEST_F(DeskApi, ReleaseDeliversToTheRecipientWhoAcknowledges) {
  const std::string id = ApprovedDraft();
  auto released = Post("releaser", "/api/desk/drafts/" + id + "/release", "");
  ASSERT_EQ(StatusOf(released), 201) << BodyOf(released);
  const std::string cable = Json(released)["cable_id"];
  const json inbox = Json(Get("moscow.clerk", "/api/desk/inbox/EMB-MOSCOW"));
  ASSERT_EQ(inbox["items"].size(), 1u);
  EXPECT_EQ(inbox["items"][0]["delivery"]["cable_id"], cable);
  auto ack =
      Post("moscow.clerk", "/api/desk/cables/" + cable + "/ack", R"({"office":"EMB-MOSCOW"})");
  EXPECT_EQ(StatusOf(ack), 200) << BodyOf(ack);
  EXPECT_EQ(
      Json(Get("drafter", "/api/desk/cables/" + cable + "/deliveries"))["deliveries"][0]["state"],
      "acknowledged");
}

TEST_F(DeskApi, ReleasedCableVerifiesAndHasAThread) {
  const std::string id = ApprovedDraft();
  const std::string cable =
      Json(Post("releaser", "/api/desk/drafts/" + id + "/release", ""))["cable_id"];
  EXPECT_EQ(Json(Get("drafter", "/api/desk/cables/" + cable + "/verify"))["verified"], true);
  EXPECT_EQ(Json(Get("drafter", "/api/desk/cables/" + cable + "/thread"))["cable_id"], cable);
  auto release = Json(Get("drafter", "/api/desk/cables/" + cable + "/release"));
  EXPECT_EQ(release["draft_id"], id);
  // A v2 release shows the commitment it signed, never its secret seed.
  EXPECT_EQ(release["commitment_version"], 2);
  EXPECT_EQ(release["commitment_root"].get<std::string>().size(), 64u);
  EXPECT_FALSE(release.contains("commitment_seed"));
}

TEST_F(DeskApi, ReleaseOfAnUnapprovedDraftIs409) {
  const std::string id = Json(Post("drafter", "/api/desk/drafts", DraftBody("Harbour")))["id"];
  EXPECT_EQ(StatusOf(Post("releaser", "/api/desk/drafts/" + id + "/release", "")), 409);
}

TEST_F(DeskApi, OverdueAndRepliesOverdueAnswerLists) {
  EXPECT_TRUE(Json(Get("moscow.clerk", "/api/desk/overdue"))["items"].is_array());
  EXPECT_TRUE(Json(Get("drafter", "/api/desk/replies-overdue"))["cables"].is_array());
}

TEST_F(DeskApi, MalformedDraftBodyIs400NamingTheMember) {
  auto r = Post("drafter", "/api/desk/drafts", R"({"office":"MFA-SOVEE","rule":[]})");
  EXPECT_EQ(StatusOf(r), 400);
  EXPECT_EQ(Json(r)["error"], "member text or content: one is required");
}

}  // namespace
}  // namespace chancery::testing
