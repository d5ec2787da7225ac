// SearchIndex behaviour: free text, ranking and paging, visibility by access class, and the
// write side (move, remove, commit marker, clear, replay).
#include <atomic>
#include <mutex>
#include <thread>
#include <vector>

#include <gmock/gmock.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST_F(SearchTest, BodyWordIsFoundByAnotherFormOfItsStem) {
  PutAndCommit(MakeCable("a", "Telegram", "The embassy rejected the criticism of the plan"));
  PutAndCommit(MakeCable("b", "Telegram", "A report on the harvest"));
  EXPECT_THAT(Ids("criticisms"), ElementsAre("a"));
  EXPECT_THAT(Ids("rejecting"), ElementsAre("a"));
}

TEST_F(SearchTest, PhraseMatchesOnlyAdjacentWordsInOrder) {
  PutAndCommit(MakeCable("a", "T", "the soviet embassy in Beijing"));
  PutAndCommit(MakeCable("b", "T", "the embassy of the soviet union"));
  EXPECT_THAT(Ids("\"soviet embassy\""), ElementsAre("a"));
  EXPECT_THAT(Ids("soviet embassy"), ElementsAre("a", "b"));
}

TEST_F(SearchTest, BooleanOperatorsCombineWords) {
  PutAndCommit(MakeCable("a", "T", "algeria liaison"));
  PutAndCommit(MakeCable("b", "T", "algeria embassy"));
  PutAndCommit(MakeCable("c", "T", "cuba embassy"));
  EXPECT_THAT(Ids("algeria AND embassy"), ElementsAre("b"));
  EXPECT_THAT(Ids("liaison OR cuba"), ElementsAre("a", "c"));
  EXPECT_THAT(Ids("embassy NOT algeria"), ElementsAre("c"));
  EXPECT_THAT(Ids("embassy AND NOT cuba"), ElementsAre("b"));
  EXPECT_THAT(Ids("(liaison OR cuba) AND embassy"), ElementsAre("c"));
}

TEST_F(SearchTest, WordsWithoutOperatorMustAllMatch) {
  PutAndCommit(MakeCable("a", "T", "algeria liaison"));
  PutAndCommit(MakeCable("b", "T", "algeria embassy"));
  EXPECT_THAT(Ids("algeria liaison"), ElementsAre("a"));
}

TEST_F(SearchTest, MoreOccurrencesRankHigherWithPositiveScores) {
  PutAndCommit(MakeCable("a", "T", "treaty and other matters and other matters again"));
  PutAndCommit(MakeCable("b", "T", "treaty treaty treaty"));
  SearchResults results = SearchOrDie(MakeQuery("treaty"));
  ASSERT_THAT(HitIds(results), ElementsAre("b", "a"));
  EXPECT_GT(results.hits[0].score, results.hits[1].score);
  EXPECT_GT(results.hits[1].score, 0);
}

TEST_F(SearchTest, EmptyQueryListsEveryDocumentInIdOrder) {
  for (const char* id : {"c", "a", "d", "b"}) {
    PutAndCommit(MakeCable(id, "T", "text"));
  }
  EXPECT_THAT(Ids(""), ElementsAre("a", "b", "c", "d"));
  EXPECT_THAT(Ids("   "), ElementsAre("a", "b", "c", "d"));
}

TEST_F(SearchTest, OffsetAndLimitPageWithExactTotal) {
  for (const char* id : {"a", "b", "c", "d", "e"}) {
    PutAndCommit(MakeCable(id, "T", "text"));
  }
  SearchResults page = SearchOrDie(MakeQuery("", {1}, 2, 2));
  EXPECT_THAT(HitIds(page), ElementsAre("c", "d"));
  EXPECT_EQ(page.total, 5u);
  SearchResults past_end = SearchOrDie(MakeQuery("", {1}, 9, 2));
  EXPECT_THAT(past_end.hits, IsEmpty());
  EXPECT_EQ(past_end.total, 5u);
}

TEST_F(SearchTest, TotalIsExactForManyMatches) {
  for (int i = 0; i < 300; ++i) {
    Put(MakeCable("r" + std::to_string(i), "T", i % 3 == 0 ? "common rare" : "common"));
  }
  Commit();
  EXPECT_EQ(SearchOrDie(MakeQuery("rare", {1}, 0, 1)).total, 100u);
  EXPECT_EQ(SearchOrDie(MakeQuery("common", {1}, 0, 0)).total, 300u);
}

