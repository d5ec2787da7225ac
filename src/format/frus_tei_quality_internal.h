// Metadata-quality checks of the FRUS importer (docs/format/frus-tei.md §Quality anomalies):
// where a mapped record disagrees with its source (a drafter holding an approver's clause, an
// original language the source note contradicts, a facet value that is not normalized, a person
// tagged in the text but not linked, a footnote without its marker). Pure; thread-safe.
#pragma once

#include <vector>

#include "chancery/format/frus_tei.h"
#include "chancery/model/cable.h"

#include "format/frus_tei_internal.h"

namespace chancery::format::internal {

// Appends one anomaly per failed check of `cable`, the mapping of `raw`: kinds
// drafter-garbled, approval-missing, clearance-missing, original-language,
// facet-classification, facet-article, person-unlinked, footnote-unanchored.
void CheckFrusQuality(const FrusRawVolume& volume, const FrusRawDocument& raw,
                      const model::Cable& cable, std::vector<FrusAnomaly>* anomalies);

}  // namespace chancery::format::internal
