// Reads the result lines of the benchmark children (runner.h) and renders the Markdown report:
// ingest, size and memory per engine; latency and throughput per query path, kind and thread
// count; ratios of every path against every peer; and the issue-3 targets, met or missed.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "chancery/base/result.h"

namespace chancery::bench {

struct Latency {
  double p50 = 0, p95 = 0, p99 = 0;
  uint64_t count = 0;
  double mean_total = 0;
};

struct EngineResult {
  std::string engine;
  uint64_t docs = 0;
  double load_seconds = 0;
  std::string loader;
  double ingest_seconds = 0;
  uint64_t size_bytes = 0;
  uint64_t index_bytes = 0;
  uint64_t rss_base_kib = 0;
  uint64_t rss_kib = 0;
  uint64_t helper_rss_kib = 0;
  // mode -> threads -> kind -> latency
  std::map<std::string, std::map<int, std::map<std::string, Latency>>> latency;
  std::map<std::string, std::map<int, double>> qps;  // mode -> threads -> queries/s
};

// Errors: kIoError if unreadable, kCorruption "FILE:LINE" for a malformed line.
Result<EngineResult> ReadResult(const std::string& engine, const std::string& path);

struct ReportContext {
  std::string title;    // e.g. "FRUS, 46,100 documents"
  std::string command;  // how it was run
  std::string machine;  // nproc, CPU model, RAM
  std::string date;     // ISO date
  size_t queries = 0;
};

std::string RenderReport(const ReportContext& context, const std::vector<EngineResult>& results);

}  // namespace chancery::bench
