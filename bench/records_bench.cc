// Records benchmarks: end-to-end import throughput (validate, canonicalize, store with audit,
// index) and label-filtered search latency, on a deterministic synthetic corpus.
//   make bench   (or: build-bench/bench/records_bench --benchmark_repetitions=5)
#include <cmath>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "chancery/records/records.h"
#include "chancery/security/policy.h"

namespace chancery {
namespace {

// Zipf-distributed words from a fixed synthetic vocabulary, so common and rare terms both exist.
class TextGen {
 public:
  explicit TextGen(uint32_t seed) : rng_(seed) {
    for (int i = 0; i < 5000; ++i) {
      std::string w;
      int n = i;
      do {
        w += static_cast<char>('a' + n % 26);
        n /= 26;
      } while (n > 0);
      vocab_.push_back(i == 0 ? "grain" : i == 1 ? "treaty" : w + "on");
      weights_.push_back(1.0 / (i + 1));
    }
    dist_ = std::discrete_distribution<int>(weights_.begin(), weights_.end());
  }

  std::string Words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      out += (i ? " " : "") + vocab_[static_cast<size_t>(dist_(rng_))];
    }
    return out;
  }

  std::mt19937& rng() { return rng_; }

 private:
  std::mt19937 rng_;
  std::vector<std::string> vocab_;
  std::vector<double> weights_;
  std::discrete_distribution<int> dist_;
};

model::Cable Synthetic(TextGen& gen, int n) {
  static const char* kLevels[] = {"PUBLIC",       "PUBLIC", "PUBLIC",
                                  "CONFIDENTIAL", "SECRET", "TOP SECRET"};
  model::Cable c;
  c.id = "bench-" + std::to_string(n);
  c.title = gen.Words(6);
  for (int p = 0; p < 5; ++p) {
    c.body.push_back({gen.Words(60), std::nullopt});
  }
  c.current_label.classification = kLevels[n % 6];
  c.original_marking.label = c.current_label;
  c.date = model::Date::FromYmd(1950 + n % 30, 1 + n % 12, 1 + n % 28);
  c.office = "Political Division";
  return c;
}

struct Store {
  std::string dir;
  std::unique_ptr<records::Records> records;

  explicit Store(const std::string& name) {
    dir = (std::filesystem::temp_directory_path() / ("chancery-bench-" + name)).string();
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    records::RecordsOptions options;
    options.db_path = dir + "/bench.db";
    records = std::move(records::Records::Init(options, security::DefaultPolicyText())).value();
  }

  ~Store() { std::filesystem::remove_all(dir); }
};

void BM_ImportEndToEnd(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0));
  TextGen gen(42);
  std::vector<model::Cable> cables;
  for (int i = 0; i < n; ++i) {
    cables.push_back(Synthetic(gen, i));
  }
  for (auto _ : state) {
    state.PauseTiming();
    auto store = std::make_unique<Store>("import");
    auto copy = cables;
    state.ResumeTiming();
    auto r = store->records->Import(store->records->Administrator("bench"), std::move(copy), {});
    if (!r.ok()) {
      state.SkipWithError(r.status().ToString().c_str());
    }
    state.PauseTiming();
    store.reset();
    state.ResumeTiming();
  }
  state.SetItemsProcessed(state.iterations() * n);
}

BENCHMARK(BM_ImportEndToEnd)->Arg(5000)->Unit(benchmark::kMillisecond)->UseRealTime();

Store& SearchCorpus() {
  static Store* store = [] {
    auto* s = new Store("search");
    TextGen gen(7);
    std::vector<model::Cable> cables;
    for (int i = 0; i < 20000; ++i) {
      cables.push_back(Synthetic(gen, i));
    }
    (void)s->records->Import(s->records->Administrator("bench"), std::move(cables), {});
    records::UserSpec analyst{"analyst", {"SECRET", {}, {}, {}}, false};
    (void)s->records->AddUser(s->records->Administrator("bench"), analyst);
    return s;
  }();
  return *store;
}

void BM_SearchTop10(benchmark::State& state, const char* query, bool cleared,
                    bool snippets = false) {
  Store& s = SearchCorpus();
  auto subject = cleared ? s.records->ResolveSubject("analyst").value()
                         : s.records->ResolveSubject(std::nullopt).value();
  records::SearchRequest request;
  request.query = query;
  request.snippets = snippets;  // as the reading room's search asks
  for (auto _ : state) {
    auto r = s.records->Search(subject, request);
    benchmark::DoNotOptimize(r);
  }
}

BENCHMARK_CAPTURE(BM_SearchTop10, common_public, "grain", false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SearchTop10, common_secret, "grain", true)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SearchTop10, two_terms_secret, "grain treaty", true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SearchTop10, phrase_secret, "\"grain treaty\"", true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SearchTop10, snippets_common_public, "grain", false, true)
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_SearchTop10, snippets_two_terms_secret, "grain treaty", true, true)
    ->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace chancery

BENCHMARK_MAIN();
