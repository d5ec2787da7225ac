// Private parts of the archive record parser (docs/format/archive-record.md): the record is
// split into blocks (paragraphs) first; archive_record.cc reads the preamble and sections,
// archive_record_citation.cc the citation and dates, archive_record_document.cc the document's
// header lines, body, signature and enclosure, archive_record_closing.cc the closing note.
// Pure functions; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/model/cable.h"

namespace chancery::format::internal {

// One paragraph of the record: consecutive non-blank lines joined by single spaces.
struct Block {
  std::string text;
  size_t line = 0;    // 1-based line of its first line
  size_t column = 1;  // 1-based column of its first non-blank byte
};

// --- dates (archive_record_citation.cc, §Dates) ---

// Parses a whole prose date: "March 13, 1963", "March 1963", "March, 1963" or "1963".
// False if `text` is not exactly one of these or names an impossible date.
bool ParseProseDate(std::string_view text, model::Date* out);
// Finds the first "Month D, YYYY" in `text`; sets its byte range and value. False if none.
bool FindProseDate(std::string_view text, size_t* pos, size_t* len, model::Date* out);
// True if the first word of `text` is an English month name.
bool StartsWithMonth(std::string_view text);

// The record date block, approximate forms included (§Record date): "c. 1963", "circa March
// 1963", "Undated, c. 1958" (date set, `approximate` true) and "1962-1963" (date 1962, earliest
// 1962, latest 1963). False if it is not a date.
struct RecordDate {
  model::Date date;
  model::Date earliest;
  model::Date latest;
  bool approximate = false;
};

bool ParseRecordDate(std::string_view text, RecordDate* out);

// --- citation (archive_record_citation.cc, §Citation) ---

// Fills archival.repository, archival.reference, archival.translator and archival.source_url
// from the citation text; parts it cannot find stay empty.
void ParseCitation(std::string_view citation, model::ArchivalDescription* archival);
// "PRC FMA 109-03861-03, 13-17" -> code, fonds, file, item, pages; verbatim always set.
model::ArchivalReference ParseArchivalReference(std::string_view verbatim);
// "wilson-123881" for https://digitalarchive.wilsoncenter.org/document/123881; "" if the URL
// names no document number.
std::string IdFromSourceUrl(std::string_view url);

// --- document (archive_record_document.cc, §Document) ---

// Reads the document blocks that follow the Contents section into `cable`.
void ParseDocument(std::vector<Block> blocks, model::Cable* cable);

// --- addressee line and markings (archive_record_addressee.cc, §Addressee line, §Markings) ---

// The marking `text` starts with ("Top Secret" of "Top Secret Telegram"), or "".
std::string_view LeadingMarking(std::string_view text);
// Sets the original marking: verbatim, and as a label (upper case; ";" parts are categories).
void SetMarking(std::string_view verbatim, model::Cable* cable);
// "For the X. Notify comrades at Y: (Top Secret)": adds the addressees and the marking.
bool ParseAddresseeLine(std::string_view text, model::Cable* cable);

// --- closing note and lists (archive_record_closing.cc, §Closing note) ---

// True if `paragraph` opens with "<Kind> note: " (capitalized words, e.g. "International
// Liaison Department note: ", "Editor's note: ", "Note: ").
bool IsClosingNote(std::string_view paragraph);
// If `paragraph` is a closing note ("<Kind> note: <text>"), adds the note and the approvals,
// disseminations and also-informed parties it states, and returns true.
bool ParseClosingNote(std::string_view paragraph, model::Cable* cable);
// Adds the handling caveats stated in the body ("for internal research") as categories of the
// original marking's label.
void AddBodyCaveats(model::Cable* cable);
// "A, B and C" / "A, B, and C" -> {"A", "B", "C"}.
std::vector<std::string> SplitNameList(std::string_view text);
// Splits a signature's run of body names into originators, using `known` names (organization,
// office) and words that end an office name ("Department", "Affairs", ...).
std::vector<std::string> SplitOriginators(std::string_view text,
                                          const std::vector<std::string>& known);

// --- small text helpers (archive_record.cc) ---

bool EndsWithTerminalPunctuation(std::string_view text);
bool StartsWithLower(std::string_view text);
// Splits on single spaces.
std::vector<std::string_view> Words(std::string_view text);
// Case-insensitive find; npos if absent.
size_t FindIgnoreCase(std::string_view haystack, std::string_view needle, size_t from = 0);

}  // namespace chancery::format::internal
