// The cluster benchmark (issue 16 "Measure"): SQLite against PostgreSQL, one node and three,
// side by side in one run. Shared vocabulary of its parts: where each backend's store of a case
// lives, a node's RecordsOptions, fatal-error helpers, timing and percentiles, and the synthetic
// cables and desk directory the parts write.
//
// Every part runs its configurations interleaved (SQLite, PostgreSQL, PostgreSQL, SQLite, ...)
// and repeats them, so the machine's other load falls on both alike; medians are reported.
// Single-threaded; the multi-node parts run their nodes as child processes (workers.cc).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/desk/desk.h"
#include "chancery/model/cable.h"
#include "chancery/records/records.h"

namespace chancery::bench {

using Clock = std::chrono::steady_clock;

enum class Backend : int8_t { kSqlite = 0, kPostgres };

const char* BackendName(Backend backend);  // "SQLite", "PostgreSQL"

// Where the run keeps its files and which PostgreSQL cluster it uses.
struct Env {
  std::string dir;            // a fresh folder per case below it
  std::string pg_base;        // postgresql://USER@HOST:PORT/DB of a durable cluster
  int reps = 5;               // repetitions of every measurement
  double seconds = 5;         // length of each timed search pass
  int store_records = 10000;  // records written before part 1's store operations
};

// A case's store: SQLite file DIR/CASE/store.db, or database cb_CASE on the cluster. `name` is
// [a-z0-9_] and unique within the run (the cluster is fresh per run).
std::string StoreLocation(const Env& env, Backend backend, const std::string& name);

// RecordsOptions of node `node` of a case: its own index folder DIR/CASE/nodeN.index; the
// signing keys in DIR/CASE/files (PostgreSQL) or beside the SQLite file. synchronous_full on.
records::RecordsOptions NodeOptions(const Env& env, Backend backend, const std::string& name,
                                    int node);
desk::DeskOptions DeskOptionsFor(const records::RecordsOptions& node);

// Creates the case's store (removing an older folder of that name) with the benchmark's users
// and a desk directory of `offices` embassies in one group ("ALL-EMB"). Users: admin:bench's
// subjects drafter, approver, releaser (TOP SECRET), analyst (SECRET).
void CreateCase(const Env& env, Backend backend, const std::string& name, int offices);

[[noreturn]] void Die(const Status& status, const char* what);

template <typename T>
T Must(Result<T> result, const char* what) {
  if (!result.ok()) {
    Die(result.status(), what);
  }
  return std::move(result).value();
}

void Must(const Status& status, const char* what);

double Seconds(Clock::time_point since);
double Median(std::vector<double> values);
double Percentile(std::vector<double> values, double p);  // p in [0, 1], nearest rank

// Synthetic cable `n`: a title of 6 and five paragraphs of 60 Zipf-distributed words from a
// 5,000-word vocabulary whose two commonest words are "grain" and "treaty"; 1 in 2 classified.
// Deterministic in (n, seed). Ids "bench-<prefix>-<n>".
std::vector<model::Cable> SyntheticCables(const std::string& prefix, int first, int count,
                                          uint32_t seed);

// A draft to the group ALL-EMB from the division, approved by "approver", ROUTINE.
desk::DraftSpec ReleaseSpec(int n);

// Creates, submits and approves `count` drafts through `desk` (not timed); their ids.
std::vector<std::string> PrepareDrafts(records::Records& records, desk::Desk& desk, int first,
                                       int count);

}  // namespace chancery::bench
