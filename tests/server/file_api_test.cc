// Digital objects over HTTP (docs/archive.md "Digital objects", docs/api/openapi.yaml): the
// headers a file is served with (type, length, ETag, disposition, nosniff, a sandboxing CSP),
// byte ranges, the 404 of a hidden record's file byte for byte the 404 of a missing record's, no
// fetch by guessing a name or a published id, and hostile uploads refused with nothing stored.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"
#include "chancery/records/records.h"

#include "server_fixture.h"

namespace chancery::testing {
namespace {

using json = nlohmann::json;

const std::string kPng = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(3000, '\x11');

class FileApi : public ::testing::Test {
 protected:
  void SetUp() override {
    AddUser("arch", "SECRET", {"archivist"});
    AddUser("clerk", "SECRET", {});
    AddUser("reader", "PUBLIC", {});
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

  httplib::Result Attach(const std::string& as, const std::string& id, const std::string& name,
                         const std::string& body, const std::string& type = "image/png") {
    return f_.Client()->Post("/api/records/" + id + "/files?name=" + name,
                             ServerFixture::With(users_[as]), body, type);
  }

  httplib::Result Get(const std::string& as, const std::string& path, httplib::Headers extra = {}) {
    httplib::Headers headers = as.empty() ? httplib::Headers{} : ServerFixture::With(users_[as]);
    headers.insert(extra.begin(), extra.end());
    return f_.Client()->Get(path, headers);
  }

  ServerFixture f_;
  std::map<std::string, SignedIn> users_;
};

TEST_F(FileApi, AFileIsServedWithItsTypeLengthETagAndASandbox) {
  auto posted = Attach("arch", "sec-1", "page1.png", kPng);
  ASSERT_EQ(StatusOf(posted), 201) << BodyOf(posted);
  EXPECT_EQ(json::parse(BodyOf(posted))["sha256"], audit::Sha256Hex(kPng));
  auto got = Get("clerk", "/api/records/sec-1/files/page1.png");
  ASSERT_EQ(StatusOf(got), 200) << BodyOf(got);
  EXPECT_EQ(got->body, kPng);
  EXPECT_EQ(got->get_header_value("Content-Type"), "image/png");
  EXPECT_EQ(got->get_header_value("Content-Length"), std::to_string(kPng.size()));
  EXPECT_EQ(got->get_header_value("ETag"), "\"" + audit::Sha256Hex(kPng) + "\"");
  EXPECT_EQ(got->get_header_value("Content-Disposition"), "inline; filename=\"page1.png\"");
  EXPECT_EQ(got->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(got->get_header_value_count("Content-Security-Policy"), 1u);
  EXPECT_EQ(got->get_header_value("Content-Security-Policy").rfind("sandbox;", 0), 0u);
  EXPECT_NE(got->get_header_value("Content-Security-Policy").find("default-src 'none'"),
            std::string::npos);
  EXPECT_EQ(got->get_header_value_count("X-Frame-Options"), 1u);
  EXPECT_EQ(got->get_header_value("X-Frame-Options"), "SAMEORIGIN");
  // The JSON API keeps the server's defaults.
  auto list = Get("clerk", "/api/records/sec-1/files");
  EXPECT_EQ(list->get_header_value("X-Frame-Options"), "DENY");
  EXPECT_EQ(json::parse(BodyOf(list))["files"][0]["name"], "page1.png");
}

TEST_F(FileApi, RangesAndConditionalRequests) {
  ASSERT_EQ(StatusOf(Attach("arch", "sec-1", "page1.png", kPng)), 201);
  const std::string path = "/api/records/sec-1/files/page1.png";
  auto part = Get("clerk", path, {{"Range", "bytes=2-9"}});
  ASSERT_EQ(StatusOf(part), 206);
  EXPECT_EQ(part->body, kPng.substr(2, 8));
  EXPECT_EQ(part->get_header_value("Content-Range"), "bytes 2-9/" + std::to_string(kPng.size()));
  auto tail = Get("clerk", path, {{"Range", "bytes=-4"}});
  EXPECT_EQ(tail->body, kPng.substr(kPng.size() - 4));
  EXPECT_EQ(StatusOf(Get("clerk", path, {{"Range", "bytes=999999-"}})), 416);
  const std::string etag = "\"" + audit::Sha256Hex(kPng) + "\"";
  EXPECT_EQ(StatusOf(Get("clerk", path, {{"If-None-Match", etag}})), 304);
}

TEST_F(FileApi, AHiddenRecordsFileIsTheMissingRecords404ByteForByte) {
  ASSERT_EQ(StatusOf(Attach("arch", "sec-1", "page1.png", kPng)), 201);
  for (const std::string as : {"", "reader"}) {
    for (const std::string suffix : {"/files", "/files/page1.png", "/files/guess.pdf"}) {
      auto hidden = Get(as, "/api/records/sec-1" + suffix);
      auto missing = Get(as, "/api/records/sec-9" + suffix);
      EXPECT_EQ(StatusOf(hidden), 404) << as << suffix;
      EXPECT_EQ(StatusOf(missing), 404);
      EXPECT_EQ(BodyOf(hidden), BodyOf(missing).replace(BodyOf(missing).find("sec-9"), 5, "sec-1"));
      EXPECT_EQ(hidden->get_header_value("Content-Length"),
                missing->get_header_value("Content-Length"));
      EXPECT_EQ(hidden->get_header_value("Content-Type"),
                missing->get_header_value("Content-Type"));
    }
    // Nor by a published id that does not exist, nor by another record's id.
    EXPECT_EQ(StatusOf(Get(as, "/api/records/sec-1.p1/files/page1.png")), 404);
    EXPECT_EQ(StatusOf(Get(as, "/api/records/pub-1/files/page1.png")), 404);
  }
  // The record's own 404 is the same body as its files'.
  EXPECT_EQ(BodyOf(Get("", "/api/records/sec-1")), BodyOf(Get("", "/api/records/sec-1/files")));
}

TEST_F(FileApi, AttachingIsRefusedWithoutTheRoleOrTheRead) {
  auto clerk = Attach("clerk", "sec-1", "page1.png", kPng);
  EXPECT_EQ(StatusOf(clerk), 403) << BodyOf(clerk);
  auto reader = Attach("reader", "sec-1", "page1.png", kPng);
  EXPECT_EQ(StatusOf(reader), 404) << BodyOf(reader);
  EXPECT_EQ(StatusOf(f_.Client()->Post("/api/records/pub-1/files?name=a.png", kPng, "image/png")),
            401);
}

TEST_F(FileApi, HostileUploadsAreRefusedAndNothingIsStored) {
  struct Case {
    std::string name, body, type, says;
    int status;
  };

  const std::vector<Case> cases = {
      {"page.png", "<html><script>alert(1)</script></html>", "image/png", "HTML", 400},
      {"page.png", "", "image/png", "empty", 400},
      {"..%2F..%2Fx", kPng, "image/png", "a path, not a name", 400},
      {"scan.pdf", kPng, "application/pdf", "declared as application/pdf", 400},
      {"big.png", kPng + std::string((size_t{50} << 20), 'x'), "image/png", "over the limit", 413},
  };
  for (const Case& c : cases) {
    auto r = Attach("arch", "pub-1", c.name, c.body, c.type);
    EXPECT_EQ(StatusOf(r), c.status) << c.name << ": " << BodyOf(r);
    EXPECT_NE(BodyOf(r).find(c.says), std::string::npos) << BodyOf(r);
  }
  EXPECT_EQ(json::parse(BodyOf(Get("", "/api/records/pub-1/files")))["files"].size(), 0u);
}

}  // namespace
}  // namespace chancery::testing
