// Facets (exact counts over the visible matches), date sort, include_undated, the result window
// and the time budget.
#include <string>
#include <vector>

#include <gmock/gmock.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::ElementsAre;

using Buckets = std::vector<FacetBucket>;

model::Cable Record(const std::string& id, const std::string& date, const std::string& cls,
                    model::PrecedenceRank rank, model::DocumentKind kind) {
  model::Cable cable = MakeCable(id, "T " + id, "common words", date);
  cable.original_marking.label.classification = cls;
  cable.precedence.rank = rank;
  cable.kind = kind;
  return cable;
}

class SearchFacetsTest : public SearchTest {
 protected:
  void SetUp() override {
    SearchTest::SetUp();
    using model::DocumentKind;
    using model::PrecedenceRank;
    model::Cable a =
        Record("a", "1963-03-13", "TOP SECRET", PrecedenceRank::kPriority, DocumentKind::kTelegram);
    a.office = "Office 1";
    a.addressees = {Addressee("Embassy A"), Addressee("Embassy B"), Addressee("Embassy A")};
    a.archival.collection = "v1";
    a.archival.original_language = "Chinese";
    model::Cable b =
        Record("b", "1963", "SECRET", PrecedenceRank::kRoutine, DocumentKind::kTelegram);
    b.organization = "Ministry";
    b.addressees = {Addressee("Embassy A")};
    b.archival.collection = "v1";
    model::Cable c =
        Record("c", "1958-06", "SECRET", PrecedenceRank::kUnknown, DocumentKind::kMemorandum);
    c.archival.original_language = "English";
    Put(a);
    Put(b);
    Put(c);
    Put(Record("u", "", "", PrecedenceRank::kUnknown, DocumentKind::kUnknown));
    Put(Record("hidden", "1940", "SECRET", PrecedenceRank::kFlash, DocumentKind::kLetter), 2);
    Commit();
  }

  static model::Addressee Addressee(const std::string& name) {
    model::Addressee addressee;
    addressee.name = name;
    return addressee;
  }

  Buckets FacetOf(Facet facet, const std::string& text = "", uint32_t limit = 10) {
    SearchQuery query = MakeQuery(text);
    query.facets = {facet};
    query.facet_limit = limit;
    SearchResults results = SearchOrDie(query);
    EXPECT_EQ(results.facets.size(), 1u);
    return results.facets.empty() ? Buckets{} : results.facets.front().buckets;
  }

  std::vector<std::string> Sorted(SortOrder sort, uint32_t offset = 0, uint32_t limit = 10) {
    SearchQuery query = MakeQuery("", {1}, offset, limit);
    query.sort = sort;
    return HitIds(SearchOrDie(query));
  }
};

// Issue 12 item 5: a time line reads in order, not by count.
TEST_F(SearchFacetsTest, DecadeAndYearCountDatedVisibleMatchesInChronologicalOrder) {
  EXPECT_EQ(FacetOf(Facet::kDecade), (Buckets{{"1950s", 1}, {"1960s", 2}}));
  EXPECT_EQ(FacetOf(Facet::kYear), (Buckets{{"1958", 1}, {"1963", 2}}));
}

// Issue 12 item 5: "the Embassy in Poland" and "Embassy in Poland" are one value; a marking
// that names no classification ("Niact") has no classification value; a volume shows its title.
TEST_F(SearchFacetsTest, FacetValuesAreNormalizedAndCollectionsLabelled) {
  model::Cable d =
      Record("d", "1961", "", model::PrecedenceRank::kImmediate, model::DocumentKind::kTelegram);
  d.original_marking.verbatim = "Niact";
  d.organization = "the Embassy in Poland";
  d.archival.collection = "v2";
  d.archival.collection_title = "Volume Two";
  model::Cable e = Record("e", "1961", "SECRET", model::PrecedenceRank::kUnknown,
                          model::DocumentKind::kTelegram);
  e.organization = "Embassy in Poland";
  Put(d);
  Put(e);
  Commit();
  EXPECT_EQ(FacetOf(Facet::kFromOffice, "Poland"), (Buckets{{"Embassy in Poland", 2}}));
  EXPECT_EQ(FacetOf(Facet::kClassification, "Poland"), (Buckets{{"SECRET", 1}}));
  EXPECT_EQ(FacetOf(Facet::kCollection, "Poland"), (Buckets{{"v2", 1, "Volume Two"}}));
}

TEST_F(SearchFacetsTest, ClassificationPrecedenceAndKindCounts) {
  EXPECT_EQ(FacetOf(Facet::kClassification), (Buckets{{"SECRET", 2}, {"TOP SECRET", 1}}));
  EXPECT_EQ(FacetOf(Facet::kPrecedence), (Buckets{{"PRIORITY", 1}, {"ROUTINE", 1}}));
  EXPECT_EQ(FacetOf(Facet::kDocumentKind), (Buckets{{"telegram", 2}, {"memorandum", 1}}));
}

TEST_F(SearchFacetsTest, FromUsesOfficeElseOrganization) {
  EXPECT_EQ(FacetOf(Facet::kFromOffice), (Buckets{{"Ministry", 1}, {"Office 1", 1}}));
}

