// The five parts of the cluster benchmark; each prints its Markdown table to stdout.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "cluster.h"

namespace chancery::bench {

// 1. Store operations per call, SQLite vs PostgreSQL (store_ops.cc).
void RunStoreOps(const Env& env);

// 2. Records::Import of batches of `batch` synthetic cables into one store per backend;
//    records/s. Leaves the stores (cases "search_sqlite"/"search_postgres" hold every imported
//    record and node 0's index) for part 4 (node_ops.cc).
void RunImports(const Env& env, int batch);

// 3. Releases/s with a 100-office fan-out: `nodes` writer processes (1 and 3) over one store,
//    `drafts` releases per process and pass (node_ops.cc).
void RunReleases(const Env& env, const std::vector<int>& nodes, int drafts, int offices);

// 4. Searches/s over part 2's stores with 1 and 3 node processes, each with its own index and
//    `threads` client threads, for Env::seconds (node_ops.cc).
void RunSearches(const Env& env, const std::vector<int>& nodes, int threads);

// 5. Index lag under a release load: node A releases `releases` cables back to back; node B
//    searches for each one's serial until it finds it (lag.cc).
void RunLag(const Env& env, int releases, int offices);

// A child process's part: `cluster_bench worker ROLE ...` (workers.cc). Returns the exit code.
int RunWorker(int argc, char** argv);

// Child processes running RunWorker; started together, released together (workers.cc).
struct WorkerResult {
  double count = 0;                  // operations done
  std::vector<double> latencies_ms;  // per operation
};

// Starts one `cluster_bench worker` per argument list, waits until each has opened its node,
// starts them at once (calling `on_go` right after), and returns their results and the wall
// time from the start until the last one finished.
std::vector<WorkerResult> RunWorkers(const std::vector<std::vector<std::string>>& args,
                                     double* wall_seconds,
                                     const std::function<void()>& on_go = nullptr);

}  // namespace chancery::bench
