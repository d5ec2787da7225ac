// Translations at import and read (docs/archive.md "Translations"): the original is resolved
// (from a serial too) and its version pinned; an original the importer may not read gets exactly
// the error of a missing one; misaligned paragraphs are refused naming both counts; a
// translation's label covers its original's; an original lists only the translations the reader
// may read; nothing of a refused batch is stored.
#include <cstdio>

#include <gtest/gtest.h>

#include "chancery/records/translations.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::MakeCable;

model::Cable Original(const std::string& id, const std::string& level, size_t paragraphs = 2) {
  model::Cable c = MakeCable(id, "原文", "第一段。", level);
  for (size_t i = 1; i < paragraphs; ++i) {
    c.body.push_back({"第" + std::to_string(i + 1) + "段。", std::nullopt});
  }
  c.serial.original = "(63) " + id;
  c.archival.original_language = "Chinese";
  c.archival.language = "Chinese";
  return c;
}

model::Cable Translation(const std::string& id, const std::string& original, size_t paragraphs = 2,
                         const std::string& level = "PUBLIC") {
  model::Cable c = MakeCable(id, "Translation", "Paragraph one.", level);
  for (size_t i = 1; i < paragraphs; ++i) {
    c.body.push_back({"Paragraph " + std::to_string(i + 1) + ".", std::nullopt});
  }
  c.translation_of.original = original;
  c.archival.original_language = "Chinese";
  c.archival.language = "English";
  c.archival.translator = "David Cowhig";
  return c;
}

class TranslationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fx_.Import({Original("orig-1", "PUBLIC"), Original("ts-orig", "TOP SECRET")});
    secret_admin_ = fx_.User("secret-admin", "SECRET");
    secret_admin_.administrator = true;
  }

  Status ImportAs(const security::Subject& actor, std::vector<model::Cable> cables) {
    Status s = fx_.records().Import(actor, std::move(cables), {}).status();
    if (!s.ok()) {
      std::fprintf(stderr, "import: %s\n", s.ToString().c_str());
    }
    return s;
  }

  bool Stored(const std::string& id) {
    auto meta = fx_.records().store().GetRecordMeta(id);
    return meta.ok() && meta->has_value();
  }

  testing::TempDir dir_;
  testing::RecordsFixture fx_{dir_.path()};
  security::Subject secret_admin_;
};

TEST_F(TranslationTest, TheOriginalIsResolvedFromItsSerialAndItsVersionPinned) {
  ASSERT_TRUE(ImportAs(fx_.Admin(), {Translation("tr-1", "(63) orig-1")}).ok());
  auto shown = fx_.records().Show(fx_.Admin(), "tr-1");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->translation_of.original, "orig-1");
  EXPECT_EQ(shown->translation_of.version, 1);
  auto listed =
      fx_.records().Translations(fx_.records().ResolveSubject(std::nullopt).value(), "orig-1");
  ASSERT_TRUE(listed.ok()) << listed.status().ToString();
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0], (records::TranslationSummary{"tr-1", "English", "David Cowhig", "", 1}));
}

TEST_F(TranslationTest, AnOriginalInTheSameBatchIsFoundAtTheVersionItWillHave) {
  model::Cable changed = Original("orig-1", "PUBLIC");
  changed.body[0].text = "第一段（修订）。";
  ASSERT_TRUE(ImportAs(fx_.Admin(), {Translation("tr-2", "orig-1"), changed}).ok());
  EXPECT_EQ(fx_.records().Show(fx_.Admin(), "tr-2")->translation_of.version, 2);
}

