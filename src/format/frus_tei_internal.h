// Private parts of the FRUS TEI importer (include/chancery/format/frus_tei.h): the raw facts the
// SAX pass (frus_tei_sax.cc) collects for each document, and the functions that turn them into
// a model::Cable (frus_tei_document.cc, frus_tei_source_note.cc). docs/format/frus-tei.md.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/format/frus_tei.h"
#include "chancery/model/cable.h"

namespace chancery::format::internal {

// A persName or gloss of type from/to inside the document head.
struct FrusParty {
  std::string text;
  std::string corresp;  // "#p_CK1" for persons; empty for glosses
  bool is_person = false;
  bool is_from = false;
};

// One <list type="to">: its head ("ACTION:", "INFO:", "TO") and items.
struct FrusToList {
  std::string head;
  std::vector<std::string> items;
};

// What one <div type="document"> holds, as text (whitespace not yet normalized).
struct FrusRawDocument {
  std::string xml_id;     // may be empty (frus1861 nested documents)
  std::string n;          // printed document number
  std::string parent_id;  // xml:id of the enclosing document, for nested documents
  // Heads of the non-document divisions around it (compilation, chapter, subchapter, ...),
  // outermost first, notes removed; divisions without a head are skipped.
  std::vector<std::string> divisions;
  int64_t line = 0;
  std::string head;
  bool has_head = false;
  std::vector<FrusParty> parties;
  std::vector<std::string> source_notes;  // in document order
  std::vector<std::string> summaries;
  std::vector<std::string> footnotes;
  // Per footnote: "[n]" when its <note> stands inside the body text (a paragraph), where the
  // printed volume shows its number; empty for footnotes in the head. Parallel to `footnotes`.
  std::vector<std::string> footnote_markers;
  // corresp values of persName elements in the text (not the head's from/to parties):
  // "#p_CEZE1", possibly several ids separated by spaces.
  std::vector<std::string> text_persons;
  bool has_dateline = false;
  std::string dateline;  // the first dateline's text
  std::string place;
  std::string when, from, to, not_before, not_after;  // the first dateline date's attributes
  int64_t date_line = 0;
  std::vector<std::string> paragraphs;
  std::vector<FrusToList> to_lists;
  std::vector<std::string> signers;
  std::vector<std::pair<std::string, std::string>> refs;  // target, text
};

// Everything the SAX pass reads from one volume.
struct FrusRawVolume {
  std::string id;
  std::string title;
  std::unordered_map<std::string, std::string> persons;  // xml:id -> name
  std::vector<FrusRawDocument> documents;
  std::vector<FrusAnomaly> anomalies;
};

// Between the division heads of ArchivalDescription::chapter ("China; Korea; Japan › Korea");
// a "›" inside a head becomes ">" so the path splits back exactly.
inline constexpr std::string_view kChapterSeparator = " \u203a ";
inline constexpr std::string_view kChapterSeparatorMark = "\u203a";

// Runs the SAX pass. Errors as ParseFrusVolume. REQUIRES: xml.size() <= INT_MAX.
Result<FrusRawVolume> ReadFrusRaw(std::string_view xml, std::string_view filename);

// Maps one raw document; appends anomalies to `anomalies`. The result passes model::Validate.
model::Cable MapFrusDocument(const FrusRawVolume& volume, const FrusRawDocument& raw,
                             size_t ordinal, std::vector<FrusAnomaly>* anomalies);

// Applies one source note ("Source: Department of State, Central Files, 793.551/2-2561. Top
// Secret; Priority; Eyes Only.", "File No. 861.51/165", "[Telegram]") to `cable`: archival
// reference, original marking, precedence, drafter, approvals, repeat-to addressees, form.
// `text` is whitespace-normalized.
void ApplyFrusSourceNote(std::string_view text, model::Cable* cable);

// Splits a trailing precedence word off an addressee ("Amembassy LAGOS IMMEDIATE").
model::Addressee ParseFrusAddressee(std::string_view item, model::AddresseeRole role);

// Collapses runs of ASCII white space to one space and trims.
std::string CollapseSpace(std::string_view s);

}  // namespace chancery::format::internal
