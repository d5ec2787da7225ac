// Writer of the JSON form of a cable and the public entry points (docs/format/json.md).
#include "chancery/format/json.h"

#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/base/strings.h"

#include "format/json_internal.h"

namespace chancery::format {
namespace {

using Json = nlohmann::ordered_json;

// docs/format/json.md §Conventions: empty strings, arrays and objects are omitted.
void PutString(Json& j, const char* key, const std::string& value) {
  if (!value.empty()) {
    j[key] = value;
  }
}

void PutStrings(Json& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) {
    j[key] = values;
  }
}

void PutDate(Json& j, const char* key, const model::Date& date) {
  if (date.IsSet()) {
    j[key] = date.ToIso();
  }
}

void PutObject(Json& j, const char* key, Json value) {
  if (!value.empty()) {
    j[key] = std::move(value);
  }
}

template <typename T, typename F>
void PutArray(Json& j, const char* key, const std::vector<T>& items, F to_json) {
  if (items.empty()) {
    return;
  }
  Json array = Json::array();
  for (const T& item : items) {
    array.push_back(to_json(item));
  }
  j[key] = std::move(array);
}

Json LabelToJson(const model::Label& label) {
  Json j = Json::object();
  PutString(j, "classification", label.classification);
  PutStrings(j, "categories", label.categories);
  PutStrings(j, "releasable_to", label.releasable_to);
  return j;
}

Json PrecedenceToJson(const model::Precedence& p) {
  Json j = Json::object();
  if (p.rank != model::PrecedenceRank::kUnknown) {
    j["rank"] = std::string(model::PrecedenceRankName(p.rank));
  }
  PutString(j, "original", p.original);
  return j;
}

Json SerialToJson(const model::Serial& s) {
  Json j = Json::object();
  PutString(j, "series", s.series);
  if (s.year != 0) {
    j["year"] = s.year;
  }
  if (s.number != 0) {
    j["number"] = s.number;
  }
  PutString(j, "original", s.original);
  return j;
}

Json ApprovalToJson(const model::Approval& a) {
  Json j = Json::object();
  PutString(j, "name", a.name);
  j["state"] = std::string(model::ApprovalStateName(a.state));
  PutDate(j, "date", a.date);
  PutString(j, "note", a.note);
  return j;
}

Json AddresseeToJson(const model::Addressee& a) {
  Json j = Json::object();
  PutString(j, "name", a.name);
  j["role"] = std::string(model::AddresseeRoleName(a.role));
  if (a.is_group) {
    j["is_group"] = true;
  }
  PutObject(j, "precedence", PrecedenceToJson(a.precedence));
  PutString(j, "note", a.note);
  return j;
}

Json DisseminationToJson(const model::Dissemination& d) {
  Json j = Json::object();
  PutString(j, "party", d.party);
  PutString(j, "releasability", d.releasability);
  PutDate(j, "date", d.date);
  PutString(j, "note", d.note);
  return j;
}

Json ParagraphToJson(const model::Paragraph& p) {
  Json j = Json::object();
  PutString(j, "text", p.text);
  // Present (possibly {}) exactly when the paragraph is portion-marked.
  if (p.portion.has_value()) {
    j["portion"] = LabelToJson(*p.portion);
  }
  return j;
}

Json EnclosureToJson(const model::Enclosure& e) {
  Json j = Json::object();
  PutString(j, "title", e.title);
  PutArray(j, "paragraphs", e.paragraphs, ParagraphToJson);
  return j;
}

Json NoteToJson(const model::Note& n) {
  Json j = Json::object();
  PutString(j, "kind", n.kind);
  PutString(j, "text", n.text);
  return j;
}

Json ReferenceToJson(const model::Reference& r) {
  Json j = Json::object();
  PutString(j, "target", r.target);
  PutString(j, "relation", r.relation);
  PutString(j, "text", r.text);
  return j;
}

Json ArchivalToJson(const model::ArchivalDescription& a) {
  Json j = Json::object();
  PutString(j, "repository", a.repository);
  Json ref = Json::object();
  PutString(ref, "repository_code", a.reference.repository_code);
  PutString(ref, "fonds", a.reference.fonds);
  PutString(ref, "file", a.reference.file);
  PutString(ref, "item", a.reference.item);
  PutString(ref, "pages", a.reference.pages);
  PutString(ref, "verbatim", a.reference.verbatim);
  PutObject(j, "reference", std::move(ref));
  PutString(j, "original_language", a.original_language);
  PutString(j, "language", a.language);
  PutString(j, "translator", a.translator);
  PutString(j, "credits", a.credits);
  PutString(j, "source_url", a.source_url);
  PutString(j, "citation", a.citation);
  PutString(j, "contents", a.contents);
  PutString(j, "collection", a.collection);
  PutString(j, "collection_title", a.collection_title);
  PutString(j, "chapter", a.chapter);
  if (a.position != 0) {
    j["position"] = a.position;
  }
  return j;
}

Json TranslationOfToJson(const model::TranslationOf& t) {
  Json j = Json::object();
  PutString(j, "original", t.original);
  if (t.version != 0) {
    j["version"] = t.version;
  }
  PutDate(j, "date", t.date);
  if (t.not_held) {
    j["not_held"] = true;
  }
  return j;
}

Json PublicationToJson(const model::Publication& p) {
  Json j = Json::object();
  if (p.Empty()) {
    return j;
  }
  j["of"] = p.of;
  j["of_version"] = p.of_version;
  j["number"] = p.number;
  PutString(j, "published", p.published);
  PutString(j, "archivist", p.archivist);
  PutStrings(j, "reviewers", p.reviewers);
  j["in_full"] = p.in_full;
  PutStrings(j, "authorities", p.authorities);
  PutArray(j, "redactions", p.redactions, [](const model::Redaction& r) {
    Json o = Json::object();
    PutString(o, "pointer", r.pointer);
    PutString(o, "marker", r.marker);
    PutString(o, "code", r.code);
    return o;
  });
  PutString(j, "withdrawn", p.withdrawn);
  PutString(j, "withdrawn_by", p.withdrawn_by);
  PutString(j, "withdrawal_reason", p.withdrawal_reason);
  return j;
}

void PutIdentity(Json& j, const model::Cable& c) {
  PutString(j, "id", c.id);
  PutString(j, "organization", c.organization);
  PutString(j, "office", c.office);
  PutStrings(j, "originators", c.originators);
  PutString(j, "internal_reference", c.internal_reference);
  if (c.direction != model::Direction::kUnknown) {
    j["direction"] = std::string(model::DirectionName(c.direction));
  }
  if (c.kind != model::DocumentKind::kUnknown) {
    j["kind"] = std::string(model::DocumentKindName(c.kind));
  }
  PutString(j, "document_type", c.document_type);
  PutObject(j, "serial", SerialToJson(c.serial));
}

void PutDatesAndMarkings(Json& j, const model::Cable& c) {
  PutDate(j, "date", c.date);
  // Derived, for readers (docs/format/json.md §Dates): the instant in UTC and the date in the
  // source's own terms; ignored on input.
  if (c.date.HasInstant() && c.date.Basis() != model::TimeBasis::kUtc) {
    j["date_utc"] = c.date.ToUtc().ToIso();
  }
  if (c.date.HasTime()) {
    j["date_display"] = model::DisplayDate(c.date, c.place);
  }
  PutDate(j, "drafted", c.drafted);
  PutDate(j, "approved", c.approved);
  PutDate(j, "released", c.released);
  PutDate(j, "earliest", c.earliest);
  PutDate(j, "latest", c.latest);
  if (c.date_approximate) {
    j["date_approximate"] = true;
  }
  PutString(j, "place", c.place);
  Json marking = Json::object();
  PutString(marking, "verbatim", c.original_marking.verbatim);
  PutObject(marking, "label", LabelToJson(c.original_marking.label));
  PutObject(j, "original_marking", std::move(marking));
  PutObject(j, "current_label", LabelToJson(c.current_label));
  PutObject(j, "precedence", PrecedenceToJson(c.precedence));
}

void PutPeopleAndContent(Json& j, const model::Cable& c) {
  PutString(j, "drafter", c.drafter);
  PutArray(j, "approvals", c.approvals, ApprovalToJson);
  PutArray(j, "addressees", c.addressees, AddresseeToJson);
  PutArray(j, "disseminations", c.disseminations, DisseminationToJson);
  PutStrings(j, "also_informed", c.also_informed);
  PutStrings(j, "persons", c.persons);
  PutString(j, "title", c.title);
  PutString(j, "subject", c.subject);
  PutString(j, "summary", c.summary);
  PutStrings(j, "subjects", c.subjects);
  PutStrings(j, "places", c.places);
  PutString(j, "scope_note", c.scope_note);
  PutArray(j, "body", c.body, ParagraphToJson);
  PutArray(j, "enclosures", c.enclosures, EnclosureToJson);
  PutArray(j, "notes", c.notes, NoteToJson);
  PutArray(j, "references", c.references, ReferenceToJson);
  PutObject(j, "archival", ArchivalToJson(c.archival));
  PutObject(j, "translation_of", TranslationOfToJson(c.translation_of));
  PutStrings(j, "unparsed_headers", c.unparsed_headers);
  PutObject(j, "publication", PublicationToJson(c.publication));
}

}  // namespace

