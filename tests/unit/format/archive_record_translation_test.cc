// docs/format/archive-record.md "Translations": Contents naming a translation into another
// language than the original's make the record a translation of an original not held here (the
// seed: "Translation - English", original language Chinese); anything else sets nothing.
#include <string>

#include <gtest/gtest.h>

#include "chancery/format/archive_record.h"
#include "chancery/format/cable_text.h"
#include "chancery/format/json.h"

#include "support/temp_dir.h"

namespace chancery::format {
namespace {

model::Cable Parse(const std::string& path) {
  Result<model::Cable> c = ParseArchiveRecord(testing::ReadFileOrDie(path), path);
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : model::Cable{};
}

// A minimal archive record with the given Original Language and Contents entries.
model::Cable Record(const std::string& original_language, const std::string& contents) {
  const std::string text =
      "March 13, 1963\n\nA title\n\nCitation:\n\n\"A title\", March 13, 1963, "
      "Wilson Center Digital Archive.\n\nOriginal Language:\n\n" +
      original_language + "\n\nContents:\n\n" + contents + "\n\nThe text of the document.\n";
  Result<model::Cable> c = ParseArchiveRecord(text, "r.txt");
  EXPECT_TRUE(c.ok()) << c.status().ToString();
  return c.ok() ? std::move(c).value() : model::Cable{};
}

TEST(ArchiveRecordTranslation, TheSeedIsATranslationOfAChineseOriginalNotHeldHere) {
  const model::Cable seed = Parse(CHANCERY_SHARED_DIR "/seed/000_68b43146905a32b5.txt");
  EXPECT_TRUE(seed.translation_of.not_held);
  EXPECT_EQ(seed.translation_of.original, "");
  EXPECT_EQ(seed.archival.language, "English");
  EXPECT_EQ(seed.archival.original_language, "Chinese");
  // It survives both formats.
  EXPECT_NE(RenderCableText(seed).find("\nTranslation-Of: {not-held}\n"), std::string::npos);
  EXPECT_NE(CableToJson(seed).find(R"("translation_of":{"not_held":true})"), std::string::npos);
}

TEST(ArchiveRecordTranslation, OnlyATranslationIntoAnotherLanguageIsMarked) {
  EXPECT_TRUE(Record("Russian", "Translation - English").translation_of.not_held);
  EXPECT_FALSE(Record("English", "Original Scan").translation_of.not_held);
  EXPECT_FALSE(Record("Chinese", "Transcript - Chinese").translation_of.not_held);
  EXPECT_FALSE(Record("English", "Translation - English").translation_of.not_held);
  EXPECT_FALSE(Record("", "Translation - English").translation_of.not_held);
}

TEST(ArchiveRecordTranslation, TheArcadianExamplesFollowTheirContents) {
  const std::string dir = CHANCERY_SOURCE_DIR "/examples/archive/";
  EXPECT_TRUE(Parse(dir + "arcadia_001_flash_telegram.txt").translation_of.not_held);
  EXPECT_FALSE(Parse(dir + "arcadia_002_secret_letter.txt").translation_of.not_held);
}

}  // namespace
}  // namespace chancery::format
