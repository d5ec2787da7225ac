// What the PostgreSQL store promises beyond the conformance suite: several nodes (store objects,
// as chanceryd processes would hold) writing one database, commits that a reader must not
// overtake, migrations, and failures (bad URLs, a lost connection). Runs on the tests'
// throw-away cluster (ctest fixture "pg").
#include "store/postgres/pg_store.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"
#include "chancery/store/store.h"

#include "store/postgres/pg_migrations.h"
#include "support/pg_test.h"
#include "support/temp_dir.h"

namespace chancery::store {
namespace {

using std::chrono::milliseconds;

class PgStoreTest : public ::testing::Test {
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
      EXPECT_TRUE(testing::DropPgDatabase(base_, database_).ok());
    }
  }

  StoreOptions Options(bool create = true) const {
    StoreOptions options;
    options.path = url_;
    options.create_if_missing = create;
    options.audit_hash = audit::HashEvent;
    options.audit_tree = audit::StoredHashesForEvent;
    return options;
  }

  // A node: its own store object (own connections) on the shared database.
  std::unique_ptr<Store> Node() {
    auto opened = OpenPostgresStore(Options());
    EXPECT_TRUE(opened.ok()) << opened.status().ToString();
    return opened.ok() ? std::move(opened).value() : nullptr;
  }

  std::string Sql(const std::string& sql) {
    auto out = testing::PgQuery(url_, sql);
    EXPECT_TRUE(out.ok()) << out.status().ToString();
    return out.ok() ? *out : "";
  }

  static model::AuditEvent Event(const std::string& actor) {
    model::AuditEvent event;
    event.time_micros = 1700000000000000;
    event.actor = actor;
    event.action = "show";
    event.target = "t";
    event.decision = "allow";
    return event;
  }

  static WriteBatch RecordBatch(const std::string& id) {
    WriteBatch batch;
    batch.records.push_back(RecordWrite{id, "{\"id\":\"" + id + "\"}", "U", ""});
    batch.audit.push_back(Event("writer"));
    return batch;
  }

  testing::TempDir dir_;
  std::string base_;
  std::string database_;
  std::string url_;
};

TEST_F(PgStoreTest, ThreeNodesWritingAtOnceKeepOneAuditChainAndGaplessSequences) {
  std::vector<std::unique_ptr<Store>> nodes;
  for (int i = 0; i < 3; ++i) {
    nodes.push_back(Node());
  }
  constexpr int kThreadsPerNode = 3;
  constexpr int kCalls = 15;
  std::vector<std::thread> threads;
  std::vector<std::vector<int64_t>> taken(nodes.size() * kThreadsPerNode);
  for (size_t n = 0; n < nodes.size(); ++n) {
    for (int t = 0; t < kThreadsPerNode; ++t) {
      const size_t slot = n * kThreadsPerNode + static_cast<size_t>(t);
      // Some threads take a serial first (whose row lock alone would serialize them), others
      // only append: the write lock must order those too.
      threads.emplace_back([&, n, t, slot] {
        for (int i = 0; i < kCalls; ++i) {
          const std::string id = "r" + std::to_string(slot) + "-" + std::to_string(i);
          if (t == 0) {
            EXPECT_TRUE(nodes[n]->Write(RecordBatch(id)).ok());
            continue;
          }
          int64_t value = 0;
          Status status = nodes[n]->Transact([&](Txn& txn) -> Status {
            CHANCERY_RETURN_IF_ERROR(txn.Write(RecordBatch(id)).status());
            CHANCERY_ASSIGN_OR_RETURN(value, txn.NextSequence("serial"));
            return Status::Ok();
          });
          EXPECT_TRUE(status.ok()) << status.ToString();
          taken[slot].push_back(value);
        }
      });
    }
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  std::set<int64_t> all;
  for (const auto& values : taken) {
    all.insert(values.begin(), values.end());
  }
  const int64_t total = static_cast<int64_t>(nodes.size()) * kThreadsPerNode * kCalls;
  const int64_t serials = static_cast<int64_t>(nodes.size()) * (kThreadsPerNode - 1) * kCalls;
  ASSERT_FALSE(all.empty());
  EXPECT_EQ(static_cast<int64_t>(all.size()), serials) << "a serial was handed out twice";
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), serials) << "serials have a gap";
  // One chain, whoever appended.
  auto events = nodes[2]->ReadAudit(0, SIZE_MAX);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(static_cast<int64_t>(events->size()), total);
  audit::ChainVerifier verifier;
  for (const model::AuditEvent& event : *events) {
    ASSERT_TRUE(verifier.Add(event).ok()) << "chain broken at " << event.seq;
  }
  // The change log: seq 1..total, every record once.
  auto changes = nodes[1]->ChangesSince(0, SIZE_MAX);
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(static_cast<int64_t>(changes->size()), total);
  for (size_t i = 0; i < changes->size(); ++i) {
    EXPECT_EQ((*changes)[i].seq, static_cast<int64_t>(i) + 1);
  }
}

