// Citation styles, permalinks, content hashes and the Wilson Digital Archive form
// (docs/citations.md). The Chicago renderer is in citation_chicago.cc, the exchange formats
// (CSL-JSON, RIS, BibTeX) in citation_export.cc.
#include "chancery/format/citation.h"

#include <array>
#include <utility>

#include "chancery/base/strings.h"

#include "format/citation_internal.h"

namespace chancery::format {

namespace {

constexpr std::array<std::pair<CitationStyle, std::string_view>, 6> kStyles = {{
    {CitationStyle::kWilson, "wilson"},
    {CitationStyle::kChicagoNote, "chicago-note"},
    {CitationStyle::kChicagoBibliography, "chicago-bibliography"},
    {CitationStyle::kCslJson, "csl-json"},
    {CitationStyle::kRis, "ris"},
    {CitationStyle::kBibtex, "bibtex"},
}};

std::string TrimBase(std::string_view base) {
  while (!base.empty() && base.back() == '/') {
    base.remove_suffix(1);
  }
  return std::string(base);
}

// The Wilson Digital Archive form built from fields, for a record with no source citation:
// "<title>", <Month D, YYYY>, <repository>, <reference>. Translated by <translator>. <source URL>
std::string WilsonFromFields(const model::Cable& cable) {
  const model::ArchivalDescription& a = cable.archival;
  std::string out = "\"" + std::string(model::DisplayTitle(cable)) + "\"";
  for (const std::string& part :
       {internal::LongDate(cable.date), a.repository, a.reference.verbatim}) {
    if (!part.empty()) {
      out += ", " + part;
    }
  }
  out += ".";
  if (!a.translator.empty()) {
    out += " Translated by " + a.translator + ".";
  }
  if (!a.source_url.empty()) {
    out += " " + a.source_url;
  }
  return out;
}

}  // namespace

std::string_view CitationStyleName(CitationStyle style) {
  for (const auto& [s, name] : kStyles) {
    if (s == style) {
      return name;
    }
  }
  return "wilson";
}

const std::vector<CitationStyle>& CitationStyles() {
  static const std::vector<CitationStyle> kAll = [] {
    std::vector<CitationStyle> all;
    for (const auto& entry : kStyles) {
      all.push_back(entry.first);
    }
    return all;
  }();
  return kAll;
}

std::string CitationStyleList() {
  std::string out;
  for (const auto& entry : kStyles) {
    out += (out.empty() ? "" : ", ") + std::string(entry.second);
  }
  return out;
}

Result<CitationStyle> ParseCitationStyle(std::string_view name) {
  for (const auto& [style, style_name] : kStyles) {
    if (style_name == name) {
      return style;
    }
  }
  return InvalidArgument("unknown citation style \"" + std::string(name) +
                         "\"; styles: " + CitationStyleList());
}

std::string_view CitationContentType(CitationStyle style) {
  switch (style) {
    case CitationStyle::kCslJson:
      return "application/vnd.citationstyles.csl+json; charset=utf-8";
    case CitationStyle::kRis:
      return "application/x-research-info-systems; charset=utf-8";
    case CitationStyle::kBibtex:
      return "application/x-bibtex; charset=utf-8";
    default:
      return "text/plain; charset=utf-8";
  }
}

std::string_view CitationFileExtension(CitationStyle style) {
  switch (style) {
    case CitationStyle::kCslJson:
      return "json";
    case CitationStyle::kRis:
      return "ris";
    case CitationStyle::kBibtex:
      return "bib";
    default:
      return "txt";
  }
}

std::string VersionPermalink(std::string_view base_url, std::string_view id, int64_t version) {
  return TrimBase(base_url) + "/records/" + std::string(id) + "/v/" + std::to_string(version);
}

std::string RenderCitation(const model::Cable& cable, const CitedVersion& cited,
                           CitationStyle style) {
  const internal::CslData d = internal::CslDataFor(cable, cited);
  const std::string stamp = "Version " + d.version + ", sha256 " + cited.hash;
  switch (style) {
    case CitationStyle::kWilson: {
      const std::string& source = cable.archival.citation;
      return (source.empty() ? WilsonFromFields(cable) : source) + "\nChancery version " +
             d.version + ", sha256 " + cited.hash + ": " + d.url + "\n";
    }
    case CitationStyle::kChicagoNote:
      return internal::ChicagoNoteText(d) + " " + stamp + ", " + d.url + ".\n";
    case CitationStyle::kChicagoBibliography:
      return internal::ChicagoBibliographyText(d) + " " + stamp + ".\n";
    case CitationStyle::kCslJson:
      return internal::CslJsonText(d) + "\n";
    case CitationStyle::kRis:
      return internal::RisText(d);
    case CitationStyle::kBibtex:
      return internal::BibtexText(d, cable);
  }
  return "";
}

}  // namespace chancery::format

namespace chancery::format::internal {

std::string LongDate(const model::Date& date) {
  static constexpr std::array<const char*, 12> kMonths = {
      "January", "February", "March",     "April",   "May",      "June",
      "July",    "August",   "September", "October", "November", "December"};
  if (!date.IsSet()) {
    return "";
  }
  const std::string year = std::to_string(date.Year());
  if (date.Precision() == model::DatePrecision::kYear || date.Month() < 1 || date.Month() > 12) {
    return year;
  }
  const std::string month = kMonths[static_cast<size_t>(date.Month() - 1)];
  if (date.Precision() == model::DatePrecision::kMonth || date.Day() < 1) {
    return month + " " + year;
  }
  return month + " " + std::to_string(date.Day()) + ", " + year;
}

namespace {

// BCP 47 tags for the languages the corpora name; others are left out of the CSL item.
std::string LanguageTag(std::string_view name) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 9> kTags = {{
      {"english", "en"},
      {"chinese", "zh"},
      {"russian", "ru"},
      {"french", "fr"},
      {"german", "de"},
      {"japanese", "ja"},
      {"spanish", "es"},
      {"korean", "ko"},
      {"vietnamese", "vi"},
  }};
  const std::string lower = AsciiLower(Trim(name));
  for (const auto& [n, tag] : kTags) {
    if (lower == n) {
      return std::string(tag);
    }
  }
  return "";
}

}  // namespace

CslData CslDataFor(const model::Cable& cable, const CitedVersion& cited) {
  const model::ArchivalDescription& a = cable.archival;
  CslData d;
  d.id = cable.id + "/v/" + std::to_string(cited.version);
  d.title = std::string(model::DisplayTitle(cable));
  for (const std::string& o : cable.originators) {
    if (!Trim(o).empty()) {
      d.authors.emplace_back(Trim(o));
    }
  }
  if (!Trim(a.translator).empty()) {
    d.translators.emplace_back(Trim(a.translator));
  }
  d.genre = std::string(Trim(cable.document_type));
  if (cable.date.IsSet()) {
    const model::Date& t = cable.date;
    d.issued = t.Precision() > model::DatePrecision::kDay
                   ? model::Date::FromYmd(t.Year(), t.Month(), t.Day())
                   : t;
  }
  d.archive = std::string(Trim(a.repository));
  d.archive_location = std::string(Trim(a.reference.verbatim));
  d.url = VersionPermalink(cited.base_url, cable.id, cited.version);
  d.version = std::to_string(cited.version);
  d.note = "sha256 " + cited.hash;
  d.language = LanguageTag(a.language);
  d.abstract = cable.summary;
  d.number = cable.serial.original;
  return d;
}

}  // namespace chancery::format::internal
