// The citation module (include/chancery/format/citation.h, docs/citations.md) as a spec: the
// seed cited exactly as its source cites it, every style naming the version and its permalink
// and hash, Chicago's title case as citeproc-js does it, escaping that round-trips.
#include "chancery/format/citation.h"

#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/format/archive_record.h"
#include "chancery/records/content_hash.h"

#include "format/citation_internal.h"

namespace chancery::format {
namespace {

const std::string kSeedPath = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The line after "Citation:" in the seed file, as a reader sees it there.
std::string SeedCitationLine() {
  std::istringstream in(ReadFile(kSeedPath));
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

model::Cable Seed() {
  Result<model::Cable> seed = ParseArchiveRecord(ReadFile(kSeedPath));
  EXPECT_TRUE(seed.ok()) << seed.status().ToString();
  return seed.ok() ? *seed : model::Cable{};
}

CitedVersion Cited(const model::Cable& c, int64_t version = 1) {
  return {version, "https://reading.example/", records::ContentHash(c)};
}

TEST(Citation, TheSeedIsCitedExactlyAsItsSourceCitesItThenThePermalink) {
  const model::Cable seed = Seed();
  const std::string line = SeedCitationLine();
  ASSERT_FALSE(line.empty());
  EXPECT_EQ(RenderCitation(seed, Cited(seed, 3), CitationStyle::kWilson),
            line + "\nChancery version 3, sha256 " + records::ContentHash(seed) +
                ": https://reading.example/records/wilson-123881/v/3\n");
}

TEST(Citation, ASourceCitationIsKeptVerbatimNotRebuiltFromFields) {
  // The seed's own line happens to equal the form built from its fields; a FRUS document's
  // (history.state.gov's form) does not, and must come out exactly as imported.
  model::Cable c = Seed();
  c.archival.citation =
      "\u201cA Title,\u201d Taipei, February 25, 1961, in Foreign Relations, Document 7.";
  const std::string text = RenderCitation(c, Cited(c), CitationStyle::kWilson);
  EXPECT_EQ(text.substr(0, text.find('\n')), c.archival.citation);
}

TEST(Citation, ARecordWithoutASourceCitationGetsTheWilsonFormFromItsFields) {
  model::Cable c;
  c.id = "desk-7";
  c.title = "Grain talks";
  c.date = model::Date::FromYmd(1963, 3, 4);
  c.archival.repository = "Chancery";
  c.archival.reference.verbatim = "DESK 7";
  c.archival.translator = "A. Translator";
  EXPECT_EQ(RenderCitation(c, Cited(c), CitationStyle::kWilson),
            "\"Grain talks\", March 4, 1963, Chancery, DESK 7. Translated by A. Translator.\n"
            "Chancery version 1, sha256 " +
                records::ContentHash(c) + ": https://reading.example/records/desk-7/v/1\n");
}

TEST(Citation, EveryStyleNamesTheVersionItsPermalinkAndHash) {
  const model::Cable seed = Seed();
  for (CitationStyle style : CitationStyles()) {
    const std::string text = RenderCitation(seed, Cited(seed, 2), style);
    SCOPED_TRACE(std::string(CitationStyleName(style)));
    EXPECT_NE(text.find("https://reading.example/records/wilson-123881/v/2"), std::string::npos);
    EXPECT_NE(text.find(records::ContentHash(seed)), std::string::npos);
    EXPECT_EQ(text.back(), '\n');
  }
}

TEST(Citation, TheHashIsTwelveHexDigitsAndChangesWithTheText) {
  model::Cable a = Seed();
  const std::string before = records::ContentHash(a);
  EXPECT_EQ(before.size(), 12u);
  EXPECT_EQ(before.find_first_not_of("0123456789abcdef"), std::string::npos);
  a.body[0].text += " ";
  EXPECT_NE(records::ContentHash(a), before);
}

TEST(Citation, AnUnknownStyleIsRefusedNamingItAndListingTheStyles) {
  Result<CitationStyle> s = ParseCitationStyle("apa");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.status().message(),
            "unknown citation style \"apa\"; styles: wilson, chicago-note, chicago-bibliography, "
            "csl-json, ris, bibtex");
  EXPECT_FALSE(ParseCitationStyle("Wilson").ok());
  EXPECT_FALSE(ParseCitationStyle("").ok());
}

TEST(Citation, ChicagoTitleCaseIsCiteprocs) {
  // Outputs of citeproc-js 2.4.63 with Debian's chicago-note-bibliography.csl.
  using internal::CslTitleCase;
  EXPECT_EQ(CslTitleCase("memorandum of conversation about the sino-soviet split: a follow-up to"),
            "Memorandum of Conversation about the Sino-Soviet Split: A Follow-up To");
  EXPECT_EQ(CslTitleCase("the end of"), "The End Of");
  EXPECT_EQ(CslTitleCase("Telegram From the Embassy"), "Telegram From the Embassy");
  EXPECT_EQ(CslTitleCase("was it? yes"), "Was It? Yes");
}

TEST(Citation, ChicagoNoteAndBibliographyForTheSeed) {
  const model::Cable seed = Seed();
  const std::string note = RenderCitation(seed, Cited(seed), CitationStyle::kChicagoNote);
  EXPECT_EQ(note.substr(0, note.find(" Version 1,")),
            "Central Committee International Liaison Department and Ministry of Foreign Affairs, "
            "\u201cCable from the CCPCC International Liaison Department and the Foreign "
            "Ministry, \u2018Key Points of the Conversation from Chairman of the CCP CC Comrade "
            "Mao Zedong\u2019s Reception of the Soviet Ambassador to China Comrade "
            "Chernovenko.\u2019\u201d");
  const std::string bib = RenderCitation(seed, Cited(seed), CitationStyle::kChicagoBibliography);
  EXPECT_NE(bib.find("\u201d Top Secret Telegram. Translated by David Cowhig, March 13, 1963. PRC "
                     "FMA 109-03861-03, 13-17. Wilson Center Digital Archive. "
                     "https://reading.example/records/wilson-123881/v/1. Version 1, sha256 "),
            std::string::npos)
      << bib;
}

TEST(Citation, CslJsonIsAManuscriptWithTheArchivalVariables) {
  const model::Cable seed = Seed();
  const nlohmann::json j =
      nlohmann::json::parse(RenderCitation(seed, Cited(seed), CitationStyle::kCslJson));
  ASSERT_TRUE(j.is_array());
  const nlohmann::json& item = j.at(0);
  EXPECT_EQ(item["type"], "manuscript");
  EXPECT_EQ(item["translator"][0]["literal"], "David Cowhig");
  EXPECT_EQ(item["archive"], "Wilson Center Digital Archive");
  EXPECT_EQ(item["archive_location"], "PRC FMA 109-03861-03, 13-17");
  EXPECT_EQ(item["issued"]["date-parts"][0], nlohmann::json::array({1963, 3, 13}));
  EXPECT_EQ(item["version"], "1");
  EXPECT_EQ(item["URL"], "https://reading.example/records/wilson-123881/v/1");
}

TEST(Citation, RisKeepsTranslatorAndArchivalLocationInTheirOwnTags) {
  const model::Cable seed = Seed();
  Result<std::vector<CitationField>> ris =
      ReadRis(RenderCitation(seed, Cited(seed), CitationStyle::kRis));
  ASSERT_TRUE(ris.ok()) << ris.status().ToString();
  auto value = [&](std::string_view tag) {
    for (const CitationField& f : *ris) {
      if (f.name == tag) {
        return f.value;
      }
    }
    return std::string("<none>");
  };
  EXPECT_EQ(value("TY"), "MANSCPT");
  EXPECT_EQ(value("A4"), "David Cowhig");
  EXPECT_EQ(value("AV"), "PRC FMA 109-03861-03, 13-17");
  EXPECT_EQ(value("PB"), "Wilson Center Digital Archive");
  EXPECT_EQ(value("DA"), "1963/03/13/");
  EXPECT_EQ(value("ET"), "1");
}

TEST(Citation, RisAndBibtexSurviveHostileText) {
  model::Cable c;
  c.id = "x-1";
  c.title = "A {braced} 100% & #1 $cost_of ~x^2 \\ end}";
  c.archival.translator = "Jo \\ {Smith}";
  c.archival.reference.verbatim = "line one\nline two";
  const std::string bib = RenderCitation(c, Cited(c), CitationStyle::kBibtex);
  Result<std::vector<CitationField>> fields = ReadBibtex(bib);
  ASSERT_TRUE(fields.ok()) << fields.status().ToString() << "\n" << bib;
  bool saw_title = false;
  for (const CitationField& f : *fields) {
    if (f.name == "title") {
      EXPECT_EQ(f.value, c.title);
      saw_title = true;
    }
    if (f.name == "translator") {
      EXPECT_EQ(f.value, c.archival.translator);
    }
  }
  EXPECT_TRUE(saw_title);
  const std::string ris = RenderCitation(c, Cited(c), CitationStyle::kRis);
  Result<std::vector<CitationField>> tags = ReadRis(ris);
  ASSERT_TRUE(tags.ok()) << tags.status().ToString() << "\n" << ris;
  for (const CitationField& f : *tags) {
    EXPECT_EQ(f.value.find('\n'), std::string::npos);
  }
}

TEST(Citation, OurReadersRefuseMalformedInput) {
  EXPECT_FALSE(ReadRis("TI  - no type first\r\nER  - \r\n").ok());
  EXPECT_FALSE(ReadRis("TY  - GEN\r\nbad line\r\nER  - \r\n").ok());
  EXPECT_FALSE(ReadRis("TY  - GEN\r\n").ok());
  EXPECT_FALSE(ReadBibtex("@misc{k, title = {unbalanced}").ok());
  EXPECT_FALSE(ReadBibtex("no entry").ok());
}

}  // namespace
}  // namespace chancery::format
