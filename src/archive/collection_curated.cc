// Curated collections (include/chancery/archive/collections.h): archivists create and edit them;
// each change is validated whole and written with its audit entry in one transaction, so bad
// input stores nothing.
#include <algorithm>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "archive/collection_internal.h"

namespace chancery::archive::internal {
namespace {

constexpr size_t kMaxTitle = 300;
constexpr size_t kMaxDescription = 16 * 1024;
constexpr size_t kMaxMembers = 5000;

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) {
      return false;
    }
  }
  return true;
}

// Control characters other than line breaks (allowed in a description only).
bool HasControl(std::string_view s, bool allow_newlines) {
  return std::any_of(s.begin(), s.end(), [&](char c) {
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && !(allow_newlines && (c == '\n'))) || u == 0x7f;
  });
}

CuratedCollection Named(std::string_view id) {
  CuratedCollection c;
  c.id = std::string(id);
  return c;
}

}  // namespace

Status CollectionsImpl::WriteCurated(const security::Subject& actor, std::string action,
                                     const CuratedCollection& c, int64_t expected,
                                     std::string detail) {
  const auto deny = [&](Status s) {
    store::WriteBatch batch;
    batch.audit.push_back(Event(actor, action, c.id, "deny: " + s.ToString()));
    (void)store().Write(std::move(batch));
    return s;
  };
  if (!IsArchivist(actor)) {
    return deny(PermissionDenied(action + ": " + actor.name + " is not an archivist"));
  }
  if (!ValidId(c.id)) {
    return deny(InvalidArgument("id \"" + c.id +
                                "\": a collection id is 1-64 of a-z, 0-9 and '-' (not first)"));
  }
  if (c.title.empty() || c.title.size() > kMaxTitle || HasControl(c.title, false)) {
    return deny(InvalidArgument("title: 1-300 bytes on one line"));
  }
  if (c.description.size() > kMaxDescription || HasControl(c.description, true)) {
    return deny(InvalidArgument("description: at most 16 KiB of text"));
  }
  std::set<std::string> titles;
  std::set<std::string> members;
  CHANCERY_ASSIGN_OR_RETURN(Visible visible, Visible::For(store(), policy(), actor));
  for (size_t i = 0; i < c.sections.size(); ++i) {
    const CuratedSection& s = c.sections[i];
    if (s.title.empty() ? i > 0 : !titles.insert(s.title).second) {
      return deny(InvalidArgument(
          "section \"" + s.title + "\": " +
          (s.title.empty() ? "only the first section may be untitled" : "duplicate section")));
    }
    if (s.title.size() > kMaxTitle || HasControl(s.title, false)) {
      return deny(InvalidArgument("section \"" + s.title + "\": 1-300 bytes on one line"));
    }
    for (const std::string& m : s.members) {
      if (!members.insert(m).second) {
        return deny(InvalidArgument("member " + m + ": duplicate"));
      }
      // The actor must be able to read each member, as Show decides: else it is unknown.
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta, store().GetRecordMeta(m));
      if (!meta || !visible.Has(meta->access_class)) {
        return deny(InvalidArgument("member " + m + ": no record " + m));
      }
    }
  }
  if (members.size() > kMaxMembers) {
    return deny(InvalidArgument("members: at most 5000"));
  }
  if (expected == 0) {
    CHANCERY_RETURN_IF_ERROR(CatchUp());
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> volume,
                              store().GetDoc(kBrowseVolumes, c.id));
    if (volume) {
      return deny(AlreadyExists("collection " + c.id + " exists (a volume)"));
    }
  }
  store::DocRow doc;
  doc.collection = std::string(kCurated);
  doc.key = c.id;
  doc.sort = c.id;
  doc.body = CuratedToJson(c);
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    Result<int64_t> put = txn.PutDoc(doc, expected);
    if (!put.ok()) {
      return put.status().code() == StatusCode::kConflict && expected == 0
                 ? AlreadyExists("collection " + c.id + " exists")
                 : put.status();
    }
    store::WriteBatch batch;
    batch.audit.push_back(Event(actor, action, c.id, "ok"));
    batch.audit.back().ids.assign(members.begin(), members.end());
    if (!detail.empty()) {
      batch.audit.back().target += " " + detail;
    }
    return txn.Write(std::move(batch)).status();
  });
  return done.ok() ? done : deny(done);
}

Status CollectionsImpl::Create(const security::Subject& actor, const CuratedCollection& c) {
  return WriteCurated(actor, "collection.create", c, 0, "");
}

namespace {

// The stored collection and its version, or kNotFound.
struct Loaded {
  CuratedCollection c;
  int64_t version = 0;
};

Result<Loaded> LoadForEdit(store::Store& store, std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> doc, store.GetDoc(kCurated, id));
  if (!doc) {
    return NotFound("no collection " + std::string(id));
  }
  CHANCERY_ASSIGN_OR_RETURN(CuratedCollection c, CuratedFromJson(doc->body));
  return Loaded{std::move(c), doc->version};
}

