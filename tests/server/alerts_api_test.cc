// Saved searches, alerts and their Atom feeds over HTTP (issue 15 §3; docs/alerts.md), and the
// sitemap and schema.org metadata of the reading room (§4). The fixture holds pub-1 (PUBLIC),
// sec-1 (SECRET) and ts-1 (TOP SECRET), all about a harbour; records imported after a search is
// saved alert. Every feed is read back by Debian's python3-feedparser (tests/server/check_atom.py)
// and every sitemap validated by xmllint against docs/format/sitemap.xsd.
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/archive/alerts.h"
#include "chancery/records/importer.h"

#include "server_fixture.h"
#include "support/records_fixture.h"

namespace chancery::testing {
namespace {

using Json = nlohmann::json;

// Runs a command; its exit status and output (stdout and stderr).
std::pair<int, std::string> RunCommand(const std::string& command) {
  std::string out;
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) {
    return {-1, "popen failed"};
  }
  char buffer[4096];
  size_t n = 0;
  while ((n = fread(buffer, 1, sizeof(buffer), p)) > 0) {
    out.append(buffer, n);
  }
  const int status = pclose(p);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

class AlertsApi : public ::testing::Test {
 protected:
  void SetUp() override {
    AddUser("clerk", "SECRET", {});
    AddUser("other", "TOP SECRET", {"INTERNAL RESEARCH"});
    base_ = "http://127.0.0.1:" + std::to_string(f_.server().services().port);
  }

  void AddUser(const std::string& name, const std::string& level,
               std::vector<std::string> categories, bool sign_in = true) {
    records::Records& r = records();
    records::UserSpec spec;
    spec.name = name;
    spec.clearance.level = level;
    spec.clearance.categories = std::move(categories);
    ASSERT_TRUE(r.AddUser(r.Administrator("admin:test"), spec).ok()) << name;
    if (sign_in) {
      f_.SetPassword(name, "pw-" + name);
      users_[name] = f_.SignIn(name, "pw-" + name);
    }
  }

  records::Records& records() { return *f_.server().services().records; }

  void Import(std::vector<model::Cable> cables) {
    records::Records& r = records();
    auto done = r.Import(r.Administrator("admin:test"), std::move(cables), {});
    ASSERT_TRUE(done.ok()) << done.status().ToString();
  }

  httplib::Result Post(const std::string& as, const std::string& path, const Json& body) {
    return f_.Client()->Post(path, ServerFixture::With(users_[as]), body.dump(),
                             "application/json");
  }

  Json Get(const std::string& as, const std::string& path, int want = 200) {
    auto r = as.empty() ? f_.Client()->Get(path)
                        : f_.Client()->Get(path, ServerFixture::With(users_[as], false));
    EXPECT_EQ(StatusOf(r), want) << path << " " << BodyOf(r);
    return Json::parse(BodyOf(r), nullptr, false);
  }

  // Saves a search as `as` and returns its JSON (id, feed, ...).
  Json Save(const std::string& as, const Json& body) {
    auto r = Post(as, "/api/saved", body);
    EXPECT_EQ(StatusOf(r), 201) << BodyOf(r);
    return Json::parse(BodyOf(r), nullptr, false);
  }

  // The path of a feed URL ("http://host/feeds/x.atom" -> "/feeds/x.atom").
  static std::string PathOf(const std::string& url) {
    const size_t at = url.find("/feeds/");
    return at == std::string::npos ? url : url.substr(at);
  }

  // The feed at `url` (anonymous GET: the URL is the secret), checked by feedparser to hold
  // exactly `records`, newest first.
  std::string CheckFeed(const std::string& url, const std::vector<std::string>& records) {
    auto r = f_.Client()->Get(PathOf(url));
    EXPECT_EQ(StatusOf(r), 200) << BodyOf(r);
    EXPECT_EQ(r ? r->get_header_value("Content-Type") : "", "application/atom+xml; charset=utf-8");
    const std::string file = f_.dir() + "/feed.atom";
    std::ofstream(file) << BodyOf(r);
    std::string command =
        "/usr/bin/python3 " CHANCERY_SOURCE_DIR "/tests/server/check_atom.py " + file;
    for (const std::string& id : records) {
      command += " " + base_ + "/records/" + id;
    }
    const auto [status, out] = RunCommand(command);
    EXPECT_EQ(status, 0) << out << "\n" << BodyOf(r);
    return BodyOf(r);
  }

