// The archive over HTTP (issue 13 §7; docs/server.md "Review"): a TOP SECRET record walked from
// review to publication through the routes, refusals mapped to HTTP as the other handlers map
// them, a record the caller may not read answered like a missing one on every review route, a
// referral answered through its three-segment path, readers' requests, and the public reader
// getting no withheld word from any route: record, citation, search, proof, errors.
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/records/records.h"

#include "server_fixture.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::testing {
namespace {

using json = nlohmann::json;

// The words withheld below: a name in a header field and a whole paragraph.
const std::vector<std::string> kWithheldWords = {"Clara", "Voss", "privately", "propose", "Sael"};

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// The withheld words that occur in `body` as words (runs of letters), case-insensitive.
std::vector<std::string> Leaked(const std::string& body) {
  std::set<std::string> words;
  std::string word;
  for (const char c : body + " ") {
    if (std::isalpha(static_cast<unsigned char>(c)) != 0) {
      word.push_back(c);
    } else if (!word.empty()) {
      words.insert(Lower(word));
      word.clear();
    }
  }
  std::vector<std::string> out;
  for (const std::string& w : kWithheldWords) {
    if (words.count(Lower(w)) != 0)
      out.push_back(w);
  }
  return out;
}

class ReviewApi : public ::testing::Test {
 protected:
  void SetUp() override {
    records::Records& r = *f_.server().services().records;
    const security::Subject admin = r.Administrator("admin:test");
    AddUser("rev.a", "TOP SECRET", {"reviewer"});
    AddUser("rev.b", "TOP SECRET", {"reviewer"});
    AddUser("arch", "TOP SECRET", {"archivist"});
    AddUser("eq", "TOP SECRET", {"equity:MFA"});
    AddUser("reader", "PUBLIC", {});
    model::Cable c =
        MakeCable("rev-1", "Harbour talks with Minister Tal", "Please tell Minister Tal in person.",
                  "TOP SECRET", {}, "1961-01-01");
    c.addressees.push_back(
        {"Ambassador Clara Voss, Embassy in Lorn", model::AddresseeRole::kAction, false, {}, ""});
    c.body.push_back({"I propose that we meet privately in Sael in May.", {}});
    ASSERT_TRUE(r.Import(admin, {c}, {}).ok());
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

  httplib::Result Post(const std::string& as, const std::string& path, const json& body = {}) {
    return f_.Client()->Post(path, ServerFixture::With(users_[as]),
                             body.is_null() ? "" : body.dump(), "application/json");
  }

  httplib::Result Get(const std::string& as, const std::string& path) {
    if (as.empty())
      return f_.Client()->Get(path);
    return f_.Client()->Get(path, ServerFixture::With(users_[as]));
  }

  // Withholds the name and the second paragraph, releases the rest; rev.b concurs.
  void Decide() {
    auto name = Post("rev.a", "/api/review/rev-1/withhold",
                     {{"spans", {"/addressees/0/name#w1-2"}}, {"code", "(b)(6)"}});
    ASSERT_EQ(StatusOf(name), 201) << BodyOf(name);
    auto para = Post("rev.a", "/api/review/rev-1/withhold",
                     {{"spans", {"/body/1/text"}}, {"code", "25X1"}});
    ASSERT_EQ(StatusOf(para), 201) << BodyOf(para);
    ASSERT_EQ(StatusOf(Post("rev.a", "/api/review/rev-1/release")), 201);
    ASSERT_EQ(StatusOf(Post("rev.b", "/api/review/rev-1/concur")), 201);
  }

  void Publish() {
    ASSERT_NO_FATAL_FAILURE(Decide());
    PublishDecided();
  }

  void PublishDecided() {
    auto published = Post("arch", "/api/review/rev-1/publish");
    ASSERT_EQ(StatusOf(published), 201) << BodyOf(published);
    ASSERT_EQ(json::parse(BodyOf(published))["id"], "rev-1.p1");
  }

  json StatusJson(const std::string& as) {
    return json::parse(BodyOf(Get(as, "/api/review/rev-1")), nullptr, false);
  }

  ServerFixture f_;
  std::map<std::string, SignedIn> users_;
};

TEST_F(ReviewApi, HealthSaysTheArchiveIsOpen) {
  EXPECT_EQ(json::parse(BodyOf(Get("", "/healthz")))["archive"], true);
}

TEST_F(ReviewApi, TheQueueShowsADueRecordToAReviewer) {
  const json queue = json::parse(BodyOf(Get("rev.a", "/api/review/queue")));
  const auto item = std::find_if(queue["items"].begin(), queue["items"].end(),
                                 [](const json& i) { return i["record"] == "rev-1"; });
  ASSERT_NE(item, queue["items"].end()) << queue.dump();
  EXPECT_EQ((*item)["state"], "due");
  EXPECT_EQ((*item)["waiting_for"], "review");
  EXPECT_EQ(json::parse(BodyOf(Get("arch", "/api/review/queue")))["items"].size(), 0u);
}

TEST_F(ReviewApi, StatusCarriesThePolicysExemptionCodes) {
  const json status = StatusJson("rev.a");
  EXPECT_EQ(status["state"], "due");
  EXPECT_TRUE(status["needs_concurrence"].get<bool>());
  EXPECT_EQ(status["exemptions"][0]["code"], "25X1");
  EXPECT_EQ(BodyOf(Get("", "/api/policy/exemptions")),
            json({{"exemptions", status["exemptions"]}}).dump());
}

TEST_F(ReviewApi, TheFullFlowPublishesAVersionWithMarkersThatVerifies) {
  ASSERT_NO_FATAL_FAILURE(Decide());
  EXPECT_EQ(StatusJson("rev.a")["state"], "decided");
  const json preview = json::parse(BodyOf(Get("arch", "/api/review/rev-1/preview")));
  EXPECT_EQ(preview["addressees"][0]["name"],
            "Ambassador [name not declassified; (b)(6)], Embassy in Lorn");
  ASSERT_NO_FATAL_FAILURE(PublishDecided());
  const json status = StatusJson("arch");
  EXPECT_EQ(status["state"], "published in part");
  ASSERT_EQ(status["published"].size(), 1u);
  EXPECT_EQ(status["published"][0]["codes"], json({"(b)(6)", "25X1"}));
  const json record = json::parse(BodyOf(Get("", "/api/records/rev-1.p1")));
  EXPECT_EQ(record["publication"]["of"], "rev-1");
  EXPECT_EQ(record["publication"]["redactions"].size(), 2u);
  const archive::VerifyReport report =
      archive::VerifyBundle(BodyOf(Get("", "/api/records/rev-1.p1/proof")));
  EXPECT_TRUE(report.ok) << (report.failures.empty() ? "" : report.failures[0]);
}

TEST_F(ReviewApi, RefusalsAreTheArchivesWordsWithTheUsualCodes) {
  auto unknown =
      Post("rev.a", "/api/review/rev-1/withhold", {{"spans", {"/body/0/text"}}, {"code", "NOPE"}});
  EXPECT_EQ(StatusOf(unknown), 400);
  EXPECT_NE(BodyOf(unknown).find("record rev-1 version"), std::string::npos) << BodyOf(unknown);
  auto both = Post("rev.a", "/api/review/rev-1/withhold",
                   {{"spans", {"/body/0/text"}}, {"phrase", "Tal"}, {"code", "25X1"}});
  EXPECT_EQ(StatusOf(both), 400);
  EXPECT_EQ(
      StatusOf(Post("arch", "/api/review/rev-1/withhold", {{"phrase", "Tal"}, {"code", "25X1"}})),
      403);
  ASSERT_NO_FATAL_FAILURE(Decide());
  EXPECT_EQ(StatusOf(Post("rev.a", "/api/review/rev-1/concur")), 403);   // decided it himself
  EXPECT_EQ(StatusOf(Post("rev.a", "/api/review/rev-1/publish")), 403);  // not an archivist
}

TEST_F(ReviewApi, PublicationWaitsForConcurrence) {
  ASSERT_EQ(StatusOf(Post("rev.a", "/api/review/rev-1/release")), 201);
  auto early = Post("arch", "/api/review/rev-1/publish");
  EXPECT_EQ(StatusOf(early), 409);
  EXPECT_NE(BodyOf(early).find("rev-1"), std::string::npos);
  EXPECT_TRUE(StatusJson("arch")["published"].empty());
}

TEST_F(ReviewApi, AnUnreadableRecordIsAMissingOneOnEveryReviewRoute) {
  const std::vector<std::pair<std::string, std::string>> routes = {
      {"GET", "/api/review/ID"},           {"GET", "/api/review/ID/preview"},
      {"POST", "/api/review/ID/withhold"}, {"POST", "/api/review/ID/release"},
      {"POST", "/api/review/ID/refer"},    {"POST", "/api/review/ID/concur"},
      {"POST", "/api/review/ID/reopen"},   {"POST", "/api/review/ID/publish"},
      {"GET", "/api/records/ID/proof"}};
  for (const auto& [method, pattern] : routes) {
    auto path = [&](const std::string& id) {
      return pattern.substr(0, pattern.find("ID")) + id + pattern.substr(pattern.find("ID") + 2);
    };
    const json body = {
        {"spans", {"/body/0/text"}}, {"code", "25X1"}, {"office", "MFA"}, {"reason", "x"}};
    auto hidden =
        method == "GET" ? Get("reader", path("rev-1")) : Post("reader", path("rev-1"), body);
    auto missing =
        method == "GET" ? Get("reader", path("no-such")) : Post("reader", path("no-such"), body);
    EXPECT_EQ(StatusOf(hidden), 404) << method << " " << pattern << ": " << BodyOf(hidden);
    EXPECT_EQ(StatusOf(missing), 404) << method << " " << pattern;
    EXPECT_EQ(BodyOf(hidden), R"({"error":"no record rev-1"})") << method << " " << pattern;
    EXPECT_EQ(BodyOf(missing), R"({"error":"no record no-such"})") << method << " " << pattern;
  }
}

TEST_F(ReviewApi, EachCallIsAuditedByTheArchiveRefusalsIncluded) {
  ASSERT_NO_FATAL_FAILURE(Publish());
  EXPECT_EQ(StatusOf(Post("reader", "/api/review/rev-1/release")), 404);
  records::Records& r = *f_.server().services().records;
  auto entries = r.AuditLog(r.Administrator("admin:test"), 0, SIZE_MAX);
  ASSERT_TRUE(entries.ok());
  auto has = [&](const std::string& actor, const std::string& action, const std::string& prefix) {
    return std::any_of(entries->begin(), entries->end(), [&](const model::AuditEvent& e) {
      return e.actor == actor && e.action == action && e.target == "rev-1" &&
             e.decision.rfind(prefix, 0) == 0;
    });
  };
  EXPECT_TRUE(has("rev.a", "archive.withhold", "ok"));
  EXPECT_TRUE(has("rev.b", "archive.concur", "ok"));
  EXPECT_TRUE(has("arch", "archive.publish", "ok"));
  EXPECT_TRUE(has("reader", "archive.release", "deny"));
}

TEST_F(ReviewApi, ReviewRoutesNeedASignIn) {
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/review/queue")), 401);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/review/rev-1")), 401);
  EXPECT_EQ(StatusOf(f_.Client()->Post("/api/review/rev-1/release", "", "application/json")), 401);
  EXPECT_EQ(StatusOf(f_.Client()->Get("/api/requests")), 401);
}

