// Header keys of the cable text format: each key's value syntax and model field.
// docs/format/cable-text.md §4-§6.
#include <functional>
#include <string>

#include "chancery/base/strings.h"

#include "format/cable_text_internal.h"

namespace chancery::format::internal {
namespace {

using AttrFn = std::function<Status(const std::string& key, const std::optional<std::string>&)>;

Status ForEachAttr(const Item& item, const AttrFn& fn) {
  for (const auto& [key, value] : item.attrs) {
    CHANCERY_RETURN_IF_ERROR(fn(key, value));
  }
  return Status::Ok();
}

Status UnknownAttr(const std::string& key) {
  return InvalidArgument("unknown attribute \"" + key + "\"");
}

// Assigns a text attribute; a flag (no value) is an error (§6.1).
Status SetText(const std::string& key, const std::optional<std::string>& value, std::string* out) {
  if (!value.has_value()) {
    return InvalidArgument("attribute \"" + key + "\" needs a value");
  }
  *out = *value;
  return Status::Ok();
}

Status SetDate(const std::string& key, const std::optional<std::string>& value, model::Date* out) {
  std::string text;
  CHANCERY_RETURN_IF_ERROR(SetText(key, value, &text));
  CHANCERY_ASSIGN_OR_RETURN(*out, model::Date::Parse(text));
  return Status::Ok();
}

std::string* TextField(Key key, model::Cable* c) {
  switch (key) {
    case Key::kOrganization:
      return &c->organization;
    case Key::kOffice:
      return &c->office;
    case Key::kInternalReference:
      return &c->internal_reference;
    case Key::kDocumentType:
      return &c->document_type;
    case Key::kPlace:
      return &c->place;
    case Key::kDrafter:
      return &c->drafter;
    case Key::kTitle:
      return &c->title;
    case Key::kSubject:
      return &c->subject;
    case Key::kSummary:
      return &c->summary;
    case Key::kArchiveRepository:
      return &c->archival.repository;
    case Key::kOriginalLanguage:
      return &c->archival.original_language;
    case Key::kLanguage:
      return &c->archival.language;
    case Key::kTranslator:
      return &c->archival.translator;
    case Key::kCredits:
      return &c->archival.credits;
    case Key::kSourceUrl:
      return &c->archival.source_url;
    case Key::kCitation:
      return &c->archival.citation;
    case Key::kContents:
      return &c->archival.contents;
    case Key::kCollection:
      return &c->archival.collection;
    case Key::kCollectionTitle:
      return &c->archival.collection_title;
    case Key::kChapter:
      return &c->archival.chapter;
    case Key::kScopeNote:
      return &c->scope_note;
    default:
      return nullptr;
  }
}

model::Date* DateField(Key key, model::Cable* c) {
  switch (key) {
    case Key::kDate:
      return &c->date;
    case Key::kDrafted:
      return &c->drafted;
    case Key::kApproved:
      return &c->approved;
    case Key::kReleased:
      return &c->released;
    case Key::kEarliest:
      return &c->earliest;
    case Key::kLatest:
      return &c->latest;
    default:
      return nullptr;
  }
}

std::vector<std::string>* NameListField(Key key, model::Cable* c) {
  switch (key) {
    case Key::kFrom:
      return &c->originators;
    case Key::kAlsoInformed:
      return &c->also_informed;
    case Key::kPersons:
      return &c->persons;
    case Key::kSubjects:
      return &c->subjects;
    case Key::kPlaces:
      return &c->places;
    default:
      return nullptr;
  }
}

Result<Item> ParseSingleItem(std::string_view value) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Item> items, ParseItems(value));
  if (items.size() > 1) {
    return InvalidArgument("expected one item");
  }
  return items.empty() ? Item{} : std::move(items[0]);
}

Status ApplySerial(std::string_view value, model::Serial* serial) {
  CHANCERY_ASSIGN_OR_RETURN(Item item, ParseSingleItem(value));
  serial->original = item.name;
  return ForEachAttr(item, [&](const std::string& k, const std::optional<std::string>& v) {
    if (k == "series") {
      return SetText(k, v, &serial->series);
    }
    if (k != "year" && k != "number") {
      return UnknownAttr(k);
    }
    std::string text;
    CHANCERY_RETURN_IF_ERROR(SetText(k, v, &text));
    if (k == "year") {
      CHANCERY_ASSIGN_OR_RETURN(int64_t year, ParseInteger(text, INT32_MIN, INT32_MAX));
      serial->year = static_cast<int32_t>(year);
      return Status::Ok();
    }
    CHANCERY_ASSIGN_OR_RETURN(serial->number, ParseInteger(text, INT64_MIN, INT64_MAX));
    return Status::Ok();
  });
}

