// The FRUS importer's volume pass: approximate dates of undated documents from their place in
// the volume, divisions, and citations in history.state.gov's terms (frus_tei_context.cc).
#include <gtest/gtest.h>

#include "format/frus_tei_context_internal.h"

namespace chancery::format::internal {
namespace {

class ApproximateDates : public ::testing::Test {
 protected:
  void Dated(const char* iso, size_t section = 0) {
    model::Cable c;
    c.date = *model::Date::Parse(iso);
    docs_.push_back(c);
    sections_.push_back(section);
  }

  void Undated(size_t section = 0) {
    docs_.emplace_back();
    sections_.push_back(section);
  }

  std::string Range(size_t i) const {
    return docs_[i].earliest.ToIso() + ".." + docs_[i].latest.ToIso();
  }

  size_t Run(const char* volume = "frus1961-63v22") {
    return ApproximateFrusDates(volume, sections_, &docs_);
  }

  std::vector<model::Cable> docs_;
  std::vector<size_t> sections_;
};

TEST_F(ApproximateDates, UndatedDocumentLiesBetweenItsNeighbours) {
  Dated("1961-02-25T21:00+08:00[Asia/Taipei]");
  Undated();
  Undated();
  Dated("1961-03-03");
  EXPECT_EQ(Run(), 2u);
  EXPECT_EQ(Range(1), "1961-02-25..1961-03-03");
  EXPECT_EQ(Range(2), "1961-02-25..1961-03-03");
  EXPECT_TRUE(docs_[1].date_approximate);
  EXPECT_FALSE(docs_[1].date.IsSet());
  EXPECT_FALSE(docs_[0].date_approximate);
}

TEST_F(ApproximateDates, MissingNeighbourFallsBackToTheVolumesYears) {
  Undated();
  Dated("1962-06-01");
  Undated();
  EXPECT_EQ(Run(), 2u);
  EXPECT_EQ(Range(0), "1961-01-01..1962-06-01");
  EXPECT_EQ(Range(2), "1962-06-01..1963-12-31");
}

TEST_F(ApproximateDates, NeighboursInAnotherDivisionDoNotCount) {
  Dated("1963-12-20", 0);
  Undated(1);
  Dated("1961-01-05", 1);
  EXPECT_EQ(Run(), 1u);
  EXPECT_EQ(Range(1), "1961-01-01..1961-01-05");
}

TEST_F(ApproximateDates, DivisionWithoutDatesOrVolumeWithoutYearsStaysUndated) {
  Undated(0);
  Undated(1);
  Dated("1918-07-17", 1);
  EXPECT_EQ(Run("frusWorldWar"), 0u);
  EXPECT_FALSE(docs_[0].earliest.IsSet());
  EXPECT_FALSE(docs_[1].date_approximate);
}

TEST_F(ApproximateDates, OutOfOrderNeighboursStillGiveAnOrderedRange) {
  Dated("1961-05-10");
  Undated();
  Dated("1961-05-02");
  Run();
  EXPECT_EQ(Range(1), "1961-05-02..1961-05-10");
}

TEST(FrusSections, CountsDivisionsBeforeEachDocument) {
  const std::string xml =
      "<TEI>\n<div type=\"chapter\" xml:id=\"ch1\">\n<div type=\"document\" n=\"1\">\n</div>\n"
      "<div type=\"document\" n=\"2\">\n</div></div>\n<div type=\"chapter\">\n"
      "<div type=\"document\" n=\"3\">\n</div></div></TEI>\n";
  EXPECT_EQ(FrusSections(xml, {3, 5, 8}), (std::vector<size_t>{1, 1, 2}));
}

TEST(FrusCitation, FollowsHistoryStateGov) {
  const std::string xml =
      "<TEI><teiHeader><fileDesc><titleStmt><title type=\"complete\">x</title>"
      "<title type=\"series\">Foreign Relations of the United States</title>"
      "<title type=\"subseries\">1961\u20131963</title>"
      "<title type=\"volumenumber\">Volume XXII</title><title type=\"volume\">Northeast Asia"
      "</title><editor role=\"primary\">Edward C. Keefer</editor><editor role=\"primary\">David W."
      " Mabon</editor><editor role=\"primary\">Harriet Dashiell Schwar</editor><editor "
      "role=\"general\">Glenn W. LaFantasie</editor></titleStmt><publicationStmt><publisher>"
      "United States Government Printing Office</publisher><pubPlace>Washington</pubPlace>"
      "<date>1996</date></publicationStmt></fileDesc></teiHeader></TEI>";
  const FrusVolumeHeader h = ReadFrusHeader(xml);
  model::Cable c;
  c.title = "Telegram From the Embassy in the Republic of China to the Department of State";
  c.date = *model::Date::Parse("1961-02-25T21:00+08:00[Asia/Taipei]");
  c.place = "Taipei";
  c.archival.source_url = "https://history.state.gov/historicaldocuments/frus1961-63v22/d7";
  EXPECT_EQ(FrusCitation(h, c, FrusContainerTitle(h, "x"), "7"),
            "\u201cTelegram From the Embassy in the Republic of China to the Department of "
            "State,\u201d Taipei, February 25, 1961, in Foreign Relations of the United States, "
            "1961\u20131963, Volume XXII, Northeast Asia, ed. Edward C. Keefer, David W. Mabon, "
            "and Harriet Dashiell Schwar (Washington: United States Government Printing Office, "
            "1996), Document 7, https://history.state.gov/historicaldocuments/frus1961-63v22/d7.");
}

TEST(FrusCitation, ContainerWithoutSeriesIsTheCompleteTitle) {
  EXPECT_EQ(FrusContainerTitle(FrusVolumeHeader(), "Papers Relating to ..."),
            "Papers Relating to ...");
}

}  // namespace
}  // namespace chancery::format::internal
