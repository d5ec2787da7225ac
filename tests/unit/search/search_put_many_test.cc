// The fast paths of the index: PutMany (documents built on several threads), the parallel commit
// of several shards, and readers that reopen shards only when the applied-change marker changed.
#include <algorithm>
#include <string>
#include <vector>

#include <gmock/gmock.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// `count` cables "r0000".. with the word "common", every third one also "third", in class
// 1 + i % 3.
std::vector<model::Cable> Numbered(size_t count) {
  std::vector<model::Cable> cables;
  for (size_t i = 0; i < count; ++i) {
    std::string id = std::to_string(i);
    id = "r" + std::string(4 - std::min<size_t>(4, id.size()), '0') + id;
    cables.push_back(MakeCable(id, "T", i % 3 == 0 ? "common third" : "common"));
  }
  return cables;
}

std::vector<IndexEntry> Entries(const std::vector<model::Cable>& cables) {
  std::vector<IndexEntry> entries;
  for (size_t i = 0; i < cables.size(); ++i) {
    entries.push_back({&cables[i], static_cast<int64_t>(1 + i % 3)});
  }
  return entries;
}

using SearchPutManyTest = SearchTest;

TEST_F(SearchPutManyTest, IndexesEveryEntryInTheShardOfItsClass) {
  const std::vector<model::Cable> cables = Numbered(700);  // several build chunks
  ASSERT_TRUE(index_->PutMany(Entries(cables)).ok());
  Commit(7);
  EXPECT_EQ(SearchOrDie(MakeQuery("common", {1, 2, 3})).total, 700u);
  EXPECT_EQ(SearchOrDie(MakeQuery("third", {1})).total, 234u);
  EXPECT_EQ(SearchOrDie(MakeQuery("third", {2, 3})).total, 0u);
  EXPECT_EQ(index_->AppliedChangeSeq(), 7);
}

TEST_F(SearchPutManyTest, FindsTheSameAsPutOneByOne) {
  const std::vector<model::Cable> cables = Numbered(50);
  ASSERT_TRUE(index_->PutMany(Entries(cables)).ok());
  Commit();
  const SearchResults many = SearchOrDie(MakeQuery("third", {1, 2, 3}));
  chancery::testing::TempDir other;
  std::unique_ptr<SearchIndex> single = OpenIndexOrDie(other.path() + "/index");
  for (const IndexEntry& entry : Entries(cables)) {
    ASSERT_TRUE(single->Put(*entry.cable, entry.access_class).ok());
  }
  ASSERT_TRUE(single->Commit(1).ok());
  const SearchResults one = single->Search(MakeQuery("third", {1, 2, 3})).value();
  ASSERT_EQ(many.hits.size(), one.hits.size());
  for (size_t i = 0; i < one.hits.size(); ++i) {
    EXPECT_EQ(many.hits[i].id, one.hits[i].id);
    EXPECT_EQ(many.hits[i].score, one.hits[i].score);
  }
}

TEST_F(SearchPutManyTest, LaterEntryForTheSameIdWins) {
  const model::Cable first = MakeCable("a", "T", "harvest");
  const model::Cable second = MakeCable("a", "T", "treaty");
  ASSERT_TRUE(index_->PutMany({{&first, 1}, {&second, 2}}).ok());
  Commit();
  EXPECT_THAT(Ids("harvest", {1, 2}), IsEmpty());
  EXPECT_THAT(Ids("treaty", {1}), IsEmpty());
  EXPECT_THAT(Ids("treaty", {2}), ElementsAre("a"));
}

TEST_F(SearchPutManyTest, MovesARecordOutOfItsOldShard) {
  PutAndCommit(MakeCable("a", "T", "harvest"), 1);
  const model::Cable moved = MakeCable("a", "T", "harvest");
  ASSERT_TRUE(index_->PutMany({{&moved, 2}}).ok());
  Commit(2);
  EXPECT_THAT(Ids("harvest", {1}), IsEmpty());
  EXPECT_THAT(Ids("harvest", {2}), ElementsAre("a"));
}

TEST_F(SearchPutManyTest, InvalidIdIsRejectedBeforeAnythingIsWritten) {
  const model::Cable good = MakeCable("a", "T", "harvest");
  const model::Cable bad = MakeCable("bad id", "T", "harvest");
  Status status = index_->PutMany({{&good, 1}, {&bad, 1}});
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  Commit();
  EXPECT_THAT(Ids("harvest"), IsEmpty());
}

TEST_F(SearchPutManyTest, ACachedReaderSeesEveryLaterCommitAndClear) {
  PutAndCommit(MakeCable("a", "T", "harvest"));
  EXPECT_THAT(Ids("harvest"), ElementsAre("a"));
  PutAndCommit(MakeCable("b", "T", "harvest"));
  EXPECT_THAT(Ids("harvest"), ElementsAre("a", "b"));
  ASSERT_TRUE(index_->Clear().ok());
  EXPECT_THAT(Ids("harvest"), IsEmpty());
}

TEST_F(SearchPutManyTest, AnotherInstanceSeesCommitsOfTheWriter) {
  std::unique_ptr<SearchIndex> reader = OpenIndexOrDie(IndexDir());
  PutAndCommit(MakeCable("a", "T", "harvest"));
  EXPECT_EQ(reader->Search(MakeQuery("harvest")).value().total, 1u);
  PutAndCommit(MakeCable("b", "T", "harvest"));
  EXPECT_EQ(reader->Search(MakeQuery("harvest")).value().total, 2u);
}

}  // namespace
}  // namespace chancery::search
