// Where a store lives, black-box through the binaries: a PostgreSQL URL with a node's own index
// and the shared keys folder (issue 16), an index folder that belongs to another store, and two
// chanceryd nodes given one index folder.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/cli_runner.h"
#include "support/pg_test.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::string text;
  std::string line;
  while (std::getline(in, line)) {
    text += line + "\n";
  }
  return text;
}

TEST(StoreLocationCliTest, AnIndexFolderDerivedFromAnotherStoreIsRefused) {
  testing::TempDir dir;
  const std::string a = dir.File("a.db");
  const std::string b = dir.File("b.db");
  ASSERT_EQ(RunCli({"--db", a, "init"}).exit_code, 0);
  ASSERT_EQ(RunCli({"--db", a, "import", kSeed}).exit_code, 0);
  ASSERT_EQ(RunCli({"--db", b, "init"}).exit_code, 0);
  CliResult wrong = RunCli({"--db", b, "--index", a + ".index", "search", "Chernovenko"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("index folder " + a + ".index was derived from another store"),
            std::string::npos)
      << wrong.err;
  EXPECT_EQ(wrong.out.find("wilson-123881"), std::string::npos) << "it answered from a's index";
  // Its own store still finds the record in it.
  CliResult right = RunCli({"--db", a, "search", "Chernovenko"});
  EXPECT_EQ(right.exit_code, 0) << right.err;
  EXPECT_NE(right.out.find("wilson-123881"), std::string::npos);
}

// A rebuild replaces the index folder (reindex, or a repair at open): the new folder names its
// store too, so it is still refused to another store.
TEST(StoreLocationCliTest, AnIndexFolderRebuiltByReindexStillNamesItsStore) {
  testing::TempDir dir;
  const std::string a = dir.File("a.db");
  const std::string b = dir.File("b.db");
  ASSERT_EQ(RunCli({"--db", a, "init"}).exit_code, 0);
  ASSERT_EQ(RunCli({"--db", a, "import", kSeed}).exit_code, 0);
  const std::string held = ReadFile(a + ".index/store-id");
  ASSERT_FALSE(held.empty());
  CliResult reindexed = RunCli({"--db", a, "reindex"});
  ASSERT_EQ(reindexed.exit_code, 0) << reindexed.err;
  EXPECT_EQ(ReadFile(a + ".index/store-id"), held);
  ASSERT_EQ(RunCli({"--db", b, "init"}).exit_code, 0);
  CliResult wrong = RunCli({"--db", b, "--index", a + ".index", "search", "Chernovenko"});
  EXPECT_EQ(wrong.exit_code, 1);
  EXPECT_NE(wrong.err.find("was derived from another store"), std::string::npos) << wrong.err;
  EXPECT_EQ(wrong.out.find("wilson-123881"), std::string::npos) << "it answered from a's index";
  // A claim a crash cut short (an empty file) is no claim: its own store takes the folder again.
  testing::WriteFileOrDie(a + ".index/store-id", "");
  CliResult own = RunCli({"--db", a, "search", "Chernovenko"});
  EXPECT_EQ(own.exit_code, 0) << own.err;
  EXPECT_NE(own.out.find("wilson-123881"), std::string::npos) << own.out;
  EXPECT_EQ(ReadFile(a + ".index/store-id"), held);
}

class PgCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::optional<std::string> base = testing::PgBaseUrl();
    if (!base.has_value()) {
      GTEST_SKIP() << "no PostgreSQL cluster: run under ctest (fixture pg)";
    }
    base_ = *base;
    database_ = testing::PgDatabaseName(dir_.path());
    url_ = testing::PgUrlFor(base_, database_);
  }

  void TearDown() override {
    if (!base_.empty()) {
      (void)testing::DropPgDatabase(base_, database_);
    }
  }

  // `chancery` as node `node` (its own index folder) with the shared keys folder.
  CliResult Node(const std::string& node, std::vector<std::string> args) {
    args.insert(args.begin(),
                {"--db", url_, "--index", dir_.File(node + ".index"), "--keys", dir_.File("keys")});
    return RunCli(args);
  }

  testing::TempDir dir_;
  std::string base_;
  std::string database_;
  std::string url_;
};

TEST_F(PgCliTest, AStoreInPostgresqlIsUsedThroughTheCliAsAFileIs) {
  CliResult init = Node("a", {"init"});
  ASSERT_EQ(init.exit_code, 0) << init.err;
  EXPECT_NE(init.out.find("initialized " + url_), std::string::npos) << init.out;
  ASSERT_EQ(Node("a", {"import", kSeed}).exit_code, 0);
  CliResult found = Node("a", {"search", "Chernovenko"});
  EXPECT_NE(found.out.find("wilson-123881"), std::string::npos) << found.out << found.err;
  // A second node with an empty index folder builds it from PostgreSQL alone.
  CliResult other = Node("b", {"search", "Chernovenko"});
  EXPECT_EQ(other.exit_code, 0) << other.err;
  EXPECT_NE(other.out.find("wilson-123881"), std::string::npos) << other.out;
  // The audit log is in PostgreSQL; its signing key in the shared keys folder.
  CliResult verified = Node("b", {"audit", "verify"});
  EXPECT_EQ(verified.exit_code, 0) << verified.err;
  EXPECT_NE(verified.out.find("audit log ok"), std::string::npos) << verified.out;
  // Initializing it twice is refused and changes nothing.
  CliResult again = Node("c", {"init"});
  EXPECT_EQ(again.exit_code, 1);
  EXPECT_NE(again.err.find("already exists"), std::string::npos) << again.err;
  EXPECT_NE(Node("a", {"search", "Chernovenko"}).out.find("wilson-123881"), std::string::npos);
}

