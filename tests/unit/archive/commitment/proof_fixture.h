// A vocabulary for commitment and proof-bundle tests (docs/format/proof.md): a sample cable, a
// signer in a temp dir, bundles signed over a withheld run, and tampering that re-computes the
// bundle digest as a deliberate forger would. Header-only; test code only.
#pragma once

#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/audit/audit_log.h"
#include "chancery/audit/signing.h"
#include "chancery/format/json.h"
#include "chancery/model/cable.h"

#include "support/temp_dir.h"

namespace chancery::testing {

inline constexpr char kSampleSeed[] =
    "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

// A small released cable: header fields with names, three paragraphs (one with CJK), an empty
// summary, a number and a bool.
inline model::Cable SampleCable() {
  const char* json = R"({
    "id": "B-Yin-1963-692",
    "organization": "Ministry of Foreign Affairs",
    "document_type": "Top Secret Telegram",
    "serial": {"series": "B-Yin", "year": 1963, "number": 692, "original": "(63) B-Yin-692"},
    "date": "1963-03-13",
    "original_marking": {"verbatim": "Top Secret", "label": {"classification": "TOP SECRET"}},
    "current_label": {"classification": "TOP SECRET"},
    "approvals": [{"name": "Wu Xiuquan", "state": "approved"},
                  {"name": "Zeng Yongquan", "state": "approved"}],
    "title": "Key Points of the Conversation",
    "body": [{"text": "Chairman Mao received Ambassador Chervonenko on 9 March."},
             {"text": "The source in Hanoi, Nguyen Van Minh, reports troop movements."},
             {"text": "毛主席接见了契尔沃年科大使。"}]
  })";
  return format::CableFromJson(json).value();
}

// The run of field `pointer` of `cable` from its first to its last word unit (a whole paragraph
// or name), with `marker`.
inline archive::WithheldRun WholeFieldRun(const model::Cable& cable, const std::string& pointer,
                                          const std::string& marker) {
  const std::vector<archive::Field> fields = archive::CommittedFields(cable).value();
  for (const archive::Field& field : fields) {
    if (field.pointer != pointer) {
      continue;
    }
    const std::vector<archive::Unit> units = archive::SplitUnits(field.value);
    size_t first = 0;
    size_t end = units.size();
    while (first < end && !units[first].word) {
      ++first;
    }
    while (end > first && !units[end - 1].word) {
      --end;
    }
    return archive::WithheldRun{pointer, first, end, marker};
  }
  return archive::WithheldRun{pointer, 0, 0, marker};
}

// Two signers in a temp dir and bundles signed by them. Usable outside GoogleTest (the bundle
// writer for the Python verifier's test).
class ProofMaker {
 public:
  ProofMaker()
      : signer_(audit::Signer::LoadOrCreate(dir_.File("releaser.key")).value()),
        other_(audit::Signer::LoadOrCreate(dir_.File("other.key")).value()) {}

  static archive::WithheldRun Withhold(const std::string& pointer, size_t first, size_t end,
                                       const std::string& marker) {
    return archive::WithheldRun{pointer, first, end, marker};
  }

  // The withheld runs of the standard bundle: a name in paragraph 2 and the second approver.
  static std::vector<archive::WithheldRun> NameAndApprover() {
    // "The source in Hanoi, Nguyen Van Minh, reports": units 8..13 are "Nguyen Van Minh".
    return {Withhold("/body/1/text", 8, 13, "[name not declassified]"),
            Withhold("/approvals/1/name", 0, 3, "[name not declassified]")};
  }

  // The bundle of `original` published with `runs`, signed by `signer` (default: the releaser),
  // with the archivist's publication statement (by other_) unless `statement` is false (a
  // bundle of a publication made before statements existed).
  std::string Bundle(const model::Cable& original, const std::vector<archive::WithheldRun>& runs,
                     const std::string& seed = kSampleSeed, const audit::Signer* signer = nullptr,
                     bool statement = true) {
    signer = signer == nullptr ? &signer_ : signer;
    archive::BundleInput input;
    input.original = original;
    input.seed_hex = seed;
    input.withheld = runs;
    input.published = archive::ApplyRedactions(original, runs).value();
    input.published.id = original.id + "-p1";
    model::Publication& p = input.published.publication;
    p.of = original.id;
    p.of_version = 1;
    p.number = 1;
    p.published = "2026-12-02T13:00:00Z";
    p.archivist = "arch";
    p.reviewers = {"rev"};
    p.in_full = runs.empty();
    for (const archive::WithheldRun& run : runs) {
      p.redactions.push_back({run.pointer, run.marker, "25X1"});
    }
    const archive::Commitment c = archive::Commit(original, seed).value();
    archive::SignedCommitment& s = input.signed_commitment;
    s = {"release", original.id, 1,           c.root_hex, "rel", signer->public_key_hex(),
         7,         "",          std::nullopt};
    s.signature_hex = audit::SignMessage(
        *signer, archive::CommitmentMessage(s.kind, s.record_id, s.record_version, s.root_hex));
    if (statement) {
      const std::string digest = archive::PublishedDigest(input.published).value();
      s.publication = archive::PublicationStatement{
          "arch", other_.public_key_hex(), 9,
          audit::SignMessage(other_,
                             archive::PublicationMessage(input.published.id, s.root_hex, digest))};
    }
    return archive::MakeBundle(input).value();
  }

  std::string StandardBundle() { return Bundle(SampleCable(), NameAndApprover()); }

  // The standard bundle as a publication made before publication statements would give it.
  std::string LegacyBundle() {
    return Bundle(SampleCable(), NameAndApprover(), kSampleSeed, nullptr, /*statement=*/false);
  }

  // Every marker of `bundle` set to `text`, in the proof and in the published record alike, so
  // that the published text is still the proven text with "markers" in place (finding 4).
  static void DressMarkers(nlohmann::json& bundle, const std::string& text) {
    for (nlohmann::json& field : bundle["fields"]) {
      if (!field.contains("parts")) {
        continue;
      }
      for (nlohmann::json& part : field["parts"]) {
        if (part.contains("marker")) {
          const std::string marker = part["marker"].get<std::string>();
          part["marker"] = text;
          Replace(bundle["published"], marker, text);
        }
      }
    }
  }

  static void Replace(nlohmann::json& value, const std::string& from, const std::string& to) {
    if (value.is_string()) {
      std::string s = value.get<std::string>();
      for (size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
        s.replace(at, from.size(), to);
      }
      value = s;
    } else if (value.is_structured()) {
      for (nlohmann::json& child : value) {
        Replace(child, from, to);
      }
    }
  }

  // The bundle after `edit` of its JSON, with its digest re-computed (a deliberate forgery).
  template <typename Edit>
  static std::string Forge(const std::string& bundle, Edit edit) {
    nlohmann::json json = nlohmann::json::parse(bundle);
    edit(json);
    json.erase("digest");
    json["digest"] = audit::Sha256Hex(json.dump());
    return json.dump();
  }

  static std::string FlipByte(std::string bundle, size_t at) {
    bundle[at] = static_cast<char>(bundle[at] ^ 0x01);
    return bundle;
  }

  // What verifying `bundle` reports as failing (none when it verifies).
  static std::vector<std::string> Failures(const std::string& bundle) {
    return archive::VerifyBundle(bundle).failures;
  }

  TempDir dir_;
  audit::Signer signer_;
  audit::Signer other_;
};

class ProofFixture : public ::testing::Test, public ProofMaker {};

}  // namespace chancery::testing
