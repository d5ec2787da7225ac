// chanceryd's open-file budget (RLIMIT_NOFILE). A search holds one Xapian reader per shard of
// every access class its subject may read, each reader set lives on in a pool for the next
// search, and up to ActiveRequestLimit() searches run at once; the index writer, once it has
// written, keeps a writer on every shard. At 723 access classes (the FRUS benchmark) that is
// far beyond the common soft limit of 1,024, and searches fail with "Too many open files".
// So at start chanceryd counts the shards on disk, computes what it needs (NeededOpenFiles),
// raises its soft limit towards that (never beyond the hard limit), and warns, naming the
// number and what to raise, when the hard limit is too low (docs/deploy.md "Open files",
// docs/decisions/0018-installed-layout-and-open-files.md).
//
// Thread safety: the functions are pure except RaiseOpenFileLimit, which changes the process's
// limit and should run once, at start, before other threads open files.
#pragma once

#include <cstdint>
#include <string>

#include "chancery/base/result.h"

#include "config.h"

namespace chancery::server {

// What chanceryd may hold open at once, by cause. `total` is their sum.
struct OpenFileNeed {
  uint64_t shards = 0;               // shards of the index on disk (search::CountShards)
  uint64_t concurrent_searches = 0;  // ServerConfig::ActiveRequestLimit()
  uint64_t searches = 0;             // shards × kReaderFilesPerShard × concurrent_searches
  uint64_t writer = 0;               // shards × kWriterFilesPerShard
  uint64_t connections = 0;          // max_connections (one socket each)
  uint64_t headroom = 0;  // 64 (stdio, SQLite files, keys, listener, event loop) + threads
  uint64_t total = 0;
};

// The need of `config` with `shards` shards on disk.
OpenFileNeed NeededOpenFiles(const ServerConfig& config, uint64_t shards);

// The search index directory chanceryd will open for `config`: config.db + ".index", the
// default of records::RecordsOptions::index_dir.
std::string IndexDirFor(const ServerConfig& config);

// RLIMIT_NOFILE before and after RaiseOpenFileLimit.
struct OpenFileLimit {
  uint64_t soft_before = 0;
  uint64_t soft = 0;  // now
  uint64_t hard = 0;
};

// Raises the soft RLIMIT_NOFILE to `need` when it is lower, but never beyond the hard limit
// (an unprivileged process cannot raise that); never lowers it. Errors: kIoError when the limit
// cannot be read or set (the errno text).
Result<OpenFileLimit> RaiseOpenFileLimit(uint64_t need);

// The warning when limit.soft < need.total, else "". One paragraph naming the number needed,
// how it is made up, the limit in force, and what to raise (LimitNOFILE= in chanceryd.service,
// `ulimit -n` / `prlimit --nofile`, or fewer active_requests / max_connections).
std::string OpenFileWarning(const OpenFileNeed& need, const OpenFileLimit& limit);

}  // namespace chancery::server
