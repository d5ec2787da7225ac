// The write side of the shards (shards.h): one Xapian::WritableDatabase per (class, part),
// opened lazily and kept open, with the set of shards changed since the last commit.
//
// Thread safety: Write() calls for different parts may run concurrently (each part has its own
// databases and dirty set, so no two threads touch one WritableDatabase); everything else, and
// Write() calls for one part, must come from one thread at a time.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "chancery/base/result.h"

#include "search/xapian/shards.h"

namespace chancery::search::internal {

class ShardWriters {
 public:
  // Writers for the index in `dir`, whose classes have `parts` parts. Opens nothing yet.
  // REQUIRES: parts >= 1.
  ShardWriters(std::string dir, uint32_t parts);

  uint32_t Parts() const { return static_cast<uint32_t>(parts_.size()); }

  // Opens a writer on every shard on disk (parts below Parts()), so that a record can be found
  // wherever it is; does nothing after the first success. Errors: kIoError, kCorruption.
  Status OpenAll();

  // Replaces the document of `id` by `doc` in class `access_class` of `part` and, unless
  // `created` (the caller knows no shard holds `id`: IndexEntry::created), deletes it from every
  // other class of that part. REQUIRES: OpenAll() succeeded; part == PartOf(id, Parts()).
  // Errors: those of Xapian (FromXapianError), naming `id`.
  Status Write(uint32_t part, const std::string& id, int64_t access_class,
               const Xapian::Document& doc, bool created = false);

  // Deletes the document of `id` from its part of every class. REQUIRES: OpenAll() succeeded.
  // Errors: as Write().
  Status Remove(std::string_view id);

  // Commits every changed shard, in parallel. A shard that committed is clean even when another
  // failed. Errors: the first failing shard's, naming it.
  Status Commit();

  // Deletes every document of every open shard and commits them, a thread per part.
  // REQUIRES: OpenAll() succeeded. Errors: as Commit().
  Status DeleteAllAndCommit();

 private:
  struct Part {
    std::map<int64_t, Xapian::WritableDatabase> by_class;
    std::set<int64_t> dirty;
  };

  // The writer of class `access_class` in `part`, creating the shard if needed. May throw
  // Xapian::Error.
  Result<Xapian::WritableDatabase*> Writer(uint32_t part, int64_t access_class);

  const std::string dir_;
  std::vector<Part> parts_;
  bool all_open_ = false;
};

}  // namespace chancery::search::internal
