#include "runner.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include <sys/resource.h>

#include "corpus.h"
#include "frus_source.h"
#include "queries.h"

namespace chancery::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr uint64_t kChunk = 10000;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

uint64_t PeakRssKib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<uint64_t>(usage.ru_maxrss);
}

Result<std::unique_ptr<Engine>> MakeEngine(const std::string& name, const std::string& dir) {
  if (name == "chancery") {
    return MakeChanceryEngine(dir);
  }
  if (name == "xapian") {
    return MakeXapianEngine(dir);
  }
  if (name == "fts5") {
    return MakeSqliteEngine(dir);
  }
  if (name == "postgres") {
    return MakePostgresEngine(dir);
  }
  return InvalidArgument("unknown engine '" + name + "'");
}

double Percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  const double rank = std::ceil(p * static_cast<double>(values.size()));
  return values[static_cast<size_t>(std::max(rank, 1.0)) - 1];
}

struct Sample {
  size_t query = 0;
  double ms = 0;
};

// Every client thread runs the whole set once, starting at its own offset; returns the wall
// time and fills `samples` per thread.
Result<double> TimedPass(Engine* engine, int mode, const std::vector<Query>& queries, int threads,
                         std::vector<Sample>* samples, std::vector<SearchOutcome>* outcomes) {
  std::vector<std::vector<Sample>> per_thread(static_cast<size_t>(threads));
  std::vector<Status> status(static_cast<size_t>(threads));
  outcomes->assign(queries.size(), {});
  const Clock::time_point start = Clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      const size_t offset = queries.size() * static_cast<size_t>(t) / static_cast<size_t>(threads);
      for (size_t i = 0; i < queries.size(); ++i) {
        const size_t q = (offset + i) % queries.size();
        const Clock::time_point begin = Clock::now();
        Result<SearchOutcome> outcome = engine->Search(queries[q], t, mode);
        const double ms = Seconds(begin) * 1000;
        if (!outcome.ok()) {
          status[static_cast<size_t>(t)] = outcome.status();
          return;
        }
        per_thread[static_cast<size_t>(t)].push_back({q, ms});
        if (t == 0) {
          (*outcomes)[q] = std::move(*outcome);
        }
      }
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  const double wall = Seconds(start);
  for (size_t t = 0; t < per_thread.size(); ++t) {
    CHANCERY_RETURN_IF_ERROR(status[t]);
    samples->insert(samples->end(), per_thread[t].begin(), per_thread[t].end());
  }
  return wall;
}

void WriteLatencies(const std::string& mode, int threads, const std::vector<Query>& queries,
                    const std::vector<Sample>& samples, const std::vector<SearchOutcome>& outcomes,
                    std::ostream* out) {
  std::map<std::string, std::vector<double>> by_kind;
  for (const Sample& sample : samples) {
    by_kind[queries[sample.query].kind].push_back(sample.ms);
    by_kind["all"].push_back(sample.ms);
  }
  std::map<std::string, std::pair<double, double>> totals;  // kind -> (sum of totals, count)
  for (size_t q = 0; q < queries.size(); ++q) {
    for (const std::string& kind : {queries[q].kind, std::string("all")}) {
      totals[kind].first += static_cast<double>(outcomes[q].total);
      totals[kind].second += 1;
    }
  }
  for (const auto& [kind, ms] : by_kind) {
    *out << "lat\t" << mode << '\t' << threads << '\t' << kind << '\t' << Percentile(ms, 0.50)
         << '\t' << Percentile(ms, 0.95) << '\t' << Percentile(ms, 0.99) << '\t' << ms.size()
         << '\t' << totals[kind].first / std::max(totals[kind].second, 1.0) << '\n';
  }
}

Status Ingest(Engine* engine, const std::vector<model::Cable>& base, const RunOptions& options,
              std::ostream* out) {
  const uint64_t docs = options.docs == 0 ? base.size() : options.docs;
  double seconds = 0;
  for (uint64_t lo = 0; lo < docs; lo += kChunk) {
    std::vector<model::Cable> chunk =
        ExpandRange(base, lo, std::min(docs, lo + kChunk), options.seed);
    const Clock::time_point start = Clock::now();
    CHANCERY_RETURN_IF_ERROR(engine->Ingest(chunk));
    seconds += Seconds(start);
  }
  const Clock::time_point start = Clock::now();
  CHANCERY_RETURN_IF_ERROR(engine->Finish());
  seconds += Seconds(start);
  *out << "ingest\t" << docs << '\t' << seconds << '\n';
  return Status::Ok();
}

