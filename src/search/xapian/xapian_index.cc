// The Xapian SearchIndex: one glass database per access class (shards.h), documents built by
// document_builder.h, queries by query_builder.h, and the applied-change marker (marker_file.h).
// docs/search.md describes the whole design.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <system_error>
#include <vector>

#include <xapian.h>

#include "chancery/search/search_index.h"

#include "search/xapian/document_builder.h"
#include "search/xapian/facet_spy.h"
#include "search/xapian/marker_file.h"
#include "search/xapian/parallel.h"
#include "search/xapian/query_builder.h"
#include "search/xapian/schema.h"
#include "search/xapian/shards.h"
#include "search/xapian/xapian_error.h"

namespace chancery::search {
namespace {

using internal::FromXapianError;

constexpr const char* kMarkerName = "applied_seq";
// A search retries when a writer commits twice while it reads (DatabaseModifiedError).
constexpr int kSearchAttempts = 5;

// Relevance: BM25 then record id. Date: first day covered (ascending or descending), undated
// records last either way, then record id. sortable_serialise() never yields "\xff", so that
// default sorts after every date; reversed, the empty default sorts after every date too.
void ConfigureSort(SortOrder sort, Xapian::Enquire* enquire, Xapian::MultiValueKeyMaker* key) {
  if (sort == SortOrder::kRelevance) {
    enquire->set_sort_by_relevance_then_value(internal::kIdSlot, false);
    return;
  }
  const bool descending = sort == SortOrder::kDateDescending;
  key->add_value(internal::kEarliestSlot, descending, descending ? "" : "\xff");
  key->add_value(internal::kIdSlot);
  enquire->set_sort_by_key(key, false);
}

// The hit at `it`: its fields from the hit slot (or, for a document indexed before the slot
// existed, from its data), its score and, when asked, its snippet.
Result<Hit> ReadHit(const Xapian::MSet& mset, const Xapian::MSetIterator& it, bool snippets) {
  Xapian::Document doc = it.get_document();
  std::string encoded = doc.get_value(internal::kHitSlot);
  const bool legacy = encoded.empty();
  CHANCERY_ASSIGN_OR_RETURN(Hit hit, internal::DecodeHit(legacy ? doc.get_data() : encoded));
  hit.score = it.get_weight();
  if (snippets && !legacy) {
    const unsigned flags = Xapian::MSet::SNIPPET_BACKGROUND_MODEL |
                           Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_CJK_NGRAM;
    hit.snippet = mset.snippet(doc.get_data(), internal::kSnippetLength, Xapian::Stem("english"),
                               flags, "<b>", "</b>", "\u2026");
  }
  return hit;
}

class XapianIndex final : public SearchIndex {
 public:
  XapianIndex(const IndexOptions& options, int64_t applied_seq)
      : dir_(options.dir),
        snippet_text_bytes_(options.snippet_text_bytes),
        applied_seq_(applied_seq),
        pool_(dir_) {}

  Status Put(const model::Cable& cable, int64_t access_class) override;
  Status PutMany(const std::vector<IndexEntry>& entries) override;
  Status Remove(std::string_view id) override;
  Status Commit(int64_t applied_change_seq) override;

  int64_t AppliedChangeSeq() const override { return applied_seq_.load(); }

  Result<SearchResults> Search(const SearchQuery& query) override;
  Status Clear() override;

 private:
  std::string MarkerPath() const { return dir_ + "/" + kMarkerName; }

  // Opens (creating if needed) the writable shard of `access_class`. May throw Xapian::Error.
  Result<Xapian::WritableDatabase*> Writer(int64_t access_class);
  // Replaces the document of `id` by `doc` in the shard of `access_class` and deletes it from
  // every other shard.
  Status WriteDocument(const std::string& id, int64_t access_class, const Xapian::Document& doc);
  // Opens a writer on every shard on disk, so that a record can be found in any of them.
  Status OpenAllWriters();
  // Deletes the document of `id_term` from every open shard except `keep`, if present.
  void DeleteFromShards(const std::string& id_term, std::optional<int64_t> keep);
  // Deletes every document of every shard and commits. May throw Xapian::Error.
  void DeleteAllAndCommit();
  Status RunSearch(const SearchQuery& query, const Xapian::Query& xapian_query,
                   internal::ShardReaders* readers, SearchResults* results);