TEST_F(ReviewApi, AReferralIsAnsweredThroughItsThreeSegmentPath) {
  auto referred =
      Post("rev.a", "/api/review/rev-1/refer", {{"office", "MFA"}, {"spans", {"/body/0/text"}}});
  ASSERT_EQ(StatusOf(referred), 201) << BodyOf(referred);
  const std::string id = json::parse(BodyOf(referred))["id"];  // "rev-1/1/1"
  EXPECT_EQ(StatusJson("rev.a")["state"], "referred");
  EXPECT_EQ(
      StatusOf(Post("rev.a", "/api/review/referrals/" + id + "/answer", {{"withhold", false}})),
      403);  // no equity for MFA
  std::string encoded = id;
  for (size_t at = encoded.find('/'); at != std::string::npos; at = encoded.find('/'))
    encoded.replace(at, 1, "%2F");
  auto answered = Post("eq", "/api/review/referrals/" + encoded + "/answer",
                       {{"withhold", true}, {"code", "25X6"}});
  ASSERT_EQ(StatusOf(answered), 201) << BodyOf(answered);
  EXPECT_EQ(json::parse(BodyOf(answered))["answers"], id);
  EXPECT_EQ(StatusJson("rev.a")["open_referrals"], 0);
  EXPECT_EQ(StatusOf(Post("eq", "/api/review/referrals/rev-1/1/99/answer", {{"withhold", false}})),
            404);
}

