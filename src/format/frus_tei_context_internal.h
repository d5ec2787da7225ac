// The volume-level pass of the FRUS importer (frus_tei_context.cc), run after every document is
// mapped: what needs the whole volume or the system's time zones. docs/format/frus-tei.md
// §Dates and §Citation, docs/format/dates.md.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "chancery/format/frus_tei.h"
#include "chancery/format/time_zones.h"

#include "format/frus_tei_internal.h"

namespace chancery::format::internal {

// What the teiHeader says about the printed volume, for citations.
struct FrusVolumeHeader {
  std::string series;                // "Foreign Relations of the United States"
  std::string subseries;             // "1961–1963"
  std::string volume_number;         // "Volume XXII"
  std::string volume_title;          // "Northeast Asia"
  std::vector<std::string> editors;  // editor[@role='primary'], in order
  std::string pub_place;             // "Washington"
  std::string publisher;             // "United States Government Printing Office"
  std::string pub_date;              // "1996"
};

// Reads the teiHeader of `xml` (text-level scan of titleStmt and publicationStmt).
FrusVolumeHeader ReadFrusHeader(std::string_view xml);

// "Foreign Relations of the United States, 1961–1963, Volume XXII, Northeast Asia";
// `fallback` (the complete title) when the header has no series.
std::string FrusContainerTitle(const FrusVolumeHeader& header, std::string_view fallback);

// The citation of one document in history.state.gov's terms (its CSL: container, volume,
// editors, publisher, "Document N", URL), Chicago note style:
//   “<title>,” <place>, <Month D, YYYY>, in <container>, ed. <editors> (<place>: <publisher>,
//   <year>), Document <n>, <url>.
std::string FrusCitation(const FrusVolumeHeader& header, const model::Cable& cable,
                         std::string_view container, std::string_view number);

// Date-times of documents whose dateline gives a place become local times of the place's zone
// (or local times of unknown zone); UTC ("Z") times stay UTC. REQUIRES: documents[i] was
// mapped from raw.documents[i].
void LocalizeFrusDates(const FrusRawVolume& raw, TimeZoneDb* zones,
                       std::vector<model::Cable>* documents);

// Undated documents get earliest/latest from their dated neighbours in the same division of the
// volume (a chapter, compilation or section: `sections[i]` numbers document i's), bounded by the
// volume's years when a neighbour is missing; date_approximate is set. Returns how many.
size_t ApproximateFrusDates(std::string_view volume_id, const std::vector<size_t>& sections,
                            std::vector<model::Cable>* documents);

// For each document, the number of non-document <div> start tags before it: documents with the
// same number are in the same division. `lines` are the documents' 1-based start lines.
std::vector<size_t> FrusSections(std::string_view xml, const std::vector<int64_t>& lines);

// Runs the three steps above on a parsed volume.
void ApplyFrusVolumeContext(const FrusRawVolume& raw, std::string_view xml, FrusVolume* volume);

}  // namespace chancery::format::internal
