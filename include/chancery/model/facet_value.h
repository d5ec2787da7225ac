// Facet values: how a record's metadata is shown in a facet, normalized so that one thing is one
// value ("the Embassy in Poland" and "Embassy in Poland" are the same office; a precedence word
// such as "Niact" in a marking is no classification). The record keeps the raw value; only the
// facet (and the report of docs/format/frus-tei.md §Quality anomalies) uses these. Pure.
#pragma once

#include <string>
#include <string_view>

#include "chancery/model/label.h"

namespace chancery::model {

// `value` with runs of white space collapsed, trailing ",;." removed and a leading article
// ("the ", "The ") dropped: "the Embassy in Poland" -> "Embassy in Poland".
std::string OfficeFacetValue(std::string_view value);

// The classification facet value: the canonical classification of the marking ("TOP SECRET"),
// empty when the marking names none (its verbatim text stays searchable with class:).
std::string ClassificationFacetValue(const Marking& marking);

}  // namespace chancery::model
