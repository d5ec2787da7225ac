#include "corpus.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine.h"
#include "frus_source.h"

namespace chancery::bench {
namespace {

uint64_t Fnv1a(std::string_view text) {
  uint64_t h = 1469598103934665603ULL;
  for (char c : text) {
    h ^= static_cast<uint8_t>(c);
    h *= 1099511628211ULL;
  }
  return h;
}

uint64_t SplitMix(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

void AppendText(std::string_view text, std::string* out) {
  if (text.empty()) {
    return;
  }
  if (!out->empty()) {
    out->push_back('\n');
  }
  out->append(text);
}

// The date moved by `days`; year and month precision move by whole years. Unchanged if the
// result would leave years 1..9999.
model::Date ShiftDate(const model::Date& date, int32_t days) {
  if (!date.IsSet()) {
    return date;
  }
  const int32_t year = date.Year() + days / 365;
  if (year < 2 || year > 9998) {
    return date;
  }
  if (date.Precision() >= model::DatePrecision::kDay) {
    return DateFromDays(date.FirstDay() + days);
  }
  std::string iso = std::to_string(year);
  while (iso.size() < 4) {
    iso.insert(iso.begin(), '0');
  }
  if (date.Precision() == model::DatePrecision::kMonth) {
    iso += date.Month() < 10 ? "-0" : "-";
    iso += std::to_string(date.Month());
  }
  Result<model::Date> shifted = model::Date::Parse(iso);
  return shifted.ok() ? *shifted : date;
}

const model::Paragraph* RandomParagraph(const std::vector<model::Cable>& base, uint64_t* rng) {
  for (int attempt = 0; attempt < 8; ++attempt) {
    const model::Cable& donor = base[SplitMix(rng) % base.size()];
    if (!donor.body.empty()) {
      return &donor.body[SplitMix(rng) % donor.body.size()];
    }
  }
  return nullptr;
}

model::Cable ExpandOne(const std::vector<model::Cable>& base, uint64_t i, uint64_t seed) {
  uint64_t rng = seed ^ (i * 0xD1B54A32D192ED03ULL);
  model::Cable cable = base[SplitMix(&rng) % base.size()];
  char id[32];
  std::snprintf(id, sizeof(id), "x%07llu", static_cast<unsigned long long>(i));
  cable.id = id;
  cable.serial = {};
  cable.notes.clear();
  cable.enclosures.clear();
  cable.references.clear();
  const size_t paragraphs = std::clamp<size_t>(cable.body.size(), 1, 30);
  cable.body.clear();
  for (size_t p = 0; p < paragraphs; ++p) {
    if (const model::Paragraph* paragraph = RandomParagraph(base, &rng)) {
      cable.body.push_back(*paragraph);
    }
  }
  const int32_t shift = static_cast<int32_t>(SplitMix(&rng) % 7301) - 3650;
  cable.date = ShiftDate(cable.date, shift);
  cable.earliest = ShiftDate(cable.earliest, shift);
  cable.latest = ShiftDate(cable.latest, shift);
  cable.drafted = {};
  cable.approved = {};
  cable.released = {};
  for (model::Approval& approval : cable.approvals) {
    approval.date = {};
  }
  for (model::Dissemination& dissemination : cable.disseminations) {
    dissemination.date = {};
  }
  AssignLabel(&cable);
  return cable;
}

std::string DecadeOf(const std::optional<int32_t>& from_day) {
  if (!from_day.has_value()) {
    return "undated";
  }
  const int32_t year = DateFromDays(*from_day).Year();
  return std::to_string(year / 10 * 10) + "s";
}

}  // namespace

// Howard Hinnant's civil_from_days, the inverse of model::DaysFromCivil.
model::Date DateFromDays(int32_t days) {
  int32_t z = days + 719468;
  const int32_t era = (z >= 0 ? z : z - 146096) / 146097;
  const int32_t doe = z - era * 146097;
  const int32_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int32_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int32_t mp = (5 * doy + 2) / 153;
  const int32_t day = doy - (153 * mp + 2) / 5 + 1;
  const int32_t month = mp < 10 ? mp + 3 : mp - 9;
  const int32_t year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return model::Date::FromYmd(year, month, day);
}

DocFields Fields(const model::Cable& cable) {
  DocFields fields;
  fields.id = cable.id;
  fields.title = cable.title;
  AppendText(cable.subject, &fields.body);
  AppendText(cable.summary, &fields.body);
  for (const model::Paragraph& paragraph : cable.body) {
    AppendText(paragraph.text, &fields.body);
  }
  for (const model::Enclosure& enclosure : cable.enclosures) {
    AppendText(enclosure.title, &fields.body);
    for (const model::Paragraph& paragraph : enclosure.paragraphs) {
      AppendText(paragraph.text, &fields.body);
    }
  }
  for (const model::Note& note : cable.notes) {
    AppendText(note.text, &fields.body);
  }
  // Same day range as the Chancery index (search/xapian/document_builder.cc CableDays).
  const model::Date& first = cable.earliest.IsSet() ? cable.earliest
                             : cable.date.IsSet()   ? cable.date
                                                    : cable.latest;
  const model::Date& last = cable.latest.IsSet() ? cable.latest
                            : cable.date.IsSet() ? cable.date
                                                 : cable.earliest;
  if (first.IsSet() && last.IsSet()) {
    fields.from_day = first.FirstDay();
    fields.to_day = last.LastDay();
  }
  // The facets of search_index.h: collection, type, decade, classification, from.
  fields.facets[0] = cable.archival.collection.empty() ? "none" : cable.archival.collection;
  fields.facets[1] = std::string(model::DocumentKindName(cable.kind));
  fields.facets[2] = DecadeOf(fields.from_day);
  const model::Marking& marking = cable.original_marking;
  fields.facets[3] = !marking.label.classification.empty() ? marking.label.classification
                     : !marking.verbatim.empty()           ? marking.verbatim
                                                           : "none";
  fields.facets[4] = !cable.office.empty()         ? cable.office
                     : !cable.organization.empty() ? cable.organization
                                                   : "none";
  return fields;
}

void AssignLabel(model::Cable* cable) {
  const uint64_t bucket = Fnv1a(cable->id) % 100;
  model::Label label;
  if (bucket < 75) {
    label.classification = "PUBLIC";
  } else if (bucket < 80) {
    label.classification = "CONFIDENTIAL";
  } else if (bucket < 82) {
    label = {"CONFIDENTIAL", {"ECON"}, {}};
  } else if (bucket < 85) {
    label.classification = "SECRET";
  } else if (bucket < 90) {
    label = {"SECRET", {"NOFORN"}, {}};
  } else if (bucket < 92) {
    label = {"SECRET", {"POL"}, {}};
  } else if (bucket < 98) {
    label.classification = "TOP SECRET";
  } else {
    label = {"TOP SECRET", {"NODIS"}, {}};
  }
  cable->current_label = std::move(label);
}

Result<std::vector<model::Cable>> LoadFrus(const std::string& corpus_dir, bool dev) {
  const std::filesystem::path dir = std::filesystem::path(corpus_dir) / (dev ? "dev" : "volumes");
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.ends_with(".xml") || name.ends_with(".xml.zst")) {
      files.push_back(entry.path().string());
    }
  }
  if (ec) {
    return IoError("cannot list " + dir.string() + ": " + ec.message());
  }
  std::sort(files.begin(), files.end());
  std::vector<model::Cable> all;
  for (const std::string& file : files) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<model::Cable> docs, ReadFrusVolume(file));
    for (model::Cable& cable : docs) {
      AssignLabel(&cable);
      all.push_back(std::move(cable));
    }
  }
  return all;
}

std::vector<model::Cable> ExpandRange(const std::vector<model::Cable>& base, uint64_t begin,
                                      uint64_t end, uint64_t seed) {
  std::vector<model::Cable> out;
  out.reserve(end > begin ? end - begin : 0);
  for (uint64_t i = begin; i < end; ++i) {
    out.push_back(i < base.size() ? base[i] : ExpandOne(base, i, seed));
  }
  return out;
}

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
      word.push_back(static_cast<char>(c | 0x20));
    } else if (!word.empty()) {
      words.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) {
    words.push_back(std::move(word));
  }
  return words;
}

uint64_t DirectoryBytes(const std::string& path) {
  std::error_code ec;
  uint64_t bytes = 0;
  if (std::filesystem::is_regular_file(path, ec)) {
    return std::filesystem::file_size(path, ec);
  }
  for (auto it = std::filesystem::recursive_directory_iterator(path, ec);
       !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_regular_file(ec)) {
      bytes += it->file_size(ec);
    }
  }
  return bytes;
}

}  // namespace chancery::bench
