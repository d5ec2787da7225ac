// Audit appends per second with checkpointing (issue 11, "Measure"): T threads each make audited
// reads (Records::Show of a missing id: one audit entry each, group-committed), while Records
// signs a checkpoint at most once a second after a consistency proof; then one checkpoint at the
// end, `audit verify` of the whole log, and the sizes of an inclusion and a consistency proof.
//
//   audit_bench [ENTRIES=20000] [THREADS=2] [DIR=/tmp]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include "chancery/records/records.h"
#include "chancery/security/policy.h"

namespace {

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chancery;  // NOLINT(google-build-using-namespace): main only
  const long entries = argc > 1 ? std::atol(argv[1]) : 20000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const std::string dir = std::string(argc > 3 ? argv[3] : "/tmp") + "/audit-bench";
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
  const security::Subject reader = *r.ResolveSubject(std::nullopt);
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      for (long i = t; i < entries; i += threads) {
        (void)r.Show(reader, "missing-" + std::to_string(i));
      }
    });
  }
  for (auto& w : workers) {
    w.join();
  }
  const Status signed_status = r.Checkpoint();
  const double append_seconds = Seconds(start);
  const auto verify_start = std::chrono::steady_clock::now();
  auto report = r.VerifyAudit(std::nullopt);
  const double verify_seconds = Seconds(verify_start);
  if (!signed_status.ok() || !report.ok() || !report->status.ok()) {
    std::fprintf(stderr, "checkpoint or verify failed\n");
    return 1;
  }
  const int64_t n = report->entries;
  const auto proof_start = std::chrono::steady_clock::now();
  auto inclusion = r.ProveAuditInclusion(n / 2, n);
  const double inclusion_ms = Seconds(proof_start) * 1e3;
  const auto consistency_start = std::chrono::steady_clock::now();
  auto consistency = r.ProveAuditConsistency(n / 3, n);
  const double consistency_ms = Seconds(consistency_start) * 1e3;
  std::error_code size_error;
  const auto store_bytes = std::filesystem::file_size(options.db_path, size_error);
  std::printf(
      "entries %lld, threads %d: %.0f appends/s with checkpointing (%.2f s); "
      "%lld checkpoints\n",
      static_cast<long long>(n), threads, static_cast<double>(n) / append_seconds, append_seconds,
      static_cast<long long>(report->checkpoints));
  std::printf("audit verify: %.2f s (%.0f entries/s)\n", verify_seconds,
              static_cast<double>(n) / verify_seconds);
  std::printf("inclusion proof of entry %lld in %lld: %zu hashes (%zu bytes), %.2f ms\n",
              static_cast<long long>(n / 2), static_cast<long long>(n),
              inclusion.ok() ? inclusion->proof.size() : 0,
              inclusion.ok() ? 32 * inclusion->proof.size() : 0, inclusion_ms);
  std::printf("consistency proof %lld -> %lld: %zu hashes (%zu bytes), %.2f ms\n",
              static_cast<long long>(n / 3), static_cast<long long>(n),
              consistency.ok() ? consistency->proof.size() : 0,
              consistency.ok() ? 32 * consistency->proof.size() : 0, consistency_ms);
  if (!size_error) {
    std::printf("store file: %.1f MB, %.0f bytes per entry\n",
                static_cast<double>(store_bytes) / 1e6,
                static_cast<double>(store_bytes) / static_cast<double>(n));
  }
  std::filesystem::remove_all(dir);
  return 0;
}
