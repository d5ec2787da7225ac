// Helpers shared by the audit module's .cc files. Not part of the interface.
#pragma once

#include <cstddef>
#include <string_view>

namespace chancery::audit::internal {

// Initializes libsodium exactly once (thread-safe); aborts if it cannot, since no audit entry
// could be hashed or signed without it.
void EnsureSodium();

// True if `s` is exactly `length` lower-case hex digits (docs/format/audit-log.md §1).
bool IsLowerHex(std::string_view s, size_t length);

}  // namespace chancery::audit::internal