  std::vector<std::string> AlertIds(const std::string& as, const std::string& saved = "") {
    const Json j = Get(as, "/api/alerts" + (saved.empty() ? "" : "?saved=" + saved));
    std::vector<std::string> ids;
    for (const auto& a : j["alerts"]) {
      ids.push_back(a["id"]);
    }
    return ids;
  }

  // Two URLs per sitemap file, so the index spans several files.
  ServerFixture f_{[](server::ServerConfig& c) { c.sitemap_urls = 2; }};
  std::map<std::string, SignedIn> users_;
  std::string base_;
};

TEST_F(AlertsApi, ANewlyReadableMatchingRecordAlertsInTheListAndTheFeed) {
  const Json saved = Save("clerk", {{"name", "Harbour"}, {"q", "harbour"}});
  ASSERT_TRUE(saved.contains("id")) << saved;
  // What the store held before saving is not an alert: no backlog.
  EXPECT_TRUE(AlertIds("clerk").empty());
  CheckFeed(saved["feed"], {});
  Import(
      {MakeCable("pub-2", "Harbour pilots", "The harbour pilots strike.", "PUBLIC"),
       MakeCable("sec-2", "Harbour mines", "Mines in the harbour.", "SECRET"),
       MakeCable("ts-2", "Harbour plan", "The harbour plan.", "TOP SECRET", {"INTERNAL RESEARCH"}),
       MakeCable("pub-3", "Grain", "The grain tariff.", "PUBLIC")});
  // The clerk (SECRET) gets what matches and they may read: not ts-2, not pub-3.
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"sec-2", "pub-2"}));  // newest first
  CheckFeed(saved["feed"], {"sec-2", "pub-2"});
  // A title that would end elements or entries if it were not escaped: the feed still parses.
  Import({MakeCable("pub-5", "Harbour </title></entry><entry> & \"<![CDATA[\" \x01", "harbour",
                    "PUBLIC")});
  const std::string hostile = CheckFeed(saved["feed"], {"pub-5", "sec-2", "pub-2"});
  EXPECT_NE(hostile.find("Harbour &lt;/title&gt;&lt;/entry&gt;&lt;entry&gt; &amp; &quot;"),
            std::string::npos)
      << hostile;
  // The same search saved by a reader cleared for everything alerts ts-2 too... only from now.
  const Json other = Save("other", {{"q", "harbour"}});
  Import({MakeCable("ts-3", "Harbour again", "The harbour.", "TOP SECRET", {"INTERNAL RESEARCH"})});
  EXPECT_EQ(AlertIds("other"), (std::vector<std::string>{"ts-3"}));
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"pub-5", "sec-2", "pub-2"}));
}

TEST_F(AlertsApi, FiltersAreThoseOfTheReadingRoom) {
  const Json saved =
      Save("clerk", {{"q", "harbour lang:French"}, {"from", "1970"}, {"to", "1979"}});
  model::Cable in = MakeCable("fr-1", "Harbour", "The harbour.", "PUBLIC", {}, "1975-06-01");
  in.archival.original_language = "French";
  model::Cable early = in;
  early.id = "fr-2";
  early.date = *model::Date::Parse("1965-01-01");
  model::Cable other_language = in;
  other_language.id = "fr-3";
  other_language.archival.original_language = "German";
  model::Cable undated = in;
  undated.id = "fr-4";
  undated.date = model::Date();
  Import({in, early, other_language, undated});
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"fr-1"}));
  // With undated: the undated one too, as the reading room's "Include undated records".
  Save("clerk",
       {{"q", "harbour lang:French"}, {"from", "1970"}, {"to", "1979"}, {"undated", true}});
  undated.id = "fr-5";
  Import({undated});
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"fr-5", "fr-1"}));
  CheckFeed(saved["feed"], {"fr-1"});
}

TEST_F(AlertsApi, ABadQueryIsRefusedAtSaveTimeAndNothingIsStored) {
  for (const Json& body :
       {Json{{"q", "harbour AND"}}, Json{{"q", "title:("}}, Json{{"q", "x"}, {"from", "1963-13"}},
        Json{{"q", "x"}, {"from", "1970"}, {"to", "1960"}}, Json{{"q", std::string(2000, 'a')}},
        Json{{"q", 7}}, Json{{"q", "x"}, {"name", "two\nlines"}}}) {
    auto r = Post("clerk", "/api/saved", body);
    EXPECT_EQ(StatusOf(r), 400) << body << " " << BodyOf(r);
  }
  auto r = Post("clerk", "/api/saved", {{"q", "harbour AND"}});
  EXPECT_NE(BodyOf(r).find("query:1:9"), std::string::npos) << BodyOf(r);
  EXPECT_TRUE(Get("clerk", "/api/saved")["saved"].empty());
  // Anonymous: sign in first.
  EXPECT_EQ(StatusOf(f_.Client()->Post("/api/saved", "{\"q\":\"x\"}", "application/json")), 401);
}

