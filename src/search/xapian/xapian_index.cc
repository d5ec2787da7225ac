// Writing and searching of the Xapian SearchIndex (xapian_index.h).
#include "search/xapian/xapian_index.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include <xapian.h>

#include "search/xapian/document_builder.h"
#include "search/xapian/facet_spy.h"
#include "search/xapian/marker_file.h"
#include "search/xapian/parallel.h"
#include "search/xapian/query_builder.h"
#include "search/xapian/schema.h"
#include "search/xapian/shard_writers.h"
#include "search/xapian/shards.h"
#include "search/xapian/xapian_error.h"

namespace chancery::search::internal {
namespace {

// A search retries when a writer commits twice while it reads (DatabaseModifiedError).
constexpr int kSearchAttempts = 5;

// Relevance: BM25 then record id. Date: the true instant (schema.h kInstantSlot; missing in
// indexes built before it, where all tie), then the first day covered, ascending or descending,
// undated records last either way, then record id. sortable_serialise() never yields "\xff",
// so that default sorts after every date; reversed, the empty default sorts after every date.
void ConfigureSort(SortOrder sort, Xapian::Enquire* enquire, Xapian::MultiValueKeyMaker* key) {
  if (sort == SortOrder::kRelevance) {
    enquire->set_sort_by_relevance_then_value(kIdSlot, false);
    return;
  }
  const bool descending = sort == SortOrder::kDateDescending;
  key->add_value(kInstantSlot, descending, descending ? "" : "\xff");
  key->add_value(kEarliestSlot, descending, descending ? "" : "\xff");
  key->add_value(kIdSlot);
  enquire->set_sort_by_key(key, false);
}

// The hit at `it`: its fields from the hit slot (or, for a document indexed before the slot
// existed, from its data), its score and, when `snippet_model` is given, its snippet.
//
// The snippet is cut with `snippet_model`, an MSet of the same query under BoolWeight, never
// with the ranking MSet: MSet::snippet weighs each query term by its term weight in the MSet it
// is called on, and under BM25 that weight is the term's upper bound in the shard, a figure of
// the shard's write history (wdf and length bounds kept after deletions), not only of the
// records it holds now. Two indexes of the same visible records then cut different passages
// (found twice by the PublishedVersionsNoLeak property: first through
// SNIPPET_BACKGROUND_MODEL, then through these term weights). Under BoolWeight every query term
// weighs the same, so the passage depends on the text and the query alone: the passage covering
// the most distinct query terms wins, the last of equals.
Result<Hit> ReadHit(const Xapian::MSetIterator& it, const Xapian::MSet* snippet_model) {
  Xapian::Document doc = it.get_document();
  std::string encoded = doc.get_value(kHitSlot);
  const bool legacy = encoded.empty();
  CHANCERY_ASSIGN_OR_RETURN(Hit hit, DecodeHit(legacy ? doc.get_data() : encoded));
  hit.score = it.get_weight();
  if (snippet_model != nullptr && !legacy) {
    const unsigned flags = Xapian::MSet::SNIPPET_EXHAUSTIVE | Xapian::MSet::SNIPPET_CJK_NGRAM;
    hit.snippet = snippet_model->snippet(doc.get_data(), kSnippetLength, Xapian::Stem("english"),
                                         flags, "<b>", "</b>", "\u2026");
  }
  return hit;
}

// Xapian errors that mean the files are damaged or missing, rather than busy or unreadable.
// The process ran out of file descriptors (EMFILE) or the system did (ENFILE): a search opens
// 6 files per visible shard (chancery/search/shard_files.h), so this is a limit to raise, not
// damage to repair. Xapian 1.4 exposes the errno only as its strerror text.
bool IsOutOfFiles(const Xapian::Error& e) {
  const char* error = e.get_error_string();
  return error != nullptr && (std::string_view(error) == std::strerror(EMFILE) ||
                              std::string_view(error) == std::strerror(ENFILE));
}

bool IsDamage(const Xapian::Error& e) {
  const std::string_view type = e.get_type();
  return type == "DatabaseCorruptError" || type == "DatabaseOpeningError" ||
         type == "DatabaseNotFoundError" || type == "DatabaseVersionError";
}

}  // namespace

Status XapianIndex::Put(const model::Cable& cable, int64_t access_class) {
  if (!model::IsValidId(cable.id)) {
    return InvalidArgument("search put: invalid record id '" + cable.id + "'");
  }
  CHANCERY_RETURN_IF_ERROR(Health());
  Xapian::Document doc;
  try {
    doc = BuildDocument(cable, snippet_text_bytes_);
  } catch (const Xapian::Error& e) {
    return FromXapianError(e, "search put " + cable.id);
  }
  CHANCERY_RETURN_IF_ERROR(writers_->OpenAll());
  return writers_->Write(PartOf(cable.id, writers_->Parts()), cable.id, access_class, doc);
}

Status XapianIndex::BuildChunk(const std::vector<IndexEntry>& entries, size_t begin, size_t count,
                               std::vector<Xapian::Document>* docs, std::vector<uint32_t>* parts) {
  // One Document (and one Xapian internal) per element: assign(count, Document()) would share
  // one internal among all of them, and the threads below replacing elements at once would
  // decrement its reference count, which Xapian does not make atomic, concurrently (a lost
  // update leaked it under LeakSanitizer; the other way it is a double free).
  docs->clear();
  docs->resize(count);
  parts->assign(count, 0);
  return ParallelFor(count, [&](size_t i) -> Status {
    const model::Cable& cable = *entries[begin + i].cable;
    (*parts)[i] = PartOf(cable.id, writers_->Parts());
    try {
      (*docs)[i] = BuildDocument(cable, snippet_text_bytes_);
      return Status::Ok();
    } catch (const Xapian::Error& e) {
      return FromXapianError(e, "search put " + cable.id);
    }
  });
}

Status XapianIndex::WriteChunk(const std::vector<IndexEntry>& entries, size_t begin,
                               const std::vector<Xapian::Document>& docs,
                               const std::vector<uint32_t>& parts) {
  // Thread p writes every entry of part p, in entry order: a later entry for the same id (same
  // part) still wins, and no two threads touch one database.
  return ParallelFor(writers_->Parts(), [&](size_t part) -> Status {
    for (size_t i = 0; i < docs.size(); ++i) {
      if (parts[i] == part) {
        const IndexEntry& entry = entries[begin + i];
        CHANCERY_RETURN_IF_ERROR(
            writers_->Write(parts[i], entry.cable->id, entry.access_class, docs[i], entry.created));
      }
    }
    return Status::Ok();
  });
}

Status XapianIndex::PutMany(const std::vector<IndexEntry>& entries) {
  // Documents are built in chunks on all cores (term generation is a large part of the cost of
  // indexing), then written on all cores, a thread per part (Xapian's inverter and commit are
  // the rest), so memory stays at one chunk of documents.
  constexpr size_t kChunk = 256;
  CHANCERY_RETURN_IF_ERROR(Health());
  for (const IndexEntry& entry : entries) {
    if (!model::IsValidId(entry.cable->id)) {
      return InvalidArgument("search put: invalid record id '" + entry.cable->id + "'");
    }
  }
  CHANCERY_RETURN_IF_ERROR(writers_->OpenAll());
  std::vector<Xapian::Document> docs;
  std::vector<uint32_t> parts;
  for (size_t begin = 0; begin < entries.size(); begin += kChunk) {
    const size_t count = std::min(kChunk, entries.size() - begin);
    CHANCERY_RETURN_IF_ERROR(BuildChunk(entries, begin, count, &docs, &parts));
    CHANCERY_RETURN_IF_ERROR(WriteChunk(entries, begin, docs, parts));
  }
  return Status::Ok();
}

Status XapianIndex::Remove(std::string_view id) {
  if (!model::IsValidId(id)) {
    return InvalidArgument("search remove: invalid record id '" + std::string(id) + "'");
  }
  CHANCERY_RETURN_IF_ERROR(Health());
  CHANCERY_RETURN_IF_ERROR(writers_->OpenAll());
  return writers_->Remove(id);
}

Status XapianIndex::Commit(int64_t applied_change_seq) {
  if (applied_change_seq < 0) {
    return InvalidArgument("search commit: negative change seq " +
                           std::to_string(applied_change_seq));
  }
  CHANCERY_RETURN_IF_ERROR(Health());
  // Shards first (in parallel: each is its own database), marker last: after a crash in
  // between, the marker is behind the shards and the changes after it are replayed, which is
  // harmless (Put and Remove are idempotent).
  CHANCERY_RETURN_IF_ERROR(writers_->Commit());
  CHANCERY_RETURN_IF_ERROR(WriteMarker(MarkerPath(), applied_change_seq));
  applied_seq_.store(applied_change_seq);
  return Status::Ok();
}

Status XapianIndex::Clear() {
  CHANCERY_RETURN_IF_ERROR(Health());
  // Marker first: a crash part way leaves marker 0 and a partly cleared index, and a replay of
  // every change from the start repairs it.
  CHANCERY_RETURN_IF_ERROR(WriteMarker(MarkerPath(), 0));
  applied_seq_.store(0);
  CHANCERY_RETURN_IF_ERROR(writers_->OpenAll());
  // Readers reopen every shard on each search, so they see the deletions once committed.
  return writers_->DeleteAllAndCommit();
}

Status XapianIndex::RunSearch(const SearchQuery& query, const Xapian::Query& xapian_query,
                              ShardReaders* readers, SearchResults* results) {
  std::map<int64_t, int64_t> counts;
  Xapian::Database db = readers->Open(query.visible_classes, &counts);
  CHANCERY_RETURN_IF_ERROR(CheckCounts(query.visible_classes, counts));
  const Xapian::doccount doccount = db.get_doccount();
  if (doccount == 0) {
    results->facets = FacetSpy(query.facets).Results(query.facet_limit);
    return Status::Ok();
  }
  Xapian::Enquire enquire(db);
  enquire.set_query(xapian_query);
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  Xapian::MultiValueKeyMaker date_key;  // must outlive get_mset()
  ConfigureSort(query.sort, &enquire, &date_key);
  std::optional<FacetSpy> spy;
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
  // The snippets' term weights (see ReadHit): no match is run for a page of 0 items.
  std::optional<Xapian::MSet> snippet_model;
  if (query.snippets && !mset.empty()) {
    Xapian::Enquire model(db);
    model.set_query(xapian_query);
    model.set_weighting_scheme(Xapian::BoolWeight());
    snippet_model = model.get_mset(0, 0);
  }
  for (auto it = mset.begin(); it != mset.end(); ++it) {
    CHANCERY_ASSIGN_OR_RETURN(Hit hit,
                              ReadHit(it, snippet_model.has_value() ? &*snippet_model : nullptr));
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
  CHANCERY_ASSIGN_OR_RETURN(Xapian::Query xapian_query, BuildQuery(query));
  CHANCERY_RETURN_IF_ERROR(Health());
  std::unique_ptr<ShardReaders> readers = pool_.Acquire();
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
      Status status = FromXapianError(e, "search in " + dir_);
      if (IsOutOfFiles(e)) {
        // Said to the caller as is (kUnavailable), so no path or shard name in it.
        return Unavailable(std::string("search: out of open files (") + e.get_error_string() +
                           "): raise the server's open-file limit (docs/deploy.md \"Open files\")");
      }
      return IsDamage(e) ? Damaged(status.message()) : status;
    }
  }
  return Unavailable("search in " + dir_ + ": shards kept changing during the search");
}

}  // namespace chancery::search::internal
