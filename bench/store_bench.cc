// Store write throughput: a bulk import writes batches of 500 records, each one transaction
// (docs/store.md "Writes"). Reports records/s as items_per_second.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <benchmark/benchmark.h>
#include <unistd.h>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"
#include "chancery/store/store.h"

namespace chancery::store {
namespace {

constexpr int kBatchSize = 500;

// A payload about the size of a short cable in docs/format/json.md form.
std::string Payload(int64_t n) {
  return "{\"id\":\"" + std::to_string(n) + "\",\"body\":\"" + std::string(2000, 'x') + "\"}";
}

void BM_WriteBatchOf500(benchmark::State& state) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("chancery-store-bench-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  StoreOptions options;
  options.path = (dir / "bench.db").string();
  options.create_if_missing = true;
  options.synchronous_full = state.range(0) != 0;
  options.audit_hash = audit::HashEvent;
  options.audit_tree = audit::StoredHashesForEvent;
  auto store = OpenSqliteStore(options);
  if (!store.ok()) {
    state.SkipWithError(store.status().ToString().c_str());
    return;
  }
  int64_t next = 0;
  for (auto _ : state) {
    WriteBatch batch;
    batch.records.reserve(kBatchSize);
    for (int i = 0; i < kBatchSize; ++i, ++next) {
      batch.records.push_back(RecordWrite{"1975STATE" + std::to_string(1000000 + next),
                                          Payload(next), next % 3 == 0 ? "S//NOFORN" : "U", ""});
    }
    batch.audit.push_back(
        model::AuditEvent{0, next, "admin:bench", "import", "batch", "ok", {}, "", ""});
    auto written = (*store)->Write(std::move(batch));
    if (!written.ok()) {
      state.SkipWithError(written.status().ToString().c_str());
      break;
    }
  }
  state.SetItemsProcessed(state.iterations() * kBatchSize);
  store->reset();
  std::filesystem::remove_all(dir);
}

BENCHMARK(BM_WriteBatchOf500)
    ->Arg(0)
    ->Arg(1)
    ->ArgName("sync_full")
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace chancery::store

BENCHMARK_MAIN();
