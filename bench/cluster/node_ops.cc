// Parts 2 to 4: imports/s in process, then releases/s and searches/s with one and three node
// processes over one store.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cluster.h"
#include "lock_sampler.h"
#include "parts.h"

namespace chancery::bench {

namespace {

constexpr Backend kBackends[2] = {Backend::kSqlite, Backend::kPostgres};

std::string SearchCase(Backend backend) {
  return backend == Backend::kSqlite ? "search_sqlite" : "search_postgres";
}

std::string FilesArg(const records::RecordsOptions& node) {
  return node.files_dir.empty() ? "-" : node.files_dir;
}

// The configurations (backend, nodes) in the order of pass `rep`: rotated each pass, so that
// none always runs first or after the same neighbour.
std::vector<std::pair<Backend, int>> Order(const std::vector<int>& nodes, int rep) {
  std::vector<std::pair<Backend, int>> order;
  for (int n : nodes) {
    for (Backend b : kBackends) {
      order.emplace_back(b, n);
    }
  }
  std::vector<std::pair<Backend, int>> rotated;
  for (size_t i = 0; i < order.size(); ++i) {
    rotated.push_back(order[(i + static_cast<size_t>(rep)) % order.size()]);
  }
  return rotated;
}

struct Samples {
  std::vector<double> rates;         // one per pass
  std::vector<double> latencies_ms;  // every operation of every pass
  // PostgreSQL only, one per pass: the write lock's busy fraction, mean waiters, and the time it
  // was held per operation (busy fraction x wall time / operations).
  std::vector<double> lock_held, lock_waiters, lock_ms_per_op;
};

using SampleMap = std::map<std::pair<Backend, int>, Samples>;

// Runs the workers of one pass; for PostgreSQL samples the write lock meanwhile (every 5 ms,
// from the start signal until the last worker reported).
void RunPass(Backend backend, const std::string& db,
             const std::vector<std::vector<std::string>>& args, Samples& s) {
  std::unique_ptr<LockSampler> sampler;
  double wall = 0;
  double count = 0;
  const std::vector<WorkerResult> results = RunWorkers(args, &wall, [&] {
    if (backend == Backend::kPostgres) {
      sampler = std::make_unique<LockSampler>(db, 5);
    }
  });
  for (const WorkerResult& r : results) {
    count += r.count;
    s.latencies_ms.insert(s.latencies_ms.end(), r.latencies_ms.begin(), r.latencies_ms.end());
  }
  s.rates.push_back(count / wall);
  if (sampler != nullptr) {
    const LockUse use = sampler->Stop();
    s.lock_held.push_back(use.held);
    s.lock_waiters.push_back(use.waiters);
    s.lock_ms_per_op.push_back(use.held * wall * 1e3 / count);
  }
  std::fprintf(stderr, "%s x%zu: %.1f/s\n", BackendName(backend), args.size(), count / wall);
}

void PrintRates(const char* what, SampleMap& samples, const std::vector<int>& nodes,
                double items_per_op, const char* items) {
  std::printf(
      "| backend | nodes | %s (median) | min | max | PostgreSQL / SQLite | %s/s | p50 ms | p99 "
      "ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n",
      what, items);
  for (int n : nodes) {
    for (Backend b : kBackends) {
      Samples& s = samples[{b, n}];
      const double median = Median(s.rates);
      char ratio[32] = "";
      if (b == Backend::kPostgres) {
        std::snprintf(ratio, sizeof(ratio), "%.2f",
                      median / Median(samples[{Backend::kSqlite, n}].rates));
      }
      std::printf("| %s | %d | %.1f | %.1f | %.1f | %s | %.0f | %.2f | %.2f |\n", BackendName(b), n,
                  median, Percentile(s.rates, 0), Percentile(s.rates, 1), ratio,
                  median * items_per_op, Percentile(s.latencies_ms, 0.5),
                  Percentile(s.latencies_ms, 0.99));
    }
  }
  std::printf("\n");
}

void PrintLock(SampleMap& samples, const std::vector<int>& nodes, const char* op) {
  std::printf(
      "PostgreSQL's write lock meanwhile (pg_locks sampled every 5 ms; medians of the passes):\n\n"
      "| nodes | lock held (share of time) | mean waiters | lock held per %s | bound: 1 / that "
      "|\n|---:|---:|---:|---:|---:|\n",
      op);
  for (int n : nodes) {
    Samples& s = samples[{Backend::kPostgres, n}];
    const double ms = Median(s.lock_ms_per_op);
    std::printf("| %d | %.0f %% | %.2f | %.2f ms | %.0f/s |\n", n, 100 * Median(s.lock_held),
                Median(s.lock_waiters), ms, ms > 0 ? 1e3 / ms : 0);
  }
  std::printf("\n");
  std::fflush(stdout);
}

}  // namespace

void RunImports(const Env& env, int batch) {
  std::printf("### 2. Imports (Records::Import of %d synthetic cables per call; %d passes)\n\n",
              batch, env.reps);
  std::unique_ptr<records::Records> nodes[2];
  for (Backend b : kBackends) {
    CreateCase(env, b, SearchCase(b), 1);
    nodes[static_cast<int>(b)] =
        Must(records::Records::Open(NodeOptions(env, b, SearchCase(b), 0)), "open");
  }
  std::vector<double> rates[2];
  for (int rep = 0; rep < env.reps; ++rep) {
    for (int k = 0; k < 2; ++k) {
      const int b = (rep + k) % 2;
      records::Records& r = *nodes[b];
      std::string prefix = std::to_string(rep);
      prefix.insert(prefix.begin(), 'r');
      std::vector<model::Cable> cables =
          SyntheticCables(prefix, 0, batch, static_cast<uint32_t>(rep + 1));
      const auto start = Clock::now();
      Must(r.Import(r.Administrator("admin:bench"), std::move(cables), {}).status(), "import");
      rates[b].push_back(batch / Seconds(start));
    }
  }
  std::printf("| backend | records/s (median) | min | max | PostgreSQL / SQLite |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  for (int b = 0; b < 2; ++b) {
    char ratio[32] = "";
    if (b == 1) {
      std::snprintf(ratio, sizeof(ratio), "%.2f", Median(rates[1]) / Median(rates[0]));
    }
    std::printf("| %s | %.0f | %.0f | %.0f | %s |\n", BackendName(kBackends[b]), Median(rates[b]),
                Percentile(rates[b], 0), Percentile(rates[b], 1), ratio);
  }
  std::printf("\n");
  std::fflush(stdout);
}

void RunReleases(const Env& env, const std::vector<int>& nodes, int drafts, int offices) {
  std::printf(
      "### 3. Releases (%d-office fan-out; %d drafts per node process and pass; %d passes)\n\n",
      offices, drafts, env.reps);
  SampleMap samples;
  for (int rep = 0; rep < env.reps; ++rep) {
    for (auto [backend, n] : Order(nodes, rep)) {
      const std::string name =
          std::string(backend == Backend::kSqlite ? "rel_sqlite_" : "rel_pg_") + std::to_string(n) +
          "_" + std::to_string(rep);
      CreateCase(env, backend, name, offices);
      std::vector<std::vector<std::string>> args;
      {
        const records::RecordsOptions setup = NodeOptions(env, backend, name, 0);
        auto records = Must(records::Records::Open(setup), "open setup node");
        auto desk = Must(desk::Desk::Open(DeskOptionsFor(setup), *records), "open desk");
        for (int i = 0; i < n; ++i) {
          const std::string ids_file = env.dir + "/" + name + "/ids" + std::to_string(i);
          std::ofstream out(ids_file);
          for (const std::string& id : PrepareDrafts(*records, *desk, i * drafts, drafts)) {
            out << id << "\n";
          }
          const records::RecordsOptions node = NodeOptions(env, backend, name, i + 1);
          args.push_back({"release", node.db_path, node.index_dir, FilesArg(node), ids_file});
        }
      }
      RunPass(backend, StoreLocation(env, backend, name), args, samples[{backend, n}]);
    }
  }
  PrintRates("releases/s", samples, nodes, offices, "deliveries");
  PrintLock(samples, nodes, "release");
}

void RunSearches(const Env& env, const std::vector<int>& nodes, int threads) {
  std::printf(
      "### 4. Searches (Records::Search top 10 as a SECRET reader, end to end with its audit "
      "entry; %d client threads per node process; %.0f s passes; %d passes)\n\n",
      threads, env.seconds, env.reps);
  // Every node gets a copy of node 0's index (the importer's), as a node rebuilt from a copy.
  const int max_nodes = *std::max_element(nodes.begin(), nodes.end());
  for (Backend b : kBackends) {
    const std::string from = NodeOptions(env, b, SearchCase(b), 0).index_dir;
    for (int i = 1; i <= max_nodes; ++i) {
      const std::string to = NodeOptions(env, b, SearchCase(b), i).index_dir;
      std::filesystem::remove_all(to);
      std::filesystem::copy(from, to, std::filesystem::copy_options::recursive);
    }
  }
  SampleMap samples;
  for (int rep = 0; rep < env.reps; ++rep) {
    for (auto [backend, n] : Order(nodes, rep)) {
      std::vector<std::vector<std::string>> args;
      for (int i = 1; i <= n; ++i) {
        const records::RecordsOptions node = NodeOptions(env, backend, SearchCase(backend), i);
        args.push_back({"search", node.db_path, node.index_dir, FilesArg(node),
                        std::to_string(env.seconds), std::to_string(threads)});
      }
      RunPass(backend, StoreLocation(env, backend, SearchCase(backend)), args,
              samples[{backend, n}]);
    }
  }
  PrintRates("searches/s", samples, nodes, 1, "searches");
  PrintLock(samples, nodes, "search");
}

}  // namespace chancery::bench
