// Matcher: many standing queries against a few new records, the other way round from a search
// (docs/decisions/0015-saved-searches-and-alerts.md). A saved search is compiled once with the
// same query language, date range and undated rule as SearchIndex::Search (docs/search.md); a
// batch of records (those changed since the last evaluation) is indexed in memory exactly as the
// search index indexes them, and each compiled query is run over that small batch only. So the
// cost of evaluating N saved searches is N tiny matches per batch, independent of the size of
// the archive: no access decision is made here (the caller decides at delivery time).
//
// CompiledQuery is immutable and may be shared between threads; a MatchBatch is used by one
// thread at a time.
#pragma once

#include <cstddef>
#include <memory>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"
#include "chancery/search/search_index.h"

namespace chancery::search {

class CompiledQuery {
 public:
  // Compiles query.text, from_day, to_day and include_undated (offset, limit, sort, facets,
  // snippets and visible_classes are ignored). Errors: exactly those of SearchIndex::Search for
  // a malformed query or one over the caps: kInvalidArgument "query:1:<column>: <problem>".
  static Result<CompiledQuery> Compile(const SearchQuery& query);

  CompiledQuery();
  ~CompiledQuery();
  CompiledQuery(const CompiledQuery&);
  CompiledQuery& operator=(const CompiledQuery&);

 private:
  friend class MatchBatch;
  struct Impl;
  std::shared_ptr<const Impl> impl_;
};

class MatchBatch {
 public:
  // Indexes `records` (borrowed for this call only) in memory. Errors: kInternal from Xapian.
  static Result<MatchBatch> Of(const std::vector<const model::Cable*>& records);

  MatchBatch();
  ~MatchBatch();
  MatchBatch(MatchBatch&&) noexcept;
  MatchBatch& operator=(MatchBatch&&) noexcept;

  // The positions in `records` of the records the query matches, ascending.
  Result<std::vector<size_t>> Match(const CompiledQuery& query) const;
  size_t size() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace chancery::search
