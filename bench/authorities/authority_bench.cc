// Name authorities on a store (docs/benchmarks.md "Name authorities"): variant-expanded person:
// search against the plain person: search of the same names, in one run, interleaved, as the
// public reader; and authority look-up (show with its records, find, chief).
//
//   authority_bench --db STORE [--rounds N] [--query Q ...] [NAME ...]
//
// --query times each Q as written (to compare query shapes) and, without NAMEs, stops there.
// The store must hold the records (FRUS) and the authorities (POCOM and the seed's people,
// linked). Prints per-name medians and the ratio of the sums of medians.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "chancery/archive/authorities.h"
#include "chancery/records/records.h"

namespace {

using Steady = std::chrono::steady_clock;

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

double Micros(Steady::time_point a, Steady::time_point b) {
  return std::chrono::duration<double, std::micro>(b - a).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace chancery;  // NOLINT(google-build-using-namespace): main only
  std::string db;
  int rounds = 21;
  std::vector<std::string> names;
  std::vector<std::string> raw;  // --query Q: time Q as written too (to compare query shapes)
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--query") == 0 && i + 1 < argc) {
      raw.emplace_back(argv[++i]);
    } else if (std::strcmp(argv[i], "--db") == 0 && i + 1 < argc) {
      db = argv[++i];
    } else if (std::strcmp(argv[i], "--rounds") == 0 && i + 1 < argc) {
      rounds = std::atoi(argv[++i]);
    } else {
      names.emplace_back(argv[i]);
    }
  }
  if (db.empty()) {
    std::fprintf(stderr, "usage: authority_bench --db STORE [--rounds N] [NAME ...]\n");
    return 2;
  }
  const bool names_given = !names.empty();
  if (names.empty()) {
    names = {"Kohler", "Rusk",      "Bohlen",      "Thompson", "Harriman",   "Dulles",
             "Bowles", "Drumright", "Chervonenko", "Zhou",     "Khrushchev", "Kennan"};
  }
  records::RecordsOptions options;
  options.db_path = db;
  auto records = records::Records::Open(options);
  if (!records.ok()) {
    std::fprintf(stderr, "%s\n", records.status().ToString().c_str());
    return 1;
  }
  auto authorities = archive::Authorities::Open(**records);
  const security::Subject reader = security::Subject::PublicReader((*records)->policy());
  auto search = [&](const std::string& q, uint64_t* total) {
    records::SearchRequest request;
    request.query = q;
    request.limit = 10;
    auto r = (*records)->Search(reader, request);
    *total = r.ok() ? r->total : 0;
  };
  (void)(*authorities)->ExpandQuery("person:x");  // build the in-memory index once
  for (const std::string& q : raw) {
    std::vector<double> t;
    uint64_t n = 0;
    for (int r = 0; r < rounds; ++r) {
      auto t0 = Steady::now();
      search(q, &n);
      t.push_back(Micros(t0, Steady::now()));
    }
    std::printf("%8.0f us %7llu  %s\n", Median(t), static_cast<unsigned long long>(n), q.c_str());
  }
  if (!raw.empty() && !names_given)
    return 0;
  double sum_plain = 0;
  double sum_expanded = 0;
  std::printf("%-12s %10s %10s %9s %9s %9s %6s\n", "name", "plain_us", "expand_us", "of_which",
              "plain_n", "expand_n", "ratio");
  for (const std::string& name : names) {
    const std::string plain = "person:" + name;
    std::vector<double> tp;
    std::vector<double> te;
    std::vector<double> tx;  // the expansion alone
    uint64_t np = 0;
    uint64_t ne = 0;
    for (int r = 0; r < rounds; ++r) {  // interleaved: the same cache state for both
      auto t0 = Steady::now();
      search(plain, &np);
      auto t1 = Steady::now();
      auto expanded = (*authorities)->ExpandQuery(plain);  // a real request pays the expansion
      auto t1b = Steady::now();
      if (r == 0 && std::getenv("SHOW_EXPANSION") != nullptr)  // what the names become
        std::fprintf(stderr, "%s\n", expanded.ok() ? expanded->c_str() : "?");
      search(expanded.ok() ? *expanded : plain, &ne);
      auto t2 = Steady::now();
      tp.push_back(Micros(t0, t1));
      te.push_back(Micros(t1, t2));
      tx.push_back(Micros(t1, t1b));
    }
    const double mp = Median(tp);
    const double me = Median(te);
    sum_plain += mp;
    sum_expanded += me;
    std::printf("%-12s %10.0f %10.0f %9.0f %9llu %9llu %6.2f\n", name.c_str(), mp, me, Median(tx),
                static_cast<unsigned long long>(np), static_cast<unsigned long long>(ne), me / mp);
  }
  std::printf("sum of medians: plain %.0f us, expanded %.0f us, ratio %.2f\n", sum_plain,
              sum_expanded, sum_expanded / sum_plain);
  // Look-ups.
  std::vector<double> show;
  std::vector<double> find;
  std::vector<double> chief;
  for (int r = 0; r < rounds; ++r) {
    for (const std::string& name : names) {
      auto t0 = Steady::now();
      (void)(*authorities)->Find(name, std::nullopt, 20);
      auto t1 = Steady::now();
      (void)(*authorities)->Show(reader, name, 20);
      auto t2 = Steady::now();
      find.push_back(Micros(t0, t1));
      show.push_back(Micros(t1, t2));
    }
    auto t0 = Steady::now();
    (void)(*authorities)->Chief("Moscow", "1963-03-04");
    chief.push_back(Micros(t0, Steady::now()));
  }
  std::printf(
      "look-up medians: find %.0f us, show (with its records search) %.0f us, chief %.0f "
      "us\n",
      Median(find), Median(show), Median(chief));
  return 0;
}
