// Query strings, search parameters, JSON bodies, cookies, status mapping and configuration.
#include "request_parse.h"

#include <gtest/gtest.h>

#include "config.h"
#include "http_errors.h"
#include "support/temp_dir.h"

namespace chancery::server {
namespace {

TEST(RequestParse, QueryStringDecodesPercentAndPlus) {
  auto p = ParseQueryString("q=harbour+talks&from=1963-03&x=%22a%22&flag");
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(FindParam(*p, "q"), "harbour talks");
  EXPECT_EQ(FindParam(*p, "x"), "\"a\"");
  EXPECT_EQ(FindParam(*p, "flag"), "");
}

TEST(RequestParse, MalformedEscapeAndTooManyParametersAreRefused) {
  EXPECT_EQ(ParseQueryString("q=%4").status().code(), StatusCode::kInvalidArgument);
  std::string many;
  for (int i = 0; i < 65; ++i)
    many += "a=1&";
  EXPECT_FALSE(ParseQueryString(many).ok());
}

TEST(RequestParse, SearchParamsMapPageAndSizeToTheWindow) {
  auto s = ParseSearchParams({{"page", "3"}, {"size", "20"}, {"facets", "decade, year"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->request.offset, 40u);
  EXPECT_EQ(s->request.limit, 20u);
  EXPECT_EQ(s->request.facets.size(), 2u);
}

TEST(RequestParse, SearchParamsRefusePagesPastTheResultWindow) {
  EXPECT_FALSE(ParseSearchParams({{"page", "101"}, {"size", "100"}}).ok());
  EXPECT_FALSE(ParseSearchParams({{"size", "101"}}).ok());
  EXPECT_FALSE(ParseSearchParams({{"facets", "colour"}}).ok());
  EXPECT_FALSE(ParseSearchParams({{"from", "1963-13-01"}}).ok());
}

TEST(RequestParse, JsonMembersOfTheWrongTypeNameTheMember) {
  auto j = ParseJsonObject(R"({"name": 3, "list": ["a", 1]})");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(StringMember(*j, "name").status().message(), "member name: expected a string");
  EXPECT_FALSE(StringListMember(*j, "list").ok());
  EXPECT_FALSE(ParseJsonObject("[1]").ok());
  EXPECT_FALSE(ParseJsonObject("{").ok());
}

TEST(RequestParse, CookieValueFindsTheNamedCookie) {
  EXPECT_EQ(CookieValue("a=1; chancery_session=xyz; b=2", "chancery_session"), "xyz");
  EXPECT_EQ(CookieValue("a=1", "chancery_session"), std::nullopt);
}

TEST(HttpErrors, StatusCodesMapToHttpStatuses) {
  EXPECT_EQ(HttpStatusFor(StatusCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(StatusCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(StatusCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(StatusCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kConflict), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(StatusCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(StatusCode::kCorruption), 500);
}

TEST(Config, FlagsOverrideEnvironmentOverrideFile) {
  testing::TempDir dir;
  testing::WriteFileOrDie(dir.File("c.conf"), "# comment\nport = 9000\nthreads = 3\ndb = f.db\n");
  auto c = LoadConfig({"--config", dir.File("c.conf"), "--port=9002"},
                      {{"CHANCERY_PORT", "9001"}, {"CHANCERY_DB", "e.db"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->port, 9002);
  EXPECT_EQ(c->threads, 3);
  EXPECT_EQ(c->db, "e.db");
}

TEST(Config, ErrorsNameTheSourceAndKey) {
  testing::TempDir dir;
  testing::WriteFileOrDie(dir.File("c.conf"), "\nport = x\n");
  EXPECT_EQ(LoadConfig({"--config", dir.File("c.conf")}, {}).status().message(),
            dir.File("c.conf") + ":2: port: expected an integer 0..65535, got \"x\"");
  EXPECT_EQ(LoadConfig({}, {{"CHANCERY_THREADS", "0"}}).status().message(),
            "environment CHANCERY_THREADS: expected an integer 1..16384, got \"0\"");
  EXPECT_EQ(LoadConfig({"--bogus", "1"}, {}).status().message(),
            "unknown flag --bogus (see --help)");
}

TEST(Config, ConnectionLimitsAndDeadlinesAreKeys) {
  auto c = LoadConfig({"--head-timeout", "3", "--max-connections=50", "--body-timeout", "60"},
                      {{"CHANCERY_MAX_CONNECTIONS_PER_CLIENT", "7"}, {"CHANCERY_IO_THREADS", "2"}});
  ASSERT_TRUE(c.ok()) << c.status().ToString();
  EXPECT_EQ(c->head_timeout_seconds, 3);
  EXPECT_EQ(c->max_connections, 50);
  EXPECT_EQ(c->max_connections_per_client, 7);
  EXPECT_EQ(c->body_timeout_seconds, 60);
  EXPECT_EQ(c->io_threads, 2);
  EXPECT_EQ(LoadConfig({"--max-connections", "0"}, {}).status().message(),
            "flag --max-connections: expected an integer 1..1000000, got \"0\"");
}

TEST(Config, SecureCookiesDefaultOffOnLoopbackOnElsewhere) {
  ServerConfig c;
  EXPECT_FALSE(c.CookiesSecure());
  c.host = "0.0.0.0";
  EXPECT_TRUE(c.CookiesSecure());
  c.secure_cookies = SecureCookies::kOff;
  EXPECT_FALSE(c.CookiesSecure());
}

}  // namespace
}  // namespace chancery::server
