// Access classes split into parts (docs/search.md "Layout on disk"): where a record is written,
// that moves and removals find it in its part, and how the part count is fixed by the layout
// file when an index directory is created.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <gmock/gmock.h>

#include "search/xapian/shards.h"
#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

class SearchPartsTest : public ::testing::Test {
 protected:
  std::string Dir() const { return dir_.path() + "/index"; }

  // Opens the index in Dir() asking for `parts` parts (kept open as index_).
  void Open(uint32_t parts) {
    index_.reset();
    IndexOptions options{Dir()};
    options.parts = parts;
    Result<std::unique_ptr<SearchIndex>> index = OpenXapianIndex(options);
    ASSERT_TRUE(index.ok()) << index.status().ToString();
    index_ = std::move(index).value();
  }

  // Puts one record "r<i>" with the word "harvest" for each i in [0, count) into `access_class`
  // and commits. 12 ids cover every part of 2 and of 3 (checked by the tests that rely on it).
  void PutRecords(int64_t access_class, int count = 12) {
    for (int i = 0; i < count; ++i) {
      ASSERT_TRUE(index_->Put(MakeCable(Id(i), "T", "harvest"), access_class).ok());
    }
    ASSERT_TRUE(index_->Commit(1).ok());
  }

  static std::string Id(int i) { return "r" + std::to_string(i); }

  std::vector<std::string> Ids(std::vector<int64_t> classes) {
    const SearchResults results = index_->Search(MakeQuery("harvest", classes, 0, 100)).value();
    std::vector<std::string> ids;
    for (const Hit& hit : results.hits) {
      ids.push_back(hit.id);
    }
    return ids;
  }

  bool Exists(const std::string& name) const { return std::filesystem::exists(Dir() + "/" + name); }

  std::string LayoutFile() const {
    std::ifstream in(Dir() + "/layout");
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

  chancery::testing::TempDir dir_;
  std::unique_ptr<SearchIndex> index_;
};

TEST_F(SearchPartsTest, PartOfIsFnv1a64OfTheIdModuloParts) {
  // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c.
  EXPECT_EQ(internal::PartOf("a", 1000003), 0xaf63dc4c8601ec8cULL % 1000003);
  EXPECT_EQ(internal::PartOf("anything", 1), 0u);
}

TEST_F(SearchPartsTest, NewIndexRecordsItsPartsAndWritesEveryPart) {
  Open(3);
  PutRecords(1);
  EXPECT_EQ(LayoutFile(), "parts 3\n");
  EXPECT_TRUE(Exists("c1") && Exists("c1.1") && Exists("c1.2"));
  EXPECT_FALSE(Exists("c1.3"));
  EXPECT_EQ(Ids({1}).size(), 12u);
}

TEST_F(SearchPartsTest, DefaultPartsFollowTheHardwareClampedToEight) {
  Open(0);
  const uint32_t expected = std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
  EXPECT_EQ(LayoutFile(), "parts " + std::to_string(expected) + "\n");
}

TEST_F(SearchPartsTest, RecordPutIntoAnotherClassLeavesNoCopyInItsOldClass) {
  Open(3);
  PutRecords(1);
  PutRecords(2);
  EXPECT_THAT(Ids({1}), IsEmpty());
  EXPECT_EQ(Ids({2}).size(), 12u);
  EXPECT_EQ(Ids({1, 2}).size(), 12u);
}

TEST_F(SearchPartsTest, PutManyIntoAnotherClassLeavesNoCopyInItsOldClass) {
  Open(3);
  PutRecords(1);
  std::vector<model::Cable> cables;
  for (int i = 0; i < 12; ++i) {
    cables.push_back(MakeCable(Id(i), "T", "harvest"));
  }
  std::vector<IndexEntry> entries;
  for (const model::Cable& cable : cables) {
    entries.push_back({&cable, 3});
  }
  ASSERT_TRUE(index_->PutMany(entries).ok());
  ASSERT_TRUE(index_->Commit(2).ok());
  EXPECT_THAT(Ids({1}), IsEmpty());
  EXPECT_EQ(Ids({3}).size(), 12u);
}

TEST_F(SearchPartsTest, RemoveFindsTheRecordInItsPartAfterReopening) {
  Open(3);
  PutRecords(1);
  PutRecords(2, 4);  // r0..r3 move to class 2
  Open(3);
  for (int i = 0; i < 12; ++i) {
    ASSERT_TRUE(index_->Remove(Id(i)).ok());
  }
  ASSERT_TRUE(index_->Commit(3).ok());
  EXPECT_THAT(Ids({1, 2}), IsEmpty());
}

TEST_F(SearchPartsTest, ReopeningWithOtherPartsKeepsThePartsOfTheLayoutFile) {
  Open(3);
  PutRecords(1);
  Open(2);
  PutRecords(2);  // a P of 2 would put some ids in other parts and miss their old copies
  EXPECT_EQ(LayoutFile(), "parts 3\n");
  EXPECT_THAT(Ids({1}), IsEmpty());
  EXPECT_EQ(Ids({2}).size(), 12u);
  EXPECT_TRUE(Exists("c2.2"));
}

TEST_F(SearchPartsTest, DirectoryWithoutLayoutFileIsSinglePart) {
  Open(1);
  PutRecords(1);
  index_.reset();
  std::filesystem::remove(Dir() + "/layout");  // as an index created before parts
  Open(3);
  PutRecords(2);
  EXPECT_FALSE(Exists("layout"));
  EXPECT_FALSE(Exists("c2.1") || Exists("c2.2"));
  EXPECT_THAT(Ids({1}), IsEmpty());
  EXPECT_EQ(Ids({1, 2}).size(), 12u);
}

TEST_F(SearchPartsTest, LeftoverOfAnInterruptedShardCreationIsNotAShard) {
  std::filesystem::create_directories(Dir() + "/c1.2.creating");
  std::ofstream(Dir() + "/c1.2.creating/junk") << "half a database";
  Open(3);
  PutRecords(1);
  EXPECT_TRUE(Exists("c1.2"));
  EXPECT_EQ(Ids({1}).size(), 12u);
}

TEST_F(SearchPartsTest, TooManyPartsAreInvalidArgument) {
  IndexOptions options{Dir()};
  options.parts = 65;
  EXPECT_EQ(OpenXapianIndex(options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchPartsTest, MalformedLayoutFileOpensADamagedIndex) {
  std::filesystem::create_directories(Dir());
  std::ofstream(Dir() + "/layout") << "parts 0\n";
  auto index = OpenXapianIndex(IndexOptions{Dir()});
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  const Status status = (*index)->Health();
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_THAT(std::string(status.message()), ::testing::HasSubstr("/layout"));
  EXPECT_EQ((*index)->Search(MakeQuery("", {1})).status(), status);
}

}  // namespace
}  // namespace chancery::search
