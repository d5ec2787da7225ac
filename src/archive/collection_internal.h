// Private parts of the collections module (include/chancery/archive/collections.h): the browse
// index rows (collection_index.cc), reading (collection_read.cc) and curated collections
// (collection_curated.cc).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/collections.h"
#include "chancery/model/audit_event.h"
#include "chancery/store/store.h"

namespace chancery::archive::internal {

inline constexpr std::string_view kBrowseRecords = "browse.record";  // key = record id
inline constexpr std::string_view kBrowseVolumes = "browse.volume";  // key = collection id
inline constexpr std::string_view kBrowseState = "browse.state";     // key "seq"
inline constexpr std::string_view kCurated = "collection";           // key = collection id
inline constexpr std::string_view kChapterSeparator = " \u203a ";

// One record in the browse index: what a table of contents shows of it.
struct BrowseRow {
  std::string id;
  std::string collection;  // archival.collection ("" for none)
  std::string collection_title;
  std::string chapter;
  int64_t position = 0;
  std::string number;  // the printed document number, else the position, else ""
  std::string title;
  std::string date;
  int64_t access_class = 0;
};

std::string BrowseRowToJson(const BrowseRow& row);
Result<BrowseRow> BrowseRowFromDoc(const store::DocRow& doc);
store::DocRow BrowseDoc(const BrowseRow& row);

// "<id>.p<N>" -> ("<id>", N); anything else -> (id, 0).
std::pair<std::string, int64_t> SplitPublication(std::string_view id);

std::string CuratedToJson(const CuratedCollection& c);
Result<CuratedCollection> CuratedFromJson(std::string_view json);

// The access classes a subject may read, decided once per call (security::Decide).
class Visible {
 public:
  static Result<Visible> For(store::Store& store, const security::Policy& policy,
                             const security::Subject& subject);

  bool Has(int64_t access_class) const { return ids_.count(access_class) > 0; }

 private:
  std::set<int64_t> ids_;
};

// Among the rows of one original and its publications, what the reader sees: the original when
// visible, else the visible publication with the largest N; nullopt when none.
std::optional<BrowseRow> PickVisible(const std::vector<BrowseRow>& candidates,
                                     const Visible& visible);

// A volume's title as the reader sees it: the collection title of the first row, in volume
// order, of a class the reader may read ("" when none); from a kBrowseVolumes summary's body.
std::string VolumeTitle(std::string_view summary_json, const Visible& visible);

bool IsArchivist(const security::Subject& s);

class CollectionsImpl : public Collections {
 public:
  explicit CollectionsImpl(records::Records& records) : records_(records) {}

  Result<std::vector<CollectionSummary>> List(const security::Subject& reader) override;
  Result<CollectionToc> Toc(const security::Subject& reader, std::string_view id) override;
  Result<std::vector<Neighbours>> Around(const security::Subject& reader,
                                         std::string_view record_id) override;
  Status Create(const security::Subject& actor, const CuratedCollection& collection) override;
  Status Describe(const security::Subject& actor, std::string_view id,
                  std::optional<std::string> title,
                  std::optional<std::string> description) override;
  Status Add(const security::Subject& actor, std::string_view id, std::string_view member,
             std::string_view section, uint32_t position) override;
  Status Remove(const security::Subject& actor, std::string_view id,
                std::string_view member) override;
  Status Move(const security::Subject& actor, std::string_view id, std::string_view member,
              uint32_t position) override;
  Status Replace(const security::Subject& actor, const CuratedCollection& collection) override;
  Result<CuratedCollection> Curated(const security::Subject& actor, std::string_view id) override;
  Status CatchUp() override;

 private:
  store::Store& store() { return records_.store(); }

  const security::Policy& policy() const { return records_.policy(); }

  // One pass of CatchUp: at most `limit` changes; *more when there may be others.
  Status CatchUpSome(size_t limit, bool* more);
  // Every row of one volume, in order (sort = position, then id).
  Result<std::vector<BrowseRow>> VolumeRows(std::string_view collection);
  // What the reader sees of a volume / curated collection, as sections.
  Result<std::vector<CollectionSection>> VolumeSections(std::string_view collection,
                                                        const Visible& visible,
                                                        std::vector<std::string>* ids);
  Result<std::vector<CollectionSection>> CuratedSections(const CuratedCollection& c,
                                                         const Visible& visible,
                                                         std::vector<std::string>* ids);
  // The member's row as the reader sees it (the original or a publication standing in).
  Result<std::optional<BrowseRow>> MemberRow(std::string_view member, const Visible& visible);
  Result<std::optional<CuratedCollection>> LoadCurated(std::string_view id);
  // Reads of the store audited as `action` on `target` (process-crash durability).
  void AuditRead(const security::Subject& reader, std::string action, std::string target,
                 std::string decision, std::vector<std::string> ids);
  // Validates and writes a curated collection with its audit entry; `expected` is the stored
  // version (0: must be new). On error, audits the denial and stores nothing else.
  Status WriteCurated(const security::Subject& actor, std::string action,
                      const CuratedCollection& c, int64_t expected, std::string detail);
  model::AuditEvent Event(const security::Subject& actor, std::string action, std::string target,
                          std::string decision) const;

  records::Records& records_;
  std::mutex catch_up_mu_;
};

}  // namespace chancery::archive::internal
