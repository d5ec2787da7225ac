#include "search/xapian/document_builder.h"

#include <charconv>
#include <string>
#include <vector>

#include <xapian/unicode.h>

#include "chancery/base/strings.h"
#include "search/xapian/schema.h"

namespace chancery::search::internal {
namespace {

// Document data: each field as "<decimal length>:<bytes>", in the order id, title, date.
void AppendField(std::string_view field, std::string* out) {
  out->append(std::to_string(field.size()));
  out->push_back(':');
  out->append(field);
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

void IndexFields(const model::Cable& cable, Xapian::TermGenerator* generator) {
  IndexField(generator, cable.title, kTitlePrefix);
  IndexField(generator, cable.drafter, kPersonPrefix);
  for (const model::Approval& approval : cable.approvals) {
    IndexField(generator, approval.name, kPersonPrefix);
  }
  for (const std::string& person : cable.persons) {
    IndexField(generator, person, kPersonPrefix);
  }
  for (const std::string& informed : cable.also_informed) {
    IndexField(generator, informed, kPersonPrefix);
  }
  IndexField(generator, cable.organization, kFromPrefix);
  IndexField(generator, cable.office, kFromPrefix);
  for (const std::string& originator : cable.originators) {
    IndexField(generator, originator, kFromPrefix);
  }
  for (const model::Addressee& addressee : cable.addressees) {
    IndexField(generator, addressee.name, kToPrefix);
  }
  IndexField(generator, cable.place, kPlacePrefix);
  IndexField(generator, cable.serial.original, kSerialWordPrefix);
  IndexField(generator, cable.archival.reference.verbatim, kRefWordPrefix);
}

void AddBooleanTerm(const std::string& term, Xapian::Document* doc) {
  if (!term.empty()) {
    doc->add_boolean_term(term);
  }
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

std::string IdTerm(std::string_view id) { return std::string(kIdPrefix) + std::string(id); }

std::string ExactTerm(std::string_view prefix, std::string_view value) {
  std::string_view trimmed = Trim(value);
  if (trimmed.empty() || prefix.size() + trimmed.size() > kMaxTermBytes) {
    return {};
  }
  return std::string(prefix) + Xapian::Unicode::tolower(std::string(trimmed));
}

Xapian::Document BuildDocument(const model::Cable& cable) {
  Xapian::Document doc;
  Xapian::TermGenerator generator;
  generator.set_stemmer(Xapian::Stem("english"));
  generator.set_stemming_strategy(Xapian::TermGenerator::STEM_SOME);
  generator.set_document(doc);
  IndexFreeText(cable, &generator);
  IndexFields(cable, &generator);
  AddBooleanTerm(IdTerm(cable.id), &doc);
  AddBooleanTerm(ExactTerm(kSerialExactPrefix, cable.serial.original), &doc);
  AddBooleanTerm(ExactTerm(kRefExactPrefix, cable.archival.reference.verbatim), &doc);

  doc.add_value(kIdSlot, cable.id);
  if (std::optional<DayRange> days = CableDays(cable)) {
    doc.add_value(kEarliestSlot, Xapian::sortable_serialise(days->first));
    doc.add_value(kLatestSlot, Xapian::sortable_serialise(days->last));
  }
  std::string data;
  AppendField(cable.id, &data);
  AppendField(cable.title, &data);
  AppendField(cable.date.ToIso(), &data);
  doc.set_data(data);
  return doc;
}

Result<Hit> DecodeHit(std::string_view data) {
  Hit hit;
  if (!ReadField(&data, &hit.id) || !ReadField(&data, &hit.title) ||
      !ReadField(&data, &hit.date) || !data.empty()) {
    return Corruption("search document data is malformed");
  }
  return hit;
}

}  // namespace chancery::search::internal
