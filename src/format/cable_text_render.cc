// Canonical rendering of the cable text format, and DeriveId.
// docs/format/cable-text.md §8, §10.3.
#include <cinttypes>
#include <cstdio>
#include <string>
#include <vector>

#include "chancery/base/strings.h"
#include "chancery/format/cable_text.h"

#include "format/cable_text_internal.h"

namespace chancery::format {
namespace {

using internal::Key;
using internal::RenderAttr;

class Renderer {
 public:
  void Line(Key key, std::string_view value) {
    out_ += internal::KeyName(key);
    out_ += ':';
    if (!value.empty()) {
      out_ += ' ';
      out_ += value;
    }
    out_ += '\n';
  }

  void Text(Key key, std::string_view value) {
    if (!value.empty()) {
      Line(key, value);
    }
  }

  void DateLine(Key key, const model::Date& date) { Text(key, date.ToIso()); }

  void Names(Key key, const std::vector<std::string>& names) {
    std::vector<std::string> items;
    for (const std::string& name : names) {
      items.push_back(internal::RenderItem(name, {}));
    }
    Text(key, Join(items, "; "));
  }

  std::string& out() { return out_; }

 private:
  std::string out_;
};

void AddText(std::vector<RenderAttr>* attrs, std::string_view key, const std::string& value) {
  if (!value.empty()) {
    attrs->push_back({key, value});
  }
}

void AddDate(std::vector<RenderAttr>* attrs, std::string_view key, const model::Date& date) {
  AddText(attrs, key, date.ToIso());
}

std::string SerialItem(const model::Serial& s) {
  std::vector<RenderAttr> attrs;
  AddText(&attrs, "series", s.series);
  if (s.year != 0) {
    attrs.push_back({"year", std::to_string(s.year)});
  }
  if (s.number != 0) {
    attrs.push_back({"number", std::to_string(s.number)});
  }
  return internal::RenderItem(s.original, attrs);
}

std::string ArchiveReferenceItem(const model::ArchivalReference& r) {
  std::vector<RenderAttr> attrs;
  AddText(&attrs, "repository", r.repository_code);
  AddText(&attrs, "fonds", r.fonds);
  AddText(&attrs, "file", r.file);
  AddText(&attrs, "item", r.item);
  AddText(&attrs, "pages", r.pages);
  return internal::RenderItem(r.verbatim, attrs);
}

std::string ApprovalItem(const model::Approval& a) {
  std::vector<RenderAttr> attrs;
  if (a.state != model::ApprovalState::kApproved) {
    attrs.push_back({"state", std::string(model::ApprovalStateName(a.state))});
  }
  AddDate(&attrs, "date", a.date);
  AddText(&attrs, "note", a.note);
  return internal::RenderItem(a.name, attrs);
}

std::string AddresseeItem(const model::Addressee& a) {
  std::vector<RenderAttr> attrs;
  if (a.is_group) {
    attrs.push_back({"group", "", true});
  }
  if (!a.precedence.Empty()) {
    attrs.push_back({"precedence", internal::RenderPrecedence(a.precedence)});
  }
  AddText(&attrs, "note", a.note);
  return internal::RenderItem(a.name, attrs);
}

// docs/format/cable-text.md §4.1: consecutive addressees of one role share a line.
void RenderAddressees(const std::vector<model::Addressee>& addressees, Renderer* r) {
  size_t i = 0;
  while (i < addressees.size()) {
    const model::AddresseeRole role = addressees[i].role;
    std::vector<std::string> items;
    for (; i < addressees.size() && addressees[i].role == role; ++i) {
      items.push_back(AddresseeItem(addressees[i]));
    }
    r->Line(role == model::AddresseeRole::kAction ? Key::kTo : Key::kInfo, Join(items, "; "));
  }
}

// docs/format/cable-text.md §5.3, §5.4
void RenderMarkings(const model::Cable& c, Renderer* r) {
  const model::Label& original = c.original_marking.label;
  r->Text(Key::kClassification, original.classification);
  r->Text(Key::kCaveats, Join(original.categories, ", "));
  r->Text(Key::kReleasableTo, Join(original.releasable_to, ", "));
  if (c.original_marking.verbatim != original.ToBanner()) {
    r->Line(Key::kMarking, c.original_marking.verbatim);
  }
  if (!(c.current_label == original)) {
    r->Line(Key::kCurrentClassification, c.current_label.classification);
    r->Text(Key::kCurrentCaveats, Join(c.current_label.categories, ", "));
    r->Text(Key::kCurrentReleasableTo, Join(c.current_label.releasable_to, ", "));
  }
  if (!c.precedence.Empty()) {
    r->Line(Key::kPrecedence, internal::RenderPrecedence(c.precedence));
  }
}

void RenderIdentity(const model::Cable& c, Renderer* r) {
  r->Text(Key::kId, c.id);
  r->Text(Key::kOrganization, c.organization);
  r->Text(Key::kOffice, c.office);
  r->Names(Key::kFrom, c.originators);
  r->Text(Key::kInternalReference, c.internal_reference);
  if (c.direction != model::Direction::kUnknown) {
    r->Line(Key::kDirection, model::DirectionName(c.direction));
  }
  if (c.kind != model::DocumentKind::kUnknown) {
    r->Line(Key::kKind, model::DocumentKindName(c.kind));
  }
  r->Text(Key::kDocumentType, c.document_type);
  if (!c.serial.Empty()) {
    r->Line(Key::kSerial, SerialItem(c.serial));
  }
  r->DateLine(Key::kDate, c.date);
  r->DateLine(Key::kDrafted, c.drafted);
  r->DateLine(Key::kApproved, c.approved);
  r->DateLine(Key::kReleased, c.released);
  r->DateLine(Key::kEarliest, c.earliest);
  r->DateLine(Key::kLatest, c.latest);
  r->Text(Key::kPlace, c.place);
}

void RenderPeople(const model::Cable& c, Renderer* r) {
  r->Text(Key::kDrafter, c.drafter);
  std::vector<std::string> approvals;
  for (const model::Approval& a : c.approvals) {
    approvals.push_back(ApprovalItem(a));
  }
  r->Text(Key::kApprovedBy, Join(approvals, "; "));
  RenderAddressees(c.addressees, r);
  for (const model::Dissemination& d : c.disseminations) {
    std::vector<RenderAttr> attrs;
    AddText(&attrs, "rel", d.releasability);
    AddDate(&attrs, "date", d.date);
    AddText(&attrs, "note", d.note);
    r->Line(Key::kDisseminatedTo, internal::RenderItem(d.party, attrs));
  }
  r->Names(Key::kAlsoInformed, c.also_informed);
  r->Names(Key::kPersons, c.persons);
}

void RenderContentAndArchive(const model::Cable& c, Renderer* r) {
  r->Text(Key::kTitle, c.title);
  r->Text(Key::kSubject, c.subject);
  r->Text(Key::kSummary, c.summary);
  r->Names(Key::kSubjects, c.subjects);
  r->Names(Key::kPlaces, c.places);
  r->Text(Key::kScopeNote, c.scope_note);
  for (const model::Reference& ref : c.references) {
    std::vector<RenderAttr> attrs;
    AddText(&attrs, "relation", ref.relation);
    AddText(&attrs, "text", ref.text);
    r->Line(Key::kRef, internal::RenderItem(ref.target, attrs));
  }
  for (const model::Note& note : c.notes) {
    std::vector<RenderAttr> attrs;
    AddText(&attrs, "kind", note.kind);
    r->Line(Key::kNote, internal::RenderItem(note.text, attrs));
  }
  const model::ArchivalDescription& a = c.archival;
  r->Text(Key::kArchiveRepository, a.repository);
  if (!(a.reference == model::ArchivalReference{})) {
    r->Line(Key::kArchiveReference, ArchiveReferenceItem(a.reference));
  }
  r->Text(Key::kOriginalLanguage, a.original_language);
  r->Text(Key::kLanguage, a.language);
  r->Text(Key::kTranslator, a.translator);
  r->Text(Key::kCredits, a.credits);
  r->Text(Key::kSourceUrl, a.source_url);
  r->Text(Key::kCitation, a.citation);
  r->Text(Key::kContents, a.contents);
  r->Text(Key::kCollection, a.collection);
  r->Text(Key::kCollectionTitle, a.collection_title);
  r->Text(Key::kChapter, a.chapter);
  if (a.position != 0) {
    r->Line(Key::kCollectionPosition, std::to_string(a.position));
  }
  const model::TranslationOf& t = c.translation_of;
  if (!t.Empty()) {
    std::vector<RenderAttr> attrs;
    if (t.version != 0) {
      attrs.push_back({"version", std::to_string(t.version)});
    }
    AddDate(&attrs, "date", t.date);
    if (t.not_held) {
      attrs.push_back({"not-held", "", true});
    }
    r->Line(Key::kTranslationOf, internal::RenderItem(t.original, attrs));
  }
}

// docs/format/cable-text.md §7.3: text that the parser would otherwise read differently.
bool NeedsEscape(std::string_view text) {
  return text.empty() || text.front() == ' ' || text.front() == '\t' || text.front() == '\\' ||
         StartsWith(text, "((") || StartsWith(text, "===");
}

void RenderParagraphs(const std::vector<model::Paragraph>& paragraphs, std::string* out) {
  for (const model::Paragraph& p : paragraphs) {
    *out += '\n';
    if (p.portion.has_value()) {
      *out += "((" + p.portion->ToBanner() + "))";
      if (p.text.empty()) {
        *out += '\n';
        continue;
      }
      *out += ' ';
    }
    if (NeedsEscape(p.text)) {
      *out += '\\';
    }
    *out += p.text;
    *out += '\n';
  }
}

}  // namespace

// docs/format/cable-text.md §8
std::string RenderCableText(const model::Cable& cable) {
  Renderer r;
  RenderIdentity(cable, &r);
  RenderMarkings(cable, &r);
  RenderPeople(cable, &r);
  RenderContentAndArchive(cable, &r);
  std::string& out = r.out();
  for (const std::string& line : cable.unparsed_headers) {
    out += line;
    out += '\n';
  }
  if (cable.body.empty() && cable.enclosures.empty()) {
    return out;
  }
  RenderParagraphs(cable.body, &out);
  for (const model::Enclosure& e : cable.enclosures) {
    out += "\n=== Enclosure: " + e.title + " ===\n";
    RenderParagraphs(e.paragraphs, &out);
  }
  return out;
}

// docs/format/cable-text.md §10.3
std::string DeriveId(std::string_view source_text) {
  uint64_t hash = 14695981039346656037ULL;
  for (char c : source_text) {
    hash ^= static_cast<uint8_t>(c);
    hash *= 1099511628211ULL;
  }
  char buf[24];
  std::snprintf(buf, sizeof(buf), "c-%016" PRIx64, hash);
  return buf;
}

}  // namespace chancery::format
