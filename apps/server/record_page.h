// The record page a permalink leads to (docs/citations.md "Permalinks", "Meta tags"):
// /records/<id> and /records/<id>/v/<n> serve the web UI's index.html, which routes itself to
// the record (web/js/main.js), with Highwire citation_* meta tags in its head so that reference
// managers (Zotero) pick the record up. Pure; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/format/citation.h"
#include "chancery/model/cable.h"

namespace chancery::server {

struct RecordPath {
  std::string id;
  int64_t version = 0;  // 0: the current version
};

// "/records/<id>", "/records/<id>/", "/records/<id>/v/<n>" with a valid id (model::IsValidId)
// and 1 <= n < 10^12; nullopt for anything else.
std::optional<RecordPath> ParseRecordPath(std::string_view path);

// <meta name="citation_title" content="..."> and the rest (HTML-escaped), one per line:
// citation_title, citation_author (each originator), citation_date, citation_publication_date,
// citation_publisher and citation_archive (the repository), citation_archive_location,
// citation_translator, citation_language, citation_public_url and citation_abstract_html_url
// (the version permalink), citation_version, citation_content_hash; and the canonical link.
std::string CitationMetaTags(const model::Cable& cable, const format::CitedVersion& cited);

// `html` with `tags` inserted right before "</head>" (appended when there is none).
std::string WithHeadTags(std::string html, std::string_view tags);

}  // namespace chancery::server
