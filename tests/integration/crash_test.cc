// Crash test: kill -9 the CLI at random moments during a large import, reopen, and check that the
// store and the index agree, that every stored record is whole, that every stored record has its
// audit entry, and that the audit log verifies.
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chancery/format/json.h"
#include "chancery/records/records.h"

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int kFiles = 12;
constexpr int kRecordsPerFile = 250;

void WriteCorpus(const std::string& dir) {
  std::filesystem::create_directories(dir);
  for (int f = 0; f < kFiles; ++f) {
    std::string lines;
    for (int r = 0; r < kRecordsPerFile; ++r) {
      const std::string id = "crash-" + std::to_string(f) + "-" + std::to_string(r);
      lines += format::CableToJson(testing::MakeCable(id, "Telegram " + id,
                                                      "Routine report number " + std::to_string(r) +
                                                          " about grain shipments and tariffs.",
                                                      "PUBLIC")) +
               "\n";
    }
    testing::WriteFileOrDie(dir + "/part-" + std::to_string(100 + f) + ".jsonl", lines);
  }
}

// How many records the store `db` holds now, read beside a running import (WAL: a reader neither
// blocks nor is blocked by the writer); -1 when it cannot be read (not created yet, busy).
int64_t StoredNow(const std::string& db) {
  sqlite3* conn = nullptr;
  int64_t count = -1;
  if (sqlite3_open_v2(db.c_str(), &conn, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(conn, "SELECT count(*) FROM records", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW) {
      count = sqlite3_column_int64(stmt, 0);
    }
    sqlite3_finalize(stmt);
  }
  sqlite3_close(conn);
  return count;
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override { WriteCorpus(dir_.File("corpus")); }

  // A fresh store for the next trial, so that every trial can be killed mid-import.
  void NewStore(int trial) {
    db_ = dir_.File("crash-" + std::to_string(trial) + ".db");
    ASSERT_EQ(testing::RunCli({"--db", db_, "init"}).exit_code, 0);
  }

  // Runs an import and kills it with SIGKILL after `delay`, or, with `after_first_batch`, `delay`
  // after the store first holds some of the corpus (polled every 2 ms): a kill that lands
  // mid-import however slow or loaded the machine is. Returns whether it was killed.
  bool ImportAndKill(std::chrono::milliseconds delay, bool after_first_batch = false) {
    int pid = testing::StartCli({"--db", db_, "import", "--quiet", dir_.File("corpus")});
    EXPECT_GT(pid, 0);
    if (after_first_batch) {
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(120);
      while (StoredNow(db_) <= 0 && std::chrono::steady_clock::now() < give_up) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
      }
    }
    std::this_thread::sleep_for(delay);
    const bool killed = kill(pid, SIGKILL) == 0;
    int status = 0;
    waitpid(pid, &status, 0);
    return killed && WIFSIGNALED(status);
  }

  // Checks the reopened store; returns how many records it holds.
  size_t ExpectConsistent() {
    records::RecordsOptions options;
    options.db_path = db_;
    auto records = records::Records::Open(options);  // repairs the index from the change log
    if (!records.ok()) {
      ADD_FAILURE() << records.status().ToString();
      return 0;
    }
    auto reader = (*records)->ResolveSubject(std::nullopt).value();
    std::set<std::string> listed;
    EXPECT_TRUE((*records)
                    ->List(reader,
                           [&](const records::RecordSummary& r) {
                             listed.insert(r.id);
                             return Status::Ok();
                           })
                    .ok());
    auto all = (*records)->Search(reader, testing::Query(""));
    EXPECT_TRUE(all.ok() && all->total == listed.size()) << "store and index disagree";
    auto grain = (*records)->Search(reader, testing::Query("grain"));
    EXPECT_TRUE(grain.ok() && grain->total == listed.size())
        << "a stored record is not whole in the index";
    auto report = (*records)->VerifyAudit(std::nullopt);
    EXPECT_TRUE(report.ok() && report->status.ok())
        << (report.ok() ? report->status.ToString() : report.status().ToString());
    // Every stored record has its import audit entry: records and audit commit together.
    auto admin = (*records)->Administrator("admin:crash-test");
    auto entries = (*records)->AuditLog(admin, 0, SIZE_MAX);
    EXPECT_TRUE(entries.ok());
    std::set<std::string> audited;
    for (const auto& e : entries.ok() ? *entries : std::vector<model::AuditEvent>{}) {
      if (e.action == "import") {
        audited.insert(e.ids.begin(), e.ids.end());
      }
    }
    for (const std::string& id : listed) {
      if (audited.count(id) == 0) {
        ADD_FAILURE() << "record " << id << " is stored without its audit entry";
        break;
      }
    }
    return listed.size();
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(CrashTest, KillDuringImportLosesNothingCommittedAndIndexIsRepaired) {
  std::mt19937 rng(static_cast<uint32_t>(testing::RandomSeed()));
  // Kill at 20%..90% of an uninterrupted import's duration, measured on a scratch store, so the
  // kills land mid-import on a fast build and under sanitizers alike.
  const std::string probe = dir_.File("probe.db");
  ASSERT_EQ(testing::RunCli({"--db", probe, "init"}).exit_code, 0);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_EQ(testing::RunCli({"--db", probe, "import", "--quiet", dir_.File("corpus")}).exit_code,
            0);
  const auto full = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - start)
                        .count();
  std::uniform_int_distribution<int64_t> delay_ms(full / 5, full * 9 / 10);
  int killed_midway = 0;
  // Odd trials wait for the first committed batch and kill within the next tenth of the import's
  // duration: timing alone missed every trial once under the sanitizers on a loaded machine.
  std::uniform_int_distribution<int64_t> after_batch_ms(0, full / 10);
  for (int trial = 0; trial < 6; ++trial) {
    NewStore(trial);
    const bool odd = trial % 2 == 1;
    const bool killed =
        ImportAndKill(std::chrono::milliseconds(odd ? after_batch_ms(rng) : delay_ms(rng)), odd);
    const size_t stored = ExpectConsistent();
    if (killed && stored > 0 && stored < size_t{kFiles * kRecordsPerFile}) {
      ++killed_midway;
    }
  }
  EXPECT_GT(killed_midway, 0) << "no trial was killed mid-import: the test proved nothing";
  // An uninterrupted import over the last crashed store completes the corpus.
  auto done = testing::RunCli({"--db", db_, "import", "--quiet", dir_.File("corpus")});
  EXPECT_EQ(done.exit_code, 0) << done.err;
  ExpectConsistent();
  auto list = testing::RunCli({"--db", db_, "list", "--json"});
  EXPECT_NE(list.out.find("\"total\":" + std::to_string(kFiles * kRecordsPerFile)),
            std::string::npos);
}

}  // namespace
}  // namespace chancery
