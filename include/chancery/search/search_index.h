// SearchIndex: the full-text index, derived from the store. It is fed from the store's ordered
// change log and records the last change it applied, so it can always be rebuilt and a crash
// between the store's commit and the index's is repaired by replaying changes on the next open.
//
// Access control is structural: documents are sharded by access class (each class one or more
// Xapian databases, its parts, written in parallel: docs/search.md), and a query opens only the
// shards of the classes the subject may read. Totals, ranking statistics and tie order therefore
// come from the visible sub-corpus alone, so records a subject may not read change nothing the
// subject observes (../shared/reference/cable-desk.md §C.2).
//
// Damage: the index is derived data, so a damaged one (unreadable marker or layout, a missing,
// truncated or emptied shard) is never served as fewer results. Opening it succeeds and Health()
// reports the damage; Search() refuses with kCorruption "search index damaged (...): run chancery
// reindex" (also when a visible class holds another number of documents than SetExpectedCounts()
// said); Rebuild() builds it again from nothing, whatever state it is in (docs/search.md "Checks
// and repair").
//
// Files: the index directory and its shard directories are 0700, every file in them 0600,
// whatever the umask; an older index with looser modes is repaired on open.
//
// Thread safety: Search(), Health() and SetExpectedCounts() may run concurrently with each other
// and with the writer; Put/Remove/Commit/Clear/CountsByClass/Rebuild must be called from one
// writer thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::search {

struct IndexOptions {
  // Directory holding the shards and the applied-change marker. Required; created if missing.
  std::string dir;
  // Bytes of each record's text (subject, summary, body, enclosures, notes; cut at a UTF-8
  // boundary) stored for snippets; matches past it are not highlighted. The default, 1 MiB,
  // keeps the whole text of every FRUS document (issue 12: it was 2,048). 0 stores none (no
  // snippets). Stored text is zlib-compressed by Xapian; on FRUS, 20 KB costs about +19 % of
  // index size and 4 KB +14.5 % (docs/search.md). Applies to records Put after the index is
  // opened.
  uint32_t snippet_text_bytes = 1u << 20;
  // Number of parts each access class is split into (a database each, written by a thread
  // each; a record's part is a hash of its id). Used only when `dir` holds no index yet: P is
  // then recorded in <dir>/layout and kept for the life of the directory, and a directory with
  // shards but no layout file has 1 (docs/search.md "Layout on disk"). 0 (the default) means
  // the number of hardware threads clamped to 1..8; above 64 is kInvalidArgument.
  uint32_t parts = 0;
};

// Caps on one query; exceeding any is kInvalidArgument.
inline constexpr size_t kMaxQueryBytes = 1024;       // SearchQuery::text length
inline constexpr size_t kMaxQueryTerms = 64;         // words, phrase words and field values
inline constexpr uint32_t kMaxResultWindow = 10000;  // offset + limit

enum class SortOrder : int8_t {
  kRelevance = 0,   // BM25 score descending, ties by record id ascending
  kDateAscending,   // first day covered ascending; undated last; ties by record id ascending
  kDateDescending,  // first day covered descending; undated last; ties by record id ascending
};
// "relevance", "date-asc", "date-desc".
std::string_view SortOrderName(SortOrder order);
// Inverse of SortOrderName (exact, lower case); false for anything else.
bool ParseSortOrder(std::string_view name, SortOrder* order);

// A facet: a field whose values are counted over the visible matching records.
enum class Facet : int8_t {
  kDecade = 0,      // "1960s", from the first day covered
  kYear,            // "1963", from the first day covered
  kClassification,  // original_marking.label.classification (none when the marking names none)
  kPrecedence,      // precedence rank name ("PRIORITY"); records of unknown rank have none
  kFromOffice,      // office, else organization, without a leading "the" (model::OfficeFacetValue)
  kToOffice,        // every distinct addressees[].name, normalized likewise (multi-valued)
  kCollection,      // archival.collection; FacetBucket::label = archival.collection_title
  kLanguage,        // archival.original_language
  kDocumentKind,    // DocumentKindName(kind); records of unknown kind have none
  // "1963-03", from the first day covered: the date histogram (search/histogram.h). Every month
  // is returned, in chronological order (facet_limit does not apply).
  kMonth,
};
// "decade", "year", "classification", "precedence", "from", "to", "collection", "language",
// "type", "month".
std::string_view FacetName(Facet facet);
// Inverse of FacetName (exact, lower case); false for anything else.
bool ParseFacet(std::string_view name, Facet* facet);

