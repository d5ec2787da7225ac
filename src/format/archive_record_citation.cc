// Archive record dates and citation (docs/format/archive-record.md §Dates, §Citation).
#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "chancery/base/strings.h"
#include "chancery/format/archive_record.h"

#include "format/archive_record_internal.h"

namespace chancery::format::internal {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

bool IsDigit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

bool IsAlnum(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) != 0;
}

// 1..12 for a month name (a trailing comma is ignored), else 0.
int32_t MonthNumber(std::string_view word) {
  if (!word.empty() && word.back() == ',') {
    word.remove_suffix(1);
  }
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (EqualsIgnoreCase(word, kMonths[i])) {
      return static_cast<int32_t>(i + 1);
    }
  }
  return 0;
}

// A run of 1..max_digits digits (exactly max_digits when `exact`) as a number; -1 otherwise.
int32_t Number(std::string_view s, size_t max_digits, bool exact) {
  if (s.empty() || s.size() > max_digits || (exact && s.size() != max_digits)) {
    return -1;
  }
  int32_t value = 0;
  for (char c : s) {
    if (!IsDigit(c)) {
      return -1;
    }
    value = value * 10 + (c - '0');
  }
  return value;
}

bool MakeDate(int32_t year, int32_t month, int32_t day, model::Date* out) {
  if (year < 1 || (month != 0 && day != 0 && !model::IsValidYmd(year, month, day))) {
    return false;
  }
  std::string iso = std::to_string(year);
  while (iso.size() < 4) {
    iso.insert(0, "0");
  }
  auto two = [](int32_t v) { return std::string(v < 10 ? "0" : "") + std::to_string(v); };
  if (month != 0) {
    iso += "-" + two(month);
  }
  if (day != 0) {
    iso += "-" + two(day);
  }
  Result<model::Date> date = model::Date::Parse(iso);
  if (!date.ok()) {
    return false;
  }
  *out = *date;
  return true;
}

// Strips one case-insensitive prefix from `text`; true if it was there.
bool ConsumePrefix(std::string_view* text, std::string_view prefix) {
  if (text->size() < prefix.size() || !EqualsIgnoreCase(text->substr(0, prefix.size()), prefix)) {
    return false;
  }
  text->remove_prefix(prefix.size());
  *text = Trim(*text);
  return true;
}

// "Translated by Y." and the URL, wherever they are in the citation.
void ParseCitationCredits(std::string_view citation, model::ArchivalDescription* archival) {
  const size_t by = FindIgnoreCase(citation, "translated by ");
  if (by != std::string_view::npos) {
    const size_t start = by + std::string_view("translated by ").size();
    const size_t end = citation.find(". ", start);
    std::string_view name =
        Trim(citation.substr(start, end == std::string_view::npos ? end : end - start));
    if (!name.empty() && name.back() == '.') {
      name.remove_suffix(1);
    }
    archival->translator = std::string(name);
  }
  const size_t url = citation.find("http");
  if (url != std::string_view::npos) {
    std::string_view u = citation.substr(url, citation.find(' ', url) - url);
    while (!u.empty() && (u.back() == '.' || u.back() == ',')) {
      u.remove_suffix(1);
    }
    archival->source_url = std::string(u);
  }
}

}  // namespace

bool StartsWithMonth(std::string_view text) {
  const auto words = Words(Trim(text));
  return !words.empty() && MonthNumber(words[0]) != 0;
}

bool ParseProseDate(std::string_view text, model::Date* out) {
  const auto w = Words(Trim(text));
  if (w.size() == 1) {  // "1963"
    return MakeDate(Number(w[0], 4, true), 0, 0, out);
  }
  if (w.size() == 2 && MonthNumber(w[0]) != 0) {  // "March 1963", "March, 1963"
    return Number(w[1], 4, true) > 0 && MakeDate(Number(w[1], 4, true), MonthNumber(w[0]), 0, out);
  }
  if (w.size() == 3 && MonthNumber(w[0]) != 0 && w[1].size() >= 2 && w[1].back() == ',') {
    const int32_t day = Number(w[1].substr(0, w[1].size() - 1), 2, false);  // "March 13, 1963"
    return day > 0 && MakeDate(Number(w[2], 4, true), MonthNumber(w[0]), day, out);
  }
  if (w.size() == 3 && MonthNumber(w[1]) != 0 && w[1].back() != ',') {  // "13 March 1963"
    const int32_t day = Number(w[0], 2, false);
    return day > 0 && MakeDate(Number(w[2], 4, true), MonthNumber(w[1]), day, out);
  }
  return false;
}

