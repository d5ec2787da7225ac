// Pieces of the commitment scheme shared by commitment.cc, fields.cc, proof_bundle.cc and
// proof_verify.cc (docs/format/proof.md §3-§5): JSON leaves, the unit sequence, the range tree,
// the seed tree and the hashes. Private to src/archive; pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"

namespace chancery::archive::internal {

// docs/format/proof.md §3: the members a publication sets, not committed.
bool IsCommittedPointer(std::string_view pointer);

// RFC 6901: "~" -> "~0", "/" -> "~1".
std::string EscapePointerToken(std::string_view token);

// Every leaf of `json` in its iteration order (document order for ordered_json, key order for
// json), with its pointer: scalars, and empty arrays and objects. Pointers under /id,
// /current_label and /publication are left out when `committed_only`.
template <typename Json>
void CollectLeaves(Json& json, std::string& pointer, bool committed_only,
                   std::vector<std::pair<std::string, Json*>>* out) {
  if (committed_only && !pointer.empty() && !IsCommittedPointer(pointer)) {
    return;
  }
  const bool container = json.is_object() || json.is_array();
  if (!container || json.empty()) {
    out->emplace_back(pointer, &json);
    return;
  }
  const size_t size = pointer.size();
  if (json.is_object()) {
    for (auto it = json.begin(); it != json.end(); ++it) {
      pointer += "/" + EscapePointerToken(it.key());
      CollectLeaves(it.value(), pointer, committed_only, out);
      pointer.resize(size);
    }
    return;
  }
  for (size_t i = 0; i < json.size(); ++i) {
    pointer += "/" + std::to_string(i);
    CollectLeaves(json[i], pointer, committed_only, out);
    pointer.resize(size);
  }
}

// A leaf as a Field: strings keep their text, everything else its compact JSON text.
template <typename Json>
Field FieldOf(const std::string& pointer, const Json& json) {
  if (json.is_string()) {
    return Field{pointer, json.template get<std::string>(), true};
  }
  return Field{pointer, json.dump(), false};
}

// One leaf of the tree (docs/format/proof.md §4): a unit of a field.
struct LeafUnit {
  size_t field = 0;   // index into the field list
  size_t index = 0;   // unit index within the field
  std::string text;   // "" for an empty string; "json:" + JSON text for a non-string leaf
  bool word = false;  // a word unit (only string units can be)
};

// The units of `field` as leaves (docs/format/proof.md §4): its SplitUnits, one empty unit for
// an empty string, one "json:" + value unit for a non-string leaf.
std::vector<LeafUnit> FieldUnits(const Field& field, size_t field_index);
// The whole sequence u_0..u_{N-1}.
std::vector<LeafUnit> AllUnits(const std::vector<Field>& fields);

// Raw 32-byte digests. docs/format/proof.md §5.
std::string Sha256(std::string_view bytes);
std::string ChildSeed(std::string_view parent_seed, bool right);
std::string LeafHash(std::string_view salt, std::string_view pointer, size_t index,
                     std::string_view text);
std::string NodeHash(std::string_view left, std::string_view right);
std::string EmptyRoot();

// The split point of a range of n >= 2 leaves: the largest power of two below n (RFC 6962).
size_t SplitSize(size_t n);

std::string HexEncode(std::string_view raw);
// False unless `hex` is exactly 2 * size lower-case hex digits.
bool HexDecode(std::string_view hex, size_t size, std::string* raw);

// The hash of the range [lo, hi) of `units` (hi > lo) whose range seed is `seed` (raw).
std::string SubtreeHash(const std::vector<Field>& fields, const std::vector<LeafUnit>& units,
                        size_t lo, size_t hi, std::string_view seed);
// The root over `units` (pointers from `fields`) with every salt derived from `seed` (raw).
std::string TreeRoot(const std::vector<Field>& fields, const std::vector<LeafUnit>& units,
                     std::string_view seed);

// A part of a proven string field: disclosed text (withheld == 0) or a marker standing for
// `withheld` units.
struct ProvenPart {
  std::string text;
  size_t withheld = 0;
};

// Why the published text of field `pointer` is not the proven text with its markers in place
// (proof_diagnose.cc, docs/format/proof.md §8 step 4): one failure line starting "a removed
// marker:", "an unproven marker:", "a moved marker:" or "a changed word:".
// REQUIRES: `published` differs from the concatenation of the parts.
std::string DiagnoseField(const std::string& pointer, const std::vector<ProvenPart>& parts,
                          const std::string& published);

// The canonical text of a bundle object: compact, keys sorted, UTF-8 unescaped (nlohmann's
// dump(); Python's json.dumps(sort_keys=True, separators=(",", ":"), ensure_ascii=False)).
inline std::string Canonical(const nlohmann::json& json) {
  return json.dump();
}

inline constexpr std::string_view kBundleFormat = "chancery-proof-v2";

}  // namespace chancery::archive::internal
