// Durable whole-file writes for the small metadata files beside a store and its index (the
// index's applied-change marker and layout, an index folder's store id, a witness's state): a
// file written whole and fsynced, replaced by rename, with the directory synced so that the
// rename survives a crash. Thread-compatible (no shared state); two processes replacing the same
// file at once share its temporary name, so each such file has one writer at a time.
#pragma once

#include <string>
#include <string_view>

#include "chancery/base/result.h"

namespace chancery {

// Creates or truncates `path` with mode 0600 (whatever the umask), writes all of `content` and
// fsyncs it.
// Errors: kIoError naming `path` when it cannot be created, written, synced or closed.
Status WriteFileAndSync(const std::string& path, std::string_view content);

// Replaces `path` by a file holding exactly `content`, mode 0600: written whole to `path`.tmp,
// fsynced, renamed over `path`, then the directory synced. After a crash `path` holds either
// its old content or `content`, never a part of either.
// Errors: kIoError naming the file; the temporary file is removed and `path` is untouched.
Status ReplaceFileDurably(const std::string& path, std::string_view content);

// Fsyncs the directory `dir`, so that renames and links in it survive a crash.
// Errors: kIoError naming `dir`.
Status SyncDirectory(const std::string& dir);

// The whole content of `path`. Errors: kNotFound if it does not exist; kIoError if it cannot be
// read.
Result<std::string> ReadWholeFile(const std::string& path);

}  // namespace chancery
