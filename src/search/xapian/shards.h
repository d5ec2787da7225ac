// Where the shards live and the read side of them. Each access class has its own Xapian
// database in <dir>/c<class id>/; a search combines only the shards its subject may read.
//
// ShardReaders holds read-only handles and is used by one search at a time; ReaderPool hands
// them out so that concurrent searches each get their own (Xapian handles are not thread-safe)
// while handles are reused, and only reopened, from one search to the next.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "chancery/base/result.h"

namespace chancery::search::internal {

// <dir>/c<access_class>.
std::string ShardPath(const std::string& dir, int64_t access_class);

// Creates an empty shard database at `path` unless a directory is there. The database is built
// under a temporary name and renamed into place, so a reader never finds a half-created shard.
// May throw Xapian::Error. Errors: kIoError if the rename fails.
Status CreateShardIfMissing(const std::string& path);

// The access classes that have a shard under `dir`, ascending. Errors: kIoError.
Result<std::vector<int64_t>> ListShards(const std::string& dir);

class ShardReaders {
 public:
  explicit ShardReaders(std::string dir) : dir_(std::move(dir)) {}

  // A database combining, in ascending class order, the shards of `classes` that exist, each
  // reopened at its latest committed revision (reopen() reads one version file and does nothing
  // when the shard did not change). When the classes are those of the previous call and no shard
  // changed, the previous combined handle is returned as is. Every call sees every commit
  // completed before it, so totals never go backwards from one search to a later one. May throw
  // Xapian::Error; the caller converts it and then either discards this object or calls
  // Invalidate().
  Xapian::Database Open(const std::vector<int64_t>& classes);

  // Makes the next Open() rebuild the combined handle (after a DatabaseModifiedError).
  void Invalidate() { rebuild_ = true; }

 private:
  std::string dir_;
  std::map<int64_t, Xapian::Database> shards_;
  std::vector<int64_t> last_classes_;  // sorted, unique, as last passed to Open()
  std::vector<int64_t> last_opened_;   // the classes of those that had a shard
  Xapian::Database last_combined_;
  bool rebuild_ = true;
};

class ReaderPool {
 public:
  explicit ReaderPool(std::string dir) : dir_(std::move(dir)) {}

  // A reader set for the caller's exclusive use: a pooled one or a new one. Thread-safe.
  std::unique_ptr<ShardReaders> Acquire();
  // Returns a reader set that is still healthy to the pool. Thread-safe.
  void Release(std::unique_ptr<ShardReaders> readers);

 private:
  const std::string dir_;
  std::mutex mu_;
  std::vector<std::unique_ptr<ShardReaders>> free_;  // guarded by mu_
};

}  // namespace chancery::search::internal
