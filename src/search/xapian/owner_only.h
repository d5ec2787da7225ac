// File modes of the index: it holds the words of every record, so the index directory and its
// shard directories are 0700 and every file in them 0600, whatever the process umask (Xapian
// creates its files with 0666 & ~umask; these helpers set them back). Best effort where noted: a
// file owned by another user, which we may not chmod, is left as it is. Internal to the Xapian
// adapter; thread-compatible.
#pragma once

#include <string>

#include "chancery/base/result.h"

namespace chancery::search::internal {

// Sets `dir` to 0700 and, if it was not 0700 already (an index made before modes were enforced,
// or just created under the umask), every directory below it to 0700 and every file to 0600.
// Errors: kIoError when `dir` itself cannot be set.
Status RestrictIndexDirectory(const std::string& dir);

// Sets `dir` to 0700 and every directory below it to 0700, every file to 0600. Best effort.
void RestrictTree(const std::string& dir);

// Sets every file directly in `dir` that is not 0600 to 0600 (after Xapian wrote or replaced
// some). Best effort.
void RestrictFiles(const std::string& dir);

}  // namespace chancery::search::internal
