// Citations, past versions and permalink pages over HTTP (docs/citations.md): styles with their
// media types, 400 naming an unknown style, hidden records and versions answered like missing
// ones, and the Highwire meta tags of /records/{id} and /records/{id}/v/{n}.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server/server_fixture.h"

namespace chancery {
namespace {

using testing::BodyOf;
using testing::ServerFixture;
using testing::StatusOf;

// The fixture's server, with the real web UI's index.html (its <head>, its /js/main.js).
std::unique_ptr<ServerFixture> Fixture() {
  auto f = std::make_unique<ServerFixture>(
      [](server::ServerConfig& c) { c.public_url = "https://reading.example"; });
  std::filesystem::copy_file(std::string(CHANCERY_SOURCE_DIR) + "/web/index.html",
                             f->dir() + "/web/index.html",
                             std::filesystem::copy_options::overwrite_existing);
  return f;
}

std::string ContentType(const httplib::Result& r) {
  return r ? r->get_header_value("Content-Type") : "<no response>";
}

TEST(CitationApi, EachStyleHasItsMediaTypeAndCarriesTheVersionPermalink) {
  auto f = Fixture();
  const std::vector<std::pair<std::string, std::string>> styles = {
      {"wilson", "text/plain; charset=utf-8"},
      {"chicago-note", "text/plain; charset=utf-8"},
      {"chicago-bibliography", "text/plain; charset=utf-8"},
      {"csl-json", "application/vnd.citationstyles.csl+json; charset=utf-8"},
      {"ris", "application/x-research-info-systems; charset=utf-8"},
      {"bibtex", "application/x-bibtex; charset=utf-8"}};
  for (const auto& [style, type] : styles) {
    auto r = f->Client()->Get("/api/records/pub-1/citation?style=" + style);
    EXPECT_EQ(StatusOf(r), 200) << style;
    EXPECT_EQ(ContentType(r), type) << style;
    EXPECT_NE(BodyOf(r).find("https://reading.example/records/pub-1/v/1"), std::string::npos)
        << style << ": " << BodyOf(r);
  }
  auto csl =
      nlohmann::json::parse(BodyOf(f->Client()->Get("/api/records/pub-1/citation?style=csl-json")));
  EXPECT_EQ(csl.at(0).at("title"), "Public harbour report");
  auto download = f->Client()->Get("/api/records/pub-1/citation?style=ris&download=1");
  ASSERT_TRUE(download);
  EXPECT_EQ(download->get_header_value("Content-Disposition"),
            "attachment; filename=\"pub-1-v1.ris\"");
}

TEST(CitationApi, AnUnknownStyleIs400NamingItAndTheStyles) {
  auto f = Fixture();
  auto r = f->Client()->Get("/api/records/pub-1/citation?style=apa");
  EXPECT_EQ(StatusOf(r), 400);
  EXPECT_NE(BodyOf(r).find("unknown citation style \\\"apa\\\"; styles: wilson, chicago-note, "
                           "chicago-bibliography, csl-json, ris, bibtex"),
            std::string::npos)
      << BodyOf(r);
  EXPECT_EQ(StatusOf(f->Client()->Get("/api/records/pub-1/citation?version=0")), 400);
}

TEST(CitationApi, HiddenRecordsAndVersionsAreAnsweredLikeMissingOnes) {
  auto f = Fixture();
  for (const std::string path :
       {"/api/records/{}/citation", "/api/records/{}/citation?style=ris",
        "/api/records/{}/versions/1", "/api/records/{}/citation?version=1"}) {
    auto at = [&](const std::string& id) {
      std::string p = path;
      return p.replace(p.find("{}"), 2, id);
    };
    auto hidden = f->Client()->Get(at("ts-1"));
    auto missing = f->Client()->Get(at("no-such"));
    EXPECT_EQ(StatusOf(hidden), 404) << path;
    EXPECT_EQ(StatusOf(missing), 404) << path;
    std::string h = BodyOf(hidden);
    std::string m = BodyOf(missing);
    h.replace(h.find("ts-1"), 4, "ID");
    m.replace(m.find("no-such"), 7, "ID");
    EXPECT_EQ(h, m) << path;
  }
  // A version that does not exist is the same 404.
  EXPECT_EQ(BodyOf(f->Client()->Get("/api/records/pub-1/versions/2")),
            "{\"error\":\"no record pub-1\"}");
}

TEST(CitationApi, AVersionSaysWhichOfHowManyWithItsHashAndPermalink) {
  auto f = Fixture();
  auto r = f->Client()->Get("/api/records/pub-1/versions/1");
  ASSERT_EQ(StatusOf(r), 200) << BodyOf(r);
  const nlohmann::json j = nlohmann::json::parse(BodyOf(r));
  EXPECT_EQ(j["version"], 1);
  EXPECT_EQ(j["current"], 1);
  EXPECT_EQ(j["permalink"], "https://reading.example/records/pub-1/v/1");
  EXPECT_EQ(j["record"]["id"], "pub-1");
  EXPECT_NE(BodyOf(f->Client()->Get("/api/records/pub-1/citation?style=wilson"))
                .find("sha256 " + j["hash"].get<std::string>()),
            std::string::npos);
}

TEST(PermalinkPage, APublicRecordsPageCarriesHighwireMetaTags) {
  auto f = Fixture();
  for (const std::string path : {"/records/pub-1", "/records/pub-1/", "/records/pub-1/v/1"}) {
    auto r = f->Client()->Get(path);
    ASSERT_EQ(StatusOf(r), 200) << path;
    EXPECT_EQ(ContentType(r), "text/html; charset=utf-8");
    const std::string body = BodyOf(r);
    EXPECT_NE(body.find("<meta name=\"citation_title\" content=\"Public harbour report\">"),
              std::string::npos)
        << body;
    EXPECT_NE(body.find("<meta name=\"citation_public_url\" "
                        "content=\"https://reading.example/records/pub-1/v/1\">"),
              std::string::npos);
    EXPECT_NE(body.find("<meta name=\"citation_date\" content=\"1963/03/13\">"), std::string::npos);
    EXPECT_LT(body.find("citation_title"), body.find("</head>"));
    EXPECT_NE(body.find("/js/main.js"), std::string::npos);  // the web UI itself
  }
}

TEST(PermalinkPage, AHiddenRecordsPageIsTheMissingRecordsPage) {
  auto f = Fixture();
  auto hidden = f->Client()->Get("/records/ts-1");
  auto missing = f->Client()->Get("/records/no-such-record");
  auto hidden_v = f->Client()->Get("/records/ts-1/v/1");
  auto missing_v = f->Client()->Get("/records/pub-1/v/9");
  for (const auto* r : {&hidden, &missing, &hidden_v, &missing_v}) {
    EXPECT_EQ(StatusOf(*r), 200);
    EXPECT_EQ(BodyOf(*r).find("citation_"), std::string::npos);
    EXPECT_EQ(BodyOf(*r), BodyOf(missing));
  }
  EXPECT_EQ(StatusOf(f->Client()->Get("/records/a%20b")), 404);
  EXPECT_EQ(StatusOf(f->Client()->Get("/records/")), 404);
  EXPECT_EQ(StatusOf(f->Client()->Get("/records/pub-1/v/0")), 404);
  EXPECT_EQ(StatusOf(f->Client()->Get("/records/pub-1/v/x")), 404);
}

}  // namespace
}  // namespace chancery
