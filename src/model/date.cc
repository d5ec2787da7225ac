#include "chancery/model/date.h"

#include <cstdio>

namespace chancery::model {
namespace {

bool IsLeap(int32_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int32_t DaysInMonth(int32_t y, int32_t m) {
  static constexpr int32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return (m == 2 && IsLeap(y)) ? 29 : kDays[m - 1];
}

// Reads exactly `n` digits at *pos; advances *pos.
bool ReadDigits(std::string_view s, size_t* pos, size_t n, int32_t* out) {
  if (*pos + n > s.size()) {
    return false;
  }
  int32_t v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[*pos + i];
    if (c < '0' || c > '9') {
      return false;
    }
    v = v * 10 + (c - '0');
  }
  *pos += n;
  *out = v;
  return true;
}

bool Expect(std::string_view s, size_t* pos, char c) {
  if (*pos < s.size() && s[*pos] == c) {
    ++*pos;
    return true;
  }
  return false;
}

}  // namespace

int32_t DaysFromCivil(int32_t y, int32_t m, int32_t d) {
  y -= m <= 2 ? 1 : 0;
  const int32_t era = (y >= 0 ? y : y - 399) / 400;
  const int32_t yoe = y - era * 400;
  const int32_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const int32_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

bool IsValidYmd(int32_t y, int32_t m, int32_t d) {
  return y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= DaysInMonth(y, m);
}

Result<Date> Date::Parse(std::string_view iso) {
  auto bad = [&]() {
    return InvalidArgument("invalid date \"" + std::string(iso) +
                           "\": expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS]Z");
  };
  Date d;
  size_t pos = 0;
  if (!ReadDigits(iso, &pos, 4, &d.year_) || d.year_ < 1) {
    return bad();
  }
  d.precision_ = DatePrecision::kYear;
  if (pos < iso.size()) {
    if (!Expect(iso, &pos, '-') || !ReadDigits(iso, &pos, 2, &d.month_) || d.month_ < 1 ||
        d.month_ > 12) {
      return bad();
    }
    d.precision_ = DatePrecision::kMonth;
  }
  if (pos < iso.size()) {
    if (!Expect(iso, &pos, '-') || !ReadDigits(iso, &pos, 2, &d.day_) ||
        !IsValidYmd(d.year_, d.month_, d.day_)) {
      return bad();
    }
    d.precision_ = DatePrecision::kDay;
  }
  if (pos < iso.size()) {
    if (!Expect(iso, &pos, 'T') || !ReadDigits(iso, &pos, 2, &d.hour_) ||
        !Expect(iso, &pos, ':') || !ReadDigits(iso, &pos, 2, &d.minute_) || d.hour_ > 23 ||
        d.minute_ > 59) {
      return bad();
    }
    d.precision_ = DatePrecision::kMinute;
    if (Expect(iso, &pos, ':')) {
      if (!ReadDigits(iso, &pos, 2, &d.second_) || d.second_ > 59) {
        return bad();
      }
      d.precision_ = DatePrecision::kSecond;
    }
    Expect(iso, &pos, 'Z');
  }
  if (pos != iso.size()) {
    return bad();
  }
  return d;
}

Date Date::FromYmd(int32_t year, int32_t month, int32_t day) {
  Date d;
  d.precision_ = DatePrecision::kDay;
  d.year_ = year;
  d.month_ = month;
  d.day_ = day;
  return d;
}

std::string Date::ToIso() const {
  char buf[40];
  switch (precision_) {
    case DatePrecision::kNone: return "";
    case DatePrecision::kYear: std::snprintf(buf, sizeof(buf), "%04d", year_); break;
    case DatePrecision::kMonth: std::snprintf(buf, sizeof(buf), "%04d-%02d", year_, month_); break;
    case DatePrecision::kDay:
      std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year_, month_, day_);
      break;
    case DatePrecision::kMinute:
      std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02dZ", year_, month_, day_, hour_,
                    minute_);
      break;
    case DatePrecision::kSecond:
      std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02dZ", year_, month_, day_,
                    hour_, minute_, second_);
      break;
  }
  return buf;
}

int32_t Date::FirstDay() const {
  return DaysFromCivil(year_, month_ == 0 ? 1 : month_, day_ == 0 ? 1 : day_);
}

int32_t Date::LastDay() const {
  const int32_t m = month_ == 0 ? 12 : month_;
  return DaysFromCivil(year_, m, day_ == 0 ? DaysInMonth(year_, m) : day_);
}

}  // namespace chancery::model
