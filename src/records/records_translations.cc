// Translations (docs/archive.md "Translations"): resolving a translation's original at import,
// and listing an original's translations at read time, through the reader's access decisions.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/format/json.h"
#include "chancery/records/translations.h"

#include "records/records_impl.h"

namespace chancery::records {

std::string TranslationRowBody(std::string_view original) {
  return nlohmann::json{{"translates", std::string(original)}}.dump();
}

std::string CableJsonWithTranslations(const model::Cable& cable,
                                      const std::vector<TranslationSummary>& translations,
                                      int indent, std::string_view published_original) {
  if (translations.empty() && published_original.empty()) {
    return format::CableToJson(cable, indent);
  }
  nlohmann::ordered_json j = nlohmann::ordered_json::parse(format::CableToJson(cable));
  if (!published_original.empty())
    j["published_original"] = std::string(published_original);
  if (translations.empty())
    return j.dump(indent);
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const TranslationSummary& t : translations) {
    nlohmann::ordered_json item = {{"id", t.id}, {"language", t.language}};
    if (!t.translator.empty()) {
      item["translator"] = t.translator;
    }
    if (!t.date.empty()) {
      item["date"] = t.date;
    }
    item["version"] = t.version;
    list.push_back(std::move(item));
  }
  j["translations"] = std::move(list);
  return j.dump(indent);
}

std::string AlignmentProblem(const model::Cable& translation, const model::Cable& original,
                             int64_t original_version) {
  const std::string of = "the original " + original.id + " v" + std::to_string(original_version);
  auto count = [](size_t n, const char* what) {
    return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
  };
  if (translation.body.size() != original.body.size()) {
    return count(translation.body.size(), "body paragraph") + ", " + of + " has " +
           std::to_string(original.body.size());
  }
  if (translation.enclosures.size() != original.enclosures.size()) {
    return count(translation.enclosures.size(), "enclosure") + ", " + of + " has " +
           std::to_string(original.enclosures.size());
  }
  for (size_t e = 0; e < original.enclosures.size(); ++e) {
    const size_t mine = translation.enclosures[e].paragraphs.size();
    const size_t theirs = original.enclosures[e].paragraphs.size();
    if (mine != theirs) {
      return "enclosure " + std::to_string(e + 1) + " has " + count(mine, "paragraph") + ", " + of +
             " has " + std::to_string(theirs);
    }
  }
  return "";
}

