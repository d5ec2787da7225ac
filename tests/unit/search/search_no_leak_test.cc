// Properties of access-class sharding over small random corpora (STYLE.md §3.5): documents in
// classes a subject cannot read change nothing the subject observes (hits, scores, totals,
// facet counts, snippets, date order), and a search returns exactly the visible matching records.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

// Words whose English stems are all distinct, so "contains the word" is the expected match.
const std::vector<std::string> kVocabulary = {"embassy", "treaty",    "soviet",  "algeria",
                                              "liaison", "criticism", "harvest", "party"};

struct Doc {
  std::string id;
  std::vector<std::string> words;
  int32_t year = 0;  // 0: undated
  int64_t access_class = 0;
  std::string classification;
  std::string addressee;
};

rc::Gen<std::vector<std::string>> GenWords() {
  return rc::gen::resize(6, rc::gen::nonEmpty(rc::gen::container<std::vector<std::string>>(
                                rc::gen::elementOf(kVocabulary))));
}

// Documents d00, d01, ... each in one of `classes`, with words and an optional year.
std::vector<Doc> GenDocs(const std::vector<int64_t>& classes) {
  const auto count = *rc::gen::inRange<size_t>(0, 10);
  std::vector<Doc> docs(count);
  for (size_t i = 0; i < count; ++i) {
    docs[i].id =
        std::string("d") + static_cast<char>('0' + i / 10) + static_cast<char>('0' + i % 10);
    docs[i].words = *GenWords();
    docs[i].year = *rc::gen::oneOf(rc::gen::just(0), rc::gen::inRange(1960, 1966));
    docs[i].access_class = *rc::gen::elementOf(classes);
    docs[i].classification = *rc::gen::element<std::string>("", "SECRET", "TOP SECRET");
    docs[i].addressee = *rc::gen::element<std::string>("", "Embassy A", "Embassy B");
  }
  return docs;
}

model::Cable ToCable(const Doc& doc) {
  std::string body;
  for (const std::string& word : doc.words) {
    body += (body.empty() ? "" : " ") + word;
  }
  model::Cable cable =
      MakeCable(doc.id, "title " + doc.id, body, doc.year == 0 ? "" : std::to_string(doc.year));
  cable.original_marking.label.classification = doc.classification;
  if (!doc.addressee.empty()) {
    cable.addressees.emplace_back();
    cable.addressees.back().name = doc.addressee;
  }
  return cable;
}

SearchQuery GenQuery(const std::vector<int64_t>& visible) {
  std::string a = *rc::gen::elementOf(kVocabulary);
  std::string b = *rc::gen::elementOf(kVocabulary);
  SearchQuery query;
  query.text = *rc::gen::elementOf(std::vector<std::string>{
      "", a, a + " " + b, a + " OR " + b, a + " NOT " + b, "\"" + a + " " + b + "\""});
  if (*rc::gen::arbitrary<bool>()) {
    query.from_day = model::DaysFromCivil(*rc::gen::inRange(1959, 1967), 1, 1);
    query.to_day = *query.from_day + *rc::gen::inRange(0, 800);
    query.include_undated = *rc::gen::arbitrary<bool>();
  }
  query.sort = *rc::gen::element(SortOrder::kRelevance, SortOrder::kDateAscending,
                                 SortOrder::kDateDescending);
  query.facets = *rc::gen::container<std::vector<Facet>>(
      rc::gen::element(Facet::kDecade, Facet::kYear, Facet::kClassification, Facet::kToOffice));
  query.facet_limit = *rc::gen::inRange<uint32_t>(0, 3);
  query.snippets = *rc::gen::arbitrary<bool>();
  query.budget_ms = 0;  // a budget could cut the two runs at different points
  query.offset = *rc::gen::inRange<uint32_t>(0, 4);
  query.limit = *rc::gen::inRange<uint32_t>(0, 12);
  query.visible_classes = visible;
  return query;
}

std::unique_ptr<SearchIndex> BuildIndex(const std::string& dir, const std::vector<Doc>& docs) {
  std::unique_ptr<SearchIndex> index = OpenIndexOrDie(dir);
  RC_ASSERT(index != nullptr);
  for (const Doc& doc : docs) {
    RC_ASSERT(index->Put(ToCable(doc), doc.access_class).ok());
  }
  RC_ASSERT(index->Commit(1).ok());
  return index;
}

