// Saved searches and alerts (docs/alerts.md, docs/decisions/0014): the cost of evaluating
// 10,000 saved searches when records are written, through archive::Alerts::Run over a fresh
// store (synchronous=FULL, as chanceryd runs). Measures, median of several runs:
//   - one new record: Run() wall time, and the matching part alone (AlertRun::micros);
//   - a batch of 100 new records: the same, per record;
//   - a saved search's delivery (Alerts::List for a reader with alerts).
// Usage: alerts_bench [DIR] [SEARCHES] (defaults: a directory under /tmp, 10000).
// docs/benchmarks.md "Alerts" has the numbers.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "chancery/archive/alerts.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

namespace {

using Clock = std::chrono::steady_clock;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

template <typename F>
double Millis(F f) {
  const auto start = Clock::now();
  f();
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

// Words: a few named ones first, then "w<rank>" up to 20,000 distinct words, drawn with a Zipf
// law (s = 1) as words in text are; a record is 300 of them.
const std::vector<std::string> kNamed = {
    "embassy",    "minister", "treaty", "harbour", "grain",  "tariff",     "summit",     "border",
    "ambassador", "visa",     "press",  "talks",   "soviet", "delegation", "conference", "nuclear"};
const std::vector<std::string> kLanguages = {"Chinese", "Russian", "French", "German", "English"};
constexpr size_t kVocabulary = 20000;

std::string WordAt(size_t rank) {
  return rank < kNamed.size() ? kNamed[rank] : "w" + std::to_string(rank);
}

// A word of a record's text: Zipf over the whole vocabulary.
std::string Word(std::mt19937& rng) {
  static const std::vector<double> cumulative = [] {
    std::vector<double> c(kVocabulary);
    double sum = 0;
    for (size_t r = 0; r < kVocabulary; ++r) {
      c[r] = (sum += 1.0 / static_cast<double>(r + 1));
    }
    return c;
  }();
  std::uniform_real_distribution<double> u(0, cumulative.back());
  const size_t rank = static_cast<size_t>(
      std::lower_bound(cumulative.begin(), cumulative.end(), u(rng)) - cumulative.begin());
  return WordAt(rank);
}

// A word a reader searches for: a topic word, not a stop word (ranks 10..2,000, uniformly).
std::string QueryWord(std::mt19937& rng) {
  return WordAt(10 + rng() % 1990);
}

chancery::model::Cable MakeRecord(std::mt19937& rng, const std::string& id) {
  chancery::model::Cable c;
  c.id = id;
  c.title = QueryWord(rng) + " " + Word(rng) + " " + Word(rng);
  std::string body;
  for (int i = 0; i < 300; ++i) {
    body += Word(rng) + (i % 12 == 11 ? ". " : " ");
  }
  c.body.push_back({body, {}});
  c.date = chancery::model::Date::FromYmd(1950 + static_cast<int>(rng() % 40),
                                          1 + static_cast<int>(rng() % 12),
                                          1 + static_cast<int>(rng() % 28));
  c.archival.original_language = kLanguages[rng() % kLanguages.size()];
  c.current_label.classification = "PUBLIC";
  c.original_marking.label = c.current_label;
  return c;
}

// Queries as readers write them: words, AND/OR, phrases, a field, a date range.
chancery::archive::SavedSearchSpec MakeQuery(std::mt19937& rng) {
  chancery::archive::SavedSearchSpec s;
  switch (rng() % 6) {
    case 0:
      s.query = QueryWord(rng);
      break;
    case 1:
      s.query = QueryWord(rng) + " " + QueryWord(rng);
      break;
    case 2:
      s.query = QueryWord(rng) + " OR " + QueryWord(rng);
      break;
    case 3:
      s.query = "\"" + QueryWord(rng) + " " + QueryWord(rng) + "\"";
      break;
    case 4:
      s.query = QueryWord(rng) + " lang:" + kLanguages[rng() % kLanguages.size()];
      break;
    default:
      s.query = "title:" + QueryWord(rng) + " NOT " + QueryWord(rng);
      break;
  }
  if (rng() % 3 == 0) {
    const int from = 1950 + static_cast<int>(rng() % 35);
    s.from = std::to_string(from);
    s.to = std::to_string(from + 5);
  }
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chancery;  // NOLINT(google-build-using-namespace): main only
  const std::string dir =
      argc > 1 ? argv[1]
               : (std::filesystem::temp_directory_path() / "chancery-alerts-bench").string();
  const int searches = argc > 2 ? std::atoi(argv[2]) : 10000;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  records::RecordsOptions options;
  options.db_path = dir + "/store.db";
  auto records = records::Records::Init(options, security::DefaultPolicyText());
  if (!records.ok()) {
    std::fprintf(stderr, "%s\n", records.status().ToString().c_str());
    return 1;
  }
  records::Records& r = **records;
  const security::Subject admin = r.Administrator("admin:bench");
  auto alerts = archive::Alerts::Open(r);
  std::mt19937 rng(15);
  // Readers: 200 saved searches each (the per-reader cap).
  const int readers = (searches + 199) / 200;
  const double setup_ms = Millis([&] {
    for (int u = 0; u < readers; ++u) {
      records::UserSpec spec;
      spec.name = "reader" + std::to_string(u);
      spec.clearance.level = "PUBLIC";
      if (!r.AddUser(admin, spec).ok()) {
        std::exit(1);
      }
    }
    for (int i = 0; i < searches; ++i) {
      const security::Subject owner = *r.ResolveSubject("reader" + std::to_string(i / 200));
      auto saved = (*alerts)->Save(owner, MakeQuery(rng));
      if (!saved.ok()) {
        std::fprintf(stderr, "save %d: %s\n", i, saved.status().ToString().c_str());
        std::exit(1);
      }
    }
  });
  std::printf("setup: %d readers, %d saved searches in %.0f ms\n", readers, searches, setup_ms);
  (void)(*alerts)->Run();  // loads and compiles the saved queries once (counted apart)
  int next = 0;
  const auto import = [&](int n) {
    std::vector<model::Cable> batch;
    for (int i = 0; i < n; ++i) {
      batch.push_back(MakeRecord(rng, "rec-" + std::to_string(++next)));
    }
    if (!r.Import(admin, std::move(batch), {}).ok()) {
      std::exit(1);
    }
  };
  for (const int batch : {1, 100}) {
    std::vector<double> wall;
    std::vector<double> match;
    int64_t matches = 0;
    constexpr int kRuns = 9;
    for (int run = 0; run < kRuns; ++run) {
      import(batch);
      archive::AlertRun result;
      wall.push_back(Millis([&] { result = *(*alerts)->Run(); }));
      match.push_back(static_cast<double>(result.micros) / 1000.0);
      matches += result.matches;
    }
    std::printf(
        "batch of %3d new record(s) x %d saved searches: Run %.1f ms (%.2f ms per record), "
        "matching %.1f ms (%.2f ms per record, %.2f us per search per batch); %.1f alerts per "
        "record\n",
        batch, searches, Median(wall), Median(wall) / batch, Median(match), Median(match) / batch,
        Median(match) * 1000.0 / searches,
        static_cast<double>(matches) / (kRuns * static_cast<double>(batch)));
  }
  std::vector<double> deliver;
  size_t delivered = 0;
  const security::Subject reader = *r.ResolveSubject("reader0");
  for (int run = 0; run < 9; ++run) {
    deliver.push_back(Millis([&] { delivered = (*alerts)->List(reader, "", 100)->size(); }));
  }
  std::printf("delivery: a reader's newest %zu alerts over their 200 searches in %.1f ms\n",
              delivered, Median(deliver));
  return 0;
}
