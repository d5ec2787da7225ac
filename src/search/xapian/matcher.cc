// The Matcher of include/chancery/search/matcher.h over Xapian: the batch is an in-memory
// database filled with BuildDocument(), the very documents the search index holds, and each
// compiled query is BuildQuery()'s, so a saved search matches a record exactly when a search
// with the same text and range would find it.
#include "chancery/search/matcher.h"

#include <algorithm>
#include <string>
#include <utility>

#include <xapian.h>

#include "search/xapian/document_builder.h"
#include "search/xapian/query_builder.h"
#include "search/xapian/xapian_error.h"

namespace chancery::search {

struct CompiledQuery::Impl {
  Xapian::Query query;
};

struct MatchBatch::Impl {
  Xapian::WritableDatabase db;
  size_t count = 0;
};

CompiledQuery::CompiledQuery() = default;
CompiledQuery::~CompiledQuery() = default;
CompiledQuery::CompiledQuery(const CompiledQuery&) = default;
CompiledQuery& CompiledQuery::operator=(const CompiledQuery&) = default;

Result<CompiledQuery> CompiledQuery::Compile(const SearchQuery& query) {
  CHANCERY_ASSIGN_OR_RETURN(Xapian::Query built, internal::BuildQuery(query));
  CompiledQuery out;
  auto impl = std::make_shared<Impl>();
  impl->query = std::move(built);
  out.impl_ = std::move(impl);
  return out;
}

MatchBatch::MatchBatch() = default;
MatchBatch::~MatchBatch() = default;
MatchBatch::MatchBatch(MatchBatch&&) noexcept = default;
MatchBatch& MatchBatch::operator=(MatchBatch&&) noexcept = default;

Result<MatchBatch> MatchBatch::Of(const std::vector<const model::Cable*>& records) {
  MatchBatch out;
  try {
    auto impl = std::make_unique<Impl>();
    impl->db = Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const model::Cable* cable : records) {
      // Document ids are positions + 1, so a match maps back without decoding anything.
      impl->db.replace_document(static_cast<Xapian::docid>(impl->count + 1),
                                internal::BuildDocument(*cable, 0));
      ++impl->count;
    }
    out.impl_ = std::move(impl);
  } catch (const Xapian::Error& e) {
    return internal::FromXapianError(e, "indexing a match batch");
  }
  return out;
}

size_t MatchBatch::size() const {
  return impl_ == nullptr ? 0 : impl_->count;
}

Result<std::vector<size_t>> MatchBatch::Match(const CompiledQuery& query) const {
  std::vector<size_t> out;
  if (impl_ == nullptr || impl_->count == 0 || query.impl_ == nullptr) {
    return out;
  }
  try {
    Xapian::Enquire enquire(impl_->db);
    enquire.set_query(query.impl_->query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    enquire.set_docid_order(Xapian::Enquire::ASCENDING);
    const auto n = static_cast<Xapian::doccount>(impl_->count);
    Xapian::MSet mset = enquire.get_mset(0, n, n);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      out.push_back(static_cast<size_t>(*it) - 1);
    }
  } catch (const Xapian::Error& e) {
    return internal::FromXapianError(e, "matching a saved query");
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace chancery::search
