// SQLite-specific store behaviour: file handling, schema versions, durability across kill -9,
// several processes on one file, the ids column codec, and tampering seen through raw SQLite.
#include "store/sqlite/sqlite_store.h"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"
#include "chancery/store/store.h"

#include "support/temp_dir.h"

namespace chancery::store {
namespace {

class SqliteStoreTest : public ::testing::Test {
 protected:
  StoreOptions Options(bool create = true) const {
    StoreOptions options;
    options.path = path_;
    options.create_if_missing = create;
    options.audit_hash = audit::HashEvent;
    options.audit_tree = audit::StoredHashesForEvent;
    return options;
  }

  std::unique_ptr<Store> OpenOrDie() {
    auto store = OpenSqliteStore(Options());
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  // Runs `sql` on the database file through a raw SQLite connection.
  void RawSql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
    char* error = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK) << error;
    sqlite3_free(error);
    sqlite3_close(db);
  }

  // Writes `count` batches of one record and one audit event each.
  static void WriteMany(Store& store, const std::string& prefix, int count) {
    for (int i = 0; i < count; ++i) {
      WriteBatch batch;
      const std::string id = prefix + std::to_string(i);
      batch.records = {RecordWrite{id, "{}", "U", ""}};
      batch.audit = {model::AuditEvent{0, i, prefix, "import", id, "ok", {id}, "", ""}};
      ASSERT_TRUE(store.Write(std::move(batch)).ok());
    }
  }

  // 0 when the stored audit log verifies, else the position of the first bad entry.
  static int64_t VerifyAudit(Store& store) {
    audit::ChainVerifier verifier;
    auto events = store.ReadAudit(0, SIZE_MAX);
    EXPECT_TRUE(events.ok()) << events.status().ToString();
    for (const model::AuditEvent& event : *events) {
      if (!verifier.Add(event).ok()) {
        return verifier.size() + 1;
      }
    }
    return 0;
  }

  testing::TempDir dir_;
  std::string path_ = dir_.File("chancery.db");
};

TEST_F(SqliteStoreTest, AnEmptyPathIsInvalid) {
  StoreOptions options = Options();
  options.path.clear();
  EXPECT_EQ(OpenSqliteStore(options).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, AMissingFileIsNotFoundAndNamesThePath) {
  auto store = OpenSqliteStore(Options(/*create=*/false));
  EXPECT_EQ(store.status().code(), StatusCode::kNotFound);
  EXPECT_NE(store.status().message().find(path_), std::string_view::npos);
}

TEST_F(SqliteStoreTest, AFileThatIsNotADatabaseIsCorruption) {
  testing::WriteFileOrDie(path_, std::string(4096, 'x'));
  EXPECT_EQ(OpenSqliteStore(Options()).status().code(), StatusCode::kCorruption);
}

TEST_F(SqliteStoreTest, ADatabaseOfAnotherApplicationIsCorruption) {
  RawSql("CREATE TABLE accounts(id INTEGER PRIMARY KEY)");
  EXPECT_EQ(OpenSqliteStore(Options()).status().code(), StatusCode::kCorruption);
}

TEST_F(SqliteStoreTest, ANewerSchemaIsCorruption) {
  OpenOrDie().reset();
  RawSql("INSERT INTO schema_version(version, applied_micros) VALUES(999, 0)");
  auto store = OpenSqliteStore(Options());
  EXPECT_EQ(store.status().code(), StatusCode::kCorruption);
  EXPECT_NE(store.status().message().find("999"), std::string_view::npos);
}

TEST_F(SqliteStoreTest, TheStoreIsInWalModeAtTheLatestSchema) {
  auto store = OpenOrDie();
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path_.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &stmt, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)), "wal");
  sqlite3_finalize(stmt);
  sqlite3_close(db);
}

TEST_F(SqliteStoreTest, AuditEventsWithoutAHashFunctionAreInvalid) {
  StoreOptions options = Options();
  options.audit_hash = nullptr;
  auto store = OpenSqliteStore(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  WriteBatch batch;
  batch.audit = {model::AuditEvent{}};
  EXPECT_EQ((*store)->Write(batch).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteStoreTest, AcknowledgedWritesSurviveKillNine) {
  OpenOrDie().reset();
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    StoreOptions options = Options();
    options.synchronous_full = false;  // the weaker setting must still survive a process crash
    auto store = OpenSqliteStore(options);
    WriteMany(**store, "k", 25);
    raise(SIGKILL);
  }
  int wait_status = 0;
  ASSERT_EQ(waitpid(child, &wait_status, 0), child);
  ASSERT_TRUE(WIFSIGNALED(wait_status));
  auto store = OpenOrDie();
  EXPECT_EQ(*store->CountRecords(), 25);
  EXPECT_EQ(VerifyAudit(*store), 0);
}

TEST_F(SqliteStoreTest, SeveralProcessesShareOneFileWithoutLoss) {
  OpenOrDie().reset();
  std::vector<pid_t> children;
  for (int p = 0; p < 3; ++p) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      auto store = OpenSqliteStore(Options());
      WriteMany(**store, "p" + std::to_string(p) + "-", 30);
      _exit(::testing::Test::HasFailure() ? 1 : 0);
    }
    children.push_back(child);
  }
  for (pid_t child : children) {
    int wait_status = 0;
    ASSERT_EQ(waitpid(child, &wait_status, 0), child);
    EXPECT_TRUE(WIFEXITED(wait_status) && WEXITSTATUS(wait_status) == 0);
  }
  auto store = OpenOrDie();
  EXPECT_EQ(*store->CountRecords(), 90);
  EXPECT_EQ(store->ReadAudit(0, SIZE_MAX)->size(), 90U);
  EXPECT_EQ(VerifyAudit(*store), 0);
}

TEST_F(SqliteStoreTest, ATamperedAuditRowFailsVerificationAtThatEntry) {
  auto store = OpenOrDie();
  WriteMany(*store, "c", 5);
  ASSERT_EQ(VerifyAudit(*store), 0);
  RawSql("UPDATE audit SET actor = 'mallory' WHERE seq = 3");
  EXPECT_EQ(VerifyAudit(*store), 3);
}

TEST_F(SqliteStoreTest, ADeletedAuditRowFailsVerificationWhereTheGapIs) {
  auto store = OpenOrDie();
  WriteMany(*store, "c", 5);
  RawSql("DELETE FROM audit WHERE seq = 2");
  EXPECT_EQ(VerifyAudit(*store), 2);
}

TEST(IdsCodec, RoundTripsIdsContainingDigitsAndColons) {
  const std::vector<std::string> ids = {"1975STATE000001", "", "a:b", "12:x"};
  std::vector<std::string> decoded;
  ASSERT_TRUE(internal::DecodeIds(internal::EncodeIds(ids), &decoded));
  EXPECT_EQ(decoded, ids);
  EXPECT_EQ(internal::EncodeIds({"ab", "c"}), "2:ab1:c");
}

TEST(IdsCodec, RejectsMalformedEncodings) {
  std::vector<std::string> ids;
  EXPECT_FALSE(internal::DecodeIds("3:ab", &ids));
  EXPECT_FALSE(internal::DecodeIds(":ab", &ids));
  EXPECT_FALSE(internal::DecodeIds("x:ab", &ids));
  EXPECT_FALSE(internal::DecodeIds("99999999999999999999999:a", &ids));
  EXPECT_TRUE(internal::DecodeIds("", &ids));
  EXPECT_TRUE(ids.empty());
}

}  // namespace
}  // namespace chancery::store
