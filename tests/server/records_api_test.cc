// The reading-room routes: search, records, citations, import; health, metrics, static files.
#include <atomic>
#include <chrono>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "server_fixture.h"

namespace chancery::testing {
namespace {

using nlohmann::json;

json Json(const httplib::Result& r) {
  return json::parse(BodyOf(r), nullptr, false);
}

TEST(RecordsApi, HealthzAnswersOk) {
  ServerFixture f;
  auto r = f.Client()->Get("/healthz");
  EXPECT_EQ(StatusOf(r), 200);
  EXPECT_EQ(Json(r)["status"], "ok");
}

TEST(RecordsApi, HealthzAndMetricsAnswerWhileTheAdmissionGateIsFull) {
  ServerFixture f([](server::ServerConfig& c) { c.active_requests = 1; });
  server::AdmissionGate& gate = *f.server().services().gate;
  gate.Enter();  // the only slot is taken
  std::atomic<int> search_status{0};
  std::thread search([&] { search_status = StatusOf(f.Client()->Get("/api/search?q=harbour")); });
  while (gate.Waiting() < 1) {  // the search queues at the gate
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  // Short timeouts: a probe stuck at the gate fails in seconds rather than hanging the test.
  auto probe = f.Client();
  probe->set_read_timeout(5, 0);
  EXPECT_EQ(StatusOf(probe->Get("/healthz")), 200);
  auto metrics = probe->Get("/metrics");
  EXPECT_EQ(StatusOf(metrics), 200);
  EXPECT_NE(BodyOf(metrics).find("chancery_http_requests_waiting 1"), std::string::npos)
      << BodyOf(metrics);
  EXPECT_EQ(search_status, 0);  // still queued
  gate.Leave();
  search.join();
  EXPECT_EQ(search_status, 200);
}

TEST(RecordsApi, AnonymousSearchSeesOnlyPublicRecordsInTotalsAndFacets) {
  ServerFixture f;
  auto r = f.Client()->Get("/api/search?q=harbour&facets=classification,decade");
  ASSERT_EQ(StatusOf(r), 200) << BodyOf(r);
  const json j = Json(r);
  EXPECT_EQ(j["total"], 1);
  EXPECT_EQ(j["hits"][0]["id"], "pub-1");
  EXPECT_EQ(j["facets"]["classification"], json::parse(R"([{"value":"PUBLIC","count":1}])"));
}

TEST(RecordsApi, SignedInSearchCountsWhatTheClearanceReads) {
  ServerFixture f;
  f.SetPassword("hanoi.clerk", "pw-hanoi");  // SECRET, no categories
  SignedIn s = f.SignIn("hanoi.clerk", "pw-hanoi");
  auto r = f.Client()->Get("/api/search?q=harbour&sort=date-asc", ServerFixture::With(s));
  EXPECT_EQ(Json(r)["total"], 2);
  EXPECT_EQ(Json(r)["hits"][0]["id"], "sec-1");
}

TEST(RecordsApi, SearchPagesAndHighlightsSnippets) {
  ServerFixture f;
  auto r = f.Client()->Get("/api/search?q=harbour&page=1&size=1&snippets=true");
  const json j = Json(r);
  EXPECT_EQ(j["page"], 1);
  EXPECT_EQ(j["size"], 1);
  EXPECT_NE(j["hits"][0]["snippet"].get<std::string>().find("<b>"), std::string::npos);
}

TEST(RecordsApi, MalformedSearchParametersAre400NamingTheParameter) {
  ServerFixture f;
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/search?size=0")), 400);
  EXPECT_EQ(Json(f.Client()->Get("/api/search?sort=up"))["error"],
            "parameter sort: expected relevance, date-asc or date-desc, got \"up\"");
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/search?q=(harbour")), 400);
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/search?q=%zz")), 400);
}

TEST(RecordsApi, RecordReturnsTheFullRecordJson) {
  ServerFixture f;
  auto r = f.Client()->Get("/api/records/pub-1");
  ASSERT_EQ(StatusOf(r), 200);
  EXPECT_EQ(Json(r)["title"], "Public harbour report");
  EXPECT_EQ(r->get_header_value("Content-Type"), "application/json");
}

TEST(RecordsApi, HiddenRecordIsByteIdenticalToAMissingOne) {
  ServerFixture f;
  auto hidden = f.Client()->Get("/api/records/sec-1");
  auto missing = f.Client()->Get("/api/records/sec-2");
  EXPECT_EQ(StatusOf(hidden), 404);
  EXPECT_EQ(StatusOf(missing), 404);
  EXPECT_EQ(BodyOf(hidden), "{\"error\":\"no record sec-1\"}");
  EXPECT_EQ(BodyOf(missing), "{\"error\":\"no record sec-2\"}");
}

TEST(RecordsApi, HiddenCitationIsA404LikeAMissingRecord) {
  ServerFixture f;
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/records/ts-1/citation")), 404);
}

TEST(RecordsApi, CitationFollowsTheSeedRecordsStyle) {
  ServerFixture f([](server::ServerConfig& c) { c.public_url = "https://chancery.example"; });
  // The Wilson form built from its fields, then its version permalink (docs/citations.md).
  const std::string body = BodyOf(f.Client()->Get("/api/records/pub-1/citation"));
  const std::string first = body.substr(0, body.find('\n') + 1);
  EXPECT_EQ(first,
            "\"Public harbour report\", March 13, 1963, Wilson Center Digital Archive, PRC FMA "
            "109-03861-03, 13-17.\n");
  EXPECT_EQ(body.substr(first.size(), 27), "Chancery version 1, sha256 ");
  EXPECT_TRUE(body.ends_with(": https://chancery.example/records/pub-1/v/1\n")) << body;
}

TEST(RecordsApi, ImportNeedsAnAdministrator) {
  ServerFixture f;
  EXPECT_EQ(StatusOf(f.Client()->Post("/api/import", "x", "text/plain")), 401);
  f.SetPassword("drafter", "pw-drafter");
  SignedIn s = f.SignIn("drafter", "pw-drafter");
  auto r = f.Client()->Post("/api/import", ServerFixture::With(s), "x", "text/plain");
  EXPECT_EQ(StatusOf(r), 403);
}

TEST(RecordsApi, AdministratorImportsAJsonLinesFile) {
  ServerFixture f;
  f.SetPassword("root", "pw-root");
  SignedIn s = f.SignIn("root", "pw-root");
  const std::string line =
      R"({"id":"new-1","title":"Imported harbour note","current_label":{"classification":"PUBLIC"}})";
  auto r = f.Client()->Post("/api/import?filename=a.jsonl", ServerFixture::With(s), line + "\n",
                            "application/x-ndjson");
  ASSERT_EQ(StatusOf(r), 200) << BodyOf(r);
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/records/new-1")), 200);
}

TEST(RecordsApi, BadImportFileIs400NamingTheUploadNotATempPath) {
  ServerFixture f;
  f.SetPassword("root", "pw-root");
  SignedIn s = f.SignIn("root", "pw-root");
  auto r = f.Client()->Post("/api/import?filename=bad.jsonl", ServerFixture::With(s), "{oops\n",
                            "application/x-ndjson");
  EXPECT_EQ(StatusOf(r), 400);
  EXPECT_EQ(Json(r)["error"].get<std::string>().rfind("bad.jsonl:1:", 0), 0u) << BodyOf(r);
}

TEST(RecordsApi, BodyOverTheRouteLimitIs413) {
  ServerFixture f;
  const std::string big(5000, 'x');  // max_body 4096 in the fixture; checked before sign-in
  auto r = f.Client()->Post("/api/desk/drafts", big, "application/json");
  EXPECT_EQ(StatusOf(r), 413);
  EXPECT_EQ(Json(r)["error"],
            "request body of 5000 bytes over the limit of 4096 for /api/desk/drafts");
}

TEST(RecordsApi, ImportAcceptsBodiesUpToItsOwnLargerLimit) {
  ServerFixture f;
  f.SetPassword("root", "pw-root");
  SignedIn s = f.SignIn("root", "pw-root");
  const std::string mid(8000, '\n');  // over max_body, under max_import (65536)
  auto ok =
      f.Client()->Post("/api/import?filename=e.jsonl", ServerFixture::With(s), mid, "text/plain");
  EXPECT_NE(StatusOf(ok), 413);
  auto big = f.Client()->Post("/api/import", ServerFixture::With(s), std::string(70000, 'x'),
                              "text/plain");
  EXPECT_EQ(StatusOf(big), 413);
}

TEST(RecordsApi, UnknownApiPathIs404AndWrongMethodIs405) {
  ServerFixture f;
  EXPECT_EQ(StatusOf(f.Client()->Get("/api/nothing")), 404);
  EXPECT_EQ(StatusOf(f.Client()->Delete("/api/search")), 405);
}

TEST(RecordsApi, MetricsCountRequestsByRoutePattern) {
  ServerFixture f;
  (void)f.Client()->Get("/api/records/pub-1");
  const std::string counted =
      "chancery_http_requests_total{route=\"/api/records/{id}\",method=\"GET\",status=\"200\"} 1";
  std::string text;  // a request is counted just after its response is sent: poll a little
  const httplib::Headers admin = ServerFixture::Bearer(AdminToken(f));  // per-route: admins only
  for (int i = 0; i < 100 && text.find(counted) == std::string::npos; ++i) {
    text = BodyOf(f.Client()->Get("/metrics", admin));
  }
  EXPECT_NE(text.find(counted), std::string::npos) << text;
  EXPECT_NE(
      text.find("chancery_http_request_duration_seconds_count{route=\"/api/records/{id}\"} 1"),
      std::string::npos);
  EXPECT_NE(text.find("chancery_http_requests_in_flight "), std::string::npos);
}

TEST(RecordsApi, AccessLogHasTheRoutePatternButNoQueryOrBody) {
  ServerFixture f;
  (void)f.Client()->Get("/api/search?q=secretword");
  (void)f.Client()->Post("/api/session", R"({"user":"x","password":"hunter2"})",
                         "application/json");
  const std::string log = ReadFileOrDie(f.dir() + "/access.log");
  EXPECT_NE(log.find("\"route\":\"/api/search\""), std::string::npos);
  EXPECT_EQ(log.find("secretword"), std::string::npos);
  EXPECT_EQ(log.find("hunter2"), std::string::npos);
}

TEST(RecordsApi, StaticFilesHaveContentTypesAndCsp) {
  ServerFixture f;
  auto r = f.Client()->Get("/assets/app.js");
  ASSERT_EQ(StatusOf(r), 200);
  EXPECT_EQ(r->get_header_value("Content-Type"), "text/javascript; charset=utf-8");
  EXPECT_NE(r->get_header_value("Content-Security-Policy").find("default-src 'self'"),
            std::string::npos);
  EXPECT_EQ(BodyOf(f.Client()->Get("/")), "<!doctype html><title>Chancery</title>");
}

TEST(RecordsApi, StaticFilesRefuseTraversalAndListings) {
  ServerFixture f;
  EXPECT_EQ(StatusOf(f.Client()->Get("/../secret.txt")), 404);
  EXPECT_EQ(StatusOf(f.Client()->Get("/assets/%2e%2e/%2e%2e/secret.txt")), 404);
  EXPECT_EQ(StatusOf(f.Client()->Get("/assets/")), 404);  // a directory without index.html
}

}  // namespace
}  // namespace chancery::testing
