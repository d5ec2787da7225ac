// Audit log growth under public read load (issue 11, "Growth"): the same anonymous searches and
// shows of public records against two stores side by side, one with the policy's
// `audit-reads each` and one with `audit-reads aggregate 1m` (the default), interleaved in
// rounds so that machine noise hits both alike. Prints the store's growth per read and the
// reads per second of each, then `audit verify` of both.
//
//   audit_growth_bench [READS=20000] [ROUNDS=5] [DIR=/tmp]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "chancery/records/records.h"
#include "chancery/security/policy.h"

namespace {

using namespace chancery;  // NOLINT(google-build-using-namespace): benchmark main only

struct Side {
  std::string name;
  std::string db;
  std::unique_ptr<records::Records> records;
  std::vector<double> seconds;
  uintmax_t bytes_before = 0;
};

uintmax_t StoreBytes(const std::string& db) {
  uintmax_t total = 0;
  for (const char* suffix : {"", "-wal"}) {
    std::error_code ec;
    const uintmax_t size = std::filesystem::file_size(db + suffix, ec);
    total += ec ? 0 : size;
  }
  return total;
}

}  // namespace

int main(int argc, char** argv) {
  const long reads = argc > 1 ? std::atol(argv[1]) : 20000;
  const int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  const std::string dir = std::string(argc > 3 ? argv[3] : "/tmp") + "/audit-growth-bench";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::vector<Side> sides(2);
  sides[0].name = "audit-reads each";
  sides[1].name = "audit-reads aggregate 1m";
  for (size_t s = 0; s < sides.size(); ++s) {
    std::string policy(security::DefaultPolicyText());
    const std::string shipped = "audit-reads aggregate 1m";
    policy.replace(policy.find(shipped), shipped.size(), sides[s].name);
    records::RecordsOptions options;
    options.db_path = dir + "/store-" + std::to_string(s) + ".db";
    sides[s].db = options.db_path;
    auto opened = records::Records::Init(options, policy);
    if (!opened.ok()) {
      std::fprintf(stderr, "%s\n", opened.status().ToString().c_str());
      return 1;
    }
    sides[s].records = std::move(opened).value();
    std::vector<model::Cable> cables;
    for (int i = 0; i < 100; ++i) {
      model::Cable c;
      c.id = "pub-" + std::to_string(i);
      c.title = "Grain talks " + std::to_string(i);
      c.date = *model::Date::Parse("1963-03-13");
      model::Paragraph p;
      p.text = "The delegation discussed grain tariffs and shipping, item " + std::to_string(i);
      c.body.push_back(p);
      cables.push_back(std::move(c));
    }
    records::ImportOptions import_options;  // no marking: the public level
    auto imported = sides[s].records->Import(sides[s].records->Administrator("admin:bench"),
                                             std::move(cables), import_options);
    if (!imported.ok()) {
      std::fprintf(stderr, "%s\n", imported.status().ToString().c_str());
      return 1;
    }
    (void)sides[s].records->Checkpoint();
    sides[s].bytes_before = StoreBytes(sides[s].db);
  }
  const long per_round = reads / rounds;
  for (int round = 0; round < rounds; ++round) {
    for (Side& side : sides) {
      records::Records& r = *side.records;
      const security::Subject reader = *r.ResolveSubject(std::nullopt);
      const auto start = std::chrono::steady_clock::now();
      for (long i = 0; i < per_round; ++i) {
        if (i % 2 == 0) {
          records::SearchRequest q;
          q.query = "grain";
          (void)r.Search(reader, q);
        } else {
          (void)r.Show(reader, "pub-" + std::to_string(i % 100));
        }
      }
      side.seconds.push_back(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    }
  }
  for (Side& side : sides) {
    (void)side.records->Checkpoint();
    auto report = side.records->VerifyAudit(std::nullopt);
    std::sort(side.seconds.begin(), side.seconds.end());
    const double median = side.seconds[side.seconds.size() / 2];
    const uintmax_t grown = StoreBytes(side.db) - side.bytes_before;
    std::printf(
        "%-26s %8.0f reads/s (median of %d rounds of %ld), store grew %.1f MB = %.1f "
        "bytes/read; %lld audit entries, verify %s\n",
        side.name.c_str(), static_cast<double>(per_round) / median, rounds, per_round,
        static_cast<double>(grown) / 1e6,
        static_cast<double>(grown) / static_cast<double>(per_round * rounds),
        report.ok() ? static_cast<long long>(report->entries) : -1LL,
        report.ok() && report->status.ok() ? "ok" : "FAILED");
  }
  sides.clear();
  std::filesystem::remove_all(dir);
  return 0;
}
