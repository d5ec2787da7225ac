#include "feeds.h"

#include <algorithm>
#include <ctime>

#include <nlohmann/json.hpp>

#include "chancery/base/strings.h"

namespace chancery::server {
namespace {

std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        // XML 1.0 allows no control characters but tab and line breaks.
        if (u < 0x20 && c != '\t' && c != '\n' && c != '\r') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string Base(std::string_view base_url) {
  std::string base(base_url);
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base;
}

// Record ids are [A-Za-z0-9._-] (model::IsValidId): safe in a path as they are.
std::string RecordUrl(const std::string& base, std::string_view id) {
  return base + "/records/" + std::string(id);
}

}  // namespace

std::string Rfc3339(int64_t micros) {
  const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

std::string AtomFeed(const archive::AlertFeed& feed, std::string_view base_url) {
  const std::string base = Base(base_url);
  const archive::SavedSearch& s = feed.search;
  int64_t updated = s.created_micros;
  for (const archive::Alert& a : feed.alerts) {
    updated = std::max(updated, a.alerted_micros);
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  out += "  <id>" + XmlEscape(base + "/saved/" + s.id) + "</id>\n";
  out += "  <title>" + XmlEscape("Chancery alerts: " + s.spec.name) + "</title>\n";
  out += "  <subtitle>" +
         XmlEscape("Newly readable records matching: " +
                   (s.spec.query.empty() ? std::string("everything") : s.spec.query)) +
         "</subtitle>\n";
  out += "  <updated>" + Rfc3339(updated) + "</updated>\n";
  out += "  <author><name>Chancery reading room</name></author>\n";
  out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" +
         XmlEscape(base + "/feeds/" + s.feed_token + ".atom") + "\"/>\n";
  out += "  <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(base + "/#/saved") +
         "\"/>\n";
  for (const archive::Alert& a : feed.alerts) {
    const std::string url = RecordUrl(base, a.record_id);
    out += "  <entry>\n";
    out += "    <id>" + XmlEscape(url) + "</id>\n";
    out += "    <title>" + XmlEscape(a.title) + "</title>\n";
    out += "    <updated>" + Rfc3339(a.alerted_micros) + "</updated>\n";
    out += "    <link rel=\"alternate\" type=\"text/html\" href=\"" + XmlEscape(url) + "\"/>\n";
    out += "    <summary>" +
           XmlEscape(a.record_id + ", " + (a.date.empty() ? std::string("undated") : a.date)) +
           "</summary>\n";
    out += "  </entry>\n";
  }
  out += "</feed>\n";
  return out;
}

// The sitemap's URLs are the reading room's home page (position 0: so a sitemap file is never an
// empty <urlset>, which the protocol's schema forbids, even in an archive with no public record)
// and then the public records, in id order (positions 1..entries.size()).
std::string SitemapIndex(const std::vector<archive::SitemapEntry>& entries, size_t per_file,
                         std::string_view base_url) {
  const std::string base = Base(base_url);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  const size_t urls = entries.size() + 1;
  const size_t files = (urls + per_file - 1) / per_file;
  for (size_t n = 0; n < files; ++n) {
    int64_t lastmod = 0;
    for (size_t i = std::max<size_t>(n * per_file, 1); i < std::min(urls, (n + 1) * per_file);
         ++i) {
      lastmod = std::max(lastmod, entries[i - 1].lastmod_micros);
    }
    out += "  <sitemap>\n    <loc>" +
           XmlEscape(base + "/sitemaps/records-" + std::to_string(n + 1) + ".xml") + "</loc>\n";
    if (lastmod > 0) {
      out += "    <lastmod>" + Rfc3339(lastmod) + "</lastmod>\n";
    }
    out += "  </sitemap>\n";
  }
  out += "</sitemapindex>\n";
  return out;
}

std::string SitemapFile(const std::vector<archive::SitemapEntry>& entries, size_t per_file,
                        size_t n, std::string_view base_url) {
  const std::string base = Base(base_url);
  const size_t urls = entries.size() + 1;
  if (n == 0 || (n - 1) * per_file >= urls) {
    return "";
  }
  const size_t first = (n - 1) * per_file;
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n";
  for (size_t i = first; i < std::min(urls, first + per_file); ++i) {
    if (i == 0) {
      out += "  <url>\n    <loc>" + XmlEscape(base + "/") + "</loc>\n  </url>\n";
      continue;
    }
    const archive::SitemapEntry& e = entries[i - 1];
    out += "  <url>\n    <loc>" + XmlEscape(RecordUrl(base, e.id)) + "</loc>\n";
    out += "    <lastmod>" + Rfc3339(e.lastmod_micros) + "</lastmod>\n  </url>\n";
  }
  out += "</urlset>\n";
  return out;
}

std::string RecordJsonLd(const model::Cable& cable, const format::CitedVersion& cited) {
  using Json = nlohmann::json;
  const model::ArchivalDescription& a = cable.archival;
  Json j = {{"@context", "https://schema.org"},
            {"@type", "ArchiveComponent"},
            {"@id", RecordUrl(Base(cited.base_url), cable.id)},
            {"name", std::string(model::DisplayTitle(cable))},
            {"url", format::VersionPermalink(cited.base_url, cable.id, cited.version)},
            {"version", std::to_string(cited.version)}};
  if (cable.date.IsSet()) {
    j["dateCreated"] = cable.date.ToIso();
  }
  if (!Trim(a.language).empty()) {
    j["inLanguage"] = a.language;
  }
  if (!Trim(a.translator).empty()) {
    j["translator"] = {{"@type", "Person"}, {"name", a.translator}};
  }
  if (!cable.originators.empty()) {
    Json authors = Json::array();
    for (const std::string& o : cable.originators) {
      authors.push_back({{"@type", "Organization"}, {"name", o}});
    }
    j["author"] = std::move(authors);
  }
  if (!Trim(a.reference.verbatim).empty()) {
    j["identifier"] = {{"@type", "PropertyValue"},
                       {"propertyID", "archival reference"},
                       {"value", a.reference.verbatim}};
  }
  if (!Trim(a.repository).empty()) {
    j["holdingArchive"] = {{"@type", "ArchiveOrganization"}, {"name", a.repository}};
  }
  if (!Trim(a.collection_title).empty()) {
    j["isPartOf"] = {{"@type", "Collection"}, {"name", a.collection_title}};
  }
  if (!Trim(cable.summary).empty()) {
    j["abstract"] = cable.summary;
  }
  // In a script element only "</script" can end it: escape < > & so no field can.
  std::string text = j.dump(-1, ' ', false, Json::error_handler_t::replace);
  std::string safe;
  for (char c : text) {
    if (c == '<') {
      safe += "\\u003c";
    } else if (c == '>') {
      safe += "\\u003e";
    } else if (c == '&') {
      safe += "\\u0026";
    } else {
      safe += c;
    }
  }
  return "  <script type=\"application/ld+json\">" + safe + "</script>\n";
}

}  // namespace chancery::server
