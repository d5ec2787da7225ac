// Private: positions and the tree decoder behind CableFromJson (docs/format/json.md).
// json_read.cc parses and records positions; json_decode.cc maps the tree onto model::Cable.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "chancery/base/result.h"
#include "chancery/base/status.h"
#include "chancery/model/cable.h"

namespace chancery::format::internal {

// Byte offset of every member and array element, keyed by its path ("approvals/0/state";
// the root is "").
using PositionMap = std::map<std::string, size_t, std::less<>>;

// Turns byte offsets in one JSON text into "<filename>:<line>:<column>: " error prefixes.
struct Locator {
  std::string_view text;
  std::string_view filename;
  size_t line_offset = 0;  // added to the line number (JSON Lines)

  // kCorruption "<filename>:<line>:<column>: <message>" (no filename part when empty).
  Status Error(size_t offset, std::string_view message) const;
};

// Maps a parsed tree onto a cable. Errors: kCorruption naming the member path, at the position
// recorded for it (or its nearest recorded ancestor).
Result<model::Cable> DecodeCable(const nlohmann::ordered_json& root, const PositionMap& positions,
                                 const Locator& locator);

}  // namespace chancery::format::internal
