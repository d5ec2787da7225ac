// Collections (docs/archive.md "Browsing"): records in their collection's own order.
//
// Two kinds. A volume is derived from the records: every record whose archival.collection names
// it, grouped by archival.chapter (runs in order) and ordered by archival.position, then id; a
// FRUS volume's table of contents as history.state.gov shows it. A curated collection is made by
// an archivist: id, title, a description of a few paragraphs, and ordered members, optionally in
// titled sections (as the Wilson Center's collections).
//
// Access: every listing is what the reader may read. A member the reader may not read is left
// out and not counted, and leaves no gap: a curated member's number is its place among the
// members the reader may read. A section with no readable member is left out with its title. A
// collection with no readable member is reported exactly like a missing one (kNotFound "no
// collection ID"); archivists see every curated collection (they write them), members still
// filtered. Where the reader may not read a record but may read a publication of it
// ("<id>.p<N>", docs/archive.md §5), the latest such publication stands in its place; a reader
// who may read the original sees only the original. Previous/next skip what the reader may not
// read. So nothing a reader observes here depends on records the reader may not read
// (tests/property/archive/collections_no_leak_test.cc).
//
// Efficiency: a derived index in the store's doc collections (`browse.record`: one small row per
// record with its collection, chapter, position, title, date and access class; `browse.volume`:
// per collection its title and member count per access class), brought up to date from the
// store's change log at the start of every read (like the search index), so a table of contents
// never loads record payloads and `chancery reindex` is not needed. Curated collections are rows
// of `collection`, written with their audit entry in one transaction.
//
// Thread-safe. Borrows the Records, which must outlive it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/records/records.h"
#include "chancery/security/decide.h"

namespace chancery::archive {

enum class CollectionKind : int8_t { kVolume = 0, kCurated };
std::string_view CollectionKindName(CollectionKind kind);  // "volume", "curated"

// One member as the reader sees it.
struct CollectionEntry {
  std::string id;      // the record shown (a publication "<id>.p<N>" standing in, see above)
  std::string title;   // model::DisplayTitle
  std::string date;    // ISO, "" when undated
  std::string number;  // volume: the printed document number ("7", "72A"); curated: 1-based
  friend bool operator==(const CollectionEntry&, const CollectionEntry&) = default;
};

// A run of members under one heading. For a volume, `path` is the chapter split at " › "
// (outermost division first, docs/format/frus-tei.md); for a curated collection, one element
// (the section title) or none.
struct CollectionSection {
  std::vector<std::string> path;
  std::vector<CollectionEntry> entries;
  friend bool operator==(const CollectionSection&, const CollectionSection&) = default;
};

struct CollectionSummary {
  std::string id;
  CollectionKind kind = CollectionKind::kVolume;
  std::string title;
  std::string description;  // curated only
  uint64_t count = 0;       // members the reader may read
  friend bool operator==(const CollectionSummary&, const CollectionSummary&) = default;
};

struct CollectionToc {
  CollectionSummary summary;
  std::vector<CollectionSection> sections;  // in collection order
  friend bool operator==(const CollectionToc&, const CollectionToc&) = default;
};

// Where a record sits in one collection, for the reader.
struct Neighbours {
  std::string collection;
  CollectionKind kind = CollectionKind::kVolume;
  std::string title;
  std::string chapter;  // the record's section path joined by " › "; "" for none
  uint64_t index = 0;   // 1-based among the members the reader may read
  uint64_t count = 0;
  std::optional<CollectionEntry> previous;
  std::optional<CollectionEntry> next;
  friend bool operator==(const Neighbours&, const Neighbours&) = default;
};

// A curated collection as an archivist writes it. Members are record ids; `sections` in order,
// each with its members in order; a section with an empty title holds members shown before any
// titled section (only the first section may be untitled).
struct CuratedSection {
  std::string title;
  std::vector<std::string> members;
  friend bool operator==(const CuratedSection&, const CuratedSection&) = default;
};

struct CuratedCollection {
  std::string id;  // [a-z0-9][a-z0-9-]{0,63}; not a volume's id
  std::string title;
  std::string description;  // plain text, paragraphs separated by blank lines; at most 16 KiB
  std::vector<CuratedSection> sections;
  friend bool operator==(const CuratedCollection&, const CuratedCollection&) = default;
};

class Collections {
 public:
  static Result<std::unique_ptr<Collections>> Open(records::Records& records);
  virtual ~Collections() = default;

  // Reading (see the access rules above). Collections with a readable member (archivists: and
  // every curated one), curated first by id, then volumes by id.
  virtual Result<std::vector<CollectionSummary>> List(const security::Subject& reader) = 0;
  // The table of contents; kNotFound "no collection ID" as above.
  virtual Result<CollectionToc> Toc(const security::Subject& reader, std::string_view id) = 0;
  // Previous/next of a record in each collection it is in (its volume, then curated ones by id)
  // that the reader may see. The record may be named by id; kNotFound "no record ID" when the
  // reader may not read it, exactly as for a missing one.
  virtual Result<std::vector<Neighbours>> Around(const security::Subject& reader,
                                                 std::string_view record_id) = 0;

  // Curated collections: archivists only (kPermissionDenied naming the actor otherwise).
  // Every member must be a record the actor may read (kInvalidArgument "member ID: no record
  // ID" otherwise, as for a missing one); a member appears once (kInvalidArgument "member ID:
  // duplicate"). On any error nothing is stored. Each change is one transaction with its audit
  // entry ("collection.create", "collection.describe", "collection.add", "collection.remove",
  // "collection.move"); kAlreadyExists for an id taken by a curated collection or a volume.
  virtual Status Create(const security::Subject& actor, const CuratedCollection& collection) = 0;
  // Sets title and/or description (nullopt: unchanged).
  virtual Status Describe(const security::Subject& actor, std::string_view id,
                          std::optional<std::string> title,
                          std::optional<std::string> description) = 0;
  // Adds `member` at 1-based `position` of `section` ("" the untitled one; a new title appends
  // a section), or at its end when position is 0.
  virtual Status Add(const security::Subject& actor, std::string_view id, std::string_view member,
                     std::string_view section, uint32_t position) = 0;
  // kNotFound "member ID: not in collection C" when absent.
  virtual Status Remove(const security::Subject& actor, std::string_view id,
                        std::string_view member) = 0;
  // Moves a member to 1-based `position` within its section (clamped to its end).
  virtual Status Move(const security::Subject& actor, std::string_view id, std::string_view member,
                      uint32_t position) = 0;
  // Replaces a curated collection whole (title, description, sections), as one change
  // ("collection.replace"), checked as Create checks; kNotFound "no collection ID".
  virtual Status Replace(const security::Subject& actor, const CuratedCollection& collection) = 0;
  // The curated collection as stored, for its archivists (kPermissionDenied otherwise).
  virtual Result<CuratedCollection> Curated(const security::Subject& actor,
                                            std::string_view id) = 0;

  // Brings the browse index up to the store's change log (every read does this first).
  virtual Status CatchUp() = 0;
};

}  // namespace chancery::archive
