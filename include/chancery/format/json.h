// JSON form of a cable: one documented schema (docs/format/json.md) used by --json output, JSON
// Lines export/import and the HTTP API. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::format {

// Compact (one line) when indent < 0, else pretty-printed with `indent` spaces.
// CableFromJson(CableToJson(c)) == c for every cable.
std::string CableToJson(const model::Cable& cable, int indent = -1);

// Errors: kCorruption "<filename>:<line>:<column>: <message>" for malformed JSON or a member of
// the wrong type; unknown members are rejected naming the member.
Result<model::Cable> CableFromJson(std::string_view json, std::string_view filename = {});

// Parses JSON Lines; `line_offset` is added to reported line numbers. Stops at the first error.
Result<std::vector<model::Cable>> CablesFromJsonLines(std::string_view text,
                                                      std::string_view filename = {});

}  // namespace chancery::format
