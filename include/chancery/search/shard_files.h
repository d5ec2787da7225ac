// What the search index's shards cost in open files, for processes that must budget their
// RLIMIT_NOFILE (chanceryd: apps/server/open_files.h, docs/deploy.md "Open files"). Separate
// from search_index.h so that a process can ask before it opens the index. Thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "chancery/base/result.h"

namespace chancery::search {

// Open files one shard costs a process (Xapian 1.4 glass, counted in /proc/PID/fd of a
// chanceryd). A reader holds its six tables (postlist, termlist, position, docdata, spelling,
// synonym); a writer those and the lock file. A search holds one reader per part of every
// visible access class, for as long as its pooled reader set lives; the index writer, once it
// has written, holds one writer per shard on disk.
// A search that cannot open a shard because the process (EMFILE) or the system (ENFILE) is out
// of file descriptors fails with kUnavailable "search: out of open files (Too many open
// files): raise the server's open-file limit ...", never as a damaged index.
inline constexpr uint64_t kReaderFilesPerShard = 6;
inline constexpr uint64_t kWriterFilesPerShard = 7;

// The number of shards (parts of access classes, each a Xapian database) of the index in `dir`
// as it is on disk now (docs/search.md "Layout on disk"); 0 when `dir` does not exist. Opens no
// shard. Errors: kIoError when `dir` exists but cannot be listed.
Result<size_t> CountShards(const std::string& dir);

}  // namespace chancery::search
