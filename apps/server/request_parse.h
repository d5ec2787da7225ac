// Parsing what a client sends: query strings, search parameters and JSON bodies. Pure functions
// that never throw (nlohmann::json is used in its non-throwing forms); a malformed input is a
// kInvalidArgument naming the parameter or member. Fuzzed by tests/server/request_parse_fuzz.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/base/result.h"
#include "chancery/records/records.h"

namespace chancery::server {

// Query parameters in the order given; a name may repeat.
using Params = std::vector<std::pair<std::string, std::string>>;

inline constexpr size_t kMaxParams = 64;
inline constexpr uint32_t kMaxPageSize = 100;

// Parses "a=1&b=x%20y+z" (the part after '?'): percent-decoding and '+' as space.
// kInvalidArgument for a malformed %-escape or more than kMaxParams parameters.
Result<Params> ParseQueryString(std::string_view query);

// The last value of `name`, if present.
std::optional<std::string> FindParam(const Params& params, std::string_view name);

// A decimal integer in [min, max]; kInvalidArgument "parameter NAME: ..." otherwise.
Result<int64_t> ParseIntParam(std::string_view name, std::string_view text, int64_t min,
                              int64_t max);
// "true"/"1"/"yes"/"" and "false"/"0"/"no"; anything else is kInvalidArgument.
Result<bool> ParseBoolParam(std::string_view name, std::string_view text);

// The search of GET /api/search: q, from, to (ISO dates, year or month allowed), page (1-based),
// size (1..kMaxPageSize, default 10), sort (relevance|date-asc|date-desc), facets (comma list of
// search::FacetName), snippets and undated (booleans). The result window is capped at
// search::kMaxResultWindow. Returns the request and the page and size it came from.
struct SearchParams {
  records::SearchRequest request;
  uint32_t page = 1;
  uint32_t size = 10;
};

Result<SearchParams> ParseSearchParams(const Params& params);

// The deepest nesting of arrays and objects a request body may have (docs/format/json.md
// §Limits); the deepest body the API defines (a draft whose enclosure paragraphs carry portion
// categories) needs 8.
inline constexpr size_t kMaxBodyDepth = 32;

// A JSON object body. kInvalidArgument "body: ..." for malformed JSON or a non-object, and
// "body: JSON nested deeper than 32 levels at byte N" (N 1-based, the bracket that goes too deep)
// before anything is parsed, so that a hostile body costs memory linear in its size.
Result<nlohmann::json> ParseJsonObject(std::string_view body);

// Typed members of a JSON object. A missing member is std::nullopt (or an empty list); a member
// of the wrong type is kInvalidArgument "member NAME: expected ...".
Result<std::optional<std::string>> StringMember(const nlohmann::json& object,
                                                std::string_view name);
Result<std::string> RequiredString(const nlohmann::json& object, std::string_view name);
Result<std::optional<int64_t>> IntMember(const nlohmann::json& object, std::string_view name);
Result<std::optional<bool>> BoolMember(const nlohmann::json& object, std::string_view name);
Result<std::vector<std::string>> StringListMember(const nlohmann::json& object,
                                                  std::string_view name);

// The value of cookie `name` in a Cookie header ("a=1; b=2"), if present.
std::optional<std::string> CookieValue(std::string_view header, std::string_view name);

// JSON text of `value`, compact, invalid UTF-8 replaced (never throws).
std::string Dump(const nlohmann::json& value);

}  // namespace chancery::server
