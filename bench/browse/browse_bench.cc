// Browsing latency (docs/benchmarks.md "Browsing"): the table of contents of the largest FRUS
// dev volume (frus1943China, 788 documents) and previous/next of a record in it, as the public
// reader, in process; plus the one-off catch-up of the browse index after the import.
// Usage: browse_bench [VOLUME.xml] (default ../shared/corpus/frus/dev/frus1943China.xml).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "chancery/archive/collections.h"
#include "chancery/records/importer.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

namespace {

using Steady = std::chrono::steady_clock;

double Ms(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chancery;  // NOLINT: a benchmark's main
  const std::string volume =
      argc > 1 ? argv[1] : std::string(CHANCERY_SHARED_DIR) + "/corpus/frus/dev/frus1943China.xml";
  const std::string dir = std::filesystem::temp_directory_path() / "chancery-browse-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  records::RecordsOptions options;
  options.db_path = dir + "/b.db";
  options.synchronous_full = false;
  auto records = records::Records::Init(options, security::DefaultPolicyText());
  if (!records.ok()) {
    std::fprintf(stderr, "init: %s\n", records.status().ToString().c_str());
    return 1;
  }
  records::Records& r = **records;
  const security::Subject op = r.Administrator("admin:bench");
  records::ImportOptions import;
  auto report = records::ImportPaths(r, op, {volume}, import, {});
  if (!report.ok()) {
    std::fprintf(stderr, "import: %s\n", report.status().ToString().c_str());
    return 1;
  }
  const std::string id =
      report->ids.empty() ? "" : report->ids[0].substr(0, report->ids[0].rfind('-'));
  auto collections = archive::Collections::Open(r);
  const auto c0 = Steady::now();
  if (!(*collections)->CatchUp().ok())
    return 1;
  const auto c1 = Steady::now();
  std::printf(
      "volume %s: %zu documents; browse index catch-up after import %.1f ms (%.3f ms per record)\n",
      id.c_str(), report->ids.size(), Ms(c0, c1),
      Ms(c0, c1) / static_cast<double>(report->ids.size()));
  const security::Subject pub = security::Subject::PublicReader(r.policy());
  std::vector<double> toc, around, show;
  for (int i = 0; i < 30; ++i) {
    auto a = Steady::now();
    auto t = (*collections)->Toc(pub, id);
    auto b = Steady::now();
    if (!t.ok() || t->summary.count != report->ids.size())
      return 1;
    toc.push_back(Ms(a, b));
    const std::string& rec = report->ids[(static_cast<size_t>(i) * 97) % report->ids.size()];
    a = Steady::now();
    auto n = (*collections)->Around(pub, rec);
    b = Steady::now();
    if (!n.ok() || n->empty())
      return 1;
    around.push_back(Ms(a, b));
    a = Steady::now();
    auto s = r.Show(pub, rec);
    b = Steady::now();
    if (!s.ok())
      return 1;
    show.push_back(Ms(a, b));
  }
  std::printf("table of contents (%zu entries): median %.2f ms\n", report->ids.size(), Median(toc));
  std::printf("previous/next of one record: median %.2f ms\n", Median(around));
  std::printf("show of the same record (for scale): median %.2f ms; neighbours/show = %.2f\n",
              Median(show), Median(around) / Median(show));
  std::filesystem::remove_all(dir);
  return 0;
}
