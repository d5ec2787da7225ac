// VerifyBundle (docs/format/proof.md §8): checks a proof bundle with nothing but the bundle.
// Every check runs and reports; nlohmann::json exceptions become a "bundle: malformed" failure.
#include <exception>
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"
#include "chancery/format/json.h"

#include "archive/commitment_internal.h"

namespace chancery::archive {
namespace {

using Json = nlohmann::json;
using internal::LeafUnit;

// Bounds a forged unit count before anything is allocated (a 150 KB record has ~40,000 units).
constexpr size_t kMaxUnits = size_t{1} << 22;

Status Malformed(std::string_view what) {
  return Corruption(what);
}

Result<const Json*> Member(const Json& object, const char* name) {
  if (!object.is_object() || !object.contains(name)) {
    return Malformed(std::string("missing member \"") + name + "\"");
  }
  return &object.at(name);
}

Result<std::string> StringOf(const Json& object, const char* name) {
  CHANCERY_ASSIGN_OR_RETURN(const Json* value, Member(object, name));
  if (!value->is_string()) {
    return Malformed(std::string("member \"") + name + "\" is not a string");
  }
  return value->get<std::string>();
}

Result<size_t> CountOf(const Json& object, const char* name) {
  CHANCERY_ASSIGN_OR_RETURN(const Json* value, Member(object, name));
  if (!value->is_number_unsigned()) {
    return Malformed(std::string("member \"") + name + "\" is not a count");
  }
  return value->get<size_t>();
}

Status ExpectMembers(const Json& object, const std::set<std::string>& names, const char* what) {
  if (!object.is_object() || object.size() != names.size()) {
    return Malformed(std::string(what) + " does not have exactly its members");
  }
  for (const auto& [key, value] : object.items()) {
    if (names.count(key) == 0) {
      return Malformed(std::string(what) + " has an unknown member \"" + key + "\"");
    }
  }
  return Status::Ok();
}

// A field of the proof (§6.2) as parsed.
struct Part {
  std::string text;     // disclosed text, or the marker
  size_t withheld = 0;  // 0 = a text part
};

struct ProofField {
  Field field;  // value: the proven text with markers in place (string fields)
  std::vector<Part> parts;
};

struct Proof {
  SignedCommitment signed_commitment;
  std::vector<ProofField> fields;
  std::vector<Field> committed;  // pointer and kind per field, for leaf hashes
  std::vector<LeafUnit> units;   // withheld units have empty text
  std::vector<size_t> withheld_before;
  size_t declared_units = 0;
  std::map<std::pair<size_t, size_t>, std::string> seeds;   // raw
  std::map<std::pair<size_t, size_t>, std::string> hashes;  // raw
};

Result<SignedCommitment> ParseSigned(const Json& j) {
  CHANCERY_RETURN_IF_ERROR(ExpectMembers(j,
                                         {"kind", "record_id", "record_version", "root", "signer",
                                          "public_key", "key_audit_seq", "signature"},
                                         "signed"));
  SignedCommitment s;
  CHANCERY_ASSIGN_OR_RETURN(s.kind, StringOf(j, "kind"));
  CHANCERY_ASSIGN_OR_RETURN(s.record_id, StringOf(j, "record_id"));
  CHANCERY_ASSIGN_OR_RETURN(size_t version, CountOf(j, "record_version"));
  CHANCERY_ASSIGN_OR_RETURN(s.root_hex, StringOf(j, "root"));
  CHANCERY_ASSIGN_OR_RETURN(s.signer, StringOf(j, "signer"));
  CHANCERY_ASSIGN_OR_RETURN(s.public_key_hex, StringOf(j, "public_key"));
  CHANCERY_ASSIGN_OR_RETURN(size_t key_seq, CountOf(j, "key_audit_seq"));
  CHANCERY_ASSIGN_OR_RETURN(s.signature_hex, StringOf(j, "signature"));
  s.record_version = static_cast<int64_t>(version);
  s.key_audit_seq = static_cast<int64_t>(key_seq);
  if (s.kind != "release" && s.kind != "archive") {
    return Malformed("signed kind \"" + s.kind + "\" is neither release nor archive");
  }
  return s;
}

// The units of one proof field (§8 step 2), appended to proof.units; sets pf.field.value to the
// proven text with each marker in its place.
Status AddUnits(Proof& proof, ProofField& pf, size_t field_index) {
  if (!pf.field.is_string) {
    proof.units.push_back({field_index, 0, "json:" + pf.field.value, false});
    return Status::Ok();
  }
  size_t index = 0;
  for (const Part& part : pf.parts) {
    pf.field.value += part.text;
    if (part.withheld == 0) {
      for (Unit& unit : SplitUnits(part.text)) {
        proof.units.push_back({field_index, index++, std::move(unit.text), unit.word});
      }
      continue;
    }
    if (part.withheld > kMaxUnits || proof.units.size() + part.withheld > kMaxUnits) {
      return Malformed("field " + pf.field.pointer + ": too many units");
    }
    for (size_t i = 0; i < part.withheld; ++i) {
      proof.units.push_back({field_index, index++, "", true});
    }
  }
  if (pf.parts.empty()) {
    proof.units.push_back({field_index, 0, "", false});
  }
  return Status::Ok();
}

Result<Part> ParsePart(const Json& part, const std::string& pointer) {
  if (part.is_object() && part.contains("text")) {
    CHANCERY_RETURN_IF_ERROR(ExpectMembers(part, {"text"}, "a text part"));
    CHANCERY_ASSIGN_OR_RETURN(std::string text, StringOf(part, "text"));
    if (text.empty()) {
      return Malformed("field " + pointer + ": an empty text part");
    }
    return Part{std::move(text), 0};
  }
  CHANCERY_RETURN_IF_ERROR(ExpectMembers(part, {"withheld", "marker"}, "a withheld part"));
  CHANCERY_ASSIGN_OR_RETURN(std::string marker, StringOf(part, "marker"));
  CHANCERY_ASSIGN_OR_RETURN(size_t units, CountOf(part, "withheld"));
  if (units == 0) {
    return Malformed("field " + pointer + ": a withheld part of no units");
  }
  return Part{std::move(marker), units};
}

Result<ProofField> ParseField(const Json& j) {
  ProofField pf;
  if (j.is_object() && j.contains("json")) {
    CHANCERY_RETURN_IF_ERROR(ExpectMembers(j, {"pointer", "json"}, "a field"));
    CHANCERY_ASSIGN_OR_RETURN(pf.field.pointer, StringOf(j, "pointer"));
    CHANCERY_ASSIGN_OR_RETURN(pf.field.value, StringOf(j, "json"));
    pf.field.is_string = false;
    return pf;
  }
  CHANCERY_RETURN_IF_ERROR(ExpectMembers(j, {"pointer", "parts"}, "a field"));
  CHANCERY_ASSIGN_OR_RETURN(pf.field.pointer, StringOf(j, "pointer"));
  CHANCERY_ASSIGN_OR_RETURN(const Json* parts, Member(j, "parts"));
  if (!parts->is_array()) {
    return Malformed("field " + pf.field.pointer + ": parts is not an array");
  }
  for (const Json& part : *parts) {
    CHANCERY_ASSIGN_OR_RETURN(Part parsed, ParsePart(part, pf.field.pointer));
    if (!pf.parts.empty() && pf.parts.back().withheld == 0 && parsed.withheld == 0) {
      return Malformed("field " + pf.field.pointer + ": two text parts in a row");
    }
    pf.parts.push_back(std::move(parsed));
  }
  return pf;
}

Status ParseRanges(const Json& bundle, const char* list_name, const char* value_name,
                   std::map<std::pair<size_t, size_t>, std::string>* out) {
  CHANCERY_ASSIGN_OR_RETURN(const Json* list, Member(bundle, list_name));
  if (!list->is_array()) {
    return Malformed(std::string(list_name) + " is not an array");
  }
  for (const Json& entry : *list) {
    CHANCERY_RETURN_IF_ERROR(ExpectMembers(entry, {"lo", "hi", value_name}, "a range"));
    CHANCERY_ASSIGN_OR_RETURN(std::string hex, StringOf(entry, value_name));
    CHANCERY_ASSIGN_OR_RETURN(size_t lo, CountOf(entry, "lo"));
    CHANCERY_ASSIGN_OR_RETURN(size_t hi, CountOf(entry, "hi"));
    std::string raw;
    if (!internal::HexDecode(hex, 32, &raw)) {
      return Malformed(std::string("a ") + value_name + " is not 64 lower-case hex digits");
    }
    if (!out->emplace(std::make_pair(lo, hi), std::move(raw)).second) {
      return Malformed(std::string(list_name) + " names units [" + std::to_string(lo) + "," +
                       std::to_string(hi) + ") twice");
    }
  }
  return Status::Ok();
}

Result<Proof> ParseProof(const Json& bundle) {
  std::set<std::string> members = {"format", "signed",    "published", "units",
                                   "fields", "disclosed", "withheld",  "digest"};
  if (bundle.is_object() && bundle.contains("publication_signed")) {
    members.insert("publication_signed");  // optional: absent before publication statements
  }
  CHANCERY_RETURN_IF_ERROR(ExpectMembers(bundle, members, "the bundle"));
  CHANCERY_ASSIGN_OR_RETURN(std::string format_name, StringOf(bundle, "format"));
  if (format_name != internal::kBundleFormat) {
    return Malformed("format is not " + std::string(internal::kBundleFormat));
  }
  Proof proof;
  CHANCERY_ASSIGN_OR_RETURN(const Json* signed_json, Member(bundle, "signed"));
  CHANCERY_ASSIGN_OR_RETURN(proof.signed_commitment, ParseSigned(*signed_json));
  CHANCERY_ASSIGN_OR_RETURN(proof.declared_units, CountOf(bundle, "units"));
  CHANCERY_ASSIGN_OR_RETURN(const Json* fields, Member(bundle, "fields"));
  if (!fields->is_array()) {
    return Malformed("fields is not an array");
  }
  for (const Json& field : *fields) {
    CHANCERY_ASSIGN_OR_RETURN(ProofField parsed, ParseField(field));
    proof.fields.push_back(std::move(parsed));
    CHANCERY_RETURN_IF_ERROR(AddUnits(proof, proof.fields.back(), proof.fields.size() - 1));
    proof.committed.push_back(proof.fields.back().field);
  }
  proof.withheld_before.assign(proof.units.size() + 1, 0);
  for (size_t i = 0; i < proof.units.size(); ++i) {
    const bool withheld = proof.units[i].word && proof.units[i].text.empty();
    proof.withheld_before[i + 1] = proof.withheld_before[i] + (withheld ? 1 : 0);
  }
  CHANCERY_RETURN_IF_ERROR(ParseRanges(bundle, "disclosed", "seed", &proof.seeds));
  CHANCERY_RETURN_IF_ERROR(ParseRanges(bundle, "withheld", "hash", &proof.hashes));
  return proof;
}

// §8 step 3: the root from the canonical cover; missing and unused entries are failures.
class RootCheck {
 public:
  RootCheck(Proof& proof, std::vector<std::string>* failures)
      : proof_(proof), failures_(failures) {}

