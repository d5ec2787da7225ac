// A damaged index is never served as fewer results (docs/search.md "Checks and repair"): per-class
// document counts, the expected-count check of every search, Rebuild() from any state, and the
// owner-only file modes of everything under the index directory.
#include <filesystem>
#include <map>
#include <string>

#include <gmock/gmock.h>
#include <sys/stat.h>

#include "unit/search/search_fixture.h"

namespace chancery::search {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace fs = std::filesystem;

class SearchRepairTest : public SearchTest {
 protected:
  // Two records in class 1, one in class 2, committed at seq 3.
  void PutThree() {
    Put(MakeCable("a", "Embassy note", "embassy wheat"), 1);
    Put(MakeCable("b", "Embassy memo", "embassy grain"), 1);
    Put(MakeCable("c", "Secret embassy", "embassy troops"), 2);
    Commit(3);
  }

  // Rebuilds the index with `cables` (all in class 1) at `seq`.
  Status RebuildWith(const std::vector<model::Cable>& cables, int64_t seq) {
    return index_->Rebuild(seq, [&](SearchIndex& fresh) -> Status {
      for (const model::Cable& cable : cables) {
        CHANCERY_RETURN_IF_ERROR(fresh.Put(cable, 1));
      }
      return Status::Ok();
    });
  }

