// Decoder from a parsed JSON tree to model::Cable (docs/format/json.md). Every member is
// checked for its type; unknown members are rejected so that a typo never loses data silently.
#include <algorithm>
#include <array>
#include <cstdint>
#include <initializer_list>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "chancery/base/strings.h"

#include "format/json_reader_internal.h"

namespace chancery::format::internal {

namespace {

using Json = nlohmann::ordered_json;

// The members of a cable object (docs/format/json.md §Cable object).
// clang-format off
constexpr std::array<std::string_view, 43> kCableMembers = {
    "id", "organization", "office", "originators", "internal_reference", "direction", "kind",
    "document_type", "serial", "date", "drafted", "approved", "released", "earliest", "latest",
    "place", "original_marking", "current_label", "precedence", "drafter", "approvals",
    "addressees", "disseminations", "also_informed", "persons", "title", "subject", "summary",
    "body", "enclosures", "notes", "references", "archival", "unparsed_headers",
    "date_utc", "date_display", "date_approximate", "publication", "subjects", "places",
    "scope_note", "translation_of",
    "translations"};  // read-time, from show --json (records/translations.h): ignored

// clang-format on

std::string Join2(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "/" + std::string(key);
}

// Reports errors at member positions and keeps the first one (a sticky error), so that the
// decoders below read as a list of members rather than a chain of early returns.
class Decoder {
 public:
  Decoder(const PositionMap& positions, const Locator& locator)
      : positions_(positions), locator_(locator) {}

  bool Ok() const { return first_error_.ok(); }

  const Status& FirstError() const { return first_error_; }

  void Fail(Status status) const {
    if (first_error_.ok()) {
      first_error_ = std::move(status);
    }
  }

  // Records an error at the member `path`, or at its nearest ancestor with a known position.
  void ErrorAt(const std::string& path, std::string_view message) const {
    std::string p = path;
    while (!p.empty() && positions_.find(p) == positions_.end()) {
      const size_t slash = p.rfind('/');
      p = slash == std::string::npos ? std::string() : p.substr(0, slash);
    }
    auto it = positions_.find(p);
    Fail(locator_.Error(it == positions_.end() ? 0 : it->second, message));
  }

  void TypeError(const std::string& path, std::string_view expected) const {
    ErrorAt(path, "member '" + path + "': expected " + std::string(expected));
  }

 private:
  const PositionMap& positions_;
  const Locator& locator_;
  mutable Status first_error_;
};

// Typed access to the members of one JSON object at `path`. Every accessor does nothing once
// an error has been recorded; Done() returns the first error.
class ObjectReader {
 public:
  ObjectReader(const Decoder& d, const Json& j, std::string path)
      : d_(d), j_(j), path_(std::move(path)) {}

  Status Done() const { return d_.FirstError(); }

  // The value must be an object whose members are all in `known`.
  void CheckMembers(std::initializer_list<std::string_view> known) const {
    CheckMembers(std::span<const std::string_view>(known.begin(), known.size()));
  }

  void CheckMembers(std::span<const std::string_view> known) const {
    if (!d_.Ok()) {
      return;
    }
    if (!j_.is_object()) {
      d_.TypeError(path_.empty() ? "(root)" : path_, "an object");
      return;
    }
    for (const auto& [key, value] : j_.items()) {
      if (std::find(known.begin(), known.end(), key) == known.end()) {
        const std::string p = PathOf(key);
        d_.ErrorAt(p, "unknown member '" + p + "'");
        return;
      }
    }
  }

  void String(std::string_view key, std::string* out) const {
    const Json* v = Find(key);
    if (v != nullptr && !v->is_string()) {
      d_.TypeError(PathOf(key), "a string");
    } else if (v != nullptr) {
      *out = v->get<std::string>();
    }
  }

  void Strings(std::string_view key, std::vector<std::string>* out) const {
    const Json* v = Find(key);
    if (v == nullptr) {
      return;
    }
    if (!v->is_array()) {
      d_.TypeError(PathOf(key), "an array of strings");
      return;
    }
    for (size_t i = 0; i < v->size() && d_.Ok(); ++i) {
      if (!(*v)[i].is_string()) {
        d_.TypeError(PathOf(key) + "/" + std::to_string(i), "a string");
      } else {
        out->push_back((*v)[i].get<std::string>());
      }
    }
  }

