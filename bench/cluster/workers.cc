// Node processes: `cluster_bench worker ROLE DB INDEX FILES ...` opens its own Records (and
// Desk) on the shared store with its own index folder, says "ready", waits for "go" on stdin,
// runs, and prints "result COUNT" and "lat MS MS ..." on stdout. RunWorkers starts and reads
// them.
#include <atomic>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cluster.h"
#include "parts.h"

extern char** environ;

namespace chancery::bench {

namespace {

// The queries of part 4: common and mid-frequency words of the synthetic vocabulary, two-term
// ANDs and a phrase, as records_bench asks.
const std::vector<std::string> kQueries = {
    "grain", "treaty", "grain treaty", "\"grain treaty\"", "bon", "con treaty", "fon", "grain eon"};

records::RecordsOptions WorkerNode(char** argv) {
  records::RecordsOptions options;
  options.db_path = argv[0];
  options.index_dir = argv[1];
  options.files_dir = std::strcmp(argv[2], "-") == 0 ? "" : argv[2];
  options.synchronous_full = true;
  return options;
}

void ReadyThenWait() {
  std::printf("ready\n");
  std::fflush(stdout);
  std::string line;
  if (!std::getline(std::cin, line) || line != "go") {
    std::exit(3);
  }
}

void PrintResult(double count, const std::vector<double>& latencies_ms) {
  std::printf("result %.0f\nlat", count);
  for (double ms : latencies_ms) {
    std::printf(" %.3f", ms);
  }
  std::printf("\n");
  std::fflush(stdout);
}

// worker release DB INDEX FILES IDS_FILE
int ReleaseWorker(char** argv) {
  const records::RecordsOptions node = WorkerNode(argv);
  auto records = Must(records::Records::Open(node), "open node");
  auto desk = Must(desk::Desk::Open(DeskOptionsFor(node), *records), "open desk");
  const security::Subject releaser = Must(records->ResolveSubject("releaser"), "releaser");
  std::vector<std::string> ids;
  std::ifstream in(argv[3]);
  for (std::string id; std::getline(in, id);) {
    ids.push_back(id);
  }
  ReadyThenWait();
  std::vector<double> lat;
  for (const std::string& id : ids) {
    const auto start = Clock::now();
    Must(desk->ReleaseDraft(releaser, id).status(), "release");
    lat.push_back(Seconds(start) * 1e3);
  }
  PrintResult(static_cast<double>(ids.size()), lat);
  return 0;
}

// worker search DB INDEX FILES SECONDS THREADS
int SearchWorker(char** argv) {
  const records::RecordsOptions node = WorkerNode(argv);
  const double seconds = std::atof(argv[3]);
  const int threads = std::atoi(argv[4]);
  auto records = Must(records::Records::Open(node), "open node");
  const security::Subject analyst = Must(records->ResolveSubject("analyst"), "analyst");
  for (const std::string& q : kQueries) {  // warm the shard handles
    records::SearchRequest request;
    request.query = q;
    Must(records->Search(analyst, request).status(), "warm-up search");
  }
  ReadyThenWait();
  std::vector<std::vector<double>> lat(static_cast<size_t>(threads));
  const auto start = Clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (size_t i = static_cast<size_t>(t); Seconds(start) < seconds; ++i) {
        records::SearchRequest request;
        request.query = kQueries[i % kQueries.size()];
        const auto t0 = Clock::now();
        Must(records->Search(analyst, request).status(), "search");
        lat[static_cast<size_t>(t)].push_back(Seconds(t0) * 1e3);
      }
    });
  }
  for (std::thread& t : pool) {
    t.join();
  }
  std::vector<double> all;
  for (const auto& l : lat) {
    all.insert(all.end(), l.begin(), l.end());
  }
  PrintResult(static_cast<double>(all.size()), all);
  return 0;
}

struct Child {
  pid_t pid = -1;
  FILE* out = nullptr;  // the child's stdout
  FILE* in = nullptr;   // the child's stdin
};

Child Spawn(const std::vector<std::string>& args) {
  int to_child[2];
  int from_child[2];
  if (pipe(to_child) != 0 || pipe(from_child) != 0) {
    Die(IoError("pipe"), "spawn");
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, to_child[0], 0);
  posix_spawn_file_actions_adddup2(&actions, from_child[1], 1);
  posix_spawn_file_actions_addclose(&actions, to_child[1]);
  posix_spawn_file_actions_addclose(&actions, from_child[0]);
  std::vector<std::string> full = {"/proc/self/exe", "worker"};
  full.insert(full.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : full) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  Child child;
  if (posix_spawn(&child.pid, "/proc/self/exe", &actions, nullptr, argv.data(), environ) != 0) {
    Die(IoError("posix_spawn"), "spawn");
  }
  posix_spawn_file_actions_destroy(&actions);
  close(to_child[0]);
  close(from_child[1]);
  child.in = fdopen(to_child[1], "w");
  child.out = fdopen(from_child[0], "r");
  return child;
}

std::string ReadLine(FILE* f) {
  std::string line;
  for (int c = std::fgetc(f); c != EOF && c != '\n'; c = std::fgetc(f)) {
    line.push_back(static_cast<char>(c));
  }
  return line;
}

}  // namespace

int RunWorker(int argc, char** argv) {
  // argv: cluster_bench worker ROLE DB INDEX FILES ...
  const std::string role = argc > 2 ? argv[2] : "";
  if (role == "release" && argc == 7) {
    return ReleaseWorker(argv + 3);
  }
  if (role == "search" && argc == 8) {
    return SearchWorker(argv + 3);
  }
  std::fprintf(stderr, "cluster_bench worker: bad arguments\n");
  return 2;
}

std::vector<WorkerResult> RunWorkers(const std::vector<std::vector<std::string>>& args,
                                     double* wall_seconds, const std::function<void()>& on_go) {
  std::vector<Child> children;
  for (const auto& a : args) {
    children.push_back(Spawn(a));
  }
  for (Child& c : children) {
    if (ReadLine(c.out) != "ready") {
      Die(Internal("a worker failed to start"), "workers");
    }
  }
  const auto start = Clock::now();
  for (Child& c : children) {
    std::fputs("go\n", c.in);
    std::fflush(c.in);
  }
  if (on_go) {
    on_go();
  }
  std::vector<WorkerResult> results(children.size());
  for (size_t i = 0; i < children.size(); ++i) {
    const std::string result = ReadLine(children[i].out);
    if (result.rfind("result ", 0) != 0) {
      Die(Internal("a worker failed: " + result), "workers");
    }
    results[i].count = std::atof(result.c_str() + 7);
    std::istringstream lat(ReadLine(children[i].out).substr(3));
    for (double ms = 0; lat >> ms;) {
      results[i].latencies_ms.push_back(ms);
    }
  }
  *wall_seconds = Seconds(start);
  for (Child& c : children) {
    std::fclose(c.in);
    std::fclose(c.out);
    int status = 0;
    waitpid(c.pid, &status, 0);
  }
  return results;
}

}  // namespace chancery::bench