bool FindProseDate(std::string_view text, size_t* pos, size_t* len, model::Date* out) {
  for (size_t i = 0; i < text.size(); ++i) {
    if (i > 0 && text[i - 1] != ' ') {
      continue;
    }
    const size_t space = text.find(' ', i);
    if (space == std::string_view::npos || MonthNumber(text.substr(i, space - i)) == 0 ||
        text[space - 1] == ',') {
      continue;
    }
    const size_t comma = text.find(", ", space + 1);
    if (comma == std::string_view::npos) {
      continue;
    }
    const int32_t day = Number(text.substr(space + 1, comma - space - 1), 2, false);
    const size_t year_end = comma + 2 + 4;
    if (day <= 0 || year_end > text.size() || (year_end < text.size() && IsAlnum(text[year_end]))) {
      continue;
    }
    const int32_t month = MonthNumber(text.substr(i, space - i));
    if (MakeDate(Number(text.substr(comma + 2, 4), 4, true), month, day, out)) {
      *pos = i;
      *len = year_end - i;
      return true;
    }
  }
  return false;
}

bool ParseRecordDate(std::string_view text, RecordDate* out) {
  std::string_view t = Trim(text);
  bool approximate = false;
  for (bool stripped = true; stripped;) {
    stripped = false;
    for (std::string_view prefix :
         {"undated,", "undated", "circa", "c.", "ca.", "approximately", "about"}) {
      if (ConsumePrefix(&t, prefix)) {
        approximate = stripped = true;
      }
    }
  }
  RecordDate result;
  result.approximate = approximate;
  if (ParseProseDate(t, &result.date)) {
    *out = result;
    return true;
  }
  // "1962-1963" or "1962–1963" (en dash): a range of years.
  for (std::string_view dash : {"-", "\xe2\x80\x93"}) {
    const size_t at = t.find(dash);
    if (at == 4 && t.size() == 8 + dash.size() &&
        MakeDate(Number(t.substr(0, 4), 4, true), 0, 0, &result.earliest) &&
        MakeDate(Number(t.substr(4 + dash.size()), 4, true), 0, 0, &result.latest) &&
        result.earliest.Year() <= result.latest.Year()) {
      result.date = result.earliest;
      *out = result;
      return true;
    }
  }
  return false;
}

model::ArchivalReference ParseArchivalReference(std::string_view verbatim) {
  model::ArchivalReference ref;
  ref.verbatim = std::string(Trim(verbatim));
  std::string_view main = ref.verbatim;
  std::string pages;
  const size_t comma = main.rfind(", ");
  if (comma != std::string_view::npos) {
    pages = std::string(Trim(main.substr(comma + 2)));
    main = main.substr(0, comma);
  }
  const auto words = Words(main);
  if (words.size() < 2 || main.find(',') != std::string_view::npos) {
    return ref;
  }
  const std::string_view number = words.back();
  std::vector<std::string> code_words(words.begin(), words.end() - 1);
  std::vector<std::string> parts = SplitTrimmed(number, '-');
  bool ok = parts.size() >= 2 && parts.size() <= 3 && IsDigit(number.front());
  for (const std::string& w : code_words) {
    ok = ok && w.find_first_of("0123456789") == std::string::npos;
  }
  if (!ok) {
    return ref;
  }
  ref.repository_code = Join(code_words, " ");
  ref.fonds = parts[0];
  ref.file = parts[1];
  ref.item = parts.size() == 3 ? parts[2] : "";
  ref.pages = pages;
  return ref;
}

