// Where the shards live and the read side of them. Each access class is split into P parts (P
// from the layout file, layout_file.h), each part its own Xapian database: part 0 in
// <dir>/c<class id>/, part k >= 1 in <dir>/c<class id>.<k>/. A record's part depends only on its
// id (PartOf), so one writer thread per part never shares a database with another. A search
// combines every part of the classes its subject may read, and only those.
//
// ShardReaders holds read-only handles and is used by one search at a time; ReaderPool hands
// them out so that concurrent searches each get their own (Xapian handles are not thread-safe)
// while handles are reused, and only reopened, from one search to the next.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "chancery/base/result.h"

namespace chancery::search::internal {

// One shard: part `part` of access class `access_class`. Ordered by class, then part.
struct ShardKey {
  int64_t access_class = 0;
  uint32_t part = 0;
  friend auto operator<=>(const ShardKey&, const ShardKey&) = default;
};

// The part of record `id` when classes have `parts` parts: FNV-1a 64 of the id's bytes modulo
// `parts`. Stable across versions and machines (it decides where records are stored).
// REQUIRES: parts >= 1.
uint32_t PartOf(std::string_view id, uint32_t parts);

// "c<class>" for part 0, "c<class>.<part>" for the others: the shard's directory name.
std::string ShardName(ShardKey key);

// <dir>/ShardName(key).
std::string ShardPath(const std::string& dir, ShardKey key);

// Creates an empty shard database at `path` unless a directory is there. The database is built
// under a temporary name and renamed into place, so a reader never finds a half-created shard.
// May throw Xapian::Error. Errors: kIoError if the rename fails.
Status CreateShardIfMissing(const std::string& path);

// The shards under `dir` (directories named as ShardPath() names them), ascending; leftovers of
// an interrupted CreateShardIfMissing() are not shards. Errors: kIoError.
Result<std::vector<ShardKey>> ListShards(const std::string& dir);

class ShardReaders {
 public:
  // Readers of the index in `dir`, whose classes have `parts` parts, handed out by a pool in
  // its `generation`. REQUIRES: parts >= 1.
  ShardReaders(std::string dir, uint32_t parts, uint64_t generation = 0)
      : dir_(std::move(dir)), parts_(parts), generation_(generation) {}

  uint64_t Generation() const { return generation_; }

  // A database combining, in ascending (class, part) order, the existing parts of `classes`,
  // each reopened at its latest committed revision (reopen() reads one version file and does
  // nothing when the shard did not change). When the classes are those of the previous call and
  // no shard changed, the previous combined handle is returned as is. Every call sees every
  // commit completed before it, so totals never go backwards from one search to a later one.
  // `counts` receives the number of documents of each class with an open part (classes without
  // any part directory are absent: the caller decides whether that is right). May throw
  // Xapian::Error; the caller converts it and then either discards this object or calls
  // Invalidate().
  Xapian::Database Open(const std::vector<int64_t>& classes, std::map<int64_t, int64_t>* counts);

  // Makes the next Open() rebuild the combined handle (after a DatabaseModifiedError).
  void Invalidate() { rebuild_ = true; }

 private:
  std::string dir_;
  uint32_t parts_;
  uint64_t generation_;
  std::map<ShardKey, Xapian::Database> shards_;
  std::vector<int64_t> last_classes_;  // sorted, unique, as last passed to Open()
  std::vector<ShardKey> last_opened_;  // the shards of those classes that existed
  Xapian::Database last_combined_;
  bool rebuild_ = true;
};

class ReaderPool {
 public:
  ReaderPool(std::string dir, uint32_t parts) : dir_(std::move(dir)), parts_(parts) {}

  // A reader set for the caller's exclusive use: a pooled one or a new one. Thread-safe.
  std::unique_ptr<ShardReaders> Acquire();
  // Returns a reader set that is still healthy to the pool; one handed out before the last
  // Reset() is dropped instead. Thread-safe.
  void Release(std::unique_ptr<ShardReaders> readers);
  // Forgets every pooled reader (the directory was replaced, so their handles point at deleted
  // shards); later readers have `parts` parts. Thread-safe.
  void Reset(uint32_t parts);

 private:
  const std::string dir_;
  std::mutex mu_;
  uint32_t parts_;                                   // guarded by mu_
  uint64_t generation_ = 0;                          // guarded by mu_
  std::vector<std::unique_ptr<ShardReaders>> free_;  // guarded by mu_
};

}  // namespace chancery::search::internal
