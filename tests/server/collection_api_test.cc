// Collections over HTTP (issue 14 §5; docs/archive.md "Browsing"): a curated collection created
// by an archivist over the fixture's pub-1 (PUBLIC), sec-1 (SECRET) and ts-1 (TOP SECRET); what
// each caller sees of it (members, counts, previous/next), refusals that store nothing, and the
// date histogram of /api/search?histogram=1.
#include <map>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace chancery::testing {
namespace {

using Json = nlohmann::json;

class CollectionApi : public ::testing::Test {
 protected:
  void SetUp() override {
    AddUser("arch", "TOP SECRET", {"INTERNAL RESEARCH"}, {"archivist"});
    AddUser("clerk", "SECRET", {}, {});
  }

  void AddUser(const std::string& name, const std::string& level,
               std::vector<std::string> categories, std::vector<std::string> roles) {
    records::Records& r = *f_.server().services().records;
    records::UserSpec spec;
    spec.name = name;
    spec.clearance.level = level;
    spec.clearance.categories = std::move(categories);
    spec.clearance.roles = std::move(roles);
    ASSERT_TRUE(r.AddUser(r.Administrator("admin:test"), spec).ok()) << name;
    f_.SetPassword(name, "pw-" + name);
    users_[name] = f_.SignIn(name, "pw-" + name);
  }

  httplib::Result Send(const std::string& method, const std::string& as, const std::string& path,
                       const Json& body) {
    const auto headers = ServerFixture::With(users_[as]);
    return method == "POST" ? f_.Client()->Post(path, headers, body.dump(), "application/json")
                            : f_.Client()->Put(path, headers, body.dump(), "application/json");
  }

  Json Get(const std::string& as, const std::string& path, int want = 200) {
    auto r = as.empty() ? f_.Client()->Get(path)
                        : f_.Client()->Get(path, ServerFixture::With(users_[as], false));
    EXPECT_EQ(StatusOf(r), want) << path << " " << BodyOf(r);
    return Json::parse(BodyOf(r), nullptr, false);
  }

  static std::vector<std::string> Ids(const Json& toc) {
    std::vector<std::string> ids;
    for (const auto& s : toc["sections"])
      for (const auto& e : s["entries"])
        ids.push_back(e["id"]);
    return ids;
  }

