#include "chancery/model/date.h"

#include <gtest/gtest.h>

namespace chancery::model {
namespace {

TEST(Date, ParsesEachPrecisionAndRendersCanonically) {
  EXPECT_EQ(Date::Parse("1963")->ToIso(), "1963");
  EXPECT_EQ(Date::Parse("1963-03")->ToIso(), "1963-03");
  EXPECT_EQ(Date::Parse("1963-03-13")->ToIso(), "1963-03-13");
  EXPECT_EQ(Date::Parse("1961-02-25T21:00")->ToIso(), "1961-02-25T21:00Z");
  EXPECT_EQ(Date::Parse("1961-02-25T21:00:05Z")->ToIso(), "1961-02-25T21:00:05Z");
}

TEST(Date, RejectsImpossibleDates) {
  EXPECT_FALSE(Date::Parse("1963-02-30").ok());
  EXPECT_FALSE(Date::Parse("1963-13").ok());
  EXPECT_FALSE(Date::Parse("0000").ok());
  EXPECT_FALSE(Date::Parse("1963-03-13T24:00").ok());
  EXPECT_FALSE(Date::Parse("March 13, 1963").ok());
  EXPECT_TRUE(Date::Parse("1964-02-29").ok());
  EXPECT_FALSE(Date::Parse("1900-02-29").ok());
}

TEST(Date, DayRangeCoversThePrecision) {
  Date year = *Date::Parse("1963");
  EXPECT_EQ(year.FirstDay(), DaysFromCivil(1963, 1, 1));
  EXPECT_EQ(year.LastDay(), DaysFromCivil(1963, 12, 31));
  Date feb = *Date::Parse("1964-02");
  EXPECT_EQ(feb.LastDay(), DaysFromCivil(1964, 2, 29));
  EXPECT_EQ(DaysFromCivil(1970, 1, 1), 0);
}

TEST(Date, LocalTimeAtAnOffsetRoundTripsWithItsZone) {
  Date taipei = *Date::Parse("1961-02-25T21:00+08:00[Asia/Taipei]");
  EXPECT_EQ(taipei.Basis(), TimeBasis::kOffset);
  EXPECT_EQ(taipei.OffsetMinutes(), 480);
  EXPECT_EQ(taipei.Zone(), "Asia/Taipei");
  EXPECT_EQ(taipei.ToIso(), "1961-02-25T21:00+08:00[Asia/Taipei]");
  EXPECT_EQ(Date::Parse("1961-02-25T21:00-05:00")->ToIso(), "1961-02-25T21:00-05:00");
  EXPECT_EQ(Date::Parse("1917-07-17T21:00[local]")->Basis(), TimeBasis::kLocal);
  EXPECT_EQ(Date::Parse("1917-07-17T21:00[local]")->ToIso(), "1917-07-17T21:00[local]");
}

TEST(Date, UtcIsStillTheDefaultSoOldRecordsLoadUnchanged) {
  EXPECT_EQ(Date::Parse("1961-02-25T21:00Z")->Basis(), TimeBasis::kUtc);
  EXPECT_EQ(Date::Parse("1961-02-25T21:00Z")->ToIso(), "1961-02-25T21:00Z");
  EXPECT_EQ(*Date::Parse("1961-02-25T21:00"), *Date::Parse("1961-02-25T21:00Z"));
}

TEST(Date, RejectsMalformedDesignators) {
  EXPECT_FALSE(Date::Parse("1961-02-25T21:00+19:00").ok());
  EXPECT_FALSE(Date::Parse("1961-02-25T21:00+0800").ok());
  EXPECT_FALSE(Date::Parse("1961-02-25T21:00[Asia/Taipei]").ok());
  EXPECT_FALSE(Date::Parse("1961-02-25T21:00+08:00[../etc/passwd]").ok());
  EXPECT_FALSE(Date::Parse("1961-02-25T21:00+08:00[Asia/Taipei").ok());
  EXPECT_FALSE(Date::Parse("1961-02-25+08:00").ok());
}

TEST(Date, ToUtcGivesTheInstantAcrossDayBoundaries) {
  EXPECT_EQ(Date::Parse("1961-02-25T21:00+08:00[Asia/Taipei]")->ToUtc().ToIso(),
            "1961-02-25T13:00Z");
  EXPECT_EQ(Date::Parse("1961-03-01T03:30+08:00")->ToUtc().ToIso(), "1961-02-28T19:30Z");
  EXPECT_EQ(Date::Parse("1961-12-31T21:00-05:00")->ToUtc().ToIso(), "1962-01-01T02:00Z");
}

TEST(Date, SortSecondsOrdersByTheTrueInstant) {
  const Date taipei_9pm = *Date::Parse("1961-02-25T21:00+08:00[Asia/Taipei]");  // 13:00Z
  const Date washington_10am = *Date::Parse("1961-02-25T10:00-05:00");          // 15:00Z
  EXPECT_LT(taipei_9pm.SortSeconds(), washington_10am.SortSeconds());
  EXPECT_EQ(Date::Parse("1970-01-01T01:00+01:00")->SortSeconds(), 0);
  EXPECT_EQ(Date::Parse("1970-01-02")->SortSeconds(), 86400);
}

TEST(Date, DisplaysInTheSourcesOwnTerms) {
  const Date taipei = *Date::Parse("1961-02-25T21:00+08:00[Asia/Taipei]");
  EXPECT_EQ(DisplayDate(taipei, "Taipei"), "February 25, 1961, 9 p.m., Taipei");
  EXPECT_EQ(DisplayDate(taipei), "February 25, 1961, 9 p.m. UTC+08:00");
  EXPECT_EQ(DisplayDate(*Date::Parse("1969-01-11T20:50Z"), "Lagos"), "January 11, 1969, 2050Z");
  EXPECT_EQ(DisplayDate(*Date::Parse("1961-02-25T12:00[local]"), "Seoul"),
            "February 25, 1961, noon, Seoul");
  EXPECT_EQ(DisplayDate(*Date::Parse("1961-02-25T09:30-05:00")),
            "February 25, 1961, 9:30 a.m. UTC-05:00");
  EXPECT_EQ(DisplayDate(*Date::Parse("1963-03-13"), "Beijing"), "March 13, 1963");
  EXPECT_EQ(DisplayDate(*Date::Parse("1963-03")), "March 1963");
  EXPECT_EQ(DisplayDate(Date()), "");
}

TEST(Date, CivilFromDaysInvertsDaysFromCivil) {
  for (int32_t days : {-719468, -1, 0, 59, 10000, 2932896}) {
    int32_t y = 0;
    int32_t m = 0;
    int32_t d = 0;
    CivilFromDays(days, &y, &m, &d);
    EXPECT_EQ(DaysFromCivil(y, m, d), days);
  }
}

}  // namespace
}  // namespace chancery::model