// Checks `text` against the query language (SearchQuery::text) without running it: OK, or the
// kInvalidArgument "query:1:<column>: <problem>" a search of it would give. Callers that rewrite
// a query (the person: expansion) check the text the user wrote first, so errors point into it.
Status CheckQuerySyntax(std::string_view text);

struct SearchQuery {
  // The query language of docs/search.md ("Query language"): words (English stemming),
  // "phrases" (exact words), AND/OR/NOT, implicit AND, parentheses, and field prefixes title:
  // from: to: person: place: serial: ref: class: prec: type: vol: lang:. Empty or blank text
  // matches every document. At most kMaxQueryBytes bytes and kMaxQueryTerms terms.
  std::string text;
  // Inclusive day range (days since 1970-01-01) over each record's earliest..latest dates: a
  // record matches if its range overlaps [from_day, to_day].
  std::optional<int32_t> from_day;
  std::optional<int32_t> to_day;
  // With from_day or to_day set, undated records are left out unless this is true. Without a
  // range it has no effect (undated records match like any other).
  bool include_undated = false;
  // Hits [offset, offset + limit) of the sorted matches. REQUIRES offset + limit <=
  // kMaxResultWindow (else kInvalidArgument).
  uint32_t offset = 0;
  uint32_t limit = 10;
  SortOrder sort = SortOrder::kRelevance;
  // Facets to count, in the order wanted in SearchResults::facets (duplicates ignored). None by
  // default: facets cost a pass over every match.
  std::vector<Facet> facets;
  // Values returned per facet: the most frequent, ties by value ascending. 0 means all.
  uint32_t facet_limit = 10;
  // When true, each Hit carries a snippet of its text with the matched words highlighted.
  bool snippets = false;
  // Time budget of the match in milliseconds; 0 means none. When it runs out the match stops
  // early: SearchResults::budget_exceeded is set and total and facet counts are lower bounds.
  uint32_t budget_ms = 2000;
  // Access classes the subject may read. Only these shards are searched.
  std::vector<int64_t> visible_classes;
};

struct Hit {
  std::string id;
  std::string title;
  std::string date;  // ISO, as Cable::date
  // ISO, as Cable::earliest and Cable::latest: the range of a record that has one (an undated
  // record's approximate dates). Empty when unset, and for records indexed before hits carried
  // them (until `chancery reindex`).
  std::string earliest;
  std::string latest;
  bool date_approximate = false;  // as Cable::date_approximate: earliest/latest were inferred
  // The language of the record's text, which the match was in: archival.language, else
  // archival.original_language; "" when neither is given (or indexed before hits carried it).
  std::string language;
  // For a translation, the original it translates as the record names it (translation_of);
  // "" otherwise (docs/search.md "Translations").
  std::string translation_of;
  bool translation_not_held = false;  // a translation of an original not held here (the seed)
  double score = 0;                   // BM25; 0 for an empty query
  // With SearchQuery::snippets: about 200 bytes of the record's stored text (see
  // IndexOptions::snippet_text_bytes), HTML-escaped (& < >), matched words wrapped in
  // <b>...</b>, "…" where text was cut. Empty otherwise, or when the record has no stored text.
  std::string snippet;
};

struct FacetBucket {
  FacetBucket() = default;

  FacetBucket(std::string v, uint64_t c, std::string l = {})
      : value(std::move(v)), count(c), label(std::move(l)) {}

  std::string value;   // normalized (model/facet_value.h): "Embassy in Poland", "frus1961-63v22"
  uint64_t count = 0;  // always > 0
  // What to show for the value when it is an id: the collection's title ("Foreign Relations of
  // the United States, 1961-1963, Volume XXII, ..."). Empty when the value is shown as is.
  std::string label;
  friend bool operator==(const FacetBucket&, const FacetBucket&) = default;
};

struct FacetResult {
  Facet facet = Facet::kDecade;
  // Count descending, then value ascending; year and decade buckets (the most frequent) are
  // then put in chronological order.
  std::vector<FacetBucket> buckets;
};

struct SearchResults {
  // Exact number of visible matching records (a lower bound when budget_exceeded).
  uint64_t total = 0;
  std::vector<Hit> hits;
  // One per distinct requested facet, in request order; exact unless budget_exceeded.
  std::vector<FacetResult> facets;
  // True when SearchQuery::budget_ms ran out: hits are the best found so far.
  bool budget_exceeded = false;
};

