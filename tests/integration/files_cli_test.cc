// `chancery file ...` black-box (issue 14 §5, digital objects): an archivist attaches a scan (a
// PDF and two PNG pages made by make_test_scan.py) to a TOP SECRET record; the public sees no
// file of it, exactly as of a missing record; after publication with a withheld paragraph the
// unredacted scan is refused on the published version, a reviewer's redacted scan is accepted
// and public, and the proof bundle still verifies. Hostile files are refused naming the file.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

constexpr const char* kCable =
    "Id: ts-1963-001\n"
    "Organization: Ministry of Foreign Affairs\n"
    "Direction: outgoing\n"
    "Kind: telegram\n"
    "Date: 1963-03-13\n"
    "Classification: TOP SECRET\n"
    "To: Embassy in Moscow\n"
    "Title: On the reply to the Soviet letter\n"
    "\n"
    "Hand the reply to Chervonenko today.\n"
    "\n"
    "The Kremlin channel through Harbin remains open.\n"
    "\n"
    "Report the reactions by telegram.\n";

std::string ReadAll(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class FilesCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("archive.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    for (const auto& [name, role] : std::vector<std::pair<std::string, std::string>>{
             {"rev1", "reviewer"}, {"rev2", "reviewer"}, {"arch", "archivist"}}) {
      CliResult r = Cli({"user", "add", name, "--clearance", "TOP SECRET", "--role", role});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    ASSERT_EQ(Cli({"user", "add", "clerk", "--clearance", "TOP SECRET"}).exit_code, 0);
    testing::WriteFileOrDie(dir_.File("ts.cable"), kCable);
    CliResult imported = Cli({"import", dir_.File("ts.cable")});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    scans_ = dir_.File("scan");
    const std::string cmd =
        "/usr/bin/python3 " CHANCERY_SOURCE_DIR "/tests/integration/make_test_scan.py " + scans_;
    ASSERT_EQ(std::system(cmd.c_str()), 0);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  std::string Scan(const std::string& name) { return scans_ + "/" + name; }

  void Publish() {
    ASSERT_EQ(Cli({"review", "withhold", "ts-1963-001", "--span", "/body/1/text", "--code", "25X1",
                   "--as", "rev1"})
                  .exit_code,
              0);
    ASSERT_EQ(Cli({"review", "release", "ts-1963-001", "--as", "rev1"}).exit_code, 0);
    ASSERT_EQ(Cli({"review", "concur", "ts-1963-001", "--as", "rev2"}).exit_code, 0);
    CliResult p = Cli({"review", "publish", "ts-1963-001", "--as", "arch"});
    ASSERT_EQ(p.exit_code, 0) << p.err;
  }

  testing::TempDir dir_;
  std::string db_;
  std::string scans_;
};

