// The layout file <dir>/layout: one line "parts <P>", the number of parts every access class of
// the index is split into (docs/search.md "Layout on disk"). P is chosen when the index directory
// is created and never changes afterwards, because a record's part is its id's hash modulo P. A
// directory with shards but no layout file predates parts and has P = 1. Internal to the Xapian
// adapter; functions are thread-compatible, and creating the file is safe against concurrent
// creators (the first one wins and every one returns its P).
#pragma once

#include <cstdint>
#include <string>

#include "chancery/base/result.h"

namespace chancery::search::internal {

inline constexpr uint32_t kMaxParts = 64;

// IndexOptions::parts 0: the number of hardware threads, clamped to 1..8.
uint32_t DefaultParts();

// The number of parts of the index in `dir` (which must exist): the layout file's P when there is
// one; else 1 when `dir` already holds shards (an index created before parts existed); else the
// layout file is created with `requested_parts` (0 = DefaultParts()) atomically (temp file,
// fsync, link, fsync of `dir`) and that P is returned, or the P of a file another creator linked
// first. Errors: kInvalidArgument if requested_parts > kMaxParts; kCorruption "<dir>/layout: ..."
// if the file is not "parts <1..kMaxParts>" with an optional newline; kIoError when it cannot be
// read or written or `dir` cannot be listed.
Result<uint32_t> OpenLayout(const std::string& dir, uint32_t requested_parts);

}  // namespace chancery::search::internal
