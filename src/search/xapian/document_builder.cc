#include "search/xapian/document_builder.h"

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include <xapian/unicode.h>

#include "chancery/base/strings.h"
#include "chancery/model/facet_value.h"

#include "search/xapian/schema.h"

namespace chancery::search::internal {
namespace {

// A list field: each entry as "<decimal length>:<bytes>" (the hit slot: id, title, date,
// earliest, latest, approximate).
void AppendField(std::string_view field, std::string* out) {
  out->append(std::to_string(field.size()));
  out->push_back(':');
  out->append(field);
}

bool IsBlank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

bool ReadField(std::string_view* in, std::string* field) {
  size_t colon = in->find(':');
  if (colon == std::string_view::npos || colon == 0) {
    return false;
  }
  size_t length = 0;
  auto [end, ec] = std::from_chars(in->data(), in->data() + colon, length);
  if (ec != std::errc() || end != in->data() + colon || length > in->size() - colon - 1) {
    return false;
  }
  *field = std::string(in->substr(colon + 1, length));
  in->remove_prefix(colon + 1 + length);
  return true;
}

// Indexes `text` as free text under `prefix` (unprefixed when empty), then leaves a gap in the
// positions so that a phrase never spans two fields or two list entries.
void IndexField(Xapian::TermGenerator* generator, std::string_view text,
                std::string_view prefix = {}) {
  if (text.empty()) {
    return;
  }
  generator->index_text(std::string(text), 1, std::string(prefix));
  generator->increase_termpos();
}

void IndexFreeText(const model::Cable& cable, Xapian::TermGenerator* generator) {
  IndexField(generator, cable.title);
  IndexField(generator, cable.subject);
  IndexField(generator, cable.summary);
  for (const model::Paragraph& paragraph : cable.body) {
    IndexField(generator, paragraph.text);
  }
  for (const model::Enclosure& enclosure : cable.enclosures) {
    IndexField(generator, enclosure.title);
    for (const model::Paragraph& paragraph : enclosure.paragraphs) {
      IndexField(generator, paragraph.text);
    }
  }
  for (const model::Note& note : cable.notes) {
    IndexField(generator, note.text);
  }
}

// A metadata field is searchable both with its prefix (person:Cowhig) and as plain words (Cowhig),
// as a reader expects of a search box.
void IndexMetadata(Xapian::TermGenerator* generator, std::string_view text,
                   std::string_view prefix) {
  IndexField(generator, text, prefix);
  IndexField(generator, text);
}

void IndexFields(const model::Cable& cable, Xapian::TermGenerator* generator) {
  IndexField(generator, cable.title, kTitlePrefix);
  IndexMetadata(generator, cable.drafter, kPersonPrefix);
  for (const model::Approval& approval : cable.approvals) {
    IndexMetadata(generator, approval.name, kPersonPrefix);
  }
  for (const std::string& person : cable.persons) {
    IndexMetadata(generator, person, kPersonPrefix);
  }
  for (const std::string& informed : cable.also_informed) {
    IndexMetadata(generator, informed, kPersonPrefix);
  }
  IndexMetadata(generator, cable.archival.translator, kPersonPrefix);
  IndexMetadata(generator, cable.organization, kFromPrefix);
  IndexMetadata(generator, cable.office, kFromPrefix);
  for (const std::string& originator : cable.originators) {
    IndexMetadata(generator, originator, kFromPrefix);
  }
  for (const model::Addressee& addressee : cable.addressees) {
    IndexMetadata(generator, addressee.name, kToPrefix);
  }
  IndexMetadata(generator, cable.place, kPlacePrefix);
  // Description (docs/archive.md "Description"): places, subject terms and the scope note.
  for (const std::string& place : cable.places) {
    IndexMetadata(generator, place, kPlacePrefix);
  }
  for (const std::string& subject : cable.subjects) {
    IndexMetadata(generator, subject, kSubjectPrefix);
  }
  IndexField(generator, cable.scope_note);
  IndexMetadata(generator, cable.serial.original, kSerialWordPrefix);
  IndexMetadata(generator, cable.archival.reference.verbatim, kRefWordPrefix);
}

// The proleptic Gregorian year of `days` since 1970-01-01 (Hinnant's civil_from_days).
int32_t YearOfDay(int32_t days) {
  const int64_t z = int64_t{days} + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  return static_cast<int32_t>(yoe + era * 400 + (month <= 2 ? 1 : 0));
}

void AddBooleanTerm(const std::string& term, Xapian::Document* doc) {
  if (!term.empty()) {
    doc->add_boolean_term(term);
  }
}

// The whole reference plus its significant parts, so that ref:"793.551/2-2561" finds
// "Department of State, Central Files, 793.551/2-2561": every comma- or semicolon-separated
// segment, and every space-separated token holding a digit.
void AddReferenceTerms(std::string_view reference, Xapian::Document* doc) {
  AddBooleanTerm(ExactTerm(kRefExactPrefix, reference), doc);
  size_t start = 0;
  while (start <= reference.size()) {
    size_t end = reference.find_first_of(",;", start);
    if (end == std::string_view::npos) {
      end = reference.size();
    }
    std::string_view segment = reference.substr(start, end - start);
    AddBooleanTerm(ExactTerm(kRefExactPrefix, segment), doc);
    for (const std::string& token : SplitTrimmed(segment, ' ')) {
      if (token.find_first_of("0123456789") != std::string::npos) {
        AddBooleanTerm(ExactTerm(kRefExactPrefix, token), doc);
      }
    }
    start = end + 1;
  }
}

void AddKeywordTerms(const model::Cable& cable, Xapian::Document* doc) {
  AddBooleanTerm(ExactTerm(kClassPrefix, cable.original_marking.label.classification), doc);
  AddBooleanTerm(ExactTerm(kClassPrefix, cable.original_marking.verbatim), doc);
  if (cable.precedence.rank != model::PrecedenceRank::kUnknown) {
    AddBooleanTerm(ExactTerm(kPrecPrefix, model::PrecedenceRankName(cable.precedence.rank)), doc);
  }
  AddBooleanTerm(ExactTerm(kPrecPrefix, cable.precedence.original), doc);
  if (cable.kind != model::DocumentKind::kUnknown) {
    AddBooleanTerm(ExactTerm(kTypePrefix, model::DocumentKindName(cable.kind)), doc);
  }
  AddBooleanTerm(ExactTerm(kTypePrefix, cable.document_type), doc);
  AddBooleanTerm(ExactTerm(kVolPrefix, cable.archival.collection), doc);
  AddBooleanTerm(ExactTerm(kLangPrefix, cable.archival.original_language), doc);
}

void AddValue(Xapian::valueno slot, std::string_view value, Xapian::Document* doc) {
  std::string_view trimmed = Trim(value);
  if (!trimmed.empty()) {
    doc->add_value(slot, std::string(trimmed));
  }
}

void AddFacetValues(const model::Cable& cable, const std::optional<DayRange>& days,
                    Xapian::Document* doc) {
  if (days.has_value()) {
    doc->add_value(kYearSlot, std::to_string(YearOfDay(days->first)));
  }
  // Facet values are normalized (model/facet_value.h); the record keeps the raw ones.
  AddValue(kClassificationSlot, model::ClassificationFacetValue(cable.original_marking), doc);
  if (cable.precedence.rank != model::PrecedenceRank::kUnknown) {
    AddValue(kPrecedenceSlot, model::PrecedenceRankName(cable.precedence.rank), doc);
  }
  AddValue(kFromSlot,
           model::OfficeFacetValue(Trim(cable.office).empty() ? cable.organization : cable.office),
           doc);
  std::vector<std::string> to;
  for (const model::Addressee& addressee : cable.addressees) {
    std::string name = model::OfficeFacetValue(addressee.name);
    if (!name.empty() && std::find(to.begin(), to.end(), name) == to.end()) {
      to.push_back(std::move(name));
    }
  }
  AddValue(kToSlot, EncodeList(to), doc);
  // "<id>\x1f<title>": the facet counts by id and shows the title (facet_spy.cc).
  AddValue(kCollectionSlot,
           cable.archival.collection_title.empty() || cable.archival.collection.empty()
               ? cable.archival.collection
               : cable.archival.collection + kLabelSeparator + cable.archival.collection_title,
           doc);
  AddValue(kLanguageSlot, cable.archival.original_language, doc);
  if (cable.kind != model::DocumentKind::kUnknown) {
    AddValue(kKindSlot, model::DocumentKindName(cable.kind), doc);
  }
}

void AppendText(std::string_view text, size_t max_bytes, std::string* out) {
  if (text.empty() || out->size() > max_bytes) {
    return;
  }
  if (!out->empty()) {
    out->append("\n");
  }
  out->append(text.substr(0, max_bytes + 1 - std::min(out->size(), max_bytes + 1)));
}

// Cuts `text` to at most `max_bytes` without splitting a UTF-8 character.
void TruncateUtf8(size_t max_bytes, std::string* text) {
  if (text->size() <= max_bytes) {
    return;
  }
  size_t cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>((*text)[cut]) & 0xC0) == 0x80) {
    --cut;  // (*text)[cut] continues a character that started before it
  }
  text->resize(cut);
}

