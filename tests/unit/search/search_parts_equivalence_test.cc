// Splitting access classes into parts changes nothing a subject observes: a slice of two FRUS dev
// volumes indexed with 1 part and with 3 parts gives identical results (hits in order, scores,
// totals, facets, snippets) for queries of every kind, because Xapian combines the term
// statistics of the sub-databases and ties break by record id.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/format/frus_tei.h"

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

constexpr size_t kDocsPerVolume = 200;

std::vector<model::Cable> FrusSlice() {
  std::vector<model::Cable> cables;
  for (const char* volume : {"frus1901China.xml", "frus1961-63v22.xml"}) {
    const std::string path = std::string(CHANCERY_SHARED_DIR) + "/corpus/frus/dev/" + volume;
    Result<std::string> xml = format::ReadFileMaybeZstd(path);
    EXPECT_TRUE(xml.ok()) << xml.status().ToString();
    Result<format::FrusVolume> parsed = format::ParseFrusVolume(xml.ok() ? *xml : "", volume);
    EXPECT_TRUE(parsed.ok()) << parsed.status().ToString();
    for (size_t i = 0; parsed.ok() && i < std::min(kDocsPerVolume, parsed->documents.size()); ++i) {
      cables.push_back(parsed->documents[i]);
    }
  }
  return cables;
}

// Classes 1 and 2 alternate, so every class has records in every part.
std::unique_ptr<SearchIndex> IndexWithParts(const std::string& dir, uint32_t parts,
                                            const std::vector<model::Cable>& cables) {
  IndexOptions options{dir};
  options.parts = parts;
  std::unique_ptr<SearchIndex> index = std::move(OpenXapianIndex(options).value());
  std::vector<IndexEntry> entries;
  for (size_t i = 0; i < cables.size(); ++i) {
    entries.push_back({&cables[i], static_cast<int64_t>(1 + i % 2)});
  }
  EXPECT_TRUE(index->PutMany(entries).ok());
  EXPECT_TRUE(index->Commit(1).ok());
  return index;
}

SearchQuery Query(const std::string& text, SortOrder sort, std::vector<int64_t> classes) {
  SearchQuery query = MakeQuery(text, std::move(classes), 0, 60);
  query.sort = sort;
  query.snippets = true;
  query.budget_ms = 0;
  query.facet_limit = 0;
  query.facets = {Facet::kDecade,     Facet::kYear,       Facet::kClassification,
                  Facet::kPrecedence, Facet::kFromOffice, Facet::kToOffice,
                  Facet::kCollection, Facet::kLanguage,   Facet::kDocumentKind};
  return query;
}

std::vector<SearchQuery> Queries() {
  std::vector<SearchQuery> queries;
  const std::vector<std::string> texts = {"",
                                          "china",
                                          "minister legation",
                                          "\"secretary of state\"",
                                          "treaty OR agreement",
                                          "peking AND NOT boxer",
                                          "(army OR troops) embassy",
                                          "title:telegram",
                                          "to:secretary",
                                          "type:telegram",
                                          "class:secret",
                                          "vol:frus1901china",
                                          "person:rockhill OR place:peking"};
  for (const std::string& text : texts) {
    for (SortOrder sort :
         {SortOrder::kRelevance, SortOrder::kDateAscending, SortOrder::kDateDescending}) {
      queries.push_back(Query(text, sort, {1, 2}));
      queries.push_back(Query(text, sort, {2}));
    }
  }
  SearchQuery ranged = Query("government", SortOrder::kRelevance, {1, 2});
  ranged.from_day = model::DaysFromCivil(1961, 1, 1);
  ranged.to_day = model::DaysFromCivil(1962, 6, 30);
  queries.push_back(ranged);
  ranged.include_undated = true;
  ranged.offset = 5;
  queries.push_back(ranged);
  return queries;
}

// Expects everything to be identical, snippets included.
void ExpectSameResults(const SearchResults& one, const SearchResults& three,
                       const std::string& text) {
  SCOPED_TRACE("query: " + text);
  EXPECT_EQ(one.total, three.total);
  EXPECT_EQ(one.hits.size(), three.hits.size());
  for (size_t i = 0; i < std::min(one.hits.size(), three.hits.size()); ++i) {
    EXPECT_EQ(one.hits[i].id, three.hits[i].id) << "hit " << i;
    EXPECT_NEAR(one.hits[i].score, three.hits[i].score, 1e-9) << one.hits[i].id;
    EXPECT_FALSE(three.hits[i].snippet.empty()) << one.hits[i].id;
    EXPECT_EQ(one.hits[i].snippet, three.hits[i].snippet) << one.hits[i].id;
  }
  EXPECT_EQ(one.facets.size(), three.facets.size());
  for (size_t i = 0; i < std::min(one.facets.size(), three.facets.size()); ++i) {
    EXPECT_EQ(one.facets[i].buckets, three.facets[i].buckets) << FacetName(one.facets[i].facet);
  }
}

// Snippets too: they are cut with every query term weighing the same (src/search/xapian/
// xapian_index.cc, ReadHit). With the ranking MSet's term weights, upper bounds summed over the
// sub-databases, 7 of these snippets differed between one and three parts.
TEST(SearchPartsEquivalence, OneAndThreePartsGiveIdenticalResultsOnFrus) {
  const std::vector<model::Cable> cables = FrusSlice();
  ASSERT_GT(cables.size(), 300u);
  chancery::testing::TempDir dir;
  std::unique_ptr<SearchIndex> one = IndexWithParts(dir.path() + "/p1", 1, cables);
  std::unique_ptr<SearchIndex> three = IndexWithParts(dir.path() + "/p3", 3, cables);
  size_t hits = 0;
  for (const SearchQuery& query : Queries()) {
    const SearchResults expected = one->Search(query).value();
    ExpectSameResults(expected, three->Search(query).value(), query.text);
    hits += expected.hits.size();
  }
  EXPECT_GT(hits, Queries().size() * 30);  // the batch exercises real matches
}

}  // namespace
}  // namespace chancery::search
