// The volume-level pass of the FRUS importer: local times, approximate dates of undated
// documents and citations (frus_tei_context_internal.h).
#include <algorithm>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/strings.h"

#include "format/frus_tei_context_internal.h"

namespace chancery::format::internal {
namespace {

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

// The text of an element's content: tags dropped, the five XML entities decoded, whitespace
// collapsed, trailing commas and spaces removed.
std::string ElementText(std::string_view content) {
  std::string out;
  for (size_t i = 0; i < content.size(); ++i) {
    if (content[i] == '<') {
      const size_t close = content.find('>', i);
      i = close == std::string_view::npos ? content.size() : close;
      out.push_back(' ');
      continue;
    }
    out.push_back(content[i]);
  }
  for (const auto& [entity, text] : {std::pair<std::string_view, std::string_view>{"&lt;", "<"},
                                     {"&gt;", ">"},
                                     {"&quot;", "\""},
                                     {"&apos;", "'"},
                                     {"&amp;", "&"}}) {
    for (size_t at = out.find(entity); at != std::string::npos; at = out.find(entity, at + 1)) {
      out.replace(at, entity.size(), text);
    }
  }
  out = CollapseSpace(out);
  while (!out.empty() && (out.back() == ',' || out.back() == ' ')) {
    out.pop_back();
  }
  return out;
}

// The contents of every <tag ...> whose start tag contains `attr` (or any, when empty) in
// `region`, in order.
std::vector<std::string> Elements(std::string_view region, std::string_view tag,
                                  std::string_view attr) {
  std::vector<std::string> out;
  const std::string open = "<" + std::string(tag);
  const std::string close = "</" + std::string(tag) + ">";
  for (size_t at = region.find(open); at != std::string_view::npos;
       at = region.find(open, at + 1)) {
    const size_t after = at + open.size();
    if (after >= region.size() || (region[after] != ' ' && region[after] != '>')) {
      continue;
    }
    const size_t end_tag = region.find('>', at);
    if (end_tag == std::string_view::npos) {
      break;
    }
    const std::string_view start = region.substr(at, end_tag - at);
    if ((!attr.empty() && start.find(attr) == std::string_view::npos) || start.back() == '/') {
      continue;
    }
    const size_t end = region.find(close, end_tag);
    if (end == std::string_view::npos) {
      break;
    }
    out.push_back(ElementText(region.substr(end_tag + 1, end - end_tag - 1)));
  }
  return out;
}

std::string_view Region(std::string_view xml, std::string_view open, std::string_view close) {
  const size_t start = xml.find(open);
  if (start == std::string_view::npos) {
    return {};
  }
  const size_t end = xml.find(close, start);
  return xml.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

std::string First(const std::vector<std::string>& values) {
  return values.empty() ? std::string() : values.front();
}

// "Edward C. Keefer", "A and B", "A, B, and C".
std::string JoinNames(const std::vector<std::string>& names) {
  std::string out;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i > 0) {
      out += names.size() == 2 ? " and " : (i + 1 == names.size() ? ", and " : ", ");
    }
    out += names[i];
  }
  return out;
}

// Day-precision date of the day `days` since 1970-01-01.
model::Date DayDate(int32_t days) {
  int32_t y = 0;
  int32_t m = 0;
  int32_t d = 0;
  model::CivilFromDays(days, &y, &m, &d);
  return model::Date::FromYmd(y, m, d);
}

bool IsDated(const model::Cable& c) {
  return !c.date_approximate && (c.date.IsSet() || c.earliest.IsSet() || c.latest.IsSet());
}

// The first and last day a dated document covers.
int32_t FirstDayOf(const model::Cable& c) {
  return (c.earliest.IsSet() ? c.earliest : c.date.IsSet() ? c.date : c.latest).FirstDay();
}

int32_t LastDayOf(const model::Cable& c) {
  return (c.latest.IsSet() ? c.latest : c.date.IsSet() ? c.date : c.earliest).LastDay();
}

// The years a volume covers from its id: "frus1961-63v22" -> 1961..1963, "frus1943China" ->
// 1943..1943. False when the id has no year.
bool VolumeYears(std::string_view id, int32_t* first, int32_t* last) {
  if (id.size() < 8 || id.substr(0, 4) != "frus") {
    return false;
  }
  const auto digits = [&](size_t pos, size_t n) {
    int32_t v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (i >= id.size() || id[i] < '0' || id[i] > '9') {
        return -1;
      }
      v = v * 10 + (id[i] - '0');
    }
    return v;
  };
  *first = digits(4, 4);
  if (*first < 1700) {
    return false;
  }
  *last = *first;
  if (id.size() >= 11 && id[8] == '-' && digits(9, 2) >= 0) {
    *last = *first / 100 * 100 + digits(9, 2);
    if (*last < *first) {
      *last += 100;
    }
  }
  return true;
}

}  // namespace

