// Issue 11 findings 8 and 15: a password change ends the user's sessions and API tokens;
// administrators list and revoke anyone's tokens; sign-ins, sign-outs and token changes are in
// the audit log; anonymous /metrics shows only aggregates.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/records/records.h"

#include "server_fixture.h"

namespace chancery::testing {
namespace {

using nlohmann::json;

json Json(const httplib::Result& r) {
  return json::parse(BodyOf(r), nullptr, false);
}

class CredentialsApi : public ::testing::Test {
 protected:
  CredentialsApi() {
    f_.SetPassword("drafter", "pw-drafter");
    f_.SetPassword("root", "pw-root");
  }

  // A new API token of the signed-in user; returns {id, token}.
  std::pair<std::string, std::string> NewToken(const SignedIn& s) {
    json t = Json(f_.Client()->Post("/api/tokens", ServerFixture::With(s), R"({"name":"ci"})",
                                    "application/json"));
    return {t.value("id", ""), t.value("token", "")};
  }

  bool SignedInAs(const SignedIn& s, const std::string& user) {
    return Json(f_.Client()->Get("/api/session", ServerFixture::With(s))).value("user", json()) ==
           user;
  }

  // "action decision" of every audit entry, oldest first.
  std::vector<std::string> AuditTrail() {
    records::Records& records = *f_.server().services().records;
    auto log = records.AuditLog(records.Administrator("admin:test"), 0, 100000);
    EXPECT_TRUE(log.ok());
    std::vector<std::string> out;
    for (const model::AuditEvent& e : *log)
      out.push_back(e.actor + " " + e.action + " " + e.target + " " + e.decision);
    return out;
  }

  bool Audited(const std::string& prefix) {
    for (const std::string& line : AuditTrail()) {
      if (line.rfind(prefix, 0) == 0)
        return true;
    }
    ADD_FAILURE() << "no audit entry starting with \"" << prefix << "\"";
    return false;
  }

  ServerFixture f_;
};

TEST_F(CredentialsApi, PasswordChangeByAnAdministratorEndsSessionsAndTokens) {
  SignedIn drafter = f_.SignIn("drafter", "pw-drafter");
  const auto [id, token] = NewToken(drafter);
  SignedIn root = f_.SignIn("root", "pw-root");
  auto r = f_.Client()->Put("/api/users/drafter/password", ServerFixture::With(root),
                            R"({"password":"pw-new"})", "application/json");
  ASSERT_EQ(StatusOf(r), 200) << BodyOf(r);
  EXPECT_FALSE(SignedInAs(drafter, "drafter"));
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/tokens", ServerFixture::Bearer(token))), 401);
  EXPECT_TRUE(SignedInAs(f_.SignIn("drafter", "pw-new"), "drafter"));
}

TEST_F(CredentialsApi, PasswordSetOutsideTheServerEndsSessionsToo) {
  SignedIn drafter = f_.SignIn("drafter", "pw-drafter");
  const auto [id, token] = NewToken(drafter);
  f_.SetPassword("drafter", "pw-new");  // what `chanceryd --set-password` does
  EXPECT_FALSE(SignedInAs(drafter, "drafter"));
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/tokens", ServerFixture::Bearer(token))), 401);
}

TEST_F(CredentialsApi, AdministratorListsAndRevokesAnotherUsersToken) {
  const auto [id, token] = NewToken(f_.SignIn("drafter", "pw-drafter"));
  const auto admin = ServerFixture::Bearer(AdminToken(f_));
  json list = Json(f_.Client()->Get("/api/users/drafter/tokens", admin));
  ASSERT_EQ(list["tokens"].size(), 1u) << list;
  EXPECT_EQ(list["tokens"][0]["id"], id);
  const std::string path = "/api/users/drafter/tokens/" + id;
  EXPECT_EQ(StatusOf(f_.Client()->Delete(path.c_str(), admin)), 200);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/session", ServerFixture::Bearer(token))), 401);
  EXPECT_TRUE(Audited("root auth.token.revoke " + id + " ok"));
}

TEST_F(CredentialsApi, OthersTokensAreForAdministratorsOnly) {
  const SignedIn wu = f_.SignIn("drafter", "pw-drafter");
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/users/root/tokens", ServerFixture::With(wu))), 403);
  EXPECT_EQ(StatusOf(f_.Client()->Delete("/api/users/root/tokens/x", ServerFixture::With(wu))),
            403);
}

TEST_F(CredentialsApi, SignInsSignOutsAndTokenChangesAreAudited) {
  EXPECT_EQ(StatusOf(f_.Client()->Post("/api/session", R"({"user":"drafter","password":"no"})",
                                       "application/json")),
            401);
  SignedIn s = f_.SignIn("drafter", "pw-drafter");
  const auto [id, token] = NewToken(s);
  const std::string path = "/api/tokens/" + id;
  EXPECT_EQ(StatusOf(f_.Client()->Delete(path.c_str(), ServerFixture::With(s))), 200);
  EXPECT_EQ(StatusOf(f_.Client()->Delete("/api/session", ServerFixture::With(s))), 200);
  EXPECT_TRUE(Audited("public auth.session.create drafter deny: wrong user name or password"));
  EXPECT_TRUE(Audited("drafter auth.session.create drafter ok"));
  EXPECT_TRUE(Audited("drafter auth.token.create " + id + " ok"));
  EXPECT_TRUE(Audited("drafter auth.token.revoke " + id + " ok"));
  EXPECT_TRUE(Audited("drafter auth.session.end drafter ok"));
}

TEST_F(CredentialsApi, AnonymousMetricsHaveOnlyAggregates) {
  (void)f_.Client()->Get("/api/records/pub-1");
  const std::string text = BodyOf(f_.Client()->Get("/metrics"));
  EXPECT_NE(text.find("chancery_http_responses_total{class=\"2xx\"} "), std::string::npos);
  EXPECT_NE(text.find("chancery_http_requests_in_flight "), std::string::npos);
  EXPECT_NE(text.find("chancery_http_requests_waiting "), std::string::npos);
  EXPECT_EQ(text.find("route="), std::string::npos) << text;
}

TEST_F(CredentialsApi, AdministratorMetricsHavePerRouteSeries) {
  (void)f_.Client()->Get("/api/records/pub-1");
  const auto admin = ServerFixture::Bearer(AdminToken(f_));
  std::string text;  // a request is counted just after its response is sent: poll a little
  for (int i = 0; i < 100 && text.find("/api/records/{id}") == std::string::npos; ++i)
    text = BodyOf(f_.Client()->Get("/metrics", admin));
  EXPECT_NE(text.find("chancery_http_requests_total{route=\"/api/records/{id}\",method=\"GET\""),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace chancery::testing