  void Run() {
    const size_t n = proof_.units.size();
    if (n != proof_.declared_units) {
      Fail("the bundle says " + std::to_string(proof_.declared_units) + " units, its fields give " +
           std::to_string(n));
    }
    const std::string root = n == 0 ? internal::EmptyRoot() : Range(0, n);
    for (const auto& [range, seed] : proof_.seeds) {
      Fail("a seed for units " + Name(range.first, range.second) + " that the cover does not use");
    }
    for (const auto& [range, hash] : proof_.hashes) {
      Fail("a hash for units " + Name(range.first, range.second) + " that the cover does not use");
    }
    if (!missing_ && internal::HexEncode(root) != proof_.signed_commitment.root_hex) {
      Fail(
          "the disclosed units, their salts and the withheld hashes do not reproduce the signed "
          "root (a changed word in the proof, a forged salt or a forged hash)");
    }
  }

 private:
  static std::string Name(size_t lo, size_t hi) {
    return "[" + std::to_string(lo) + "," + std::to_string(hi) + ")";
  }

  void Fail(const std::string& what) { failures_->push_back("commitment: " + what); }

  std::string Range(size_t lo, size_t hi) {
    const size_t withheld = proof_.withheld_before[hi] - proof_.withheld_before[lo];
    if (withheld == 0 || withheld == hi - lo) {
      auto& map = withheld == 0 ? proof_.seeds : proof_.hashes;
      auto it = map.find({lo, hi});
      if (it == map.end()) {
        Fail(std::string("no ") + (withheld == 0 ? "seed" : "hash") + " for units " + Name(lo, hi));
        missing_ = true;
        return std::string(32, '\0');
      }
      std::string value = std::move(it->second);
      map.erase(it);
      if (withheld == 0) {
        return internal::SubtreeHash(proof_.committed, proof_.units, lo, hi, value);
      }
      return value;
    }
    const size_t split = lo + internal::SplitSize(hi - lo);
    std::string left = Range(lo, split);
    return internal::NodeHash(left, Range(split, hi));
  }

