// MakeBundle (docs/format/proof.md §6): the proof bundle of a published version. Discloses the
// seeds of the maximal fully-disclosed ranges of the range tree and only the hashes of the
// maximal fully-withheld ones, so no seed of a range holding a withheld unit leaves this file.
#include <algorithm>
#include <exception>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/format/json.h"

#include "archive/commitment_internal.h"

namespace chancery::archive {
namespace {

using Json = nlohmann::json;
using internal::LeafUnit;

struct Tree {
  const std::vector<Field>* fields = nullptr;
  const std::vector<LeafUnit>* units = nullptr;
  std::vector<size_t> withheld_before;  // withheld units among u_0..u_{i-1}; size N + 1
  Json disclosed = Json::array();
  Json withheld = Json::array();
};

// docs/format/proof.md §6.3: the canonical cover of [lo, hi).
void Cover(Tree& tree, size_t lo, size_t hi, const std::string& seed) {
  const size_t withheld = tree.withheld_before[hi] - tree.withheld_before[lo];
  if (withheld == 0) {
    tree.disclosed.push_back({{"lo", lo}, {"hi", hi}, {"seed", internal::HexEncode(seed)}});
    return;
  }
  if (withheld == hi - lo) {
    const std::string hash = internal::SubtreeHash(*tree.fields, *tree.units, lo, hi, seed);
    tree.withheld.push_back({{"lo", lo}, {"hi", hi}, {"hash", internal::HexEncode(hash)}});
    return;
  }
  const size_t split = lo + internal::SplitSize(hi - lo);
  Cover(tree, lo, split, internal::ChildSeed(seed, false));
  Cover(tree, split, hi, internal::ChildSeed(seed, true));
}

// The runs of field `pointer`, sorted by first unit.
std::vector<const WithheldRun*> RunsOf(const std::vector<WithheldRun>& runs,
                                       const std::string& pointer) {
  std::vector<const WithheldRun*> out;
  for (const WithheldRun& run : runs) {
    if (run.pointer == pointer) {
      out.push_back(&run);
    }
  }
  std::sort(out.begin(), out.end(),
            [](const auto* a, const auto* b) { return a->first_unit < b->first_unit; });
  return out;
}

// One field of the bundle (§6.2) and the withheld marks of its units in `withheld`.
Json FieldJson(const Field& field, const std::vector<WithheldRun>& runs,
               std::vector<bool>* withheld) {
  if (!field.is_string) {
    withheld->push_back(false);
    return Json{{"pointer", field.pointer}, {"json", field.value}};
  }
  const std::vector<Unit> units = SplitUnits(field.value);
  const std::vector<const WithheldRun*> field_runs = RunsOf(runs, field.pointer);
  Json parts = Json::array();
  std::string text;
  size_t at = 0;
  for (const WithheldRun* run : field_runs) {
    for (; at < run->first_unit; ++at) {
      text += units[at].text;
      withheld->push_back(false);
    }
    if (!text.empty()) {
      parts.push_back({{"text", text}});
      text.clear();
    }
    parts.push_back({{"withheld", run->end_unit - run->first_unit}, {"marker", run->marker}});
    withheld->insert(withheld->end(), run->end_unit - run->first_unit, true);
    at = run->end_unit;
  }
  for (; at < units.size(); ++at) {
    text += units[at].text;
    withheld->push_back(false);
  }
  if (!text.empty()) {
    parts.push_back({{"text", text}});
  }
  if (units.empty()) {
    withheld->push_back(false);  // the empty unit of an empty string
  }
  return Json{{"pointer", field.pointer}, {"parts", std::move(parts)}};
}

Status CheckPublished(const BundleInput& input) {
  CHANCERY_ASSIGN_OR_RETURN(model::Cable expected, ApplyRedactions(input.original, input.withheld));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> want, CommittedFields(expected));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> have, CommittedFields(input.published));
  for (size_t i = 0; i < std::max(want.size(), have.size()); ++i) {
    if (i >= want.size() || i >= have.size() || !(want[i] == have[i])) {
      const std::string& pointer = i < want.size() ? want[i].pointer : have[i].pointer;
      return InvalidArgument("cable " + input.original.id + ": published version differs from " +
                             "the original with the withheld runs applied at field " + pointer);
    }
  }
  return Status::Ok();
}

Json SignedJson(const SignedCommitment& s) {
  return Json{{"kind", s.kind},
              {"record_id", s.record_id},
              {"record_version", s.record_version},
              {"root", s.root_hex},
              {"signer", s.signer},
              {"public_key", s.public_key_hex},
              {"key_audit_seq", s.key_audit_seq},
              {"signature", s.signature_hex}};
}

Result<std::string> Make(const BundleInput& input) {
  CHANCERY_RETURN_IF_ERROR(CheckPublished(input));
  CHANCERY_ASSIGN_OR_RETURN(Commitment commitment, Commit(input.original, input.seed_hex));
  if (commitment.root_hex != input.signed_commitment.root_hex) {
    return InvalidArgument("cable " + input.original.id +
                           ": the seed does not reproduce the signed commitment root");
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<Field> fields, CommittedFields(input.original));
  const std::vector<LeafUnit> units = internal::AllUnits(fields);
  std::vector<bool> withheld;
  Json fields_json = Json::array();
  for (const Field& field : fields) {
    fields_json.push_back(FieldJson(field, input.withheld, &withheld));
  }
  Tree tree;
  tree.fields = &fields;
  tree.units = &units;
  tree.withheld_before.assign(units.size() + 1, 0);
  for (size_t i = 0; i < units.size(); ++i) {
    tree.withheld_before[i + 1] = tree.withheld_before[i] + (withheld[i] ? 1 : 0);
  }
  std::string seed;
  internal::HexDecode(input.seed_hex, 32, &seed);  // Commit() checked it
  if (!units.empty()) {
    Cover(tree, 0, units.size(), seed);
  }
  Json bundle{{"format", internal::kBundleFormat},
              {"signed", SignedJson(input.signed_commitment)},
              {"published", Json::parse(format::CableToJson(input.published))},
              {"units", units.size()},
              {"fields", std::move(fields_json)},
              {"disclosed", std::move(tree.disclosed)},
              {"withheld", std::move(tree.withheld)}};
  if (const auto& p = input.signed_commitment.publication; p.has_value()) {
    bundle["publication_signed"] = Json{{"signer", p->signer},
                                        {"public_key", p->public_key_hex},
                                        {"key_audit_seq", p->key_audit_seq},
                                        {"signature", p->signature_hex}};
  }
  bundle["digest"] = internal::HexEncode(internal::Sha256(internal::Canonical(bundle)));
  return internal::Canonical(bundle);
}

}  // namespace

Result<std::string> MakeBundle(const BundleInput& input) {
  if (input.seed_hex.empty()) {
    return InvalidArgument("cable " + input.original.id + ": no commitment seed");
  }
  try {
    return Make(input);
  } catch (const std::exception& e) {
    return InvalidArgument("cable " + input.original.id + ": " + e.what());
  }
}

}  // namespace chancery::archive
