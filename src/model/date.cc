#include "chancery/model/date.h"

#include <cstdio>
#include <cstdlib>

namespace chancery::model {
namespace {

bool IsLeap(int32_t y) {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

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

constexpr int32_t kMaxOffsetMinutes = 18 * 60;
constexpr std::string_view kLocalTag = "[local]";

bool IsZoneChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '/' ||
         c == '_' || c == '+' || c == '-';
}

bool IsZoneName(std::string_view zone) {
  if (zone.empty() || zone.size() > 64 || zone.front() == '/' || zone.find("..") != zone.npos) {
    return false;
  }
  for (char c : zone) {
    if (!IsZoneChar(c)) {
      return false;
    }
  }
  return true;
}

// The time designator after the clock reading: "", "Z", "[local]", "+08:00", "+08:00[Zone]".
bool ParseDesignator(std::string_view s, TimeBasis* basis, int32_t* offset, std::string* zone) {
  if (s.empty() || s == "Z") {
    *basis = TimeBasis::kUtc;
    return true;
  }
  if (s == kLocalTag) {
    *basis = TimeBasis::kLocal;
    return true;
  }
  size_t pos = 1;
  int32_t hours = 0;
  int32_t minutes = 0;
  if ((s[0] != '+' && s[0] != '-') || !ReadDigits(s, &pos, 2, &hours) || !Expect(s, &pos, ':') ||
      !ReadDigits(s, &pos, 2, &minutes) || minutes > 59 ||
      hours * 60 + minutes > kMaxOffsetMinutes) {
    return false;
  }
  *basis = TimeBasis::kOffset;
  *offset = (s[0] == '-' ? -1 : 1) * (hours * 60 + minutes);
  if (pos == s.size()) {
    return true;
  }
  if (s[pos] != '[' || s.back() != ']') {
    return false;
  }
  *zone = std::string(s.substr(pos + 1, s.size() - pos - 2));
  return IsZoneName(*zone);
}

}  // namespace

void CivilFromDays(int32_t z, int32_t* year, int32_t* month, int32_t* day) {
  z += 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = yoe + era * 400 + (*month <= 2 ? 1 : 0);
}

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
    return InvalidArgument(
        "invalid date \"" + std::string(iso) +
        "\": expected YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DDTHH:MM[:SS] with Z, "
        "+HH:MM[Area/Location] or [local]");
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
    if (!Expect(iso, &pos, 'T') || !ReadDigits(iso, &pos, 2, &d.hour_) || !Expect(iso, &pos, ':') ||
        !ReadDigits(iso, &pos, 2, &d.minute_) || d.hour_ > 23 || d.minute_ > 59) {
      return bad();
    }
    d.precision_ = DatePrecision::kMinute;
    if (Expect(iso, &pos, ':')) {
      if (!ReadDigits(iso, &pos, 2, &d.second_) || d.second_ > 59) {
        return bad();
      }
      d.precision_ = DatePrecision::kSecond;
    }
    if (!ParseDesignator(iso.substr(pos), &d.basis_, &d.offset_minutes_, &d.zone_)) {
      return bad();
    }
    pos = iso.size();
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

Date Date::AtOffset(int32_t offset_minutes, std::string_view zone) const {
  Date d = *this;
  d.basis_ = TimeBasis::kOffset;
  d.offset_minutes_ = offset_minutes;
  d.zone_ = std::string(zone);
  return d;
}

Date Date::AsLocal() const {
  Date d = *this;
  d.basis_ = TimeBasis::kLocal;
  d.offset_minutes_ = 0;
  d.zone_.clear();
  return d;
}

int64_t Date::SortSeconds() const {
  const int64_t seconds = int64_t{FirstDay()} * 86400 + hour_ * 3600 + minute_ * 60 + second_;
  return seconds - (basis_ == TimeBasis::kOffset ? int64_t{offset_minutes_} * 60 : 0);
}

Date Date::ToUtc() const {
  if (!HasTime() || basis_ != TimeBasis::kOffset) {
    return *this;
  }
  const int64_t seconds = SortSeconds();
  int64_t days = seconds / 86400;
  int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  Date d = *this;
  CivilFromDays(static_cast<int32_t>(days), &d.year_, &d.month_, &d.day_);
  d.hour_ = static_cast<int32_t>(rest / 3600);
  d.minute_ = static_cast<int32_t>(rest % 3600 / 60);
  d.second_ = static_cast<int32_t>(rest % 60);
  d.basis_ = TimeBasis::kUtc;
  d.offset_minutes_ = 0;
  d.zone_.clear();
  return d;
}

std::string Date::ToIso() const {
  char buf[40];
  switch (precision_) {
    case DatePrecision::kNone:
      return "";
    case DatePrecision::kYear:
      std::snprintf(buf, sizeof(buf), "%04d", year_);
      break;
    case DatePrecision::kMonth:
      std::snprintf(buf, sizeof(buf), "%04d-%02d", year_, month_);
      break;
    case DatePrecision::kDay:
      std::snprintf(buf, sizeof(buf), "%04d-%02d-%02d", year_, month_, day_);
      break;
    case DatePrecision::kMinute:
      std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d", year_, month_, day_, hour_,
                    minute_);
      break;
    case DatePrecision::kSecond:
      std::snprintf(buf, sizeof(buf), "%04d-%02d-%02dT%02d:%02d:%02d", year_, month_, day_, hour_,
                    minute_, second_);
      break;
  }
  std::string out = buf;
  if (!HasTime()) {
    return out;
  }
  switch (basis_) {
    case TimeBasis::kUtc:
      return out + "Z";
    case TimeBasis::kLocal:
      return out + std::string(kLocalTag);
    case TimeBasis::kOffset:
      break;
  }
  const int32_t magnitude = std::abs(offset_minutes_);
  std::snprintf(buf, sizeof(buf), "%c%02d:%02d", offset_minutes_ < 0 ? '-' : '+', magnitude / 60,
                magnitude % 60);
  out += buf;
  if (!zone_.empty()) {
    out += "[" + zone_ + "]";
  }
  return out;
}

