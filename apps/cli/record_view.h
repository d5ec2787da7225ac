// The reader's view of a record for `chancery show` (without --json or --cable-text): labelled
// rows in the order of the seed record's header block, then the text, notes and references.
// Approvals are split by state ("Approved by" lists only approvals given; "Pending approval"
// and "Rejected by" are rows of their own with the verbatim condition), and the joint senders,
// disseminations and also-informed are rows of their own, as the seed's closing note reads.
// Pure function of the record; no I/O.
#pragma once

#include <string>
#include <string_view>

#include "chancery/model/cable.h"

namespace chancery::cli {

// Renders `cable` for a person to read. Always ends with a newline.
std::string RenderRecordView(const model::Cable& cable);

// A record's date for a person to read, from its ISO forms (Cable::date, earliest, latest,
// date_approximate): `date` when set; for an undated record whose range was inferred,
// "undated; approximately <earliest> to <latest> (from its place in the volume)", as the web
// record page says it (web/js/dom.js formatDate); else "". Shared by `show` and the hit list.
std::string DateText(std::string_view date, std::string_view earliest, std::string_view latest,
                     bool approximate);

}  // namespace chancery::cli
