// Sessions and login failures kept in the store (sessions.h, login_limiter.h): idle and absolute
// expiry, last_seen written at most once per touch interval, sign-out seen through another handle
// on the same store file (another process), and failures counted from several threads and
// handles without a lost update.
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/store/store.h"

#include "login_limiter.h"
#include "sessions.h"
#include "support/temp_dir.h"

namespace chancery::testing {
namespace {

constexpr int64_t kSecond = 1000000;
constexpr int64_t kMinute = 60 * kSecond;

std::unique_ptr<store::Store> OpenStore(const std::string& path) {
  store::StoreOptions options;
  options.path = path;
  options.create_if_missing = true;
  options.synchronous_full = false;
  auto opened = store::OpenSqliteStore(options);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  return std::move(opened).value();
}

store::DocQuery Query(const std::string& collection) {
  store::DocQuery query;
  query.collection = collection;
  return query;
}

// Forwards to a store, except that once armed, a GetDoc of a session is followed by a sign-out
// on "another node" (a delete through the same store) before the caller sees the row: the race
// between a lookup's last_seen write and a sign-out elsewhere, made deterministic.
class SignOutAfterRead : public store::Store {
 public:
  explicit SignOutAfterRead(store::Store& inner) : inner_(inner) {}

  bool armed = false;

  Result<std::optional<store::DocRow>> GetDoc(std::string_view collection,
                                              std::string_view key) override {
    auto row = inner_.GetDoc(collection, key);
    if (armed && collection == "auth.session") {
      armed = false;
      const std::string k(key);
      EXPECT_TRUE(
          inner_.Transact([&](store::Txn& txn) { return txn.DeleteDoc("auth.session", k); }).ok());
    }
    return row;
  }

  Status Transact(const std::function<Status(store::Txn&)>& fn) override {
    return inner_.Transact(fn);
  }

  Result<std::vector<store::DocRow>> ListDocs(const store::DocQuery& q) override {
    return inner_.ListDocs(q);
  }

  Result<store::WriteResult> Write(store::WriteBatch b) override {
    return inner_.Write(std::move(b));
  }

  Result<int64_t> PeekSequence(std::string_view n) override { return inner_.PeekSequence(n); }

  Result<int64_t> CountDocs(const store::DocQuery& q, std::string_view until) override {
    return inner_.CountDocs(q, until);
  }

  Result<std::optional<store::StoredRecord>> GetRecord(std::string_view id) override {
    return inner_.GetRecord(id);
  }

  Result<std::optional<store::RecordMeta>> GetRecordMeta(std::string_view id) override {
    return inner_.GetRecordMeta(id);
  }

  Result<std::vector<store::RecordMeta>> GetRecordMetasBySerial(std::string_view serial,
                                                                size_t limit) override {
    return inner_.GetRecordMetasBySerial(serial, limit);
  }

  Status ScanRecordMetas(std::string_view after, size_t limit,
                         const std::function<Status(const store::RecordMeta&)>& fn) override {
    return inner_.ScanRecordMetas(after, limit, fn);
  }

  Result<std::vector<store::StoredRecord>> RecordVersions(std::string_view id) override {
    return inner_.RecordVersions(id);
  }

  Result<std::vector<std::pair<int64_t, int64_t>>> CountRecordsByClass() override {
    return inner_.CountRecordsByClass();
  }

  Result<std::vector<store::StoredRecord>> GetRecordsBySerial(std::string_view serial,
                                                              size_t limit) override {
    return inner_.GetRecordsBySerial(serial, limit);
  }

  Status ScanRecords(std::string_view after, size_t limit,
                     const std::function<Status(const store::StoredRecord&)>& fn) override {
    return inner_.ScanRecords(after, limit, fn);
  }

  Result<int64_t> CountRecords() override { return inner_.CountRecords(); }

  Result<std::vector<store::AccessClassRow>> AccessClassesAfter(int64_t after) override {
    return inner_.AccessClassesAfter(after);
  }

  Result<std::vector<store::Change>> ChangesSince(int64_t after, size_t limit) override {
    return inner_.ChangesSince(after, limit);
  }

