// Input format detection for `chancery import`. Pure; thread-safe.
#pragma once

#include <string_view>

namespace chancery::format {

enum class InputFormat { kUnknown = 0, kCableText, kArchiveRecord, kJsonLines, kFrusTei };

// Decides from the file name (".cable", ".jsonl", ".xml", ".xml.zst", ".txt") and the first bytes
// of the content (for .zst files: the compressed bytes; see LooksLikeFrusTei).
InputFormat DetectFormat(std::string_view path, std::string_view content);

}  // namespace chancery::format