  ServerFixture f_;
  std::map<std::string, SignedIn> users_;
};

TEST_F(CollectionApi, EachCallerSeesOnlyTheMembersTheyMayRead) {
  auto r = Send("POST", "arch", "/api/collections",
                {{"id", "harbour"},
                 {"title", "The harbour"},
                 {"description", "Three cables.\n\nAbout the harbour."},
                 {"sections", {{{"title", "All"}, {"members", {"ts-1", "pub-1", "sec-1"}}}}}});
  ASSERT_EQ(StatusOf(r), 201) << BodyOf(r);
  EXPECT_EQ(Ids(Get("arch", "/api/collections/harbour")),
            (std::vector<std::string>{"ts-1", "pub-1", "sec-1"}));
  const Json clerk = Get("clerk", "/api/collections/harbour");
  EXPECT_EQ(Ids(clerk), (std::vector<std::string>{"pub-1", "sec-1"}));
  EXPECT_EQ(clerk["count"], 2);
  EXPECT_EQ(clerk["sections"][0]["entries"][0]["number"], "1");
  const Json pub = Get("", "/api/collections/harbour");
  EXPECT_EQ(Ids(pub), (std::vector<std::string>{"pub-1"}));
  EXPECT_EQ(pub["description"], "Three cables.\n\nAbout the harbour.");
  // Previous/next skip what the caller may not read.
  const Json around = Get("clerk", "/api/records/pub-1/neighbours");
  ASSERT_EQ(around["collections"].size(), 1u) << around.dump();
  EXPECT_TRUE(around["collections"][0]["previous"].is_null());
  EXPECT_EQ(around["collections"][0]["next"]["id"], "sec-1");
  EXPECT_EQ(around["collections"][0]["index"], 1);
  const Json alone = Get("", "/api/records/pub-1/neighbours");
  EXPECT_TRUE(alone["collections"][0]["next"].is_null());
  EXPECT_EQ(alone["collections"][0]["count"], 1);
  // A record the caller may not read is 404 exactly like a missing one.
  auto hidden = f_.Client()->Get("/api/records/sec-1/neighbours");
  auto missing = f_.Client()->Get("/api/records/nope-1/neighbours");
  EXPECT_EQ(StatusOf(hidden), 404);
  EXPECT_EQ(StatusOf(missing), 404);
  EXPECT_EQ(
      Json::parse(BodyOf(hidden))["error"].get<std::string>().find("sec-1") != std::string::npos,
      true);
  // The list counts per caller.
  const Json list = Get("", "/api/collections");
  ASSERT_FALSE(list["items"].empty());
  EXPECT_EQ(list["items"][0]["id"], "harbour");
  EXPECT_EQ(list["items"][0]["count"], 1);
}

TEST_F(CollectionApi, RefusedChangesStoreNothing) {
  ASSERT_EQ(StatusOf(Send("POST", "arch", "/api/collections",
                          {{"id", "c1"}, {"title", "One"}, {"members", {"pub-1"}}})),
            201);
  const std::string before = BodyOf(f_.Client()->Get("/api/collections/c1"));
  // Not an archivist; an unknown member; a duplicate; a member the clerk may not read; bad JSON.
  EXPECT_EQ(StatusOf(Send("POST", "clerk", "/api/collections",
                          {{"id", "c2"}, {"title", "Two"}, {"members", {"pub-1"}}})),
            403);
  auto unknown = Send("PUT", "arch", "/api/collections/c1", {{"members", {"pub-1", "nope-9"}}});
  EXPECT_EQ(StatusOf(unknown), 400);
  EXPECT_NE(BodyOf(unknown).find("member nope-9: no record nope-9"), std::string::npos)
      << BodyOf(unknown);
  auto dup = Send("PUT", "arch", "/api/collections/c1", {{"members", {"pub-1", "pub-1"}}});
  EXPECT_EQ(StatusOf(dup), 400);
  EXPECT_EQ(StatusOf(Send("PUT", "arch", "/api/collections/c1", {{"colour", "red"}})), 400);
  EXPECT_EQ(StatusOf(Send("POST", "arch", "/api/collections",
                          {{"id", "c1"}, {"title", "Again"}, {"members", {"pub-1"}}})),
            409);
  EXPECT_EQ(StatusOf(f_.Client()->Post("/api/collections", "{}", "application/json")), 401);
  EXPECT_EQ(BodyOf(f_.Client()->Get("/api/collections/c1")), before);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/collections/c2")), 404);
  // An edit that is allowed: title and members together, as one change.
  auto ok = Send("PUT", "arch", "/api/collections/c1",
                 {{"title", "One, revised"}, {"members", {"sec-1", "pub-1"}}});
  ASSERT_EQ(StatusOf(ok), 200) << BodyOf(ok);
  EXPECT_EQ(Ids(Get("clerk", "/api/collections/c1")), (std::vector<std::string>{"sec-1", "pub-1"}));
  EXPECT_EQ(Get("", "/api/collections/c1")["title"], "One, revised");
}

TEST_F(CollectionApi, SearchHistogramCountsOnlyWhatTheCallerMayRead) {
  const Json pub = Get("", "/api/search?q=harbour&histogram=1");
  const Json arch = Get("arch", "/api/search?q=harbour&histogram=1");
  uint64_t pub_sum = 0, arch_sum = 0;
  for (const auto& b : pub["histogram"]["bins"])
    pub_sum += b["count"].get<uint64_t>();
  for (const auto& b : arch["histogram"]["bins"])
    arch_sum += b["count"].get<uint64_t>();
  EXPECT_EQ(pub_sum, pub["total"].get<uint64_t>());
  EXPECT_EQ(arch_sum, arch["total"].get<uint64_t>());
  EXPECT_LT(pub_sum, arch_sum);
  EXPECT_FALSE(pub.contains("facets") && pub["facets"].contains("month"));
  EXPECT_FALSE(Get("", "/api/search?q=harbour").contains("histogram"));
}

}  // namespace
}  // namespace chancery::testing
