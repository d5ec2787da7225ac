// Name authorities over HTTP (issue 14 §3; docs/authorities.md): find, show with the records the
// caller may read, and who was chief of mission in Moscow on 1963-03-04. The fixture's records
// are pub-1 (PUBLIC), sec-1 (SECRET, 1962) and ts-1 (TOP SECRET, 1961); an authority whose only
// name found in a record is sec-1's "mined" shows no record and no count to the public.
#include <fstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/archive/authorities.h"
#include "chancery/records/records.h"

#include "server_fixture.h"

namespace chancery {
namespace {

using Json = nlohmann::json;
using testing::BodyOf;
using testing::ServerFixture;
using testing::SignedIn;
using testing::StatusOf;

// Loads authorities into the fixture's store beside the running server, as `chancery authority
// load` would from another process.
void Load(ServerFixture& f, const std::string& path) {
  records::RecordsOptions options;
  options.db_path = f.dir() + "/store.db";
  auto records = records::Records::Open(options);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  auto authorities = archive::Authorities::Open(**records);
  ASSERT_TRUE(authorities.ok());
  const security::Subject op = (*records)->Administrator("admin:test");
  const bool pocom = path.ends_with(".tar.zst");
  auto loaded = pocom ? (*authorities)->LoadPocom(op, path) : (*authorities)->LoadFile(op, path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().ToString();
}

TEST(AuthorityApi, WhoWasChiefOfMissionInMoscowOnADayIsOneQuery) {
  ServerFixture f;
  Load(f, std::string(CHANCERY_SHARED_DIR) + "/corpus/pocom/pocom-data.tar.zst");
  auto r = f.Client()->Get("/api/authorities/chiefs?post=Moscow&on=1963-03-04");
  ASSERT_EQ(StatusOf(r), 200) << BodyOf(r);
  const Json j = Json::parse(BodyOf(r));
  ASSERT_EQ(j["items"].size(), 1u) << j.dump();
  EXPECT_EQ(j["items"][0]["person"]["id"], "pocom:kohler-foy-david");
  EXPECT_EQ(j["items"][0]["post"]["started"], "1962-09-27");
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/authorities/chiefs?post=Moscow&on=1963-02-30")), 400);
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/authorities/chiefs?post=Atlantis&on=1963-03-04")), 400);
  // A city answers only while a U.S. mission sat there (review H3): in 1975 the Liaison Office
  // in Peking, not the embassy to the Republic of China "resident at Taipei", whose seat the
  // post says; a rank is no post (H5).
  auto peking = f.Client()->Get("/api/authorities/chiefs?post=Peking&on=1975-01-01");
  ASSERT_EQ(StatusOf(peking), 200);
  const Json p = Json::parse(BodyOf(peking));
  ASSERT_EQ(p["items"].size(), 1u) << p.dump();
  EXPECT_EQ(p["items"][0]["person"]["id"], "pocom:bush-george-herbert-walker");
  auto taipei = f.Client()->Get("/api/authorities/chiefs?post=Taipei&on=1975-01-01");
  ASSERT_EQ(StatusOf(taipei), 200);
  EXPECT_EQ(Json::parse(BodyOf(taipei))["items"][0]["post"]["seat"], "Taipei");
  auto none = f.Client()->Get("/api/authorities/chiefs?post=Peking&on=1960-01-01");
  EXPECT_EQ(Json::parse(BodyOf(none))["items"].size(), 0u) << BodyOf(none);
  EXPECT_EQ(
      StatusOf(f.Client()->Get("/api/authorities/chiefs?post=career-ambassador&on=2020-01-01")),
      400);
  auto found = f.Client()->Get("/api/authorities?q=kohler%20foy");
  ASSERT_EQ(StatusOf(found), 200);
  EXPECT_EQ(Json::parse(BodyOf(found))["items"][0]["id"], "pocom:kohler-foy-david");
}

TEST(AuthorityApi, TheRecordsAndCountsOfAnAuthorityAreOnlyThoseTheCallerMayRead) {
  ServerFixture f;
  const std::string path = f.dir() + "/people.jsonl";
  std::ofstream(path) << R"({"id": "t:miner", "kind": "person", "name": "Minna Minerva", )"
                         R"("variants": ["mined"]})"
                         "\n";
  Load(f, path);
  auto anonymous = f.Client()->Get("/api/authorities/t:miner");
  ASSERT_EQ(StatusOf(anonymous), 200) << BodyOf(anonymous);
  const Json pub = Json::parse(BodyOf(anonymous));
  EXPECT_EQ(pub["name"], "Minna Minerva");
  EXPECT_EQ(pub["records"]["total"], 0);
  EXPECT_TRUE(pub["records"]["by_year"].empty());
  EXPECT_TRUE(pub["records"]["hits"].empty());

  f.SetPassword("root", "pw-root");
  SignedIn root = f.SignIn("root", "pw-root");
  auto cleared = f.Client()->Get("/api/authorities/t:miner", ServerFixture::With(root, false));
  ASSERT_EQ(StatusOf(cleared), 200);
  const Json sec = Json::parse(BodyOf(cleared));
  EXPECT_EQ(sec["records"]["total"], 1);
  EXPECT_EQ(sec["records"]["hits"][0]["id"], "sec-1");
  EXPECT_EQ(sec["records"]["by_year"], Json::parse(R"([{"year": "1962", "count": 1}])"));

  // person: in the search API expands the same way, as the caller.
  auto search = f.Client()->Get("/api/search?q=person:Minerva", ServerFixture::With(root, false));
  ASSERT_EQ(StatusOf(search), 200) << BodyOf(search);
  EXPECT_NE(BodyOf(search).find("sec-1"), std::string::npos) << BodyOf(search);
  auto public_search = f.Client()->Get("/api/search?q=person:Minerva");
  EXPECT_EQ(BodyOf(public_search).find("sec-1"), std::string::npos);
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/authorities/nobody-at-all")), 404);
}

}  // namespace
}  // namespace chancery
