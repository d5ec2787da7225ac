// Issue 11 finding 9: the store, its SQLite side files, the search index (which holds the words
// of every record), the signing key and its checkpoint record, and the desk's per-user key folder
// are the owner's alone: files 0600 and directories 0700 whatever the umask, so no other local
// user can read them; an older store with looser modes is repaired when it is opened.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "chancery/format/json.h"
#include "chancery/records/records.h"

#include "support/cli_runner.h"
#include "support/desk_fixture.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

// Sets the process umask for the scope (children started meanwhile inherit it).
class ScopedUmask {
 public:
  explicit ScopedUmask(mode_t mask) : old_(::umask(mask)) {}

  ~ScopedUmask() { ::umask(old_); }

 private:
  mode_t old_;
};

mode_t ModeOf(const std::string& path) {
  struct stat st {};

  EXPECT_EQ(::lstat(path.c_str(), &st), 0) << path;
  return st.st_mode & 07777;
}

// Every path in `dir` whose name starts with `prefix`, and everything below those: files must be
// 0600 and directories 0700. Returns how many paths were checked.
int ExpectOwnerOnly(const std::string& dir, const std::string& prefix) {
  int checked = 0;
  auto check = [&](const fs::path& path) {
    const bool is_dir = fs::is_directory(fs::symlink_status(path));
    EXPECT_EQ(ModeOf(path.string()), is_dir ? 0700u : 0600u) << path;
    // Nobody but the owner: no group or other bit at all.
    EXPECT_EQ(ModeOf(path.string()) & 077u, 0u) << path;
    ++checked;
  };
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().filename().string().rfind(prefix, 0) != 0) {
      continue;
    }
    check(entry.path());
    if (entry.is_directory()) {
      for (const auto& below : fs::recursive_directory_iterator(entry.path())) {
        check(below.path());
      }
    }
  }
  return checked;
}

class PermissionsTest : public ::testing::TestWithParam<mode_t> {
 protected:
  void SetUp() override {
    db_ = dir_.File("store.db");
    testing::WriteFileOrDie(
        dir_.File("in.jsonl"),
        format::CableToJson(
            testing::MakeCable("ts-1", "Plan", "Operation Wheatfield", "TOP SECRET")) +
            "\n" +
            format::CableToJson(testing::MakeCable("pub-1", "Note", "Grain talks", "PUBLIC")) +
            "\n");
  }

  testing::CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return testing::RunCli(args);
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_P(PermissionsTest, EveryFileOfTheStoreIsTheOwnersAloneWhateverTheUmask) {
  ScopedUmask umask(GetParam());
  ASSERT_EQ(Cli({"init"}).exit_code, 0);
  ASSERT_EQ(Cli({"import", dir_.File("in.jsonl")}).exit_code, 0);
  ASSERT_EQ(Cli({"user", "add", "analyst", "--clearance", "SECRET"}).exit_code, 0);
  ASSERT_EQ(Cli({"search", "wheatfield"}).exit_code, 0);
  ASSERT_EQ(Cli({"reindex"}).exit_code, 0);
  ASSERT_EQ(Cli({"search", "grain"}).exit_code, 0);
  EXPECT_GE(ExpectOwnerOnly(dir_.path(), "store.db"), 10);
  EXPECT_TRUE(fs::exists(db_ + ".audit-key"));
  EXPECT_TRUE(fs::exists(db_ + ".index/applied_seq"));
  // The SQLite side files exist while the store is open: they take the database file's mode.
  records::RecordsOptions options;
  options.db_path = db_;
  auto records = records::Records::Open(options);
  ASSERT_TRUE(records.ok()) << records.status().ToString();
  ASSERT_TRUE(fs::exists(db_ + "-wal"));
  ASSERT_TRUE(fs::exists(db_ + "-shm"));
  ExpectOwnerOnly(dir_.path(), "store.db");
}

TEST_P(PermissionsTest, TheDesksKeyFolderIsTheOwnersAloneWhateverTheUmask) {
  ScopedUmask umask(GetParam());
  testing::DeskFixture f(dir_.path());
  desk::DraftSpec spec = testing::DeskFixture::Spec("t", {"SECRET"});
  auto draft = f.desk().CreateDraft(f.User("drafter"), spec);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  ASSERT_TRUE(f.desk().Submit(f.User("drafter"), draft->id).ok());
  auto approved = f.desk().DecideStep(f.User("wu"), draft->id, true, "approved");
  ASSERT_TRUE(approved.ok()) << approved.status().ToString();
  ASSERT_TRUE(fs::is_directory(f.db_path() + ".keys"));
  EXPECT_GE(ExpectOwnerOnly(dir_.path(), "store.db"), 10);
}

std::string UmaskName(const ::testing::TestParamInfo<mode_t>& umask) {
  return umask.param == 0 ? "umask000" : "umask022";
}

INSTANTIATE_TEST_SUITE_P(Umasks, PermissionsTest, ::testing::Values(mode_t{022}, mode_t{0}),
                         UmaskName);

TEST(PermissionsRepairTest, AnOlderStoreWithLooseModesIsRestrictedWhenOpened) {
  testing::TempDir dir;
  const std::string db = dir.File("old.db");
  ASSERT_EQ(testing::RunCli({"--db", db, "init"}).exit_code, 0);
  fs::create_directories(db + ".keys");
  for (const auto& entry : fs::directory_iterator(dir.path())) {
    fs::permissions(entry.path(), entry.is_directory() ? fs::perms(0755) : fs::perms(0644));
  }
  fs::permissions(db + ".index/applied_seq", fs::perms(0644));
  ASSERT_EQ(testing::RunCli({"--db", db, "list"}).exit_code, 0);
  EXPECT_GE(ExpectOwnerOnly(dir.path(), "old.db"), 6);
}

}  // namespace
}  // namespace chancery
