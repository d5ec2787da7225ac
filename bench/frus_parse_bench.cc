// FRUS TEI parse speed (docs/format/frus-tei.md): parses the 7 dev volumes of
// ../shared/corpus/frus/dev from memory and reports documents per second. Target: >= 10,000.
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "chancery/format/frus_tei.h"

namespace {

const char* const kDevVolumes[] = {"frus1901China",  "frus1918Russiav03", "frus1943China",
                                   "frus1955-57v03", "frus1958-60v19",    "frus1961-63v22",
                                   "frus1964-68v30"};

void BM_ParseFrusDevVolumes(benchmark::State& state) {
  std::vector<std::string> volumes;
  for (const char* name : kDevVolumes) {
    auto xml = chancery::format::ReadFileMaybeZstd(std::string(CHANCERY_SHARED_DIR) +
                                                   "/corpus/frus/dev/" + name + ".xml");
    if (!xml.ok()) {
      state.SkipWithError(xml.status().ToString().c_str());
      return;
    }
    volumes.push_back(std::move(*xml));
  }
  int64_t documents = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    for (const std::string& xml : volumes) {
      auto parsed = chancery::format::ParseFrusVolume(xml, "bench.xml");
      if (!parsed.ok()) {
        state.SkipWithError(parsed.status().ToString().c_str());
        return;
      }
      documents += static_cast<int64_t>(parsed->documents.size());
      bytes += static_cast<int64_t>(xml.size());
    }
  }
  state.counters["docs_per_s"] =
      benchmark::Counter(static_cast<double>(documents), benchmark::Counter::kIsRate);
  state.SetBytesProcessed(bytes);
}

BENCHMARK(BM_ParseFrusDevVolumes)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
