// Release commitments v1 and v2 (docs/desk.md "Release", docs/format/proof.md §9) and key
// registration in the audit chain (docs/desk.md "Keys").
#include <functional>
#include <optional>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/archive/commitment.h"
#include "chancery/audit/signing.h"
#include "chancery/desk/keys.h"
#include "chancery/format/json.h"
#include "chancery/security/decide.h"

#include "unit/desk/release/release_fixture.h"

namespace chancery::desk::testing {
namespace {

using model::PrecedenceRank;

class ReleaseCommitmentTest : public ReleaseTest {
 protected:
  Release Signed() { return ReleaseSpec(Spec("Signed", PrecedenceRank::kRoutine, {"EMB-MOSCOW"})); }

  // Rewrites the stored release row of `id` with `edit` applied to its JSON.
  void TamperRow(const std::string& id, const std::function<void(nlohmann::json&)>& edit) {
    auto raw = RawStore();
    Status s = raw->Transact([&](store::Txn& txn) -> Status {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row, txn.GetDoc("desk.release", id));
      nlohmann::json j = nlohmann::json::parse(row->body);
      edit(j);
      row->body = j.dump();
      return txn.PutDoc(*row).status();
    });
    ASSERT_TRUE(s.ok()) << s.ToString();
  }

  // Rewrites the stored record of `id` with `edit` applied, bypassing the desk.
  void TamperRecord(const std::string& id, const std::function<void(model::Cable&)>& edit) {
    auto raw = RawStore();
    model::Cable cable = format::CableFromJson(RecordPayload(id)).value();
    edit(cable);
    store::WriteBatch batch;
    store::RecordWrite write{id, format::CableToJson(cable),
                             security::ClassOf(records().policy(), cable).Key(),
                             cable.serial.original};
    write.replace_sealed = true;
    batch.records.push_back(std::move(write));
    ASSERT_TRUE(raw->Write(std::move(batch)).ok());
  }

  std::string RecordPayload(const std::string& id) { return (*RawStore()->GetRecord(id))->payload; }
};

TEST_F(ReleaseCommitmentTest, V2SignatureCoversTheCommitmentMessage) {
  const Release r = Signed();
  const KeyInfo key = KeyRing::PublicKey(records().store(), "releaser").value();
  EXPECT_TRUE(
      audit::VerifyMessage(archive::CommitmentMessage("release", r.cable_id, 1, r.commitment_root),
                           r.signature.value, key.public_key_hex)
          .ok());
}

TEST_F(ReleaseCommitmentTest, V2ReleaseSignsNoUnsaltedDigest) {
  const Release r = Signed();
  EXPECT_TRUE(r.text_digest.empty());
  EXPECT_TRUE(r.salts.empty());
  EXPECT_EQ(r.signature.digest, r.commitment_root);
}

TEST_F(ReleaseCommitmentTest, V2CommitmentIsTheArchiveCommitmentOfTheRecord) {
  const Release r = Signed();
  const model::Cable cable = format::CableFromJson(RecordPayload(r.cable_id)).value();
  EXPECT_EQ(archive::Commit(cable, r.commitment_seed)->root_hex, r.commitment_root);
}

TEST_F(ReleaseCommitmentTest, V2ForgedSeedFailsVerification) {
  const Release r = Signed();
  TamperRow(r.cable_id, [](nlohmann::json& j) { j["commitment_seed"] = std::string(64, 'a'); });
  Status verified = desk().VerifyRelease(reader_, r.cable_id);
  EXPECT_EQ(verified.code(), StatusCode::kCorruption);
  EXPECT_NE(verified.message().find("commitment root"), std::string_view::npos)
      << verified.ToString();
}

TEST_F(ReleaseCommitmentTest, V2SignatureOverAnotherRootFailsVerification) {
  const Release r = Signed();
  const Release other = Signed();
  TamperRow(r.cable_id,
            [&](nlohmann::json& j) { j["signature"]["value"] = other.signature.value; });
  Status verified = desk().VerifyRelease(reader_, r.cable_id);
  EXPECT_EQ(verified.code(), StatusCode::kCorruption);
  EXPECT_NE(verified.message().find("release by releaser"), std::string_view::npos)
      << verified.ToString();
}

TEST_F(ReleaseCommitmentTest, V1ReleaseMadeByTheOldPathStillVerifies) {
  ReopenWithCommitmentVersion(1);
  const Release r = Signed();
  EXPECT_EQ(r.commitment_version, 1);
  EXPECT_EQ(r.salts.size(), 3u);
  EXPECT_EQ(r.text_digest.size(), 64u);
  ReopenWithCommitmentVersion(2);
  Status verified = desk().VerifyRelease(reader_, r.cable_id);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
}

TEST_F(ReleaseCommitmentTest, V1RowStoredWithoutCommitmentMembersReadsAsV1) {
  ReopenWithCommitmentVersion(1);
  const Release r = Signed();
  const std::optional<store::DocRow> row = RawStore()->GetDoc("desk.release", r.cable_id).value();
  ASSERT_TRUE(row.has_value());
  const std::string body = row->body;
  EXPECT_EQ(body.find("commitment"), std::string::npos);
  EXPECT_EQ(desk().GetRelease(reader_, r.cable_id)->commitment_version, 1);
}

TEST_F(ReleaseCommitmentTest, V1TamperedParagraphStillFailsTheMerkleRoot) {
  ReopenWithCommitmentVersion(1);
  const Release r = Signed();
  TamperRecord(r.cable_id, [](model::Cable& c) { c.body[1].text = "Replies are not expected."; });
  Status verified = desk().VerifyRelease(reader_, r.cable_id);
  EXPECT_NE(verified.message().find("merkle root"), std::string_view::npos) << verified.ToString();
}

TEST_F(ReleaseCommitmentTest, SigningKeyIsRegisteredInTheAuditChain) {
  Signed();
  const KeyInfo key = KeyRing::PublicKey(records().store(), "releaser").value();
  ASSERT_GT(key.audit_seq, 0);
  const auto entries = records().store().ReadAudit(key.audit_seq - 1, 1).value();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "key.register");
  EXPECT_EQ(entries[0].target, "releaser");
  EXPECT_EQ(entries[0].decision, "ok: ed25519 " + key.public_key_hex);
}

TEST_F(ReleaseCommitmentTest, KeyIsRegisteredOnce) {
  Signed();
  Signed();
  EXPECT_EQ(CountAudit("key.register", "releaser"), 1);
}

TEST_F(ReleaseCommitmentTest, UnknownUserHasNoKey) {
  EXPECT_EQ(KeyRing::PublicKey(records().store(), "nobody").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace chancery::desk::testing
