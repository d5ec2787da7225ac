// The Xapian SearchIndex: P glass databases per access class (shards.h, written by
// shard_writers.h, P from layout_file.h), documents built by document_builder.h, queries by
// query_builder.h, and the applied-change marker (marker_file.h). Writing and searching are in
// xapian_index.cc; opening, health, counts and rebuilding in xapian_index_repair.cc.
// docs/search.md describes the whole design.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "chancery/search/search_index.h"

#include "search/xapian/shard_writers.h"
#include "search/xapian/shards.h"

namespace chancery::search::internal {

// kCorruption "search index damaged (<detail>): run chancery reindex".
Status Damaged(std::string_view detail);

class XapianIndex final : public SearchIndex {
 public:
  // An index on options.dir with `parts` parts and marker `applied_seq`; `damage` is OK or the
  // Damaged() status found at open.
  XapianIndex(const IndexOptions& options, uint32_t parts, int64_t applied_seq, Status damage);

  Status Put(const model::Cable& cable, int64_t access_class) override;
  Status PutMany(const std::vector<IndexEntry>& entries) override;
  Status Remove(std::string_view id) override;
  Status Commit(int64_t applied_change_seq) override;

  int64_t AppliedChangeSeq() const override { return applied_seq_.load(); }

  Result<SearchResults> Search(const SearchQuery& query) override;
  Status Clear() override;
  Status Health() const override;
  Result<std::map<int64_t, int64_t>> CountsByClass() override;
  void SetExpectedCounts(std::map<int64_t, int64_t> counts, int64_t at_change_seq) override;
  Status Rebuild(int64_t applied_change_seq,
                 const std::function<Status(SearchIndex& fresh)>& fill) override;

 private:
  struct Expected {
    std::map<int64_t, int64_t> counts;
    int64_t seq = -1;
  };

  std::string MarkerPath() const { return dir_ + "/applied_seq"; }

  // Builds the documents of entries [begin, begin + count) on all cores into `docs`, and the part
  // of each into `parts`.
  Status BuildChunk(const std::vector<IndexEntry>& entries, size_t begin, size_t count,
                    std::vector<Xapian::Document>* docs, std::vector<uint32_t>* parts);
  // Writes what BuildChunk() built, a thread per part. REQUIRES: writers_->OpenAll() succeeded.
  Status WriteChunk(const std::vector<IndexEntry>& entries, size_t begin,
                    const std::vector<Xapian::Document>& docs, const std::vector<uint32_t>& parts);
  Status RunSearch(const SearchQuery& query, const Xapian::Query& xapian_query,
                   ShardReaders* readers, SearchResults* results);
  // The SetExpectedCounts() check over the visible `classes` whose open parts hold `counts`.
  Status CheckCounts(const std::vector<int64_t>& classes,
                     const std::map<int64_t, int64_t>& counts) const;
  // kUnavailable if another process holds a writer on a shard in dir_. REQUIRES: this index holds
  // no writer (writers_ is fresh).
  Status CheckNoOtherWriter() const;
  // Exchanges `built` with dir_ (atomically where the file system can), then deletes `built`.
  Status SwapIn(const std::string& built);

  const IndexOptions options_;
  const std::string dir_;
  const size_t snippet_text_bytes_;
  std::atomic<int64_t> applied_seq_;
  // Writer-thread state (see the thread-safety note in search_index.h).
  uint32_t parts_;
  std::unique_ptr<ShardWriters> writers_;
  ReaderPool pool_;

  mutable std::mutex mu_;
  Status damage_;                             // guarded by mu_
  std::shared_ptr<const Expected> expected_;  // guarded by mu_
};

}  // namespace chancery::search::internal
