// Digital objects (docs/archive.md "Digital objects", docs/decisions/0013): attach and fetch of
// a 10 MB scan through archive::Files over a fresh store (synchronous=FULL, as chanceryd runs),
// and a 64 KB range read. Prints the median of each; docs/benchmarks.md "Digital objects" has the
// numbers. Usage: files_bench [DIR] (default: a directory under /tmp).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "chancery/archive/files.h"
#include "chancery/audit/signing.h"
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

}  // namespace

int main(int argc, char** argv) {
  using namespace chancery;  // NOLINT(google-build-using-namespace): main only
  const std::string dir =
      argc > 1 ? argv[1]
               : (std::filesystem::temp_directory_path() / "chancery-files-bench").string();
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  records::RecordsOptions options;
  options.db_path = dir + "/store.db";
  auto records = records::Records::Init(options, security::DefaultPolicyText());
  if (!records.ok()) {
    std::fprintf(stderr, "%s\n", records.status().ToString().c_str());
    return 1;
  }
  const security::Subject admin = (*records)->Administrator("admin:bench");
  model::Cable c;
  c.id = "bench-1";
  c.title = "A record with a scan";
  c.body.push_back({"Text.", {}});
  if (!(*records)->Import(admin, {c}, {}).ok()) {
    return 1;
  }
  records::UserSpec keeper;
  keeper.name = "keeper";
  keeper.clearance.level = "TOP SECRET";
  keeper.clearance.roles = {"archivist"};
  if (!(*records)->AddUser(admin, keeper).ok()) {
    return 1;
  }
  const security::Subject archivist = *(*records)->ResolveSubject("keeper");
  archive::FilesOptions fo;
  fo.key_dir = options.db_path + ".keys";
  auto files = archive::Files::Open(**records, fo);
  std::string bytes = "%PDF-1.4\n";
  for (size_t i = 0; bytes.size() < (size_t{10} << 20); ++i) {
    bytes.push_back(static_cast<char>((i * 2654435761U) >> 13));
  }
  constexpr int kRuns = 7;
  std::vector<double> attach;
  std::vector<double> fetch;
  std::vector<double> range;
  std::vector<double> hash;
  for (int run = 0; run < kRuns; ++run) {
    archive::FileUpload u;
    u.name = "scan-" + std::to_string(run) + ".pdf";
    u.bytes = bytes;
    attach.push_back(Millis([&] {
      auto r = (*files)->Attach(archivist, "bench-1", std::move(u));
      if (!r.ok()) {
        std::fprintf(stderr, "%s\n", r.status().ToString().c_str());
        std::exit(1);
      }
    }));
  }
  for (int run = 0; run < 3 * kRuns; ++run) {
    fetch.push_back(Millis([&] {
      auto r = (*files)->Read(admin, "bench-1", "scan-0.pdf", 0, 0, -1, nullptr);
      if (!r.ok() || r->size() != bytes.size()) {
        std::exit(1);
      }
    }));
    range.push_back(Millis([&] {
      auto r = (*files)->Read(admin, "bench-1", "scan-0.pdf", 0, 5 << 20, 64 << 10, nullptr);
      if (!r.ok() || r->size() != (64 << 10)) {
        std::exit(1);
      }
    }));
    hash.push_back(Millis([&] { (void)audit::Sha256Hex(bytes); }));
  }
  const double mb = static_cast<double>(bytes.size()) / (1 << 20);
  std::printf("file: %.1f MB PDF, %d attaches, %d fetches (medians)\n", mb, kRuns, 3 * kRuns);
  std::printf("attach 10 MB:        %8.1f ms  (%.0f MB/s)\n", Median(attach),
              mb / Median(attach) * 1000);
  std::printf("fetch 10 MB:         %8.1f ms  (%.0f MB/s)\n", Median(fetch),
              mb / Median(fetch) * 1000);
  std::printf("fetch 64 KB range:   %8.2f ms\n", Median(range));
  std::printf("sha-256 of 10 MB:    %8.1f ms  (fetch / sha-256 = %.1fx)\n", Median(hash),
              Median(fetch) / Median(hash));
  std::printf("fetch / attach:      %8.2fx\n", Median(fetch) / Median(attach));
  std::filesystem::remove_all(dir);
  return 0;
}
