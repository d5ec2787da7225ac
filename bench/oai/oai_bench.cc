// A full OAI-PMH harvest of a large public store (issue 15 "Measure"; docs/benchmarks.md
// "OAI-PMH"): builds a store of N public records (FRUS-sized: a title, five paragraphs, a
// volume of 500 documents, a date), stamps them, then harvests ListRecords oai_dc (or
// ListIdentifiers) page by page through OaiProvider::Handle, timing every page.
//
// Usage: oai_bench DIR [--records N] [--verb ListRecords|ListIdentifiers] [--keep]
// A DIR that already holds oai.db is reused (built once, harvested many times).
// Prints: build and stamping time, pages, pages/s, p50/p99/max per page over the first 10% and
// the last 10% of pages and over all, and the process's peak RSS.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "chancery/archive/oai.h"
#include "chancery/records/records.h"

namespace {

using chancery::model::Cable;
using Clock = std::chrono::steady_clock;

double Ms(Clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

Cable Synthetic(int i) {
  Cable c;
  c.id = "frusbench-v" + std::to_string(i / 500) + "-d" + std::to_string(i % 500 + 1);
  c.title = "Telegram From the Embassy to the Department of State, number " + std::to_string(i);
  for (int p = 0; p < 5; ++p) {
    c.body.push_back({"Paragraph " + std::to_string(p) +
                          " of a synthetic FRUS document: the ambassador reported on the talks, "
                          "the grain agreement, the harbour and the treaty at some length, as "
                          "the historians of the Office print it in the volume.",
                      std::nullopt});
  }
  c.current_label.classification = "PUBLIC";
  c.current_label.Normalize();
  c.original_marking.label = c.current_label;
  c.original_marking.verbatim = "Confidential";
  c.date = chancery::model::Date::FromYmd(1945 + (i % 40), 1 + i % 12, 1 + i % 28);
  c.kind = chancery::model::DocumentKind::kTelegram;
  c.office = "Department of State";
  c.archival.collection = "frusbench-v" + std::to_string(i / 500);
  c.archival.collection_title = "Benchmark volume " + std::to_string(i / 500);
  c.archival.position = i % 500 + 1;
  return c;
}

void Report(const char* what, std::vector<double> v) {
  if (v.empty()) {
    return;
  }
  std::sort(v.begin(), v.end());
  const auto at = [&](double q) {
    return v[std::min(v.size() - 1, static_cast<size_t>(q * v.size()))];
  };
  std::printf("%-22s pages %5zu  p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", what, v.size(),
              at(0.50), at(0.99), v.back());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: oai_bench DIR [--records N] [--verb VERB]\n");
    return 2;
  }
  const std::string dir = argv[1];
  int records = 46100;
  std::string verb = "ListRecords";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--records") == 0)
      records = std::atoi(argv[i + 1]);
    if (std::strcmp(argv[i], "--verb") == 0)
      verb = argv[i + 1];
  }
  std::filesystem::create_directories(dir);
  chancery::records::RecordsOptions options;
  options.db_path = dir + "/oai.db";
  options.synchronous_full = false;
  const bool fresh = !std::filesystem::exists(options.db_path);
  std::string policy;
  if (fresh) {
    std::FILE* f = std::fopen(CHANCERY_SOURCE_DIR "/policy/default.policy", "r");
    if (f == nullptr)
      return 1;
    char buf[4096];
    for (size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
      policy.append(buf, n);
    std::fclose(f);
  }
  auto opened = fresh ? chancery::records::Records::Init(options, policy)
                      : chancery::records::Records::Open(options);
  if (!opened.ok()) {
    std::fprintf(stderr, "open: %s\n", opened.status().ToString().c_str());
    return 1;
  }
  chancery::records::Records& r = **opened;
  const auto t0 = Clock::now();
  if (fresh) {
    const chancery::security::Subject admin = r.Administrator("bench");
    for (int i = 0; i < records; i += 500) {
      std::vector<Cable> batch;
      for (int k = i; k < std::min(records, i + 500); ++k)
        batch.push_back(Synthetic(k));
      auto done = r.Import(admin, std::move(batch), {});
      if (!done.ok()) {
        std::fprintf(stderr, "import: %s\n", done.status().ToString().c_str());
        return 1;
      }
    }
  }
  const auto t1 = Clock::now();
  auto oai = chancery::archive::OaiProvider::Open(r, {});
  if (!oai.ok())
    return 1;
  if (auto s = (*oai)->CatchUp(); !s.ok()) {
    std::fprintf(stderr, "stamp: %s\n", s.ToString().c_str());
    return 1;
  }
  const auto t2 = Clock::now();
  std::printf("records %d  import %.1f s  stamping %.1f s\n", records, Ms(t1 - t0) / 1000,
              Ms(t2 - t1) / 1000);
  std::vector<double> pages;
  size_t items = 0;
  const std::regex token("<resumptionToken[^>]*>([^<]+)</resumptionToken>");
  chancery::archive::OaiArgs args = {{"verb", verb}, {"metadataPrefix", "oai_dc"}};
  const auto start = Clock::now();
  for (;;) {
    const auto a = Clock::now();
    auto xml = (*oai)->Handle(args);
    pages.push_back(Ms(Clock::now() - a));
    if (!xml.ok()) {
      std::fprintf(stderr, "page %zu: %s\n", pages.size(), xml.status().ToString().c_str());
      return 1;
    }
    for (size_t at = xml->find("<header"); at != std::string::npos;
         at = xml->find("<header", at + 1))
      ++items;
    std::smatch m;
    if (!std::regex_search(*xml, m, token))
      break;
    args = {{"verb", verb}, {"resumptionToken", m[1]}};
  }
  const double total = Ms(Clock::now() - start);
  rusage ru{};
  getrusage(RUSAGE_SELF, &ru);
  std::printf("%s: %zu items in %zu pages, %.1f s, %.1f pages/s, peak RSS %ld MB\n", verb.c_str(),
              items, pages.size(), total / 1000, pages.size() / (total / 1000),
              ru.ru_maxrss / 1024);
  const size_t tenth = std::max<size_t>(1, pages.size() / 10);
  Report("first 10% of pages",
         std::vector<double>(pages.begin(), pages.begin() + static_cast<long>(tenth)));
  Report("last 10% of pages",
         std::vector<double>(pages.end() - static_cast<long>(tenth), pages.end()));
  Report("all pages", pages);
  return 0;
}