// The out-of-order commit a change feed must survive: a writer takes its change seq and is slow
// to commit while another node writes. Here the second writer waits for the first (one write
// lock), so a reader that follows the log by seq never steps over a change committed later.
TEST_F(PgStoreTest, AReaderFollowingTheLogMissesNoChangeWhileAWriterCommitsLate) {
  auto a = Node();
  auto b = Node();
  auto reader = Node();
  std::atomic<bool> a_inside{false};
  std::atomic<bool> done{false};
  std::vector<Change> seen;
  std::thread follower([&] {
    int64_t cursor = 0;
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while ((!done.load() || cursor < 2) && std::chrono::steady_clock::now() < give_up) {
      auto changes = reader->ChangesSince(cursor, 100);
      ASSERT_TRUE(changes.ok());
      for (const Change& change : *changes) {
        seen.push_back(change);
        cursor = change.seq;
      }
      std::this_thread::sleep_for(milliseconds(5));
    }
  });
  std::thread slow([&] {
    Status status = a->Transact([&](Txn& txn) -> Status {
      CHANCERY_RETURN_IF_ERROR(txn.Write(RecordBatch("slow")).status());
      a_inside = true;
      std::this_thread::sleep_for(milliseconds(600));  // seq taken, commit late
      return Status::Ok();
    });
    EXPECT_TRUE(status.ok()) << status.ToString();
  });
  while (!a_inside.load()) {
    std::this_thread::yield();
  }
  const auto start = std::chrono::steady_clock::now();
  auto fast = b->Write(RecordBatch("fast"));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(fast.ok()) << fast.status().ToString();
  slow.join();
  done = true;
  follower.join();
  EXPECT_GE(waited, milliseconds(300)) << "the second writer did not wait for the first";
  ASSERT_EQ(seen.size(), 2U);
  EXPECT_EQ(seen[0].record_id, "slow");
  EXPECT_EQ(seen[0].seq, 1);
  EXPECT_EQ(seen[1].record_id, "fast");
  EXPECT_EQ(seen[1].seq, 2);
}

TEST_F(PgStoreTest, AStoreAtThePreviousSchemaIsMigratedAndKeepsItsData) {
  {
    auto old = internal::OpenPg(Options(), internal::LatestPgSchemaVersion() - 1);
    ASSERT_TRUE(old.ok()) << old.status().ToString();
    WriteBatch batch;
    batch.records.push_back(RecordWrite{"kept", "{\"id\":\"kept\"}", "S", "1975STATE000001"});
    batch.users.push_back(UserRow{"ana", "{}", false, 1});
    ASSERT_TRUE((*old)->Write(std::move(batch)).ok());
  }
  EXPECT_EQ(Sql("SELECT max(version) FROM chancery_schema"),
            std::to_string(internal::LatestPgSchemaVersion() - 1));
  auto store = OpenPostgresStore(Options(/*create=*/false));
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  EXPECT_EQ(Sql("SELECT string_agg(version::text, ',' ORDER BY version) FROM chancery_schema"),
            "1,2");
  auto kept = (*store)->GetRecord("kept");
  ASSERT_TRUE(kept.ok() && kept->has_value());
  EXPECT_EQ((*kept)->serial, "1975STATE000001");
  EXPECT_TRUE((*store)->GetUser("ana")->has_value());
  // What the new migration added works.
  ASSERT_TRUE((*store)->Write(RecordBatch("after")).ok());
  EXPECT_EQ(*(*store)->CountAuditHashes(), 1);
}

TEST_F(PgStoreTest, NodesStartingTogetherMigrateOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto opened = OpenPostgresStore(Options());
      if (!opened.ok()) {
        ADD_FAILURE() << opened.status().ToString();
        ++failures;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Sql("SELECT count(*) FROM chancery_schema"),
            std::to_string(internal::LatestPgSchemaVersion()));
}

