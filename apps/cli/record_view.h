// The reader's view of a record for `chancery show` (without --json or --cable-text): labelled
// rows in the order of the seed record's header block, then the text, notes and references.
// Approvals are split by state ("Approved by" lists only approvals given; "Pending approval"
// and "Rejected by" are rows of their own with the verbatim condition), and the joint senders,
// disseminations and also-informed are rows of their own, as the seed's closing note reads.
// Pure function of the record; no I/O.
#pragma once

#include <string>

#include "chancery/model/cable.h"

namespace chancery::cli {

// Renders `cable` for a person to read. Always ends with a newline.
std::string RenderRecordView(const model::Cable& cable);

}  // namespace chancery::cli