Status ApplyArchiveReference(std::string_view value, model::ArchivalReference* ref) {
  CHANCERY_ASSIGN_OR_RETURN(Item item, ParseSingleItem(value));
  ref->verbatim = item.name;
  return ForEachAttr(item, [&](const std::string& k, const std::optional<std::string>& v) {
    if (k == "repository") {
      return SetText(k, v, &ref->repository_code);
    }
    if (k == "fonds") {
      return SetText(k, v, &ref->fonds);
    }
    if (k == "file") {
      return SetText(k, v, &ref->file);
    }
    if (k == "item") {
      return SetText(k, v, &ref->item);
    }
    if (k == "pages") {
      return SetText(k, v, &ref->pages);
    }
    return UnknownAttr(k);
  });
}

// "ID|SERIAL {version=N, date=DATE}", or "{not-held}" for an original this archive does not hold.
Status ApplyTranslationOf(std::string_view value, model::TranslationOf* t) {
  CHANCERY_ASSIGN_OR_RETURN(Item item, ParseSingleItem(value));
  t->original = item.name;
  const AttrFn apply = [&](const std::string& k, const std::optional<std::string>& v) {
    if (k == "not-held") {
      if (v.has_value()) {
        return InvalidArgument("attribute \"not-held\" takes no value");
      }
      t->not_held = true;
      return Status::Ok();
    }
    if (k == "date") {
      return SetDate(k, v, &t->date);
    }
    if (k != "version") {
      return UnknownAttr(k);
    }
    std::string text;
    CHANCERY_RETURN_IF_ERROR(SetText(k, v, &text));
    CHANCERY_ASSIGN_OR_RETURN(t->version, ParseInteger(text, 1, INT64_MAX));
    return Status::Ok();
  };
  CHANCERY_RETURN_IF_ERROR(ForEachAttr(item, apply));
  if (t->original.empty() && !t->not_held) {
    return InvalidArgument("expected the original's id or serial, or {not-held}");
  }
  if (!t->original.empty() && t->not_held) {
    return InvalidArgument("an original named here is held: drop {not-held}");
  }
  return Status::Ok();
}

Status ApplyApproval(const Item& item, model::Cable* c) {
  model::Approval a;
  a.name = item.name;
  const AttrFn apply = [&](const std::string& k, const std::optional<std::string>& v) {
    if (k == "state") {
      std::string text;
      CHANCERY_RETURN_IF_ERROR(SetText(k, v, &text));
      return model::ParseApprovalState(text, &a.state)
                 ? Status::Ok()
                 : InvalidArgument("invalid state \"" + text + "\"");
    }
    if (k == "date") {
      return SetDate(k, v, &a.date);
    }
    if (k == "note") {
      return SetText(k, v, &a.note);
    }
    return UnknownAttr(k);
  };
  CHANCERY_RETURN_IF_ERROR(ForEachAttr(item, apply));
  c->approvals.push_back(std::move(a));
  return Status::Ok();
}

Status ApplyAddressee(const Item& item, model::AddresseeRole role, model::Cable* c) {
  model::Addressee a;
  a.name = item.name;
  a.role = role;
  const AttrFn apply = [&](const std::string& k, const std::optional<std::string>& v) {
    if (k == "group") {
      if (v.has_value()) {
        return InvalidArgument("attribute \"group\" takes no value");
      }
      a.is_group = true;
      return Status::Ok();
    }
    if (k == "precedence") {
      std::string text;
      CHANCERY_RETURN_IF_ERROR(SetText(k, v, &text));
      a.precedence = ParsePrecedence(text);
      return Status::Ok();
    }
    if (k == "note") {
      return SetText(k, v, &a.note);
    }
    return UnknownAttr(k);
  };
  CHANCERY_RETURN_IF_ERROR(ForEachAttr(item, apply));
  c->addressees.push_back(std::move(a));
  return Status::Ok();
}

Status ApplyDissemination(const Item& item, model::Cable* c) {
  model::Dissemination d;
  d.party = item.name;
  const AttrFn apply = [&](const std::string& k, const std::optional<std::string>& v) {
    if (k == "rel") {
      return SetText(k, v, &d.releasability);
    }
    if (k == "date") {
      return SetDate(k, v, &d.date);
    }
    if (k == "note") {
      return SetText(k, v, &d.note);
    }
    return UnknownAttr(k);
  };
  CHANCERY_RETURN_IF_ERROR(ForEachAttr(item, apply));
  c->disseminations.push_back(std::move(d));
  return Status::Ok();
}

Status ApplyReference(const Item& item, model::Cable* c) {
  model::Reference r;
  r.target = item.name;
  const AttrFn apply = [&](const std::string& k, const std::optional<std::string>& v) {
    if (k == "relation") {
      return SetText(k, v, &r.relation);
    }
    if (k == "text") {
      return SetText(k, v, &r.text);
    }
    return UnknownAttr(k);
  };
  CHANCERY_RETURN_IF_ERROR(ForEachAttr(item, apply));
  c->references.push_back(std::move(r));
  return Status::Ok();
}

Status ApplyNote(const Item& item, model::Cable* c) {
  model::Note n;
  n.text = item.name;
  const AttrFn apply = [&](const std::string& k, const std::optional<std::string>& v) {
    return k == "kind" ? SetText(k, v, &n.kind) : UnknownAttr(k);
  };
  CHANCERY_RETURN_IF_ERROR(ForEachAttr(item, apply));
  c->notes.push_back(std::move(n));
  return Status::Ok();
}

