// search_bench: the side-by-side search benchmark of issue 3 (docs/benchmarks.md "Search").
//
//   search_bench --queries bench/search/queries.tsv [--dev] [--docs N] [--engines a,b,...]
//                [--threads 1,2] [--work DIR] [--out FILE] [--repeat N] [--corpus DIR]
//   search_bench --queries ... --from-results DIR   (re-render the report of a finished run)
//
// Each engine runs in its own child process (this binary with --child ENGINE), so that its
// peak RSS is its own; the parent collects the children's result lines and prints Markdown.
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <sys/wait.h>
#include <unistd.h>

#include "queries.h"
#include "report.h"
#include "runner.h"

namespace chancery::bench {
namespace {

struct Flags {
  RunOptions run;
  std::vector<std::string> engines = {"chancery", "xapian", "fts5", "postgres"};
  std::string child;
  std::string result_path;
  std::string out_path;
  std::string title;
  std::string from_results;  // render the report from DIR/<engine>.result, run nothing
  std::vector<std::string> argv;
};

std::vector<std::string> Split(const std::string& text) {
  std::vector<std::string> parts;
  std::stringstream in(text);
  for (std::string part; std::getline(in, part, ',');) {
    parts.push_back(part);
  }
  return parts;
}

Result<Flags> ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (arg == "--dev") {
      flags.run.dev = true;
    } else if (arg == "--docs") {
      flags.run.docs = std::strtoull(value().c_str(), nullptr, 10);
    } else if (arg == "--engines") {
      flags.engines = Split(value());
    } else if (arg == "--threads") {
      flags.run.threads.clear();
      for (const std::string& t : Split(value())) {
        flags.run.threads.push_back(std::atoi(t.c_str()));
      }
    } else if (arg == "--queries") {
      flags.run.queries_path = value();
    } else if (arg == "--corpus") {
      flags.run.corpus_dir = value();
    } else if (arg == "--work") {
      flags.run.work_dir = value();
    } else if (arg == "--phase") {
      flags.run.phase = value();
      if (flags.run.phase != "all" && flags.run.phase != "ingest" && flags.run.phase != "measure") {
        return InvalidArgument("--phase must be all, ingest or measure, not '" + flags.run.phase +
                               "'");
      }
    } else if (arg == "--repeat") {
      flags.run.repeat = std::max(1, std::atoi(value().c_str()));
    } else if (arg == "--out") {
      flags.out_path = value();
    } else if (arg == "--title") {
      flags.title = value();
    } else if (arg == "--from-results") {
      flags.from_results = value();
    } else if (arg == "--child") {
      flags.child = value();
    } else if (arg == "--result") {
      flags.result_path = value();
    } else {
      return InvalidArgument("unknown flag '" + arg + "'");
    }
    if (arg != "--child" && arg != "--result") {
      flags.argv.push_back(arg);
      if (arg != "--dev") {
        flags.argv.push_back(argv[i]);
      }
    }
  }
  if (flags.run.queries_path.empty()) {
    return InvalidArgument("--queries is required");
  }
  if (flags.run.work_dir.empty()) {
    flags.run.work_dir = "/tmp/chancery-search-bench-" + std::to_string(getpid());
  }
  return flags;
}

Status RunChild(const Flags& flags, const std::string& engine, const std::string& result) {
  std::vector<std::string> args = {"/proc/self/exe"};
  args.insert(args.end(), flags.argv.begin(), flags.argv.end());
  args.insert(args.end(), {"--work", flags.run.work_dir, "--child", engine, "--result", result});
  std::cerr << "search_bench: running " << engine << "\n";
  pid_t pid = fork();
  if (pid == 0) {
    std::vector<char*> argv;
    for (std::string& arg : args) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Internal("engine " + engine + " failed (exit status " + std::to_string(status) + ")");
  }
  return Status::Ok();
}

std::string Shell(const char* command) {
  std::string out;
  if (FILE* pipe = popen(command, "r")) {
    char buffer[256];
    while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) {
      out += buffer;
    }
    pclose(pipe);
  }
  while (!out.empty() && out.back() == '\n') {
    out.pop_back();
  }
  return out;
}

Status RunParent(const Flags& flags) {
  std::error_code ec;
  std::filesystem::create_directories(flags.run.work_dir, ec);
  std::filesystem::permissions(flags.run.work_dir, std::filesystem::perms::all, ec);
  std::vector<EngineResult> results;
  for (const std::string& engine : flags.engines) {
    const std::string dir = flags.from_results.empty() ? flags.run.work_dir : flags.from_results;
    const std::string path = dir + "/" + engine + ".result";
    if (flags.from_results.empty()) {
      CHANCERY_RETURN_IF_ERROR(RunChild(flags, engine, path));
    }
    CHANCERY_ASSIGN_OR_RETURN(EngineResult result, ReadResult(engine, path));
    results.push_back(std::move(result));
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Query> queries, ReadQueries(flags.run.queries_path));
  ReportContext context;
  context.title = flags.title.empty() ? "Search benchmark" : flags.title;
  context.command = "search_bench";
  for (const std::string& arg : flags.argv) {
    context.command += " " + arg;
  }
  context.machine = Shell(
      "echo \"$(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p'), "
      "$(free -g | awk '/^Mem:/{print $2}') GiB RAM\"");
  context.date = Shell("date -u +%Y-%m-%d");
  context.queries = queries.size();
  const std::string report = RenderReport(context, results);
  std::cout << report;
  if (!flags.out_path.empty()) {
    std::ofstream(flags.out_path) << report;
  }
  std::cerr << "search_bench: raw results kept in " << flags.run.work_dir << "\n";
  return Status::Ok();
}

}  // namespace
}  // namespace chancery::bench

int main(int argc, char** argv) {
  using namespace chancery::bench;
  chancery::Result<Flags> flags = ParseFlags(argc, argv);
  if (!flags.ok()) {
    std::cerr << "search_bench: " << flags.status().ToString() << "\n";
    return 2;
  }
  chancery::Status status = flags->child.empty()
                                ? RunParent(*flags)
                                : RunEngine(flags->child, flags->run, flags->result_path);
  if (!status.ok()) {
    std::cerr << "search_bench: " << status.ToString() << "\n";
    return 1;
  }
  return 0;
}