TEST_F(FilesCliTest, AnArchivistAttachesAScanAndAClearedReaderGetsTheSameBytes) {
  for (const char* f : {"scan.pdf", "page1.png", "page2.png"}) {
    CliResult add = Cli({"file", "add", "ts-1963-001", Scan(f), "--as", "arch"});
    ASSERT_EQ(add.exit_code, 0) << add.err;
  }
  CliResult list = Cli({"file", "list", "ts-1963-001", "--as", "clerk"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("scan.pdf"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("application/pdf"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("page2.png"), std::string::npos) << list.out;
  CliResult get =
      Cli({"file", "get", "ts-1963-001", "page2.png", "-o", dir_.File("out.png"), "--as", "clerk"});
  ASSERT_EQ(get.exit_code, 0) << get.err;
  EXPECT_EQ(ReadAll(dir_.File("out.png")), ReadAll(Scan("page2.png")));
}

TEST_F(FilesCliTest, ThePublicSeesNoFileOfAHiddenRecordExactlyAsOfAMissingOne) {
  ASSERT_EQ(Cli({"file", "add", "ts-1963-001", Scan("scan.pdf"), "--as", "arch"}).exit_code, 0);
  const CliResult hidden = Cli({"file", "list", "ts-1963-001"});
  const CliResult missing = Cli({"file", "list", "ts-1963-009"});
  EXPECT_EQ(hidden.exit_code, 1);
  EXPECT_EQ(hidden.err, "chancery: not found: no record ts-1963-001\n");
  EXPECT_EQ(missing.err, "chancery: not found: no record ts-1963-009\n");
  const CliResult get =
      Cli({"file", "get", "ts-1963-001", "scan.pdf", "-o", dir_.File("leak.pdf")});
  EXPECT_EQ(get.err, hidden.err);
  const CliResult guessed =
      Cli({"file", "get", "ts-1963-001", "nothing.pdf", "-o", dir_.File("leak.pdf")});
  EXPECT_EQ(guessed.err, hidden.err);
}

TEST_F(FilesCliTest, APublishedVersionTakesOnlyAReviewersRedactedScanAndItsProofVerifies) {
  ASSERT_EQ(Cli({"file", "add", "ts-1963-001", Scan("scan.pdf"), "--as", "arch"}).exit_code, 0);
  ASSERT_NO_FATAL_FAILURE(Publish());
  CliResult refused = Cli({"file", "add", "ts-1963-001.p1", Scan("scan.pdf"), "--as", "arch"});
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_NE(refused.err.find("published in part"), std::string::npos) << refused.err;
  CliResult carry = Cli({"file", "carry", "ts-1963-001.p1", "scan.pdf", "--as", "arch"});
  EXPECT_EQ(carry.exit_code, 1);
  CliResult redacted = Cli({"file", "add", "ts-1963-001.p1", Scan("redacted.pdf"), "--kind",
                            "redacted-scan", "--replaces", "scan.pdf", "--as", "rev1"});
  ASSERT_EQ(redacted.exit_code, 0) << redacted.err;
  EXPECT_NE(redacted.out.find("replaces ts-1963-001/v1/scan.pdf"), std::string::npos)
      << redacted.out;
  // The public reads the redacted scan, and only it.
  CliResult list = Cli({"file", "list", "ts-1963-001.p1"});
  ASSERT_EQ(list.exit_code, 0) << list.err;
  EXPECT_NE(list.out.find("redacted.pdf"), std::string::npos);
  EXPECT_EQ(list.out.rfind("redacted.pdf ", 0), 0u) << list.out;
  EXPECT_EQ(("\n" + list.out).find("\nscan.pdf "), std::string::npos) << list.out;
  ASSERT_EQ(
      Cli({"file", "get", "ts-1963-001.p1", "redacted.pdf", "-o", dir_.File("r.pdf")}).exit_code,
      0);
  EXPECT_EQ(ReadAll(dir_.File("r.pdf")), ReadAll(Scan("redacted.pdf")));
  EXPECT_EQ(Cli({"file", "get", "ts-1963-001", "scan.pdf", "-o", dir_.File("o.pdf")}).err,
            "chancery: not found: no record ts-1963-001\n");
  // The publication's proof is untouched by the file.
  CliResult proof = Cli({"proof", "ts-1963-001.p1", "--out", dir_.File("bundle.json")});
  ASSERT_EQ(proof.exit_code, 0) << proof.err;
  CliResult verify = Cli({"verify", dir_.File("bundle.json")});
  EXPECT_EQ(verify.exit_code, 0) << verify.out << verify.err;
  CliResult audit = Cli({"audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

TEST_F(FilesCliTest, HostileFilesAreRefusedNamingTheFileAndNothingIsStored) {
  testing::WriteFileOrDie(dir_.File("page.png"), "<html><script>alert(document.cookie)</script>");
  testing::WriteFileOrDie(dir_.File("empty.png"), "");

  struct Case {
    std::vector<std::string> args;
    std::string says;
  };

  const std::vector<Case> cases = {
      {{dir_.File("page.png")}, "file page.png: the bytes are HTML, XML or SVG"},
      {{dir_.File("page.png"), "--type", "image/png"}, "HTML"},
      {{dir_.File("empty.png")}, "file empty.png: the file is empty"},
      {{Scan("page1.png"), "--name", "../../x"}, "file name \"../../x\": a path, not a name"},
      {{Scan("page1.png"), "--max-bytes", "100"}, "exceed the limit of 100 bytes"},
      {{Scan("scan.pdf"), "--type", "image/png"}, "declared as image/png but its bytes are"},
  };
  for (const Case& c : cases) {
    std::vector<std::string> args = {"file", "add", "ts-1963-001"};
    args.insert(args.end(), c.args.begin(), c.args.end());
    args.insert(args.end(), {"--as", "arch"});
    CliResult r = Cli(args);
    EXPECT_EQ(r.exit_code, 1) << c.says;
    EXPECT_NE(r.err.find(c.says), std::string::npos) << r.err;
  }
  EXPECT_EQ(Cli({"file", "list", "ts-1963-001", "--as", "arch"}).out, "(no files)\n");
  CliResult clerk = Cli({"file", "add", "ts-1963-001", Scan("scan.pdf"), "--as", "clerk"});
  EXPECT_NE(clerk.err.find("needs the archivist role"), std::string::npos) << clerk.err;
}

}  // namespace
}  // namespace chancery
