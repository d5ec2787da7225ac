// Description history and diffs (docs/archive.md "Description"), the signed message
// (docs/format/description.md) and the stored edit rows. nlohmann::json exceptions are caught
// here and become a Status.
#include <algorithm>
#include <exception>
#include <map>
#include <utility>

#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"
#include "chancery/format/json.h"

#include "archive/description_internal.h"

namespace chancery::archive {

std::string DescriptionEditMessage(const DescriptionEdit& edit) {
  std::string m = "chancery-description-v1\n" + edit.record_id + "\n" +
                  std::to_string(edit.base_version) + "\n" + std::to_string(edit.new_version) +
                  "\n" + edit.editor + "\n" + std::to_string(edit.micros) + "\n";
  for (const FieldChange& c : edit.changes) {
    m += "field " + c.field + "\n";
    for (const std::string& v : c.old_values) {
      m += "- " + v + "\n";
    }
    for (const std::string& v : c.new_values) {
      m += "+ " + v + "\n";
    }
  }
  return m;
}

std::vector<FieldChange> DiffDescription(const model::Cable& from, const model::Cable& to) {
  std::vector<FieldChange> out;
  for (model::DescriptionField f : model::kDescriptionFields) {
    FieldChange c;
    c.field = std::string(model::DescriptionFieldName(f));
    c.list = model::IsListField(f);
    c.old_values = model::DescriptionValues(from, f);
    c.new_values = model::DescriptionValues(to, f);
    bool same = c.old_values == c.new_values;
    if (f == model::DescriptionField::kReference) {
      same = same && from.archival.reference == to.archival.reference;
    }
    if (same) {
      continue;
    }
    if (c.list) {
      for (const std::string& v : c.new_values) {
        if (std::find(c.old_values.begin(), c.old_values.end(), v) == c.old_values.end()) {
          c.added.push_back(v);
        }
      }
      for (const std::string& v : c.old_values) {
        if (std::find(c.new_values.begin(), c.new_values.end(), v) == c.new_values.end()) {
          c.removed.push_back(v);
        }
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

namespace internal {
namespace {

using Json = nlohmann::json;

// Version v (1-based) of `versions` if the reader may read it, else nullptr.
const model::Cable* VersionAt(const std::vector<std::optional<model::Cable>>& versions, int64_t v) {
  if (v < 1 || v > static_cast<int64_t>(versions.size())) {
    return nullptr;
  }
  const std::optional<model::Cable>& c = versions[static_cast<size_t>(v - 1)];
  return c.has_value() ? &*c : nullptr;
}

Json Strings(const std::vector<std::string>& v) {
  Json a = Json::array();
  for (const std::string& s : v) {
    a.push_back(s);
  }
  return a;
}

}  // namespace

std::string EditToJson(const DescriptionEdit& e) {
  Json changes = Json::array();
  for (const FieldChange& c : e.changes) {
    changes.push_back({{"field", c.field},
                       {"list", c.list},
                       {"old", Strings(c.old_values)},
                       {"new", Strings(c.new_values)}});
  }
  return Json{{"number", e.number},
              {"record", e.record_id},
              {"base_version", e.base_version},
              {"new_version", e.new_version},
              {"editor", e.editor},
              {"micros", e.micros},
              {"changes", changes},
              {"public_key", e.public_key},
              {"signature", e.signature}}
      .dump();
}

Result<DescriptionEdit> EditFromJson(std::string_view json) {
  try {
    const Json j = Json::parse(json);
    DescriptionEdit e;
    e.number = j.at("number").get<int64_t>();
    e.record_id = j.at("record").get<std::string>();
    e.base_version = j.at("base_version").get<int64_t>();
    e.new_version = j.at("new_version").get<int64_t>();
    e.editor = j.at("editor").get<std::string>();
    e.micros = j.at("micros").get<int64_t>();
    e.public_key = j.at("public_key").get<std::string>();
    e.signature = j.at("signature").get<std::string>();
    for (const Json& c : j.at("changes")) {
      FieldChange f;
      f.field = c.at("field").get<std::string>();
      f.list = c.at("list").get<bool>();
      f.old_values = c.at("old").get<std::vector<std::string>>();
      f.new_values = c.at("new").get<std::vector<std::string>>();
      if (f.list) {
        for (const std::string& v : f.new_values) {
          if (std::find(f.old_values.begin(), f.old_values.end(), v) == f.old_values.end()) {
            f.added.push_back(v);
          }
        }
        for (const std::string& v : f.old_values) {
          if (std::find(f.new_values.begin(), f.new_values.end(), v) == f.new_values.end()) {
            f.removed.push_back(v);
          }
        }
      }
      e.changes.push_back(std::move(f));
    }
    return e;
  } catch (const std::exception& ex) {
    return Corruption("stored description edit: " + std::string(ex.what()));
  }
}

Result<std::vector<DescriptionEdit>> StoredEdits(store::Store& store, std::string_view id) {
  store::DocQuery q;
  q.collection = std::string(kDescriptionEdits);
  q.group = std::string(id);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store.ListDocs(q));
  std::vector<DescriptionEdit> out;
  for (const store::DocRow& row : rows) {
    CHANCERY_ASSIGN_OR_RETURN(DescriptionEdit edit, EditFromJson(row.body));
    out.push_back(std::move(edit));
  }
  return out;
}

Result<std::vector<std::optional<model::Cable>>> DescriptionImpl::Versions(
    const security::Subject& subject, const store::StoredRecord& current) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::StoredRecord> stored,
                            store().RecordVersions(current.id));
  stored.push_back(current);
  std::vector<std::optional<model::Cable>> out(static_cast<size_t>(current.version));
  for (const store::StoredRecord& r : stored) {
    if (r.version < 1 || r.version > current.version) {
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(r.payload, r.id));
    if (security::Decide(policy(), subject, cable, security::Action::kRead).allowed) {
      out[static_cast<size_t>(r.version - 1)] = std::move(cable);
    }
  }
  return out;
}

namespace {

// Why a stored edit does not count ("" when it does).
std::string CheckEdit(const DescriptionEdit& e, const desk::KeyInfo* key,
                      const std::vector<std::optional<model::Cable>>& versions) {
  if (key == nullptr || key->public_key_hex != e.public_key) {
    return "VOID: its signing key is not " + e.editor + "'s registered key";
  }
  if (!audit::VerifyMessage(DescriptionEditMessage(e), e.signature, e.public_key).ok()) {
    return "VOID: its signature does not verify: the row was altered outside Chancery";
  }
  const model::Cable* base = VersionAt(versions, e.base_version);
  const model::Cable* made = VersionAt(versions, e.new_version);
  if (base == nullptr || made == nullptr) {
    return "VOID: the store does not hold versions " + std::to_string(e.base_version) + " and " +
           std::to_string(e.new_version);
  }
  std::vector<FieldChange> stored = DiffDescription(*base, *made);
  const bool same_fields = stored.size() == e.changes.size() &&
                           std::equal(stored.begin(), stored.end(), e.changes.begin(),
                                      [](const FieldChange& a, const FieldChange& b) {
                                        return a.field == b.field && a.old_values == b.old_values &&
                                               a.new_values == b.new_values;
                                      });
  if (!same_fields || !model::SameOutsideDescription(*base, *made)) {
    return "VOID: versions " + std::to_string(e.base_version) + " and " +
           std::to_string(e.new_version) + " in the store differ by other changes than it signs";
  }
  return "";
}

}  // namespace

Result<std::vector<DescriptionEdit>> DescriptionImpl::History(const security::Subject& reader,
                                                              std::string_view id) {
  auto run = [&]() -> Result<std::vector<DescriptionEdit>> {
    CHANCERY_ASSIGN_OR_RETURN(store::StoredRecord current, Readable(reader, id));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::optional<model::Cable>> versions,
                              Versions(reader, current));
    store::DocQuery q;
    q.collection = std::string(kDescriptionEdits);
    q.group = current.id;
    q.limit = 100000;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store().ListDocs(q));
    std::map<std::string, std::optional<desk::KeyInfo>> keys;
    std::vector<DescriptionEdit> out;
    for (const store::DocRow& row : rows) {
      CHANCERY_ASSIGN_OR_RETURN(DescriptionEdit e, EditFromJson(row.body));
      // An edit keeps the label, so its versions read as the record's other versions do: one
      // the reader may not read under its own label is left out, as ShowVersion leaves it.
      const int64_t v = e.new_version;
      if (v >= 1 && v <= static_cast<int64_t>(versions.size()) &&
          VersionAt(versions, v) == nullptr) {
        continue;
      }
      if (!keys.contains(e.editor)) {
        Result<desk::KeyInfo> key = desk::KeyRing::PublicKey(store(), e.editor);
        keys[e.editor] = key.ok() ? std::optional<desk::KeyInfo>(*key) : std::nullopt;
      }
      const std::optional<desk::KeyInfo>& key = keys[e.editor];
      e.void_reason = CheckEdit(e, key.has_value() ? &*key : nullptr, versions);
      if (e.record_id != current.id) {
        e.void_reason = "VOID: the row names record " + e.record_id;
      }
      out.push_back(std::move(e));
    }
    std::sort(out.begin(), out.end(), [](const DescriptionEdit& a, const DescriptionEdit& b) {
      return a.number < b.number;
    });
    return out;
  };
  Result<std::vector<DescriptionEdit>> out = run();
  CHANCERY_RETURN_IF_ERROR(AuditOnly(Event(
      reader, "archive.describe.history", std::string(id),
      out.ok() ? "allow: " + std::to_string(out->size()) : "deny: " + out.status().ToString())));
  return out;
}

namespace {

// Top-level members of the two records' JSON outside the description that differ.
Result<std::vector<std::string>> OtherChanges(const model::Cable& from, const model::Cable& to) {
  try {
    const Json a = Json::parse(format::CableToJson(model::WithDescriptionOf(from, to)));
    const Json b = Json::parse(format::CableToJson(to));
    std::vector<std::string> out;
    for (const auto& [key, value] : a.items()) {
      if (!b.contains(key) || b.at(key) != value) {
        out.push_back(key);
      }
    }
    for (const auto& [key, value] : b.items()) {
      if (!a.contains(key)) {
        out.push_back(key);
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  } catch (const std::exception& e) {
    return Internal(std::string("diff: ") + e.what());
  }
}

}  // namespace

Result<DescriptionDiff> DescriptionImpl::Diff(const security::Subject& reader, std::string_view id,
                                              int64_t from, int64_t to) {
  auto run = [&]() -> Result<DescriptionDiff> {
    CHANCERY_ASSIGN_OR_RETURN(store::StoredRecord current, Readable(reader, id));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<std::optional<model::Cable>> versions,
                              Versions(reader, current));
    DescriptionDiff d;
    d.record_id = current.id;
    d.from = from == 0 ? current.version : from;
    d.to = to == 0 ? current.version : to;
    for (int64_t v : {d.from, d.to}) {
      if (v < 1 || v > current.version) {
        return NotFound("record " + current.id + " has no version " + std::to_string(v) +
                        " (versions 1 to " + std::to_string(current.version) + ")");
      }
      if (VersionAt(versions, v) == nullptr) {
        return NotFound("no record " + std::string(id));  // a version above the reader's reach
      }
    }
    const model::Cable& a = *VersionAt(versions, d.from);
    const model::Cable& b = *VersionAt(versions, d.to);
    d.fields = DiffDescription(a, b);
    CHANCERY_ASSIGN_OR_RETURN(d.other_changes, OtherChanges(a, b));
    return d;
  };
  Result<DescriptionDiff> out = run();
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(reader, "archive.describe.diff", std::string(id),
                      out.ok() ? "allow" : "deny: " + out.status().ToString())));
  return out;
}

}  // namespace internal
}  // namespace chancery::archive