TEST_F(SearchTest, HitCarriesIdTitleAndIsoDate) {
  PutAndCommit(MakeCable("a", "Talks with Algeria", "text", "1963-03-13"));
  SearchResults results = SearchOrDie(MakeQuery("algeria"));
  ASSERT_EQ(results.hits.size(), 1u);
  EXPECT_EQ(results.hits[0].id, "a");
  EXPECT_EQ(results.hits[0].title, "Talks with Algeria");
  EXPECT_EQ(results.hits[0].date, "1963-03-13");
}

TEST_F(SearchTest, OnlyVisibleClassesAreSearched) {
  PutAndCommit(MakeCable("a", "T", "embassy"), 1);
  PutAndCommit(MakeCable("b", "T", "embassy"), 2);
  PutAndCommit(MakeCable("c", "T", "embassy"), 3);
  EXPECT_THAT(Ids("embassy", {1, 3}), ElementsAre("a", "c"));
  EXPECT_THAT(Ids("embassy", {2}), ElementsAre("b"));
  EXPECT_THAT(Ids("embassy", {4}), IsEmpty());
  EXPECT_THAT(Ids("embassy", {}), IsEmpty());
}

TEST_F(SearchTest, PutIntoAnotherClassMovesTheDocument) {
  PutAndCommit(MakeCable("a", "T", "embassy"), 1);
  PutAndCommit(MakeCable("a", "T", "embassy"), 2);
  EXPECT_THAT(Ids("embassy", {1, 2}), ElementsAre("a"));
  EXPECT_THAT(Ids("embassy", {1}), IsEmpty());
}

TEST_F(SearchTest, MovesBeforeOneCommitLeaveOneDocument) {
  Put(MakeCable("a", "T", "embassy"), 1);
  Put(MakeCable("a", "T", "embassy"), 2);
  Put(MakeCable("a", "T", "embassy"), 3);
  Commit();
  EXPECT_THAT(Ids("embassy", {1, 2, 3}), ElementsAre("a"));
  EXPECT_THAT(Ids("embassy", {3}), ElementsAre("a"));
}

TEST_F(SearchTest, ReplayedPutReplacesTheDocument) {
  PutAndCommit(MakeCable("a", "T", "embassy"));
  PutAndCommit(MakeCable("a", "T", "consulate"));
  EXPECT_THAT(Ids("embassy"), IsEmpty());
  EXPECT_THAT(Ids("consulate"), ElementsAre("a"));
}

TEST_F(SearchTest, RemoveDeletesFromEveryShardAndIsIdempotent) {
  PutAndCommit(MakeCable("a", "T", "embassy"), 2);
  PutAndCommit(MakeCable("b", "T", "embassy"), 1);
  ASSERT_TRUE(index_->Remove("a").ok());
  ASSERT_TRUE(index_->Remove("a").ok());
  ASSERT_TRUE(index_->Remove("never-indexed").ok());
  Commit();
  EXPECT_THAT(Ids("embassy", {1, 2}), ElementsAre("b"));
}