void ParseCitation(std::string_view citation, model::ArchivalDescription* archival) {
  std::string_view rest = Trim(citation);
  // The quoted title: "Title", or “Title,” (§Citation).
  size_t title_end = std::string_view::npos;
  size_t skip = 0;
  for (std::string_view close : {"\", ", ",\" ", ",\xe2\x80\x9d ", "\xe2\x80\x9d, "}) {
    const size_t at = rest.find(close, 1);
    if (at < title_end) {
      title_end = at;
      skip = close.size();
    }
  }
  if (title_end != std::string_view::npos) {
    rest = rest.substr(title_end + skip);
  }
  size_t pos = 0;
  size_t len = 0;
  model::Date date;
  RecordDate record_date;
  const size_t first_comma = rest.find(", ");
  if (FindProseDate(rest, &pos, &len, &date) && pos == 0) {
    rest = Trim(rest.substr(len));
    ConsumePrefix(&rest, ",");
  } else if (first_comma != std::string_view::npos &&
             ParseRecordDate(rest.substr(0, first_comma), &record_date)) {
    rest = Trim(rest.substr(first_comma + 1));
  }
  const size_t repo_end = rest.find(", ");
  if (repo_end != std::string_view::npos) {
    archival->repository = std::string(Trim(rest.substr(0, repo_end)));
    rest = rest.substr(repo_end + 2);
    size_t ref_end = rest.size();
    for (std::string_view stop : {". Translated", ". Obtained", ". Contributed", ". Donated",
                                  ". Translation", ". Courtesy", " http"}) {
      ref_end = std::min(ref_end, rest.find(stop));
    }
    std::string_view ref = Trim(rest.substr(0, ref_end));
    if (!ref.empty() && ref.back() == '.') {
      ref.remove_suffix(1);
    }
    if (!ref.empty()) {
      archival->reference = ParseArchivalReference(ref);
    }
  }
  ParseCitationCredits(citation, archival);
}

std::string IdFromSourceUrl(std::string_view url) {
  const size_t doc = url.find("/document/");
  const size_t scheme = url.find("://");
  if (doc == std::string_view::npos || scheme == std::string_view::npos) {
    return "";
  }
  std::string number;
  for (size_t i = doc + 10; i < url.size() && IsDigit(url[i]); ++i) {
    number += url[i];
  }
  if (number.empty()) {
    return "";
  }
  const std::string_view host = url.substr(scheme + 3, url.find('/', scheme + 3) - scheme - 3);
  std::vector<std::string> labels = SplitTrimmed(host, '.');
  std::string prefix;
  if (host.find("wilsoncenter") != std::string_view::npos) {
    prefix = "wilson";
  } else if (labels.size() >= 2) {
    for (char c : AsciiLower(labels[labels.size() - 2])) {
      if (IsAlnum(c) || c == '-') {
        prefix += c;
      }
    }
  }
  return (prefix.empty() ? std::string("doc") : prefix) + "-" + number;
}

}  // namespace chancery::format::internal

namespace chancery::format {

model::ArchivalReference ParseArchivalReference(std::string_view verbatim) {
  return internal::ParseArchivalReference(verbatim);
}

std::string CiteRecord(const model::Cable& cable, std::string_view public_url) {
  const model::ArchivalDescription& a = cable.archival;
  if (!a.citation.empty() && StartsWith(a.source_url, "https://history.state.gov/")) {
    return a.citation;
  }
  std::string out = "\"" + std::string(model::DisplayTitle(cable)) + "\"";
  const auto add = [&out](const std::string& part) {
    if (!part.empty()) {
      out += ", " + part;
    }
  };
  const model::Date& date = cable.date;
  add(model::DisplayDate(
      date.HasTime() ? model::Date::FromYmd(date.Year(), date.Month(), date.Day()) : date));
  add(a.repository);
  add(a.reference.verbatim);
  out += ".";
  if (!a.translator.empty()) {
    out += " Translated by " + a.translator + ".";
  }
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  out += " " + (a.source_url.empty() ? base + "/records/" + cable.id : a.source_url);
  return out;
}

}  // namespace chancery::format
