// Reading collections (include/chancery/archive/collections.h): lists, tables of contents and
// previous/next, each over what the reader may read only.
#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/base/strings.h"

#include "archive/collection_internal.h"

namespace chancery::archive::internal {
namespace {

using Json = nlohmann::json;

std::vector<std::string> SplitChapter(const std::string& chapter) {
  std::vector<std::string> parts;
  if (chapter.empty()) {
    return parts;
  }
  size_t start = 0;
  for (size_t at = chapter.find(kChapterSeparator); at != std::string::npos;
       at = chapter.find(kChapterSeparator, start)) {
    parts.push_back(chapter.substr(start, at - start));
    start = at + kChapterSeparator.size();
  }
  parts.push_back(chapter.substr(start));
  return parts;
}

CollectionEntry EntryOf(const BrowseRow& r, std::string number) {
  return CollectionEntry{r.id, r.title, r.date, std::move(number)};
}

Status NoCollection(std::string_view id) {
  return NotFound("no collection " + std::string(id));
}

// The position of `record` (or of another version of the same original) in `entries`.
std::optional<size_t> Locate(const std::vector<CollectionEntry>& entries, std::string_view record) {
  for (size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].id == record) {
      return i;
    }
  }
  const std::string base = SplitPublication(record).first;
  for (size_t i = 0; i < entries.size(); ++i) {
    if (SplitPublication(entries[i].id).first == base) {
      return i;
    }
  }
  return std::nullopt;
}

std::vector<CollectionEntry> Flatten(const std::vector<CollectionSection>& sections) {
  std::vector<CollectionEntry> out;
  for (const CollectionSection& s : sections) {
    out.insert(out.end(), s.entries.begin(), s.entries.end());
  }
  return out;
}

}  // namespace

Result<std::vector<CollectionSection>> CollectionsImpl::VolumeSections(
    std::string_view collection, const Visible& visible, std::vector<std::string>* ids) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<BrowseRow> rows, VolumeRows(collection));
  // An original and its publications ("<id>.p<N>") are one member.
  std::vector<std::string> order;
  std::map<std::string, std::vector<BrowseRow>> by_base;
  for (BrowseRow& r : rows) {
    std::string base = SplitPublication(r.id).first;
    std::vector<BrowseRow>& slot = by_base[base];
    if (slot.empty()) {
      order.push_back(base);
    }
    slot.push_back(std::move(r));
  }
  std::vector<CollectionSection> sections;
  std::string current;
  for (const std::string& base : order) {
    std::optional<BrowseRow> shown = PickVisible(by_base[base], visible);
    if (!shown) {
      continue;
    }
    if (sections.empty() || shown->chapter != current) {
      current = shown->chapter;
      sections.push_back(CollectionSection{SplitChapter(current), {}});
    }
    ids->push_back(shown->id);
    sections.back().entries.push_back(EntryOf(*shown, shown->number));
  }
  return sections;
}

Result<std::optional<BrowseRow>> CollectionsImpl::MemberRow(std::string_view member,
                                                            const Visible& visible) {
  std::vector<BrowseRow> candidates;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> own,
                            store().GetDoc(kBrowseRecords, member));
  if (own) {
    CHANCERY_ASSIGN_OR_RETURN(BrowseRow r, BrowseRowFromDoc(*own));
    candidates.push_back(std::move(r));
  }
  store::DocQuery q;
  q.collection = std::string(kBrowseRecords);
  q.key_prefix = std::string(member) + ".p";
  q.limit = 100;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> pubs, store().ListDocs(q));
  for (const store::DocRow& d : pubs) {
    const auto [base, n] = SplitPublication(d.key);
    if (base == member && n > 0) {
      CHANCERY_ASSIGN_OR_RETURN(BrowseRow r, BrowseRowFromDoc(d));
      candidates.push_back(std::move(r));
    }
  }
  return PickVisible(candidates, visible);
}

Result<std::vector<CollectionSection>> CollectionsImpl::CuratedSections(
    const CuratedCollection& c, const Visible& visible, std::vector<std::string>* ids) {
  std::vector<CollectionSection> sections;
  uint64_t number = 0;
  for (const CuratedSection& s : c.sections) {
    CollectionSection out;
    if (!s.title.empty()) {
      out.path.push_back(s.title);
    }
    for (const std::string& member : s.members) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<BrowseRow> row, MemberRow(member, visible));
      if (!row) {
        continue;
      }
      ids->push_back(row->id);
      out.entries.push_back(EntryOf(*row, std::to_string(++number)));
    }
    if (!out.entries.empty()) {
      sections.push_back(std::move(out));
    }
  }
  return sections;
}

Result<std::optional<CuratedCollection>> CollectionsImpl::LoadCurated(std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> doc, store().GetDoc(kCurated, id));
  if (!doc) {
    return std::optional<CuratedCollection>();
  }
  CHANCERY_ASSIGN_OR_RETURN(CuratedCollection c, CuratedFromJson(doc->body));
  return std::optional<CuratedCollection>(std::move(c));
}

Result<CollectionToc> CollectionsImpl::Toc(const security::Subject& reader, std::string_view id) {
  CHANCERY_RETURN_IF_ERROR(CatchUp());
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store(), policy(), reader));
  CollectionToc toc;
  toc.summary.id = std::string(id);
  std::vector<std::string> ids;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<CuratedCollection> curated, LoadCurated(id));
  bool shown = false;
  if (curated) {
    toc.summary.kind = CollectionKind::kCurated;
    toc.summary.title = curated->title;
    toc.summary.description = curated->description;
    CHANCERY_ASSIGN_OR_RETURN(toc.sections, CuratedSections(*curated, visible, &ids));
    shown = !ids.empty() || IsArchivist(reader);
  } else {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> summary,
                              store().GetDoc(kBrowseVolumes, id));
    if (summary) {
      toc.summary.title = VolumeTitle(summary->body, visible);
      CHANCERY_ASSIGN_OR_RETURN(toc.sections, VolumeSections(id, visible, &ids));
      shown = !ids.empty();
    }
  }
  if (!shown) {
    AuditRead(reader, "collection.show", std::string(id), "deny: not found", {});
    return NoCollection(id);
  }
  toc.summary.count = ids.size();
  AuditRead(reader, "collection.show", std::string(id), "allow", {});
  return toc;
}