TEST_F(PgStoreTest, ASchemaNewerThanThisBuildIsRefused) {
  ASSERT_NE(Node(), nullptr);
  Sql("INSERT INTO chancery_schema(version, applied_micros) VALUES(99, 0)");
  auto opened = OpenPostgresStore(Options(false));
  EXPECT_EQ(opened.status().code(), StatusCode::kCorruption);
  EXPECT_NE(opened.status().message().find("schema version 99, newer than this build's"),
            std::string::npos)
      << opened.status().ToString();
}

TEST_F(PgStoreTest, ADatabaseHoldingOtherTablesIsNotTakenOver) {
  ASSERT_TRUE(testing::PgQuery(testing::PgUrlFor(base_, "postgres"),
                               "CREATE DATABASE \"" + database_ + "\"")
                  .ok());
  Sql("CREATE TABLE payroll(name TEXT)");
  auto opened = OpenPostgresStore(Options());
  EXPECT_EQ(opened.status().code(), StatusCode::kCorruption);
  EXPECT_NE(opened.status().message().find("not a chancery store"), std::string::npos);
  EXPECT_EQ(Sql("SELECT to_regclass('records') IS NULL"), "t") << "it wrote into the database";
}

TEST_F(PgStoreTest, WrongUrlsAreClearErrorsThatHideThePassword) {
  StoreOptions unreachable = Options();
  unreachable.path = "postgresql://chancery:s3cret@127.0.0.1:1/nowhere";
  auto opened = OpenPostgresStore(unreachable);
  EXPECT_EQ(opened.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(opened.status().message().find("127.0.0.1:1/nowhere"), std::string::npos)
      << opened.status().ToString();
  EXPECT_EQ(opened.status().message().find("s3cret"), std::string::npos)
      << opened.status().ToString();

  auto missing = OpenPostgresStore(Options(/*create=*/false));
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find(database_), std::string::npos);

  StoreOptions not_a_url = Options();
  not_a_url.path = "/var/lib/chancery/chancery.db";
  EXPECT_EQ(OpenPostgresStore(not_a_url).status().code(), StatusCode::kInvalidArgument);
}

// The server ends the writer's session while a transaction is open (a failover, an
// administrator's pg_terminate_backend): nothing of it was committed, so the group runs again on
// a new connection and commits once.
TEST_F(PgStoreTest, ALostConnectionMidTransactionIsRetriedAndCommitsOnce) {
  auto store = Node();
  int calls = 0;
  Status status = store->Transact([&](Txn& txn) -> Status {
    ++calls;
    CHANCERY_RETURN_IF_ERROR(txn.NextSequence("serial").status());
    if (calls == 1) {
      auto killed = testing::PgQuery(
          testing::PgUrlFor(base_, "postgres"),
          "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '" +
              database_ + "' AND state LIKE 'idle in transaction%'");
      EXPECT_TRUE(killed.ok() && *killed == "1") << (killed.ok() ? *killed : "error");
    }
    return txn.PutDoc(DocRow{"taken", "x", "", "", "{}", 0}).status();
  });
  ASSERT_TRUE(status.ok()) << status.ToString();
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(*store->PeekSequence("serial"), 1) << "the lost attempt's increment was kept";
  EXPECT_EQ((*store->GetDoc("taken", "x"))->version, 1);
}

TEST_F(PgStoreTest, ReadsGoOnAfterTheServerDropsEveryConnection) {
  auto store = Node();
  ASSERT_TRUE(store->Write(RecordBatch("r1")).ok());
  ASSERT_TRUE(store->GetRecord("r1")->has_value());  // a pooled reader now exists
  auto killed = testing::PgQuery(testing::PgUrlFor(base_, "postgres"),
                                 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                 "WHERE datname = '" +
                                     database_ + "'");
  ASSERT_TRUE(killed.ok());
  EXPECT_GE(std::stoi(*killed), 1);
  auto again = store->GetRecord("r1");
  ASSERT_TRUE(again.ok()) << again.status().ToString();
  EXPECT_TRUE(again->has_value());
  EXPECT_TRUE(store->Write(RecordBatch("r2")).ok());
}

}  // namespace
}  // namespace chancery::store