  void Date(std::string_view key, model::Date* out) const {
    std::string iso;
    String(key, &iso);
    if (Find(key) == nullptr || !d_.Ok()) {
      return;
    }
    Result<model::Date> date = model::Date::Parse(iso);
    if (!date.ok()) {
      d_.ErrorAt(PathOf(key),
                 "member '" + PathOf(key) + "': " + std::string(date.status().message()));
      return;
    }
    *out = *date;
  }

  void Integer(std::string_view key, int64_t min, int64_t max, int64_t* out) const {
    const Json* v = Find(key);
    if (v == nullptr) {
      return;
    }
    constexpr auto kMax = static_cast<uint64_t>(std::numeric_limits<int64_t>::max());
    if (v->is_number_unsigned() && v->get<uint64_t>() <= kMax) {
      *out = static_cast<int64_t>(v->get<uint64_t>());
    } else if (v->is_number_integer() && !v->is_number_unsigned()) {
      *out = v->get<int64_t>();
    } else {
      d_.TypeError(PathOf(key), "an integer");
      return;
    }
    if (*out < min || *out > max) {
      d_.ErrorAt(PathOf(key), "member '" + PathOf(key) + "': out of range");
    }
  }

  void Bool(std::string_view key, bool* out) const {
    const Json* v = Find(key);
    if (v != nullptr && !v->is_boolean()) {
      d_.TypeError(PathOf(key), "a boolean");
    } else if (v != nullptr) {
      *out = v->get<bool>();
    }
  }

  // Calls decode(ObjectReader, out) for a member that must be an object, if present.
  template <typename T, typename F>
  void Object(std::string_view key, T* out, F decode) const {
    const Json* v = Find(key);
    if (v != nullptr) {
      decode(ObjectReader(d_, *v, PathOf(key)), out);
    }
  }

  // Appends decode(ObjectReader, T*) for each element of a member that must be an array.
  template <typename T, typename F>
  void Array(std::string_view key, std::vector<T>* out, F decode) const {
    const Json* v = Find(key);
    if (v == nullptr) {
      return;
    }
    if (!v->is_array()) {
      d_.TypeError(PathOf(key), "an array");
      return;
    }
    for (size_t i = 0; i < v->size() && d_.Ok(); ++i) {
      T item;
      decode(ObjectReader(d_, (*v)[i], PathOf(key) + "/" + std::to_string(i)), &item);
      out->push_back(std::move(item));
    }
  }

  // A member naming an enumerator; `parse` maps the name, false if it is not one.
  template <typename E, typename F>
  void Enum(std::string_view key, std::string_view expected, F parse, E* out) const {
    std::string name;
    String(key, &name);
    if (Find(key) != nullptr && d_.Ok() && !parse(name, out)) {
      d_.ErrorAt(PathOf(key), "member '" + PathOf(key) + "': unknown value '" + name +
                                  "', expected " + std::string(expected));
    }
  }

 private:
  // The member `key`, or nullptr when it is absent or an error was already recorded.
  const Json* Find(std::string_view key) const {
    if (!d_.Ok() || !j_.is_object()) {
      return nullptr;
    }
    auto it = j_.find(std::string(key));
    return it == j_.end() ? nullptr : &*it;
  }

  std::string PathOf(std::string_view key) const { return Join2(path_, key); }