Status Measure(Engine* engine, const std::vector<Query>& queries, const RunOptions& options,
               std::ostream* out) {
  const std::vector<std::string> modes = engine->Modes();
  bool warmed = false;
  for (int threads : options.threads) {
    CHANCERY_RETURN_IF_ERROR(engine->OpenClients(threads));
    for (size_t mode = 0; mode < modes.size(); ++mode) {
      std::vector<Sample> samples;
      std::vector<SearchOutcome> outcomes;
      if (!warmed) {
        CHANCERY_RETURN_IF_ERROR(
            TimedPass(engine, static_cast<int>(mode), queries, 1, &samples, &outcomes).status());
        samples.clear();
      }
      double wall = 0;
      for (int r = 0; r < options.repeat; ++r) {
        CHANCERY_ASSIGN_OR_RETURN(double seconds, TimedPass(engine, static_cast<int>(mode), queries,
                                                            threads, &samples, &outcomes));
        wall += seconds;
      }
      WriteLatencies(modes[mode], threads, queries, samples, outcomes, out);
      *out << "qps\t" << modes[mode] << '\t' << threads << '\t'
           << static_cast<double>(samples.size()) / wall << '\n';
    }
    warmed = true;
  }
  return Status::Ok();
}

}  // namespace

Status RunEngine(const std::string& name, const RunOptions& options,
                 const std::string& result_path) {
  const bool ingest = options.phase != "measure";
  const bool measure = options.phase != "ingest";
  // A measure-only run appends to the result file its ingest run wrote.
  std::ofstream out(result_path, ingest ? std::ios::trunc : std::ios::app);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Query> queries, ReadQueries(options.queries_path));
  const std::string dir = options.work_dir + "/" + name;
  std::error_code ec;
  std::unique_ptr<Engine> engine;
  if (ingest) {
    Clock::time_point start = Clock::now();
    CHANCERY_ASSIGN_OR_RETURN(std::vector<model::Cable> base,
                              LoadFrus(options.corpus_dir, options.dev));
    out << "load\t" << base.size() << '\t' << Seconds(start) << '\t'
        << (UsesProductParser() ? "parser" : "stand-in") << '\n';
    out << "rss_base\t" << PeakRssKib() << '\n';
    std::filesystem::remove_all(dir, ec);
    std::filesystem::create_directories(dir, ec);
    std::filesystem::permissions(dir, std::filesystem::perms::all, ec);
    CHANCERY_ASSIGN_OR_RETURN(engine, MakeEngine(name, dir));
    CHANCERY_RETURN_IF_ERROR(Ingest(engine.get(), base, options, &out));
    CHANCERY_ASSIGN_OR_RETURN(uint64_t size, engine->SizeOnDisk(false));
    CHANCERY_ASSIGN_OR_RETURN(uint64_t index_size, engine->SizeOnDisk(true));
    out << "size\t" << size << '\t' << index_size << '\n';
    out.flush();
  } else {
    if (!std::filesystem::is_directory(dir)) {
      return FailedPrecondition(dir + " does not exist: run --phase ingest first");
    }
    CHANCERY_ASSIGN_OR_RETURN(engine, MakeEngine(name, dir));
    CHANCERY_RETURN_IF_ERROR(engine->Reopen());
  }
  if (measure) {
    CHANCERY_RETURN_IF_ERROR(Measure(engine.get(), queries, options, &out));
  }
  CHANCERY_RETURN_IF_ERROR(engine->Shutdown());
  out << "rss\t" << PeakRssKib() << '\t' << engine->HelperPeakRssKib() << '\n';
  engine.reset();
  if (measure) {
    std::filesystem::remove_all(dir, ec);
  }
  return Status::Ok();
}

}  // namespace chancery::bench
