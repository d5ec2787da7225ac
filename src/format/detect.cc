// Input format detection (docs/format/json.md §Detection, docs/format/archive-record.md).
#include "chancery/format/detect.h"

#include <cctype>

#include "chancery/base/strings.h"
#include "chancery/format/archive_record.h"
#include "chancery/format/frus_tei.h"

namespace chancery::format {
namespace {

bool HasExtension(std::string_view path, std::string_view ext) {
  return path.size() >= ext.size() && EqualsIgnoreCase(path.substr(path.size() - ext.size()), ext);
}

// The first non-blank line is a "Key: value" header (docs/format/cable-text.md).
bool StartsWithHeaderLine(std::string_view content) {
  std::string_view line;
  size_t start = 0;
  while (start < content.size()) {
    size_t end = content.find('\n', start);
    if (end == std::string_view::npos) {
      end = content.size();
    }
    line = Trim(content.substr(start, end - start));
    if (!line.empty()) {
      break;
    }
    start = end + 1;
  }
  const size_t colon = line.find(": ");
  if (line.empty() || colon == std::string_view::npos || colon == 0 ||
      std::isalpha(static_cast<unsigned char>(line.front())) == 0) {
    return false;
  }
  for (char c : line.substr(0, colon)) {
    if (std::isalnum(static_cast<unsigned char>(c)) == 0 && c != '-' && c != '_' && c != ' ') {
      return false;
    }
  }
  return true;
}

}  // namespace

InputFormat DetectFormat(std::string_view path, std::string_view content) {
  if (LooksLikeFrusTei(path, content)) {
    return InputFormat::kFrusTei;
  }
  const size_t first = content.find_first_not_of(" \t\r\n");
  if (HasExtension(path, ".jsonl") || (first != std::string_view::npos && content[first] == '{')) {
    return InputFormat::kJsonLines;
  }
  if (LooksLikeArchiveRecord(content)) {
    return InputFormat::kArchiveRecord;
  }
  if (HasExtension(path, ".cable") || StartsWithHeaderLine(content)) {
    return InputFormat::kCableText;
  }
  return InputFormat::kUnknown;
}

}  // namespace chancery::format
