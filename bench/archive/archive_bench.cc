// Publication latency (issue 13, "Measure"; docs/benchmarks.md "Archive: publication"): one
// archive::Archive::Publish of a decided record, from the call to its return: the checks, the
// redaction, the archivist's commitment and signature, the proof bundle made once as a check,
// the one store transaction (published record, publication row, review row, audit entry) and
// the search index catching up with the published record. Records are a 2-page cable (~6 KB
// of text in 40 paragraphs) and a 50-page one (~150 KB in 1,000 paragraphs), each with an
// approver's name and one paragraph withheld. Every iteration publishes a record of its own,
// imported and decided (withhold, withhold, release the rest) with the timer paused.
//
//   archive_bench [--benchmark_repetitions=5] [--benchmark_report_aggregates_only=true]
//   CHANCERY_BENCH_DIR=/tmp (default): the store's directory (on disk, synchronous=FULL).
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "chancery/archive/archive.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

namespace chancery {
namespace {

// One store, its archive and users for every benchmark of the process.
class Bench {
 public:
  static Bench& Get() {
    static Bench* bench = new Bench();  // never destroyed: outlives every benchmark
    return *bench;
  }

  // Imports a record of `paragraphs` paragraphs of about 150 bytes and decides it: the
  // approver's name and paragraph 1 withheld, the rest released. Returns its id.
  std::string Decided(int paragraphs) {
    model::Cable c;
    c.id = "bench-" + std::to_string(++count_);
    c.kind = model::DocumentKind::kTelegram;
    c.title = "Report " + Words(6);
    c.current_label.classification = "SECRET";
    c.original_marking.label = c.current_label;
    c.original_marking.verbatim = "SECRET";
    c.date = *model::Date::Parse("1963-03-13");
    c.office = "POLITICAL DIVISION";
    c.approvals.push_back({"Wu Lan", model::ApprovalState::kApproved, {}, ""});
    for (int p = 0; p < paragraphs; ++p) {
      c.body.push_back({Words(22) + ".", std::nullopt});
    }
    Check(records_->Import(admin_, {c}, {}).status(), "import");
    archive::WithholdRequest name;
    name.spans = {*archive::Span::Parse("/approvals/0/name")};
    name.code = "(b)(6)";
    Check(archive_->Withhold(reviewer_, c.id, name).status(), "withhold name");
    archive::WithholdRequest paragraph;
    paragraph.spans = {*archive::Span::Parse("/body/1")};
    paragraph.code = "25X1";
    Check(archive_->Withhold(reviewer_, c.id, paragraph).status(), "withhold paragraph");
    Check(archive_->Release(reviewer_, c.id).status(), "release");
    return c.id;
  }

  void Publish(const std::string& id) { Check(archive_->Publish(archivist_, id).status(), id); }

  // Text bytes of a record of `paragraphs` paragraphs (as Decided makes them).
  static int64_t TextBytes(int paragraphs) { return paragraphs * 150; }

 private:
  Bench() {
    const char* env = std::getenv("CHANCERY_BENCH_DIR");
    dir_ = std::string(env != nullptr ? env : "/tmp") + "/archive-bench";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    records::RecordsOptions options;
    options.db_path = dir_ + "/store.db";
    auto records = records::Records::Init(options, security::DefaultPolicyText());
    Check(records.status(), "init");
    records_ = std::move(records).value();
    admin_ = records_->Administrator("admin:bench");
    for (const char* user : {"reviewer", "archivist"}) {
      records::UserSpec spec;
      spec.name = user;
      spec.clearance.level = "TOP SECRET";
      spec.clearance.roles = {user};
      Check(records_->AddUser(admin_, spec), user);
    }
    reviewer_ = *records_->ResolveSubject("reviewer");
    archivist_ = *records_->ResolveSubject("archivist");
    archive::ArchiveOptions archive_options;
    archive_options.db_path = options.db_path;
    auto archive = archive::Archive::Open(*records_, archive_options);
    Check(archive.status(), "archive");
    archive_ = std::move(archive).value();
  }

  static void Check(const Status& s, const std::string& what) {
    if (!s.ok()) {
      std::fprintf(stderr, "archive_bench: %s: %s\n", what.c_str(), s.ToString().c_str());
      std::abort();
    }
  }

  // n words of 3 to 9 letters from a 2,000-word vocabulary: about 6.8 bytes a word.
  std::string Words(int n) {
    std::string out;
    for (int i = 0; i < n; ++i) {
      int w = static_cast<int>(rng_() % 2000);
      std::string word;
      do {
        word.push_back(static_cast<char>('a' + w % 26));
        w /= 26;
      } while (w != 0);
      out += (i > 0 ? " " : "") + word + "ton";
    }
    return out;
  }

  std::string dir_;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<archive::Archive> archive_;
  security::Subject admin_;
  security::Subject reviewer_;
  security::Subject archivist_;
  std::mt19937 rng_{20261202};
  int count_ = 0;
};

void BM_Publish(benchmark::State& state) {
  const int paragraphs = static_cast<int>(state.range(0));
  Bench& bench = Bench::Get();
  for (auto _ : state) {
    state.PauseTiming();
    const std::string id = bench.Decided(paragraphs);
    state.ResumeTiming();
    bench.Publish(id);
  }
  state.counters["text_bytes"] = static_cast<double>(Bench::TextBytes(paragraphs));
}

// 2 pages: 40 paragraphs, ~6 KB.
BENCHMARK(BM_Publish)
    ->Name("BM_Publish/2_pages")
    ->Arg(40)
    ->Iterations(40)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
// 50 pages: 1,000 paragraphs, ~150 KB.
BENCHMARK(BM_Publish)
    ->Name("BM_Publish/50_pages")
    ->Arg(1000)
    ->Iterations(8)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace chancery

BENCHMARK_MAIN();
