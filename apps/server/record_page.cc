#include "record_page.h"

#include <charconv>

#include "chancery/base/strings.h"

namespace chancery::server {

namespace {

std::string HtmlEscape(std::string_view text) {
  std::string out;
  for (char c : text) {
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
        out += "&#39;";
        break;
      case '\n':
      case '\r':
        out += ' ';
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

std::optional<RecordPath> ParseRecordPath(std::string_view path) {
  constexpr std::string_view kPrefix = "/records/";
  if (path.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  std::string_view rest = path.substr(kPrefix.size());
  RecordPath out;
  if (const size_t v = rest.find("/v/"); v != std::string_view::npos) {
    const std::string_view number = rest.substr(v + 3);
    int64_t n = 0;
    const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
    if (ec != std::errc() || end != number.data() + number.size() || number.empty() ||
        number.size() > 12 || n < 1 || number[0] == '0') {
      return std::nullopt;
    }
    out.version = n;
    rest = rest.substr(0, v);
  } else if (!rest.empty() && rest.back() == '/') {
    rest.remove_suffix(1);
  }
  if (!model::IsValidId(rest)) {
    return std::nullopt;
  }
  out.id = std::string(rest);
  return out;
}

std::string CitationMetaTags(const model::Cable& cable, const format::CitedVersion& cited) {
  std::string out;
  auto meta = [&out](std::string_view name, std::string_view value) {
    if (!Trim(value).empty()) {
      out += "  <meta name=\"" + std::string(name) + "\" content=\"" + HtmlEscape(value) + "\">\n";
    }
  };
  const model::ArchivalDescription& a = cable.archival;
  const std::string permalink = format::VersionPermalink(cited.base_url, cable.id, cited.version);
  meta("citation_title", model::DisplayTitle(cable));
  for (const std::string& o : cable.originators) {
    meta("citation_author", o);
  }
  if (cable.date.IsSet()) {
    // Highwire dates are YYYY/MM/DD (as much as is known).
    std::string date = cable.date.ToIso().substr(0, 10);
    for (char& c : date) {
      c = c == '-' ? '/' : c;
    }
    meta("citation_date", date);
    meta("citation_publication_date", date);
  }
  meta("citation_publisher", a.repository);
  meta("citation_archive", a.repository);
  meta("citation_archive_location", a.reference.verbatim);
  meta("citation_translator", a.translator);
  meta("citation_language", a.language);
  meta("citation_public_url", permalink);
  meta("citation_abstract_html_url", permalink);
  meta("citation_version", std::to_string(cited.version));
  meta("citation_content_hash", "sha256 " + cited.hash);
  out += "  <link rel=\"canonical\" href=\"" + HtmlEscape(permalink) + "\">\n";
  return out;
}

std::string WithHeadTags(std::string html, std::string_view tags) {
  const size_t at = html.find("</head>");
  html.insert(at == std::string::npos ? html.size() : at, tags);
  return html;
}

}  // namespace chancery::server
