// Pure helpers of the release: UTC calendar arithmetic, the date-time group, serial rendering
// and recipient expansion (src/desk/release_internal.h).
#include <algorithm>
#include <array>
#include <cstdio>
#include <map>
#include <string>

#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;
constexpr int64_t kSecondsPerDay = 86'400;

int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) {
    --q;
  }
  return q;
}

// Howard Hinnant's civil_from_days: days since 1970-01-01 -> proleptic Gregorian date.
void CivilFromDays(int64_t days, UtcTime* out) {
  const int64_t z = days + 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t day = doy - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  out->year = static_cast<int32_t>(yoe + era * 400 + (month <= 2 ? 1 : 0));
  out->month = static_cast<int32_t>(month);
  out->day = static_cast<int32_t>(day);
}

bool IsIdByte(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

model::PrecedenceRank Effective(model::PrecedenceRank rank) {
  return rank == model::PrecedenceRank::kUnknown ? model::PrecedenceRank::kRoutine : rank;
}

void Merge(Recipient incoming, std::map<std::string, Recipient>* by_office) {
  auto [it, inserted] = by_office->emplace(incoming.office, incoming);
  if (inserted) {
    return;
  }
  Recipient& have = it->second;
  have.rank = std::max(have.rank, incoming.rank);
  if (incoming.role == model::AddresseeRole::kAction) {
    have.role = model::AddresseeRole::kAction;  // action beats info
  }
}

}  // namespace

UtcTime ToUtc(int64_t micros) {
  const int64_t seconds = FloorDiv(micros, kMicrosPerSecond);
  const int64_t days = FloorDiv(seconds, kSecondsPerDay);
  const int64_t second_of_day = seconds - days * kSecondsPerDay;
  UtcTime t;
  CivilFromDays(days, &t);
  t.hour = static_cast<int32_t>(second_of_day / 3600);
  t.minute = static_cast<int32_t>((second_of_day % 3600) / 60);
  t.second = static_cast<int32_t>(second_of_day % 60);
  return t;
}

std::string FormatDtg(int64_t micros) {
  static constexpr std::array<const char*, 12> kMonths = {"JAN", "FEB", "MAR", "APR", "MAY", "JUN",
                                                          "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"};
  const UtcTime t = ToUtc(micros);
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%02d%02d%02dZ %s %02d", t.day, t.hour, t.minute,
                kMonths[static_cast<size_t>(t.month - 1)], ((t.year % 100) + 100) % 100);
  return buffer;
}

model::Date ReleaseDate(int64_t micros) {
  const UtcTime t = ToUtc(micros);
  char buffer[40];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02dZ", t.year, t.month, t.day, t.hour,
                t.minute);
  Result<model::Date> date = model::Date::Parse(buffer);
  // Years 1..9999 parse; a clock outside them yields an unset date rather than a failure.
  return date.ok() ? *date : model::Date();
}

std::string RenderSerial(std::string_view series, int32_t year, int64_t number) {
  char yy[8];
  std::snprintf(yy, sizeof(yy), "%02d", ((year % 100) + 100) % 100);
  return "(" + std::string(yy) + ") " + std::string(series) + "-" + std::to_string(number);
}

std::string SerialCableId(std::string_view series, int32_t year, int64_t number) {
  std::string id = std::string(series) + "-" + std::to_string(year) + "-" + std::to_string(number);
  std::replace_if(
      id.begin(), id.end(), [](char c) { return !IsIdByte(c); }, '_');
  return id;
}

Result<std::vector<Recipient>> ExpandRecipients(const Directory& directory,
                                                const std::vector<model::Addressee>& addressees,
                                                model::PrecedenceRank cable_rank) {
  std::map<std::string, Recipient> by_office;
  for (const model::Addressee& addressee : addressees) {
    const model::PrecedenceRank rank = Effective(
        addressee.precedence.rank != model::PrecedenceRank::kUnknown ? addressee.precedence.rank
                                                                     : cable_rank);
    if (directory.FindOffice(addressee.name) != nullptr) {
      Merge(Recipient{addressee.name, addressee.role, rank, addressee.name}, &by_office);
      continue;
    }
    if (directory.FindGroup(addressee.name) == nullptr) {
      return FailedPrecondition("addressee " + addressee.name +
                                " is neither an office nor a group of the directory");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> offices,
                              directory.ExpandGroup(addressee.name));
    for (std::string& office : offices) {
      Merge(Recipient{std::move(office), addressee.role, rank, addressee.name}, &by_office);
    }
  }
  std::vector<Recipient> out;
  out.reserve(by_office.size());
  for (auto& [office, recipient] : by_office) {
    out.push_back(std::move(recipient));
  }
  return out;
}

}  // namespace chancery::desk::internal
