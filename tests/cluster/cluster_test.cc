// Issue 16 §2: three chanceryd nodes on one PostgreSQL store (docs/cluster.md). Whatever is
// written through one node is searchable and readable on the others; a clearance lowered on one
// is enforced on the others at once; kill -9 of a node loses nothing it acknowledged; writers
// that must wait for the store's write lock wait and skip nothing; a node's index is rebuilt
// from PostgreSQL alone.
#include <atomic>
#include <chrono>
#include <future>
#include <mutex>
#include <set>
#include <thread>

#include <gtest/gtest.h>
#include <libpq-fe.h>

#include "cluster/cluster_fixture.h"
#include "store/postgres/pg_store.h"
#include "support/pg_test.h"

namespace chancery::testing {
namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Polls `found` until it holds or `limit` seconds pass; the seconds it took, or -1.
template <typename F>
double SecondsUntil(F found, double limit = 5.0) {
  const Clock::time_point start = Clock::now();
  while (SecondsSince(start) < limit) {
    if (found()) {
      return SecondsSince(start);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return -1;
}

// A write transaction held open in PostgreSQL by "another writer": BEGIN, then the store's
// write lock (pg_store.h kWriteLockSql), until Rollback().
class WriteLockHolder {
 public:
  explicit WriteLockHolder(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    Exec("BEGIN");
    Exec(store::internal::kWriteLockSql);
  }

  ~WriteLockHolder() { PQfinish(conn_); }

  WriteLockHolder(const WriteLockHolder&) = delete;
  WriteLockHolder& operator=(const WriteLockHolder&) = delete;

  void Rollback() { Exec("ROLLBACK"); }

 private:
  void Exec(const char* sql) {
    PGresult* result = PQexec(conn_, sql);
    const ExecStatusType status = PQresultStatus(result);
    EXPECT_TRUE(status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) << PQerrorMessage(conn_);
    PQclear(result);
  }

  PGconn* conn_;
};

// 1, 2, ..., n: no value skipped or repeated.
std::vector<int64_t> OneTo(size_t n) {
  std::vector<int64_t> out;
  for (size_t i = 1; i <= n; ++i) {
    out.push_back(static_cast<int64_t>(i));
  }
  return out;
}

TEST_F(ClusterTest, RecordsImportedThroughAAreSearchableAndReadableOnBAndC) {
  ASSERT_EQ(
      ImportThrough(kA, {Record("imp-1", "lighthouse"), Record("imp-2", "lighthouse", "SECRET")}),
      200);
  for (Node node : {kB, kC}) {
    EXPECT_TRUE(Finds(node, "root", "lighthouse", "imp-1")) << node;
    EXPECT_TRUE(Finds(node, "root", "lighthouse", "imp-2")) << node;
    EXPECT_EQ(HttpStatus(Get(node, "reader", "/api/records/imp-2")), 200) << node;
  }
}

TEST_F(ClusterTest, CablesReleasedThroughAAreSearchableAndReadableOnBAndC) {
  const std::string cable = ReleaseThrough(kA, "Lighthouse");
  ASSERT_FALSE(cable.empty());
  for (Node node : {kB, kC}) {
    EXPECT_TRUE(Finds(node, "releaser", "lighthouse", cable)) << node;
    EXPECT_EQ(HttpStatus(Get(node, "releaser", "/api/records/" + cable)), 200) << node;
    EXPECT_EQ(Json(Get(node, "releaser", "/api/desk/cables/" + cable + "/verify"))["verified"],
              true);
  }
}

// Index lag = from a write's acknowledgement by A until a search on B (or C) finds what it
// wrote; B and C are polled at once. The issue's target is p99 <= 1 s; the figures go to the test
// log (docs/cluster.md "Index lag").
class ClusterLag : public ClusterTest {
 protected:
  // Call right after the acknowledgement: adds B's and C's lag for `id` (found by `word`).
  void MeasureLag(const std::string& user, const std::string& word, const std::string& id) {
    auto lag = [&](Node node) {
      return std::async(std::launch::async, [&, node] {
        return SecondsUntil([&] { return Finds(node, user, word, id); });
      });
    };
    auto on_b = lag(kB);
    auto on_c = lag(kC);
    const double b = on_b.get();
    const double c = on_c.get();
    EXPECT_GE(b, 0) << id << " never found on B";
    EXPECT_GE(c, 0) << id << " never found on C";
    lags_.push_back(b < 0 ? 1e9 : b);
    lags_.push_back(c < 0 ? 1e9 : c);
  }

  // Prints p50, p99 and the maximum, and returns p99 in seconds.
  double Report(const char* what) {
    const double p50 = Percentile(lags_, 50);
    const double p99 = Percentile(lags_, 99);
    std::printf("index lag, %s, %zu samples (B and C): p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
                what, lags_.size(), p50 * 1e3, p99 * 1e3, Percentile(lags_, 100) * 1e3);
    RecordProperty("lag_p50_ms", std::to_string(p50 * 1e3));
    RecordProperty("lag_p99_ms", std::to_string(p99 * 1e3));
    return p99;
  }

 private:
  std::vector<double> lags_;
};

TEST_F(ClusterLag, ReleasesThroughAReachBAndCWithP99UnderOneSecond) {
  for (int i = 0; i < 20; ++i) {
    const std::string word = "lagmark" + std::to_string(i);
    auto released = Release(kA, ApprovedDraft(kA, word));
    ASSERT_EQ(HttpStatus(released), 201) << Body(released);
    MeasureLag("releaser", word, Json(released)["cable_id"]);
  }
  EXPECT_LE(Report("one release at a time"), 1.0);
}

// The same, for records imported through A while two clients import through B and one releases
// through A without pause. (B's searches during its own imports once lost records from B's index:
// records_import.cc IndexImported.)
TEST_F(ClusterLag, ImportsThroughAReachBAndCWithP99UnderOneSecondUnderAWriteLoad) {
  std::vector<std::string> drafts;
  for (int i = 0; i < 8; ++i) {
    drafts.push_back(ApprovedDraft(kA, "Ballast " + std::to_string(i)));
  }
  std::atomic<bool> stop{false};
  std::vector<std::thread> load;
  for (int t = 0; t < 2; ++t) {
    load.emplace_back([&, t] {
      for (int i = 0; !stop; ++i) {
        (void)ImportThrough(
            kB, {Record("load" + std::to_string(t) + "-" + std::to_string(i), "ballast")});
      }
    });
  }
  load.emplace_back([&] {
    for (size_t i = 0; i < drafts.size() && !stop; ++i) {
      (void)Release(kA, drafts[i]);
    }
  });
  for (int i = 0; i < 20; ++i) {
    const std::string word = "loadmark" + std::to_string(i);
    ASSERT_EQ(ImportThrough(kA, {Record("mark-" + std::to_string(i), word, "SECRET")}), 200);
    MeasureLag("root", word, "mark-" + std::to_string(i));
  }
  stop = true;
  for (std::thread& thread : load) {
    thread.join();
  }
  EXPECT_LE(Report("under an import and release load"), 1.0);
}

TEST_F(ClusterTest, ClearanceLoweredOnAIsRefusedOnBAndCWithinOneSecond) {
  for (Node node : {kB, kC}) {
    ASSERT_EQ(HttpStatus(Get(node, "reader", "/api/records/sec-1")), 200);
  }
  auto lowered = Post(kA, "root", "/api/users",
                      R"({"name":"reader","clearance":{"level":"CONFIDENTIAL","groups":["PRC"]}})");
  ASSERT_EQ(HttpStatus(lowered), 201) << Body(lowered);
  auto refused = [&](Node node) {
    return std::async(std::launch::async, [&, node] {
      return SecondsUntil(
          [&] { return HttpStatus(Get(node, "reader", "/api/records/sec-1")) == 404; });
    });
  };
  auto on_b = refused(kB);
  auto on_c = refused(kC);
  const double b = on_b.get();
  const double c = on_c.get();
  EXPECT_TRUE(b >= 0 && b <= 1.0) << b;
  EXPECT_TRUE(c >= 0 && c <= 1.0) << c;
  EXPECT_FALSE(Finds(kB, "reader", "harbour", "sec-1"));
  EXPECT_FALSE(Finds(kC, "reader", "harbour", "sec-1"));
}

// A load balancer's probes: /readyz answers 200 on every node while PostgreSQL answers, 503
// naming the store (and nothing of its error: the URL names the host) while the database refuses
// connections, and 200 again once it accepts them; /healthz answers 200 throughout.
TEST_F(ClusterTest, ReadinessFollowsTheStoreAndLivenessDoesNot) {
  for (Node node : {kA, kB, kC}) {
    auto ready = Get(node, "", "/readyz");
    EXPECT_EQ(HttpStatus(ready), 200) << Body(ready);
    EXPECT_EQ(Json(ready).value("status", ""), "ready") << Body(ready);
  }
  const std::string db = "\"" + database() + "\"";
  const std::string admin = PgUrlFor(base_url(), "postgres");
  Result<std::string> refused = PgQuery(admin, "ALTER DATABASE " + db + " ALLOW_CONNECTIONS false");
  ASSERT_TRUE(refused.ok()) << refused.status().ToString();
  Result<std::string> cut = PgQuery(admin,
                                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                                    "WHERE datname = '" +
                                        database() + "'");
  ASSERT_TRUE(cut.ok()) << cut.status().ToString();
  for (Node node : {kA, kB, kC}) {
    auto down = Get(node, "", "/readyz");
    EXPECT_EQ(HttpStatus(down), 503) << Body(down);
    EXPECT_EQ(Json(down).value("failing", ""), "store") << Body(down);
    EXPECT_EQ(Body(down).find("127.0.0.1"), std::string::npos) << Body(down);
    EXPECT_EQ(Body(down).find(database()), std::string::npos) << Body(down);
    EXPECT_EQ(HttpStatus(Get(node, "", "/healthz")), 200);
  }
  Result<std::string> allowed = PgQuery(admin, "ALTER DATABASE " + db + " ALLOW_CONNECTIONS true");
  ASSERT_TRUE(allowed.ok()) << allowed.status().ToString();
  for (Node node : {kA, kB, kC}) {
    EXPECT_GE(SecondsUntil([&] { return HttpStatus(Get(node, "", "/readyz")) == 200; }), 0);
  }
  EXPECT_TRUE(Finds(kB, "reader", "harbour", "sec-1"));
}

// Four clients release through A; A is killed -9 after the third acknowledgement. Read through
// B: every acknowledged release is there, and the committed serials are 1..n.
TEST_F(ClusterTest, KillNineOfAMidReleasesLosesNoAcknowledgedReleaseAndSkipsNoSerial) {
  constexpr int kDrafts = 16;
  constexpr int kClients = 4;
  std::vector<std::string> drafts;
  for (int i = 0; i < kDrafts; ++i) {
    drafts.push_back(ApprovedDraft(kB, "Circular " + std::to_string(i)));
  }
  std::mutex mu;
  std::set<std::string> acknowledged;
  std::vector<std::thread> clients;
  for (int t = 0; t < kClients; ++t) {
    clients.emplace_back([&, t] {
      for (int i = t; i < kDrafts; i += kClients) {
        httplib::Result r = Release(kA, drafts[static_cast<size_t>(i)]);
        if (r && r->status == 201) {
          std::lock_guard<std::mutex> lock(mu);
          acknowledged.insert(Json(r)["cable_id"].get<std::string>());
        }
      }
    });
  }
  SecondsUntil([&] {
    std::lock_guard<std::mutex> lock(mu);
    return acknowledged.size() >= 3;
  });
  Kill(kA);
  for (std::thread& client : clients) {
    client.join();
  }
  std::set<std::string> committed;
  std::vector<int64_t> numbers;
  std::vector<std::string> unreleased;
  for (const std::string& draft : drafts) {
    const nlohmann::json d = Json(Get(kB, "releaser", "/api/desk/drafts/" + draft));
    if (d["released_cable_id"].is_string()) {
      const std::string cable = d["released_cable_id"];
      committed.insert(cable);
      numbers.push_back(
          Json(Get(kB, "releaser", "/api/desk/cables/" + cable + "/release"))["number"]);
      EXPECT_TRUE(Finds(kB, "releaser", "circular", cable)) << cable;
      EXPECT_EQ(HttpStatus(Release(kB, draft)), 409) << "released twice: " << draft;
    } else {
      unreleased.push_back(draft);
    }
  }
  std::printf("acknowledged %zu, committed %zu of %d releases before the kill\n",
              acknowledged.size(), committed.size(), kDrafts);
  for (const std::string& cable : acknowledged) {
    EXPECT_TRUE(committed.count(cable)) << "acknowledged but lost: " << cable;
  }
  std::sort(numbers.begin(), numbers.end());
  EXPECT_EQ(numbers, OneTo(committed.size()));
  // The next release, through B, takes the next serial: none was taken and lost.
  ASSERT_FALSE(unreleased.empty()) << "the kill came after the last release";
  auto next = Release(kB, unreleased.front());
  ASSERT_EQ(HttpStatus(next), 201) << Body(next);
  EXPECT_EQ(Json(next)["number"], committed.size() + 1);
  Start(kA);
  EXPECT_EQ(HttpStatus(Get(kA, "root", "/healthz")), 200);
  ASSERT_FALSE(acknowledged.empty());
  EXPECT_TRUE(Finds(kA, "releaser", "circular", *acknowledged.begin()));
}

// The adversary holds the store's write lock in an open transaction. Imports and releases
// through A and B wait (none answers, none fails); after its rollback all of them commit, every
// record is found on A, B and C, and the change log has no gap.
TEST_F(ClusterTest, WritersOnAAndBWaitBehindAnOpenWriteTransactionAndNothingIsSkipped) {
  const std::string draft_a = ApprovedDraft(kA, "Blocked");
  const std::string draft_b = ApprovedDraft(kB, "Blocked");
  WriteLockHolder holder(url());
  std::atomic<int> answered{0};
  std::atomic<int> succeeded{0};
  std::vector<std::thread> writers;
  for (Node node : {kA, kB}) {
    for (int i = 0; i < 3; ++i) {
      const std::string id = "w" + std::to_string(node) + "-" + std::to_string(i);
      writers.emplace_back([&, node, id] {
        succeeded += ImportThrough(node, {Record(id, "blockade")}) == 200;
        ++answered;
      });
    }
    writers.emplace_back([&, node] {
      succeeded += HttpStatus(Release(node, node == kA ? draft_a : draft_b)) == 201;
      ++answered;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  EXPECT_EQ(answered.load(), 0) << "a write went past the held write lock";
  holder.Rollback();
  for (std::thread& writer : writers) {
    writer.join();
  }
  ASSERT_EQ(succeeded.load(), 8);
  for (Node node : {kA, kB, kC}) {
    EXPECT_EQ(Count(node, "root", "blockade"), 6) << node;
    EXPECT_EQ(Count(node, "releaser", "blocked"), 2) << node;
  }
  const std::vector<int64_t> seqs = ChangeSeqs();
  EXPECT_EQ(seqs, OneTo(seqs.size()));
}

TEST_F(ClusterTest, InterleavedImportsOnAAndBReachEveryIndexExactlyOnce) {
  constexpr int kPerClient = 8;
  std::set<std::string> written;
  std::vector<std::thread> clients;
  std::atomic<int> failed{0};
  for (Node node : {kA, kB}) {
    for (int t = 0; t < 2; ++t) {
      std::vector<std::string> ids;
      for (int i = 0; i < kPerClient; ++i) {
        ids.push_back("mix-" + std::to_string(node) + std::to_string(t) + "-" + std::to_string(i));
        written.insert(ids.back());
      }
      clients.emplace_back([&, node, ids] {
        for (const std::string& id : ids) {
          failed += ImportThrough(node, {Record(id, "interleave")}) != 200;
        }
      });
    }
  }
  for (std::thread& client : clients) {
    client.join();
  }
  ASSERT_EQ(failed.load(), 0);
  for (Node node : {kC, kA, kB}) {  // C only replayed the change log; A and B also wrote
    const std::optional<std::vector<std::string>> found = SearchIds(node, "root", "interleave");
    ASSERT_TRUE(found) << node;
    EXPECT_EQ(found->size(), written.size()) << "a record indexed twice or not at all on " << node;
    EXPECT_EQ(std::set<std::string>(found->begin(), found->end()), written) << node;
  }
  const std::vector<int64_t> seqs = ChangeSeqs();
  EXPECT_EQ(seqs, OneTo(seqs.size()));
}

TEST_F(ClusterTest, NodeRebuiltFromPostgresAloneAnswersAsA) {
  ASSERT_EQ(ImportThrough(kA, {Record("imp-1", "harbour"), Record("imp-2", "harbour", "SECRET")}),
            200);
  ASSERT_FALSE(ReleaseThrough(kA, "Harbour closing").empty());
  ASSERT_TRUE(SearchIds(kC, "root", "harbour"));  // C has indexed everything
  Stop(kC);
  DeleteIndex(kC);
  Start(kC);
  for (const char* user : {"root", "reader", "releaser"}) {
    for (const char* query : {"harbour", "consul", "paragraph"}) {
      const auto on_a = SearchIds(kA, user, query);
      ASSERT_TRUE(on_a);
      EXPECT_EQ(SearchIds(kC, user, query), on_a) << user << " " << query;
    }
  }
  EXPECT_EQ(Count(kC, "root", "harbour"), 6);
}

}  // namespace
}  // namespace chancery::testing
