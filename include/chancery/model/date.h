// Dates as archives and cable desks give them: a year, a month, a day, or a full date-time in
// UTC, with the precision the source has. Stored as a normalized ISO 8601 string so that records
// round-trip exactly; value type, thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/base/result.h"

namespace chancery::model {

enum class DatePrecision : int8_t { kNone = 0, kYear, kMonth, kDay, kMinute, kSecond };

class Date {
 public:
  Date() = default;

  // Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[Z]", "YYYY-MM-DDTHH:MM:SS[Z]"
  // (a trailing Z is accepted and implied: all times are UTC). Rejects impossible dates
  // (month 13, February 30), years before 1 or after 9999, and anything else with
  // kInvalidArgument naming the offending text.
  static Result<Date> Parse(std::string_view iso);
  // A day date; REQUIRES: a valid calendar date.
  static Date FromYmd(int32_t year, int32_t month, int32_t day);

  bool IsSet() const { return precision_ != DatePrecision::kNone; }
  DatePrecision Precision() const { return precision_; }
  int32_t Year() const { return year_; }
  int32_t Month() const { return month_; }
  int32_t Day() const { return day_; }

  // Canonical ISO 8601: "1963", "1963-03", "1963-03-13", "1961-02-25T21:00Z",
  // "1961-02-25T21:00:05Z". Empty when not set.
  std::string ToIso() const;

  // Days since 1970-01-01 of the first / last day this date covers ("1963" covers
  // 1963-01-01..1963-12-31). REQUIRES: IsSet().
  int32_t FirstDay() const;
  int32_t LastDay() const;

  friend bool operator==(const Date& a, const Date& b) = default;

 private:
  DatePrecision precision_ = DatePrecision::kNone;
  int32_t year_ = 0;
  int32_t month_ = 0;
  int32_t day_ = 0;
  int32_t hour_ = 0;
  int32_t minute_ = 0;
  int32_t second_ = 0;
};

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int32_t DaysFromCivil(int32_t year, int32_t month, int32_t day);
// True for a real calendar date.
bool IsValidYmd(int32_t year, int32_t month, int32_t day);

}  // namespace chancery::model