namespace internal {

namespace {

// The original a translation names, as found for the importer.
struct FoundOriginal {
  model::Cable cable;   // the version translated
  int64_t version = 0;  // its number
  model::Label label;   // the label the translation must cover
};

Status NoOriginal(const model::Cable& c) {
  // One message for an original that does not exist and one the importer may not read.
  return InvalidArgument("cable " + c.id + ": field translation_of.original: no record " +
                         c.translation_of.original);
}

}  // namespace

Status RecordsImpl::ResolveTranslations(const security::Subject& actor,
                                        std::vector<model::Cable>* cables) {
  for (model::Cable& c : *cables) {
    model::TranslationOf& t = c.translation_of;
    if (t.original.empty()) {
      continue;  // not a translation, or one of an original not held here
    }
    if (t.original == c.id || t.original == c.serial.original) {
      return InvalidArgument("cable " + c.id +
                             ": field translation_of.original: a record cannot "
                             "be a translation of itself");
    }
    std::optional<FoundOriginal> found;
    // An original imported in the same batch is what will be current after it.
    for (const model::Cable& other : *cables) {
      if (&other == &c || (other.id != t.original && (other.serial.original.empty() ||
                                                      other.serial.original != t.original))) {
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> stored,
                                store_->GetRecord(other.id));
      const security::AccessClass cls = security::ClassOf(policy_, other);
      int64_t version = 1;
      if (stored.has_value()) {
        CHANCERY_ASSIGN_OR_RETURN(const security::AccessClass* before,
                                  ClassById(stored->access_class));
        const bool same =
            stored->payload == format::CableToJson(other) && before->Key() == cls.Key();
        version = same ? stored->version : stored->version + 1;
      }
      if (t.version != 0 && t.version != version) {
        if (!stored.has_value() || t.version > version) {
          return InvalidArgument("cable " + c.id + ": field translation_of.version: the original " +
                                 other.id + " has no version " + std::to_string(t.version));
        }
        break;  // an earlier stored version: read below
      }
      found = FoundOriginal{other, version, cls.label};
      break;
    }
    if (!found.has_value()) {
      // The stored record with this id, then those with this serial; the first the importer
      // may read (as Show chooses).
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> by_id,
                                store_->GetRecordMeta(t.original));
      CHANCERY_ASSIGN_OR_RETURN(std::vector<store::RecordMeta> candidates,
                                store_->GetRecordMetasBySerial(t.original, 64));
      if (by_id.has_value()) {
        candidates.insert(candidates.begin(), std::move(*by_id));
      }
      const store::RecordMeta* chosen = nullptr;
      for (const store::RecordMeta& meta : candidates) {
        CHANCERY_ASSIGN_OR_RETURN(bool allowed, MayRead(actor, meta.access_class, nullptr));
        if (allowed) {
          chosen = &meta;
          break;
        }
      }
      if (chosen == nullptr || chosen->id == c.id) {
        return NoOriginal(c);
      }
      const int64_t version = t.version == 0 ? chosen->version : t.version;
      if (version > chosen->version) {
        return InvalidArgument("cable " + c.id + ": field translation_of.version: the original " +
                               chosen->id + " has no version " + std::to_string(version));
      }
      CHANCERY_ASSIGN_OR_RETURN(const security::AccessClass* now, ClassById(chosen->access_class));
      // The current version is the record itself; RecordVersions holds the replaced ones.
      std::vector<store::StoredRecord> versions;
      if (version == chosen->version) {
        CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> current,
                                  store_->GetRecord(chosen->id));
        if (current.has_value()) {
          versions.push_back(std::move(*current));
        }
      } else {
        CHANCERY_ASSIGN_OR_RETURN(versions, store_->RecordVersions(chosen->id));
      }
      for (const store::StoredRecord& row : versions) {
        if (row.version != version) {
          continue;
        }
        CHANCERY_ASSIGN_OR_RETURN(bool allowed, MayRead(actor, row.access_class, nullptr));
        if (!allowed) {
          return NoOriginal(c);
        }
        CHANCERY_ASSIGN_OR_RETURN(model::Cable cable, format::CableFromJson(row.payload, row.id));
        CHANCERY_ASSIGN_OR_RETURN(const security::AccessClass* then, ClassById(row.access_class));
        CHANCERY_ASSIGN_OR_RETURN(model::Label label,
                                  security::LeastUpperBound(policy_, now->label, then->label));
        found = FoundOriginal{std::move(cable), version, std::move(label)};
        break;
      }
      if (!found.has_value()) {
        return InvalidArgument("cable " + c.id + ": field translation_of.version: the original " +
                               chosen->id + " has no version " + std::to_string(version));
      }
    }
    if (const std::string problem = AlignmentProblem(c, found->cable, found->version);
        !problem.empty()) {
      return InvalidArgument("cable " + c.id + ": field translation_of: " + problem);
    }
    t.original = found->cable.id;
    t.version = found->version;
    // The translation carries the original's content: its label covers the original's, as a
    // record's covers its portions (docs/archive.md "Translations").
    if (!security::Dominates(policy_, c.current_label, found->label)) {
      Result<model::Label> bound =
          security::LeastUpperBound(policy_, c.current_label, found->label);
      if (!bound.ok()) {
        return InvalidArgument(
            "cable " + c.id + ": field translation_of: the label " + c.current_label.ToBanner() +
            " cannot cover the original's: " + std::string(bound.status().message()));
      }
      c.current_label = security::Canonicalize(policy_, *bound);
      if (!security::MayAssignLabel(policy_, actor, c.current_label).allowed) {
        return NotImportable(actor, c.id);
      }
    }
  }
  return Status::Ok();
}