// Keys whose value is a list of items with attributes.
Status ApplyItemList(Key key, std::string_view value, model::Cable* c) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Item> items, ParseItems(value));
  for (const Item& item : items) {
    if (std::vector<std::string>* names = NameListField(key, c)) {
      if (!item.attrs.empty()) {
        return UnknownAttr(item.attrs[0].first);
      }
      names->push_back(item.name);
      continue;
    }
    switch (key) {
      case Key::kApprovedBy:
        CHANCERY_RETURN_IF_ERROR(ApplyApproval(item, c));
        break;
      case Key::kTo:
        CHANCERY_RETURN_IF_ERROR(ApplyAddressee(item, model::AddresseeRole::kAction, c));
        break;
      case Key::kInfo:
        CHANCERY_RETURN_IF_ERROR(ApplyAddressee(item, model::AddresseeRole::kInfo, c));
        break;
      case Key::kDisseminatedTo:
        CHANCERY_RETURN_IF_ERROR(ApplyDissemination(item, c));
        break;
      case Key::kRef:
        CHANCERY_RETURN_IF_ERROR(ApplyReference(item, c));
        break;
      case Key::kNote:
        CHANCERY_RETURN_IF_ERROR(ApplyNote(item, c));
        break;
      default:
        return Internal("not an item list key");
    }
  }
  return Status::Ok();
}

Status ApplyLabelKey(Key key, std::string_view value, HeaderState* state) {
  model::Label& original = state->cable.original_marking.label;
  model::Label& current = state->cable.current_label;
  if (key == Key::kClassification || key == Key::kCurrentClassification) {
    CHANCERY_RETURN_IF_ERROR(CheckLabelName(value));
    (key == Key::kClassification ? original : current).classification = std::string(value);
    return Status::Ok();
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<std::string> names, ParseLabelList(value));
  switch (key) {
    case Key::kCaveats:
      original.categories = std::move(names);
      break;
    case Key::kReleasableTo:
      original.releasable_to = std::move(names);
      break;
    case Key::kCurrentCaveats:
      current.categories = std::move(names);
      break;
    default:
      current.releasable_to = std::move(names);
      break;
  }
  return Status::Ok();
}

Status ApplyEnum(Key key, std::string_view value, model::Cable* c) {
  const bool ok = key == Key::kDirection ? model::ParseDirection(value, &c->direction)
                                         : model::ParseDocumentKind(value, &c->kind);
  return ok ? Status::Ok() : InvalidArgument("invalid value \"" + std::string(value) + "\"");
}

}  // namespace

// docs/format/cable-text.md §4
Status ApplyHeader(Key key, std::string_view value, HeaderState* state) {
  model::Cable* c = &state->cable;
  if (std::string* text = TextField(key, c)) {
    *text = std::string(value);
    return Status::Ok();
  }
  if (model::Date* date = DateField(key, c)) {
    CHANCERY_ASSIGN_OR_RETURN(*date, model::Date::Parse(value));
    return Status::Ok();
  }
  if (IsListKey(key)) {
    return ApplyItemList(key, value, c);
  }
  switch (key) {
    case Key::kId:
      if (!model::IsValidId(value)) {
        return InvalidArgument("invalid id \"" + std::string(value) + "\"");
      }
      c->id = std::string(value);
      return Status::Ok();
    case Key::kDirection:
    case Key::kKind:
      return ApplyEnum(key, value, c);
    case Key::kSerial:
      return ApplySerial(value, &c->serial);
    case Key::kArchiveReference:
      return ApplyArchiveReference(value, &c->archival.reference);
    case Key::kTranslationOf:
      return ApplyTranslationOf(value, &c->translation_of);
    case Key::kCollectionPosition: {
      CHANCERY_ASSIGN_OR_RETURN(c->archival.position, ParseInteger(value, 1, INT64_MAX));
      return Status::Ok();
    }
    case Key::kPrecedence:
      c->precedence = ParsePrecedence(value);
      return Status::Ok();
    case Key::kMarking:
      c->original_marking.verbatim = std::string(value);
      state->marking_present = true;
      return Status::Ok();
    case Key::kCurrentClassification:
    case Key::kCurrentCaveats:
    case Key::kCurrentReleasableTo:
      state->current_present = true;
      break;
    default:
      break;
  }
  return ApplyLabelKey(key, value, state);
}

// docs/format/cable-text.md §5.3, §5.4
void FinishHeader(HeaderState* state) {
  model::Cable& c = state->cable;
  c.original_marking.label.Normalize();
  c.current_label.Normalize();
  if (!state->marking_present) {
    c.original_marking.verbatim = c.original_marking.label.ToBanner();
  }
  if (!state->current_present) {
    c.current_label = c.original_marking.label;
  }
}

}  // namespace chancery::format::internal
