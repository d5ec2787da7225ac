// Archive record import: the layout in which digital archives publish a record, as in
// ../shared/seed/000_68b43146905a32b5.txt (title, date, Citation, Summary, Credits, Original
// Language, Contents, then the document with its header block, body and closing note).
// Specification: docs/format/archive-record.md. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>

#include "chancery/base/result.h"
#include "chancery/model/cable.h"

namespace chancery::format {

// True if `text` looks like an archive record (a "Citation:" section within its first lines).
bool LooksLikeArchiveRecord(std::string_view text);

// Parses an archive record. The id is derived from the source URL when it names a document
// number ("wilson-123881" for .../document/123881), else DeriveId(text). The current label is
// left empty: the importer applies the policy's published level (or the import option).
// Lines it does not recognize are kept as notes of kind "unparsed", never dropped.
// Errors: kCorruption "<filename>:<line>:<column>: <message>" when a required part (title, date,
// citation) is missing or malformed.
Result<model::Cable> ParseArchiveRecord(std::string_view text, std::string_view filename = {});

// An archival reference as an archivist writes it: "PRC FMA 109-03861-03, 13-17" gives repository
// code "PRC FMA", fonds "109", file "03861", item "03", pages "13-17". `verbatim` is always the
// trimmed text; the parts stay empty when it has another form.
model::ArchivalReference ParseArchivalReference(std::string_view verbatim);

// The citation of any record (docs/format/archive-record.md §Citations given out):
// - a FRUS document (its source URL on history.state.gov, its citation recorded at import):
//   that citation, in history.state.gov's terms ("“<title>,” Taipei, February 25, 1961, in
//   Foreign Relations of the United States, 1961–1963, Volume XXII, Northeast Asia, ed. ...
//   (Washington: ..., 1996), Document 7, https://history.state.gov/...");
// - otherwise Chicago style, as the seed record gives its own: "<title>", <Month D, YYYY>,
//   <repository>, <archival reference>. Translated by <translator>. <permalink>
// Missing parts are left out. The permalink is the record's source URL, else
// <public_url>/records/<id>, which chanceryd redirects to the record's page.
std::string CiteRecord(const model::Cable& cable, std::string_view public_url);

}  // namespace chancery::format