std::string CableToJson(const model::Cable& cable, int indent) {
  Json j = Json::object();
  PutIdentity(j, cable);
  PutDatesAndMarkings(j, cable);
  PutPeopleAndContent(j, cable);
  // Invalid UTF-8 is replaced by U+FFFD instead of throwing (docs/format/json.md §Encoding).
  return j.dump(indent, ' ', false, Json::error_handler_t::replace);
}

size_t FindJsonDepthExcess(std::string_view text, size_t max_depth) {
  size_t depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped byte, whatever it is, does not end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        return i;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return std::string_view::npos;
}

Result<model::Cable> CableFromJson(std::string_view json, std::string_view filename) {
  return internal::CableFromJsonAt(json, filename, 0);
}

Result<std::vector<model::Cable>> CablesFromJsonLines(std::string_view text,
                                                      std::string_view filename) {
  std::vector<model::Cable> cables;
  size_t line_index = 0;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = text.substr(start, end - start);
    if (!Trim(line).empty()) {
      CHANCERY_ASSIGN_OR_RETURN(model::Cable cable,
                                internal::CableFromJsonAt(line, filename, line_index));
      cables.push_back(std::move(cable));
    }
    ++line_index;
    start = end + 1;
  }
  return cables;
}

}  // namespace chancery::format
