// What a session-cookie request costs to authenticate, before and after issue 16 moved sessions
// into the store, side by side in one run (docs/benchmarks.md "Sessions in the store"):
//   InMemory      the former SessionTable::Lookup (a std::map under a mutex, last_seen always
//                 updated), reproduced here as the baseline;
//   Store         SessionTable::Lookup over the SQLite store: one GetDoc, no write (the stored
//                 last_seen is younger than the 60 s touch interval);
//   StoreTouch    the same with touch_micros = 0: a version-checked write on every lookup (what
//                 the 60 s coalescing avoids), synchronous=FULL as shipped;
//   PasswordVersion  the GetDoc of auth.password that every session request already did before
//                 issue 16 (dispatch.cc compares it), for scale.
// Each runs over a table of 10,000 live sessions, looking up one of them at random.
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include "chancery/audit/signing.h"
#include "chancery/store/store.h"

#include "credentials.h"
#include "sessions.h"

namespace chancery::server {
namespace {

constexpr int kSessions = 10000;
constexpr int64_t kStart = 1'800'000'000'000'000;

// The pre-issue-16 lookup, as it was in apps/server/sessions.cc.
class InMemoryTable {
 public:
  std::string Create(const std::string& user, int64_t now) {
    std::string token = audit::RandomToken();
    std::lock_guard<std::mutex> lock(mu_);
    sessions_[token] = Session{user, audit::RandomToken(), now, now, 1};
    return token;
  }

  std::optional<Session> Lookup(std::string_view token, int64_t now) {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = sessions_.find(token);
    if (it == sessions_.end()) {
      return std::nullopt;
    }
    Session& s = it->second;
    if (now - s.last_seen_micros > SessionLimits{}.idle_micros ||
        now - s.created_micros > SessionLimits{}.absolute_micros) {
      sessions_.erase(it);
      return std::nullopt;
    }
    s.last_seen_micros = now;
    return s;
  }

 private:
  std::mutex mu_;
  std::map<std::string, Session, std::less<>> sessions_;
};

// A fresh store, first opened with synchronous=NORMAL for filling (Fill), then reopened as
// shipped (synchronous=FULL) for the measurement (Reopen).
struct StoreDir {
  StoreDir()
      : dir(std::filesystem::temp_directory_path() /
            ("chancery-session-bench-" + std::to_string(::getpid()))) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    Open(false);
  }

  void Open(bool synchronous_full) {
    store.reset();
    store::StoreOptions options;
    options.path = (dir / "store.db").string();
    options.create_if_missing = true;
    options.synchronous_full = synchronous_full;
    store = std::move(store::OpenSqliteStore(options)).value();
  }

  ~StoreDir() {
    store.reset();
    std::filesystem::remove_all(dir);
  }

  std::filesystem::path dir;
  std::unique_ptr<store::Store> store;
};

void BM_LookupInMemory(benchmark::State& state) {
  InMemoryTable table;
  std::vector<std::string> tokens;
  for (int i = 0; i < kSessions; ++i) {
    tokens.push_back(table.Create("user" + std::to_string(i % 100), kStart));
  }
  std::mt19937 rng(1);
  int64_t now = kStart;
  for (auto _ : state) {
    benchmark::DoNotOptimize(table.Lookup(tokens[rng() % tokens.size()], ++now));
  }
}

void LookupStore(benchmark::State& state, int64_t touch_micros) {
  StoreDir dir;
  FakeClock clock(kStart);
  SessionLimits limits;
  limits.touch_micros = touch_micros;
  std::vector<std::string> tokens;
  {
    SessionTable filler(*dir.store, &clock, limits);
    for (int i = 0; i < kSessions; ++i) {
      Session session;
      tokens.push_back(*filler.Create("user" + std::to_string(i % 100), 1, &session));
    }
  }
  dir.Open(true);
  SessionTable table(*dir.store, &clock, limits);
  std::mt19937 rng(1);
  for (auto _ : state) {
    clock.Advance(1);
    auto session = table.Lookup(tokens[rng() % tokens.size()]);
    if (!session.ok() || !session->has_value()) {
      state.SkipWithError("lookup failed");
      break;
    }
  }
}

void BM_LookupStore(benchmark::State& state) {
  LookupStore(state, SessionLimits{}.touch_micros);
}

void BM_LookupStoreTouch(benchmark::State& state) {
  LookupStore(state, 0);
}

void BM_PasswordVersion(benchmark::State& state) {
  StoreDir dir;
  auto credentials = Credentials::Open(*dir.store, nullptr);
  for (int i = 0; i < 100; ++i) {
    (void)dir.store->Transact([&](store::Txn& txn) {
      store::DocRow row{"auth.password", "user" + std::to_string(i), "", "", "{}", 0};
      return txn.PutDoc(row).status();
    });
  }
  std::mt19937 rng(1);
  for (auto _ : state) {
    benchmark::DoNotOptimize((*credentials)->PasswordVersion("user" + std::to_string(rng() % 100)));
  }
}

BENCHMARK(BM_LookupInMemory);
BENCHMARK(BM_LookupStore);
BENCHMARK(BM_LookupStoreTouch);
BENCHMARK(BM_PasswordVersion);

}  // namespace
}  // namespace chancery::server

BENCHMARK_MAIN();
