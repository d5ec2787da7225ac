// The date histogram (include/chancery/search/histogram.h).
#include "chancery/search/histogram.h"

#include <cstdio>
#include <map>

namespace chancery::search {
namespace {

constexpr int kMaxMonths = 24;

bool ParseMonth(const std::string& v, int* year, int* month) {
  if (v.size() != 7 || v[4] != '-') {
    return false;
  }
  for (size_t i : {0u, 1u, 2u, 3u, 5u, 6u}) {
    if (v[i] < '0' || v[i] > '9') {
      return false;
    }
  }
  *year = std::stoi(v.substr(0, 4));
  *month = std::stoi(v.substr(5, 2));
  return *month >= 1 && *month <= 12;
}

int DaysIn(int year, int month) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

std::string Format(const char* format, int a, int b = 0, int c = 0) {
  char buf[32];
  std::snprintf(buf, sizeof buf, format, a, b, c);
  return buf;
}

// "1962" -> 1962 * 12 (+ 11 when `last`), "1962-03[-..]" -> 1962 * 12 + 2; -1 for "" or junk.
int RangeMonth(std::string_view iso, bool last) {
  if (iso.size() < 4) {
    return -1;
  }
  int year = 0;
  int month = 0;
  if (iso.size() >= 7 && ParseMonth(std::string(iso.substr(0, 7)), &year, &month)) {
    return year * 12 + month - 1;
  }
  for (size_t i = 0; i < 4; ++i) {
    if (iso[i] < '0' || iso[i] > '9') {
      return -1;
    }
    year = year * 10 + (iso[i] - '0');
  }
  return year * 12 + (last ? 11 : 0);
}

}  // namespace

DateHistogram MakeDateHistogram(const FacetResult& months, std::string_view from,
                                std::string_view to) {
  const int lo = RangeMonth(from, false);
  const int hi = RangeMonth(to, true);
  std::map<int, uint64_t> by_month;  // year * 12 + month - 1
  for (const FacetBucket& b : months.buckets) {
    int year = 0;
    int month = 0;
    if (ParseMonth(b.value, &year, &month)) {
      int m = year * 12 + month - 1;
      if (lo >= 0 && m < lo) {
        m = lo;
      }
      if (hi >= 0 && m > hi) {
        m = hi;
      }
      by_month[m] += b.count;
    }
  }
  DateHistogram h;
  if (by_month.empty()) {
    return h;
  }
  // The bins span the asked range (at most 200 years of it), else what the results cover.
  int first = by_month.begin()->first;
  int last = by_month.rbegin()->first;
  if (lo >= 0 && lo <= first && first - lo < 200 * 12) {
    first = lo;
  }
  if (hi >= 0 && hi >= last && hi - last < 200 * 12) {
    last = hi;
  }
  if (last - first < kMaxMonths) {
    h.unit = "month";
    for (int m = first; m <= last; ++m) {
      const int year = m / 12;
      const int month = m % 12 + 1;
      const auto it = by_month.find(m);
      h.bins.push_back({Format("%04d-%02d", year, month), Format("%04d-%02d-01", year, month),
                        Format("%04d-%02d-%02d", year, month, DaysIn(year, month)),
                        it == by_month.end() ? 0 : it->second});
    }
    return h;
  }
  h.unit = "year";
  std::map<int, uint64_t> by_year;
  for (const auto& [m, n] : by_month) {
    by_year[m / 12] += n;
  }
  for (int year = first / 12; year <= last / 12; ++year) {
    const auto it = by_year.find(year);
    h.bins.push_back({Format("%04d", year), Format("%04d-01-01", year), Format("%04d-12-31", year),
                      it == by_year.end() ? 0 : it->second});
  }
  return h;
}

}  // namespace chancery::search