  static mode_t ModeOf(const std::string& path) {
    struct stat st {};

    EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
    return st.st_mode & 07777;
  }
};

TEST_F(SearchRepairTest, CountsByClassSumsTheCommittedDocumentsOfEachClass) {
  PutThree();
  auto counts = index_->CountsByClass();
  ASSERT_TRUE(counts.ok()) << counts.status().ToString();
  EXPECT_EQ(*counts, (std::map<int64_t, int64_t>{{1, 2}, {2, 1}}));
}

TEST_F(SearchRepairTest, SearchOfADeletedShardIsDamageNotSilence) {
  PutThree();
  index_->SetExpectedCounts({{1, 2}, {2, 1}}, 3);
  EXPECT_EQ(SearchOrDie(MakeQuery("embassy", {1, 2})).total, 3u);
  index_.reset();
  fs::remove_all(IndexDir() + "/c2");
  index_ = OpenIndexOrDie(IndexDir());
  index_->SetExpectedCounts({{1, 2}, {2, 1}}, 3);
  EXPECT_EQ(SearchOrDie(MakeQuery("embassy", {1})).total, 2u);  // class 1 is whole
  const Status status = index_->Search(MakeQuery("embassy", {1, 2})).status();
  EXPECT_EQ(status.code(), StatusCode::kCorruption);
  EXPECT_THAT(std::string(status.message()),
              HasSubstr("search index damaged (class 2 holds 0 documents, the store 1): "
                        "run chancery reindex"));
}

TEST_F(SearchRepairTest, ExpectedCountsAreIgnoredOnceTheMarkerHasMovedOn) {
  PutThree();
  index_->SetExpectedCounts({{1, 1}}, 3);  // as another process saw the store at seq 3
  EXPECT_EQ(index_->Search(MakeQuery("embassy", {1})).status().code(), StatusCode::kCorruption);
  Commit(4);  // the index has moved on: the counts no longer describe it
  EXPECT_EQ(SearchOrDie(MakeQuery("embassy", {1})).total, 2u);
}

TEST_F(SearchRepairTest, RebuildReplacesAnIndexFullOfGarbage) {
  PutThree();
  index_.reset();
  chancery::testing::WriteFileOrDie(IndexDir() + "/applied_seq", "garbage");
  chancery::testing::WriteFileOrDie(IndexDir() + "/layout", "parts many\n");
  chancery::testing::WriteFileOrDie(IndexDir() + "/stray", "x");
  fs::remove_all(IndexDir() + "/c2");
  index_ = OpenIndexOrDie(IndexDir());
  ASSERT_EQ(index_->Health().code(), StatusCode::kCorruption);
  Status rebuilt = RebuildWith({MakeCable("d", "Fresh", "embassy fresh")}, 9);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.ToString();
  EXPECT_TRUE(index_->Health().ok());
  EXPECT_EQ(index_->AppliedChangeSeq(), 9);
  EXPECT_THAT(Ids("embassy", {1, 2}), ElementsAre("d"));
  EXPECT_FALSE(fs::exists(IndexDir() + "/stray"));
  EXPECT_FALSE(fs::exists(IndexDir() + ".rebuild"));
  index_.reset();
  index_ = OpenIndexOrDie(IndexDir());  // and it stays rebuilt
  EXPECT_EQ(index_->AppliedChangeSeq(), 9);
  EXPECT_THAT(Ids("embassy", {1, 2}), ElementsAre("d"));
}

TEST_F(SearchRepairTest, RebuildOfADeletedDirectoryAndAfterALeftoverRebuild) {
  PutThree();
  fs::create_directories(IndexDir() + ".rebuild/c1");  // an interrupted rebuild's leftover
  fs::remove_all(IndexDir());
  ASSERT_TRUE(RebuildWith({MakeCable("e", "Again", "embassy again")}, 5).ok());
  EXPECT_THAT(Ids("embassy"), ElementsAre("e"));
  Put(MakeCable("f", "After", "embassy after"));  // the writers follow the new directory
  Commit(6);
  EXPECT_THAT(Ids("embassy"), ElementsAre("e", "f"));
}

TEST_F(SearchRepairTest, AFailingFillLeavesTheOldIndexInPlace) {
  PutThree();
  Status failed = index_->Rebuild(4, [](SearchIndex&) { return IoError("disk full"); });
  EXPECT_EQ(failed.code(), StatusCode::kIoError);
  EXPECT_EQ(Ids("embassy", {1, 2}).size(), 3u);
}

TEST_F(SearchRepairTest, AnotherWritersShardsAreNotRebuiltAway) {
  PutThree();
  index_ = OpenIndexOrDie(IndexDir());  // lets go of the shards PutThree() wrote
  auto other = OpenXapianIndex(IndexOptions{IndexDir()});
  ASSERT_TRUE(other.ok());
  ASSERT_TRUE((*other)->Put(MakeCable("z", "Other", "embassy other"), 1).ok());  // holds c1's lock
  EXPECT_EQ(RebuildWith({}, 5).code(), StatusCode::kUnavailable);
  other->reset();  // Xapian commits a writer's pending work when it closes
  EXPECT_EQ(Ids("embassy", {1, 2}).size(), 4u);  // and none of it was deleted
}

TEST_F(SearchRepairTest, EveryFileIsOwnerOnlyWhateverTheUmask) {
  const mode_t old_umask = ::umask(0);
  index_.reset();
  fs::remove_all(IndexDir());
  index_ = OpenIndexOrDie(IndexDir());
  PutThree();
  ASSERT_TRUE(RebuildWith({MakeCable("g", "Modes", "embassy modes")}, 7).ok());
  Put(MakeCable("h", "More", "embassy more"), 3);
  Commit(8);
  ::umask(old_umask);
  EXPECT_EQ(ModeOf(IndexDir()), 0700u);
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(IndexDir())) {
    const bool dir = entry.is_directory();
    EXPECT_EQ(ModeOf(entry.path().string()), dir ? 0700u : 0600u) << entry.path();
    files += dir ? 0 : 1;
  }
  EXPECT_GT(files, 4);
}

TEST_F(SearchRepairTest, AnOlderLooseIndexIsRestrictedOnOpen) {
  PutThree();
  index_.reset();
  fs::permissions(IndexDir(), fs::perms(0755));
  fs::permissions(IndexDir() + "/c1", fs::perms(0755));
  fs::permissions(IndexDir() + "/applied_seq", fs::perms(0644));
  index_ = OpenIndexOrDie(IndexDir());
  EXPECT_EQ(ModeOf(IndexDir()), 0700u);
  EXPECT_EQ(ModeOf(IndexDir() + "/c1"), 0700u);
  EXPECT_EQ(ModeOf(IndexDir() + "/applied_seq"), 0600u);
}

}  // namespace
}  // namespace chancery::search
