// Small durable-file helpers for the index's own metadata files (the applied-change marker and
// the layout file): whole-file writes that are fsynced, and directory syncs that make a rename
// or link durable. Internal to the Xapian adapter; thread-compatible (no shared state).
#pragma once

#include <string>
#include <string_view>

#include "chancery/base/result.h"

namespace chancery::search::internal {

// Creates or truncates `path` with mode 0600 (whatever the umask), writes all of `content` and
// fsyncs it.
// Errors: kIoError naming `path` when it cannot be created, written, synced or closed.
Status WriteFileAndSync(const std::string& path, std::string_view content);

// Fsyncs the directory `dir`, so that renames and links in it survive a crash.
// Errors: kIoError naming `dir`.
Status SyncDirectory(const std::string& dir);

// The whole content of `path`. Errors: kNotFound if it does not exist; kIoError if it cannot be
// read.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace chancery::search::internal
