// Unit tests of the cable text format; each test cites the rule of docs/format/cable-text.md it
// specifies.
#include "chancery/format/cable_text.h"

#include <string>

#include <gtest/gtest.h>

#include "chancery/model/cable.h"

namespace chancery::format {
namespace {

class CableTextTest : public ::testing::Test {
 protected:
  // Parses `text`, failing the test on error.
  model::Cable Parse(const std::string& text) {
    Result<model::Cable> result = ParseCableText(text, "t.cable");
    EXPECT_TRUE(result.ok()) << result.status().ToString();
    return result.ok() ? std::move(result).value() : model::Cable{};
  }

  // The error message of a text that must not parse.
  std::string ErrorOf(const std::string& text) {
    Result<model::Cable> result = ParseCableText(text, "t.cable");
    EXPECT_FALSE(result.ok());
    if (result.ok()) {
      return "";
    }
    EXPECT_EQ(result.status().code(), StatusCode::kCorruption);
    return std::string(result.status().message());
  }

  model::Paragraph FirstParagraph(const std::string& body) {
    const model::Cable c = Parse("Id: x\n\n" + body);
    EXPECT_FALSE(c.body.empty());
    return c.body.empty() ? model::Paragraph{} : c.body[0];
  }
};

TEST_F(CableTextTest, HeaderKeysMapToModelFields) {  // §4
  const model::Cable c = Parse(
      "Id: arc-1\nSubject: Harbour talks\nDate: 2025-03-14\nFrom: Embassy of Arcadia\n"
      "Place: Veridia\n");
  EXPECT_EQ(c.id, "arc-1");
  EXPECT_EQ(c.subject, "Harbour talks");
  EXPECT_EQ(c.date, model::Date::FromYmd(2025, 3, 14));
  EXPECT_EQ(c.originators, std::vector<std::string>{"Embassy of Arcadia"});
  EXPECT_EQ(c.place, "Veridia");
}

TEST_F(CableTextTest, KeysMatchCaseInsensitively) {  // §3.2
  EXPECT_EQ(Parse("SUBJECT: x\n").subject, "x");
}

TEST_F(CableTextTest, WrappedParagraphLinesJoinWithSingleSpaces) {  // §7.1
  const model::Cable c = Parse("Id: x\n\n  first line\nsecond   line  \n\nnext\n");
  ASSERT_EQ(c.body.size(), 2u);
  EXPECT_EQ(c.body[0].text, "first line second   line");
  EXPECT_EQ(c.body[1].text, "next");
}

TEST_F(CableTextTest, PortionMarkSetsParagraphLabel) {  // §7.2
  const model::Paragraph p = FirstParagraph("((secret//noforn//REL TO ARCADIA)) The talks.");
  ASSERT_TRUE(p.portion.has_value());
  EXPECT_EQ(p.portion->ToBanner(), "SECRET//NOFORN//REL TO ARCADIA");
  EXPECT_EQ(p.text, "The talks.");
}

TEST_F(CableTextTest, BackslashEscapesPortionSyntax) {  // §7.3
  const model::Paragraph p = FirstParagraph("\\((not a mark)) here");
  EXPECT_FALSE(p.portion.has_value());
  EXPECT_EQ(p.text, "((not a mark)) here");
}

TEST_F(CableTextTest, LoneBackslashIsEmptyParagraph) {  // §7.3
  EXPECT_EQ(FirstParagraph("\\").text, "");
}

TEST_F(CableTextTest, UnterminatedPortionMarkIsCorruption) {  // §7.2
  EXPECT_EQ(ErrorOf("Id: x\n\n((SECRET text"), "t.cable:3:1: unterminated portion mark");
}

TEST_F(CableTextTest, EnclosureDelimiterStartsEnclosure) {  // §7.4
  const model::Cable c = Parse("Id: x\n\nbody\n\n=== Enclosure: Key points ===\n\none\n\ntwo\n");
  ASSERT_EQ(c.enclosures.size(), 1u);
  EXPECT_EQ(c.body.size(), 1u);
  EXPECT_EQ(c.enclosures[0].title, "Key points");
  EXPECT_EQ(c.enclosures[0].paragraphs.size(), 2u);
}

TEST_F(CableTextTest, MalformedEnclosureDelimiterIsCorruption) {  // §7.4
  EXPECT_EQ(ErrorOf("Id: x\n\n=== Appendix ===\n"), "t.cable:3:1: malformed enclosure delimiter");
}

TEST_F(CableTextTest, CaveatsAreNormalizedAndSorted) {  // §5.1, §5.2
  const model::Cable c = Parse("Classification: secret\nCaveats: nodis, NOFORN, NODIS\n");
  EXPECT_EQ(c.original_marking.label.classification, "SECRET");
  EXPECT_EQ(c.original_marking.label.categories, (std::vector<std::string>{"NODIS", "NOFORN"}));
}

TEST_F(CableTextTest, LabelNameWithSeparatorIsCorruption) {  // §5.1
  EXPECT_EQ(ErrorOf("Id: x\nCaveats: A/B\n"),
            "t.cable:2:10: invalid label name \"A/B\" in Caveats");
}

TEST_F(CableTextTest, AbsentCurrentKeysMeanCurrentEqualsOriginal) {  // §5.4
  const model::Cable c = Parse("Classification: SECRET\nReleasable-To: ARCADIA\n");
  EXPECT_EQ(c.current_label, c.original_marking.label);
  EXPECT_EQ(c.original_marking.verbatim, "SECRET//REL TO ARCADIA");
}

TEST_F(CableTextTest, CurrentClassificationGivesArchiveAccessLabel) {  // §5.4
  const model::Cable c =
      Parse("Classification: TOP SECRET\nCaveats: NODIS\nCurrent-Classification: PUBLIC\n");
  EXPECT_EQ(c.current_label.ToBanner(), "PUBLIC");
  EXPECT_EQ(c.original_marking.label.ToBanner(), "TOP SECRET//NODIS");
}

TEST_F(CableTextTest, MarkingKeepsVerbatimText) {  // §5.3
  EXPECT_EQ(Parse("Classification: SECRET\nMarking: Secret; Eyes Only\n").original_marking.verbatim,
            "Secret; Eyes Only");
  EXPECT_EQ(Parse("Classification: SECRET\nMarking:\n").original_marking.verbatim, "");
}

TEST_F(CableTextTest, PrecedenceKeepsVerbatimWord) {  // §6.2
  const model::Precedence p = Parse("Precedence: IMMEDIATE (Very Urgent)\n").precedence;
  EXPECT_EQ(p.rank, model::PrecedenceRank::kImmediate);
  EXPECT_EQ(p.original, "Very Urgent");
}

TEST_F(CableTextTest, NonCanonicalPrecedenceIsUnknownRank) {  // §6.2
  const model::Precedence p = Parse("Precedence: Very Urgent\n").precedence;
  EXPECT_EQ(p.rank, model::PrecedenceRank::kUnknown);
  EXPECT_EQ(p.original, "Very Urgent");
}

TEST_F(CableTextTest, ApprovedByCarriesStateDateAndNote) {  // §6.1, §4.2
  const model::Cable c = Parse(
      "Approved-By: Lena Marsh {date=2025-03-02}; the Minister {state=pending, note=subject to "
      "the Council\\, first}\n");
  ASSERT_EQ(c.approvals.size(), 2u);
  EXPECT_EQ(c.approvals[0].date, model::Date::FromYmd(2025, 3, 2));
  EXPECT_EQ(c.approvals[1].state, model::ApprovalState::kPending);
  EXPECT_EQ(c.approvals[1].note, "subject to the Council, first");
}

TEST_F(CableTextTest, EscapedSeparatorStaysInName) {  // §6.1
  const model::Cable c = Parse("Persons: Marsh\\; Lena; Hale \\{Jr.\\}\n");
  EXPECT_EQ(c.persons, (std::vector<std::string>{"Marsh; Lena", "Hale {Jr.}"}));
}

TEST_F(CableTextTest, DanglingBackslashIsCorruption) {  // §6.1
  EXPECT_EQ(ErrorOf("Persons: Marsh\\\n"), "t.cable:1:10: dangling backslash in Persons");
}

TEST_F(CableTextTest, ToAndInfoLinesKeepAddresseeOrder) {  // §4.1
  const model::Cable c =
      Parse("Info: Mission A\nTo: All embassies {group, precedence=FLASH (Niact), note=pass on}\n");
  ASSERT_EQ(c.addressees.size(), 2u);
  EXPECT_EQ(c.addressees[0].role, model::AddresseeRole::kInfo);
  EXPECT_TRUE(c.addressees[1].is_group);
  EXPECT_EQ(c.addressees[1].precedence.rank, model::PrecedenceRank::kFlash);
  EXPECT_EQ(c.addressees[1].note, "pass on");
}

TEST_F(CableTextTest, RepeatedListKeysAppend) {  // §3.3
  const model::Cable c =
      Parse("Note: one {kind=footnote}\nRef: arc-2 {relation=reply-to}\nNote: two\n");
  ASSERT_EQ(c.notes.size(), 2u);
  EXPECT_EQ(c.notes[0].kind, "footnote");
  EXPECT_EQ(c.notes[1].text, "two");
  EXPECT_EQ(c.references[0].relation, "reply-to");
}

TEST_F(CableTextTest, SerialAttributesFillStructuredParts) {  // §4
  const model::Serial s =
      Parse("Serial: (25) A-Pol-117 {series=A-Pol, year=2025, number=117}\n").serial;
  EXPECT_EQ(s.original, "(25) A-Pol-117");
  EXPECT_EQ(s.series, "A-Pol");
  EXPECT_EQ(s.year, 2025);
  EXPECT_EQ(s.number, 117);
}

TEST_F(CableTextTest, UnknownAttributeIsCorruptionNamingKey) {  // §6.1, §10.1
  EXPECT_EQ(ErrorOf("To: A {colour=red}\n"), "t.cable:1:5: unknown attribute \"colour\" in To");
}

TEST_F(CableTextTest, UnknownKeyIsKeptVerbatimAndRenderedBack) {  // §3.2
  const model::Cable c = Parse("Subject: s\nX-Handling:  by hand \n");
  EXPECT_EQ(c.unparsed_headers, std::vector<std::string>{"X-Handling:  by hand "});
  EXPECT_NE(RenderCableText(c).find("\nX-Handling:  by hand \n"), std::string::npos);
}

TEST_F(CableTextTest, DuplicateScalarKeyIsCorruption) {  // §3.3
  EXPECT_EQ(ErrorOf("Subject: a\nSubject: b\n"), "t.cable:2:1: duplicate key Subject");
}

TEST_F(CableTextTest, InvalidDateReportsPositionAndKey) {  // §6.3, §10.1
  EXPECT_EQ(ErrorOf("Id: x\nDate: 2025-13-01\n").substr(0, 33),
            "t.cable:2:7: invalid date \"2025-1");
  EXPECT_NE(ErrorOf("Id: x\nDate: 2025-13-01\n").find(" in Date"), std::string::npos);
}

TEST_F(CableTextTest, InvalidIdIsCorruption) {  // §4
  EXPECT_EQ(ErrorOf("Id: a b\n"), "t.cable:1:5: invalid id \"a b\" in Id");
}

TEST_F(CableTextTest, HeaderLineWithoutColonIsCorruption) {  // §3.1
  EXPECT_EQ(ErrorOf("Id: x\nnot a header\n"), "t.cable:2:4: expected \"Key: value\" header line");
}

TEST_F(CableTextTest, ErrorWithoutFilenameOmitsPrefix) {  // §10.1
  EXPECT_EQ(ParseCableText("Subject: a\nSubject: b\n").status().message(),
            "2:1: duplicate key Subject");
}

TEST_F(CableTextTest, CrlfIsAcceptedButBareCrIsCorruption) {  // §2.1
  EXPECT_EQ(Parse("Subject: a\r\n").subject, "a");
  EXPECT_EQ(ErrorOf("Subject: a\rb\n"), "t.cable:1:11: carriage return inside line");
}

TEST_F(CableTextTest, RenderUsesCanonicalKeyOrder) {  // §8.1
  const std::string text = RenderCableText(Parse(
      "Subject: s\nPrecedence: ROUTINE\nClassification: SECRET\nId: x\nX-Extra: 1\n\nbody\n"));
  EXPECT_EQ(text,
            "Id: x\nClassification: SECRET\nPrecedence: ROUTINE\nSubject: s\nX-Extra: 1\n\nbody\n");
}

TEST_F(CableTextTest, RenderEscapesParagraphThatLooksLikeSyntax) {  // §7.3, §8.4
  model::Cable c;
  c.body.push_back({"((x)) and more", std::nullopt});
  c.body.push_back({"=== Enclosure: no ===", model::Label{"SECRET", {}, {}}});
  EXPECT_EQ(RenderCableText(c), "\n\\((x)) and more\n\n((SECRET)) \\=== Enclosure: no ===\n");
}

TEST_F(CableTextTest, HeaderOnlyTextHasEmptyBody) {  // §1
  const model::Cable c = Parse("Id: x\nSubject: s");
  EXPECT_TRUE(c.body.empty());
  EXPECT_EQ(RenderCableText(c), "Id: x\nSubject: s\n");
}

TEST(DeriveIdTest, IsFnv1aOfText) {  // §10.3
  EXPECT_EQ(DeriveId(""), "c-cbf29ce484222325");
  EXPECT_EQ(DeriveId("a"), "c-af63dc4c8601ec8c");
  EXPECT_TRUE(model::IsValidId(DeriveId("Subject: x\n")));
}

}  // namespace
}  // namespace chancery::format