// The text snippets are cut from: subject, summary, body, enclosures and notes, in that order,
// truncated to `max_bytes` at a UTF-8 character boundary.
std::string SnippetText(const model::Cable& cable, size_t max_bytes) {
  std::string text;
  if (max_bytes == 0) {
    return text;
  }
  AppendText(cable.subject, max_bytes, &text);
  AppendText(cable.summary, max_bytes, &text);
  for (const model::Paragraph& paragraph : cable.body) {
    AppendText(paragraph.text, max_bytes, &text);
  }
  for (const model::Enclosure& enclosure : cable.enclosures) {
    AppendText(enclosure.title, max_bytes, &text);
    for (const model::Paragraph& paragraph : enclosure.paragraphs) {
      AppendText(paragraph.text, max_bytes, &text);
    }
  }
  for (const model::Note& note : cable.notes) {
    AppendText(note.text, max_bytes, &text);
  }
  TruncateUtf8(max_bytes, &text);
  return text;
}

}  // namespace

std::optional<DayRange> CableDays(const model::Cable& cable) {
  const model::Date& first = cable.earliest.IsSet() ? cable.earliest
                             : cable.date.IsSet()   ? cable.date
                                                    : cable.latest;
  const model::Date& last = cable.latest.IsSet() ? cable.latest
                            : cable.date.IsSet() ? cable.date
                                                 : cable.earliest;
  if (!first.IsSet() || !last.IsSet()) {
    return std::nullopt;
  }
  return DayRange{first.FirstDay(), last.LastDay()};
}

