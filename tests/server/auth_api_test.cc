// Sign-in, sessions, CSRF, rate limiting, API tokens, users.
#include <chrono>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace chancery::testing {
namespace {

using nlohmann::json;

json Json(const httplib::Result& r) {
  return json::parse(BodyOf(r), nullptr, false);
}

httplib::Result Login(ServerFixture& f, const std::string& user, const std::string& password) {
  return f.Client()->Post("/api/session", json{{"user", user}, {"password", password}}.dump(),
                          "application/json");
}

TEST(AuthApi, SignInSetsHttpOnlySameSiteStrictSessionCookie) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  auto r = Login(f, "drafter", "pw-drafter");
  ASSERT_EQ(StatusOf(r), 200);
  const std::string cookie = r->get_header_value("Set-Cookie", 0);
  EXPECT_NE(cookie.find("chancery_session="), std::string::npos);
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
  EXPECT_EQ(cookie.find("Secure"), std::string::npos);  // loopback: Secure off by default
}

TEST(AuthApi, SecureCookiesCanBeForcedOn) {
  ServerFixture f([](server::ServerConfig& c) { c.secure_cookies = server::SecureCookies::kOn; });
  f.SetPassword("drafter", "pw-drafter");
  EXPECT_NE(Login(f, "drafter", "pw-drafter")->get_header_value("Set-Cookie", 0).find("; Secure"),
            std::string::npos);
}

TEST(AuthApi, MeReportsTheSignedInUserAndAnonymousOtherwise) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  EXPECT_EQ(Json(f.Client()->Get("/api/session", ServerFixture::With(s)))["user"], "drafter");
  EXPECT_EQ(Json(f.Client()->Get("/api/session"))["authenticated"], false);
}

TEST(AuthApi, UnknownUserAndWrongPasswordGetTheSameAnswer) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  auto unknown = Login(f, "nobody", "pw-drafter");
  auto wrong = Login(f, "drafter", "wrong");
  EXPECT_EQ(StatusOf(unknown), 401);
  EXPECT_EQ(StatusOf(wrong), 401);
  EXPECT_EQ(BodyOf(unknown), BodyOf(wrong));
}

TEST(AuthApi, UnknownUserTakesAboutAsLongAsAWrongPassword) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  const auto time = [&](const std::string& user) {
    const auto start = std::chrono::steady_clock::now();
    (void)Login(f, user, "wrong");
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  const double wrong = time("drafter"), unknown = time("nobody");
  EXPECT_GT(unknown, wrong * 0.5);  // both run one Argon2id verification
}

TEST(AuthApi, FiveFailuresThenTooManyRequestsWithRetryAfter) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  for (int i = 0; i < 5; ++i)
    EXPECT_EQ(StatusOf(Login(f, "drafter", "wrong")), 401);
  auto r = Login(f, "drafter", "pw-drafter");  // even the right password waits
  EXPECT_EQ(StatusOf(r), 429);
  EXPECT_GT(std::stoi(r->get_header_value("Retry-After")), 0);
}

TEST(AuthApi, StateChangeWithSessionNeedsTheCsrfHeader) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  auto refused =
      f.Client()->Post("/api/tokens", ServerFixture::With(s, false), "{}", "application/json");
  EXPECT_EQ(StatusOf(refused), 403);
  EXPECT_EQ(Json(refused)["error"], "csrf token missing or wrong");
  auto ok = f.Client()->Post("/api/tokens", ServerFixture::With(s, true), "{}", "application/json");
  EXPECT_EQ(StatusOf(ok), 201);
}

TEST(AuthApi, WrongCsrfTokenIsRefused) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  httplib::Headers h = ServerFixture::With(s, false);
  h.emplace("X-CSRF-Token", "forged");
  EXPECT_EQ(StatusOf(f.Client()->Delete("/api/session", h)), 403);
}

TEST(AuthApi, LogoutEndsTheSession) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  EXPECT_EQ(StatusOf(f.Client()->Delete("/api/session", ServerFixture::With(s))), 200);
  EXPECT_EQ(Json(f.Client()->Get("/api/session", ServerFixture::With(s)))["authenticated"], false);
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/tokens", ServerFixture::With(s))), 401);
}

TEST(AuthApi, BearerTokenWorksWithoutCsrfUntilRevoked) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  json t = Json(f.Client()->Post("/api/tokens", ServerFixture::With(s), R"({"name":"ci"})",
                                 "application/json"));
  const auto bearer = ServerFixture::Bearer(t["token"]);
  EXPECT_EQ(StatusOf(f.Client()->Post("/api/tokens", bearer, "{}", "application/json")), 201);
  const std::string path = "/api/tokens/" + t["id"].get<std::string>();
  EXPECT_EQ(StatusOf(f.Client()->Delete(path.c_str(), bearer)), 200);
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/tokens", bearer)), 401);
}

TEST(AuthApi, TokensAreListedWithoutTheirSecret) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  json t = Json(f.Client()->Post("/api/tokens", ServerFixture::With(s), R"({"name":"ci"})",
                                 "application/json"));
  const std::string list = BodyOf(f.Client()->Get("/api/tokens", ServerFixture::With(s)));
  EXPECT_NE(list.find("\"ci\""), std::string::npos);
  EXPECT_EQ(list.find(t["token"].get<std::string>()), std::string::npos);
}

TEST(AuthApi, RevokingSomeoneElsesTokenIsNotFound) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  f.SetPassword("wu", "pw-wu");
  SignedIn d = f.SignIn("drafter", "pw-drafter");
  json t = Json(f.Client()->Post("/api/tokens", ServerFixture::With(d), "{}", "application/json"));
  const std::string path = "/api/tokens/" + t["id"].get<std::string>();
  EXPECT_EQ(
      StatusOf(f.Client()->Delete(path.c_str(), ServerFixture::With(f.SignIn("wu", "pw-wu")))),
      404);
}

TEST(AuthApi, InvalidBearerTokenIs401) {
  ServerFixture f;
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/search", ServerFixture::Bearer("nope"))), 401);
}

TEST(AuthApi, AdministratorAddsAUserWithAPasswordWhoCanSignIn) {
  ServerFixture f;
  f.SetPassword("root", "pw-root");
  SignedIn s = f.SignIn("root", "pw-root");
  const json user = {
      {"name", "newbie"}, {"clearance", {{"level", "SECRET"}}}, {"password", "pw-new"}};
  EXPECT_EQ(StatusOf(f.Client()->Post("/api/users", ServerFixture::With(s), user.dump(),
                                      "application/json")),
            201);
  EXPECT_EQ(StatusOf(Login(f, "newbie", "pw-new")), 200);
  EXPECT_NE(BodyOf(f.Client()->Get("/api/users", ServerFixture::With(s))).find("newbie"),
            std::string::npos);
}

TEST(AuthApi, AdministratorSetsAPassword) {
  ServerFixture f;
  f.SetPassword("root", "pw-root");
  SignedIn s = f.SignIn("root", "pw-root");
  auto r = f.Client()->Put("/api/users/wu/password", ServerFixture::With(s),
                           R"({"password":"pw-wu2"})", "application/json");
  EXPECT_EQ(StatusOf(r), 200);
  EXPECT_EQ(StatusOf(Login(f, "wu", "pw-wu2")), 200);
}

TEST(AuthApi, UserRoutesRefuseNonAdministrators) {
  ServerFixture f;
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/users", ServerFixture::With(s))), 403);
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/users")), 401);
}

}  // namespace
}  // namespace chancery::testing