TEST_F(PgCliTest, AUrlWithoutIndexOrKeysOrServerIsAClearError) {
  CliResult no_index = RunCli({"--db", url_, "--keys", dir_.File("keys"), "search", "x"});
  EXPECT_EQ(no_index.exit_code, 1);
  EXPECT_NE(no_index.err.find("pass --index DIR"), std::string::npos) << no_index.err;
  CliResult no_keys = RunCli({"--db", url_, "--index", dir_.File("i"), "search", "x"});
  EXPECT_EQ(no_keys.exit_code, 1);
  EXPECT_NE(no_keys.err.find("--keys DIR"), std::string::npos) << no_keys.err;
  CliResult missing = Node("a", {"search", "x"});
  EXPECT_EQ(missing.exit_code, 1);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;
  CliResult down = RunCli({"--db", "postgresql://chancery:hunter2@127.0.0.1:1/x", "--index",
                           dir_.File("i"), "--keys", dir_.File("keys"), "search", "x"});
  EXPECT_EQ(down.exit_code, 1);
  EXPECT_NE(down.err.find("cannot connect"), std::string::npos) << down.err;
  EXPECT_EQ(down.err.find("hunter2"), std::string::npos) << down.err;
}

// `chancery audit witness` takes a PostgreSQL URL as it takes a store file (with folders of its
// own: an empty --keys, not the nodes' signing keys), and catches a log someone with database
// access cut back: the audit rows and the checkpoints after the one it saw deleted.
TEST_F(PgCliTest, AWitnessOfAPostgresqlStoreCatchesALogCutBack) {
  auto witness = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--index", dir_.File("witness.index"), "--keys",
                               dir_.File("witness-keys"), "audit", "witness"});
    return RunCli(args);
  };
  ASSERT_EQ(Node("a", {"init"}).exit_code, 0);
  ASSERT_EQ(Node("a", {"import", kSeed}).exit_code, 0);
  CliResult key = Node("a", {"audit", "key"});
  ASSERT_EQ(key.exit_code, 0) << key.err;
  const std::string key_file = dir_.File("operator.key");
  testing::WriteFileOrDie(key_file, key.out);
  const std::string state = dir_.File("witness.json");
  CliResult first = witness({"--state", state, "--key", key_file, url_});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("first checkpoint seen"), std::string::npos) << first.out;
  Result<std::string> seen = testing::PgQuery(url_, "SELECT max(size) FROM audit_checkpoints");
  ASSERT_TRUE(seen.ok()) << seen.status().ToString();

  ASSERT_EQ(Node("a", {"user", "add", "alice", "--clearance", "SECRET"}).exit_code, 0);
  CliResult grown = witness({"--state", state, url_});
  ASSERT_EQ(grown.exit_code, 0) << grown.err;
  EXPECT_NE(grown.out.find("size " + *seen + " -> "), std::string::npos) << grown.out;

  // Cut back to the first checkpoint's size: the witness remembers the larger one.
  ASSERT_TRUE(testing::PgQuery(url_, "DELETE FROM audit WHERE seq > " + *seen).ok());
  ASSERT_TRUE(testing::PgQuery(url_, "DELETE FROM audit_hashes WHERE idx >= " + *seen).ok());
  ASSERT_TRUE(testing::PgQuery(url_, "DELETE FROM audit_checkpoints WHERE size > " + *seen).ok());
  CliResult cut = witness({"--state", state, url_});
  EXPECT_EQ(cut.exit_code, 1) << cut.out;
  EXPECT_NE(cut.err.find("witness ALARM: the log shrank"), std::string::npos) << cut.err;
  EXPECT_FALSE(std::filesystem::exists(dir_.File("witness-keys/chancery.audit-key")));

  // Without the node's folders the URL is refused as every command refuses it.
  CliResult bare = RunCli({"audit", "witness", "--state", state, url_});
  EXPECT_EQ(bare.exit_code, 1);
  EXPECT_NE(bare.err.find("pass --index DIR"), std::string::npos) << bare.err;
}

TEST_F(PgCliTest, TwoChancerydNodesCannotShareOneIndexFolder) {
  ASSERT_EQ(Node("a", {"init"}).exit_code, 0);
  const std::vector<std::string> args = {
      CHANCERYD_PATH,    "--db",   url_, "--index", dir_.File("a.index"), "--keys",
      dir_.File("keys"), "--port", "0"};
  const std::string first_log = dir_.File("first.log");
  const pid_t first = fork();
  ASSERT_GE(first, 0);
  if (first == 0) {
    FILE* out = freopen(first_log.c_str(), "w", stderr);
    (void)out;
    std::vector<char*> argv;
    for (const std::string& arg : args) {
      argv.push_back(const_cast<char*>(arg.c_str()));
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  for (int i = 0; i < 300 && ReadFile(first_log).find("listening") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_NE(ReadFile(first_log).find("listening"), std::string::npos) << ReadFile(first_log);
  std::string command;
  for (const std::string& arg : args) {
    command += "'" + arg + "' ";
  }
  command += "2>" + dir_.File("second.log");
  const int second = std::system(command.c_str());
  kill(first, SIGTERM);
  int status = 0;
  waitpid(first, &status, 0);
  EXPECT_NE(second, 0);
  const std::string second_err = ReadFile(dir_.File("second.log"));
  EXPECT_NE(second_err.find("is in use by another chanceryd (pid " + std::to_string(first)),
            std::string::npos)
      << second_err;
  EXPECT_NE(second_err.find("each node needs an --index folder of its own"), std::string::npos);
}

}  // namespace
}  // namespace chancery
