// Unit tests of the archive record parser beyond the seed: the layout rules of
// docs/format/archive-record.md, its errors, and the fictional examples in examples/archive/.
#include "chancery/format/archive_record.h"

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/model/cable.h"

#include "support/temp_dir.h"

namespace chancery::format {
namespace {

using model::Date;

// A minimal record in the archive layout; the parts are replaced by the tests.
struct RecordText {
  std::string date = "May 5, 1960";
  std::string title = "Telegram on the Harbour Talks";
  std::string citation =
      "\"Telegram on the Harbour Talks\", May 5, 1960, Arcadian State Archive, ASA MFA "
      "1-2-3, 4. https://archive.arcadia.example/document/77";
  std::string extra_sections;
  std::string document = "The talks resumed today.";

  std::string Render() const {
    std::string out;
    if (!date.empty()) {
      out += date + "\n\n";
    }
    if (!title.empty()) {
      out += title + "\n\n";
    }
    out += "Citation:\n\n" + citation + "\n\nSummary:\n\nA summary.\n\n" + extra_sections;
    out += "Original Language:\n\nArcadian\n\nContents:\n\nTranslation - English\n\n";
    return out + document + "\n";
  }
};

class ArchiveRecordTest : public ::testing::Test {
 protected:
  model::Cable Parse(const RecordText& r) { return ParseText(r.Render()); }

  model::Cable ParseText(const std::string& text) {
    Result<model::Cable> result = ParseArchiveRecord(text, "r.txt");
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? std::move(result).value() : model::Cable{};
  }

  // The error message of a record that must not parse.
  std::string ErrorOf(const RecordText& r) {
    Result<model::Cable> result = ParseArchiveRecord(r.Render(), "r.txt");
    EXPECT_FALSE(result.ok());
    if (result.ok()) {
      return "";
    }
    EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
    return std::string(result.status().message());
  }

  model::Cable Example(const std::string& name) {
    return ParseText(testing::ReadFileOrDie(CHANCERY_SOURCE_DIR "/examples/archive/" + name));
  }
};

TEST_F(ArchiveRecordTest, LooksLikeArchiveRecordNeedsACitationSection) {
  EXPECT_TRUE(LooksLikeArchiveRecord(RecordText().Render()));
  EXPECT_FALSE(LooksLikeArchiveRecord("Id: x\nSubject: y\n\nBody.\n"));
  EXPECT_FALSE(LooksLikeArchiveRecord("A citation: is not a section\n"));
}

TEST_F(ArchiveRecordTest, MissingTitleIsCorruptionAtTheCitationLine) {
  RecordText r;
  r.title.clear();
  EXPECT_EQ(ErrorOf(r), "r.txt:3:1: missing title before the citation");
}

TEST_F(ArchiveRecordTest, MissingDateIsCorruption) {
  RecordText r;
  r.date.clear();
  EXPECT_EQ(ErrorOf(r), "r.txt:3:1: missing record date before the citation");
}

TEST_F(ArchiveRecordTest, ImpossibleDateIsCorruptionAtItsLine) {
  RecordText r;
  r.date = "  February 30, 1960";
  EXPECT_EQ(ErrorOf(r), "r.txt:1:3: malformed record date 'February 30, 1960'");
}

TEST_F(ArchiveRecordTest, MissingCitationIsCorruption) {
  Result<model::Cable> result = ParseArchiveRecord("May 5, 1960\n\nA title\n", "r.txt");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "r.txt:3:1: missing citation section");
}

TEST_F(ArchiveRecordTest, EmptyCitationIsCorruption) {
  Result<model::Cable> result =
      ParseArchiveRecord("May 5, 1960\n\nA title\n\nCitation:\n\nSummary:\n\nS\n", "r.txt");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "r.txt:5:1: empty citation section");
}

TEST_F(ArchiveRecordTest, ErrorWithoutFilenameHasNoFilePart) {
  Result<model::Cable> result = ParseArchiveRecord("Citation:\n\nx\n");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().message(), "1:1: missing title before the citation");
}