TEST_F(ReviewApi, AReaderFilesARequestAndSeesItAndReviewersSeeItToo) {
  ASSERT_NO_FATAL_FAILURE(Publish());
  auto filed = Post("reader", "/api/requests",
                    {{"record", "rev-1.p1"}, {"text", "Please review the withheld name."}});
  ASSERT_EQ(StatusOf(filed), 201) << BodyOf(filed);
  const json mine = json::parse(BodyOf(Get("reader", "/api/requests")));
  ASSERT_EQ(mine["requests"].size(), 1u);
  EXPECT_EQ(mine["requests"][0]["text"], "Please review the withheld name.");
  EXPECT_EQ(mine["requests"][0]["state"], "open");
  EXPECT_EQ(StatusJson("rev.a")["requests"].size(), 1u);
  EXPECT_EQ(StatusOf(Post("reader", "/api/requests", {{"record", "rev-1.p1"}})), 400);
}

TEST_F(ReviewApi, ThePublicGetsNoWithheldWordFromAnyRoute) {
  ASSERT_NO_FATAL_FAILURE(Publish());
  std::vector<std::string> paths = {"/api/records/rev-1.p1",
                                    "/api/records/rev-1.p1/citation",
                                    "/api/records/rev-1.p1/proof",
                                    "/api/records/rev-1/proof",
                                    "/api/records/rev-1",
                                    "/api/records/rev-1/citation",
                                    "/api/review/rev-1",
                                    "/api/review/rev-1/preview",
                                    "/api/search?q=harbour&snippets=true&facets=year,type,to",
                                    "/api/search?q=Tal&snippets=true"};
  for (const std::string& w : kWithheldWords) {
    paths.push_back("/api/search?q=" + w + "&snippets=true&facets=to,from,type");
    paths.push_back("/api/search?q=to:" + w);
  }
  ASSERT_EQ(StatusOf(Get("", "/api/records/rev-1.p1")), 200);
  for (const std::string& as : {std::string(), std::string("reader")}) {
    for (const std::string& path : paths) {
      auto r = Get(as, path);
      EXPECT_EQ(Leaked(BodyOf(r)), std::vector<std::string>{})
          << (as.empty() ? "anonymous" : as) << " GET " << path;
    }
    for (const std::string& w : kWithheldWords) {
      const json hits = json::parse(BodyOf(Get(as, "/api/search?q=" + w)));
      EXPECT_EQ(hits["total"], 0) << w;
    }
  }
  // Errors: asking about a withheld word by its span or phrase names neither.
  auto refused =
      Post("reader", "/api/review/rev-1/withhold", {{"phrase", "Clara Voss"}, {"code", "x"}});
  EXPECT_EQ(StatusOf(refused), 404);
  EXPECT_EQ(BodyOf(refused), R"({"error":"no record rev-1"})");
  auto request = Post("reader", "/api/requests", {{"record", "rev-1"}, {"text", "the name"}});
  EXPECT_EQ(Leaked(BodyOf(request)), std::vector<std::string>{}) << BodyOf(request);
}