// One record to index: the cable (borrowed for the duration of the call) and its access class.
struct IndexEntry {
  const model::Cable* cable = nullptr;
  int64_t access_class = 0;
  // A hint from a caller that knows no shard holds this id: the record did not exist in the store
  // state this index mirrors (a new record imported while the index is caught up). The index
  // then skips looking for older copies in the other classes, which with many access classes is
  // a large part of writing a document. Wrong `true` would leave a stale copy searchable.
  bool created = false;
};

class SearchIndex {
 public:
  virtual ~SearchIndex() = default;

  // Adds or replaces the document for cable.id in the shard of `access_class`, removing it from
  // any other shard. Not visible to searches until Commit().
  virtual Status Put(const model::Cable& cable, int64_t access_class) = 0;
  // Put() of every entry, in order (a later entry for the same id wins). The documents are built
  // and written on several threads (one per part), so this is faster than Put() one by one. On
  // error, any of the entries may have been applied (uncommitted); the change-log replay repairs
  // the index either way.
  virtual Status PutMany(const std::vector<IndexEntry>& entries) = 0;
  virtual Status Remove(std::string_view id) = 0;
  // Makes pending changes durable and records `applied_change_seq` as the last applied change.
  // Several changed shards are committed in parallel, one thread each.
  virtual Status Commit(int64_t applied_change_seq) = 0;
  // The last change seq made durable by Commit(); 0 for a new index.
  virtual int64_t AppliedChangeSeq() const = 0;
  // The visible matches of `query`. Errors: kInvalidArgument for a malformed query
  // ("query:1:<column>: <problem>", column 1-based in bytes), a query over the caps, or a
  // result window past kMaxResultWindow; kIoError/kCorruption from the shards; kUnavailable
  // "search: out of open files (...)" when a shard cannot be opened for want of file
  // descriptors (shard_files.h says how many a search takes).
  virtual Result<SearchResults> Search(const SearchQuery& query) = 0;
  // Deletes every document and resets AppliedChangeSeq() to 0.
  virtual Status Clear() = 0;

  // OK, or why the index cannot be used until it is rebuilt: kCorruption "search index damaged
  // (<what>): run chancery reindex" (an unreadable applied_seq or layout file, found at open).
  // Every other call but Rebuild() then fails with this status.
  virtual Status Health() const = 0;
  // The number of documents each access class holds in the committed shards (summed over its
  // parts; classes without a shard are absent). Opens every shard. Errors: kCorruption "search
  // index damaged (...)" naming a shard that cannot be opened or read; kIoError.
  virtual Result<std::map<int64_t, int64_t>> CountsByClass() = 0;
  // Tells the index how many documents each class must hold (classes absent: none) once its
  // applied-change marker on disk reads `at_change_seq`: the store's record counts at that
  // change. From then on Search() checks each visible class it opens (a count the open shards
  // already know, so the check is cheap) and fails with kCorruption "search index damaged (class
  // <id> holds <n> documents, the store <m>): run chancery reindex" on a mismatch, such as a
  // deleted shard directory. While the marker reads another seq (another process has moved the
  // index on) the check is skipped. An empty map with seq -1 turns it off.
  virtual void SetExpectedCounts(std::map<int64_t, int64_t> counts, int64_t at_change_seq) = 0;
  // Builds the index again from nothing, whatever state the old one is in: a new index is made
  // in the sibling directory <dir>.rebuild (a leftover of an interrupted rebuild is deleted
  // first) with this index's options and number of parts (options.parts when the old layout is
  // unreadable), `fill` Put()s or PutMany()s every record into it (it must not Commit), it is
  // committed at `applied_change_seq`, then exchanged with <dir> in one atomic rename and the
  // old directory deleted. A crash leaves either the old index or the new one in place. This
  // index then serves the new directory and Health() is OK. Fails, changing nothing, with
  // kUnavailable when another process holds a writer on a shard of the old index, or with the
  // first error of `fill` or of the new index.
  virtual Status Rebuild(int64_t applied_change_seq,
                         const std::function<Status(SearchIndex& fresh)>& fill) = 0;
};

// Opens (creating if needed) the index in options.dir. A damaged index opens too, with Health()
// saying what is wrong. Errors: kInvalidArgument (no dir, parts above 64); kIoError when the
// directory cannot be created.
Result<std::unique_ptr<SearchIndex>> OpenXapianIndex(const IndexOptions& options);

}  // namespace chancery::search