TEST_F(ArchiveRecordTest, ApproximateDateKeepsItsVerbatimFormAsANote) {
  RecordText r;
  r.date = "circa March 1960";
  const model::Cable c = Parse(r);
  EXPECT_EQ(c.date, Date::Parse("1960-03").value());
  ASSERT_FALSE(c.notes.empty());
  EXPECT_EQ(c.notes.front().kind, "date");
  EXPECT_EQ(c.notes.front().text, "circa March 1960");
}

TEST_F(ArchiveRecordTest, YearRangeSetsEarliestAndLatest) {
  RecordText r;
  r.date = "1957-1959";
  const model::Cable c = Parse(r);
  EXPECT_EQ(c.date, Date::Parse("1957").value());
  EXPECT_EQ(c.earliest, Date::Parse("1957").value());
  EXPECT_EQ(c.latest, Date::Parse("1959").value());
}

TEST_F(ArchiveRecordTest, UnknownSectionsAreKeptAsUnparsedNotes) {
  RecordText r;
  r.extra_sections = "Subjects Discussed:\n\nHarbours\n\n";
  const model::Cable c = Parse(r);
  ASSERT_GE(c.notes.size(), 2u);
  EXPECT_EQ(c.notes[0].kind, "unparsed");
  EXPECT_EQ(c.notes[0].text, "Subjects Discussed:");
  EXPECT_EQ(c.notes[1].text, "Harbours");
}

TEST_F(ArchiveRecordTest, IdFallsBackToDeriveIdWithoutADocumentUrl) {
  RecordText r;
  r.citation = "\"Telegram\", May 5, 1960, Arcadian State Archive, ASA 1-2.";
  const model::Cable c = Parse(r);
  EXPECT_TRUE(c.id.starts_with("c-")) << c.id;
  EXPECT_TRUE(c.archival.source_url.empty());
}

TEST_F(ArchiveRecordTest, UnstructuredReferenceIsKeptVerbatim) {
  RecordText r;
  r.citation =
      "\"T\", May 5, 1960, Arcadian State Archive, RGA, f. 5, op. 4, d. 1, ll. 2-3. "
      "Translated by Ana Ferro. https://archive.arcadia.example/document/9";
  const model::Cable c = Parse(r);
  EXPECT_EQ(c.archival.reference.verbatim, "RGA, f. 5, op. 4, d. 1, ll. 2-3");
  EXPECT_TRUE(c.archival.reference.fonds.empty());
  EXPECT_EQ(c.archival.translator, "Ana Ferro");
  EXPECT_EQ(c.id, "arcadia-9");
}

TEST_F(ArchiveRecordTest, DocumentWithoutHeaderLinesIsAllBody) {
  RecordText r;
  r.document = "First paragraph.\n\nSecond paragraph.";
  const model::Cable c = Parse(r);
  ASSERT_EQ(c.body.size(), 2u);
  EXPECT_EQ(c.body[1].text, "Second paragraph.");
  EXPECT_TRUE(c.enclosures.empty());
}

TEST_F(ArchiveRecordTest, ParagraphSplitMidSentenceIsRejoined) {
  RecordText r;
  r.document = "The delegation will not\n\nattend the meeting.\n\nNext paragraph.";
  const model::Cable c = Parse(r);
  ASSERT_EQ(c.body.size(), 2u);
  EXPECT_EQ(c.body[0].text, "The delegation will not attend the meeting.");
}

TEST_F(ArchiveRecordTest, ApprovalLineKeepsUnkeyedWordsAsANote) {
  RecordText r;
  r.document = "Cable No. 5 Priority: Niact\n\nBody.";
  const model::Cable c = Parse(r);
  EXPECT_EQ(c.precedence.original, "Niact");
  ASSERT_FALSE(c.notes.empty());
  EXPECT_EQ(c.notes.back().kind, "unparsed");
  EXPECT_EQ(c.notes.back().text, "Cable No. 5");
}