// Withdrawal (docs/archive.md "Withdrawal"): an archivist takes a published version back from
// the public. Every public path stops showing it at once, OAI-PMH lists it as deleted, cleared
// readers still read it with the withdrawal, its proof still verifies, and the record is due for
// a new round that can publish again.
TEST_F(ReviewApi, AWithdrawnVersionLeavesEveryPublicPathAndOaiListsItDeleted) {
  ASSERT_NO_FATAL_FAILURE(Publish());
  const std::string oai_get =
      "/oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:chancery.example:rev-1.p1";
  ASSERT_EQ(StatusOf(Get("", "/api/records/rev-1.p1")), 200);
  const std::string before = BodyOf(Get("", oai_get));
  ASSERT_NE(before.find("<metadata>"), std::string::npos) << before;
  ASSERT_NE(BodyOf(Get("", "/api/search?q=harbour")).find("rev-1.p1"), std::string::npos);
  ASSERT_NE(BodyOf(Get("", "/sitemaps/records-1.xml")).find("rev-1.p1"), std::string::npos);

  // Refusals first: each leaves the version public.
  EXPECT_EQ(StatusOf(Post("rev.a", "/api/review/rev-1/withdraw", {{"reason", "x"}})), 403);
  EXPECT_EQ(StatusOf(Post("arch", "/api/review/rev-1/withdraw", {{"reason", "  "}})), 400);
  EXPECT_EQ(StatusOf(Post("arch", "/api/review/rev-1/withdraw", json::object())), 400);
  auto seven = Post("arch", "/api/review/rev-1/withdraw", {{"reason", "x"}, {"number", 7}});
  EXPECT_EQ(StatusOf(seven), 409);
  EXPECT_NE(BodyOf(seven).find("has no published version 7"), std::string::npos) << BodyOf(seven);
  EXPECT_EQ(StatusOf(Post("reader", "/api/review/rev-1.p1/withdraw", {{"reason", "x"}})), 403);
  EXPECT_EQ(StatusOf(Get("", "/api/records/rev-1.p1")), 200);

  auto withdrawn = Post("arch", "/api/review/rev-1.p1/withdraw",
                        {{"reason", "Equity holder objected after publication"}});
  ASSERT_EQ(StatusOf(withdrawn), 200) << BodyOf(withdrawn);
  const json w = json::parse(BodyOf(withdrawn));
  EXPECT_EQ(w["id"], "rev-1.p1");
  EXPECT_EQ(w["withdrawn"]["by"], "arch");
  EXPECT_EQ(w["withdrawn"]["reason"], "Equity holder objected after publication");

  // The public: gone from the record route, citations, proofs, search and the sitemap.
  for (const std::string& as : {std::string(), std::string("reader")}) {
    for (const std::string& path :
         {std::string("/api/records/rev-1.p1"), std::string("/api/records/rev-1.p1/citation"),
          std::string("/api/records/rev-1.p1/proof")}) {
      EXPECT_EQ(StatusOf(Get(as, path)), 404) << path;
    }
    EXPECT_EQ(BodyOf(Get(as, "/api/search?q=harbour")).find("rev-1.p1"), std::string::npos);
  }
  EXPECT_EQ(BodyOf(Get("", "/sitemaps/records-1.xml")).find("rev-1.p1"), std::string::npos);
  // OAI-PMH: a deleted header, nothing of the record.
  const std::string after = BodyOf(Get("", oai_get));
  EXPECT_NE(after.find("<header status=\"deleted\">"), std::string::npos) << after;
  EXPECT_EQ(after.find("<metadata>"), std::string::npos) << after;
  EXPECT_EQ(after.find("Harbour"), std::string::npos) << after;

  // A second withdrawal of the same version says so.
  auto again = Post("arch", "/api/review/rev-1/withdraw", {{"reason", "x"}, {"number", 1}});
  EXPECT_EQ(StatusOf(again), 409);
  EXPECT_NE(BodyOf(again).find("was withdrawn already, by arch"), std::string::npos)
      << BodyOf(again);

  // A cleared reader still reads it, with the withdrawal and the original's label.
  const json cleared = json::parse(BodyOf(Get("rev.a", "/api/records/rev-1.p1")));
  EXPECT_EQ(cleared["publication"]["withdrawn_by"], "arch");
  EXPECT_EQ(cleared["publication"]["withdrawal_reason"],
            "Equity holder objected after publication");
  EXPECT_EQ(cleared["current_label"]["classification"], "TOP SECRET");
  const archive::VerifyReport report =
      archive::VerifyBundle(BodyOf(Get("rev.a", "/api/records/rev-1.p1/proof")));
  EXPECT_TRUE(report.ok) << (report.failures.empty() ? "" : report.failures[0]);

  // The review: the withdrawal is kept with the version, and the record is due again.
  const json status = StatusJson("arch");
  EXPECT_EQ(status["state"], "due") << status.dump();
  EXPECT_EQ(status["published"][0]["withdrawn"]["reason"],
            "Equity holder objected after publication");
  ASSERT_NO_FATAL_FAILURE(Decide());
  auto republished = Post("arch", "/api/review/rev-1/publish");
  ASSERT_EQ(StatusOf(republished), 201) << BodyOf(republished);
  EXPECT_EQ(json::parse(BodyOf(republished))["id"], "rev-1.p2");
  EXPECT_EQ(StatusOf(Get("", "/api/records/rev-1.p2")), 200);
  EXPECT_EQ(StatusOf(Get("", "/api/records/rev-1.p1")), 404);
}

// The `chancery` OAI format names a schema location that resolves: chanceryd serves
// docs/format/oai-chancery.xsd there, byte for byte.
TEST_F(ReviewApi, TheChanceryOaiFormatsSchemaIsServedWhereListMetadataFormatsSaysItIs) {
  const std::string formats = BodyOf(Get("", "/oai?verb=ListMetadataFormats"));
  const std::regex chancery(
      "<metadataPrefix>chancery</metadataPrefix><schema>(http://[^/]+)(/[^<]*)</schema>");
  std::smatch m;
  ASSERT_TRUE(std::regex_search(formats, m, chancery)) << formats;
  EXPECT_EQ(m[2].str(), "/schemas/oai-chancery-record-1.xsd");
  auto xsd = Get("", m[2].str());
  ASSERT_EQ(StatusOf(xsd), 200);
  const std::string expected = ReadFileOrDie(CHANCERY_SOURCE_DIR "/docs/format/oai-chancery.xsd");
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(BodyOf(xsd), expected);
}

}  // namespace
}  // namespace chancery::testing
