// SQLite-specific Transact behaviour: migration 2, per-commit synchronous levels, group commit,
// re-entry from a callback, and gapless sequences across kill -9 (docs/store.md "Transact and
// group commit"). The backend-neutral contract is in tests/conformance.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"
#include "chancery/store/store.h"

#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_store.h"
#include "support/temp_dir.h"

namespace chancery::store {
namespace {

class SqliteStoreTransactTest : public ::testing::Test {
 protected:
  std::unique_ptr<Store> OpenOrDie(bool synchronous_full = true) const {
    StoreOptions options;
    options.path = path_;
    options.create_if_missing = true;
    options.synchronous_full = synchronous_full;
    options.audit_hash = audit::HashEvent;
    options.audit_tree = audit::StoredHashesForEvent;
    auto store = OpenSqliteStore(options);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  static internal::SqliteStore& Sqlite(Store& store) {
    return static_cast<internal::SqliteStore&>(store);
  }

  // The first column of the first row of `sql`, as text, through a raw SQLite connection.
  std::string RawQuery(const std::string& sql) const {
    sqlite3* db = nullptr;
    EXPECT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    std::string text;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW && sqlite3_column_text(stmt, 0) != nullptr) {
      text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return text;
  }

  void RawExec(const std::string& sql) const {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
    sqlite3_close(db);
  }

  testing::TempDir dir_{testing::FastTempParent()};
  std::string path_ = dir_.File("chancery.db");
};

// Takes the next "serial" value and puts doc ("acked", zero-padded value); sets *value.
Status TakeSerial(Txn& txn, int64_t* value) {
  CHANCERY_ASSIGN_OR_RETURN(*value, txn.NextSequence("serial"));
  char key[32];
  std::snprintf(key, sizeof key, "%010lld", static_cast<long long>(*value));
  return txn.PutDoc(DocRow{"acked", key, "", "", "{}", 0}).status();
}

TEST_F(SqliteStoreTransactTest, MigrationTwoAddsDocsWithoutRowidAndSequences) {
  OpenOrDie().reset();
  EXPECT_NE(RawQuery("SELECT version FROM schema_version WHERE version = 2"), "");
  EXPECT_NE(RawQuery("SELECT sql FROM sqlite_master WHERE name = 'docs'").find("WITHOUT ROWID"),
            std::string::npos);
  EXPECT_EQ(RawQuery("SELECT tbl_name FROM sqlite_master WHERE name = 'docs_by_group'"), "docs");
  EXPECT_EQ(RawQuery("SELECT count(*) FROM sequences"), "0");
}

TEST_F(SqliteStoreTransactTest, CountDocsCountsWhatListDocsWouldReturnWithoutTheLimit) {
  auto store = OpenOrDie();
  ASSERT_TRUE(
      store
          ->Transact([](Txn& txn) -> Status {
            for (int i = 1; i <= 9; ++i) {
              const std::string k = "k" + std::to_string(i);
              const std::string sort = "s" + std::to_string(i);
              CHANCERY_RETURN_IF_ERROR(
                  txn.PutDoc(DocRow{"c", k, i % 3 == 0 ? "b" : "a", sort, "{}", 0}).status());
            }
            return txn.PutDoc(DocRow{"other", "k1", "a", "s1", "{}", 0}).status();
          })
          .ok());
  // Group a holds s1 s2 s4 s5 s7 s8; b holds s3 s6 s9.
  EXPECT_EQ(*store->CountDocs(DocQuery{"c", std::string("a"), "", "", 1}), 6);
  EXPECT_EQ(*store->CountDocs(DocQuery{"c", std::string("a"), "", "s2", 1}), 4);
  EXPECT_EQ(*store->CountDocs(DocQuery{"c", std::string("a"), "", "s2", 1}, "s7"), 3);
  EXPECT_EQ(*store->CountDocs(DocQuery{"c", std::string("b"), "", "", 1}, "s6"), 2);
  EXPECT_EQ(*store->CountDocs(DocQuery{"c", std::nullopt, "k", "", 1}), 9);
  EXPECT_EQ(*store->CountDocs(DocQuery{"c", std::nullopt, "k", "k5", 1}), 4);
  EXPECT_EQ(*store->CountDocs(DocQuery{"c", std::nullopt, "k1", "", 1}), 1);
  EXPECT_EQ(store->CountDocs(DocQuery{"", std::nullopt, "", "", 1}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTransactTest, AStoreAtSchemaOneIsMigratedKeepingItsRecords) {
  // A store as schema 1 left it: payloads inside the records table, no later tables.
  RawExec("PRAGMA application_id = " + std::to_string(internal::kChanceryApplicationId) +
          "; CREATE TABLE schema_version(version INTEGER PRIMARY KEY, applied_micros INTEGER "
          "NOT NULL); INSERT INTO schema_version VALUES(1, 0);"
          "CREATE TABLE access_classes(id INTEGER PRIMARY KEY, key TEXT NOT NULL UNIQUE);"
          "CREATE TABLE records(id TEXT PRIMARY KEY NOT NULL, payload TEXT NOT NULL, "
          "access_class INTEGER NOT NULL REFERENCES access_classes(id), serial TEXT NOT NULL "
          "DEFAULT '', version INTEGER NOT NULL); CREATE INDEX records_by_serial ON "
          "records(serial); CREATE TABLE changes(seq INTEGER PRIMARY KEY AUTOINCREMENT, "
          "record_id TEXT NOT NULL, kind INTEGER NOT NULL); CREATE TABLE users(name TEXT PRIMARY "
          "KEY NOT NULL, clearance TEXT NOT NULL, administrator INTEGER NOT NULL, created_micros "
          "INTEGER NOT NULL); CREATE TABLE meta(key TEXT PRIMARY KEY NOT NULL, value TEXT NOT "
          "NULL); CREATE TABLE audit(seq INTEGER PRIMARY KEY, time_micros INTEGER NOT NULL, actor "
          "TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL, decision TEXT NOT NULL, ids "
          "TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL);"
          "INSERT INTO access_classes VALUES(1, 'U'); INSERT INTO records VALUES('c1', "
          "'{\"id\":\"c1\"}', 1, '', 1);");
  auto store = OpenOrDie();
  auto record = store->GetRecord("c1");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->payload, "{\"id\":\"c1\"}");
  EXPECT_EQ(*store->PeekSequence("serial"), 0);
  EXPECT_EQ(RawQuery("SELECT max(version) FROM schema_version"), "5");
  EXPECT_EQ(*store->CountAuditHashes(), 0);
}

TEST_F(SqliteStoreTransactTest, ReplacingARecordKeepsTheReplacedVersion) {
  auto store = OpenOrDie();
  WriteBatch first;
  first.records = {RecordWrite{"c1", "v1", "U", ""}};
  ASSERT_TRUE(store->Write(first).ok());
  WriteBatch second;
  second.records = {RecordWrite{"c1", "v2", "S", "(63) 1"}};
  ASSERT_TRUE(store->Write(second).ok());
  auto versions = store->RecordVersions("c1");
  ASSERT_TRUE(versions.ok());
  ASSERT_EQ(versions->size(), 1u);
  EXPECT_EQ((*versions)[0].payload, "v1");
  EXPECT_EQ((*versions)[0].version, 1);
  EXPECT_EQ((*store->GetRecord("c1"))->payload, "v2");
  EXPECT_EQ((*store->GetRecordMeta("c1"))->serial, "(63) 1");
}

TEST_F(SqliteStoreTransactTest, AProcessCrashWriteSkipsTheSyncAndTheNextWriteRestoresIt) {
  auto store = OpenOrDie(/*synchronous_full=*/true);
  WriteBatch relaxed;
  relaxed.meta = {{"k", "v"}};
  relaxed.durability = Durability::kProcessCrash;
  ASSERT_TRUE(store->Write(relaxed).ok());
  EXPECT_EQ(*Sqlite(*store).SynchronousForTesting(), 1);  // NORMAL: committed without fsync
  WriteBatch full;
  full.meta = {{"k2", "v2"}};
  ASSERT_TRUE(store->Write(full).ok());
  EXPECT_EQ(*Sqlite(*store).SynchronousForTesting(), 2);  // FULL again before its commit
  EXPECT_EQ(**store->GetMeta("k"), "v");
}

TEST_F(SqliteStoreTransactTest, ProcessCrashDurabilityKeepsNormalWhenNormalIsConfigured) {
  auto store = OpenOrDie(/*synchronous_full=*/false);
  WriteBatch batch;
  batch.durability = Durability::kProcessCrash;
  ASSERT_TRUE(store->Write(batch).ok());
  EXPECT_EQ(*Sqlite(*store).SynchronousForTesting(), 1);  // NORMAL
}

// Starts one Transact whose fn waits until `followers` more callers are queued behind it;
// follower i (0-based) runs follow(i), by default taking a serial.
void RunLeaderAndFollowers(internal::SqliteStore& store, size_t followers,
                           const std::function<void(size_t)>& follow = {}) {
  std::atomic<bool> leader_inside{false};
  std::thread leader([&] {
    EXPECT_TRUE(store
                    .Transact([&](Txn&) {
                      leader_inside = true;
                      while (store.QueuedForTesting() < followers) {
                        std::this_thread::sleep_for(std::chrono::milliseconds(1));
                      }
                      return Status::Ok();
                    })
                    .ok());
  });
  while (!leader_inside.load()) {
    std::this_thread::yield();
  }
  std::vector<std::thread> threads;
  threads.reserve(followers);
  for (size_t i = 0; i < followers; ++i) {
    threads.emplace_back([&, i] {
      if (follow) {
        follow(i);
        return;
      }
      int64_t value = 0;
      EXPECT_TRUE(store.Transact([&](Txn& txn) { return TakeSerial(txn, &value); }).ok());
    });
  }
  leader.join();
  for (std::thread& thread : threads) {
    thread.join();
  }
}

TEST_F(SqliteStoreTransactTest, CallersQueuedBehindARunningGroupCommitTogether) {
  auto store = OpenOrDie();
  RunLeaderAndFollowers(Sqlite(*store), /*followers=*/6);
  EXPECT_EQ(Sqlite(*store).GroupCommitsForTesting(), 2);
  EXPECT_EQ(*store->PeekSequence("serial"), 6);
  EXPECT_EQ(store->ListDocs(DocQuery{"acked", std::nullopt, "", "", 100})->size(), 6U);
}

// A read audit as Records writes it: one event, durable against a process crash only.
WriteBatch ReadAudit(int64_t i) {
  WriteBatch batch;
  const std::string id = "c" + std::to_string(i);
  batch.audit = {model::AuditEvent{0, i, "reader", "show", id, "allow", {id}, "", ""}};
  batch.durability = Durability::kProcessCrash;
  return batch;
}

TEST_F(SqliteStoreTransactTest, ReadAuditsQueuedBehindARunningGroupCommitTogether) {
  auto store = OpenOrDie();
  RunLeaderAndFollowers(Sqlite(*store), /*followers=*/6, [&store](size_t i) {
    EXPECT_TRUE(store->Write(ReadAudit(static_cast<int64_t>(i) + 1)).ok());
  });
  EXPECT_EQ(Sqlite(*store).GroupCommitsForTesting(), 2);  // the leader's, then the six audits
  auto events = store->ReadAudit(0, 100);
  ASSERT_TRUE(events.ok());
  audit::ChainVerifier verifier;
  for (const model::AuditEvent& event : *events) {
    EXPECT_TRUE(verifier.Add(event).ok());
  }
  EXPECT_EQ(verifier.size(), 6);
}

TEST_F(SqliteStoreTransactTest, CallersBeyondTheGroupCapAreServedByLaterGroups) {
  auto store = OpenOrDie();
  RunLeaderAndFollowers(Sqlite(*store), /*followers=*/300);
  EXPECT_EQ(Sqlite(*store).GroupCommitsForTesting(), 3);  // 1 + 256 + 44
  EXPECT_EQ(*store->PeekSequence("serial"), 300);
}

TEST_F(SqliteStoreTransactTest, CallingTheStoreFromACallbackIsAFailedPrecondition) {
  auto store = OpenOrDie();
  std::vector<Status> inner;
  Status outer = store->Transact([&](Txn&) {
    inner.push_back(store->Transact([](Txn&) { return Status::Ok(); }));
    inner.push_back(store->GetDoc("drafts", "d1").status());
    inner.push_back(store->GetRecord("c1").status());
    inner.push_back(store->Write(WriteBatch{}).status());
    return Status::Ok();
  });
  EXPECT_TRUE(outer.ok()) << outer.ToString();
  for (const Status& status : inner) {
    EXPECT_EQ(status.code(), StatusCode::kFailedPrecondition) << status.ToString();
  }
  EXPECT_EQ(inner.size(), 4U);
}

TEST_F(SqliteStoreTransactTest, AThrowingCallbackFailsAloneWithInternal) {
  auto store = OpenOrDie();
  Status thrown = store->Transact([](Txn& txn) -> Status {
    CHANCERY_RETURN_IF_ERROR(txn.NextSequence("serial").status());
    throw std::runtime_error("boom");
  });
  EXPECT_EQ(thrown.code(), StatusCode::kInternal);
  EXPECT_NE(thrown.message().find("boom"), std::string_view::npos);
  EXPECT_EQ(*store->PeekSequence("serial"), 0);
  int64_t value = 0;
  EXPECT_TRUE(store->Transact([&](Txn& txn) { return TakeSerial(txn, &value); }).ok());
  EXPECT_EQ(value, 1);
}

// The child: four threads of Transact calls, each acknowledged by writing the value taken to
// `ack_fd` once Transact returned OK. Never returns.
[[noreturn]] void RunAcknowledgingWriter(const std::string& path, int ack_fd) {
  StoreOptions options;
  options.path = path;
  options.synchronous_full = false;  // NORMAL must survive a process crash too
  auto store = OpenSqliteStore(options);
  if (!store.ok()) {
    _exit(2);
  }
  std::vector<std::thread> threads;
  threads.reserve(4);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 5000; ++i) {
        int64_t value = 0;
        if (!(*store)->Transact([&](Txn& txn) { return TakeSerial(txn, &value); }).ok() ||
            write(ack_fd, &value, sizeof value) != static_cast<ssize_t>(sizeof value)) {
          _exit(3);
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  _exit(0);
}

// Reads 8-byte values from `fd` until EOF (or, with `first_only`, one value); returns the
// largest, 0 if none.
int64_t ReadAcks(int fd, bool first_only) {
  int64_t largest = 0;
  int64_t value = 0;
  while (read(fd, &value, sizeof value) == static_cast<ssize_t>(sizeof value)) {
    largest = std::max(largest, value);
    if (first_only) {
      break;
    }
  }
  return largest;
}

// Runs one writer child, kills it `delay` after its first acknowledgement; returns the
// largest acknowledged value.
int64_t KillWriterAfter(const std::string& path, std::chrono::microseconds delay) {
  int fds[2];
  EXPECT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  if (child == 0) {
    close(fds[0]);
    RunAcknowledgingWriter(path, fds[1]);
  }
  close(fds[1]);
  int64_t acked = ReadAcks(fds[0], /*first_only=*/true);
  std::this_thread::sleep_for(delay);
  kill(child, SIGKILL);
  int wait_status = 0;
  EXPECT_EQ(waitpid(child, &wait_status, 0), child);
  acked = std::max(acked, ReadAcks(fds[0], /*first_only=*/false));
  close(fds[0]);
  return acked;
}

// Fails the test unless sequence "serial" is at least `acked` and docs ("acked", 1..value)
// exist for exactly its values.
void ExpectGaplessFrom(Store& store, int64_t acked) {
  const int64_t last = *store.PeekSequence("serial");
  EXPECT_GE(last, acked);
  auto docs = store.ListDocs(DocQuery{"acked", std::nullopt, "", "", 1000000});
  ASSERT_TRUE(docs.ok()) << docs.status().ToString();
  ASSERT_EQ(docs->size(), static_cast<size_t>(last));
  for (size_t i = 0; i < docs->size(); ++i) {
    ASSERT_EQ(std::stoll((*docs)[i].key), static_cast<long long>(i + 1));
  }
}

TEST_F(SqliteStoreTransactTest, AcknowledgedSerialsSurviveKillNineWithoutGaps) {
  std::mt19937_64 rng(testing::RandomSeed());
  for (int trial = 0; trial < 20; ++trial) {
    SCOPED_TRACE("trial " + std::to_string(trial));
    testing::TempDir dir(testing::FastTempParent());
    path_ = dir.File("chancery.db");
    OpenOrDie().reset();
    const int64_t acked = KillWriterAfter(path_, std::chrono::microseconds(rng() % 30000));
    ASSERT_GT(acked, 0);
    ExpectGaplessFrom(*OpenOrDie(), acked);
  }
}

}  // namespace
}  // namespace chancery::store