  Result<int64_t> LastChangeSeq() override { return inner_.LastChangeSeq(); }

  Result<std::optional<store::UserRow>> GetUser(std::string_view name) override {
    return inner_.GetUser(name);
  }

  Result<std::vector<store::UserRow>> ListUsers() override { return inner_.ListUsers(); }

  Result<std::optional<std::string>> GetMeta(std::string_view key) override {
    return inner_.GetMeta(key);
  }

  Result<std::vector<model::AuditEvent>> ReadAudit(int64_t after, size_t limit) override {
    return inner_.ReadAudit(after, limit);
  }

  Result<std::vector<std::string>> ReadAuditHashes(const std::vector<int64_t>& i) override {
    return inner_.ReadAuditHashes(i);
  }

  Result<int64_t> CountAuditHashes() override { return inner_.CountAuditHashes(); }

  Result<std::optional<store::CheckpointRow>> LatestCheckpoint() override {
    return inner_.LatestCheckpoint();
  }

  Result<std::vector<store::CheckpointRow>> ListCheckpoints(int64_t after, size_t limit) override {
    return inner_.ListCheckpoints(after, limit);
  }

  Result<std::vector<store::AuditSegmentRow>> ListAuditSegments() override {
    return inner_.ListAuditSegments();
  }

  Result<std::pair<int64_t, std::string>> AuditHead() override { return inner_.AuditHead(); }

 private:
  store::Store& inner_;
};

class SessionStore : public ::testing::Test {
 protected:
  std::string SignIn(server::SessionTable& table, const std::string& user = "drafter") {
    server::Session session;
    auto token = table.Create(user, 1, &session);
    EXPECT_TRUE(token.ok()) << token.status().ToString();
    return token.ok() ? *token : "";
  }

  bool Live(server::SessionTable& table, const std::string& token) {
    auto session = table.Lookup(token);
    EXPECT_TRUE(session.ok()) << session.status().ToString();
    return session.ok() && session->has_value();
  }

  // The version of the one stored session (it counts the writes); -1 when there is none.
  int64_t Writes() {
    auto rows = store_->ListDocs(Query("auth.session"));
    return rows.ok() && rows->size() == 1 ? (*rows)[0].version : -1;
  }

