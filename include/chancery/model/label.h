// Label and Precedence: security markings and message precedence as plain values.
//
// The model only names things; what a classification or category *means* (its rank, whether a
// category is restrictive) is defined by the security policy (include/chancery/security/). Names
// are stored as the policy spells them canonically (upper case, e.g. "TOP SECRET") once a record
// has been checked against a policy; the verbatim marking of a historical document is kept
// separately in Marking::verbatim. Value types; thread-compatible.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace chancery::model {

// A security label: classification level, categories (caveats, compartments) and releasability.
struct Label {
  // Classification level name, e.g. "TOP SECRET", "PUBLIC". Empty means "unmarked".
  std::string classification;
  // Categories and caveats, e.g. {"INTERNAL RESEARCH"}. Kept sorted and unique by Normalize().
  std::vector<std::string> categories;
  // Releasability (REL TO): any-of groups or nations, e.g. {"ALLIED PARTIES"}. Sorted, unique.
  std::vector<std::string> releasable_to;

  // Sorts and de-duplicates categories and releasable_to; trims and upper-cases every name.
  void Normalize();
  bool Empty() const { return classification.empty() && categories.empty() && releasable_to.empty(); }
  // "TOP SECRET//INTERNAL RESEARCH//REL TO A, B": the banner form used by the cable text format
  // (docs/format/cable-text.md §Labels). Unmarked renders as "".
  std::string ToBanner() const;

  friend bool operator==(const Label&, const Label&) = default;
  friend auto operator<=>(const Label&, const Label&) = default;
};

// The original marking of a document as it was made: never changed after the record is created.
struct Marking {
  // The marking exactly as the source spells it ("Top Secret", "Secret; Priority; Eyes Only").
  std::string verbatim;
  // The marking as a label, in the policy's canonical names.
  Label label;
  friend bool operator==(const Marking&, const Marking&) = default;
};

// Canonical precedence ladder (../shared/reference/cable-desk.md §B.1).
enum class PrecedenceRank : int8_t {
  kUnknown = -1,
  kDeferred = 0,
  kRoutine = 1,
  kPriority = 2,
  kImmediate = 3,
  kFlash = 4,
  kOverride = 5,
};

// "ROUTINE", "PRIORITY", ... ; "UNKNOWN" for kUnknown.
std::string_view PrecedenceRankName(PrecedenceRank rank);
// Inverse of PrecedenceRankName, case-insensitive; false if `name` is not a canonical rank name.
bool ParsePrecedenceRank(std::string_view name, PrecedenceRank* rank);

struct Precedence {
  PrecedenceRank rank = PrecedenceRank::kUnknown;
  // The precedence as the source spells it ("Very Urgent", "Niact"); empty if it is the canonical
  // name itself or not given.
  std::string original;
  bool Empty() const { return rank == PrecedenceRank::kUnknown && original.empty(); }
  friend bool operator==(const Precedence&, const Precedence&) = default;
};

}  // namespace chancery::model
