// Dates as archives and cable desks give them: a year, a month, a day, or a date-time, with the
// precision the source has. A date-time keeps the terms the source gives it in (docs/format/
// dates.md): UTC for a date-time group ("251300Z"), the local time at a known UTC offset and
// time zone where the source gives a place ("Taipei, February 25, 1961, 9 p.m." is
// 21:00+08:00[Asia/Taipei]), or a local time whose zone is unknown. Stored as a normalized
// ISO 8601 / RFC 9557 string so that records round-trip exactly; value type, thread-compatible.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/base/result.h"

namespace chancery::model {

enum class DatePrecision : int8_t { kNone = 0, kYear, kMonth, kDay, kMinute, kSecond };

// What a date-time's clock reading is relative to. Dates without a time are calendar dates as
// the source gives them and have no basis (kUtc by default).
enum class TimeBasis : int8_t {
  kUtc = 0,  // "1961-02-25T21:00Z": UTC (a date-time group; every date-time stored before zones)
  kOffset,   // "1961-02-25T21:00+08:00[Asia/Taipei]": local time at a known offset (zone optional)
  kLocal,    // "1961-02-25T21:00[local]": local time of the place, zone unknown
};

class Date {
 public:
  Date() = default;

  // Parses "YYYY", "YYYY-MM", "YYYY-MM-DD", and a date-time "YYYY-MM-DDTHH:MM[:SS]" followed by
  // a time designator: "Z" or none (UTC: a time without designator is UTC, as it always was
  // here), "+HH:MM" / "-HH:MM" optionally followed by "[Area/Location]" (RFC 9557), or "[local]".
  // Rejects impossible dates (month 13, February 30), years before 1 or after 9999, offsets
  // beyond 18 hours, zone names outside [A-Za-z0-9/_+-] and anything else with kInvalidArgument
  // naming the offending text.
  static Result<Date> Parse(std::string_view iso);
  // A day date; REQUIRES: a valid calendar date.
  static Date FromYmd(int32_t year, int32_t month, int32_t day);

  bool IsSet() const { return precision_ != DatePrecision::kNone; }

  DatePrecision Precision() const { return precision_; }

  int32_t Year() const { return year_; }

  int32_t Month() const { return month_; }

  int32_t Day() const { return day_; }

  int32_t Hour() const { return hour_; }

  int32_t Minute() const { return minute_; }

  int32_t Second() const { return second_; }

  bool HasTime() const { return precision_ >= DatePrecision::kMinute; }

  TimeBasis Basis() const { return basis_; }

  // Minutes east of UTC of the local time (kOffset); 0 otherwise.
  int32_t OffsetMinutes() const { return offset_minutes_; }

  // The IANA time zone of the local time ("Asia/Taipei"), when known; empty otherwise.
  const std::string& Zone() const { return zone_; }

  // This date-time as a local time at `offset_minutes` east of UTC in `zone` (may be empty).
  // REQUIRES: HasTime(), |offset_minutes| <= 18 * 60, zone empty or a valid zone name.
  Date AtOffset(int32_t offset_minutes, std::string_view zone) const;
  // This date-time as a local time of unknown zone. REQUIRES: HasTime().
  Date AsLocal() const;

  // True when this is a date-time whose instant is known (kUtc or kOffset).
  bool HasInstant() const { return HasTime() && basis_ != TimeBasis::kLocal; }

  // The same instant in UTC ("1961-02-25T13:00Z" for 21:00+08:00); the date itself for a date
  // without a time or a kLocal time.
  Date ToUtc() const;
  // Seconds since 1970-01-01T00:00Z of the instant, for sorting: a kLocal time counts as UTC,
  // a calendar date as its first moment in UTC. REQUIRES: IsSet().
  int64_t SortSeconds() const;

  // Canonical form: "1963", "1963-03", "1963-03-13", "1961-02-25T21:00Z",
  // "1961-02-25T21:00:05Z", "1961-02-25T21:00+08:00[Asia/Taipei]", "1961-02-25T21:00[local]".
  // Empty when not set.
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
  TimeBasis basis_ = TimeBasis::kUtc;
  int32_t offset_minutes_ = 0;
  std::string zone_;
};

// "February 25, 1961, 9 p.m., Taipei" (the FRUS dateline's own terms) for a local time with
// `place`; "February 25, 1961, 1300Z" for a UTC time; "February 25, 1961" for a day;
// "February 1961", "1961". `place` is used only for local times; when it is empty a known zone
// is shown by its offset ("9 p.m. UTC+08:00"). Empty for an unset date.
std::string DisplayDate(const Date& date, std::string_view place = {});

// Days since 1970-01-01 for a proleptic Gregorian date (Howard Hinnant's days_from_civil).
int32_t DaysFromCivil(int32_t year, int32_t month, int32_t day);
// The civil date of `days` since 1970-01-01 (Howard Hinnant's civil_from_days).
void CivilFromDays(int32_t days, int32_t* year, int32_t* month, int32_t* day);
// True for a real calendar date.
bool IsValidYmd(int32_t year, int32_t month, int32_t day);

}  // namespace chancery::model