// A feed's text without what differs between two saved searches by construction (their ids,
// tokens, names and times).
std::string Normalized(std::string feed) {
  feed = std::regex_replace(feed, std::regex("<updated>[^<]*</updated>"), "<updated/>");
  feed = std::regex_replace(feed, std::regex("/saved/ss-[0-9a-f]+"), "/saved/ID");
  return std::regex_replace(feed, std::regex("/feeds/[0-9a-f]+\\.atom"), "/feeds/TOKEN.atom");
}

TEST_F(AlertsApi, AlertsAreDecidedAtDeliveryTimeForTheReaderAsTheyAreNow) {
  const Json saved = Save("clerk", {{"q", "harbour"}});
  // The twin reads at PUBLIC from the start: what the clerk sees after losing clearance must be
  // exactly what the twin sees, byte for byte.
  AddUser("twin", "PUBLIC", {});
  const Json twin = Save("twin", {{"q", "harbour"}});
  Import({MakeCable("pub-2", "Harbour pilots", "The harbour pilots.", "PUBLIC"),
          MakeCable("pub-4", "Harbour cranes", "The harbour cranes.", "PUBLIC"),
          MakeCable("sec-2", "Harbour mines", "Mines in the harbour.", "SECRET")});
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"sec-2", "pub-4", "pub-2"}));
  // 1. The clerk's clearance is lowered to PUBLIC: sec-2 is gone, not counted, not named.
  AddUser("clerk", "PUBLIC", {}, false);
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"pub-4", "pub-2"}));
  std::string feed = CheckFeed(saved["feed"], {"pub-4", "pub-2"});
  EXPECT_EQ(feed.find("sec-2"), std::string::npos);
  EXPECT_EQ(feed.find("mines"), std::string::npos);
  EXPECT_EQ(Normalized(feed), Normalized(CheckFeed(twin["feed"], {"pub-4", "pub-2"})));
  // 2. pub-4 is relabelled up (a new version at SECRET): gone too.
  Import({MakeCable("pub-4", "Harbour cranes", "The harbour cranes.", "SECRET")});
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"pub-2"}));
  feed = CheckFeed(saved["feed"], {"pub-2"});
  EXPECT_EQ(feed.find("cranes"), std::string::npos);
  EXPECT_EQ(Normalized(feed), Normalized(CheckFeed(twin["feed"], {"pub-2"})));
  EXPECT_EQ(
      std::regex_replace(Get("clerk", "/api/alerts").dump(), std::regex("ss-[0-9a-f]+"), "ID"),
      std::regex_replace(Get("twin", "/api/alerts").dump(), std::regex("ss-[0-9a-f]+"), "ID"));
  // 3. Clearance raised again: what they may read now is delivered again.
  AddUser("clerk", "SECRET", {}, false);
  EXPECT_EQ(AlertIds("clerk"), (std::vector<std::string>{"sec-2", "pub-4", "pub-2"}));
}

TEST_F(AlertsApi, FeedsAreSecretRevocableAndOwnedByTheirReader) {
  const Json saved = Save("clerk", {{"q", "harbour"}});
  const std::string id = saved["id"];
  const std::string url = saved["feed"];
  ASSERT_EQ(PathOf(url).size(), std::string("/feeds/").size() + 32 + 5) << url;
  CheckFeed(url, {});
  // A guessed token and a malformed one: 404, the same body.
  auto missing = f_.Client()->Get("/feeds/0123456789abcdef0123456789abcdef.atom");
  EXPECT_EQ(StatusOf(missing), 404);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/feeds/x")), 404);
  // Another reader cannot see, remove, renew or revoke it: exactly a missing one.
  auto del = f_.Client()->Delete("/api/saved/" + id, ServerFixture::With(users_["other"]));
  auto del_missing =
      f_.Client()->Delete("/api/saved/ss-000000000000", ServerFixture::With(users_["other"]));
  EXPECT_EQ(StatusOf(del), 404);
  EXPECT_EQ(BodyOf(del).find(id) == std::string::npos,
            BodyOf(del_missing).find("ss-000000000000") == std::string::npos);
  EXPECT_EQ(StatusOf(Post("other", "/api/saved/" + id + "/feed", Json::object())), 404);
  EXPECT_TRUE(Get("other", "/api/saved")["saved"].empty());
  Get("other", "/api/alerts?saved=" + id, 404);
  // Renew: the old URL is a 404 like a missing one, the new one works.
  const Json renewed =
      Json::parse(BodyOf(Post("clerk", "/api/saved/" + id + "/feed", Json::object())));
  ASSERT_NE(renewed["feed"], url);
  auto old = f_.Client()->Get(PathOf(url));
  EXPECT_EQ(StatusOf(old), 404);
  EXPECT_EQ(BodyOf(old), BodyOf(missing));
  CheckFeed(renewed["feed"], {});
  // Revoke: none.
  auto revoked =
      f_.Client()->Delete("/api/saved/" + id + "/feed", ServerFixture::With(users_["clerk"]));
  EXPECT_EQ(StatusOf(revoked), 200) << BodyOf(revoked);
  EXPECT_EQ(Json::parse(BodyOf(revoked))["feed"], "");
  EXPECT_EQ(BodyOf(f_.Client()->Get(PathOf(renewed["feed"]))), BodyOf(missing));
  // Remove: gone with its alerts.
  EXPECT_EQ(StatusOf(f_.Client()->Delete("/api/saved/" + id, ServerFixture::With(users_["clerk"]))),
            200);
  EXPECT_TRUE(Get("clerk", "/api/saved")["saved"].empty());
}

