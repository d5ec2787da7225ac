// Archival description over HTTP (issue 14 §2; docs/archive.md "Description"): an archivist's
// edit through POST /api/records/{id}/description becomes a signed new version; history and diff
// are read by whoever may read the record; a record the caller may not read answers every route
// with the bytes of a missing one; no role, a stale base, a bad field or term are refused mapped
// to HTTP, and nothing is stored.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/archive/authorities.h"
#include "chancery/records/records.h"

#include "server_fixture.h"

namespace chancery::testing {
namespace {

using json = nlohmann::json;

class DescriptionApi : public ::testing::Test {
 protected:
  void SetUp() override {
    records::Records& r = *f_.server().services().records;
    AddUser("arch", "TOP SECRET", {"archivist"});
    AddUser("low.arch", "CONFIDENTIAL", {"archivist"});
    AddUser("reader", "PUBLIC", {});
    auto loaded = f_.server().services().authorities->LoadFile(
        r.Administrator("admin:test"),
        std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/subjects-cold-war.jsonl");
    ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
  }

  void AddUser(const std::string& name, const std::string& level, std::vector<std::string> roles) {
    records::Records& r = *f_.server().services().records;
    records::UserSpec spec;
    spec.name = name;
    spec.clearance.level = level;
    spec.clearance.roles = std::move(roles);
    ASSERT_TRUE(r.AddUser(r.Administrator("admin:test"), spec).ok()) << name;
    f_.SetPassword(name, "pw-" + name);
    users_[name] = f_.SignIn(name, "pw-" + name);
  }

  httplib::Result Post(const std::string& as, const std::string& path, const json& body) {
    return f_.Client()->Post(path, ServerFixture::With(users_[as]), body.dump(),
                             "application/json");
  }

  httplib::Result Get(const std::string& as, const std::string& path) {
    if (as.empty())
      return f_.Client()->Get(path);
    return f_.Client()->Get(path, ServerFixture::With(users_[as]));
  }

  static json Changes(std::vector<json> changes, int64_t base = 0) {
    json body = {{"changes", changes}};
    if (base > 0)
      body["base_version"] = base;
    return body;
  }

  ServerFixture f_;
  std::map<std::string, SignedIn> users_;
};

TEST_F(DescriptionApi, AnArchivistsEditIsASignedVersionThatAnyReaderSeesInHistoryAndDiff) {
  auto edit =
      Post("arch", "/api/records/pub-1/description",
           Changes({{{"op", "set"}, {"field", "title"}, {"value", "The harbour, described"}},
                    {{"op", "add"}, {"field", "subject"}, {"value", "Test ban"}}},
                   1));
  ASSERT_EQ(StatusOf(edit), 201) << BodyOf(edit);
  const json e = json::parse(BodyOf(edit));
  EXPECT_EQ(e["new_version"], 2);
  EXPECT_EQ(e["editor"], "arch");
  EXPECT_EQ(e["signature"].get<std::string>().size(), 128u);
  // The public reader reads the new version, its history and the diff.
  const json record = json::parse(BodyOf(Get("", "/api/records/pub-1")));
  EXPECT_EQ(record["title"], "The harbour, described");
  EXPECT_EQ(record["subjects"], json::array({"Arms control and disarmament"}));
  auto history = Get("", "/api/records/pub-1/description/history");
  ASSERT_EQ(StatusOf(history), 200) << BodyOf(history);
  const json h = json::parse(BodyOf(history));
  EXPECT_EQ(h["current_version"], 2);
  ASSERT_EQ(h["edits"].size(), 1u);
  EXPECT_EQ(h["edits"][0]["verified"], true);
  auto diff = Get("", "/api/records/pub-1/description/diff?from=1&to=2");
  ASSERT_EQ(StatusOf(diff), 200) << BodyOf(diff);
  const json d = json::parse(BodyOf(diff));
  ASSERT_EQ(d["fields"].size(), 2u);
  EXPECT_EQ(d["fields"][1]["added"], json::array({"Arms control and disarmament"}));
}

TEST_F(DescriptionApi, ARecordTheCallerMayNotReadAnswersEveryRouteLikeAMissingOne) {
  const json change = Changes({{{"op", "set"}, {"field", "title"}, {"value", "x"}}});
  for (const std::string user : {"low.arch", "reader"}) {
    auto hidden = Post(user, "/api/records/ts-1/description", change);
    auto missing = Post(user, "/api/records/ts-9/description", change);
    EXPECT_EQ(StatusOf(hidden), 404) << user;
    EXPECT_EQ(StatusOf(missing), 404) << user;
    std::string expected = BodyOf(missing);
    const size_t at = expected.find("ts-9");
    ASSERT_NE(at, std::string::npos) << expected;
    expected.replace(at, 4, "ts-1");
    EXPECT_EQ(BodyOf(hidden), expected) << user;
    for (const std::string route : {"/description/history", "/description/diff?from=1"}) {
      auto h = Get(user, "/api/records/ts-1" + route);
      auto m = Get(user, "/api/records/ts-9" + route);
      EXPECT_EQ(StatusOf(h), 404) << route;
      std::string want = BodyOf(m);
      const size_t where = want.find("ts-9");
      ASSERT_NE(where, std::string::npos) << want;
      want.replace(where, 4, "ts-1");
      EXPECT_EQ(BodyOf(h), want) << route;
    }
  }
}

TEST_F(DescriptionApi, RefusalsMapToHttpAndStoreNothing) {
  const json title = Changes({{{"op", "set"}, {"field", "title"}, {"value", "x"}}});
  EXPECT_EQ(StatusOf(Post("reader", "/api/records/pub-1/description", title)), 403);
  EXPECT_EQ(StatusOf(f_.Client()->Post("/api/records/pub-1/description", title.dump(),
                                       "application/json")),
            401);
  auto term = Post("arch", "/api/records/pub-1/description",
                   Changes({{{"op", "add"}, {"field", "subject"}, {"value", "Harbours"}}}));
  EXPECT_EQ(StatusOf(term), 400);
  EXPECT_NE(BodyOf(term).find("subject \\\"Harbours\\\" is not in the controlled vocabulary"),
            std::string::npos)
      << BodyOf(term);
  auto field = Post("arch", "/api/records/pub-1/description",
                    Changes({{{"op", "set"}, {"field", "colour"}, {"value", "red"}}}));
  EXPECT_EQ(StatusOf(field), 400);
  auto op = Post("arch", "/api/records/pub-1/description",
                 Changes({{{"op", "replace"}, {"field", "title"}, {"value", "x"}}}));
  EXPECT_EQ(StatusOf(op), 400);
  ASSERT_EQ(StatusOf(Post("arch", "/api/records/pub-1/description",
                          Changes({{{"op", "set"}, {"field", "summary"}, {"value", "One"}}}, 1))),
            201);
  auto stale = Post("arch", "/api/records/pub-1/description",
                    Changes({{{"op", "set"}, {"field", "summary"}, {"value", "Two"}}}, 1));
  EXPECT_EQ(StatusOf(stale), 409) << BodyOf(stale);
  EXPECT_NE(BodyOf(stale).find("names version 1 but the record is at version 2"),
            std::string::npos);
  const json h = json::parse(BodyOf(Get("", "/api/records/pub-1/description/history")));
  EXPECT_EQ(h["current_version"], 2);
  EXPECT_EQ(h["edits"].size(), 1u);
  EXPECT_EQ(json::parse(BodyOf(Get("", "/api/records/pub-1")))["summary"], "One");
}

}  // namespace
}  // namespace chancery::testing
