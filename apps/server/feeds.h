// The XML the reading room gives to machines: Atom feeds of alerts (RFC 4287), the sitemap
// index and sitemap files (sitemaps.org protocol 0.9), and the schema.org JSON-LD of a record
// page (docs/alerts.md). Pure functions of what the caller already decided the reader may read;
// every text is escaped (XML: & < > " '; JSON in a script element: < > & as \u escapes), so a
// record field cannot end an element or the script. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/archive/alerts.h"
#include "chancery/format/citation.h"
#include "chancery/model/cable.h"

namespace chancery::server {

// RFC 3339 UTC with seconds: "2026-12-02T19:34:33Z".
std::string Rfc3339(int64_t micros);

// The Atom feed of one saved search: feed id <base>/saved/<id>, title, updated (the newest
// alert, else when the search was saved), author, self link <base>/feeds/<token>.atom, and one
// entry per alert: id <base>/records/<record>, title, updated (when it alerted), link to the
// record's permalink, summary (its date).
std::string AtomFeed(const archive::AlertFeed& feed, std::string_view base_url);

// The sitemap index over files <base>/sitemaps/records-<n>.xml (n from 1), `per_file` URLs each,
// each with the largest lastmod of its records. The URLs are the reading room's home page <base>/
// first (so no file is ever an empty <urlset>), then `entries`, in id order.
std::string SitemapIndex(const std::vector<archive::SitemapEntry>& entries, size_t per_file,
                         std::string_view base_url);
// File `n` (1-based): <url> with <loc> <base>/records/<id> and <lastmod> (the first file starts
// with <base>/, no lastmod); "" when n is past the last file.
std::string SitemapFile(const std::vector<archive::SitemapEntry>& entries, size_t per_file,
                        size_t n, std::string_view base_url);

// <script type="application/ld+json"> describing the record as schema.org ArchiveComponent:
// name, dateCreated, inLanguage, translator, author (originators), identifier (the archival
// reference), holdingArchive (the repository), isPartOf (the collection), url (the version's
// permalink), version. Only for a record the anonymous public may read (the caller decides).
std::string RecordJsonLd(const model::Cable& cable, const format::CitedVersion& cited);

}  // namespace chancery::server
