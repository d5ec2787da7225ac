#include "report.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "engine.h"

namespace chancery::bench {
namespace {

std::string Fixed(double value, int digits) {
  char buffer[64];
  std::snprintf(buffer, sizeof(buffer), "%.*f", digits, value);
  return buffer;
}

std::string Mib(uint64_t bytes) {
  return Fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 1);
}

// Paths in report order: every mode of every engine.
std::vector<std::pair<const EngineResult*, std::string>> Modes(
    const std::vector<EngineResult>& results) {
  std::vector<std::pair<const EngineResult*, std::string>> modes;
  for (const EngineResult& result : results) {
    for (const auto& [mode, unused] : result.latency) {
      modes.emplace_back(&result, mode);
    }
  }
  return modes;
}

const Latency* Find(const EngineResult& result, const std::string& mode, int threads,
                    const std::string& kind) {
  auto m = result.latency.find(mode);
  if (m == result.latency.end() || m->second.count(threads) == 0) {
    return nullptr;
  }
  auto k = m->second.at(threads).find(kind);
  return k == m->second.at(threads).end() ? nullptr : &k->second;
}

std::string Ms(const Latency* latency, double Latency::*field) {
  return latency == nullptr ? "—" : Fixed(latency->*field, latency->*field < 10 ? 2 : 1);
}

void EngineTable(const std::vector<EngineResult>& results, std::ostream* out) {
  *out << "| engine | docs | ingest docs/s | ingest s | size on disk MiB | index only MiB | "
          "peak RSS MiB | of which corpus MiB | server peak RSS MiB |\n"
          "|---|---:|---:|---:|---:|---:|---:|---:|---:|\n";
  for (const EngineResult& r : results) {
    *out << "| " << r.engine << " | " << r.docs << " | "
         << Fixed(static_cast<double>(r.docs) / r.ingest_seconds, 0) << " | "
         << Fixed(r.ingest_seconds, 1) << " | " << Mib(r.size_bytes) << " | " << Mib(r.index_bytes)
         << " | " << Mib(r.rss_kib * 1024) << " | " << Mib(r.rss_base_kib * 1024) << " | "
         << (r.helper_rss_kib == 0 ? "—" : Mib(r.helper_rss_kib * 1024)) << " |\n";
  }
}

void LatencyTable(const std::vector<EngineResult>& results, int threads, std::ostream* out) {
  *out << "\n**" << threads << " client thread" << (threads == 1 ? "" : "s")
       << "** (milliseconds; mean total = mean number of matches reported)\n\n"
          "| path | kind | queries | p50 | p95 | p99 | mean total |\n"
          "|---|---|---:|---:|---:|---:|---:|\n";
  std::vector<std::string> kinds(std::begin(kQueryKinds), std::end(kQueryKinds));
  kinds.push_back("all");
  for (const auto& [result, mode] : Modes(results)) {
    for (const std::string& kind : kinds) {
      const Latency* l = Find(*result, mode, threads, kind);
      if (l == nullptr) {
        continue;
      }
      *out << "| " << mode << " | " << kind << " | " << l->count << " | " << Ms(l, &Latency::p50)
           << " | " << Ms(l, &Latency::p95) << " | " << Ms(l, &Latency::p99) << " | "
           << Fixed(l->mean_total, 0) << " |\n";
    }
    auto qps = result->qps.find(mode);
    if (qps != result->qps.end() && qps->second.count(threads) != 0) {
      *out << "| " << mode << " | **queries/s** | | | | | **" << Fixed(qps->second.at(threads), 1)
           << "** |\n";
    }
  }
}

// Ratio table: row path's value / column path's value, for one latency statistic.
void RatioTable(const std::vector<EngineResult>& results, int threads, const std::string& kind,
                double Latency::*field, const std::string& what, std::ostream* out) {
  const auto modes = Modes(results);
  *out << "\n"
       << what << ", " << kind << " queries, " << threads
       << " thread(s): row ÷ column (below 1 = row faster)\n\n| |";
  for (const auto& [result, mode] : modes) {
    *out << " " << mode << " |";
  }
  *out << "\n|---|";
  for (size_t i = 0; i < modes.size(); ++i) {
    *out << "---:|";
  }
  *out << "\n";
  for (const auto& [row_result, row] : modes) {
    *out << "| " << row << " |";
    const Latency* a = Find(*row_result, row, threads, kind);
    for (const auto& [col_result, col] : modes) {
      const Latency* b = Find(*col_result, col, threads, kind);
      *out << " "
           << (a == nullptr || b == nullptr || b->*field <= 0 ? "—"
                                                              : Fixed(a->*field / (b->*field), 2))
           << " |";
    }
    *out << "\n";
  }
}

const EngineResult* ByEngine(const std::vector<EngineResult>& results, const std::string& name) {
  for (const EngineResult& result : results) {
    if (result.engine == name) {
      return &result;
    }
  }
  return nullptr;
}

// One target row: "value" against "limit"; met when value <= limit (or >= when `at_least`).
void TargetRow(const std::string& what, std::optional<double> value, double limit, bool at_least,
               std::ostream* out) {
  *out << "| " << what << " | " << (value.has_value() ? Fixed(*value, 2) : "—") << " | "
       << (at_least ? ">= " : "<= ") << Fixed(limit, limit < 10 ? 1 : 0) << " | "
       << (!value.has_value()                               ? "not measured"
           : (at_least ? *value >= limit : *value <= limit) ? "met"
                                                            : "**missed**")
       << " |\n";
}

std::optional<double> Stat(const EngineResult* result, const std::string& mode,
                           const std::string& kind, double Latency::*field) {
  const Latency* l = result == nullptr ? nullptr : Find(*result, mode, 1, kind);
  return l == nullptr ? std::nullopt : std::optional<double>(l->*field);
}

std::optional<double> Ratio(std::optional<double> a, std::optional<double> b) {
  return a.has_value() && b.has_value() && *b > 0 ? std::optional<double>(*a / *b) : std::nullopt;
}

// The issue-3 targets at one client thread, for both Chancery query paths.
void Targets(const std::vector<EngineResult>& results, std::ostream* out) {
  const EngineResult* chancery = ByEngine(results, "chancery");
  const EngineResult* xapian = ByEngine(results, "xapian");
  const EngineResult* fts5 = ByEngine(results, "fts5");
  const EngineResult* pg = ByEngine(results, "postgres");
  *out << "\nTargets of issue 3 (1 client thread; the 25 ms / 50 ms limits are stated for 1M "
          "documents)\n\n| target | measured | limit | |\n|---|---:|---:|---|\n";
  for (const std::string mode : {"chancery", "chancery-index"}) {
    const auto p50 = [&](const EngineResult* r, const std::string& m, const std::string& k) {
      return Stat(r, m, k, &Latency::p50);
    };
    TargetRow(mode + " p50 ÷ raw xapian p50, all queries",
              Ratio(p50(chancery, mode, "all"), p50(xapian, "xapian", "all")), 1.2, false, out);
    TargetRow("fts5 ÷ " + mode + " p50, common terms",
              Ratio(p50(fts5, "fts5", "common"), p50(chancery, mode, "common")), 20, true, out);
    TargetRow("postgres ÷ " + mode + " p50, common terms",
              Ratio(p50(pg, "postgres", "common"), p50(chancery, mode, "common")), 10, true, out);
    TargetRow(mode + " p99 ms, all queries", Stat(chancery, mode, "all", &Latency::p99), 25, false,
              out);
    TargetRow(mode + " p99 ms, 5-facet queries", Stat(chancery, mode, "facet", &Latency::p99), 50,
              false, out);
  }
  std::optional<double> import;
  std::optional<double> size_ratio;
  if (chancery != nullptr && chancery->ingest_seconds > 0) {
    import = static_cast<double>(chancery->docs) / chancery->ingest_seconds;
  }
  if (chancery != nullptr && xapian != nullptr && xapian->index_bytes > 0) {
    size_ratio =
        static_cast<double>(chancery->index_bytes) / static_cast<double>(xapian->index_bytes);
  }
  TargetRow("chancery import docs/s, end to end", import, 2000, true, out);
  TargetRow("chancery index size ÷ raw xapian size", size_ratio, 1.2, false, out);
}

}  // namespace