  const Decoder& d_;
  const Json& j_;
  std::string path_;
};

void DecodeLabel(const ObjectReader& r, model::Label* out) {
  r.CheckMembers({"classification", "categories", "releasable_to"});
  r.String("classification", &out->classification);
  r.Strings("categories", &out->categories);
  r.Strings("releasable_to", &out->releasable_to);
}

void DecodePrecedence(const ObjectReader& r, model::Precedence* out) {
  r.CheckMembers({"rank", "original"});
  r.Enum("rank", "a precedence rank such as PRIORITY", model::ParsePrecedenceRank, &out->rank);
  r.String("original", &out->original);
}

void DecodeSerial(const ObjectReader& r, model::Serial* out) {
  r.CheckMembers({"series", "year", "number", "original"});
  r.String("series", &out->series);
  int64_t year = 0;
  r.Integer("year", std::numeric_limits<int32_t>::min(), std::numeric_limits<int32_t>::max(),
            &year);
  out->year = static_cast<int32_t>(year);
  r.Integer("number", std::numeric_limits<int64_t>::min(), std::numeric_limits<int64_t>::max(),
            &out->number);
  r.String("original", &out->original);
}

bool ParseRole(std::string_view name, model::AddresseeRole* role) {
  for (auto candidate : {model::AddresseeRole::kAction, model::AddresseeRole::kInfo}) {
    if (name == model::AddresseeRoleName(candidate)) {
      *role = candidate;
      return true;
    }
  }
  return false;
}

void DecodeApproval(const ObjectReader& r, model::Approval* out) {
  r.CheckMembers({"name", "state", "date", "note"});
  r.String("name", &out->name);
  r.Enum("state", "approved, pending or rejected", model::ParseApprovalState, &out->state);
  r.Date("date", &out->date);
  r.String("note", &out->note);
}

void DecodeAddressee(const ObjectReader& r, model::Addressee* out) {
  r.CheckMembers({"name", "role", "is_group", "precedence", "note"});
  r.String("name", &out->name);
  r.Enum("role", "action or info", ParseRole, &out->role);
  r.Bool("is_group", &out->is_group);
  r.Object("precedence", &out->precedence, DecodePrecedence);
  r.String("note", &out->note);
}

void DecodeDissemination(const ObjectReader& r, model::Dissemination* out) {
  r.CheckMembers({"party", "releasability", "date", "note"});
  r.String("party", &out->party);
  r.String("releasability", &out->releasability);
  r.Date("date", &out->date);
  r.String("note", &out->note);
}

void DecodePortion(const ObjectReader& r, std::optional<model::Label>* out) {
  out->emplace();
  DecodeLabel(r, &**out);
}

void DecodeParagraph(const ObjectReader& r, model::Paragraph* out) {
  r.CheckMembers({"text", "portion"});
  r.String("text", &out->text);
  r.Object("portion", &out->portion, DecodePortion);
}

void DecodeEnclosure(const ObjectReader& r, model::Enclosure* out) {
  r.CheckMembers({"title", "paragraphs"});
  r.String("title", &out->title);
  r.Array("paragraphs", &out->paragraphs, DecodeParagraph);
}

void DecodeNote(const ObjectReader& r, model::Note* out) {
  r.CheckMembers({"kind", "text"});
  r.String("kind", &out->kind);
  r.String("text", &out->text);
}

void DecodeReference(const ObjectReader& r, model::Reference* out) {
  r.CheckMembers({"target", "relation", "text"});
  r.String("target", &out->target);
  r.String("relation", &out->relation);
  r.String("text", &out->text);
}

void DecodeArchivalReference(const ObjectReader& r, model::ArchivalReference* out) {
  r.CheckMembers({"repository_code", "fonds", "file", "item", "pages", "verbatim"});
  r.String("repository_code", &out->repository_code);
  r.String("fonds", &out->fonds);
  r.String("file", &out->file);
  r.String("item", &out->item);
  r.String("pages", &out->pages);
  r.String("verbatim", &out->verbatim);
}

void DecodeArchival(const ObjectReader& r, model::ArchivalDescription* out) {
  r.CheckMembers({"repository", "reference", "original_language", "language", "translator",
                  "credits", "source_url", "citation", "contents", "collection", "collection_title",
                  "chapter", "position"});
  r.String("repository", &out->repository);
  r.Object("reference", &out->reference, DecodeArchivalReference);
  r.String("original_language", &out->original_language);
  r.String("language", &out->language);
  r.String("translator", &out->translator);
  r.String("credits", &out->credits);
  r.String("source_url", &out->source_url);
  r.String("citation", &out->citation);
  r.String("contents", &out->contents);
  r.String("collection", &out->collection);
  r.String("collection_title", &out->collection_title);
  r.String("chapter", &out->chapter);
  r.Integer("position", 0, std::numeric_limits<int64_t>::max(), &out->position);
}

void DecodeTranslationOf(const ObjectReader& r, model::TranslationOf* out) {
  r.CheckMembers({"original", "version", "date", "not_held"});
  r.String("original", &out->original);
  r.Integer("version", 0, std::numeric_limits<int64_t>::max(), &out->version);
  r.Date("date", &out->date);
  r.Bool("not_held", &out->not_held);
}

void DecodeRedaction(const ObjectReader& r, model::Redaction* out) {
  r.CheckMembers({"pointer", "marker", "code"});
  r.String("pointer", &out->pointer);
  r.String("marker", &out->marker);
  r.String("code", &out->code);
}

void DecodePublication(const ObjectReader& r, model::Publication* out) {
  r.CheckMembers({"of", "of_version", "number", "published", "archivist", "reviewers", "in_full",
                  "authorities", "redactions", "withdrawn", "withdrawn_by", "withdrawal_reason"});
  r.String("of", &out->of);
  r.Integer("of_version", 0, std::numeric_limits<int64_t>::max(), &out->of_version);
  r.Integer("number", 0, std::numeric_limits<int64_t>::max(), &out->number);
  r.String("published", &out->published);
  r.String("archivist", &out->archivist);
  r.Strings("reviewers", &out->reviewers);
  r.Bool("in_full", &out->in_full);
  r.Strings("authorities", &out->authorities);
  r.Array("redactions", &out->redactions, DecodeRedaction);
  r.String("withdrawn", &out->withdrawn);
  r.String("withdrawn_by", &out->withdrawn_by);
  r.String("withdrawal_reason", &out->withdrawal_reason);
}

void DecodeMarking(const ObjectReader& r, model::Marking* out) {
  r.CheckMembers({"verbatim", "label"});
  r.String("verbatim", &out->verbatim);
  r.Object("label", &out->label, DecodeLabel);
}

void DecodeIdentity(const ObjectReader& r, model::Cable* c) {
  r.String("id", &c->id);
  r.String("organization", &c->organization);
  r.String("office", &c->office);
  r.Strings("originators", &c->originators);
  r.String("internal_reference", &c->internal_reference);
  r.Enum("direction", "unknown, outgoing, incoming or internal", model::ParseDirection,
         &c->direction);
  r.Enum("kind", "a document kind such as telegram", model::ParseDocumentKind, &c->kind);
  r.String("document_type", &c->document_type);
  r.Object("serial", &c->serial, DecodeSerial);
}

void DecodeDatesAndMarkings(const ObjectReader& r, model::Cable* c) {
  r.Date("date", &c->date);
  r.Date("drafted", &c->drafted);
  r.Date("approved", &c->approved);
  r.Date("released", &c->released);
  r.Date("earliest", &c->earliest);
  r.Date("latest", &c->latest);
  r.Bool("date_approximate", &c->date_approximate);
  r.String("place", &c->place);
  r.Object("original_marking", &c->original_marking, DecodeMarking);
  r.Object("current_label", &c->current_label, DecodeLabel);
  r.Object("precedence", &c->precedence, DecodePrecedence);
}

void DecodePeopleAndContent(const ObjectReader& r, model::Cable* c) {
  r.String("drafter", &c->drafter);
  r.Array("approvals", &c->approvals, DecodeApproval);
  r.Array("addressees", &c->addressees, DecodeAddressee);
  r.Array("disseminations", &c->disseminations, DecodeDissemination);
  r.Strings("also_informed", &c->also_informed);
  r.Strings("persons", &c->persons);
  r.String("title", &c->title);
  r.String("subject", &c->subject);
  r.String("summary", &c->summary);
  r.Strings("subjects", &c->subjects);
  r.Strings("places", &c->places);
  r.String("scope_note", &c->scope_note);
  r.Array("body", &c->body, DecodeParagraph);
  r.Array("enclosures", &c->enclosures, DecodeEnclosure);
  r.Array("notes", &c->notes, DecodeNote);
  r.Array("references", &c->references, DecodeReference);
  r.Object("archival", &c->archival, DecodeArchival);
  r.Object("translation_of", &c->translation_of, DecodeTranslationOf);
  r.Strings("unparsed_headers", &c->unparsed_headers);
  r.Object("publication", &c->publication, DecodePublication);
}

}  // namespace

Result<model::Cable> DecodeCable(const nlohmann::ordered_json& root, const PositionMap& positions,
                                 const Locator& locator) {
  const Decoder decoder(positions, locator);
  const ObjectReader r(decoder, root, "");
  r.CheckMembers(kCableMembers);
  model::Cable cable;
  DecodeIdentity(r, &cable);
  DecodeDatesAndMarkings(r, &cable);
  DecodePeopleAndContent(r, &cable);
  CHANCERY_RETURN_IF_ERROR(r.Done());
  return cable;
}

}  // namespace chancery::format::internal
