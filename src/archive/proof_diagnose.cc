// Why a published string field differs from its proof (docs/format/proof.md §8 step 4): a
// marker removed or added, a marker moved, or a word changed. The checks run in that order, so a
// moved marker is not reported as the words it displaced.
#include <algorithm>
#include <string>
#include <vector>

#include "chancery/archive/commitment.h"

#include "archive/commitment_internal.h"

namespace chancery::archive::internal {
namespace {

size_t CountOccurrences(const std::string& text, const std::string& needle) {
  size_t count = 0;
  for (size_t at = text.find(needle); at != std::string::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

std::string RemoveAll(std::string text, const std::vector<std::string>& needles) {
  for (const std::string& needle : needles) {
    for (size_t at = text.find(needle); at != std::string::npos; at = text.find(needle, at)) {
      text.erase(at, needle.size());
    }
  }
  return text;
}

// `text` in quotes, cut at 40 bytes on a character boundary.
std::string Quote(std::string_view text) {
  if (text.size() <= 40) {
    return "\"" + std::string(text) + "\"";
  }
  size_t cut = 40;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0u) == 0x80u) {
    --cut;
  }
  return "\"" + std::string(text.substr(0, cut)) + "...\"";
}

struct Placed {
  const ProvenPart* part = nullptr;
  size_t first_unit = 0;  // unit index of the part within the field
  size_t offset = 0;      // byte offset in the proven text
};

std::vector<Placed> Place(const std::vector<ProvenPart>& parts) {
  std::vector<Placed> placed;
  size_t unit = 0;
  size_t offset = 0;
  for (const ProvenPart& part : parts) {
    placed.push_back({&part, unit, offset});
    unit += part.withheld > 0 ? part.withheld : SplitUnits(part.text).size();
    offset += part.text.size();
  }
  return placed;
}

std::string Units(const Placed& p) {
  return "units " + std::to_string(p.first_unit) + ".." +
         std::to_string(p.first_unit + p.part->withheld);
}

std::string ChangedWord(const std::string& pointer, const std::vector<Placed>& placed,
                        const std::string& published) {
  const std::string where = "a changed word: field " + pointer + ": ";
  size_t cursor = 0;
  for (const Placed& p : placed) {
    if (p.part->withheld > 0) {
      if (published.compare(cursor, p.part->text.size(), p.part->text) == 0) {
        cursor += p.part->text.size();
      }
      continue;
    }
    size_t unit_index = p.first_unit;
    for (const Unit& unit : SplitUnits(p.part->text)) {
      if (published.compare(cursor, unit.text.size(), unit.text) != 0) {
        const std::vector<Unit> rest = SplitUnits(std::string_view(published).substr(cursor));
        const std::string found = rest.empty() ? "nothing" : Quote(rest.front().text);
        return where + "unit " + std::to_string(unit_index) + " is " + Quote(unit.text) +
               " in the signed text but " + found + " in the published text";
      }
      cursor += unit.text.size();
      ++unit_index;
    }
  }
  if (cursor < published.size()) {
    return where + "the published text goes on after the signed text ends: " +
           Quote(std::string_view(published).substr(cursor));
  }
  return where + "the published text differs from the signed text";
}

}  // namespace

std::string DiagnoseField(const std::string& pointer, const std::vector<ProvenPart>& parts,
                          const std::string& published) {
  std::string proven;
  std::vector<std::string> markers;
  for (const ProvenPart& part : parts) {
    proven += part.text;
    if (part.withheld > 0 &&
        std::find(markers.begin(), markers.end(), part.text) == markers.end()) {
      markers.push_back(part.text);
    }
  }
  const std::vector<Placed> placed = Place(parts);
  for (const Placed& p : placed) {
    if (p.part->withheld == 0) {
      continue;
    }
    const size_t want = CountOccurrences(proven, p.part->text);
    const size_t have = CountOccurrences(published, p.part->text);
    if (have < want) {
      return "a removed marker: field " + pointer + ": the marker " + Quote(p.part->text) +
             " for " + Units(p) + " is not in the published text";
    }
    if (have > want) {
      return "an unproven marker: field " + pointer + ": the published text has the marker " +
             Quote(p.part->text) + " more often than the proof places it";
    }
  }
  // Longest first, so that a marker containing another is removed whole.
  std::sort(markers.begin(), markers.end(),
            [](const std::string& a, const std::string& b) { return a.size() > b.size(); });
  if (!markers.empty() && RemoveAll(proven, markers) == RemoveAll(published, markers)) {
    for (const Placed& p : placed) {
      if (p.part->withheld > 0 &&
          published.compare(p.offset, p.part->text.size(), p.part->text) != 0) {
        return "a moved marker: field " + pointer + ": the marker " + Quote(p.part->text) +
               " for " + Units(p) + " is not where the proof puts it (byte " +
               std::to_string(p.offset) + " of the published text)";
      }
    }
  }
  return ChangedWord(pointer, placed, published);
}

}  // namespace chancery::archive::internal
