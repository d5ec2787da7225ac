// Browsing through the real `chancery` binary (docs/archive.md "Browsing"): a FRUS dev volume's
// table of contents in the TEI's own order with its chapters, previous/next on `show`, curated
// collections (create, describe, add, move, remove) with bad input that stores nothing, a hidden
// member that a reader never sees, and the date histogram of `search --histogram`.
#include <fstream>
#include <regex>
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
using Json = nlohmann::json;

const std::string kVolume =
    std::string(CHANCERY_SHARED_DIR) + "/corpus/frus/dev/frus1961-63v22.xml";
const std::string kExamples = std::string(CHANCERY_SOURCE_DIR) + "/examples/cables/";

class CollectionCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    AddUser("arch", "TOP SECRET", {"archivist"});
    AddUser("lowarch", "PUBLIC", {"archivist"});
    AddUser("reader", "PUBLIC", {});
    AddUser("cleared", "TOP SECRET", {});
    CliResult r = Cli({"import", "--quiet", kVolume});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    r = Cli({"import", kExamples + "01-public-press-guidance.cable",
             kExamples + "03-confidential-trade-talks.cable"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static void AddUser(const std::string& name, const std::string& level,
                      const std::vector<std::string>& roles) {
    std::vector<std::string> args = {"user", "add", name, "--clearance", level};
    for (const std::string& role : roles) {
      args.push_back("--role");
      args.push_back(role);
    }
    const CliResult r = Cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", dir_->File("browse.db")});
    return RunCli(args);
  }

  static Json JsonOf(std::vector<std::string> args) {
    args.push_back("--json");
    const CliResult r = Cli(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }

  // The entry ids of a table of contents, in order.
  static std::vector<std::string> TocIds(const Json& toc) {
    std::vector<std::string> ids;
    for (const auto& s : toc["sections"]) {
      for (const auto& e : s["entries"]) {
        ids.push_back(e["id"]);
      }
    }
    return ids;
  }

  static testing::TempDir* dir_;
};

testing::TempDir* CollectionCli::dir_ = nullptr;

TEST_F(CollectionCli, VolumeTableOfContentsIsTheTeiDocumentOrderWithPrintedNumbers) {
  // The document divs of the TEI file, read here with a regular expression: not the importer.
  std::ifstream in(kVolume);
  std::stringstream xml;
  xml << in.rdbuf();
  const std::string text = xml.str();
  const std::regex div(R"re(<div\s+type="document"\s+xml:id="(d\d+)"\s+n="(\d+)")re");
  std::vector<std::string> want_ids;
  std::vector<std::string> want_numbers;
  for (auto it = std::sregex_iterator(text.begin(), text.end(), div); it != std::sregex_iterator();
       ++it) {
    want_ids.push_back("frus1961-63v22-" + (*it)[1].str());
    want_numbers.push_back((*it)[2].str());
  }
  ASSERT_EQ(want_ids.size(), 385u);
  const Json toc = JsonOf({"collection", "show", "frus1961-63v22"});
  EXPECT_EQ(TocIds(toc), want_ids);
  std::vector<std::string> numbers;
  for (const auto& s : toc["sections"]) {
    for (const auto& e : s["entries"]) {
      numbers.push_back(e["number"]);
    }
  }
  EXPECT_EQ(numbers, want_numbers);
  EXPECT_EQ(toc["count"], 385);
  EXPECT_EQ(toc["kind"], "volume");
}

TEST_F(CollectionCli, VolumeChaptersAreTheVolumesOwn) {
  const Json toc = JsonOf({"collection", "show", "frus1961-63v22"});
  std::vector<std::pair<std::vector<std::string>, size_t>> got;
  for (const auto& s : toc["sections"]) {
    got.emplace_back(s["path"].get<std::vector<std::string>>(), s["entries"].size());
  }
  const std::vector<std::pair<std::vector<std::string>, size_t>> want = {
      {{"China; Korea; Japan", "China"}, 197},
      {{"China; Korea; Japan", "Mongolia"}, 3},
      {{"China; Korea; Japan", "Korea"}, 120},
      {{"China; Korea; Japan", "Japan"}, 65}};
  EXPECT_EQ(got, want);
  const CliResult text = Cli({"collection", "show", "frus1961-63v22"});
  EXPECT_NE(text.out.find("\n  Mongolia\n"), std::string::npos) << text.out.substr(0, 400);
}

TEST_F(CollectionCli, ShowPrintsPreviousAndNextInCollectionOrder) {
  CliResult r = Cli({"show", "frus1961-63v22-d7"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("7 of 385"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Previous in frus1961-63v22: 6. Memorandum of Conversation "
                       "[frus1961-63v22-d6]"),
            std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find("Next in frus1961-63v22: 8. "), std::string::npos) << r.out;
  r = Cli({"show", "frus1961-63v22-d1"});
  EXPECT_NE(r.out.find("Previous in frus1961-63v22: (first)"), std::string::npos) << r.out;
  r = Cli({"show", "frus1961-63v22-d385"});
  EXPECT_NE(r.out.find("Next in frus1961-63v22: (last)"), std::string::npos) << r.out;
  // Across a chapter boundary: the last of China (197) is followed by the first of Mongolia.
  r = Cli({"show", "frus1961-63v22-d197"});
  EXPECT_NE(r.out.find("Next in frus1961-63v22: 198. "), std::string::npos) << r.out;
}

TEST_F(CollectionCli, CuratedCollectionCrudInOrder) {
  CliResult r =
      Cli({"collection", "create", "taiwan-strait", "--title", "The Taiwan Strait", "--description",
           "Documents on the offshore islands.\n\nA second paragraph.", "--member",
           "frus1961-63v22-d7", "--member", "frus1961-63v22-d5", "--as", "arch"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json toc = JsonOf({"collection", "show", "taiwan-strait"});
  EXPECT_EQ(TocIds(toc), (std::vector<std::string>{"frus1961-63v22-d7", "frus1961-63v22-d5"}));
  EXPECT_EQ(toc["description"], "Documents on the offshore islands.\n\nA second paragraph.");
  ASSERT_EQ(Cli({"collection", "add", "taiwan-strait", "frus1961-63v22-d9", "--section", "Later",
                 "--as", "arch"})
                .exit_code,
            0);
  ASSERT_EQ(Cli({"collection", "move", "taiwan-strait", "frus1961-63v22-d5", "1", "--as", "arch"})
                .exit_code,
            0);
  ASSERT_EQ(Cli({"collection", "describe", "taiwan-strait", "--title", "Taiwan Strait, 1961",
                 "--as", "arch"})
                .exit_code,
            0);
  toc = JsonOf({"collection", "show", "taiwan-strait"});
  EXPECT_EQ(TocIds(toc), (std::vector<std::string>{"frus1961-63v22-d5", "frus1961-63v22-d7",
                                                   "frus1961-63v22-d9"}));
  EXPECT_EQ(toc["title"], "Taiwan Strait, 1961");
  EXPECT_EQ(toc["sections"][1]["path"], Json::array({"Later"}));
  EXPECT_EQ(toc["sections"][1]["entries"][0]["number"], "3");
  // The record's page names both collections.
  r = Cli({"show", "frus1961-63v22-d7"});
  EXPECT_NE(r.out.find("Previous in taiwan-strait: 1. "), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("Next in taiwan-strait: 3. "), std::string::npos) << r.out;
  ASSERT_EQ(
      Cli({"collection", "remove", "taiwan-strait", "frus1961-63v22-d9", "--as", "arch"}).exit_code,
      0);
  toc = JsonOf({"collection", "show", "taiwan-strait"});
  EXPECT_EQ(toc["count"], 2);
  const Json list = JsonOf({"collection", "list"});
  ASSERT_GE(list.size(), 2u);
  EXPECT_EQ(list[0]["id"], "taiwan-strait");
  EXPECT_EQ(list[0]["kind"], "curated");
}

// Each refusal names what is wrong and leaves the store as it was.
TEST_F(CollectionCli, BadCuratedInputStoresNothing) {
  ASSERT_EQ(Cli({"collection", "create", "stable", "--title", "Stable", "--member",
                 "frus1961-63v22-d1", "--as", "arch"})
                .exit_code,
            0);
  const std::string before = Cli({"collection", "show", "stable", "--json"}).out;

  struct Case {
    std::vector<std::string> args;
    std::string error;
  };

  const std::vector<Case> cases = {
      {{"collection", "create", "bad1", "--title", "X", "--member", "no-such-record", "--as",
        "arch"},
       "member no-such-record: no record no-such-record"},
      {{"collection", "create", "bad2", "--title", "X", "--member", "frus1961-63v22-d1", "--member",
        "frus1961-63v22-d1", "--as", "arch"},
       "member frus1961-63v22-d1: duplicate"},
      {{"collection", "create", "bad3", "--title", "X", "--member", "frus1961-63v22-d1", "--as",
        "reader"},
       "reader is not an archivist"},
      {{"collection", "create", "Bad Id", "--title", "X", "--as", "arch"}, "a collection id is"},
      {{"collection", "create", "frus1961-63v22", "--title", "X", "--as", "arch"},
       "exists (a volume)"},
      {{"collection", "create", "stable", "--title", "X", "--as", "arch"}, "exists"},
      // An archivist may only add what they may read: the confidential cable is unknown to a
      // PUBLIC archivist, exactly like a missing record.
      {{"collection", "add", "stable", "arc-2025-eco-231", "--as", "lowarch"},
       "member arc-2025-eco-231: no record arc-2025-eco-231"},
      {{"collection", "add", "stable", "frus1961-63v22-d1", "--as", "arch"},
       "member frus1961-63v22-d1: duplicate"},
      {{"collection", "add", "stable", "frus1961-63v22-d2", "--as", "reader"},
       "reader is not an archivist"},
      {{"collection", "remove", "stable", "frus1961-63v22-d2", "--as", "arch"},
       "not in collection stable"},
  };
  for (const Case& c : cases) {
    const CliResult r = Cli(c.args);
    EXPECT_NE(r.exit_code, 0) << c.args[2];
    EXPECT_NE(r.err.find(c.error), std::string::npos) << r.err;
  }
  for (const char* id : {"bad1", "bad2", "bad3"}) {
    const CliResult r = Cli({"collection", "show", id, "--as", "arch"});
    EXPECT_NE(r.exit_code, 0);
    EXPECT_NE(r.err.find(std::string("no collection ") + id), std::string::npos) << r.err;
  }
  EXPECT_EQ(Cli({"collection", "show", "stable", "--json"}).out, before);
}

TEST_F(CollectionCli, AHiddenMemberIsNeitherListedNorCountedNorANeighbour) {
  ASSERT_EQ(
      Cli({"collection", "create", "mixed", "--title", "Mixed", "--member", "arc-2025-prs-012",
           "--member", "arc-2025-eco-231", "--member", "frus1961-63v22-d3", "--as", "arch"})
          .exit_code,
      0);
  const Json cleared = JsonOf({"collection", "show", "mixed", "--as", "cleared"});
  EXPECT_EQ(cleared["count"], 3);
  const Json pub = JsonOf({"collection", "show", "mixed", "--as", "reader"});
  EXPECT_EQ(TocIds(pub), (std::vector<std::string>{"arc-2025-prs-012", "frus1961-63v22-d3"}));
  EXPECT_EQ(pub["count"], 2);
  EXPECT_EQ(pub["sections"][0]["entries"][1]["number"], "2");  // no gap where the hidden one is
  const CliResult r = Cli({"show", "arc-2025-prs-012", "--as", "reader"});
  EXPECT_NE(r.out.find("Next in mixed: 2. "), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("arc-2025-eco-231"), std::string::npos) << r.out;
  // A collection whose every member is hidden looks missing to the reader.
  ASSERT_EQ(Cli({"collection", "create", "secret-only", "--title", "Hidden", "--member",
                 "arc-2025-eco-231", "--as", "arch"})
                .exit_code,
            0);
  const CliResult missing = Cli({"collection", "show", "secret-only", "--as", "reader"});
  EXPECT_NE(missing.exit_code, 0);
  EXPECT_NE(missing.err.find("no collection secret-only"), std::string::npos) << missing.err;
  const CliResult list = Cli({"collection", "list", "--as", "reader"});
  EXPECT_EQ(list.out.find("secret-only"), std::string::npos) << list.out;
}

// Adversarial review (issue 14, C1): a volume's title is taken from the first record the reader
// may read, never from a hidden one that sorts before it.
TEST_F(CollectionCli, AVolumeTitleNeverComesFromARecordTheReaderMayNotRead) {
  const std::string secret = dir_->File("vol-secret.cable");
  std::ofstream(secret) << "Id: vol-x-1\nClassification: SECRET\nCollection: vol-x\n"
                           "Collection-Title: Covert Action in Tibet\nCollection-Position: 1\n"
                           "Title: One\n\nHidden.\n";
  const std::string open = dir_->File("vol-public.cable");
  std::ofstream(open) << "Id: vol-x-2\nClassification: PUBLIC\nCollection: vol-x\n"
                         "Collection-Title: South Asia\nCollection-Position: 2\n"
                         "Title: Two\n\nOpen.\n";
  const CliResult r = Cli({"import", secret, open});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json pub = JsonOf({"collection", "show", "vol-x", "--as", "reader"});
  EXPECT_EQ(pub["title"], "South Asia") << pub.dump();
  const CliResult list = Cli({"collection", "list", "--as", "reader"});
  EXPECT_EQ(list.out.find("Covert Action"), std::string::npos) << list.out;
  EXPECT_NE(list.out.find("South Asia"), std::string::npos) << list.out;
  const Json cleared = JsonOf({"collection", "show", "vol-x", "--as", "cleared"});
  EXPECT_EQ(cleared["title"], "Covert Action in Tibet") << cleared.dump();
}

TEST_F(CollectionCli, SearchHistogramCountsTheResultsByYearOrMonth) {
  const auto bins = [](const Json& j) {
    std::vector<std::pair<std::string, uint64_t>> out;
    for (const auto& b : j["histogram"]["bins"])
      out.emplace_back(b["label"], b["count"]);
    return out;
  };
  const auto sum = [&](const Json& j) {
    uint64_t n = 0;
    for (const auto& [label, count] : bins(j))
      n += count;
    return n;
  };
  Json j = JsonOf({"search", "vol:frus1961-63v22", "--histogram", "--limit", "1"});
  ASSERT_EQ(j["histogram"]["unit"], "year") << j.dump();
  // Every document counts once, by the first day it covers (a few 1961-63 documents are
  // retrospective: their first day is in 1958 or 1960).
  EXPECT_EQ(sum(j), j["total"].get<uint64_t>());
  EXPECT_EQ(bins(j).back().first, "1963");
  EXPECT_FALSE(j.contains("facets") && j["facets"].contains("month"));
  // One year asked: by month, the bins are that year's twelve months, and they add up to what
  // the search finds (a record overlapping the year from earlier counts in January).
  j = JsonOf({"search", "vol:frus1961-63v22", "--from", "1962", "--to", "1962", "--histogram"});
  EXPECT_EQ(j["histogram"]["unit"], "month");
  ASSERT_EQ(bins(j).size(), 12u);
  EXPECT_EQ(bins(j).front().first, "1962-01");
  EXPECT_EQ(bins(j).back().first, "1962-12");
  EXPECT_EQ(sum(j), j["total"].get<uint64_t>());
  const CliResult text = Cli({"search", "vol:frus1961-63v22", "--histogram"});
  EXPECT_NE(text.out.find("histogram by year: "), std::string::npos) << text.out;
  EXPECT_NE(text.out.find(" 1962="), std::string::npos) << text.out;
}

}  // namespace
}  // namespace chancery
