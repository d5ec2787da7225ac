// JSON form of a cable: one documented schema (docs/format/json.md) used by --json output, JSON
// Lines export/import and the HTTP API. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::format {

// Compact (one line) when indent < 0, else pretty-printed with `indent` spaces.
// CableFromJson(CableToJson(c)) == c for every cable.
std::string CableToJson(const model::Cable& cable, int indent = -1);

// The deepest nesting of arrays and objects a cable's JSON may have (docs/format/json.md
// §Limits); the schema itself needs 7 levels.
inline constexpr size_t kMaxCableJsonDepth = 64;

// Where `text` first nests arrays and objects deeper than `max_depth` levels (the outermost value
// is level 1): the 0-based byte offset of the `[` or `{` that opens level max_depth + 1, or
// std::string_view::npos if there is none. One linear pass, constant memory; brackets inside
// strings do not count. Malformed text is not diagnosed, but a parser that stops at the first
// syntax error never nests deeper than this scan reports, so it is a safe guard to run first.
size_t FindJsonDepthExcess(std::string_view text, size_t max_depth);

// Errors: kCorruption "<filename>:<line>:<column>: <message>" for malformed JSON, JSON nested
// deeper than kMaxCableJsonDepth ("JSON nested deeper than 64 levels", at the bracket that goes
// too deep; checked before anything is built, so memory stays linear in the input) or a member
// of the wrong type; unknown members are rejected naming the member.
Result<model::Cable> CableFromJson(std::string_view json, std::string_view filename = {});

// Parses JSON Lines (every non-blank line one cable, errors as CableFromJson with the line of
// the file). Stops at the first error.
Result<std::vector<model::Cable>> CablesFromJsonLines(std::string_view text,
                                                      std::string_view filename = {});

}  // namespace chancery::format
