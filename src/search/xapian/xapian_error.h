// Converts Xapian exceptions into Status values: the Xapian adapter catches every Xapian::Error
// at its boundary (STYLE.md §3.2), and this is the single mapping it uses.
#pragma once

#include <string_view>

#include <xapian.h>

#include "chancery/base/status.h"

namespace chancery::search::internal {

// kInvalidArgument for query and argument errors, kCorruption for damaged or incompatible
// databases, kIoError for everything else (opening, locking, I/O). The message is
// "<context>: <xapian error type>: <xapian message>".
Status FromXapianError(const Xapian::Error& error, std::string_view context);

}  // namespace chancery::search::internal