Status RecordsImpl::RaiseTranslations(const security::Subject& actor,
                                      std::vector<model::Cable>* cables) {
  const size_t originals = cables->size();
  for (size_t i = 0; i < originals; ++i) {
    const std::string id = (*cables)[i].id;
    const model::Label label = (*cables)[i].current_label;
    store::DocQuery query;
    query.collection = std::string(kTranslationsCollection);
    query.group = id;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store_->ListDocs(query));
    for (const store::DocRow& row : rows) {
      const bool in_batch = std::any_of(cables->begin(), cables->end(),
                                        [&](const model::Cable& c) { return c.id == row.key; });
      if (in_batch) {
        continue;  // imported now: ResolveTranslations covered the original's new label
      }
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> stored,
                                store_->GetRecord(row.key));
      if (!stored.has_value()) {
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(model::Cable t, format::CableFromJson(stored->payload, stored->id));
      if (t.translation_of.original != id || security::Dominates(policy_, t.current_label, label)) {
        continue;
      }
      CHANCERY_ASSIGN_OR_RETURN(model::Label bound,
                                security::LeastUpperBound(policy_, t.current_label, label));
      t.current_label = security::Canonicalize(policy_, bound);
      if (!security::MayAssignLabel(policy_, actor, t.current_label).allowed) {
        return NotImportable(actor, (*cables)[i].id);
      }
      cables->push_back(std::move(t));
    }
  }
  return Status::Ok();
}

Result<std::vector<TranslationSummary>> RecordsImpl::Translations(const security::Subject& subject,
                                                                  std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta, store_->GetRecordMeta(id));
  std::string reason = "no such record";
  bool allowed = false;
  if (meta.has_value()) {
    CHANCERY_ASSIGN_OR_RETURN(allowed, MayRead(subject, meta->access_class, &reason));
  }
  if (!allowed) {
    CHANCERY_RETURN_IF_ERROR(Audit(subject, "translations", id, "deny: " + reason, {}));
    return NotFound("no record " + std::string(id));
  }
  store::DocQuery query;
  query.collection = std::string(kTranslationsCollection);
  query.group = std::string(id);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, store_->ListDocs(query));
  std::vector<TranslationSummary> out;
  std::vector<std::string> ids;
  bool public_only = true;
  for (const store::DocRow& row : rows) {
    // Decide on the lookup columns first: a hidden translation's body is never read.
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> tmeta,
                              store_->GetRecordMeta(row.key));
    if (!tmeta.has_value()) {
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(bool may, MayRead(subject, tmeta->access_class, nullptr));
    if (!may) {
      continue;
    }
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> stored,
                              store_->GetRecord(row.key));
    if (!stored.has_value() || stored->access_class != tmeta->access_class) {
      continue;  // changed between the two reads
    }
    CHANCERY_ASSIGN_OR_RETURN(model::Cable t, format::CableFromJson(stored->payload, stored->id));
    const nlohmann::json body = nlohmann::json::parse(row.body, nullptr, false);
    if (!body.is_object() || !body.contains("translates") || !body["translates"].is_string() ||
        body["translates"].get<std::string>() != t.translation_of.original) {
      continue;  // re-imported since as something else
    }
    out.push_back({t.id, t.archival.language, t.archival.translator, t.translation_of.date.ToIso(),
                   t.translation_of.version});
    ids.push_back(t.id);
    CHANCERY_ASSIGN_OR_RETURN(bool is_public, PublicMayRead(stored->access_class));
    public_only = public_only && is_public;
  }
  std::sort(out.begin(), out.end(),
            [](const TranslationSummary& a, const TranslationSummary& b) { return a.id < b.id; });
  if (!ids.empty()) {
    CHANCERY_RETURN_IF_ERROR(
        AuditRead(subject, "translations", id, "allow", std::move(ids), public_only));
  }
  return out;
}

Result<std::string> RecordsImpl::PublishedOriginal(const security::Subject& subject,
                                                   std::string_view id) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> meta, store_->GetRecordMeta(id));
  bool allowed = false;
  if (meta.has_value()) {
    CHANCERY_ASSIGN_OR_RETURN(allowed, MayRead(subject, meta->access_class, nullptr));
  }
  if (!allowed)
    return NotFound("no record " + std::string(id));
  // Publication lists a published translation under the original's published record (group);
  // import lists a translation under the original it names (group == "translates").
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                            store_->GetDoc(kTranslationsCollection, id));
  if (!row.has_value())
    return std::string();
  const nlohmann::json body = nlohmann::json::parse(row->body, nullptr, false);
  if (!body.is_object() || !body.contains("translates") || !body["translates"].is_string() ||
      body["translates"].get<std::string>() == row->group) {
    return std::string();
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::RecordMeta> original,
                            store_->GetRecordMeta(row->group));
  if (!original.has_value())
    return std::string();
  CHANCERY_ASSIGN_OR_RETURN(bool may, MayRead(subject, original->access_class, nullptr));
  return may ? row->group : std::string();
}

}  // namespace internal
}  // namespace chancery::records
