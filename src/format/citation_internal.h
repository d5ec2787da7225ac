// Shared parts of the citation renderers (docs/citations.md). Internal to src/format.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/format/citation.h"
#include "chancery/model/date.h"

namespace chancery::format::internal {

// The CSL variables a record version gives (docs/citations.md "Fields"). Empty means absent.
struct CslData {
  std::string id;  // "<record id>/v/<n>"
  std::string title;
  std::vector<std::string> authors;      // originators, literal (institutional) names
  std::vector<std::string> translators;  // literal names
  std::string genre;                     // document type as the record gives it
  model::Date issued;                    // the record's date, to the day at most
  std::string archive;                   // repository
  std::string archive_location;          // archival reference, verbatim
  std::string url;                       // the version permalink
  std::string version;                   // "3"
  std::string note;                      // "sha256 <hash>"
  std::string language;                  // BCP 47 tag when the language is known ("en")
  std::string abstract;                  // the summary
  std::string number;                    // the serial, verbatim
};

CslData CslDataFor(const model::Cable& cable, const CitedVersion& cited);

// The Chicago texts exactly as citeproc-js renders them from CslData with Debian's
// chicago-note-bibliography.csl (plain text; no version suffix).
std::string ChicagoNoteText(const CslData& d);
std::string ChicagoBibliographyText(const CslData& d);

// citeproc-js's text-case="title" for an English string (CSL 1.0.2 title case: words that are
// all lower case and not stop words are capitalized, as are the first and last words and the
// word after a colon); exposed for unit tests.
std::string CslTitleCase(const std::string& text);
// The quotes of a quoted title as citeproc-js turns them: inner double and single quotes become
// single curly quotes, apostrophes become U+2019.
std::string CslInnerQuotes(const std::string& text);

// The length of `s` in UTF-16 code units, as JavaScript counts it.
size_t Utf16Length(std::string_view s);
// The code point at s[i] (its byte length in *len; an invalid byte decodes as itself).
char32_t DecodeUtf8(std::string_view s, size_t i, size_t* len);
// No upper-case letter (ASCII, Latin-1, Latin Extended-A, Cyrillic).
bool AllLowerCase(std::string_view word);
// The first code point upper-cased (citeproc-js _capitalise; a lone Greek letter is kept).
std::string CapitaliseFirst(std::string_view word);

std::string RisText(const CslData& d);
std::string BibtexText(const CslData& d, const model::Cable& cable);
std::string CslJsonText(const CslData& d);

// "March 13, 1963", "March 1963", "1963"; "" when unset.
std::string LongDate(const model::Date& date);

}  // namespace chancery::format::internal