TEST_F(AlertsApi, SitemapListsExactlyThePublicRecordsAndValidates) {
  Import({MakeCable("pub-2", "Harbour pilots", "x", "PUBLIC"),
          MakeCable("pub-3", "Grain", "y", "PUBLIC"),
          MakeCable("sec-2", "Harbour mines", "z", "SECRET")});
  auto index = f_.Client()->Get("/sitemap.xml");
  ASSERT_EQ(StatusOf(index), 200) << BodyOf(index);
  const std::string dir = f_.dir();
  std::ofstream(dir + "/index.xml") << BodyOf(index);
  const std::string xsd = CHANCERY_SOURCE_DIR "/docs/format/sitemap.xsd";
  auto [status, out] = RunCommand("xmllint --noout --schema " + xsd + " " + dir + "/index.xml");
  EXPECT_EQ(status, 0) << out << BodyOf(index);
  std::set<std::string> locs;
  const std::regex loc("<loc>([^<]*)</loc>");
  const std::string index_body = BodyOf(index);
  std::vector<std::string> files;
  for (std::sregex_iterator it(index_body.begin(), index_body.end(), loc), end; it != end; ++it) {
    files.push_back((*it)[1]);
  }
  ASSERT_FALSE(files.empty());
  for (const std::string& url : files) {
    auto file = f_.Client()->Get(url.substr(base_.size()));
    ASSERT_EQ(StatusOf(file), 200) << url;
    std::ofstream(dir + "/file.xml") << BodyOf(file);
    std::tie(status, out) = RunCommand("xmllint --noout --schema " + xsd + " " + dir + "/file.xml");
    EXPECT_EQ(status, 0) << out << BodyOf(file);
    const std::string body = BodyOf(file);
    for (std::sregex_iterator it(body.begin(), body.end(), loc), end; it != end; ++it) {
      EXPECT_TRUE(locs.insert((*it)[1]).second) << "twice: " << (*it)[1];
    }
  }
  // Exactly what the public reader may read, as the records' own list says, after the reading
  // room's home page.
  std::set<std::string> expected = {base_ + "/"};
  records::Records& r = records();
  ASSERT_TRUE(r.List(*r.ResolveSubject(std::nullopt), [&](const records::RecordSummary& s) {
                 expected.insert(base_ + "/records/" + s.id);
                 return Status::Ok();
               }).ok());
  EXPECT_EQ(locs, expected);
  EXPECT_EQ(locs.count(base_ + "/records/sec-2"), 0u);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/sitemaps/records-0.xml")), 404);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/sitemaps/records-99.xml")), 404);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/sitemaps/../x")), 404);
}