TEST_F(SearchFacetsTest, ToCountsEachAddresseeOncePerRecord) {
  EXPECT_EQ(FacetOf(Facet::kToOffice), (Buckets{{"Embassy A", 2}, {"Embassy B", 1}}));
}

TEST_F(SearchFacetsTest, CollectionAndLanguageCounts) {
  EXPECT_EQ(FacetOf(Facet::kCollection), (Buckets{{"v1", 2}}));
  EXPECT_EQ(FacetOf(Facet::kLanguage), (Buckets{{"Chinese", 1}, {"English", 1}}));
}

TEST_F(SearchFacetsTest, FacetsCountOnlyMatchingRecords) {
  EXPECT_EQ(FacetOf(Facet::kClassification, "prec:routine"), (Buckets{{"SECRET", 1}}));
}

TEST_F(SearchFacetsTest, FacetLimitKeepsTheMostFrequentTiesByValue) {
  EXPECT_EQ(FacetOf(Facet::kClassification, "", 1), (Buckets{{"SECRET", 2}}));
  EXPECT_EQ(FacetOf(Facet::kLanguage, "", 1), (Buckets{{"Chinese", 1}}));
}

TEST_F(SearchFacetsTest, FacetsComeInRequestOrderOnlyWhenAsked) {
  EXPECT_TRUE(SearchOrDie(MakeQuery("")).facets.empty());
  SearchQuery query = MakeQuery("");
  query.facets = {Facet::kYear, Facet::kLanguage, Facet::kYear};
  SearchResults results = SearchOrDie(query);
  ASSERT_EQ(results.facets.size(), 2u);
  EXPECT_EQ(results.facets[0].facet, Facet::kYear);
  EXPECT_EQ(results.facets[1].facet, Facet::kLanguage);
}

TEST_F(SearchFacetsTest, DateSortPutsUndatedLastBothWays) {
  EXPECT_THAT(Sorted(SortOrder::kDateAscending), ElementsAre("c", "b", "a", "u"));
  EXPECT_THAT(Sorted(SortOrder::kDateDescending), ElementsAre("a", "b", "c", "u"));
}

TEST_F(SearchFacetsTest, DateSortPagesConsistently) {
  EXPECT_THAT(Sorted(SortOrder::kDateAscending, 1, 2), ElementsAre("b", "a"));
  EXPECT_THAT(Sorted(SortOrder::kDateDescending, 3, 5), ElementsAre("u"));
}

TEST_F(SearchFacetsTest, EqualDatesAreOrderedById) {
  Put(Record("a0", "1963-03-13", "", model::PrecedenceRank::kUnknown,
             model::DocumentKind::kUnknown));
  Put(Record("t", "", "", model::PrecedenceRank::kUnknown, model::DocumentKind::kUnknown));
  Commit();
  EXPECT_THAT(Sorted(SortOrder::kDateDescending), ElementsAre("a", "a0", "b", "c", "t", "u"));
}

TEST_F(SearchFacetsTest, UndatedRecordsJoinADateRangeOnlyWhenAsked) {
  SearchQuery query = MakeQuery("");
  query.from_day = model::DaysFromCivil(1960, 1, 1);
  EXPECT_THAT(HitIds(SearchOrDie(query)), ElementsAre("a", "b"));
  query.include_undated = true;
  EXPECT_THAT(HitIds(SearchOrDie(query)), ElementsAre("a", "b", "u"));
}

TEST_F(SearchFacetsTest, ResultWindowIsCapped) {
  EXPECT_TRUE(index_->Search(MakeQuery("", {1}, kMaxResultWindow - 10, 10)).ok());
  Status status = index_->Search(MakeQuery("", {1}, kMaxResultWindow - 10, 11)).status();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchFacetsTest, GenerousOrNoBudgetGivesExactResults) {
  SearchQuery query = MakeQuery("common");
  query.budget_ms = 0;
  EXPECT_FALSE(SearchOrDie(query).budget_exceeded);
  query.budget_ms = 60000;
  SearchResults results = SearchOrDie(query);
  EXPECT_FALSE(results.budget_exceeded);
  EXPECT_EQ(results.total, 4u);
}

TEST(SearchNames, FacetNamesRoundTrip) {
  for (Facet facet : {Facet::kDecade, Facet::kYear, Facet::kClassification, Facet::kPrecedence,
                      Facet::kFromOffice, Facet::kToOffice, Facet::kCollection, Facet::kLanguage,
                      Facet::kDocumentKind}) {
    Facet parsed = Facet::kDecade;
    EXPECT_TRUE(ParseFacet(FacetName(facet), &parsed));
    EXPECT_EQ(parsed, facet);
  }
  Facet unknown = Facet::kDecade;
  EXPECT_FALSE(ParseFacet("colour", &unknown));
}

TEST(SearchNames, SortNamesRoundTrip) {
  for (SortOrder order :
       {SortOrder::kRelevance, SortOrder::kDateAscending, SortOrder::kDateDescending}) {
    SortOrder parsed = SortOrder::kRelevance;
    EXPECT_TRUE(ParseSortOrder(SortOrderName(order), &parsed));
    EXPECT_EQ(parsed, order);
  }
  EXPECT_EQ(SortOrderName(SortOrder::kDateDescending), "date-desc");
}

}  // namespace
}  // namespace chancery::search