  TempDir dir_{FastTempParent()};
  std::unique_ptr<store::Store> store_ = OpenStore(dir_.File("store.db"));
  FakeClock clock_{1'800'000'000 * kSecond};
  server::SessionTable table_{*store_, &clock_, server::SessionLimits{}};
};

TEST_F(SessionStore, TheTokenItselfIsNotStored) {
  const std::string token = SignIn(table_);
  auto rows = store_->ListDocs(Query("auth.session"));
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ((*rows)[0].body.find(token), std::string::npos);
  EXPECT_NE((*rows)[0].key, token);
  EXPECT_EQ((*rows)[0].group, "drafter");
}

TEST_F(SessionStore, IdleSessionEndsAndIsDeleted) {
  const std::string token = SignIn(table_);
  clock_.Advance(30 * kMinute + 1);
  EXPECT_FALSE(Live(table_, token));
  EXPECT_EQ(Writes(), -1);  // gone from the store
}

TEST_F(SessionStore, RequestsKeepTheSessionAliveUntilItsAbsoluteLifetime) {
  const std::string token = SignIn(table_);
  for (int i = 0; i < 12 * 3; ++i) {  // a request every 20 minutes for 12 hours
    clock_.Advance(20 * kMinute);
    ASSERT_TRUE(Live(table_, token)) << i;
  }
  clock_.Advance(20 * kMinute);
  EXPECT_FALSE(Live(table_, token));
}

TEST_F(SessionStore, LastSeenIsWrittenAtMostOncePerTouchInterval) {
  const std::string token = SignIn(table_);
  for (int i = 0; i < 59; ++i) {  // a request a second: reads only
    clock_.Advance(kSecond);
    ASSERT_TRUE(Live(table_, token));
  }
  EXPECT_EQ(Writes(), 1);
  clock_.Advance(kSecond);  // last_seen is now 60 s old
  ASSERT_TRUE(Live(table_, token));
  EXPECT_EQ(Writes(), 2);
  clock_.Advance(kSecond);
  ASSERT_TRUE(Live(table_, token));
  EXPECT_EQ(Writes(), 2);
}

TEST_F(SessionStore, IdleTimeoutIsPreciseToTheTouchInterval) {
  const std::string token = SignIn(table_);
  clock_.Advance(59 * kSecond);
  ASSERT_TRUE(Live(table_, token));  // not written: last_seen stays at sign-in
  clock_.Advance(30 * kMinute - 59 * kSecond + 1);
  EXPECT_FALSE(Live(table_, token));  // 30 min after the stored last_seen, 29:01 after the request
}

TEST_F(SessionStore, SignOutThroughAnotherHandleOnTheSameFileIsSeenAtOnce) {
  auto other_store = OpenStore(dir_.File("store.db"));  // what another chanceryd node opens
  server::SessionTable other(*other_store, &clock_, server::SessionLimits{});
  const std::string token = SignIn(table_);
  ASSERT_TRUE(Live(other, token));
  ASSERT_TRUE(other.Remove(token).ok());
  EXPECT_FALSE(Live(table_, token));
}

TEST_F(SessionStore, ALastSeenWriteNeverBringsBackASessionSignedOutMeanwhile) {
  SignOutAfterRead racing(*store_);
  server::SessionTable table(racing, &clock_, server::SessionLimits{});
  const std::string token = SignIn(table);
  clock_.Advance(2 * kMinute);  // the lookup will write last_seen
  racing.armed = true;          // ... after a sign-out between its read and its write
  EXPECT_FALSE(Live(table, token));
  EXPECT_EQ(Writes(), -1);  // still gone
}

TEST_F(SessionStore, RemoveUserEndsEverySessionOfThatUserOnly) {
  const std::string a = SignIn(table_), b = SignIn(table_), wu = SignIn(table_, "wu");
  auto removed = table_.RemoveUser("drafter");
  ASSERT_TRUE(removed.ok());
  EXPECT_EQ(*removed, 2u);
  EXPECT_FALSE(Live(table_, a));
  EXPECT_FALSE(Live(table_, b));
  EXPECT_TRUE(Live(table_, wu));
}

TEST_F(SessionStore, SweepDeletesOnlyExpiredSessions) {
  (void)SignIn(table_);
  clock_.Advance(20 * kMinute);
  const std::string fresh = SignIn(table_);
  clock_.Advance(11 * kMinute);
  auto swept = table_.SweepExpired();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1u);
  EXPECT_TRUE(Live(table_, fresh));
}

TEST_F(SessionStore, SignInSweepsAtMostOncePerSweepInterval) {
  (void)SignIn(table_);  // the first sign-in of a process sweeps (nothing yet)
  clock_.Advance(31 * kMinute);
  (void)SignIn(table_);  // 31 min after the last sweep: sweeps the first session
  EXPECT_EQ(store_->ListDocs(Query("auth.session"))->size(), 1u);
  clock_.Advance(31 * kMinute);
  (void)SignIn(table_);  // sweeps the second
  EXPECT_EQ(store_->ListDocs(Query("auth.session"))->size(), 1u);
  clock_.Advance(5 * kMinute);
  server::SessionLimits rare;
  rare.idle_micros = kMinute;
  server::SessionTable table(*store_, &clock_, rare);
  (void)SignIn(table);  // a new table sweeps at once: the 5-minute-old session has idled out
  clock_.Advance(2 * kMinute);
  (void)SignIn(table);  // 2 min later: no sweep, both idle sessions stay until looked up
  EXPECT_EQ(store_->ListDocs(Query("auth.session"))->size(), 2u);
}

TEST_F(SessionStore, UnknownEmptyAndOverlongTokensAreNoSession) {
  EXPECT_FALSE(Live(table_, "nope"));
  EXPECT_FALSE(Live(table_, ""));
  EXPECT_FALSE(Live(table_, std::string(300, 'a')));
}

class LoginLimiterStore : public ::testing::Test {
 protected:
  int64_t RetryAfter(server::LoginLimiter& limiter, const std::string& key) {
    auto retry = limiter.RetryAfterSeconds({key});
    EXPECT_TRUE(retry.ok()) << retry.status().ToString();
    return retry.ok() ? *retry : -1;
  }

