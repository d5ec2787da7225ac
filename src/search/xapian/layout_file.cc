#include "search/xapian/layout_file.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <optional>
#include <string_view>
#include <thread>
#include <vector>

#include <unistd.h>

#include "chancery/base/durable_file.h"

#include "search/xapian/shards.h"

namespace chancery::search::internal {
namespace {

constexpr std::string_view kPartsKeyword = "parts ";

Result<uint32_t> ParseLayout(const std::string& path, std::string_view text) {
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  if (text.substr(0, kPartsKeyword.size()) != kPartsKeyword) {
    return Corruption(path + ": layout is not \"parts <n>\"");
  }
  text.remove_prefix(kPartsKeyword.size());
  uint32_t parts = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), parts);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || parts == 0 ||
      parts > kMaxParts) {
    return Corruption(path + ": layout part count is not in 1.." + std::to_string(kMaxParts));
  }
  return parts;
}

// The P recorded at `path`, or nullopt when there is no layout file.
Result<std::optional<uint32_t>> ReadLayout(const std::string& path) {
  Result<std::string> text = ReadWholeFile(path);
  if (!text.ok()) {
    if (text.status().code() == StatusCode::kNotFound) {
      return std::optional<uint32_t>();
    }
    return text.status();
  }
  CHANCERY_ASSIGN_OR_RETURN(uint32_t parts, ParseLayout(path, *text));
  return std::optional<uint32_t>(parts);
}

// Links a fully written and synced temporary file to `path` unless `path` exists. Returns
// whether this call created `path`.
Result<bool> CreateOnce(const std::string& dir, const std::string& path, std::string_view text) {
  static std::atomic<uint64_t> counter{0};
  const std::string temp =
      path + ".tmp." + std::to_string(::getpid()) + "." + std::to_string(counter.fetch_add(1));
  CHANCERY_RETURN_IF_ERROR(WriteFileAndSync(temp, text));
  const int rc = ::link(temp.c_str(), path.c_str());
  const int link_errno = errno;
  ::unlink(temp.c_str());
  if (rc != 0 && link_errno != EEXIST) {
    return IoError("cannot link " + temp + " to " + path + ": " + std::strerror(link_errno));
  }
  CHANCERY_RETURN_IF_ERROR(SyncDirectory(dir));
  return rc == 0;
}

}  // namespace

uint32_t DefaultParts() {
  return std::clamp<uint32_t>(std::thread::hardware_concurrency(), 1, 8);
}

Result<uint32_t> OpenLayout(const std::string& dir, uint32_t requested_parts) {
  if (requested_parts > kMaxParts) {
    return InvalidArgument("search index " + dir + ": parts " + std::to_string(requested_parts) +
                           " exceeds " + std::to_string(kMaxParts));
  }
  const std::string path = dir + "/layout";
  CHANCERY_ASSIGN_OR_RETURN(std::optional<uint32_t> recorded, ReadLayout(path));
  if (recorded.has_value()) {
    return *recorded;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<ShardKey> shards, ListShards(dir));
  if (!shards.empty()) {
    // Read again: a creator links the file before it creates any shard, so shards without the
    // file mean an index from before parts, unless the file appeared since the first read.
    CHANCERY_ASSIGN_OR_RETURN(recorded, ReadLayout(path));
    return recorded.value_or(1);
  }
  const uint32_t parts = requested_parts == 0 ? DefaultParts() : requested_parts;
  const std::string line = std::string(kPartsKeyword) + std::to_string(parts) + "\n";
  CHANCERY_ASSIGN_OR_RETURN(bool created, CreateOnce(dir, path, line));
  if (created) {
    return parts;
  }
  CHANCERY_ASSIGN_OR_RETURN(recorded, ReadLayout(path));
  if (!recorded.has_value()) {
    return IoError(path + ": layout file vanished while the index was opened");
  }
  return *recorded;
}

}  // namespace chancery::search::internal
