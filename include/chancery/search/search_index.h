// SearchIndex: the full-text index, derived from the store. It is fed from the store's ordered
// change log and records the last change it applied, so it can always be rebuilt and a crash
// between the store's commit and the index's is repaired by replaying changes on the next open.
//
// Access control is structural: documents are sharded by access class (one Xapian database per
// class), and a query opens only the shards of the classes the subject may read. Totals, ranking
// statistics and tie order therefore come from the visible sub-corpus alone, so records a subject
// may not read change nothing the subject observes (../shared/reference/cable-desk.md §C.2).
//
// Thread safety: Search() may run concurrently with itself; Put/Remove/Commit/Clear must be
// called from one writer thread at a time.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::search {

struct IndexOptions {
  // Directory holding the shards and the applied-change marker. Required; created if missing.
  std::string dir;
};

struct SearchQuery {
  // Words, "phrases", AND/OR/NOT, parentheses, field prefixes title: from: to: person: serial:
  // ref: (Xapian QueryParser syntax; English stemming). Empty text matches every document.
  std::string text;
  // Inclusive day range (days since 1970-01-01) over each record's earliest..latest dates: a
  // record matches if its range overlaps [from_day, to_day]. Undated records never match a range.
  std::optional<int32_t> from_day;
  std::optional<int32_t> to_day;
  uint32_t offset = 0;
  uint32_t limit = 10;
  // Access classes the subject may read. Only these shards are searched.
  std::vector<int64_t> visible_classes;
};

struct Hit {
  std::string id;
  std::string title;
  std::string date;  // ISO, as Cable::date
  double score = 0;
};

struct SearchResults {
  uint64_t total = 0;  // exact number of visible matching records
  std::vector<Hit> hits;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Adds or replaces the document for cable.id in the shard of `access_class`, removing it from
  // any other shard. Not visible to searches until Commit().
  virtual Status Put(const model::Cable& cable, int64_t access_class) = 0;
  virtual Status Remove(std::string_view id) = 0;
  // Makes pending changes durable and records `applied_change_seq` as the last applied change.
  virtual Status Commit(int64_t applied_change_seq) = 0;
  // The last change seq made durable by Commit(); 0 for a new index.
  virtual int64_t AppliedChangeSeq() const = 0;
  // Errors: kInvalidArgument for a malformed query (message names the position).
  virtual Result<SearchResults> Search(const SearchQuery& query) = 0;
  // Deletes every document and resets AppliedChangeSeq() to 0.
  virtual Status Clear() = 0;
};

Result<std::unique_ptr<SearchIndex>> OpenXapianIndex(const IndexOptions& options);

}  // namespace chancery::search
