// Publishing translations through the real binary (docs/archive.md "Translations";
// docs/decisions/0010-translations.md): a translation of a TOP SECRET original is TOP SECRET at
// import; it is refused publication until the version it translates is published, and then
// until every paragraph aligned with a span withheld in the original is withheld in it too (the
// refusal names record, paragraph and the original's span); once it matches, its published
// version has a marker there and the public reader of the published original finds it.
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

constexpr const char* kOriginal =
    "Id: ts-orig\n"
    "Organization: Ministry of Foreign Affairs\n"
    "Date: 1963-03-13\n"
    "Classification: TOP SECRET\n"
    "Title: 关于苏联来信\n"
    "Original-Language: Chinese\n"
    "Language: Chinese\n"
    "\n"
    "今天把答复交给契尔沃年科。\n"
    "\n"
    "经哈尔滨的渠道仍然畅通，不得书面提及。\n"
    "\n"
    "请电报报告反应。\n";

std::string Translation(const std::string& id) {
  return "Id: " + id +
         "\n"
         "Organization: Ministry of Foreign Affairs\n"
         "Date: 1963-03-13\n"
         "Title: On the Soviet letter\n"
         "Original-Language: Chinese\n"
         "Language: English\n"
         "Translator: David Cowhig\n"
         "Translation-Of: ts-orig\n"
         "\n"
         "Hand the reply to Chervonenko today.\n"
         "\n"
         "The channel through Harbin remains open and is not to be named in writing.\n"
         "\n"
         "Report the reactions by telegram.\n";
}

class TranslationReviewCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("archive.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    for (const char* reviewer : {"rev1", "rev2"}) {
      ASSERT_EQ(Cli({"user", "add", reviewer, "--clearance", "TOP SECRET", "--role", "reviewer"})
                    .exit_code,
                0);
    }
    ASSERT_EQ(
        Cli({"user", "add", "arch", "--clearance", "TOP SECRET", "--role", "archivist"}).exit_code,
        0);
    testing::WriteFileOrDie(dir_.File("a.cable"), kOriginal);
    testing::WriteFileOrDie(dir_.File("b.cable"), Translation("tr-bad"));
    testing::WriteFileOrDie(dir_.File("c.cable"), Translation("tr-good"));
    CliResult imported =
        Cli({"import", dir_.File("a.cable"), dir_.File("b.cable"), dir_.File("c.cable")});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  CliResult Review(const std::string& user, std::vector<std::string> args) {
    args.insert(args.begin(), "review");
    args.push_back("--as");
    args.push_back(user);
    return Cli(std::move(args));
  }

  void Ok(const std::string& user, std::vector<std::string> args) {
    CliResult r = Review(user, args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  // Releases the rest of `id` and has the second reviewer concur.
  void ReleaseAndConcur(const std::string& id) {
    Ok("rev1", {"release", id});
    Ok("rev2", {"concur", id});
  }

  nlohmann::json PublicJson(const std::string& id) {
    CliResult r = Cli({"show", id, "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(TranslationReviewCliTest, ATranslationOfAClassifiedOriginalIsClassifiedAtImport) {
  CliResult hidden = Cli({"show", "tr-good"});
  EXPECT_NE(hidden.exit_code, 0);
  EXPECT_EQ(hidden.err, "chancery: not found: no record tr-good\n");
  CliResult cleared = Cli({"show", "tr-good", "--json", "--as", "arch"});
  ASSERT_EQ(cleared.exit_code, 0) << cleared.err;
  EXPECT_EQ(nlohmann::json::parse(cleared.out)["current_label"]["classification"], "TOP SECRET");
}

TEST_F(TranslationReviewCliTest, ATranslationWaitsForThePublicationOfTheVersionItTranslates) {
  ReleaseAndConcur("tr-good");
  CliResult early = Review("arch", {"publish", "tr-good"});
  EXPECT_NE(early.exit_code, 0);
  EXPECT_NE(early.err.find("record tr-good version 1 is a translation of ts-orig version 1, which "
                           "is not published"),
            std::string::npos)
      << early.err;
  EXPECT_NE(Cli({"show", "tr-good.p1", "--as", "arch"}).exit_code, 0);  // nothing written
}

TEST_F(TranslationReviewCliTest, AnAlignedParagraphStillHoldingWithheldTextIsRefusedThenMarked) {
  Ok("rev1", {"withhold", "ts-orig", "--span", "/body/1/text", "--code", "25X1"});
  ReleaseAndConcur("ts-orig");
  Ok("arch", {"publish", "ts-orig"});

  // Released as it is: its second paragraph still says what the original's withholds.
  ReleaseAndConcur("tr-bad");
  CliResult refused = Review("arch", {"publish", "tr-bad"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("record tr-bad version 1: body paragraph 2 (/body/1/text) still holds "
                             "text withheld in the original ts-orig version 1 (/body/1/text "),
            std::string::npos)
      << refused.err;
  EXPECT_NE(refused.err.find("not declassified; 25X1]"), std::string::npos) << refused.err;
  EXPECT_NE(Cli({"show", "tr-bad.p1", "--as", "arch"}).exit_code, 0);  // nothing written

  // Withholding only part of the aligned paragraph is not enough either.
  Ok("rev1", {"withhold", "tr-good", "--text", "Harbin", "--code", "25X1"});
  ReleaseAndConcur("tr-good");
  CliResult partial = Review("arch", {"publish", "tr-good"});
  EXPECT_NE(partial.err.find("body paragraph 2 (/body/1/text) still holds"), std::string::npos)
      << partial.err;
}

TEST_F(TranslationReviewCliTest,
       AMatchingTranslationIsPublishedWithAMarkerAndFoundFromTheOriginal) {
  Ok("rev1", {"withhold", "ts-orig", "--text", "哈尔滨", "--code", "25X1"});
  ReleaseAndConcur("ts-orig");
  Ok("arch", {"publish", "ts-orig"});
  Ok("rev1", {"withhold", "tr-good", "--span", "/body/1/text", "--code", "25X1"});
  ReleaseAndConcur("tr-good");
  CliResult published = Review("arch", {"publish", "tr-good"});
  ASSERT_EQ(published.exit_code, 0) << published.err;

  // The public reader: the published translation's aligned paragraph is a marker, and nothing
  // of what was withheld is anywhere in it.
  nlohmann::json t = PublicJson("tr-good.p1");
  const std::string paragraph = t["body"][1]["text"];
  EXPECT_NE(paragraph.find("not declassified; 25X1]"), std::string::npos) << paragraph;
  EXPECT_EQ(t.dump().find("Harbin"), std::string::npos);
  EXPECT_EQ(t["body"][0]["text"], "Hand the reply to Chervonenko today.");
  nlohmann::json o = PublicJson("ts-orig.p1");
  ASSERT_TRUE(o.contains("translations")) << o.dump();
  ASSERT_EQ(o["translations"].size(), 1u);
  EXPECT_EQ(o["translations"][0]["id"], "tr-good.p1");
  EXPECT_EQ(o["translations"][0]["language"], "English");
  // The published translation names the working original it translates, which the public may
  // not read, and leads to the original as published, which it may.
  EXPECT_EQ(t["translation_of"]["original"], "ts-orig");
  EXPECT_EQ(t["published_original"], "ts-orig.p1");
  EXPECT_NE(Cli({"show", "ts-orig"}).exit_code, 0);
  EXPECT_NE(Cli({"show", "tr-good.p1"}).out.find("Original as published: ts-orig.p1"),
            std::string::npos);
  // The working translation is no published translation: no such member, even for the archivist.
  nlohmann::json working =
      nlohmann::json::parse(Cli({"show", "tr-good", "--json", "--as", "arch"}).out);
  EXPECT_FALSE(working.contains("published_original")) << working.dump();
  // tr-bad, unpublished, stays invisible to the public: not listed, not counted.
  nlohmann::json hits = nlohmann::json::parse(Cli({"search", "Chervonenko", "--json"}).out);
  EXPECT_EQ(hits["total"], 1);
  EXPECT_EQ(hits["hits"][0]["id"], "tr-good.p1");
}

// Withdrawing the original's published version withdraws the published translations of it: a
// translation is public only while the version it translates is (docs/archive.md "Withdrawal").
TEST_F(TranslationReviewCliTest, WithdrawingTheOriginalWithdrawsItsPublishedTranslation) {
  ReleaseAndConcur("ts-orig");
  Ok("arch", {"publish", "ts-orig"});
  ReleaseAndConcur("tr-good");
  Ok("arch", {"publish", "tr-good"});
  ASSERT_EQ(Cli({"show", "tr-good.p1"}).exit_code, 0);

  CliResult refused = Review("rev1", {"withdraw", "ts-orig", "--reason", "objection"});
  EXPECT_NE(refused.exit_code, 0);
  EXPECT_NE(refused.err.find("archivist role"), std::string::npos) << refused.err;
  CliResult withdrawn = Review("arch", {"withdraw", "ts-orig", "--reason", "Published by mistake"});
  ASSERT_EQ(withdrawn.exit_code, 0) << withdrawn.err;
  EXPECT_EQ(withdrawn.out,
            "withdrew ts-orig.p1: published version 1 of ts-orig is no longer public "
            "(Published by mistake)\n");
  for (const char* id : {"ts-orig.p1", "tr-good.p1"}) {
    CliResult shown = Cli({"show", id});
    EXPECT_EQ(shown.err, std::string("chancery: not found: no record ") + id + "\n");
  }
  nlohmann::json hits = nlohmann::json::parse(Cli({"search", "Chervonenko", "--json"}).out);
  EXPECT_EQ(hits["total"], 0) << hits.dump();
  // The archivist, cleared for both, reads each with its withdrawal; the history says it.
  nlohmann::json t =
      nlohmann::json::parse(Cli({"show", "tr-good.p1", "--json", "--as", "arch"}).out);
  EXPECT_EQ(t["publication"]["withdrawal_reason"], "Published by mistake");
  CliResult history = Review("arch", {"history", "tr-good"});
  EXPECT_NE(history.out.find("withdrawn "), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("by arch: Published by mistake"), std::string::npos) << history.out;
  // Nothing is left to withdraw.
  CliResult again = Review("arch", {"withdraw", "ts-orig", "--reason", "twice"});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_NE(again.err.find("has no public published version to withdraw"), std::string::npos)
      << again.err;
}

}  // namespace
}  // namespace chancery