std::string IdTerm(std::string_view id) {
  return std::string(kIdPrefix) + std::string(id);
}

std::string ExactTerm(std::string_view prefix, std::string_view value) {
  std::string collapsed;
  for (std::string_view::size_type i = 0; i < value.size(); ++i) {
    if (IsBlank(value[i])) {
      if (!collapsed.empty() && collapsed.back() != ' ') {
        collapsed.push_back(' ');
      }
      continue;
    }
    collapsed.push_back(value[i]);
  }
  if (!collapsed.empty() && collapsed.back() == ' ') {
    collapsed.pop_back();
  }
  if (collapsed.empty() || prefix.size() + collapsed.size() > kMaxTermBytes) {
    return {};
  }
  return std::string(prefix) + Xapian::Unicode::tolower(collapsed);
}

std::string EncodeList(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& value : values) {
    AppendField(value, &out);
  }
  return out;
}

bool DecodeList(std::string_view encoded, std::vector<std::string>* values) {
  values->clear();
  while (!encoded.empty()) {
    std::string value;
    if (!ReadField(&encoded, &value)) {
      return false;
    }
    values->push_back(std::move(value));
  }
  return true;
}

Xapian::Document BuildDocument(const model::Cable& cable, size_t snippet_text_bytes) {
  Xapian::Document doc;
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  generator.set_flags(kTermGeneratorFlags);
  generator.set_document(doc);
  IndexFreeText(cable, &generator);
  IndexFields(cable, &generator);
  AddBooleanTerm(IdTerm(cable.id), &doc);
  AddBooleanTerm(ExactTerm(kSerialExactPrefix, cable.serial.original), &doc);
  AddReferenceTerms(cable.archival.reference.verbatim, &doc);
  AddKeywordTerms(cable, &doc);

  doc.add_value(kIdSlot, cable.id);
  const std::optional<DayRange> days = CableDays(cable);
  if (days.has_value()) {
    doc.add_value(kEarliestSlot, Xapian::sortable_serialise(days->first));
    doc.add_value(kLatestSlot, Xapian::sortable_serialise(days->last));
    const model::Date& first = cable.earliest.IsSet() ? cable.earliest
                               : cable.date.IsSet()   ? cable.date
                                                      : cable.latest;
    doc.add_value(
        kInstantSlot,
        Xapian::sortable_serialise(static_cast<double>(
            (cable.date.IsSet() && !cable.earliest.IsSet() ? cable.date : first).SortSeconds())));
  } else {
    doc.add_boolean_term(std::string(kUndatedTerm));
  }
  AddFacetValues(cable, days, &doc);
  std::string hit;
  AppendField(cable.id, &hit);
  AppendField(model::DisplayTitle(cable), &hit);
  AppendField(cable.date.ToIso(), &hit);
  AppendField(cable.earliest.ToIso(), &hit);
  AppendField(cable.latest.ToIso(), &hit);
  AppendField(cable.date_approximate ? "1" : "", &hit);
  // Translations (docs/search.md): the language of the text and what it translates.
  AppendField(
      cable.archival.language.empty() ? cable.archival.original_language : cable.archival.language,
      &hit);
  AppendField(cable.translation_of.not_held ? std::string(1, kLabelSeparator)
                                            : cable.translation_of.original,
              &hit);
  doc.add_value(kHitSlot, hit);
  doc.set_data(SnippetText(cable, snippet_text_bytes));
  return doc;
}

Result<Hit> DecodeHit(std::string_view encoded) {
  Hit hit;
  if (!ReadField(&encoded, &hit.id) || !ReadField(&encoded, &hit.title) ||
      !ReadField(&encoded, &hit.date)) {
    return Corruption("search hit value is malformed");
  }
  if (encoded.empty()) {
    return hit;  // indexed before hits carried the range
  }
  std::string approximate;
  if (!ReadField(&encoded, &hit.earliest) || !ReadField(&encoded, &hit.latest) ||
      !ReadField(&encoded, &approximate)) {
    return Corruption("search hit value is malformed");
  }
  hit.date_approximate = approximate == "1";
  if (encoded.empty()) {
    return hit;  // indexed before hits carried the language
  }
  if (!ReadField(&encoded, &hit.language) || !ReadField(&encoded, &hit.translation_of) ||
      !encoded.empty()) {
    return Corruption("search hit value is malformed");
  }
  if (hit.translation_of == std::string(1, kLabelSeparator)) {  // not held here
    hit.translation_of.clear();
    hit.translation_not_held = true;
  }
  return hit;
}

}  // namespace chancery::search::internal