TEST_F(TranslationTest, AnOriginalTheImporterMayNotReadGetsTheErrorOfAMissingOne) {
  const Status hidden = ImportAs(secret_admin_, {Translation("tr-3", "ts-orig")});
  const Status missing = ImportAs(secret_admin_, {Translation("tr-3", "no-such")});
  EXPECT_EQ(hidden.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(hidden.code(), missing.code());
  EXPECT_EQ(hidden.message(), "cable tr-3: field translation_of.original: no record ts-orig");
  EXPECT_EQ(missing.message(), "cable tr-3: field translation_of.original: no record no-such");
  // By serial as well.
  EXPECT_EQ(ImportAs(secret_admin_, {Translation("tr-3", "(63) ts-orig")}).message(),
            "cable tr-3: field translation_of.original: no record (63) ts-orig");
  EXPECT_FALSE(Stored("tr-3"));
}

TEST_F(TranslationTest, MisalignedParagraphsAreRefusedAndNothingOfTheBatchIsStored) {
  const Status s = ImportAs(fx_.Admin(), {MakeCable("other-1", "Other", "x", "PUBLIC"),
                                          Translation("tr-4", "orig-1", 3)});
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(),
            "cable tr-4: field translation_of: 3 body paragraphs, the original "
            "orig-1 v1 has 2");
  EXPECT_FALSE(Stored("tr-4"));
  EXPECT_FALSE(Stored("other-1"));
  model::Cable enclosed = Translation("tr-5", "orig-1");
  enclosed.enclosures.push_back({"Annex", {{"x", std::nullopt}}});
  EXPECT_EQ(ImportAs(fx_.Admin(), {enclosed}).message(),
            "cable tr-5: field translation_of: 1 enclosure, the original orig-1 v1 has 0");
}

TEST_F(TranslationTest, AVersionTheOriginalDoesNotHaveIsRefused) {
  model::Cable t = Translation("tr-6", "orig-1");
  t.translation_of.version = 4;
  EXPECT_EQ(ImportAs(fx_.Admin(), {t}).message(),
            "cable tr-6: field translation_of.version: the original orig-1 has no version 4");
}

TEST_F(TranslationTest, ATranslationsLabelCoversItsOriginals) {
  ASSERT_TRUE(ImportAs(fx_.Admin(), {Translation("tr-ts", "ts-orig")}).ok());
  auto shown = fx_.records().Show(fx_.Admin(), "tr-ts");
  ASSERT_TRUE(shown.ok());
  EXPECT_EQ(shown->current_label.classification, "TOP SECRET");
  // The public reader reads neither, and the two answers are those of missing records.
  const security::Subject reader = fx_.records().ResolveSubject(std::nullopt).value();
  EXPECT_EQ(fx_.records().Show(reader, "tr-ts").status().message(), "no record tr-ts");
  EXPECT_EQ(fx_.records().Translations(reader, "ts-orig").status().message(), "no record ts-orig");
}

TEST_F(TranslationTest, AnOriginalListsOnlyTheTranslationsTheReaderMayRead) {
  ASSERT_TRUE(ImportAs(fx_.Admin(), {Translation("tr-open", "orig-1"),
                                     Translation("tr-secret", "orig-1", 2, "SECRET")})
                  .ok());
  const security::Subject reader = fx_.records().ResolveSubject(std::nullopt).value();
  const security::Subject cleared = fx_.User("cleared", "SECRET");
  auto for_reader = fx_.records().Translations(reader, "orig-1");
  auto for_cleared = fx_.records().Translations(cleared, "orig-1");
  ASSERT_TRUE(for_reader.ok() && for_cleared.ok());
  ASSERT_EQ(for_reader->size(), 1u);
  EXPECT_EQ((*for_reader)[0].id, "tr-open");
  ASSERT_EQ(for_cleared->size(), 2u);
  EXPECT_EQ((*for_cleared)[1].id, "tr-secret");
}

TEST_F(TranslationTest, ARecordReimportedAsSomethingElseIsNoLongerListed) {
  ASSERT_TRUE(ImportAs(fx_.Admin(), {Translation("tr-7", "orig-1")}).ok());
  model::Cable plain = Translation("tr-7", "");
  plain.translation_of = {};
  ASSERT_TRUE(ImportAs(fx_.Admin(), {plain}).ok());
  auto listed = fx_.records().Translations(fx_.Admin(), "orig-1");
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
}

TEST(TranslationAlignment, NamesWhatDiffers) {
  model::Cable a;
  model::Cable b;
  b.id = "o";
  EXPECT_EQ(records::AlignmentProblem(a, b, 1), "");
  a.enclosures.push_back({"E", {{"1", std::nullopt}, {"2", std::nullopt}}});
  b.enclosures.push_back({"E", {{"1", std::nullopt}}});
  EXPECT_EQ(records::AlignmentProblem(a, b, 3),
            "enclosure 1 has 2 paragraphs, the original o v3 has 1");
}

}  // namespace
}  // namespace chancery
