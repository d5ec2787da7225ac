// Translations through the real binary (docs/archive.md "Translations"): an original and its
// translation imported from cable text and from JSON, each naming the other in `show` and
// `show --json`; a Chinese and an English query each find the pair and say which language
// matched; the seed is a translation of a Chinese original not held here; and the bad inputs
// (a missing original, misaligned paragraphs, `not-held` with a name) each name the file and
// field and store nothing.
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kExamples = std::string(CHANCERY_SOURCE_DIR) + "/examples/translations";
const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";

class TranslationCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("t.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  nlohmann::json Json(std::vector<std::string> args) {
    CliResult r = Cli(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  void ImportExamples() {
    CliResult r =
        Cli({"import", kExamples + "/mfa-1963-0304.cable", kExamples + "/mfa-1963-0304-en.cable"});
    ASSERT_EQ(r.exit_code, 0) << r.err << r.out;
  }

  // The ids `list` gives, in order: what is stored for the public reader.
  std::string ListIds() {
    nlohmann::json j = Json({"list", "--json"});
    std::string ids;
    for (const auto& r : j["records"]) {
      ids += r["id"].get<std::string>() + " ";
    }
    return ids;
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(TranslationCliTest, CableTextLinksATranslationToItsOriginalBothWays) {
  ImportExamples();
  nlohmann::json t = Json({"show", "mfa-1963-0304-en", "--json"});
  // Named by serial in the file; stored by id, at the version translated.
  EXPECT_EQ(t["translation_of"]["original"], "mfa-1963-0304");
  EXPECT_EQ(t["translation_of"]["version"], 1);
  EXPECT_EQ(t["translation_of"]["date"], "2019-05-01");
  EXPECT_EQ(t["archival"]["original_language"], "Chinese");
  nlohmann::json o = Json({"show", "mfa-1963-0304", "--json"});
  ASSERT_TRUE(o.contains("translations")) << o.dump();
  EXPECT_EQ(o["translations"], nlohmann::json::parse(R"([{"id": "mfa-1963-0304-en",
      "language": "English", "translator": "David Cowhig", "date": "2019-05-01",
      "version": 1}])"));
  CliResult text = Cli({"show", "mfa-1963-0304-en"});
  EXPECT_NE(text.out.find("Translation of:     mfa-1963-0304 version 1 (Chinese), translated "
                          "2019-05-01\n"),
            std::string::npos)
      << text.out;
  CliResult original = Cli({"show", "mfa-1963-0304"});
  EXPECT_NE(original.out.find("\nTranslations\nmfa-1963-0304-en:   English; translated by David "
                              "Cowhig; 2019-05-01; of version 1\n"),
            std::string::npos)
      << original.out;
}

TEST_F(TranslationCliTest, JsonLinksATranslationToItsOriginal) {
  // The original as show --json prints it (its read-time "translations" member is ignored by
  // import), then a translation naming it by id.
  ImportExamples();
  const std::string original = Cli({"show", "mfa-1963-0304", "--json"}).out;
  testing::TempDir other;
  const std::string db2 = other.File("j.db");
  ASSERT_EQ(RunCli({"--db", db2, "init"}).exit_code, 0);
  nlohmann::json o = nlohmann::json::parse(original);
  nlohmann::json t = o;
  t.erase("translations");
  t["id"] = "mfa-1963-0304-fr";
  t.erase("serial");
  t["archival"]["language"] = "French";
  t["translation_of"] = {{"original", "mfa-1963-0304"}};
  t["body"] = nlohmann::json::array({{{"text", "Le 22 février."}},
                                     {{"text", "Le 23 février."}},
                                     {{"text", "Le camarade Mao a dit."}}});
  testing::WriteFileOrDie(other.File("pair.jsonl"), o.dump() + "\n" + t.dump() + "\n");
  CliResult imported = RunCli({"--db", db2, "import", other.File("pair.jsonl")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  CliResult shown = RunCli({"--db", db2, "show", "mfa-1963-0304", "--json"});
  nlohmann::json back = nlohmann::json::parse(shown.out);
  ASSERT_EQ(back["translations"].size(), 1u) << shown.out;
  EXPECT_EQ(back["translations"][0]["id"], "mfa-1963-0304-fr");
  EXPECT_EQ(back["translations"][0]["language"], "French");
}

TEST_F(TranslationCliTest, AQueryInEitherLanguageFindsThePairAndSaysWhichLanguageMatched) {
  ImportExamples();
  nlohmann::json zh = Json({"search", "契尔沃年科", "--json"});
  ASSERT_EQ(zh["total"], 1) << zh.dump();
  EXPECT_EQ(zh["hits"][0]["id"], "mfa-1963-0304");
  EXPECT_EQ(zh["hits"][0]["language"], "Chinese");
  EXPECT_FALSE(zh["hits"][0].contains("translation_of"));
  nlohmann::json en = Json({"search", "Chervonenko", "--json"});
  ASSERT_EQ(en["total"], 1) << en.dump();
  EXPECT_EQ(en["hits"][0]["id"], "mfa-1963-0304-en");
  EXPECT_EQ(en["hits"][0]["language"], "English");
  EXPECT_EQ(en["hits"][0]["translation_of"]["original"], "mfa-1963-0304");
  CliResult text = Cli({"search", "Chervonenko"});
  EXPECT_NE(text.out.find("    in English (translation of mfa-1963-0304)\n"), std::string::npos)
      << text.out;
  // A two-character word inside a run of ideographs is found too.
  EXPECT_EQ(Json({"search", "大使", "--json"})["total"], 1);
}

TEST_F(TranslationCliTest, TheSeedIsATranslationOfAChineseOriginalNotHeldHere) {
  CliResult imported = Cli({"import", kSeed});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  nlohmann::json list = Json({"list", "--json"});
  const std::string id = list["records"][0]["id"];
  nlohmann::json seed = Json({"show", id, "--json"});
  EXPECT_EQ(seed["translation_of"], nlohmann::json::parse(R"({"not_held": true})"));
  EXPECT_EQ(seed["archival"]["language"], "English");
  EXPECT_EQ(seed["archival"]["original_language"], "Chinese");
  EXPECT_NE(Cli({"show", id})
                .out.find("Translation of:     the Chinese original, not held by this archive\n"),
            std::string::npos);
  nlohmann::json hit = Json({"search", "Chernovenko", "--json"});
  ASSERT_EQ(hit["total"], 1);
  EXPECT_EQ(hit["hits"][0]["language"], "English");
  EXPECT_EQ(hit["hits"][0]["translation_of"]["not_held"], true);
}

TEST_F(TranslationCliTest, AMissingOriginalIsRefusedNamingFileAndFieldAndNothingIsStored) {
  const std::string file = dir_.File("orphan.cable");
  testing::WriteFileOrDie(file,
                          "Id: orphan-1\nTitle: Orphan\nLanguage: English\n"
                          "Translation-Of: no-such-original\n\nOne.\n");
  CliResult r = Cli({"import", file});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(file + ": cable orphan-1: field translation_of.original: no record "
                              "no-such-original"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ListIds(), "");
}

TEST_F(TranslationCliTest, MisalignedParagraphsAreRefusedNamingBothCounts) {
  ImportExamples();
  const std::string file = dir_.File("short.cable");
  testing::WriteFileOrDie(file,
                          "Id: short-en\nTitle: Short\nLanguage: English\n"
                          "Translation-Of: mfa-1963-0304\n\nOne.\n\nTwo.\n");
  CliResult r = Cli({"import", file});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(file + ": cable short-en: field translation_of: 2 body paragraphs, the "
                              "original mfa-1963-0304 v1 has 3"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(ListIds(), "mfa-1963-0304 mfa-1963-0304-en ");
  // The original does not list it.
  EXPECT_EQ(Json({"show", "mfa-1963-0304", "--json"})["translations"].size(), 1u);
}

TEST_F(TranslationCliTest, NotHeldWithANameIsRefusedInCableTextAndInJson) {
  const std::string text = dir_.File("both.cable");
  testing::WriteFileOrDie(text,
                          "Id: both-1\nTitle: Both\n"
                          "Translation-Of: orig-9 {not-held}\n\nOne.\n");
  CliResult r = Cli({"import", text});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(text + ":3:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("an original named here is held: drop {not-held}"), std::string::npos)
      << r.err;
  const std::string json = dir_.File("both.jsonl");
  testing::WriteFileOrDie(json, R"({"id": "both-2", "title": "Both", "body": [{"text": "One."}],)"
                                R"( "translation_of": {"original": "orig-9", "not_held": true}})"
                                "\n");
  CliResult j = Cli({"import", json});
  EXPECT_NE(j.exit_code, 0);
  EXPECT_NE(j.err.find("field translation_of: names an original and says it is not held"),
            std::string::npos)
      << j.err;
  EXPECT_EQ(ListIds(), "");
}

}  // namespace
}  // namespace chancery

namespace chancery {
namespace {

// Adversarial review (issue 14, T1): an original re-imported at a higher label takes its stored
// translations with it in the same import; the public no longer reads or finds the translation.
TEST_F(TranslationCliTest, RaisingAnOriginalsLabelRaisesItsTranslations) {
  ImportExamples();
  ASSERT_EQ(Cli({"show", "mfa-1963-0304-en"}).exit_code, 0);
  std::ifstream in(kExamples + "/mfa-1963-0304.cable");
  std::ostringstream text;
  text << in.rdbuf();
  std::string raised = text.str();
  const size_t at = raised.find("Current-Classification: PUBLIC");
  ASSERT_NE(at, std::string::npos);
  raised.replace(at, std::string("Current-Classification: PUBLIC").size(),
                 "Current-Classification: SECRET");
  const std::string path = dir_.File("raised.cable");
  std::ofstream(path) << raised;
  const CliResult r = Cli({"import", path});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  const CliResult original = Cli({"show", "mfa-1963-0304"});
  const CliResult translation = Cli({"show", "mfa-1963-0304-en"});
  EXPECT_NE(translation.exit_code, 0) << translation.out;
  EXPECT_NE(translation.err.find("no record mfa-1963-0304-en"), std::string::npos)
      << translation.err;
  EXPECT_NE(original.exit_code, 0);
  EXPECT_EQ(ListIds(), "");
  nlohmann::json hits = Json({"search", "ambassador", "--json"});
  EXPECT_EQ(hits["total"], 0) << hits.dump();
  // A reader cleared for SECRET reads it at the original's label.
  ASSERT_EQ(Cli({"user", "add", "sec", "--clearance", "SECRET"}).exit_code, 0);
  nlohmann::json t = Json({"show", "mfa-1963-0304-en", "--json", "--as", "sec"});
  EXPECT_EQ(t["current_label"]["classification"], "SECRET") << t.dump();
}

}  // namespace
}  // namespace chancery
