// Issue 11 finding 10, through the real CLI: a damaged search index is rebuilt or reported, never
// served as fewer results, and `chancery reindex` rebuilds it from nothing whatever state it is in
// (docs/search.md "Checks and repair").
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/format/json.h"
#include "chancery/search/search_index.h"

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;
using testing::CliResult;

constexpr char kDamaged[] = "search index damaged (";

class IndexRepairTest : public ::testing::Test {
 protected:
  // Six records: three PUBLIC, three SECRET (two access classes, so two shard directories).
  void SetUp() override {
    db_ = dir_.File("repair.db");
    index_ = db_ + ".index";
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    std::string lines;
    for (int i = 0; i < 3; ++i) {
      const std::string n = std::to_string(i);
      lines += format::CableToJson(testing::MakeCable("pub-" + n, "Grain talks " + n,
                                                      "Grain tariffs were discussed.", "PUBLIC")) +
               "\n";
      lines += format::CableToJson(testing::MakeCable("sec-" + n, "Grain depot " + n,
                                                      "Troops near the grain depot.", "SECRET")) +
               "\n";
    }
    testing::WriteFileOrDie(dir_.File("six.jsonl"), lines);
    ASSERT_EQ(Cli({"import", dir_.File("six.jsonl")}).exit_code, 0);
    ASSERT_EQ(Cli({"user", "add", "analyst", "--clearance", "SECRET"}).exit_code, 0);
    ASSERT_EQ(Shards().size(), 2u);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return testing::RunCli(args);
  }

  // The analyst's search for "grain": exit code, and the total when it succeeded.
  CliResult SearchAll() { return Cli({"search", "grain", "--json", "--as", "analyst"}); }

  static int Total(const CliResult& r) {
    return nlohmann::json::parse(r.out, nullptr, false).value("total", -1);
  }

  // Either every record is found, or the search fails and says the index is damaged.
  void ExpectEverythingOrDamage(const CliResult& r) {
    if (r.exit_code == 0) {
      EXPECT_EQ(Total(r), 6) << "a damaged index answered with fewer results";
    } else {
      EXPECT_NE(r.err.find(kDamaged), std::string::npos) << r.err;
    }
  }

  // `chancery reindex` succeeds and both readers find exactly what they may read.
  void ExpectReindexRepairs() {
    CliResult reindexed = Cli({"reindex"});
    ASSERT_EQ(reindexed.exit_code, 0) << reindexed.err;
    CliResult all = SearchAll();
    ASSERT_EQ(all.exit_code, 0) << all.err;
    EXPECT_EQ(Total(all), 6);
    CliResult pub = Cli({"search", "grain", "--json"});
    ASSERT_EQ(pub.exit_code, 0) << pub.err;
    EXPECT_EQ(Total(pub), 3);
    EXPECT_FALSE(fs::exists(index_ + ".rebuild"));
  }

  // The shard directories (c<class>), sorted.
  std::vector<std::string> Shards() const {
    std::vector<std::string> shards;
    for (const auto& entry : fs::directory_iterator(index_)) {
      const std::string name = entry.path().filename().string();
      if (entry.is_directory() && name.front() == 'c') {
        shards.push_back(entry.path().string());
      }
    }
    std::sort(shards.begin(), shards.end());
    return shards;
  }

  // Holds Xapian's write lock on every shard, as a running chanceryd would, without changing
  // anything (removing an id that is nowhere opens every shard's writer).
  std::unique_ptr<search::SearchIndex> HoldWriter() {
    auto index = search::OpenXapianIndex(search::IndexOptions{index_});
    EXPECT_TRUE(index.ok()) << index.status().ToString();
    EXPECT_TRUE((*index)->Remove("nobody-has-this-id").ok());
    return std::move(index).value();
  }

  testing::TempDir dir_;
  std::string db_;
  std::string index_;
};

TEST_F(IndexRepairTest, ADeletedShardIsRebuiltBeforeTheSearch) {
  for (const std::string& shard : Shards()) {
    fs::remove_all(shard);
    CliResult r = SearchAll();
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(Total(r), 6) << "after deleting " << shard;
  }
}

