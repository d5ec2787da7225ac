// A small vocabulary over SearchIndex for the search tests: make a cable, put it in a class,
// commit, and read back the ids a query finds.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/model/cable.h"
#include "chancery/search/search_index.h"

#include "support/temp_dir.h"

namespace chancery::search {

// A cable with `id`, `title` and one body paragraph `body`, dated `date` (ISO, may be empty).
inline model::Cable MakeCable(const std::string& id, const std::string& title,
                              const std::string& body, const std::string& date = "") {
  model::Cable cable;
  cable.id = id;
  cable.title = title;
  cable.body.push_back(model::Paragraph{body, std::nullopt});
  if (!date.empty()) {
    cable.date = model::Date::Parse(date).value();
  }
  return cable;
}

// A query for `text` over `classes`, returning hits [offset, offset + limit).
inline SearchQuery MakeQuery(const std::string& text, std::vector<int64_t> classes = {1},
                             uint32_t offset = 0, uint32_t limit = 10) {
  SearchQuery query;
  query.text = text;
  query.offset = offset;
  query.limit = limit;
  query.visible_classes = std::move(classes);
  return query;
}

inline std::unique_ptr<SearchIndex> OpenIndexOrDie(const std::string& dir) {
  Result<std::unique_ptr<SearchIndex>> index = OpenXapianIndex(IndexOptions{dir});
  EXPECT_TRUE(index.ok()) << index.status().ToString();
  return index.ok() ? std::move(index).value() : nullptr;
}

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = OpenIndexOrDie(IndexDir());
    ASSERT_NE(index_, nullptr);
  }

  std::string IndexDir() const { return dir_.path() + "/index"; }

  void Put(const model::Cable& cable, int64_t access_class = 1) {
    Status status = index_->Put(cable, access_class);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  void PutAndCommit(const model::Cable& cable, int64_t access_class = 1) {
    Put(cable, access_class);
    Commit();
  }

  void Commit(int64_t seq = 1) {
    Status status = index_->Commit(seq);
    ASSERT_TRUE(status.ok()) << status.ToString();
  }

  SearchResults SearchOrDie(SearchQuery query) {
    Result<SearchResults> results = index_->Search(query);
    EXPECT_TRUE(results.ok()) << results.status().ToString();
    return results.ok() ? std::move(results).value() : SearchResults{};
  }

  // Ids of all hits for `text` over `classes`, best first.
  std::vector<std::string> Ids(const std::string& text, std::vector<int64_t> classes = {1}) {
    return HitIds(SearchOrDie(MakeQuery(text, std::move(classes), 0, 1000)));
  }

  static std::vector<std::string> HitIds(const SearchResults& results) {
    std::vector<std::string> ids;
    for (const Hit& hit : results.hits) {
      ids.push_back(hit.id);
    }
    return ids;
  }

  chancery::testing::TempDir dir_;
  std::unique_ptr<SearchIndex> index_;
};

}  // namespace chancery::search