  const std::string dir_;
  const size_t snippet_text_bytes_;
  std::atomic<int64_t> applied_seq_;
  // Writer-thread state (see the thread-safety note in search_index.h).
  std::map<int64_t, Xapian::WritableDatabase> writers_;
  std::set<int64_t> dirty_;
  bool all_writers_open_ = false;
  internal::ReaderPool pool_;
};

Result<Xapian::WritableDatabase*> XapianIndex::Writer(int64_t access_class) {
  auto it = writers_.find(access_class);
  if (it == writers_.end()) {
    const std::string path = internal::ShardPath(dir_, access_class);
    CHANCERY_RETURN_IF_ERROR(internal::CreateShardIfMissing(path));
    it = writers_.emplace(access_class, Xapian::WritableDatabase(path, Xapian::DB_OPEN)).first;
  }
  return &it->second;
}

Status XapianIndex::OpenAllWriters() {
  if (all_writers_open_) {
    return Status::Ok();
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<int64_t> classes, internal::ListShards(dir_));
  for (int64_t access_class : classes) {
    CHANCERY_RETURN_IF_ERROR(Writer(access_class).status());
  }
  all_writers_open_ = true;
  return Status::Ok();
}

void XapianIndex::DeleteFromShards(const std::string& id_term, std::optional<int64_t> keep) {
  for (auto& [access_class, db] : writers_) {
    if (access_class != keep && db.term_exists(id_term)) {
      db.delete_document(id_term);
      dirty_.insert(access_class);
    }
  }
}

Status XapianIndex::Put(const model::Cable& cable, int64_t access_class) {
  if (!model::IsValidId(cable.id)) {
    return InvalidArgument("search put: invalid record id '" + cable.id + "'");
  }
  Xapian::Document doc;
  try {
    doc = internal::BuildDocument(cable, snippet_text_bytes_);
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "search put " + cable.id);
  }
  return WriteDocument(cable.id, access_class, doc);
}

Status XapianIndex::PutMany(const std::vector<IndexEntry>& entries) {
  // Documents are built in chunks on all cores (term generation is most of the cost of
  // indexing), then written by this thread, so memory stays at one chunk of documents.
  constexpr size_t kChunk = 256;
  for (const IndexEntry& entry : entries) {
    if (!model::IsValidId(entry.cable->id)) {
      return InvalidArgument("search put: invalid record id '" + entry.cable->id + "'");
    }
  }
  std::vector<Xapian::Document> docs;
  for (size_t begin = 0; begin < entries.size(); begin += kChunk) {
    const size_t count = std::min(kChunk, entries.size() - begin);
    docs.assign(count, Xapian::Document());
    CHANCERY_RETURN_IF_ERROR(internal::ParallelFor(count, [&](size_t i) -> Status {
      const model::Cable& cable = *entries[begin + i].cable;
      try {
        docs[i] = internal::BuildDocument(cable, snippet_text_bytes_);
        return Status::Ok();
      } catch (const Xapian::Error& e) {
        return FromXapianError(e, "search put " + cable.id);
      }
    }));
    for (size_t i = 0; i < count; ++i) {
      const IndexEntry& entry = entries[begin + i];
      CHANCERY_RETURN_IF_ERROR(WriteDocument(entry.cable->id, entry.access_class, docs[i]));
    }
  }
  return Status::Ok();
}

Status XapianIndex::WriteDocument(const std::string& id, int64_t access_class,
                                  const Xapian::Document& doc) {
  try {
    CHANCERY_RETURN_IF_ERROR(OpenAllWriters());
    const std::string id_term = internal::IdTerm(id);
    DeleteFromShards(id_term, access_class);
    CHANCERY_ASSIGN_OR_RETURN(Xapian::WritableDatabase * db, Writer(access_class));
    db->replace_document(id_term, doc);
    dirty_.insert(access_class);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "search put " + id);
  }
}

Status XapianIndex::Remove(std::string_view id) {
  if (!model::IsValidId(id)) {
    return InvalidArgument("search remove: invalid record id '" + std::string(id) + "'");
  }
  try {
    CHANCERY_RETURN_IF_ERROR(OpenAllWriters());
    DeleteFromShards(internal::IdTerm(id), std::nullopt);
    return Status::Ok();
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "search remove " + std::string(id));
  }
}

Status XapianIndex::Commit(int64_t applied_change_seq) {
  if (applied_change_seq < 0) {
    return InvalidArgument("search commit: negative change seq " +
                           std::to_string(applied_change_seq));
  }
  // Shards first (in parallel: each is its own database), marker last: after a crash in
  // between, the marker is behind the shards and the changes after it are replayed, which is
  // harmless (Put and Remove are idempotent).
  const std::vector<int64_t> dirty(dirty_.begin(), dirty_.end());
  std::vector<char> committed(dirty.size(), 0);
  Status status = internal::ParallelFor(dirty.size(), [&](size_t i) -> Status {
    try {
      writers_.at(dirty[i]).commit();
      committed[i] = 1;
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapianError(e, "search commit of shard c" + std::to_string(dirty[i]));
    }
  });
  for (size_t i = 0; i < dirty.size(); ++i) {
    if (committed[i] != 0) {
      dirty_.erase(dirty[i]);
    }
  }
  CHANCERY_RETURN_IF_ERROR(status);
  CHANCERY_RETURN_IF_ERROR(internal::WriteMarker(MarkerPath(), applied_change_seq));
  applied_seq_.store(applied_change_seq);
  return Status::Ok();
}

