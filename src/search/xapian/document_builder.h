// Builds the Xapian document of a cable (the indexing half of schema.h) and decodes the
// document data back into a Hit. Internal to the Xapian adapter.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

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

// The whole-value term `prefix` + lower-cased, trimmed `value`; empty when `value` is blank or
// too long to be a Xapian term.
std::string ExactTerm(std::string_view prefix, std::string_view value);

// The document for `cable`: free text, prefixed fields, the id term, the value slots and the
// data read back by DecodeHit(). May throw Xapian::Error; the caller converts it to a Status.
Xapian::Document BuildDocument(const model::Cable& cable);

// Decodes the document data written by BuildDocument() into a Hit (score left 0).
// Errors: kCorruption if `data` is not in that format.
Result<Hit> DecodeHit(std::string_view data);

}  // namespace chancery::search::internal