Result<std::vector<CollectionSummary>> CollectionsImpl::List(const security::Subject& reader) {
  CHANCERY_RETURN_IF_ERROR(CatchUp());
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store(), policy(), reader));
  std::vector<CollectionSummary> out;
  std::set<std::string> curated_ids;
  store::DocQuery q;
  q.collection = std::string(kCurated);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> curated, store().ListDocs(q));
  for (const store::DocRow& d : curated) {
    CHANCERY_ASSIGN_OR_RETURN(CuratedCollection c, CuratedFromJson(d.body));
    curated_ids.insert(c.id);
    std::vector<std::string> ids;
    CHANCERY_RETURN_IF_ERROR(CuratedSections(c, visible, &ids).status());
    if (ids.empty() && !IsArchivist(reader)) {
      continue;
    }
    out.push_back({c.id, CollectionKind::kCurated, c.title, c.description, ids.size()});
  }
  q.collection = std::string(kBrowseVolumes);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> volumes, store().ListDocs(q));
  for (const store::DocRow& d : volumes) {
    if (curated_ids.count(d.key) > 0) {
      continue;  // a curated collection of the same id shadows the volume
    }
    const Json j = Json::parse(d.body, nullptr, false);
    if (!j.is_object() || !j.contains("counts") || !j["counts"].is_object()) {
      return Corruption("browse index summary " + d.key + " is not JSON");
    }
    // The summary counts the rows; an original and its publications count once.
    std::vector<std::string> ids;
    uint64_t any = 0;
    for (const auto& [cls, n] : j["counts"].items()) {
      if (visible.Has(std::atoll(cls.c_str()))) {
        any += n.get<uint64_t>();
      }
    }
    if (any == 0) {
      continue;
    }
    CHANCERY_RETURN_IF_ERROR(VolumeSections(d.key, visible, &ids).status());
    out.push_back({d.key, CollectionKind::kVolume, VolumeTitle(d.body, visible), "", ids.size()});
  }
  AuditRead(reader, "collection.list", "", "allow", {});
  return out;
}

Result<std::vector<Neighbours>> CollectionsImpl::Around(const security::Subject& reader,
                                                        std::string_view record_id) {
  CHANCERY_RETURN_IF_ERROR(CatchUp());
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store(), policy(), reader));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> doc,
                            store().GetDoc(kBrowseRecords, record_id));
  std::optional<BrowseRow> row;
  if (doc) {
    CHANCERY_ASSIGN_OR_RETURN(row, BrowseRowFromDoc(*doc));
  }
  if (!row || !visible.Has(row->access_class)) {
    AuditRead(reader, "collection.around", std::string(record_id), "deny: not found", {});
    return NotFound("no record " + std::string(record_id));
  }
  std::vector<Neighbours> out;
  const auto add = [&](std::string id, CollectionKind kind, std::string title,
                       const std::vector<CollectionSection>& sections) {
    const std::vector<CollectionEntry> entries = Flatten(sections);
    const std::optional<size_t> at = Locate(entries, record_id);
    if (!at) {
      return;
    }
    Neighbours n;
    n.collection = std::move(id);
    n.kind = kind;
    n.title = std::move(title);
    size_t seen = 0;
    for (const CollectionSection& s : sections) {
      if (*at < seen + s.entries.size()) {
        n.chapter = Join(s.path, std::string(kChapterSeparator));
        break;
      }
      seen += s.entries.size();
    }
    n.index = *at + 1;
    n.count = entries.size();
    if (*at > 0) {
      n.previous = entries[*at - 1];
    }
    if (*at + 1 < entries.size()) {
      n.next = entries[*at + 1];
    }
    out.push_back(std::move(n));
  };
  std::set<std::string> curated_ids;
  store::DocQuery q;
  q.collection = std::string(kCurated);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> curated, store().ListDocs(q));
  for (const store::DocRow& d : curated) {
    curated_ids.insert(d.key);
  }
  if (!row->collection.empty() && curated_ids.count(row->collection) == 0) {
    std::vector<std::string> ids;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<CollectionSection> sections,
                              VolumeSections(row->collection, visible, &ids));
    add(row->collection, CollectionKind::kVolume, row->collection_title, sections);
  }
  const std::string base = SplitPublication(record_id).first;
  for (const store::DocRow& d : curated) {
    CHANCERY_ASSIGN_OR_RETURN(CuratedCollection c, CuratedFromJson(d.body));
    const bool member = std::any_of(c.sections.begin(), c.sections.end(), [&](const auto& s) {
      return std::find(s.members.begin(), s.members.end(), record_id) != s.members.end() ||
             std::find(s.members.begin(), s.members.end(), base) != s.members.end();
    });
    if (!member) {
      continue;
    }
    std::vector<std::string> ids;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<CollectionSection> sections,
                              CuratedSections(c, visible, &ids));
    add(c.id, CollectionKind::kCurated, c.title, sections);
  }
  AuditRead(reader, "collection.around", std::string(record_id), "allow", {});
  return out;
}

}  // namespace chancery::archive::internal
