// SQLite vs PostgreSQL, one node and three (issue 16 "Measure"), side by side in one run:
// `make bench-cluster` (bench/cluster/run.sh starts the durable PostgreSQL cluster).
//
//   cluster_bench --pg URL [--dir DIR] [--reps N] [--parts 1,2,3,4,5] [--nodes 1,3]
//                 [--store-records N] [--import-batch N] [--drafts N] [--offices N]
//                 [--search-threads N]
//                 [--seconds S] [--lag-releases N]
//
//  1. Store operations per call over --store-records records (store_ops.cc).
//  2. imports/s: Records::Import of --import-batch synthetic cables per call (node_ops.cc).
//  3. releases/s with an --offices fan-out: --nodes writer processes over one store, each with
//     its own Records, Desk and index, releasing --drafts prepared drafts at once.
//  4. searches/s over part 2's records: --nodes processes, --search-threads threads each.
//  5. index lag p50/p99: node A releases, node B searches for each release (lag.cc).
// SQLite runs synchronous=FULL; the PostgreSQL cluster must run with fsync on. Every
// configuration is repeated --reps times, interleaved with the others; medians are printed as
// Markdown with the machine's facts.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <sys/utsname.h>
#include <unistd.h>

#include "cluster.h"
#include "parts.h"

namespace chancery::bench {
namespace {

struct Args {
  Env env;
  std::vector<int> parts = {1, 2, 3, 4, 5};
  std::vector<int> nodes = {1, 3};
  int import_batch = 1000;
  int drafts = 100;
  int offices = 100;
  int search_threads = 2;
  int lag_releases = 100;
};

std::vector<int> ParseList(const std::string& s) {
  std::vector<int> out;
  size_t at = 0;
  while (at < s.size()) {
    out.push_back(std::atoi(s.c_str() + at));
    at = s.find(',', at);
    at = at == std::string::npos ? s.size() : at + 1;
  }
  return out;
}

Args ParseArgs(int argc, char** argv) {
  Args a;
  a.env.dir = "/tmp/chancery-cluster-bench/run";
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    const std::string value = argv[i + 1];
    if (flag == "--pg") {
      a.env.pg_base = value;
    } else if (flag == "--dir") {
      a.env.dir = value;
    } else if (flag == "--reps") {
      a.env.reps = std::atoi(value.c_str());
    } else if (flag == "--seconds") {
      a.env.seconds = std::atof(value.c_str());
    } else if (flag == "--store-records") {
      a.env.store_records = std::atoi(value.c_str());
    } else if (flag == "--parts") {
      a.parts = ParseList(value);
    } else if (flag == "--nodes") {
      a.nodes = ParseList(value);
    } else if (flag == "--import-batch") {
      a.import_batch = std::atoi(value.c_str());
    } else if (flag == "--drafts") {
      a.drafts = std::atoi(value.c_str());
    } else if (flag == "--offices") {
      a.offices = std::atoi(value.c_str());
    } else if (flag == "--search-threads") {
      a.search_threads = std::atoi(value.c_str());
    } else if (flag == "--lag-releases") {
      a.lag_releases = std::atoi(value.c_str());
    } else {
      std::fprintf(stderr, "cluster_bench: unknown flag %s\n", flag.c_str());
      std::exit(2);
    }
  }
  if (a.env.pg_base.empty()) {
    std::fprintf(stderr, "cluster_bench: --pg URL is required (bench/cluster/run.sh)\n");
    std::exit(2);
  }
  return a;
}

bool Has(const std::vector<int>& parts, int part) {
  for (int p : parts) {
    if (p == part) {
      return true;
    }
  }
  return false;
}

void PrintMachine() {
  struct utsname u {};

  uname(&u);
  long mem_kib = 0;
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  meminfo >> key >> mem_kib;
  double load[3] = {0, 0, 0};
  std::ifstream loadavg("/proc/loadavg");
  loadavg >> load[0] >> load[1] >> load[2];
  char date[64];
  const std::time_t now = std::time(nullptr);
  std::strftime(date, sizeof(date), "%Y-%m-%d %H:%M UTC", std::gmtime(&now));
  std::printf(
      "machine: %ld cores, %.0f GiB RAM, Linux %s %s; %s; load average at start %.2f "
      "%.2f %.2f\n\n",
      sysconf(_SC_NPROCESSORS_ONLN), static_cast<double>(mem_kib) / (1024.0 * 1024.0), u.release,
      u.machine, date, load[0], load[1], load[2]);
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  using namespace chancery::bench;  // NOLINT(google-build-using-namespace): main only
  if (argc > 1 && std::string(argv[1]) == "worker") {
    return RunWorker(argc, argv);
  }
  const Args args = ParseArgs(argc, argv);
  std::filesystem::remove_all(args.env.dir);
  std::filesystem::create_directories(args.env.dir);
  std::printf("## Cluster benchmark: SQLite vs PostgreSQL\n\n");
  PrintMachine();
  if (Has(args.parts, 1)) {
    RunStoreOps(args.env);
  }
  if (Has(args.parts, 2) || Has(args.parts, 4)) {
    RunImports(args.env, args.import_batch);
  }
  if (Has(args.parts, 3)) {
    RunReleases(args.env, args.nodes, args.drafts, args.offices);
  }
  if (Has(args.parts, 4)) {
    RunSearches(args.env, args.nodes, args.search_threads);
  }
  if (Has(args.parts, 5)) {
    RunLag(args.env, args.lag_releases, args.offices);
  }
  return 0;
}
