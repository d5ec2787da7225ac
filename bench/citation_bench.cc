// Citation rendering per record (docs/citations.md; issue 14 "Measure"): every document of the
// 7 FRUS dev volumes of ../shared/corpus/frus/dev (3,018), rendered in each style; reports µs
// per record. The content hash (SHA-256 of the canonical JSON) is measured on its own, since
// a caller computes it once per version and passes it in.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "chancery/format/citation.h"
#include "chancery/format/frus_tei.h"
#include "chancery/records/content_hash.h"

namespace {

const char* const kDevVolumes[] = {"frus1901China",  "frus1918Russiav03", "frus1943China",
                                   "frus1955-57v03", "frus1958-60v19",    "frus1961-63v22",
                                   "frus1964-68v30"};

const std::vector<chancery::model::Cable>& Documents() {
  static const std::vector<chancery::model::Cable> docs = [] {
    std::vector<chancery::model::Cable> out;
    for (const char* name : kDevVolumes) {
      auto xml = chancery::format::ReadFileMaybeZstd(std::string(CHANCERY_SHARED_DIR) +
                                                     "/corpus/frus/dev/" + name + ".xml");
      if (!xml.ok()) {
        continue;
      }
      auto volume = chancery::format::ParseFrusVolume(*xml, name);
      if (volume.ok()) {
        out.insert(out.end(), volume->documents.begin(), volume->documents.end());
      }
    }
    return out;
  }();
  return docs;
}

void Report(benchmark::State& state, size_t records) {
  state.counters["records"] = static_cast<double>(records);
  state.counters["us_per_record"] = benchmark::Counter(
      static_cast<double>(state.iterations()) * static_cast<double>(records),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert, benchmark::Counter::kIs1000);
}

void BM_Cite(benchmark::State& state) {
  const auto style = static_cast<chancery::format::CitationStyle>(state.range(0));
  const auto& docs = Documents();
  if (docs.empty()) {
    state.SkipWithError("no FRUS dev volumes under ../shared/corpus/frus/dev");
    return;
  }
  state.SetLabel(std::string(chancery::format::CitationStyleName(style)));
  const chancery::format::CitedVersion cited{3, "https://reading.example", "0123456789ab"};
  for (auto _ : state) {
    for (const auto& c : docs) {
      benchmark::DoNotOptimize(chancery::format::RenderCitation(c, cited, style));
    }
  }
  Report(state, docs.size());
}

BENCHMARK(BM_Cite)->DenseRange(0, 5)->Unit(benchmark::kMillisecond);

void BM_ContentHash(benchmark::State& state) {
  const auto& docs = Documents();
  for (auto _ : state) {
    for (const auto& c : docs) {
      benchmark::DoNotOptimize(chancery::records::ContentHash(c));
    }
  }
  Report(state, docs.size());
}

BENCHMARK(BM_ContentHash)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
