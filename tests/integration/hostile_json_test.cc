// `chancery import` of hostile and empty files, black-box (issue 11 findings 4 and 15): a 2 MB
// file of nested arrays fails fast naming file, line and column while the process stays small;
// an empty file is an error naming the file and stores nothing.
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/resource.h>

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

class HostileImport : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("h.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  int64_t Total() {
    CliResult r = Cli({"list", "--json"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false).value("total", int64_t{-1});
  }

  // The largest max RSS of any child waited for so far, in MB (this test's children only: ctest
  // runs each test in its own process).
  static long ChildrenMaxRssMb() {
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    return usage.ru_maxrss / 1024;
  }

  testing::TempDir dir_;
  std::string db_;
};

// The finding: this file drove `chancery import` to 23 GB.
TEST_F(HostileImport, TwoMegabytesOfNestedArraysFailFastAndSmall) {
  const size_t n = 1'000'000;
  const std::string path = dir_.File("nested.jsonl");
  testing::WriteFileOrDie(path, std::string(n, '[') + std::string(n, ']') + "\n");
  const auto start = std::chrono::steady_clock::now();
  CliResult r = Cli({"import", path});
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(path + ":1:65: JSON nested deeper than 64 levels"), std::string::npos)
      << r.err;
  const char* bound = std::getenv("CHANCERY_HOSTILE_RSS_MB");  // 200, or 400 under ASan
  const long limit = bound != nullptr ? std::atol(bound) : 200;
  EXPECT_LT(ChildrenMaxRssMb(), limit) << "chancery import grew past " << limit << " MB";
  EXPECT_LT(seconds, 20.0);
  EXPECT_EQ(Total(), 0);
}

TEST_F(HostileImport, NestingInsideARecordIsReportedAtItsLine) {
  const std::string path = dir_.File("two.jsonl");
  testing::WriteFileOrDie(path, "{\"id\":\"ok-1\"}\n{\"id\":\"deep\",\"body\":" +
                                    std::string(100, '[') + std::string(100, ']') + "}\n");
  CliResult r = Cli({"import", path});
  EXPECT_NE(r.exit_code, 0);
  // '{"id":"deep","body":' is 20 bytes; the array at level 65 is the 64th '[' after it.
  EXPECT_NE(r.err.find(path + ":2:84: JSON nested deeper than 64 levels"), std::string::npos)
      << r.err;
  EXPECT_EQ(Total(), 0);  // JSON Lines stops at the first error: the file imports nothing
}

TEST_F(HostileImport, AnEmptyFileIsAnErrorNamingItAndStoresNothing) {
  for (const std::string name : {"empty.cable", "empty.jsonl", "blank.txt"}) {
    const std::string path = dir_.File(name);
    testing::WriteFileOrDie(path, name == "blank.txt" ? " \n\t\r\n" : "");
    CliResult r = Cli({"import", path});
    EXPECT_NE(r.exit_code, 0) << name;
    EXPECT_NE(r.err.find(path + ": empty file"), std::string::npos) << r.err;
  }
  EXPECT_EQ(Total(), 0);
}

TEST_F(HostileImport, AnEmptyFileInADirectoryDoesNotStopTheOthers) {
  std::filesystem::create_directories(dir_.File("in"));
  testing::WriteFileOrDie(dir_.File("in/a.cable"), "");
  testing::WriteFileOrDie(dir_.File("in/b.jsonl"), "{\"id\":\"b-1\",\"title\":\"B\"}\n");
  CliResult r = Cli({"import", dir_.File("in")});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find(dir_.File("in/a.cable") + ": empty file"), std::string::npos) << r.err;
  EXPECT_EQ(Total(), 1);
}

}  // namespace
}  // namespace chancery
