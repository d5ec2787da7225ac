// Builds the Xapian document of a cable (the indexing half of schema.h) and decodes the
// document data back into a Hit. Internal to the Xapian adapter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"
#include "chancery/search/search_index.h"

namespace chancery::search::internal {

// Inclusive range of days (since 1970-01-01) a record covers.
struct DayRange {
  int32_t first = 0;
  int32_t last = 0;
};

// The days `cable` covers: earliest/latest when set, else the first/last day of `date`, else
// whichever of earliest/latest is set; nullopt for an undated record.
std::optional<DayRange> CableDays(const model::Cable& cable);

// The unique boolean term of record `id` ("Q" + id).
std::string IdTerm(std::string_view id);

// The whole-value term `prefix` + `value` lower-cased, trimmed and with each run of blanks
// collapsed to one space; empty when `value` is blank or too long to be a Xapian term.
std::string ExactTerm(std::string_view prefix, std::string_view value);

// `values` as one string of "<length>:<bytes>" entries (a multi-valued slot), and back.
// DecodeList returns false if `encoded` is not in that format.
std::string EncodeList(const std::vector<std::string>& values);
bool DecodeList(std::string_view encoded, std::vector<std::string>* values);

// The document for `cable` (schema.h): free text, prefixed fields, boolean terms, the value
// slots (including kHitSlot, read back by DecodeHit()) and, as document data, the first
// `snippet_text_bytes` of the text snippets are cut from. May throw Xapian::Error; the caller
// converts it to a Status.
Xapian::Document BuildDocument(const model::Cable& cable, size_t snippet_text_bytes);

// Decodes the kHitSlot value written by BuildDocument() into a Hit (score left 0); a value
// from an index built before hits carried earliest, latest and approximate leaves them unset.
// Errors: kCorruption if `encoded` is not in that format.
Result<Hit> DecodeHit(std::string_view encoded);

}  // namespace chancery::search::internal