void XapianIndex::DeleteAllAndCommit() {
  for (auto& [access_class, db] : writers_) {
    std::vector<Xapian::docid> docids;
    for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
      docids.push_back(*it);
    }
    for (Xapian::docid docid : docids) {
      db.delete_document(docid);
    }
    db.commit();
  }
  dirty_.clear();
}

Status XapianIndex::Clear() {
  // Marker first: a crash part way leaves marker 0 and a partly cleared index, and a replay of
  // every change from the start repairs it.
  CHANCERY_RETURN_IF_ERROR(internal::WriteMarker(MarkerPath(), 0));
  applied_seq_.store(0);
  try {
    CHANCERY_RETURN_IF_ERROR(OpenAllWriters());
    DeleteAllAndCommit();
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "search clear of " + dir_);
  }
  // Rewritten so that readers, which reopen shards only when the marker changed, see the
  // deletions.
  return internal::WriteMarker(MarkerPath(), 0);
}

Status XapianIndex::RunSearch(const SearchQuery& query, const Xapian::Query& xapian_query,
                              internal::ShardReaders* readers, SearchResults* results) {
  Xapian::Database db = readers->Open(query.visible_classes);
  const Xapian::doccount doccount = db.get_doccount();
  if (doccount == 0) {
    results->facets = internal::FacetSpy(query.facets).Results(query.facet_limit);
    return Status::Ok();
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(xapian_query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  Xapian::MultiValueKeyMaker date_key;  // must outlive get_mset()
  ConfigureSort(query.sort, &enquire, &date_key);
  std::optional<internal::FacetSpy> spy;
  if (!query.facets.empty()) {
    spy.emplace(query.facets);
    enquire.add_matchspy(&*spy);
  }
  if (query.budget_ms != 0) {
    enquire.set_time_limit(query.budget_ms / 1000.0);
  }
  const auto start = std::chrono::steady_clock::now();
  // checkatleast = doccount makes the match count exact (and lets the facet spy see every
  // match) rather than an estimate, unless the time budget stops the match first.
  Xapian::MSet mset = enquire.get_mset(query.offset, std::min(query.limit, doccount), doccount);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  results->budget_exceeded =
      mset.get_matches_lower_bound() != mset.get_matches_upper_bound() ||
      (query.budget_ms != 0 && elapsed >= std::chrono::milliseconds(query.budget_ms));
  results->total =
      results->budget_exceeded ? mset.get_matches_lower_bound() : mset.get_matches_estimated();
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    CHANCERY_ASSIGN_OR_RETURN(Hit hit, ReadHit(mset, it, query.snippets));
    results->hits.push_back(std::move(hit));
  }
  if (spy.has_value()) {
    results->facets = spy->Results(query.facet_limit);
  }
  return Status::Ok();
}

Result<SearchResults> XapianIndex::Search(const SearchQuery& query) {
  if (uint64_t{query.offset} + query.limit > kMaxResultWindow) {
    return InvalidArgument("search: offset " + std::to_string(query.offset) + " + limit " +
                           std::to_string(query.limit) + " exceeds the result window of " +
                           std::to_string(kMaxResultWindow));
  }
  CHANCERY_ASSIGN_OR_RETURN(Xapian::Query xapian_query, internal::BuildQuery(query));
  std::unique_ptr<internal::ShardReaders> readers = pool_.Acquire();
  for (int attempt = 0; attempt < kSearchAttempts; ++attempt) {
    try {
      SearchResults results;
      CHANCERY_RETURN_IF_ERROR(RunSearch(query, xapian_query, readers.get(), &results));
      pool_.Release(std::move(readers));
      return results;
    } catch (const Xapian::DatabaseModifiedError&) {
      readers->Invalidate();  // the next Open() reopens every shard at its latest revision
      continue;
    } catch (const Xapian::Error& e) {
      return FromXapianError(e, "search in " + dir_);
    }
  }
  return Unavailable("search in " + dir_ + ": shards kept changing during the search");
}

}  // namespace

Result<std::unique_ptr<SearchIndex>> OpenXapianIndex(const IndexOptions& options) {
  if (options.dir.empty()) {
    return InvalidArgument("search index: options.dir is required");
  }
  std::error_code ec;
  std::filesystem::create_directories(options.dir, ec);
  if (ec) {
    return IoError("cannot create search index directory " + options.dir + ": " + ec.message());
  }
  CHANCERY_ASSIGN_OR_RETURN(int64_t applied_seq,
                            internal::ReadMarker(options.dir + "/" + kMarkerName));
  return std::unique_ptr<SearchIndex>(std::make_unique<XapianIndex>(options, applied_seq));
}

}  // namespace chancery::search
