// Issue 16: two chanceryd processes on one store file are two nodes behind a load balancer.
// Sessions and login failures live in the store, so a session made on A works on B, a sign-out
// or password change on A is refused on B at its next request, failures counted on A and B
// reach the limit together, and a restart keeps live sessions.
#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/records/records.h"

#include "chanceryd_process.h"
#include "credentials.h"
#include "server_fixture.h"

namespace chancery::testing {
namespace {

using nlohmann::json;

class MultiNode : public ::testing::Test {
 protected:
  MultiNode() {
    PrepareStore(dir_.path());
    records::RecordsOptions options;
    options.db_path = db_;
    auto records = records::Records::Open(options);
    EXPECT_TRUE(records.ok()) << records.status().ToString();
    auto credentials = server::Credentials::Open((*records)->store(), nullptr);
    EXPECT_TRUE(credentials.ok());
    EXPECT_TRUE((*credentials)->SetPassword("test", "drafter", "pw-drafter").ok());
    EXPECT_TRUE((*credentials)->SetPassword("test", "root", "pw-root").ok());
    root_token_ = (*credentials)->CreateToken("root", "test")->first;
  }

  void SetUp() override {
    a_ = std::make_unique<ChancerydProcess>(db_);
    b_ = std::make_unique<ChancerydProcess>(db_);
    ASSERT_GT(a_->port(), 0);
    ASSERT_GT(b_->port(), 0);
  }

  static httplib::Result Login(const ChancerydProcess& node, const std::string& user,
                               const std::string& password) {
    return node.Client()->Post("/api/session", json{{"user", user}, {"password", password}}.dump(),
                               "application/json");
  }

  static SignedIn SignIn(const ChancerydProcess& node, const std::string& user) {
    httplib::Result r = Login(node, user, "pw-" + user);
    SignedIn s;
    EXPECT_EQ(StatusOf(r), 200) << BodyOf(r);
    if (r) {
      s.csrf = json::parse(r->body, nullptr, false).value("csrf_token", "");
      for (auto [it, end] = r->headers.equal_range("Set-Cookie"); it != end; ++it) {
        const std::string& c = it->second;
        if (c.rfind("chancery_session=", 0) == 0)
          s.session = c.substr(17, c.find(';') - 17);
      }
    }
    return s;
  }

  // The user /api/session reports for `s` on `node`, "" when not signed in.
  static std::string WhoOn(const ChancerydProcess& node, const SignedIn& s) {
    json me = json::parse(BodyOf(node.Client()->Get("/api/session", ServerFixture::With(s))),
                          nullptr, false);
    return me.is_object() && me["user"].is_string() ? me["user"].get<std::string>() : "";
  }

  // Seconds until `node` no longer accepts `s` (polling), or 10 if it still does then.
  static double SecondsUntilRefused(const ChancerydProcess& node, const SignedIn& s) {
    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
      return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    while (elapsed() < 10) {
      if (StatusOf(node.Client()->Get("/api/tokens", ServerFixture::With(s))) == 401)
        return elapsed();
    }
    return 10;
  }

  TempDir dir_{FastTempParent()};
  std::string db_ = dir_.File("store.db");
  std::string root_token_;
  std::unique_ptr<ChancerydProcess> a_;
  std::unique_ptr<ChancerydProcess> b_;
};

TEST_F(MultiNode, ASessionMadeOnAWorksOnBWithItsCsrfToken) {
  const SignedIn s = SignIn(*a_, "drafter");
  EXPECT_EQ(WhoOn(*b_, s), "drafter");
  auto created = b_->Client()->Post("/api/tokens", ServerFixture::With(s), R"({"name":"on b"})",
                                    "application/json");
  EXPECT_EQ(StatusOf(created), 201) << BodyOf(created);
  auto no_csrf =
      b_->Client()->Post("/api/tokens", ServerFixture::With(s, false), "{}", "application/json");
  EXPECT_EQ(StatusOf(no_csrf), 403);
}

TEST_F(MultiNode, SignOutOnAIsRefusedOnBWithinOneSecond) {
  const SignedIn s = SignIn(*a_, "drafter");
  ASSERT_EQ(WhoOn(*b_, s), "drafter");
  ASSERT_EQ(StatusOf(a_->Client()->Delete("/api/session", ServerFixture::With(s))), 200);
  EXPECT_LT(SecondsUntilRefused(*b_, s), 1.0);
  EXPECT_EQ(WhoOn(*b_, s), "");
}

TEST_F(MultiNode, PasswordChangeOnAIsRefusedOnB) {
  const SignedIn s = SignIn(*a_, "drafter");
  ASSERT_EQ(WhoOn(*b_, s), "drafter");
  auto changed =
      a_->Client()->Put("/api/users/drafter/password", ServerFixture::Bearer(root_token_),
                        R"({"password":"pw-new"})", "application/json");
  ASSERT_EQ(StatusOf(changed), 200) << BodyOf(changed);
  EXPECT_LT(SecondsUntilRefused(*b_, s), 1.0);
  EXPECT_EQ(StatusOf(Login(*b_, "drafter", "pw-new")), 200);
}

TEST_F(MultiNode, LoginFailuresOnAAndBReachTheLimitTogether) {
  for (int i = 0; i < 5; ++i) {  // login_failures = 5: three on A, two on B
    EXPECT_EQ(StatusOf(Login(i % 2 == 0 ? *a_ : *b_, "drafter", "wrong")), 401) << i;
  }
  for (const ChancerydProcess* node : {a_.get(), b_.get()}) {
    auto refused = Login(*node, "drafter", "pw-drafter");  // even the right password waits
    EXPECT_EQ(StatusOf(refused), 429) << BodyOf(refused);
    ASSERT_TRUE(refused);
    const std::string retry = refused->get_header_value("Retry-After");
    EXPECT_GT(std::atoi(retry.c_str()), 0);
    EXPECT_LE(std::atoi(retry.c_str()), 60);
  }
}

TEST_F(MultiNode, ARestartOfAKeepsALiveSession) {
  const SignedIn s = SignIn(*a_, "drafter");
  a_->Restart();
  ASSERT_GT(a_->port(), 0);
  EXPECT_EQ(WhoOn(*a_, s), "drafter");
  EXPECT_EQ(
      StatusOf(a_->Client()->Post("/api/tokens", ServerFixture::With(s), "{}", "application/json")),
      201);
}

}  // namespace
}  // namespace chancery::testing
