// Issue 12 leftovers over HTTP: a search hit of an undated FRUS document carries its approximate
// range as the record does (date_approximate, earliest, latest); facet buckets carry their label
// (a volume's title) as `chancery search --json` does; and citation permalinks name the address
// the reader reached chanceryd at, never the configured port 0.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace chancery {
namespace {

using testing::BodyOf;
using testing::RawConnection;
using testing::ServerFixture;
using testing::SignedIn;
using testing::StatusOf;

// Three documents of a FRUS volume: an editorial note (undated) between two dated telegrams.
constexpr const char* kVolume = R"(<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1961-63v22"><teiHeader><fileDesc><titleStmt>
<title type="complete">Foreign Relations of the United States, 1961–1963, Volume XXII, Northeast Asia</title>
</titleStmt></fileDesc></teiHeader>
<text><body><div type="chapter" xml:id="ch1">
<div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy in Poland to the
Department of State</head><dateline><placeName>Warsaw</placeName>, <date when="1961-01-12">January
12, 1961</date></dateline><p>Harbour talks resumed.</p></div>
<div type="document" xml:id="d2" n="2"><head>2. Editorial Note</head>
<p>The harbour talks continued through January.</p></div>
<div type="document" xml:id="d3" n="3"><head>3. Telegram From the Embassy in Poland to the
Department of State</head><dateline><placeName>Warsaw</placeName>, <date when="1961-02-03">February
3, 1961</date></dateline><p>Harbour talks ended.</p></div>
</div></body></text></TEI>
)";

class SearchDisplayApi : public ::testing::Test {
 protected:
  void SetUp() override {
    f_.SetPassword("root", "pw-root");
    const SignedIn s = f_.SignIn("root", "pw-root");
    auto r = f_.Client()->Post("/api/import?filename=frus1961-63v22.xml", ServerFixture::With(s),
                               kVolume, "application/xml");
    ASSERT_EQ(StatusOf(r), 200) << BodyOf(r);
  }

  nlohmann::json Search(const std::string& query) {
    auto r = f_.Client()->Get("/api/search?" + query);
    EXPECT_EQ(StatusOf(r), 200) << BodyOf(r);
    return nlohmann::json::parse(BodyOf(r), nullptr, false);
  }

  ServerFixture f_;
};

TEST_F(SearchDisplayApi, UndatedHitCarriesItsApproximateRangeAsTheRecordDoes) {
  const nlohmann::json r = Search("q=%22Editorial+Note%22");
  ASSERT_EQ(r["hits"].size(), 1u) << r.dump();
  const nlohmann::json& hit = r["hits"][0];
  EXPECT_EQ(hit["id"], "frus1961-63v22-d2");
  EXPECT_EQ(hit["date"], "");
  EXPECT_EQ(hit["date_approximate"], true);
  EXPECT_EQ(hit["earliest"], "1961-01-12");
  EXPECT_EQ(hit["latest"], "1961-02-03");
  const nlohmann::json record =
      nlohmann::json::parse(BodyOf(f_.Client()->Get("/api/records/frus1961-63v22-d2")));
  EXPECT_EQ(hit["earliest"], record["earliest"]);
  EXPECT_EQ(hit["latest"], record["latest"]);
}

TEST_F(SearchDisplayApi, DatedHitHasNoRange) {
  const nlohmann::json r = Search("q=%22talks+ended%22");
  ASSERT_EQ(r["hits"].size(), 1u) << r.dump();
  EXPECT_EQ(r["hits"][0]["date"], "1961-02-03");
  EXPECT_FALSE(r["hits"][0].contains("date_approximate"));
  EXPECT_FALSE(r["hits"][0].contains("earliest"));
}

TEST_F(SearchDisplayApi, CollectionFacetBucketCarriesTheVolumeTitleAsLabel) {
  const nlohmann::json r = Search("q=harbour&facets=collection,year");
  const nlohmann::json& collection = r["facets"]["collection"];
  ASSERT_EQ(collection.size(), 1u) << r.dump();
  EXPECT_EQ(collection[0]["value"], "frus1961-63v22");
  EXPECT_EQ(collection[0]["count"], 3);
  EXPECT_EQ(collection[0]["label"],
            "Foreign Relations of the United States, 1961\u20131963, Volume XXII, Northeast Asia");
  for (const nlohmann::json& year : r["facets"]["year"]) {
    EXPECT_FALSE(year.contains("label")) << year.dump();  // a value shown as is has none
  }
}

// chanceryd started with port 0 (as the fixture and the browser tests do) and no public_url.
TEST(CitationPermalinkApi, NamesTheHostTheReaderReachedNotTheConfiguredPortZero) {
  ServerFixture f;
  ASSERT_EQ(f.server().config().port, 0);
  const std::string citation = BodyOf(f.Client()->Get("/api/records/pub-1/citation"));
  const std::string here = "http://127.0.0.1:" + std::to_string(f.server().port());
  EXPECT_NE(citation.find(here + "/records/pub-1"), std::string::npos) << citation;
  EXPECT_EQ(citation.find(":0/"), std::string::npos) << citation;
}

TEST(CitationPermalinkApi, WithoutAHostHeaderNamesTheBoundPort) {
  ServerFixture f;
  RawConnection c(f.server().port());
  ASSERT_TRUE(c.Send("GET /api/records/pub-1/citation HTTP/1.0\r\n\r\n"));
  const std::string response = c.ReadUntilClosed(5);
  EXPECT_NE(response.find(":" + std::to_string(f.server().port()) + "/records/pub-1"),
            std::string::npos)
      << response;
}

TEST(CitationPermalinkApi, AHostHeaderThatIsNotAPlainHostIsNotUsed) {
  ServerFixture f;
  RawConnection c(f.server().port());
  ASSERT_TRUE(
      c.Send("GET /api/records/pub-1/citation HTTP/1.1\r\nHost: evil.example/x?\r\n"
             "Connection: close\r\n\r\n"));
  const std::string response = c.ReadUntilClosed(5);
  EXPECT_EQ(response.find("evil.example"), std::string::npos) << response;
  EXPECT_NE(response.find(":" + std::to_string(f.server().port()) + "/records/pub-1"),
            std::string::npos)
      << response;
}

TEST(CitationPermalinkApi, ConfiguredPublicUrlWins) {
  ServerFixture f([](server::ServerConfig& c) { c.public_url = "https://chancery.example"; });
  const std::string citation = BodyOf(f.Client()->Get("/api/records/pub-1/citation"));
  EXPECT_NE(citation.find("https://chancery.example/records/pub-1"), std::string::npos) << citation;
}

}  // namespace
}  // namespace chancery
