// `chancery cite` and `chancery show --version` through the real binary (docs/citations.md):
// the seed cited exactly as its source cites it, then Chancery's version permalink; every
// style; an unknown style; hidden records; past versions and their permalinks and hashes.
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/format/citation.h"
#include "chancery/format/json.h"
#include "chancery/records/content_hash.h"

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";
constexpr const char* kBase = "https://reading.example";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::string SeedCitationLine() {
  std::istringstream in(ReadFile(kSeed));
  std::string line;
  bool after = false;
  while (std::getline(in, line)) {
    if (line == "Citation:") {
      after = true;
    } else if (after && !line.empty()) {
      return line;
    }
  }
  return "";
}

class CiteCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("cite.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    ASSERT_EQ(Cli({"import", kSeed}).exit_code, 0);
    testing::WriteFileOrDie(
        dir_.File("secret.jsonl"),
        format::CableToJson(testing::MakeCable("sec-1", "Grain depot", "Troops.", "SECRET")) +
            "\n");
    ASSERT_EQ(Cli({"import", dir_.File("secret.jsonl")}).exit_code, 0);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    args.push_back("--base-url");
    args.push_back(kBase);
    if (args[2] != "cite") {
      args.resize(args.size() - 2);  // --base-url is cite's own option
    }
    return RunCli(args);
  }

  // The hash of the version `show --json [--version N]` prints: what a citation must carry.
  std::string HashOfShown(const std::string& version = "") {
    std::vector<std::string> args = {"show", "wilson-123881", "--json"};
    if (!version.empty()) {
      args.insert(args.end(), {"--version", version});
    }
    CliResult r = Cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    Result<model::Cable> c = format::CableFromJson(r.out);
    return c.ok() ? records::ContentHash(*c) : "<bad json>";
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(CiteCliTest, TheSeedIsCitedExactlyAsItsSourceThenItsVersionPermalink) {
  CliResult r = Cli({"cite", "wilson-123881", "--style", "wilson"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string line = SeedCitationLine();
  ASSERT_NE(line.find("Translated by David Cowhig."), std::string::npos);
  EXPECT_EQ(r.out, line + "\nChancery version 1, sha256 " + HashOfShown() +
                       ": https://reading.example/records/wilson-123881/v/1\n");
  // The default style is wilson, and the serial finds the record too.
  EXPECT_EQ(Cli({"cite", "(63) B-Yin-692"}).out, r.out);
}

TEST_F(CiteCliTest, EveryStyleCarriesTheVersionPermalinkAndHash) {
  const std::string hash = HashOfShown();
  for (format::CitationStyle style : format::CitationStyles()) {
    const std::string name(format::CitationStyleName(style));
    CliResult r = Cli({"cite", "wilson-123881", "--style", name});
    ASSERT_EQ(r.exit_code, 0) << name << ": " << r.err;
    EXPECT_NE(r.out.find("https://reading.example/records/wilson-123881/v/1"), std::string::npos)
        << name;
    EXPECT_NE(r.out.find(hash), std::string::npos) << name;
  }
  EXPECT_NE(Cli({"cite", "wilson-123881", "--style", "ris"}).out.find("A4  - David Cowhig\r\n"),
            std::string::npos);
  EXPECT_NE(Cli({"cite", "wilson-123881", "--style", "bibtex"})
                .out.find("  translator = {{David Cowhig}},\n"),
            std::string::npos);
  const nlohmann::json csl =
      nlohmann::json::parse(Cli({"cite", "wilson-123881", "--style", "csl-json"}).out);
  EXPECT_EQ(csl.at(0).at("archive_location"), "PRC FMA 109-03861-03, 13-17");
}

TEST_F(CiteCliTest, AnUnknownStyleIsAUsageErrorListingTheStyles) {
  CliResult r = Cli({"cite", "wilson-123881", "--style", "apa"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("unknown citation style \"apa\"; styles: wilson, chicago-note, "
                       "chicago-bibliography, csl-json, ris, bibtex"),
            std::string::npos)
      << r.err;
}

TEST_F(CiteCliTest, AHiddenRecordIsCitedLikeAMissingOne) {
  CliResult hidden = Cli({"cite", "sec-1"});
  CliResult missing = Cli({"cite", "sec-2"});
  EXPECT_EQ(hidden.exit_code, 1);
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_EQ(hidden.err, "chancery: not found: no record sec-1\n");
  EXPECT_EQ(missing.err, "chancery: not found: no record sec-2\n");
  ASSERT_EQ(Cli({"user", "add", "analyst", "--clearance", "SECRET"}).exit_code, 0);
  EXPECT_EQ(Cli({"cite", "sec-1", "--as", "analyst"}).exit_code, 0);
}

TEST_F(CiteCliTest, APastVersionKeepsItsPermalinkAndHashAndShowSaysItIsNotCurrent) {
  const std::string v1_hash = HashOfShown();
  const std::string v1 = Cli({"cite", "wilson-123881", "--style", "chicago-note"}).out;
  // A corrected summary: the importer keeps version 1 and makes version 2.
  std::string text = ReadFile(kSeed);
  const std::string summary = "Mao Zedong discusses";
  ASSERT_NE(text.find(summary), std::string::npos);
  text.replace(text.find(summary), summary.size(), "Chairman Mao Zedong discusses");
  testing::WriteFileOrDie(dir_.File("000_68b43146905a32b5.txt"), text);
  ASSERT_EQ(Cli({"import", dir_.File("000_68b43146905a32b5.txt")}).exit_code, 0);

  const std::string v2_hash = HashOfShown();
  EXPECT_NE(v2_hash, v1_hash);
  CliResult old = Cli({"cite", "wilson-123881", "--style", "chicago-note", "--version", "1"});
  ASSERT_EQ(old.exit_code, 0) << old.err;
  EXPECT_EQ(old.out, v1);  // a citation of version 1 does not change when version 2 comes
  CliResult now = Cli({"cite", "wilson-123881", "--style", "chicago-note"});
  EXPECT_NE(now.out.find("Version 2, sha256 " + v2_hash +
                         ", https://reading.example/records/"
                         "wilson-123881/v/2."),
            std::string::npos)
      << now.out;
  EXPECT_EQ(HashOfShown("1"), v1_hash);

  CliResult shown = Cli({"show", "wilson-123881", "--version", "1"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_EQ(shown.out.rfind("Version 1 of 2; the current version differs.\n", 0), 0u);
  EXPECT_EQ(shown.out.find("Chairman Mao Zedong discusses"), std::string::npos);
  EXPECT_EQ(Cli({"show", "wilson-123881", "--version", "2"}).out.find("Version 2 of 2"),
            std::string::npos);
  CliResult future = Cli({"cite", "wilson-123881", "--version", "3"});
  EXPECT_EQ(future.exit_code, 1);
  EXPECT_EQ(future.err, "chancery: not found: no record wilson-123881\n");
}

TEST_F(CiteCliTest, AVersionOfARecordNowAboveTheReaderIsNotFound) {
  // Version 1 was PUBLIC; version 2 raised the label to SECRET: the public reader may read
  // neither (the record as it is now decides whether it exists for them).
  testing::WriteFileOrDie(
      dir_.File("p.jsonl"),
      format::CableToJson(testing::MakeCable("up-1", "Grain", "Grain talks.", "PUBLIC")) + "\n");
  ASSERT_EQ(Cli({"import", dir_.File("p.jsonl")}).exit_code, 0);
  ASSERT_EQ(Cli({"cite", "up-1", "--version", "1"}).exit_code, 0);
  testing::WriteFileOrDie(
      dir_.File("s.jsonl"),
      format::CableToJson(testing::MakeCable("up-1", "Grain", "Grain talks.", "SECRET")) + "\n");
  ASSERT_EQ(Cli({"import", dir_.File("s.jsonl")}).exit_code, 0);
  CliResult r = Cli({"cite", "up-1", "--version", "1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.err, "chancery: not found: no record up-1\n");
}

TEST_F(CiteCliTest, SeveralRecordsMakeOneBibliography) {
  ASSERT_EQ(Cli({"import", std::string(CHANCERY_SOURCE_DIR) + "/examples/archive"}).exit_code, 0);
  CliResult r = Cli({"cite", "wilson-123881", "arcadia-4411", "--style", "csl-json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json items = nlohmann::json::parse(r.out);
  ASSERT_EQ(items.size(), 2u);
  EXPECT_EQ(items[1]["id"], "arcadia-4411/v/1");
  EXPECT_EQ(Cli({"cite", "wilson-123881", "arcadia-4411", "--version", "1"}).exit_code, 2);
}

}  // namespace
}  // namespace chancery
