// FRUS TEI importer, a document's place in its volume (docs/format/frus-tei.md §Place in the
// volume): archival.chapter is the path of the division heads around it and archival.position
// its printed document number, so a table of contents can be built from the records alone.
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/format/frus_tei.h"
#include "chancery/model/cable.h"

namespace chancery::format {
namespace {

const std::string kDev = std::string(CHANCERY_SHARED_DIR) + "/corpus/frus/dev/";

FrusVolume Parse(const std::string& volume) {
  Result<std::string> xml = ReadFileMaybeZstd(kDev + volume + ".xml");
  EXPECT_TRUE(xml.ok()) << xml.status().ToString();
  Result<FrusVolume> v = ParseFrusVolume(xml.ok() ? *xml : "", volume + ".xml");
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? std::move(*v) : FrusVolume();
}

FrusVolume ParseInline(const std::string& body) {
  const std::string xml =
      "<TEI xmlns=\"http://www.tei-c.org/ns/1.0\" xml:id=\"frustoc\"><teiHeader><fileDesc>"
      "<titleStmt><title type=\"complete\">Toc Volume</title></titleStmt></fileDesc>"
      "</teiHeader><text><body>\n" +
      body + "\n</body></text></TEI>";
  Result<FrusVolume> v = ParseFrusVolume(xml, "toc.xml");
  EXPECT_TRUE(v.ok()) << v.status().ToString();
  return v.ok() ? std::move(*v) : FrusVolume();
}

// Runs of equal chapters in document order, with their lengths.
std::vector<std::pair<std::string, int>> ChapterRuns(const FrusVolume& v) {
  std::vector<std::pair<std::string, int>> runs;
  for (const model::Cable& c : v.documents) {
    if (runs.empty() || runs.back().first != c.archival.chapter) {
      runs.emplace_back(c.archival.chapter, 0);
    }
    ++runs.back().second;
  }
  return runs;
}

TEST(FrusTeiToc, NortheastAsiaVolumeHasItsFourChaptersUnderTheCompilationInOrder) {
  const FrusVolume v = Parse("frus1961-63v22");
  const std::vector<std::pair<std::string, int>> want = {
      {"China; Korea; Japan \u203a China", 197},
      {"China; Korea; Japan \u203a Mongolia", 3},
      {"China; Korea; Japan \u203a Korea", 120},
      {"China; Korea; Japan \u203a Japan", 65},
  };
  EXPECT_EQ(ChapterRuns(v), want);
}

TEST(FrusTeiToc, PositionIsThePrintedDocumentNumberInDocumentOrder) {
  for (const char* name : {"frus1961-63v22", "frus1964-68v30", "frus1943China"}) {
    const FrusVolume v = Parse(name);
    ASSERT_FALSE(v.documents.empty()) << name;
    int64_t previous = 0;
    for (const model::Cable& c : v.documents) {
      std::string number;
      for (const model::Note& n : c.notes) {
        if (n.kind == "document-number") {
          number = n.text;
        }
      }
      EXPECT_EQ(std::to_string(c.archival.position), number) << c.id;
      EXPECT_GT(c.archival.position, previous) << c.id;
      previous = c.archival.position;
    }
  }
}

TEST(FrusTeiToc, FootnotesInDivisionHeadsAreNotPartOfTheChapter) {
  // frus1943China's first compilation head carries the footnote "Continued from Foreign
  // Relations, 1942, China, pp. 1–190."
  const FrusVolume v = Parse("frus1943China");
  ASSERT_FALSE(v.documents.empty());
  EXPECT_EQ(v.documents.front().archival.chapter,
            "General wartime relations between the United States and China, with emphasis on "
            "China\u2019s military position and United States efforts to give military "
            "assistance to China");
  for (const model::Cable& c : v.documents) {
    EXPECT_EQ(c.archival.chapter.find("Continued from"), std::string::npos) << c.id;
  }
}

TEST(FrusTeiToc, SubchaptersNestUnderTheirChapter) {
  const FrusVolume v = Parse("frus1918Russiav03");
  const std::vector<std::pair<std::string, int>> runs = ChapterRuns(v);
  ASSERT_EQ(runs.size(), 14u);  // one run per subchapter, as the volume has 14
  EXPECT_EQ(runs[0].first.rfind("Russia Economic Relations \u203a Chapter I. Loans to the "
                                "Provisional Government\u2014Soviet Financial Decrees \u203a "
                                "Offer of a credit",
                                0),
            0u)
      << runs[0].first;
  EXPECT_EQ(runs[0].second, 43);
}

TEST(FrusTeiToc, InlineVolumeCoversNestingLettersMissingNumbersAndTheSeparator) {
  const FrusVolume v = ParseInline(
      "<div type=\"compilation\" xml:id=\"comp1\"><head>Cuba<note n=\"1\">Continued.</note>"
      "</head>\n"
      "<div type=\"chapter\" xml:id=\"ch1\"><head>A \u203a B<lb/>C</head>\n"
      "<div type=\"document\" xml:id=\"d1\" n=\"1\"><head>One</head><p>x</p></div>\n"
      "<div type=\"document\" xml:id=\"d1A\" n=\"1A\"><head>One A</head><p>x</p></div>\n"
      "</div>\n"
      "<div type=\"chapter\" xml:id=\"ch2\"><head/>\n"
      "<div type=\"document\" xml:id=\"d2\"><head>Two</head><p>x</p></div>\n"
      "</div></div>\n"
      "<div type=\"document\" xml:id=\"d3\" n=\"3\"><head>Three</head><p>x</p></div>");
  ASSERT_EQ(v.documents.size(), 4u);
  EXPECT_EQ(v.documents[0].archival.chapter, "Cuba \u203a A > B C");
  EXPECT_EQ(v.documents[0].archival.position, 1);
  EXPECT_EQ(v.documents[1].archival.position, 1);      // "1A": its leading number
  EXPECT_EQ(v.documents[2].archival.chapter, "Cuba");  // a chapter without a head adds nothing
  EXPECT_EQ(v.documents[2].archival.position, 1);      // no number: with the one before it
  EXPECT_EQ(v.documents[3].archival.chapter, "");      // outside every division
  EXPECT_EQ(v.documents[3].archival.position, 3);
  for (const model::Cable& c : v.documents) {
    EXPECT_TRUE(model::Validate(c).ok()) << c.id;
  }
}

}  // namespace
}  // namespace chancery::format
