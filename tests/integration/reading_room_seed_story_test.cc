// The defining record in the reading room, end to end through the real `chancery` binary
// (issue 14, "Tests"): the seed (../shared/seed/000_68b43146905a32b5.txt) imported as it is, with
// the seed's people loaded as name authorities. A historian reads its translation credit (an
// English translation by David Cowhig of a Chinese original this archive does not hold), finds
// it under either of the seed's spellings of the Soviet ambassador and under the usual one it
// never uses, and cites it exactly as the Wilson Center cites it, followed by the version
// permalink; the oracle for every expectation is the seed file itself, read here.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";
const std::string kSeedPeople =
    std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/seed-people.jsonl";

// The line after the seed's "<heading>:" line, skipping blank lines: the seed's own words.
std::string SeedField(const std::string& heading) {
  std::ifstream in(kSeed);
  std::string line;
  bool found = false;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') {
      line.pop_back();
    }
    if (found && !line.empty()) {
      return line;
    }
    found = found || line == heading + ":";
  }
  return "";
}

class ReadingRoomSeedStoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("room.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    const CliResult imported = Cli({"import", kSeed});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
    const CliResult people = Cli({"authority", "load", kSeedPeople});
    ASSERT_EQ(people.exit_code, 0) << people.err;
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  // The ids of the hits of a JSON search.
  std::vector<std::string> Hits(const std::string& query) {
    const CliResult r = Cli({"search", query, "--json"});
    EXPECT_EQ(r.exit_code, 0) << query << ": " << r.err;
    std::vector<std::string> ids;
    const nlohmann::json j = nlohmann::json::parse(r.out, nullptr, false);
    if (j.is_object() && j.contains("hits")) {
      for (const auto& hit : j["hits"]) {
        ids.push_back(hit.value("id", ""));
      }
    }
    return ids;
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(ReadingRoomSeedStoryTest, TheSeedIsCitedExactlyAsItsSourceCitesItThenByItsVersion) {
  const std::string citation = SeedField("Citation");
  ASSERT_FALSE(citation.empty()) << "the seed has a Citation line";
  const CliResult cite = Cli({"cite", "wilson-123881", "--style", "wilson"});
  ASSERT_EQ(cite.exit_code, 0) << cite.err;
  std::istringstream lines(cite.out);
  std::string first;
  std::string second;
  std::getline(lines, first);
  std::getline(lines, second);
  EXPECT_EQ(first, citation);
  // Chancery's permalink follows: the version cited and a short hash of its text.
  EXPECT_NE(second.find("version 1"), std::string::npos) << second;
  EXPECT_NE(second.find("/records/wilson-123881/v/1"), std::string::npos) << second;
  EXPECT_NE(second.find("sha256 "), std::string::npos) << second;

  // By the seed's serial too, and in a reference manager's format with the translator and the
  // archival location in fields of their own.
  const CliResult ris = Cli({"cite", "(63) B-Yin-692", "--style", "ris"});
  ASSERT_EQ(ris.exit_code, 0) << ris.err;
  EXPECT_NE(ris.out.find("\nA4  - David Cowhig\r\n"), std::string::npos) << ris.out;
  EXPECT_NE(ris.out.find("\nAV  - PRC FMA 109-03861-03, 13-17\r\n"), std::string::npos) << ris.out;
}

TEST_F(ReadingRoomSeedStoryTest, ItsTranslationCreditSaysWhatTheSeedSays) {
  const CliResult shown = Cli({"show", "wilson-123881", "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const nlohmann::json j = nlohmann::json::parse(shown.out);
  EXPECT_EQ(j["archival"]["translator"], "David Cowhig");
  EXPECT_EQ(j["archival"]["original_language"], SeedField("Original Language"));
  EXPECT_EQ(j["archival"]["contents"], SeedField("Contents"));
  EXPECT_EQ(j["archival"]["language"], "English");
  // A translation of a Chinese original this archive does not hold.
  ASSERT_TRUE(j.contains("translation_of")) << shown.out;
  EXPECT_EQ(j["translation_of"].value("not_held", false), true);
  EXPECT_FALSE(j["translation_of"].contains("original"));
  EXPECT_EQ(j["archival"]["credits"], SeedField("Credits"));

  const CliResult text = Cli({"show", "wilson-123881"});
  ASSERT_EQ(text.exit_code, 0);
  EXPECT_NE(text.out.find("David Cowhig"), std::string::npos);
  EXPECT_NE(text.out.find("not held"), std::string::npos) << text.out;

  // The Chicago bibliography entry credits the translator as well.
  const CliResult chicago = Cli({"cite", "wilson-123881", "--style", "chicago-bibliography"});
  ASSERT_EQ(chicago.exit_code, 0) << chicago.err;
  EXPECT_NE(chicago.out.find("Translated by David Cowhig"), std::string::npos) << chicago.out;
}

TEST_F(ReadingRoomSeedStoryTest, BothSpellingsOfTheAmbassadorAndTheUsualOneFindTheSeed) {
  // The seed spells him "Chervoenko" once and "Chernovenko" twice; never "Chervonenko".
  std::ifstream in(kSeed);
  std::ostringstream buffer;
  buffer << in.rdbuf();
  const std::string text = buffer.str();
  ASSERT_NE(text.find("Chervoenko"), std::string::npos);
  ASSERT_NE(text.find("Chernovenko"), std::string::npos);
  ASSERT_EQ(text.find("Chervonenko"), std::string::npos);

  EXPECT_EQ(Hits("Chervoenko"), std::vector<std::string>{"wilson-123881"});
  EXPECT_EQ(Hits("Chernovenko"), std::vector<std::string>{"wilson-123881"});
  EXPECT_TRUE(Hits("Chervonenko").empty()) << "the usual spelling is not in the text";
  for (const char* query : {"person:Chervonenko", "person:Chervoenko", "person:Chernovenko"}) {
    EXPECT_EQ(Hits(query), std::vector<std::string>{"wilson-123881"}) << query;
  }

  // One authority holds both spellings and names the record.
  const CliResult who = Cli({"authority", "show", "Chervonenko"});
  ASSERT_EQ(who.exit_code, 0) << who.err;
  EXPECT_NE(who.out.find("Chervoenko"), std::string::npos) << who.out;
  EXPECT_NE(who.out.find("Chernovenko"), std::string::npos) << who.out;
  EXPECT_NE(who.out.find("wilson-123881"), std::string::npos) << who.out;
}

}  // namespace
}  // namespace chancery
