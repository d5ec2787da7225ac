// FRUS metadata through the `chancery` CLI on the dev volume frus1961-63v22 (issue 12 item 5):
// approval chains split into roles, persons tagged in the text searchable with person:, facet
// values normalized (titles for volumes, years in order), snippets from the whole text, footnote
// markers in place, and the corpus report `import --anomalies [F.tsv]` (older spelling
// `import --dry-run --anomalies F.tsv`).
#include <algorithm>
#include <filesystem>
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

const std::string kDevDir = std::string(CHANCERY_SHARED_DIR) + "/corpus/frus/dev";
const std::string kVolume = kDevDir + "/frus1961-63v22.xml";

class FrusMetadataCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    const CliResult r = Cli({"import", "--quiet", kVolume});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", dir_->File("frus.db")});
    return RunCli(args);
  }

  static nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    const CliResult r = Cli(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  static std::vector<std::string> FacetValues(const nlohmann::json& results,
                                              const std::string& facet) {
    std::vector<std::string> values;
    for (const auto& b : results["facets"][facet]) {
      values.push_back(b["value"].get<std::string>());
    }
    return values;
  }

  static testing::TempDir* dir_;
};

testing::TempDir* FrusMetadataCli::dir_ = nullptr;

TEST_F(FrusMetadataCli, DraftedAndApprovedBySplitIntoRoles) {
  const nlohmann::json d5 = Json({"show", "frus1961-63v22-d5"});  // "Drafted by Rusk and ..."
  EXPECT_EQ(d5["drafter"], "Rusk");
  bool parsons_approved = false;
  for (const auto& a : d5["approvals"]) {
    parsons_approved = parsons_approved || (a["name"] == "Parsons" && a["state"] == "approved");
  }
  EXPECT_TRUE(parsons_approved) << d5["approvals"].dump();
}

TEST_F(FrusMetadataCli, PersonTaggedInTheTextIsFoundWithPersonPrefix) {
  const nlohmann::json r = Json({"search", "person:Chou", "--limit", "100"});
  ASSERT_GE(r["total"].get<int>(), 5) << r.dump();  // 0 before issue 12
  ASSERT_FALSE(r["hits"].empty());
  const nlohmann::json d = Json({"show", r["hits"][0]["id"].get<std::string>()});
  bool linked = false;
  for (const auto& p : d["persons"]) {
    linked = linked || p.get<std::string>().find("Chou En-lai") != std::string::npos;
  }
  EXPECT_TRUE(linked) << d["persons"].dump();
}

TEST_F(FrusMetadataCli, SnippetsHighlightMatchesPastTheFirstTwoKilobytes) {
  const nlohmann::json r = Json({"search", "\"Sino-Soviet\"", "--from", "1963", "--to", "1963",
                                 "--snippets", "--limit", "50"});
  ASSERT_GE(r["hits"].size(), 5u) << r.dump();
  for (const auto& hit : r["hits"]) {
    EXPECT_NE(hit["snippet"].get<std::string>().find("<b>"), std::string::npos)
        << hit["id"] << ": " << hit["snippet"];
  }
}

TEST_F(FrusMetadataCli, FacetsShowVolumeTitlesYearsInOrderAndNoArticleOrPrecedence) {
  const nlohmann::json r =
      Json({"search", "", "--facets", "collection,year,from,classification", "--limit", "1"});
  const auto& collection = r["facets"]["collection"];
  ASSERT_EQ(collection.size(), 1u);
  EXPECT_EQ(collection[0]["value"], "frus1961-63v22");
  EXPECT_NE(collection[0]["label"].get<std::string>().find("Foreign Relations"), std::string::npos);
  const std::vector<std::string> years = FacetValues(r, "year");
  EXPECT_TRUE(std::is_sorted(years.begin(), years.end())) << r["facets"]["year"].dump();
  EXPECT_EQ(years.back(), "1963");
  for (const std::string& from : FacetValues(r, "from")) {
    EXPECT_NE(from.rfind("the ", 0), 0u) << from;
  }
  for (const std::string& c : FacetValues(r, "classification")) {
    EXPECT_EQ(c.find_first_of("abcdefghijklmnopqrstuvwxyz"), std::string::npos) << c;
    EXPECT_TRUE(c != "NIACT" && c != "PRIORITY" && c != "IMMEDIATE") << c;
  }
}

TEST_F(FrusMetadataCli, FootnoteMarkerStandsWhereThePrintedNoteIs) {
  const nlohmann::json d7 = Json({"show", "frus1961-63v22-d7"});
  EXPECT_NE(d7["body"][0]["text"].get<std::string>().find("Deptels 401[1] and 412"),
            std::string::npos)
      << d7["body"][0];
  bool note = false;
  for (const auto& n : d7["notes"]) {
    note = note || (n["kind"] == "footnote" && n["text"].get<std::string>().rfind("[1] ", 0) == 0);
  }
  EXPECT_TRUE(note);
}

TEST_F(FrusMetadataCli, DryRunReportCountsNoMetadataAnomaliesInV22) {
  const CliResult r = RunCli({"import", "--dry-run", kVolume});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("dry run: 385 FRUS documents in 1 files"), std::string::npos) << r.out;
  for (const char* kind : {"facet-classification", "facet-article", "person-unlinked",
                           "footnote-unanchored", "original-language"}) {
    EXPECT_EQ(r.out.find(kind), std::string::npos) << kind << " in\n" << r.out;
  }
}

TEST_F(FrusMetadataCli, AnomaliesIsTheCorpusReportAndStoresNothing) {
  testing::TempDir dir;
  const std::string db = dir.File("never.db");
  const CliResult r = RunCli({"--db", db, "import", "--anomalies", dir.File("v22.tsv"), kVolume});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("dry run: 385 FRUS documents in 1 files"), std::string::npos) << r.out;
  EXPECT_EQ(testing::ReadFileOrDie(dir.File("v22.tsv")).rfind("file\tdocument\tline\tkind\t", 0),
            0u);
  EXPECT_FALSE(std::filesystem::exists(db));  // no store opened, none created
}

TEST_F(FrusMetadataCli, AnomaliesWithoutAFilePrintsTheCountsAndLeavesTheVolumeAlone) {
  testing::TempDir dir;
  const std::string volume = dir.File("frus1961-63v22.xml");
  std::filesystem::copy_file(kVolume, volume);
  const CliResult r = RunCli({"--db", dir.File("never.db"), "import", "--anomalies", volume});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("dry run: 385 FRUS documents in 1 files"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("undated"), std::string::npos) << r.out;  // a count by kind
  EXPECT_EQ(testing::ReadFileOrDie(volume), testing::ReadFileOrDie(kVolume));
  EXPECT_EQ(std::distance(std::filesystem::directory_iterator(dir.path()), {}), 1);
}

TEST_F(FrusMetadataCli, OlderSpellingDryRunAnomaliesStillWritesTheReport) {
  testing::TempDir dir;
  const CliResult r = RunCli({"import", "--dry-run", "--anomalies", dir.File("v22.tsv"), kVolume});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("dry run: 385 FRUS documents in 1 files"), std::string::npos) << r.out;
  EXPECT_TRUE(std::filesystem::exists(dir.File("v22.tsv")));
}

}  // namespace
}  // namespace chancery
