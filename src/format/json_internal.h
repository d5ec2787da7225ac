// Private parts of the JSON form of a cable (docs/format/json.md), shared by json.cc (writer and
// public entry points) and json_read.cc (position-tracking reader). Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string_view>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::format::internal {

// Parses one JSON object into a cable. Reported line numbers are `line_offset` plus the line
// within `json` (so JSON Lines can report file lines). Errors: kCorruption
// "<filename>:<line>:<column>: <message>" for malformed JSON, an unknown member (named) or a
// member of the wrong type or value (named by its path, e.g. "approvals/0/state").
Result<model::Cable> CableFromJsonAt(std::string_view json, std::string_view filename,
                                     size_t line_offset);

}  // namespace chancery::format::internal