// An archive whose only public record is relabelled up has no public record: its sitemap still
// validates (the home page keeps the one file from being an empty <urlset>) and names no record.
TEST_F(AlertsApi, ASitemapWithNoPublicRecordStillValidates) {
  Import({MakeCable("pub-1", "Harbour", "now restricted", "SECRET")});
  const std::string xsd = CHANCERY_SOURCE_DIR "/docs/format/sitemap.xsd";
  for (const std::string path : {"/sitemap.xml", "/sitemaps/records-1.xml"}) {
    auto got = f_.Client()->Get(path);
    ASSERT_EQ(StatusOf(got), 200) << path;
    std::ofstream(f_.dir() + "/empty.xml") << BodyOf(got);
    auto [status, out] =
        RunCommand("xmllint --noout --schema " + xsd + " " + f_.dir() + "/empty.xml");
    EXPECT_EQ(status, 0) << path << "\n" << out << BodyOf(got);
    EXPECT_EQ(BodyOf(got).find("/records/"), std::string::npos) << BodyOf(got);
  }
  EXPECT_NE(BodyOf(f_.Client()->Get("/sitemaps/records-1.xml")).find("<loc>" + base_ + "/</loc>"),
            std::string::npos);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/sitemaps/records-2.xml")), 404);
}

// The JSON-LD of a record page, parsed; null when the page has none.
Json JsonLdOf(const std::string& page) {
  const std::string open = "<script type=\"application/ld+json\">";
  const size_t at = page.find(open);
  if (at == std::string::npos) {
    return nullptr;
  }
  const size_t end = page.find("</script>", at);
  return Json::parse(page.substr(at + open.size(), end - at - open.size()), nullptr, false);
}

TEST_F(AlertsApi, RecordPagesCarrySchemaOrgMetadataTrueToTheSeedAndOnlyWhatThePublicReads) {
  const std::string seed_path = CHANCERY_SHARED_DIR "/seed/000_68b43146905a32b5.txt";
  records::Records& r = records();
  auto report = records::ImportPaths(r, r.Administrator("admin:test"), {seed_path}, {}, {});
  ASSERT_TRUE(report.ok() && report->errors.empty()) << seed_path;
  // What the seed says, read from its text here (not through the importer).
  std::ifstream in(seed_path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  const std::string seed = text.str();
  std::smatch m;
  ASSERT_TRUE(std::regex_search(seed, m,
                                std::regex("\n\"(.+)\", (\\w+) (\\d+), (\\d{4}), ([^,]+), "
                                           "(.+?)\\. Translated by (.+?)\\. https")));
  const std::string title = m[1], month = m[2], day = m[3], year = m[4], repository = m[5],
                    reference = m[6], translator = m[7];
  const std::vector<std::string> months = {"January",   "February", "March",    "April",
                                           "May",       "June",     "July",     "August",
                                           "September", "October",  "November", "December"};
  const auto month_at = std::find(months.begin(), months.end(), month);
  ASSERT_NE(month_at, months.end());
  char iso[16];
  std::snprintf(iso, sizeof(iso), "%s-%02d-%02d", year.c_str(),
                static_cast<int>(month_at - months.begin()) + 1, std::stoi(day));
  std::smatch language;
  ASSERT_TRUE(std::regex_search(seed, language, std::regex("Translation - (\\w+)")));

  auto page = f_.Client()->Get("/records/wilson-123881");
  ASSERT_EQ(StatusOf(page), 200);
  const Json ld = JsonLdOf(BodyOf(page));
  ASSERT_TRUE(ld.is_object()) << BodyOf(page);
  EXPECT_EQ(ld["@context"], "https://schema.org");
  EXPECT_EQ(ld["@type"], "ArchiveComponent");
  EXPECT_EQ(ld["name"], title);
  EXPECT_EQ(ld["dateCreated"], std::string(iso));
  EXPECT_EQ(ld["inLanguage"], language[1].str());
  EXPECT_EQ(ld["translator"]["name"], translator);
  EXPECT_EQ(ld["identifier"]["value"], reference);
  EXPECT_EQ(ld["holdingArchive"]["name"], repository);
  EXPECT_EQ(ld["url"], base_ + "/records/wilson-123881/v/1");

  // Only what the public may read: a SECRET record's page has none, exactly as a missing one.
  auto secret = f_.Client()->Get("/records/sec-1");
  auto missing = f_.Client()->Get("/records/no-such-record");
  EXPECT_TRUE(JsonLdOf(BodyOf(secret)).is_null());
  EXPECT_EQ(BodyOf(secret), BodyOf(missing));
  EXPECT_TRUE(JsonLdOf(BodyOf(f_.Client()->Get("/records/pub-1"))).is_object());
  // No field can end the script element.
  Import({MakeCable("pub-x", "</script><script>alert(1)</script>", "x", "PUBLIC")});
  const std::string hostile = BodyOf(f_.Client()->Get("/records/pub-x"));
  EXPECT_EQ(hostile.find("<script>alert"), std::string::npos);
  EXPECT_EQ(JsonLdOf(hostile)["name"], "</script><script>alert(1)</script>");
}

}  // namespace
}  // namespace chancery::testing