Result<EngineResult> ReadResult(const std::string& engine, const std::string& path) {
  std::ifstream in(path);
  if (!in) {
    return IoError("cannot read " + path);
  }
  EngineResult r;
  r.engine = engine;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "load") {
      uint64_t docs = 0;
      fields >> docs >> r.load_seconds >> r.loader;
    } else if (key == "rss_base") {
      fields >> r.rss_base_kib;
    } else if (key == "ingest") {
      fields >> r.docs >> r.ingest_seconds;
    } else if (key == "size") {
      fields >> r.size_bytes >> r.index_bytes;
    } else if (key == "rss") {  // a split run writes one per phase: keep the peaks
      uint64_t rss = 0, helper = 0;
      fields >> rss >> helper;
      r.rss_kib = std::max(r.rss_kib, rss);
      r.helper_rss_kib = std::max(r.helper_rss_kib, helper);
    } else if (key == "lat") {
      std::string mode, kind;
      int threads = 0;
      Latency l;
      fields >> mode >> threads >> kind >> l.p50 >> l.p95 >> l.p99 >> l.count >> l.mean_total;
      r.latency[mode][threads][kind] = l;
    } else if (key == "qps") {
      std::string mode;
      int threads = 0;
      double qps = 0;
      fields >> mode >> threads >> qps;
      r.qps[mode][threads] = qps;
    }
    if (fields.fail()) {
      return Corruption(path + ":" + std::to_string(number) + ": malformed result line");
    }
  }
  return r;
}

std::string RenderReport(const ReportContext& context, const std::vector<EngineResult>& results) {
  std::ostringstream out;
  out << "### " << context.title << "\n\n"
      << "- command: `" << context.command << "`\n"
      << "- machine: " << context.machine << "\n"
      << "- date: " << context.date << "\n"
      << "- queries: " << context.queries << " (bench/search/queries.tsv), top 10 + exact total"
      << "\n- documents read with: " << (results.empty() ? "?" : results.front().loader) << "\n\n";
  EngineTable(results, &out);
  std::vector<int> threads;
  if (!results.empty() && !results.front().latency.empty()) {
    for (const auto& [t, unused] : results.front().latency.begin()->second) {
      threads.push_back(t);
    }
  }
  for (int t : threads) {
    LatencyTable(results, t, &out);
  }
  for (int t : threads) {
    RatioTable(results, t, "common", &Latency::p50, "p50", &out);
  }
  RatioTable(results, 1, "all", &Latency::p50, "p50", &out);
  RatioTable(results, 1, "all", &Latency::p99, "p99", &out);
  RatioTable(results, 1, "facet", &Latency::p99, "p99", &out);
  Targets(results, &out);
  return out.str();
}

}  // namespace chancery::bench
