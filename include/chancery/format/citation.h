// Citations of a record version in the styles readers and reference managers ask for
// (docs/citations.md): the Wilson Digital Archive form, Chicago 17th notes and bibliography (as
// Debian's chicago-note-bibliography.csl renders through citeproc-js), CSL-JSON, RIS and BibTeX.
//
// Every citation names the version cited and carries its permalink
// <base>/records/<id>/v/<n> and the version's short content hash (records::ContentHash), so a
// reader can tell whether the text changed since it was cited. Pure functions, no I/O; thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::format {

enum class CitationStyle : int8_t {
  kWilson = 0,
  kChicagoNote,
  kChicagoBibliography,
  kCslJson,
  kRis,
  kBibtex,
};

// "wilson", "chicago-note", "chicago-bibliography", "csl-json", "ris", "bibtex".
std::string_view CitationStyleName(CitationStyle style);
// Every style, in the order above.
const std::vector<CitationStyle>& CitationStyles();
// "wilson, chicago-note, chicago-bibliography, csl-json, ris, bibtex".
std::string CitationStyleList();
// kInvalidArgument "unknown citation style \"NAME\"; styles: wilson, chicago-note, ..." for a
// name that is not one of the above (exact, lower case).
Result<CitationStyle> ParseCitationStyle(std::string_view name);
// The media type of a style's text: "text/plain; charset=utf-8" (wilson, chicago-*),
// "application/vnd.citationstyles.csl+json", "application/x-research-info-systems",
// "application/x-bibtex" (each with "; charset=utf-8").
std::string_view CitationContentType(CitationStyle style);
// The file extension for a download: "txt", "json", "ris", "bib".
std::string_view CitationFileExtension(CitationStyle style);

// What is cited: which version, where it lives, and its content hash.
struct CitedVersion {
  int64_t version = 1;   // the version cited, 1-based
  std::string base_url;  // "https://reading.example" (trailing slashes are dropped)
  std::string hash;      // the version's short content hash (records::ContentHash)
};

// <base_url>/records/<id>/v/<version>.
std::string VersionPermalink(std::string_view base_url, std::string_view id, int64_t version);

// The citation of `cable` (the version described by `cited`) in `style`. Every style ends with
// a newline. Never fails: missing fields are left out as each style leaves them out.
// - wilson: line 1 is the source's own citation (archival.citation) verbatim when the record was
//   imported with one (the seed, FRUS documents), else the Wilson Digital Archive form
//   "\"<title>\", <Month D, YYYY>, <repository>, <reference>. Translated by <translator>."; line
//   2 "Chancery version <n>, sha256 <hash>: <permalink>".
// - chicago-note / chicago-bibliography: exactly what citeproc-js renders (plain text) from
//   CslItemJson with Debian's chicago-note-bibliography.csl (the style's note is the short
//   note), then " Version <n>, sha256 <hash>, <permalink>." (note) or " Version <n>, sha256
//   <hash>." (bibliography, which already ends with the permalink).
// - csl-json: a JSON array holding CslItemJson.
// - ris / bibtex: see docs/citations.md for the tags and fields.
std::string RenderCitation(const model::Cable& cable, const CitedVersion& cited,
                           CitationStyle style);

// The CSL-JSON item (type "manuscript"; docs/citations.md maps every variable), compact.
std::string CslItemJson(const model::Cable& cable, const CitedVersion& cited);

// A field of a RIS or BibTeX record as our own reader reads it back (for round-trip checks):
// tag or field name, and its value unescaped. Repeated tags stay in order.
struct CitationField {
  std::string name;
  std::string value;
  friend bool operator==(const CitationField&, const CitationField&) = default;
};

// Reads "TY  - ..." lines up to "ER  - ". kInvalidArgument "ris line N: ..." when a line does not
// follow the tag rule.
Result<std::vector<CitationField>> ReadRis(std::string_view text);
// Reads one "@type{key, name = {value}, ...}" entry; values lose one level of braces and the
// escapes RenderCitation writes. kInvalidArgument "bibtex offset N: ..." when malformed. The
// entry type comes back as field "@type", the key as "@key".
Result<std::vector<CitationField>> ReadBibtex(std::string_view text);

}  // namespace chancery::format