void ExpectSame(const SearchResults& alone, const SearchResults& with_hidden) {
  RC_ASSERT(alone.total == with_hidden.total);
  RC_ASSERT(alone.hits.size() == with_hidden.hits.size());
  for (size_t i = 0; i < alone.hits.size(); ++i) {
    RC_ASSERT(alone.hits[i].id == with_hidden.hits[i].id);
    RC_ASSERT(alone.hits[i].title == with_hidden.hits[i].title);
    RC_ASSERT(alone.hits[i].date == with_hidden.hits[i].date);
    RC_ASSERT(alone.hits[i].score == with_hidden.hits[i].score);  // bit-identical
    RC_ASSERT(alone.hits[i].snippet == with_hidden.hits[i].snippet);
  }
  RC_ASSERT(alone.facets.size() == with_hidden.facets.size());
  for (size_t i = 0; i < alone.facets.size(); ++i) {
    RC_ASSERT(alone.facets[i].facet == with_hidden.facets[i].facet);
    RC_ASSERT(alone.facets[i].buckets == with_hidden.facets[i].buckets);
  }
}

RC_GTEST_PROP(SearchNoLeak, HiddenClassesChangeNothingAVisibleSubjectSees, ()) {
  const std::vector<int64_t> visible = {1, 3};
  std::vector<Doc> all = GenDocs({1, 2, 3, 4});
  std::vector<Doc> visible_only;
  std::copy_if(all.begin(), all.end(), std::back_inserter(visible_only),
               [](const Doc& doc) { return doc.access_class % 2 == 1; });
  chancery::testing::TempDir dir;
  std::unique_ptr<SearchIndex> alone = BuildIndex(dir.path() + "/alone", visible_only);
  std::unique_ptr<SearchIndex> with_hidden = BuildIndex(dir.path() + "/all", all);
  for (int i = 0; i < 4; ++i) {
    SearchQuery query = GenQuery(visible);
    Result<SearchResults> expected = alone->Search(query);
    Result<SearchResults> actual = with_hidden->Search(query);
    RC_ASSERT(expected.ok() && actual.ok());
    ExpectSame(*expected, *actual);
  }
}

RC_GTEST_PROP(SearchNoLeak, WordQueryReturnsExactlyTheVisibleDocumentsWithTheWord, ()) {
  std::vector<Doc> all = GenDocs({1, 2, 3});
  chancery::testing::TempDir dir;
  std::unique_ptr<SearchIndex> index = BuildIndex(dir.path() + "/index", all);
  const std::string word = *rc::gen::elementOf(kVocabulary);
  std::set<std::string> expected;
  for (const Doc& doc : all) {
    // Addressees are searchable as plain words too ("Embassy A" has the word "embassy").
    bool has_word = std::find(doc.words.begin(), doc.words.end(), word) != doc.words.end() ||
                    (word == "embassy" && !doc.addressee.empty());
    if (doc.access_class != 2 && has_word) {
      expected.insert(doc.id);
    }
  }
  Result<SearchResults> results = index->Search(MakeQuery(word, {1, 3}, 0, 100));
  RC_ASSERT(results.ok());
  RC_ASSERT(results->total == expected.size());
  std::set<std::string> found;
  for (const Hit& hit : results->hits) {
    found.insert(hit.id);
  }
  RC_ASSERT(found == expected);
}

RC_GTEST_PROP(SearchNoLeak, FacetCountsAreExactOverTheVisibleRecords, ()) {
  std::vector<Doc> all = GenDocs({1, 2, 3});
  chancery::testing::TempDir dir;
  std::unique_ptr<SearchIndex> index = BuildIndex(dir.path() + "/index", all);
  std::map<std::string, uint64_t> expected;
  for (const Doc& doc : all) {
    if (doc.access_class != 2 && !doc.classification.empty()) {
      ++expected[doc.classification];
    }
  }
  SearchQuery query = MakeQuery("", {1, 3});
  query.facets = {Facet::kClassification};
  query.facet_limit = 0;
  Result<SearchResults> results = index->Search(query);
  RC_ASSERT(results.ok() && results->facets.size() == 1u);
  std::map<std::string, uint64_t> actual;
  for (const FacetBucket& bucket : results->facets.front().buckets) {
    actual[bucket.value] = bucket.count;
  }
  RC_ASSERT(actual == expected);
}

}  // namespace
}  // namespace chancery::search