// The section holding `member` and its index there, or nullopt.
std::optional<std::pair<size_t, size_t>> Find(const CuratedCollection& c, std::string_view m) {
  for (size_t s = 0; s < c.sections.size(); ++s) {
    const auto& members = c.sections[s].members;
    const auto it = std::find(members.begin(), members.end(), m);
    if (it != members.end()) {
      return std::make_pair(s, static_cast<size_t>(it - members.begin()));
    }
  }
  return std::nullopt;
}

}  // namespace

Status CollectionsImpl::Describe(const security::Subject& actor, std::string_view id,
                                 std::optional<std::string> title,
                                 std::optional<std::string> description) {
  if (!IsArchivist(actor)) {
    return WriteCurated(actor, "collection.describe", Named(id), 0, "");
  }
  CHANCERY_ASSIGN_OR_RETURN(Loaded l, LoadForEdit(store(), id));
  if (title) {
    l.c.title = std::move(*title);
  }
  if (description) {
    l.c.description = std::move(*description);
  }
  return WriteCurated(actor, "collection.describe", l.c, l.version, "");
}

Status CollectionsImpl::Add(const security::Subject& actor, std::string_view id,
                            std::string_view member, std::string_view section, uint32_t position) {
  if (!IsArchivist(actor)) {
    return WriteCurated(actor, "collection.add", Named(id), 0, "");
  }
  CHANCERY_ASSIGN_OR_RETURN(Loaded l, LoadForEdit(store(), id));
  auto it = std::find_if(l.c.sections.begin(), l.c.sections.end(),
                         [&](const CuratedSection& s) { return s.title == section; });
  if (it == l.c.sections.end()) {
    // A new untitled section goes first (WriteCurated refuses it anywhere else).
    it = section.empty()
             ? l.c.sections.insert(l.c.sections.begin(), CuratedSection{})
             : l.c.sections.insert(l.c.sections.end(), CuratedSection{std::string(section), {}});
  }
  auto& members = it->members;
  const size_t at = position == 0 ? members.size() : std::min<size_t>(position - 1, members.size());
  members.insert(members.begin() + static_cast<std::ptrdiff_t>(at), std::string(member));
  return WriteCurated(actor, "collection.add", l.c, l.version, std::string(member));
}

Status CollectionsImpl::Remove(const security::Subject& actor, std::string_view id,
                               std::string_view member) {
  if (!IsArchivist(actor)) {
    return WriteCurated(actor, "collection.remove", Named(id), 0, "");
  }
  CHANCERY_ASSIGN_OR_RETURN(Loaded l, LoadForEdit(store(), id));
  const auto where = Find(l.c, member);
  if (!where) {
    return NotFound("member " + std::string(member) + ": not in collection " + std::string(id));
  }
  auto& members = l.c.sections[where->first].members;
  members.erase(members.begin() + static_cast<std::ptrdiff_t>(where->second));
  if (members.empty()) {
    l.c.sections.erase(l.c.sections.begin() + static_cast<std::ptrdiff_t>(where->first));
  }
  return WriteCurated(actor, "collection.remove", l.c, l.version, std::string(member));
}

Status CollectionsImpl::Move(const security::Subject& actor, std::string_view id,
                             std::string_view member, uint32_t position) {
  if (!IsArchivist(actor)) {
    return WriteCurated(actor, "collection.move", Named(id), 0, "");
  }
  if (position == 0) {
    return InvalidArgument("position: 1 or more");
  }
  CHANCERY_ASSIGN_OR_RETURN(Loaded l, LoadForEdit(store(), id));
  const auto where = Find(l.c, member);
  if (!where) {
    return NotFound("member " + std::string(member) + ": not in collection " + std::string(id));
  }
  auto& members = l.c.sections[where->first].members;
  std::string m = std::move(members[where->second]);
  members.erase(members.begin() + static_cast<std::ptrdiff_t>(where->second));
  const size_t at = std::min<size_t>(position - 1, members.size());
  members.insert(members.begin() + static_cast<std::ptrdiff_t>(at), std::move(m));
  return WriteCurated(actor, "collection.move", l.c, l.version,
                      std::string(member) + " to " + std::to_string(position));
}

Status CollectionsImpl::Replace(const security::Subject& actor, const CuratedCollection& c) {
  if (!IsArchivist(actor)) {
    return WriteCurated(actor, "collection.replace", Named(c.id), 0, "");
  }
  CHANCERY_ASSIGN_OR_RETURN(Loaded l, LoadForEdit(store(), c.id));
  return WriteCurated(actor, "collection.replace", c, l.version, "");
}

Result<CuratedCollection> CollectionsImpl::Curated(const security::Subject& actor,
                                                   std::string_view id) {
  if (!IsArchivist(actor)) {
    return PermissionDenied("collection: " + actor.name + " is not an archivist");
  }
  CHANCERY_ASSIGN_OR_RETURN(Loaded l, LoadForEdit(store(), id));
  return l.c;
}

}  // namespace chancery::archive::internal
