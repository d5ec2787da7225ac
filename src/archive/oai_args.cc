// OAI-PMH argument values (oai_internal.h): UTC datestamps at day and second granularity,
// identifiers, error codes and tamper-evident resumption tokens.
#include <cstdio>
#include <ctime>
#include <string>
#include <vector>

#include "chancery/audit/signing.h"

#include "archive/oai_internal.h"

namespace chancery::archive::internal {
namespace {

std::string Hex(std::string_view s) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (char raw : s) {
    const auto c = static_cast<unsigned char>(raw);
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

std::optional<std::string> Unhex(std::string_view s) {
  if (s.size() % 2 != 0) {
    return std::nullopt;
  }
  std::string out;
  for (size_t i = 0; i < s.size(); i += 2) {
    int v = 0;
    for (size_t k = i; k < i + 2; ++k) {
      const char c = s[k];
      v *= 16;
      if (c >= '0' && c <= '9') {
        v += c - '0';
      } else if (c >= 'a' && c <= 'f') {
        v += c - 'a' + 10;
      } else {
        return std::nullopt;
      }
    }
    out += static_cast<char>(v);
  }
  return out;
}

std::optional<int64_t> Int(std::string_view s) {
  if (s.empty() || s.size() > 18) {  // no overflow: at most 18 digits
    return std::nullopt;
  }
  size_t i = s[0] == '-' ? 1 : 0;
  if (i == s.size()) {
    return std::nullopt;
  }
  int64_t v = 0;
  for (; i < s.size(); ++i) {
    if (s[i] < '0' || s[i] > '9') {
      return std::nullopt;
    }
    v = v * 10 + (s[i] - '0');
  }
  return s[0] == '-' ? -v : v;
}

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

// A keyed hash: SHA-256(key : SHA-256(key : message)), nested so that no length extension of
// a known tag yields the tag of a longer token. 128 bits shown.
std::string Tag(std::string_view body, std::string_view secret) {
  const std::string k(secret);
  return audit::Sha256Hex(k + ":" + audit::Sha256Hex(k + ":" + std::string(body))).substr(0, 32);
}

bool Digits(std::string_view s, size_t at, size_t n, int* out) {
  int v = 0;
  for (size_t i = at; i < at + n; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') {
      return false;
    }
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int64_t DaysFromCivil(int64_t y, int m, int d) {  // H. Hinnant's algorithm
  y -= m <= 2 ? 1 : 0;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const int64_t yoe = y - era * 400;
  const int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

}  // namespace

std::string_view OaiErrorCode(OaiError e) {
  switch (e) {
    case OaiError::kBadArgument:
      return "badArgument";
    case OaiError::kBadResumptionToken:
      return "badResumptionToken";
    case OaiError::kBadVerb:
      return "badVerb";
    case OaiError::kCannotDisseminateFormat:
      return "cannotDisseminateFormat";
    case OaiError::kIdDoesNotExist:
      return "idDoesNotExist";
    case OaiError::kNoRecordsMatch:
      return "noRecordsMatch";
    case OaiError::kNoMetadataFormats:
      return "noMetadataFormats";
    case OaiError::kNoSetHierarchy:
      return "noSetHierarchy";
    case OaiError::kNone:
      break;
  }
  return "";
}

std::optional<int64_t> ParseUtc(std::string_view t, bool* day_granularity) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
  if (!(t.size() == 10 || t.size() == 20) || !Digits(t, 0, 4, &y) || t[4] != '-' ||
      !Digits(t, 5, 2, &mo) || t[7] != '-' || !Digits(t, 8, 2, &d)) {
    return std::nullopt;
  }
  *day_granularity = t.size() == 10;
  if (!*day_granularity &&
      (t[10] != 'T' || !Digits(t, 11, 2, &h) || t[13] != ':' || !Digits(t, 14, 2, &mi) ||
       t[16] != ':' || !Digits(t, 17, 2, &s) || t[19] != 'Z')) {
    return std::nullopt;
  }
  static const int kDays[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] || (mo == 2 && d == 29 && !leap) || h > 23 ||
      mi > 59 || s > 59) {
    return std::nullopt;
  }
  return DaysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
}

std::string FormatUtc(int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string OaiIdentifier(const OaiOptions& options, std::string_view record_id) {
  return "oai:" + options.repository_identifier + ":" + std::string(record_id);
}

std::string RecordIdOf(const OaiOptions& options, std::string_view identifier) {
  const std::string prefix = "oai:" + options.repository_identifier + ":";
  if (identifier.size() <= prefix.size() || identifier.substr(0, prefix.size()) != prefix) {
    return "";
  }
  const std::string id(identifier.substr(prefix.size()));
  return model::IsValidId(id) ? id : "";
}

std::string EncodeToken(const ListCursor& c, std::string_view secret) {
  const std::string body = "1." + std::string(c.verb == "ListRecords" ? "R" : "I") + "." +
                           Hex(c.prefix) + "." + Hex(c.set) + "." + std::to_string(c.from) + "." +
                           std::to_string(c.until) + "." + std::to_string(c.snapshot) + "." +
                           std::to_string(c.snapshot_d) + "." + c.after + "." +
                           std::to_string(c.delivered) + "." + std::to_string(c.size) + "." +
                           std::to_string(c.expires) + "." + std::to_string(c.time);
  return body + "." + Tag(body, secret);
}

std::optional<ListCursor> DecodeToken(std::string_view token, std::string_view secret,
                                      int64_t now) {
  const size_t dot = token.rfind('.');
  if (token.size() > 4096 || dot == std::string_view::npos) {
    return std::nullopt;
  }
  const std::string_view body = token.substr(0, dot);
  if (Tag(body, secret) != token.substr(dot + 1)) {
    return std::nullopt;
  }
  const std::vector<std::string_view> f = Split(body, '.');
  if (f.size() != 13 || f[0] != "1" || (f[1] != "R" && f[1] != "I")) {
    return std::nullopt;
  }
  ListCursor c;
  c.verb = f[1] == "R" ? "ListRecords" : "ListIdentifiers";
  std::optional<std::string> prefix = Unhex(f[2]);
  std::optional<std::string> set = Unhex(f[3]);
  std::optional<int64_t> nums[8] = {Int(f[4]), Int(f[5]),  Int(f[6]),  Int(f[7]),
                                    Int(f[9]), Int(f[10]), Int(f[11]), Int(f[12])};
  for (const auto& n : nums) {
    if (!n) {
      return std::nullopt;
    }
  }
  int64_t d = 0, s = 0;
  if (!prefix || !set || (!f[8].empty() && !SplitListSort(f[8], &d, &s))) {
    return std::nullopt;
  }
  c.prefix = *prefix;
  c.set = *set;
  c.from = *nums[0];
  c.until = *nums[1];
  c.snapshot = *nums[2];
  c.snapshot_d = *nums[3];
  c.after = std::string(f[8]);
  c.delivered = *nums[4];
  c.size = *nums[5];
  c.expires = *nums[6];
  c.time = *nums[7];
  if (c.expires < now) {
    return std::nullopt;
  }
  return c;
}

}  // namespace chancery::archive::internal
