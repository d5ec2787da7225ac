// Policy lookups, label canonicalization, marking and precedence vocabulary
// (docs/format/policy.md; docs/security.md).
#include "chancery/security/policy.h"

#include <algorithm>
#include <string>
#include <vector>

#include "chancery/base/strings.h"

namespace chancery::security {
namespace {

bool NameOrAlias(std::string_view key, const std::string& name,
                 const std::vector<std::string>& aliases) {
  return key == name || std::find(aliases.begin(), aliases.end(), key) != aliases.end();
}

// Splits on any of `separators`, trims and drops empty pieces.
std::vector<std::string_view> SplitAny(std::string_view s, std::string_view separators) {
  std::vector<std::string_view> pieces;
  size_t start = 0;
  while (start <= s.size()) {
    size_t end = s.find_first_of(separators, start);
    if (end == std::string_view::npos) {
      end = s.size();
    }
    const std::string_view piece = Trim(s.substr(start, end - start));
    if (!piece.empty()) {
      pieces.push_back(piece);
    }
    start = end + 1;
  }
  return pieces;
}

// Longest phrase of at most this many words tried against level and category names.
constexpr size_t kMaxPhraseWords = 6;

// Scans `words` greedily for the longest level or category phrase at each position; the first
// level found wins, later level words are ignored, unknown words are skipped.
void ScanWords(const Policy& policy, const std::vector<std::string_view>& words,
               model::Label* label) {
  size_t i = 0;
  while (i < words.size()) {
    size_t consumed = 0;
    for (size_t len = std::min(kMaxPhraseWords, words.size() - i); len > 0 && consumed == 0;
         --len) {
      std::vector<std::string> phrase(words.begin() + static_cast<std::ptrdiff_t>(i),
                                      words.begin() + static_cast<std::ptrdiff_t>(i + len));
      const std::string joined = Join(phrase, " ");
      if (const LevelDef* level = policy.FindLevel(joined); level != nullptr) {
        if (label->classification.empty()) {
          label->classification = level->name;
        }
        consumed = len;
      } else if (const CategoryDef* cat = policy.FindCategory(joined); cat != nullptr) {
        label->categories.push_back(cat->name);
        consumed = len;
      }
    }
    i += consumed == 0 ? 1 : consumed;
  }
}

}  // namespace

const LevelDef* Policy::FindLevel(std::string_view name) const {
  const std::string key = AsciiUpper(Trim(name));
  for (const LevelDef& level : levels) {
    if (NameOrAlias(key, level.name, level.aliases)) {
      return &level;
    }
  }
  return nullptr;
}

const Exemption* ArchiveRules::FindExemption(std::string_view code) const {
  const std::string key = AsciiUpper(Trim(code));
  for (const Exemption& e : exemptions) {
    if (AsciiUpper(e.code) == key) {
      return &e;
    }
  }
  return nullptr;
}

std::optional<int64_t> ArchiveRules::ReviewAfterSeconds(std::string_view level) const {
  for (const ReviewAfter& r : review_after) {
    if (r.level == level) {
      return r.seconds;
    }
  }
  return std::nullopt;
}

const CategoryDef* Policy::FindCategory(std::string_view name) const {
  const std::string key = AsciiUpper(Trim(name));
  for (const CategoryDef& category : categories) {
    if (NameOrAlias(key, category.name, category.aliases)) {
      return &category;
    }
  }
  return nullptr;
}

bool Policy::HasGroup(std::string_view name) const {
  const std::string key = AsciiUpper(Trim(name));
  return std::find(groups.begin(), groups.end(), key) != groups.end();
}

model::Label Canonicalize(const Policy& policy, model::Label label) {
  if (const LevelDef* level = policy.FindLevel(label.classification); level != nullptr) {
    label.classification = level->name;
  }
  for (std::string& category : label.categories) {
    if (const CategoryDef* def = policy.FindCategory(category); def != nullptr) {
      category = def->name;
    }
  }
  label.Normalize();
  return label;
}

model::Label LabelFromMarking(const Policy& policy, std::string_view verbatim) {
  model::Label label;
  // Banner blocks ("//", "/"), FRUS-style lists ("; "), portion marks "(S//NF)".
  for (std::string_view segment : SplitAny(verbatim, "/;()\n\r")) {
    const std::string upper = AsciiUpper(segment);
    if (upper == "REL TO" || StartsWith(upper, "REL TO ")) {
      for (const std::string& group : SplitTrimmed(std::string_view(upper).substr(6), ',')) {
        if (policy.HasGroup(group)) {
          label.releasable_to.push_back(group);
        }
      }
      continue;
    }
    for (std::string_view piece : SplitAny(upper, ",")) {
      ScanWords(policy, SplitAny(piece, " \t"), &label);
    }
  }
  label.Normalize();
  return label;
}

model::PrecedenceRank MapPrecedence(const Policy& policy, std::string_view verbatim) {
  const std::string key = AsciiUpper(Trim(verbatim));
  model::PrecedenceRank rank = model::PrecedenceRank::kUnknown;
  if (model::ParsePrecedenceRank(key, &rank)) {
    return rank;
  }
  for (const PrecedenceWord& word : policy.precedence_words) {
    if (word.word == key) {
      return word.rank;
    }
  }
  return model::PrecedenceRank::kUnknown;
}

}  // namespace chancery::security
