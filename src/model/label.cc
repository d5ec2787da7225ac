#include "chancery/model/label.h"

#include <algorithm>

#include "chancery/base/strings.h"

namespace chancery::model {
namespace {
void NormalizeNames(std::vector<std::string>* names) {
  for (std::string& n : *names) {
    n = AsciiUpper(Trim(n));
  }
  std::erase_if(*names, [](const std::string& n) { return n.empty(); });
  std::sort(names->begin(), names->end());
  names->erase(std::unique(names->begin(), names->end()), names->end());
}
}  // namespace

void Label::Normalize() {
  classification = AsciiUpper(Trim(classification));
  NormalizeNames(&categories);
  NormalizeNames(&releasable_to);
}

std::string Label::ToBanner() const {
  std::string out = classification;
  if (!categories.empty()) {
    out += "//";
    out += Join(categories, "/");
  }
  if (!releasable_to.empty()) {
    out += "//REL TO ";
    out += Join(releasable_to, ", ");
  }
  return out;
}

std::string_view PrecedenceRankName(PrecedenceRank rank) {
  switch (rank) {
    case PrecedenceRank::kUnknown: return "UNKNOWN";
    case PrecedenceRank::kDeferred: return "DEFERRED";
    case PrecedenceRank::kRoutine: return "ROUTINE";
    case PrecedenceRank::kPriority: return "PRIORITY";
    case PrecedenceRank::kImmediate: return "IMMEDIATE";
    case PrecedenceRank::kFlash: return "FLASH";
    case PrecedenceRank::kOverride: return "OVERRIDE";
  }
  return "UNKNOWN";
}

bool ParsePrecedenceRank(std::string_view name, PrecedenceRank* rank) {
  static constexpr PrecedenceRank kAll[] = {
      PrecedenceRank::kUnknown,  PrecedenceRank::kDeferred, PrecedenceRank::kRoutine,
      PrecedenceRank::kPriority, PrecedenceRank::kImmediate, PrecedenceRank::kFlash,
      PrecedenceRank::kOverride};
  for (PrecedenceRank r : kAll) {
    if (EqualsIgnoreCase(name, PrecedenceRankName(r))) {
      *rank = r;
      return true;
    }
  }
  return false;
}

}  // namespace chancery::model