TEST_F(SearchTest, InvalidIdIsRejected) {
  EXPECT_EQ(index_->Put(MakeCable("bad id", "T", "x"), 1).code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(index_->Remove("").code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchTest, ChangesAreInvisibleUntilCommit) {
  Put(MakeCable("a", "T", "embassy"));
  EXPECT_THAT(Ids("embassy"), IsEmpty());
  Commit();
  EXPECT_THAT(Ids("embassy"), ElementsAre("a"));
}

TEST_F(SearchTest, NewIndexHasAppliedSeqZero) {
  EXPECT_EQ(index_->AppliedChangeSeq(), 0);
}

TEST_F(SearchTest, CommittedSeqAndDocumentsSurviveReopen) {
  PutAndCommit(MakeCable("a", "T", "embassy"));
  Commit(42);
  index_.reset();
  index_ = OpenIndexOrDie(IndexDir());
  EXPECT_EQ(index_->AppliedChangeSeq(), 42);
  EXPECT_THAT(Ids("embassy"), ElementsAre("a"));
}

TEST_F(SearchTest, NegativeSeqIsRejected) {
  EXPECT_EQ(index_->Commit(-1).code(), StatusCode::kInvalidArgument);
}

TEST_F(SearchTest, CorruptMarkerOpensADamagedIndexThatRefusesToSearch) {
  Commit(7);
  index_.reset();
  chancery::testing::WriteFileOrDie(IndexDir() + "/applied_seq", "seven\n");
  auto index = OpenXapianIndex(IndexOptions{IndexDir()});
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ((*index)->Health().code(), StatusCode::kCorruption);
  EXPECT_THAT(std::string((*index)->Health().message()),
              ::testing::HasSubstr("search index damaged ("));
  EXPECT_EQ((*index)->Search(MakeQuery("embassy")).status().code(), StatusCode::kCorruption);
  EXPECT_EQ((*index)->Commit(8).code(), StatusCode::kCorruption);
}

TEST_F(SearchTest, AnotherInstanceSeesCommittedDocuments) {
  PutAndCommit(MakeCable("a", "T", "embassy"));
  std::unique_ptr<SearchIndex> reader = OpenIndexOrDie(IndexDir());
  ASSERT_EQ(reader->Search(MakeQuery("embassy"))->total, 1u);
  PutAndCommit(MakeCable("b", "T", "embassy"));
  PutAndCommit(MakeCable("c", "T", "embassy"), 2);
  EXPECT_EQ(reader->Search(MakeQuery("embassy", {1, 2}))->total, 3u);
}

TEST_F(SearchTest, ClearDeletesEverythingAndResetsSeq) {
  PutAndCommit(MakeCable("a", "T", "embassy"), 1);
  PutAndCommit(MakeCable("b", "T", "embassy"), 2);
  Commit(9);
  ASSERT_TRUE(index_->Clear().ok());
  EXPECT_EQ(index_->AppliedChangeSeq(), 0);
  EXPECT_THAT(Ids("", {1, 2}), IsEmpty());
  index_.reset();
  index_ = OpenIndexOrDie(IndexDir());
  EXPECT_EQ(index_->AppliedChangeSeq(), 0);
  EXPECT_THAT(Ids("", {1, 2}), IsEmpty());
}

TEST_F(SearchTest, IndexIsUsableAfterClear) {
  PutAndCommit(MakeCable("a", "T", "embassy"), 1);
  ASSERT_TRUE(index_->Clear().ok());
  PutAndCommit(MakeCable("b", "T", "embassy"), 1);
  EXPECT_THAT(Ids("embassy"), ElementsAre("b"));
}

// One writer commits while two threads search: every search succeeds and never sees the
// total go down.
TEST_F(SearchTest, ConcurrentSearchesDuringCommitsSucceed) {
  std::atomic<bool> done{false};
  std::atomic<int> failures{0};
  std::mutex first_mu;
  std::string first_failure;
  auto search_loop = [&] {
    uint64_t last_total = 0;
    while (!done.load()) {
      Result<SearchResults> results = index_->Search(MakeQuery("embassy"));
      bool ok = results.ok() && results->total >= last_total;
      if (!ok) {
        std::lock_guard<std::mutex> lock(first_mu);
        if (first_failure.empty()) {
          first_failure = results.ok() ? "total went from " + std::to_string(last_total) + " to " +
                                             std::to_string(results->total)
                                       : results.status().ToString();
        }
      }
      failures += ok ? 0 : 1;
      last_total = ok ? results->total : last_total;
    }
  };
  std::vector<std::thread> readers;
  readers.emplace_back(search_loop);
  readers.emplace_back(search_loop);
  for (int i = 0; i < 30; ++i) {
    PutAndCommit(MakeCable("r" + std::to_string(i), "T", "embassy"));
  }
  done = true;
  for (std::thread& reader : readers) {
    reader.join();
  }
  EXPECT_EQ(failures.load(), 0) << "first: " << first_failure;
  EXPECT_EQ(SearchOrDie(MakeQuery("embassy")).total, 30u);
}

TEST(SearchOpen, EmptyDirIsInvalid) {
  EXPECT_EQ(OpenXapianIndex(IndexOptions{}).status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace chancery::search
