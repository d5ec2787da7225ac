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

}  // namespace
}  // namespace chancery::model