FrusVolumeHeader ReadFrusHeader(std::string_view xml) {
  FrusVolumeHeader h;
  const std::string_view header = Region(xml, "<teiHeader", "</teiHeader>");
  const std::string_view title_stmt = Region(header, "<titleStmt", "</titleStmt>");
  h.series = First(Elements(title_stmt, "title", "type=\"series\""));
  h.subseries = First(Elements(title_stmt, "title", "type=\"subseries\""));
  h.volume_number = First(Elements(title_stmt, "title", "type=\"volumenumber\""));
  h.volume_title = First(Elements(title_stmt, "title", "type=\"volume\""));
  for (std::string& editor : Elements(title_stmt, "editor", "role=\"primary\"")) {
    if (!editor.empty()) {
      h.editors.push_back(std::move(editor));
    }
  }
  const std::string_view publication = Region(header, "<publicationStmt", "</publicationStmt>");
  h.publisher = First(Elements(publication, "publisher", ""));
  h.pub_place = First(Elements(publication, "pubPlace", ""));
  h.pub_date = First(Elements(publication, "date", ""));
  return h;
}

std::string FrusContainerTitle(const FrusVolumeHeader& h, std::string_view fallback) {
  if (h.series.empty()) {
    return std::string(fallback);
  }
  std::string out = h.series;
  for (const std::string* part : {&h.subseries, &h.volume_number, &h.volume_title}) {
    // The 1943 series title already ends in its year: "…: Diplomatic Papers, 1943".
    const bool repeated = out.size() >= part->size() &&
                          out.compare(out.size() - part->size(), part->size(), *part) == 0;
    if (!part->empty() && !repeated) {
      out += ", " + *part;
    }
  }
  return out;
}

std::string FrusCitation(const FrusVolumeHeader& h, const model::Cable& cable,
                         std::string_view container, std::string_view number) {
  std::string out = "\u201c" + cable.title + ",\u201d ";
  std::string when;
  if (cable.date.IsSet() && cable.date.Precision() >= model::DatePrecision::kDay) {
    when = std::string(kMonths[cable.date.Month() - 1]) + " " + std::to_string(cable.date.Day()) +
           ", " + std::to_string(cable.date.Year());
  } else if (cable.date.IsSet()) {
    when = model::DisplayDate(cable.date);
  }
  if (!cable.place.empty() && !when.empty()) {
    out += cable.place + ", ";
  }
  if (!when.empty()) {
    out += when + ", ";
  }
  out += "in " + std::string(container);
  if (!h.editors.empty()) {
    out += ", ed. " + JoinNames(h.editors);
  }
  std::vector<std::string> imprint;
  if (!h.pub_place.empty() && !h.publisher.empty()) {
    imprint.push_back(h.pub_place + ": " + h.publisher);
  } else if (!h.publisher.empty()) {
    imprint.push_back(h.publisher);
  }
  if (!h.pub_date.empty()) {
    imprint.push_back(h.pub_date);
  }
  if (!imprint.empty()) {
    out += " (" + Join(imprint, ", ") + ")";
  }
  out += ", Document " + std::string(number) + ", " + cable.archival.source_url + ".";
  return out;
}

void LocalizeFrusDates(const FrusRawVolume& raw, TimeZoneDb* zones,
                       std::vector<model::Cable>* documents) {
  for (size_t i = 0; i < documents->size() && i < raw.documents.size(); ++i) {
    model::Cable& cable = (*documents)[i];
    const std::string_view zone = FrusPlaceZone(cable.place);
    const bool released_is_date = cable.released == cable.date;
    for (model::Date* date : {&cable.date, &cable.earliest, &cable.latest}) {
      // A time the source gives without "Z" or an offset is the dateline's local time.
      if (!date->HasTime() || date->Basis() != model::TimeBasis::kUtc) {
        continue;
      }
      const std::string& when = raw.documents[i].when;
      if (date == &cable.date && !when.empty() && when.back() == 'Z') {
        continue;
      }
      Result<model::Date> local =
          zone.empty() ? Result<model::Date>(date->AsLocal()) : zones->Localize(zone, *date);
      *date = local.ok() ? *local : date->AsLocal();
    }
    if (released_is_date) {
      cable.released = cable.date;
    }
  }
}

