// The applied-change marker: a small file holding the seq of the last store change whose
// effects the index has made durable. Written atomically (temp file, fsync, rename, fsync of
// the directory), so a crash leaves either the old or the new value, never a torn one.
#pragma once

#include <cstdint>
#include <string>

#include "chancery/base/result.h"

namespace chancery::search::internal {

// Returns the seq stored in `path`, or 0 if the file does not exist.
// Errors: kCorruption if the content is not a non-negative decimal number followed by an
// optional newline; kIoError if the file exists but cannot be read.
Result<int64_t> ReadMarker(const std::string& path);

// Atomically replaces `path` with `seq`. REQUIRES: seq >= 0.
// Errors: kIoError naming the file that could not be written, synced or renamed.
Status WriteMarker(const std::string& path, int64_t seq);

}  // namespace chancery::search::internal
