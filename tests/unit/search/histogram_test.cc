// The date histogram (include/chancery/search/histogram.h; docs/search.md "Date histogram"):
// by month when the results span two years or less, else by year, with the empty bins in between.
#include "chancery/search/histogram.h"

#include <gtest/gtest.h>

namespace chancery::search {
namespace {

FacetResult Months(std::vector<FacetBucket> buckets) {
  FacetResult r;
  r.facet = Facet::kMonth;
  r.buckets = std::move(buckets);
  return r;
}

TEST(DateHistogram, NoDatedResultsIsEmpty) {
  EXPECT_EQ(MakeDateHistogram(Months({})), DateHistogram{});
}

TEST(DateHistogram, ANarrowSpanIsByMonthWithEmptyMonthsAndDayBounds) {
  const DateHistogram h = MakeDateHistogram(Months({{"1962-03", 2}, {"1962-01", 5}}));
  EXPECT_EQ(h.unit, "month");
  ASSERT_EQ(h.bins.size(), 3u);
  EXPECT_EQ(h.bins[0], (HistogramBin{"1962-01", "1962-01-01", "1962-01-31", 5}));
  EXPECT_EQ(h.bins[1], (HistogramBin{"1962-02", "1962-02-01", "1962-02-28", 0}));
  EXPECT_EQ(h.bins[2], (HistogramBin{"1962-03", "1962-03-01", "1962-03-31", 2}));
  EXPECT_EQ(MakeDateHistogram(Months({{"1964-02", 1}})).bins[0].to, "1964-02-29");  // leap year
}

TEST(DateHistogram, TwentyFourMonthsIsStillByMonthTwentyFiveIsByYear) {
  EXPECT_EQ(MakeDateHistogram(Months({{"1961-01", 1}, {"1962-12", 1}})).unit, "month");
  const DateHistogram h = MakeDateHistogram(Months({{"1961-01", 1}, {"1963-01", 4}, {"x", 9}}));
  EXPECT_EQ(h.unit, "year");
  ASSERT_EQ(h.bins.size(), 3u);
  EXPECT_EQ(h.bins[0], (HistogramBin{"1961", "1961-01-01", "1961-12-31", 1}));
  EXPECT_EQ(h.bins[1].count, 0u);
  EXPECT_EQ(h.bins[2].count, 4u);
}

TEST(DateHistogram, YearBinsSumTheirMonths) {
  const DateHistogram h =
      MakeDateHistogram(Months({{"1901-05", 2}, {"1901-11", 3}, {"1918-02", 7}}));
  EXPECT_EQ(h.unit, "year");
  EXPECT_EQ(h.bins.size(), 18u);
  EXPECT_EQ(h.bins.front().count, 5u);
  EXPECT_EQ(h.bins.back(), (HistogramBin{"1918", "1918-01-01", "1918-12-31", 7}));
}

TEST(DateHistogram, ARangeClampsEarlierFirstDaysIntoItsFirstMonth) {
  const FacetResult m = Months({{"1961-11", 2}, {"1962-01", 1}, {"1962-05", 3}});
  const DateHistogram year = MakeDateHistogram(m, "1962", "1962");
  EXPECT_EQ(year.unit, "month");
  ASSERT_EQ(year.bins.size(), 12u);   // January to December, whatever the records cover
  EXPECT_EQ(year.bins[0].count, 3u);  // 1 of January + 2 that began in November 1961
  EXPECT_EQ(year.bins[4].count, 3u);
  EXPECT_EQ(year.bins[11].label, "1962-12");
  const DateHistogram months = MakeDateHistogram(m, "1962-02-10", "1962-04");
  ASSERT_EQ(months.bins.size(), 3u);
  EXPECT_EQ(months.bins[0].label, "1962-02");
  EXPECT_EQ(months.bins[0].count, 3u);
  EXPECT_EQ(months.bins[2].count, 3u);  // clamped into the range's last month
}

}  // namespace
}  // namespace chancery::search
