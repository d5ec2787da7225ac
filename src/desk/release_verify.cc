// VerifyRelease (docs/desk.md "Release"): recomputes what the release committed to from the
// stored record and checks every signature against the registered public keys.
#include <map>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"
#include "chancery/format/cable_text.h"
#include "chancery/format/json.h"
#include "chancery/model/description.h"

#include "desk/desk_impl.h"
#include "desk/draft_internal.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

// Checks signatures against the keys registered in kPublicKeys, loading each user's key once.
class SignatureChecker {
 public:
  SignatureChecker(DeskImpl& desk, std::string_view cable_id) : desk_(desk), cable_id_(cable_id) {}

  Status Check(std::string_view what, std::string_view purpose, const Signature& signature) {
    return CheckMessage(what, SignedMessage(purpose, signature.digest), signature);
  }

  // `signature` of `message` by the signer's registered key.
  Status CheckMessage(std::string_view what, const std::string& message,
                      const Signature& signature) {
    CHANCERY_ASSIGN_OR_RETURN(std::string key, KeyOf(signature.signer));
    const std::string context =
        "cable " + cable_id_ + ": " + std::string(what) + " by " + signature.signer;
    if (key.empty() || key != signature.public_key) {
      return Corruption(context + ": signing key is not the user's registered key");
    }
    Status verified = audit::VerifyMessage(message, signature.value, key);
    if (!verified.ok()) {
      return Corruption(context + ": " + std::string(verified.message()));
    }
    return Status::Ok();
  }

 private:
  Result<std::string> KeyOf(const std::string& user) {
    auto it = keys_.find(user);
    if (it != keys_.end()) {
      return it->second;
    }
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                              desk_.store().GetDoc(kPublicKeys, user));
    return keys_.emplace(user, row.has_value() ? row->body : "").first->second;
  }

  DeskImpl& desk_;
  std::string cable_id_;
  std::map<std::string, std::string> keys_;
};

// v2 (docs/format/proof.md): the seed reproduces the signed root from the record as released.
Status VerifyCommitmentV2(const model::Cable& cable, const Release& release) {
  const std::string context = "cable " + release.cable_id + ": ";
  Result<archive::Commitment> commitment =
      archive::Commit(AsReleased(cable), release.commitment_seed);
  if (!commitment.ok()) {
    return Corruption(context + "commitment seed: " + std::string(commitment.status().message()));
  }
  if (commitment->root_hex != release.commitment_root) {
    return Corruption(context + "record does not match the commitment root of the release");
  }
  if (release.signature.digest != release.commitment_root) {
    return Corruption(context + "release signature covers another commitment");
  }
  return Status::Ok();
}

Status VerifyCommitment(const model::Cable& cable, const Release& release) {
  if (release.commitment_version >= 2) {
    return VerifyCommitmentV2(cable, release);
  }
  const std::string context = "cable " + release.cable_id + ": ";
  if (release.salts.size() != cable.body.size()) {
    return Corruption(context + std::to_string(release.salts.size()) + " salts for " +
                      std::to_string(cable.body.size()) + " paragraphs");
  }
  std::vector<std::string> leaves;
  for (size_t i = 0; i < cable.body.size(); ++i) {
    leaves.push_back(ParagraphLeaf(release.salts[i], cable.body[i].text));
  }
  if (MerkleRoot(leaves) != release.merkle_root) {
    return Corruption(context + "paragraphs do not match the merkle root of the release");
  }
  if (audit::Sha256Hex(format::RenderCableText(AsReleased(cable))) != release.text_digest) {
    return Corruption(context + "canonical text does not match the digest of the release");
  }
  if (release.signature.digest != release.text_digest + release.merkle_root) {
    return Corruption(context + "release signature covers other text");
  }
  return Status::Ok();
}

Status VerifyApprovals(DeskImpl& desk, SignatureChecker& checker, const Release& release) {
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                            desk.store().GetDoc(kDrafts, release.draft_id));
  if (!row.has_value()) {
    return Corruption("cable " + release.cable_id + ": draft " + release.draft_id + " is missing");
  }
  CHANCERY_ASSIGN_OR_RETURN(Draft draft, DraftFromJson(row->body, row->key));
  const std::string digest = DraftDigest(draft);
  for (const ApprovalStep& step : draft.steps) {
    if (!step.signature.has_value()) {
      continue;
    }
    const std::string what = std::string(StepKindName(step.kind));
    CHANCERY_RETURN_IF_ERROR(checker.Check(what, StepKindName(step.kind), *step.signature));
    if (step.state == StepState::kApproved && step.signature->digest != digest) {
      return Corruption("cable " + release.cable_id + ": " + what + " by " + step.user +
                        " does not cover the released text");
    }
  }
  return Status::Ok();
}

Status Verify(DeskImpl& desk, const security::Subject& actor, std::string_view cable_id) {
  CHANCERY_ASSIGN_OR_RETURN(ReleaseRow row, ReadableRelease(desk, nullptr, actor, cable_id));
  const Release& release = row.release;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> record,
                            desk.store().GetRecord(release.cable_id));
  if (!record.has_value()) {
    return Corruption("cable " + release.cable_id + ": released record is missing");
  }
  Result<model::Cable> cable = format::CableFromJson(record->payload, release.cable_id);
  if (!cable.ok()) {
    return Corruption("cable " + release.cable_id +
                      ": record does not parse: " + std::string(cable.status().message()));
  }
  if (record->version > 1) {
    // Archivists' description edits (model/description.h) are signed apart and never touch what
    // the release covers: check everything else of the current record, with the descriptive
    // fields as released (the release is the record's first version).
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::StoredRecord> earlier,
                              desk.store().RecordVersions(release.cable_id));
    // Only when a description edit wrote the current version: a record changed by anything else
    // (a hand edit of the database file) is checked as it stands, and fails. The edit's own
    // signature is checked by `chancery describe history` (docs/archive.md "Description").
    store::DocQuery edits;
    edits.collection = "archive.description";
    edits.group = release.cable_id;
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows, desk.store().ListDocs(edits));
    bool described = false;
    for (const store::DocRow& edit : rows) {
      const nlohmann::json j = nlohmann::json::parse(edit.body, nullptr, false);
      described = described || (j.is_object() && j.contains("new_version") &&
                                j["new_version"].is_number_integer() &&
                                j["new_version"].get<int64_t>() == record->version);
    }
    if (described && !earlier.empty() && earlier.front().version == 1) {
      Result<model::Cable> released = format::CableFromJson(earlier.front().payload);
      if (released.ok()) {
        *cable = model::WithDescriptionOf(std::move(*cable), *released);
      }
    }
  }
  CHANCERY_RETURN_IF_ERROR(VerifyCommitment(*cable, release));
  SignatureChecker checker(desk, release.cable_id);
  if (release.commitment_version >= 2) {
    CHANCERY_RETURN_IF_ERROR(checker.CheckMessage(
        "release",
        archive::CommitmentMessage("release", release.cable_id, 1, release.commitment_root),
        release.signature));
  } else {
    CHANCERY_RETURN_IF_ERROR(checker.Check("release", "release", release.signature));
  }
  return VerifyApprovals(desk, checker, release);
}

}  // namespace

Status DeskImpl::VerifyRelease(const security::Subject& actor, std::string_view cable_id) {
  Status verified = Verify(*this, actor, cable_id);
  const std::string decision = verified.ok() ? "ok" : "fail: " + verified.ToString();
  CHANCERY_RETURN_IF_ERROR(
      AuditOnly(Event(actor, "desk.release.verify", std::string(cable_id), decision)));
  return verified;
}

}  // namespace chancery::desk::internal