TEST_F(ArchiveRecordTest, CrlfLineEndingsParseLikeLf) {
  std::string text = RecordText().Render();
  std::string crlf;
  for (char ch : text) {
    crlf += ch == '\n' ? std::string("\r\n") : std::string(1, ch);
  }
  EXPECT_EQ(ParseText(crlf).title, "Telegram on the Harbour Talks");
}

TEST_F(ArchiveRecordTest, EveryExampleRecordParsesAndValidates) {
  size_t count = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(CHANCERY_SOURCE_DIR "/examples/archive")) {
    const model::Cable c = ParseText(testing::ReadFileOrDie(entry.path().string()));
    EXPECT_TRUE(model::Validate(c).ok()) << entry.path();
    EXPECT_EQ(c.archival.repository, "Arcadian State Archive") << entry.path();
    ++count;
  }
  EXPECT_EQ(count, 4u);
}

TEST_F(ArchiveRecordTest, FlashTelegramExample) {
  const model::Cable c = Example("arcadia_001_flash_telegram.txt");
  EXPECT_EQ(c.id, "arcadia-4411");
  EXPECT_EQ(c.precedence.rank, model::PrecedenceRank::kFlash);
  EXPECT_EQ(c.released, Date::FromYmd(1958, 6, 2));
  EXPECT_EQ(c.archival.translator, "Petra Lindqvist-Oru");
  EXPECT_EQ(c.original_marking.label.categories, std::vector<std::string>{"INTERNAL REFERENCE"});
  EXPECT_EQ(c.also_informed, std::vector<std::string>{"The Legation in Kestria"});
}

TEST_F(ArchiveRecordTest, SecretLetterExample) {
  const model::Cable c = Example("arcadia_002_secret_letter.txt");
  EXPECT_EQ(c.kind, model::DocumentKind::kLetter);
  EXPECT_EQ(c.direction, model::Direction::kIncoming);
  EXPECT_EQ(c.original_marking.label.classification, "SECRET");
  EXPECT_EQ(c.precedence.original, "Urgent");
  EXPECT_EQ(c.archival.contents, "Original Scan; Transcript - English");
  EXPECT_EQ(c.originators, std::vector<std::string>{"Embassy of Arcadia in Veridia"});
  ASSERT_EQ(c.body.size(), 2u);
  EXPECT_TRUE(c.body[0].text.ends_with("customs annex and on the fees for transit cargo."));
}

TEST_F(ArchiveRecordTest, ConfidentialMemorandumExample) {
  const model::Cable c = Example("arcadia_003_confidential_memorandum.txt");
  EXPECT_EQ(c.kind, model::DocumentKind::kMemorandum);
  EXPECT_EQ(c.original_marking.verbatim, "Confidential");
  EXPECT_EQ(c.precedence.rank, model::PrecedenceRank::kRoutine);
  EXPECT_EQ(c.archival.translator, "Ilan Varo");
  ASSERT_EQ(c.disseminations.size(), 1u);
  EXPECT_EQ(c.disseminations[0].party, "the Legations in Kestria and Dunmere");
  EXPECT_EQ(c.notes[1].text, "Port Sallow");
}

TEST_F(ArchiveRecordTest, UndatedExample) {
  const model::Cable c = Example("arcadia_004_undated_telegram.txt");
  EXPECT_EQ(c.date, Date::Parse("1959").value());
  EXPECT_FALSE(c.drafted.IsSet());
  EXPECT_EQ(c.internal_reference, "Circular 4");
  EXPECT_EQ(c.serial.number, 4);
  EXPECT_EQ(c.addressees.at(0).name, "all diplomatic missions abroad");
  EXPECT_EQ(c.original_marking.label.categories, std::vector<std::string>{"EYES ONLY"});
}

}  // namespace
}  // namespace chancery::format
