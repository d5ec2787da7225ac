#include "search/xapian/marker_file.h"

#include <charconv>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>

#include "chancery/base/durable_file.h"

namespace chancery::search::internal {

Result<int64_t> ReadMarker(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return int64_t{0};
    }
    return text.status();
  }
  std::string_view digits(*text);
  if (!digits.empty() && digits.back() == '\n') {
    digits.remove_suffix(1);
  }
  int64_t seq = 0;
  auto [end, parse_ec] = std::from_chars(digits.data(), digits.data() + digits.size(), seq);
  if (digits.empty() || parse_ec != std::errc() || end != digits.data() + digits.size() ||
      seq < 0) {
    return Corruption(path + ": applied-change marker is not a change seq");
  }
  return seq;
}

Status WriteMarker(const std::string& path, int64_t seq) {
  return ReplaceFileDurably(path, std::to_string(seq) + "\n");
}

}  // namespace chancery::search::internal