namespace {

constexpr const char* kMonthNames[] = {"January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December"};

// "9 p.m.", "9:30 a.m.", "noon", "midnight": the FRUS datelines' own clock words.
std::string ClockWords(int32_t hour, int32_t minute) {
  if (minute == 0 && hour == 12) {
    return "noon";
  }
  if (minute == 0 && hour == 0) {
    return "midnight";
  }
  const int32_t h12 = hour % 12 == 0 ? 12 : hour % 12;
  char buf[24];
  if (minute == 0) {
    std::snprintf(buf, sizeof(buf), "%d %s", h12, hour < 12 ? "a.m." : "p.m.");
  } else {
    std::snprintf(buf, sizeof(buf), "%d:%02d %s", h12, minute, hour < 12 ? "a.m." : "p.m.");
  }
  return buf;
}

}  // namespace

std::string DisplayDate(const Date& date, std::string_view place) {
  if (!date.IsSet()) {
    return "";
  }
  const std::string year = std::to_string(date.Year());
  if (date.Precision() == DatePrecision::kYear) {
    return year;
  }
  const std::string month = kMonthNames[date.Month() - 1];
  if (date.Precision() == DatePrecision::kMonth) {
    return month + " " + year;
  }
  std::string out = month + " " + std::to_string(date.Day()) + ", " + year;
  if (!date.HasTime()) {
    return out;
  }
  if (date.Basis() == TimeBasis::kUtc) {
    char buf[16];
    std::snprintf(buf, sizeof(buf), "%02d%02dZ", date.Hour(), date.Minute());
    return out + ", " + buf;
  }
  out += ", " + ClockWords(date.Hour(), date.Minute());
  if (!place.empty()) {
    return out + ", " + std::string(place);
  }
  if (date.Basis() == TimeBasis::kOffset) {
    const int32_t magnitude = std::abs(date.OffsetMinutes());
    char buf[24];
    std::snprintf(buf, sizeof(buf), " UTC%c%02d:%02d", date.OffsetMinutes() < 0 ? '-' : '+',
                  magnitude / 60, magnitude % 60);
    out += buf;
  }
  return out;
}

int32_t Date::FirstDay() const {
  return DaysFromCivil(year_, month_ == 0 ? 1 : month_, day_ == 0 ? 1 : day_);
}

int32_t Date::LastDay() const {
  const int32_t m = month_ == 0 ? 12 : month_;
  return DaysFromCivil(year_, m, day_ == 0 ? DaysInMonth(year_, m) : day_);
}

}  // namespace chancery::model
