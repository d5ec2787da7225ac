// The date histogram of a search's current results (docs/search.md "Date histogram"): counts by
// year, or by month when the results span two years or less, made from the month facet
// (Facet::kMonth), so it counts exactly what the facet counts: the visible matching records, by
// the first day each covers. Pure function; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/search/search_index.h"

namespace chancery::search {

struct HistogramBin {
  std::string label;  // "1963" or "1963-03"
  std::string from;   // first day, ISO: "1963-01-01" / "1963-03-01"
  std::string to;     // last day, ISO: "1963-12-31" / "1963-03-31"
  uint64_t count = 0;
  friend bool operator==(const HistogramBin&, const HistogramBin&) = default;
};

struct DateHistogram {
  std::string unit;                // "year", "month", or "" when no result is dated
  std::vector<HistogramBin> bins;  // consecutive (empty years or months included), in order
  friend bool operator==(const DateHistogram&, const DateHistogram&) = default;
};

// From the month facet's buckets ("YYYY-MM", any order; others are ignored). By month when the
// first and last month are at most 24 months apart, else by year. With a date range (the search's
// from/to, ISO "YYYY", "YYYY-MM" or "YYYY-MM-DD"; "" for none), a record whose first day is
// before the range (it overlaps the range from earlier) counts in the range's first month, so the
// bins are those of the range and their counts still add up to the dated results.
DateHistogram MakeDateHistogram(const FacetResult& months, std::string_view from = {},
                                std::string_view to = {});

}  // namespace chancery::search