TEST_F(IndexRepairTest, ADeletedShardThatCannotBeRebuiltIsReportedNotSilent) {
  const std::string secret_shard = Shards().back();  // the class interned second
  fs::remove_all(secret_shard);
  {
    auto writer = HoldWriter();  // another process writes the index: no rebuild here
    CliResult r = SearchAll();
    EXPECT_NE(r.exit_code, 0) << "answered " << r.out;
    EXPECT_NE(r.err.find(kDamaged), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("run chancery reindex"), std::string::npos) << r.err;
    EXPECT_EQ(Cli({"show", "sec-1", "--as", "analyst"}).exit_code, 0);  // the store still serves
    EXPECT_EQ(Cli({"list", "--as", "analyst"}).exit_code, 0);
  }
  ExpectEverythingOrDamage(SearchAll());
  ExpectReindexRepairs();
}

TEST_F(IndexRepairTest, ReindexRepairsATruncatedXapianFile) {
  for (const std::string& shard : Shards()) {
    fs::resize_file(shard + "/postlist.glass", 0);
  }
  ExpectEverythingOrDamage(SearchAll());
  ExpectReindexRepairs();
}

TEST_F(IndexRepairTest, ReindexRepairsADeletedXapianFile) {
  fs::remove(Shards().front() + "/iamglass");
  ExpectEverythingOrDamage(SearchAll());
  ExpectReindexRepairs();
}

TEST_F(IndexRepairTest, ReindexRepairsGarbageInTheMarker) {
  testing::WriteFileOrDie(index_ + "/applied_seq", "\x01garbage");
  EXPECT_EQ(Cli({"show", "pub-1"}).exit_code, 0);
  ExpectEverythingOrDamage(SearchAll());
  testing::WriteFileOrDie(index_ + "/applied_seq", "-5\n");
  ExpectReindexRepairs();
}

TEST_F(IndexRepairTest, ReindexRepairsGarbageInTheLayout) {
  testing::WriteFileOrDie(index_ + "/layout", "parts lots\n");
  EXPECT_EQ(Cli({"list"}).exit_code, 0);
  ExpectEverythingOrDamage(SearchAll());
  testing::WriteFileOrDie(index_ + "/layout", "parts 0\n");
  ExpectReindexRepairs();
}

TEST_F(IndexRepairTest, ReindexRepairsADeletedIndexAndStrayFiles) {
  testing::WriteFileOrDie(index_ + "/stray", "junk");
  fs::create_directories(index_ + ".rebuild/c9");  // an interrupted reindex's leftover
  ExpectReindexRepairs();
  EXPECT_FALSE(fs::exists(index_ + "/stray"));
  fs::remove_all(index_);
  ExpectEverythingOrDamage(SearchAll());
  fs::remove_all(index_);
  ExpectReindexRepairs();
}

TEST_F(IndexRepairTest, ReindexWhileAnotherProcessWritesTheIndexIsRefusedCleanly) {
  auto writer = HoldWriter();
  CliResult r = Cli({"reindex"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("being written by another process"), std::string::npos) << r.err;
  writer.reset();
  CliResult all = SearchAll();
  ASSERT_EQ(all.exit_code, 0) << all.err;
  EXPECT_EQ(Total(all), 6);
}

TEST_F(IndexRepairTest, RecordsStoredWhileTheIndexLaggedAreFoundLater) {
  testing::WriteFileOrDie(
      dir_.File("late.jsonl"),
      format::CableToJson(testing::MakeCable("late-1", "Late grain", "Grain, late.", "SECRET")) +
          "\n");
  {
    auto writer = HoldWriter();  // the importing process cannot update the index
    (void)Cli({"import", dir_.File("late.jsonl")});
    EXPECT_EQ(Cli({"show", "late-1", "--as", "analyst"}).exit_code, 0);  // it is stored
    CliResult lagging = SearchAll();
    EXPECT_NE(lagging.exit_code, 0) << "a lagging index answered " << lagging.out;
  }
  CliResult caught_up = SearchAll();
  ASSERT_EQ(caught_up.exit_code, 0) << caught_up.err;
  EXPECT_EQ(Total(caught_up), 7);
}

}  // namespace
}  // namespace chancery