  Proof& proof_;
  std::vector<std::string>* failures_;
  bool missing_ = false;
};

// §8 step 4: the published record is the proven text with each marker in place.
Status CheckPublished(const Json& bundle, const Proof& proof, std::vector<std::string>* failures) {
  CHANCERY_ASSIGN_OR_RETURN(const Json* published_json, Member(bundle, "published"));
  if (!published_json->is_object()) {
    return Malformed("published is not an object");
  }
  const Json& published = *published_json;
  std::vector<std::pair<std::string, const Json*>> leaves;
  std::string pointer;
  internal::CollectLeaves(published, pointer, /*committed_only=*/true, &leaves);
  std::map<std::string, const Json*> by_pointer;
  for (const auto& [leaf_pointer, leaf] : leaves) {
    by_pointer[leaf_pointer] = leaf;
  }
  for (const ProofField& pf : proof.fields) {
    auto it = by_pointer.find(pf.field.pointer);
    if (it == by_pointer.end()) {
      failures->push_back("field: " + pf.field.pointer +
                          " is in the proof but not in the published record");
      continue;
    }
    const Json& leaf = *it->second;
    by_pointer.erase(it);
    if (!pf.field.is_string || !leaf.is_string()) {
      if (pf.field.is_string || leaf.is_string() || leaf.dump() != pf.field.value) {
        failures->push_back("a changed value: field " + pf.field.pointer + ": published " +
                            leaf.dump() + " where the proof has " +
                            (pf.field.is_string ? "text" : pf.field.value));
      }
      continue;
    }
    const std::string& text = leaf.get_ref<const std::string&>();
    if (text != pf.field.value) {
      std::vector<internal::ProvenPart> parts;
      for (const Part& part : pf.parts) {
        parts.push_back({part.text, part.withheld});
      }
      failures->push_back(internal::DiagnoseField(pf.field.pointer, parts, text));
    }
  }
  for (const auto& [leaf_pointer, leaf] : by_pointer) {
    failures->push_back("field: " + leaf_pointer +
                        " is in the published record but not in the proof");
  }
  return Status::Ok();
}

// §6.2: every marker has a form the archive writes, so a withheld run never reads as text.
void CheckMarkers(const Proof& proof, std::vector<std::string>* failures) {
  for (const ProofField& pf : proof.fields) {
    for (const Part& part : pf.parts) {
      if (part.withheld > 0 && !IsArchiveMarker(part.text)) {
        failures->push_back("a forged marker: field " + pf.field.pointer + ": \"" + part.text +
                            "\" stands for " + std::to_string(part.withheld) +
                            " withheld unit(s) but is not a marker the archive writes "
                            "(\"[name not declassified; CODE]\", ...)");
      }
    }
  }
}

// §6.4: the archivist's statement over the whole published record, when the bundle has one.
Status CheckPublicationStatement(const Json& bundle, const Proof& proof, VerifyReport* report) {
  if (!bundle.contains("publication_signed")) {
    return Status::Ok();
  }
  const Json& j = bundle.at("publication_signed");
  CHANCERY_RETURN_IF_ERROR(ExpectMembers(j, {"signer", "public_key", "key_audit_seq", "signature"},
                                         "publication_signed"));
  PublicationStatement p;
  CHANCERY_ASSIGN_OR_RETURN(p.signer, StringOf(j, "signer"));
  CHANCERY_ASSIGN_OR_RETURN(p.public_key_hex, StringOf(j, "public_key"));
  CHANCERY_ASSIGN_OR_RETURN(size_t key_seq, CountOf(j, "key_audit_seq"));
  CHANCERY_ASSIGN_OR_RETURN(p.signature_hex, StringOf(j, "signature"));
  p.key_audit_seq = static_cast<int64_t>(key_seq);
  report->signed_commitment.publication = p;
  CHANCERY_ASSIGN_OR_RETURN(const Json* published, Member(bundle, "published"));
  CHANCERY_ASSIGN_OR_RETURN(std::string id, StringOf(*published, "id"));
  const std::string digest = internal::HexEncode(internal::Sha256(internal::Canonical(*published)));
  Status signature =
      audit::VerifyMessage(PublicationMessage(id, proof.signed_commitment.root_hex, digest),
                           p.signature_hex, p.public_key_hex);
  if (!signature.ok()) {
    report->failures.push_back(
        "publication statement: does not verify with its public key (the published record was "
        "changed after publication: its text, markers, /id, /current_label or /publication; or "
        "a wrong key): " +
        std::string(signature.message()));
  }
  return Status::Ok();
}

Status VerifyParsed(const Json& bundle, VerifyReport* report) {
  CHANCERY_ASSIGN_OR_RETURN(Proof proof, ParseProof(bundle));
  report->signed_commitment = proof.signed_commitment;
  const SignedCommitment& s = proof.signed_commitment;
  Status signature =
      audit::VerifyMessage(CommitmentMessage(s.kind, s.record_id, s.record_version, s.root_hex),
                           s.signature_hex, s.public_key_hex);
  if (!signature.ok()) {
    report->failures.push_back(
        "signature: does not verify with the bundle's public key (a wrong key, or an altered "
        "signed statement): " +
        std::string(signature.message()));
  }
  RootCheck(proof, &report->failures).Run();
  CheckMarkers(proof, &report->failures);
  CHANCERY_RETURN_IF_ERROR(CheckPublicationStatement(bundle, proof, report));
  return CheckPublished(bundle, proof, &report->failures);
}

void VerifyText(std::string_view text, VerifyReport* report) {
  // Parsing is iterative but dumping and walking are not: bound the nesting first (a bundle is
  // the published record's JSON two levels down).
  if (format::FindJsonDepthExcess(text, format::kMaxCableJsonDepth + 4) != std::string_view::npos) {
    report->failures.push_back("bundle: malformed: JSON nested too deeply");
    return;
  }
  Json bundle = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (bundle.is_discarded() || !bundle.is_object()) {
    report->failures.push_back("bundle: not a JSON object");
    return;
  }
  if (internal::Canonical(bundle) != text) {
    report->failures.push_back("bundle: not in canonical form (altered or damaged)");
  }
  // The digest covers the bundle without its digest member: take it out, hash, put it back.
  const auto digest = bundle.find("digest");
  Json stated = digest == bundle.end() ? Json() : std::move(*digest);
  bundle.erase("digest");
  const std::string computed = internal::HexEncode(internal::Sha256(internal::Canonical(bundle)));
  if (!stated.is_string() || stated.get<std::string>() != computed) {
    report->failures.push_back(
        "bundle: digest does not match its content (the bundle was altered or damaged)");
  }
  bundle["digest"] = std::move(stated);
  Status parsed = VerifyParsed(bundle, report);
  if (!parsed.ok()) {
    report->failures.push_back("bundle: malformed: " + std::string(parsed.message()));
  }
}

}  // namespace

VerifyReport VerifyBundle(std::string_view bundle_json) {
  VerifyReport report;
  std::string_view text = bundle_json;
  if (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  try {
    VerifyText(text, &report);
  } catch (const std::exception& e) {
    report.failures.push_back(std::string("bundle: malformed: ") + e.what());
  }
  report.ok = report.failures.empty();
  return report;
}

}  // namespace chancery::archive
