// The one place that maps chancery::StatusCode to HTTP statuses (STYLE.md §3.1), and the JSON
// error body every refusal carries: {"error": "<message>"}.
#pragma once

#include <string>
#include <string_view>

#include "chancery/base/status.h"

namespace chancery::server {

// kNotFound 404, kPermissionDenied 403, kUnauthenticated 401, kInvalidArgument 400,
// kFailedPrecondition/kConflict/kAlreadyExists 409, kUnavailable 503, everything else 500.
// REQUIRES: !status.ok() (an OK status maps to 200).
int HttpStatusFor(StatusCode code);

// {"error": message} as compact JSON; the message is escaped (invalid UTF-8 replaced).
std::string ErrorBody(std::string_view message);

// The body for `status`: its message alone, without the code name, so that a record the caller
// may not read ("no record X") is byte-identical to a missing one.
std::string ErrorBody(const Status& status);

}  // namespace chancery::server