std::vector<size_t> FrusSections(std::string_view xml, const std::vector<int64_t>& lines) {
  std::vector<int64_t> division_lines;
  int64_t line = 1;
  size_t counted = 0;
  for (size_t at = xml.find("<div"); at != std::string_view::npos; at = xml.find("<div", at + 4)) {
    line += std::count(xml.begin() + static_cast<std::ptrdiff_t>(counted),
                       xml.begin() + static_cast<std::ptrdiff_t>(at), '\n');
    counted = at;
    const size_t end = xml.find('>', at);
    const std::string_view tag = xml.substr(at, end == std::string_view::npos ? 0 : end - at);
    if (tag.size() > 4 && (tag[4] == ' ' || tag[4] == '\n') &&
        tag.find("type=\"document\"") == std::string_view::npos) {
      division_lines.push_back(line);
    }
  }
  std::vector<size_t> sections;
  sections.reserve(lines.size());
  for (int64_t doc_line : lines) {
    sections.push_back(static_cast<size_t>(
        std::upper_bound(division_lines.begin(), division_lines.end(), doc_line) -
        division_lines.begin()));
  }
  return sections;
}

size_t ApproximateFrusDates(std::string_view volume_id, const std::vector<size_t>& sections,
                            std::vector<model::Cable>* documents) {
  int32_t first_year = 0;
  int32_t last_year = 0;
  const bool have_years = VolumeYears(volume_id, &first_year, &last_year);
  std::vector<model::Cable>& docs = *documents;
  size_t count = 0;
  for (size_t i = 0; i < docs.size() && i < sections.size(); ++i) {
    if (IsDated(docs[i]) || docs[i].date_approximate) {
      continue;
    }
    std::optional<int32_t> low;
    std::optional<int32_t> high;
    for (size_t j = i; j-- > 0 && sections[j] == sections[i];) {
      if (IsDated(docs[j])) {
        low = FirstDayOf(docs[j]);
        break;
      }
    }
    for (size_t j = i + 1; j < docs.size() && sections[j] == sections[i]; ++j) {
      if (IsDated(docs[j])) {
        high = LastDayOf(docs[j]);
        break;
      }
    }
    if (!low && !high) {
      continue;  // a division without any dated document: nothing to go by
    }
    if (!low || !high) {
      if (!have_years) {
        continue;
      }
      low = low.value_or(model::DaysFromCivil(first_year, 1, 1));
      high = high.value_or(model::DaysFromCivil(last_year, 12, 31));
    }
    // Where the volume's order is not chronological the neighbours disagree: keep both bounds.
    docs[i].earliest = DayDate(std::min(*low, *high));
    docs[i].latest = DayDate(std::max(*low, *high));
    docs[i].date_approximate = true;
    ++count;
  }
  return count;
}

void ApplyFrusVolumeContext(const FrusRawVolume& raw, std::string_view xml, FrusVolume* volume) {
  TimeZoneDb zones;
  LocalizeFrusDates(raw, &zones, &volume->documents);
  std::vector<int64_t> lines;
  lines.reserve(raw.documents.size());
  for (const FrusRawDocument& doc : raw.documents) {
    lines.push_back(doc.line);
  }
  ApproximateFrusDates(volume->id, FrusSections(xml, lines), &volume->documents);
  const FrusVolumeHeader header = ReadFrusHeader(xml);
  const std::string container = FrusContainerTitle(header, volume->title);
  for (size_t i = 0; i < volume->documents.size() && i < raw.documents.size(); ++i) {
    model::Cable& cable = volume->documents[i];
    const std::string& n = raw.documents[i].n;
    const std::string& url = cable.archival.source_url;
    const std::string number = !n.empty() ? CollapseSpace(n) : url.substr(url.rfind('/') + 1);
    cable.archival.citation = FrusCitation(header, cable, container, number);
  }
}

}  // namespace chancery::format::internal
