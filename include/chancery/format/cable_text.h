// The Chancery cable text format: a header block of "Key: value" lines, a blank line, then the
// body (paragraphs separated by blank lines). Normative grammar: docs/format/cable-text.md.
//
// Pure functions over model values; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::format {

// Parses one cable. On success the cable satisfies model::Validate() except that `id` may be
// empty when the text has no Id header (the importer then assigns one; see DeriveId).
// Errors: kCorruption with "<filename>:<line>:<column>: <message>" (filename omitted if empty).
// Unknown header keys are kept verbatim in Cable::unparsed_headers, never dropped.
Result<model::Cable> ParseCableText(std::string_view text, std::string_view filename = {});

// Renders canonically: for every valid cable c, ParseCableText(RenderCableText(c)) == c, and
// rendering a parsed text again yields the same bytes.
std::string RenderCableText(const model::Cable& cable);

// A deterministic id for a record that has none, derived from its content ("c-" + 16 hex digits
// of a 64-bit FNV-1a hash of `source_text`), so that importing the same file twice yields the same
// id and updates in place.
std::string DeriveId(std::string_view source_text);

}  // namespace chancery::format