  TempDir dir_{FastTempParent()};
  std::unique_ptr<store::Store> store_ = OpenStore(dir_.File("store.db"));
  FakeClock clock_{1'800'000'000 * kSecond};
};

TEST_F(LoginLimiterStore, LimitReachedThenRetryAfterTheOldestFailureLeavesTheWindow) {
  server::LoginLimiter limiter(*store_, &clock_, 3, kMinute);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(RetryAfter(limiter, "user:drafter"), 0);
    ASSERT_TRUE(limiter.RecordFailure({"user:drafter"}).ok());
    clock_.Advance(10 * kSecond);
  }
  EXPECT_EQ(RetryAfter(limiter, "user:drafter"), 30);  // the first failure is 30 s old
  clock_.Advance(30 * kSecond);
  EXPECT_EQ(RetryAfter(limiter, "user:drafter"), 0);
}

TEST_F(LoginLimiterStore, ResetForgetsTheKey) {
  server::LoginLimiter limiter(*store_, &clock_, 1, kMinute);
  ASSERT_TRUE(limiter.RecordFailure({"user:drafter"}).ok());
  ASSERT_GT(RetryAfter(limiter, "user:drafter"), 0);
  ASSERT_TRUE(limiter.Reset("user:drafter").ok());
  EXPECT_EQ(RetryAfter(limiter, "user:drafter"), 0);
}

TEST_F(LoginLimiterStore, AnOverlongKeyIsCountedUnderItsDigest) {
  server::LoginLimiter limiter(*store_, &clock_, 1, kMinute);
  const std::string key = "user:" + std::string(5000, 'x');
  ASSERT_TRUE(limiter.RecordFailure({key}).ok());
  EXPECT_GT(RetryAfter(limiter, key), 0);
  EXPECT_EQ(RetryAfter(limiter, "user:" + std::string(4999, 'x')), 0);
}

TEST_F(LoginLimiterStore, SweepDeletesKeysWhoseFailuresLeftTheWindow) {
  server::LoginLimiter limiter(*store_, &clock_, 5, kMinute);
  ASSERT_TRUE(limiter.RecordFailure({"ip:10.0.0.1"}).ok());
  clock_.Advance(kMinute - kSecond);
  ASSERT_TRUE(limiter.RecordFailure({"ip:10.0.0.2"}).ok());
  clock_.Advance(kSecond);
  auto swept = limiter.SweepStale();
  ASSERT_TRUE(swept.ok());
  EXPECT_EQ(*swept, 1u);
  EXPECT_EQ(store_->ListDocs(Query("auth.login_failures"))->size(), 1u);
}

// Two handles on one file (two nodes), four threads each, every failure recorded at once: none
// is lost (each one is a read and a version-checked write, retried on kConflict).
TEST_F(LoginLimiterStore, ConcurrentFailuresFromSeveralNodesAreAllCounted) {
  auto other_store = OpenStore(dir_.File("store.db"));
  server::LoginLimiter a(*store_, &clock_, 1000, 10 * kMinute);
  server::LoginLimiter b(*other_store, &clock_, 1000, 10 * kMinute);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        clock_.Advance(1);  // distinct times, as real failures have
        const Status recorded = (t % 2 == 0 ? a : b).RecordFailure({"user:drafter", "ip:x"});
        EXPECT_TRUE(recorded.ok()) << recorded.ToString();
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  auto row = store_->GetDoc("auth.login_failures", "user:drafter");
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->version, 200);
  server::LoginLimiter limit_200(*store_, &clock_, 200, 10 * kMinute);
  server::LoginLimiter limit_201(*store_, &clock_, 201, 10 * kMinute);
  EXPECT_GT(RetryAfter(limit_200, "ip:x"), 0);
  EXPECT_EQ(RetryAfter(limit_201, "ip:x"), 0);
}

}  // namespace
}  // namespace chancery::testing
