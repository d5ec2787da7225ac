// ReleaseDraft, GetRelease and VerifyRelease (docs/desk.md "Release", issue 4 §4-§5).
#include <algorithm>

#include <gtest/gtest.h>

#include "chancery/format/json.h"
#include "chancery/model/date.h"
#include "chancery/security/decide.h"

#include "desk/desk_impl.h"
#include "release_fixture.h"

namespace chancery::desk::testing {
namespace {

using model::PrecedenceRank;

constexpr int64_t k1963March13Noon = -214'747'200'000'000;  // 1963-03-13T12:00:00Z

// Advances the series' sequence to `value` as if that many cables had been released before.
void PresetSerial(store::Store& store, const std::string& series, int year, int64_t value) {
  Status s = store.Transact([&](store::Txn& txn) -> Status {
    for (int64_t i = 0; i < value; ++i) {
      CHANCERY_RETURN_IF_ERROR(txn.NextSequence(internal::SerialSequence(series, year)).status());
    }
    return Status::Ok();
  });
  ASSERT_TRUE(s.ok()) << s.ToString();
}

// Rewrites the stored record of `id` with `edit` applied, bypassing the desk.
void TamperRecord(store::Store& store, const security::Policy& policy, const std::string& id,
                  const std::function<void(model::Cable&)>& edit) {
  auto stored = store.GetRecord(id);
  ASSERT_TRUE(stored.ok() && stored->has_value());
  auto cable = format::CableFromJson((*stored)->payload);
  ASSERT_TRUE(cable.ok()) << cable.status().ToString();
  edit(*cable);
  store::WriteBatch batch;
  store::RecordWrite write{id, format::CableToJson(*cable), security::ClassOf(policy, *cable).Key(),
                           (*stored)->serial};
  write.replace_sealed = true;  // an attacker with the store's code and file can do this
  batch.records.push_back(std::move(write));
  ASSERT_TRUE(store.Write(std::move(batch)).ok());
}

TEST_F(ReleaseTest, SerialIsNextInSeriesAndYearRenderedLikeTheSeed) {
  clock_.Set(k1963March13Noon);
  PresetSerial(*RawStore(), "B-Yin", 1963, 691);
  Release r = ReleaseSpec(Spec("Key points", PrecedenceRank::kImmediate, {"EMB-MOSCOW"}));
  EXPECT_EQ(r.serial.original, "(63) B-Yin-692");
  EXPECT_EQ(r.serial.number, 692);
  EXPECT_EQ(r.cable_id, "B-Yin-1963-692");
}

TEST_F(ReleaseTest, DateTimeGroupIsTheReleaseMomentInUtc) {
  clock_.Set(k1963March13Noon);
  Release r = ReleaseSpec(Spec("Key points", PrecedenceRank::kImmediate, {"EMB-MOSCOW"}));
  EXPECT_EQ(r.dtg, "131200Z MAR 63");
  auto shown = records().Show(reader_, r.cable_id);
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->released.ToIso(), "1963-03-13T12:00Z");
}

TEST_F(ReleaseTest, SerialsCountPerYear) {
  ReleaseSpec(Spec("First", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  clock_.Set(kStartMicros + 365LL * 24 * 60 * kMinute);
  Release r = ReleaseSpec(Spec("Next year", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  EXPECT_EQ(r.serial.original, "(26) B-Yin-1");
}

TEST_F(ReleaseTest, GroupExpansionIsStoredWithTheCable) {
  Release r = ReleaseSpec(Spec("To all", PrecedenceRank::kPriority, {"ABROAD"}));
  EXPECT_EQ(r.recipients,
            (std::vector<std::string>{"EMB-HANOI", "EMB-MOSCOW", "EMB-TIRANA", "UN-NY"}));
  auto shown = records().Show(reader_, r.cable_id);
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  ASSERT_EQ(shown->addressees.size(), 5u);
  EXPECT_TRUE(shown->addressees[0].is_group);
  EXPECT_EQ(shown->addressees[4].name, "UN-NY");
  EXPECT_EQ(shown->addressees[4].note, "via ABROAD");
}

TEST_F(ReleaseTest, OfficeNoLongerClearedGetsNonDeliveryWithReason) {
  const std::string draft =
      Approve(Spec("Top", PrecedenceRank::kFlash, {"EMBASSIES"}, "TOP SECRET"));
  SetOfficeLevel("EMB-HANOI", "SECRET");
  auto r = desk().ReleaseDraft(releaser_, draft);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  Delivery d = DeliveryTo(r->cable_id, "EMB-HANOI");
  EXPECT_EQ(d.state, DeliveryState::kNonDelivered);
  EXPECT_NE(d.reason.find("office EMB-HANOI not cleared for TOP SECRET"), std::string::npos);
  EXPECT_EQ(DeliveryTo(r->cable_id, "EMB-MOSCOW").state, DeliveryState::kQueued);
}

TEST_F(ReleaseTest, NonDeliveredOfficeNeverSeesTheText) {
  const std::string draft =
      Approve(Spec("Top", PrecedenceRank::kFlash, {"EMBASSIES"}, "TOP SECRET"));
  SetOfficeLevel("EMB-HANOI", "SECRET");
  security::Subject hanoi = records_.User("hanoi", "SECRET");
  auto r = desk().ReleaseDraft(releaser_, draft);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  auto inbox = desk().Inbox(hanoi, "EMB-HANOI", false);
  ASSERT_TRUE(inbox.ok()) << inbox.status().ToString();
  EXPECT_TRUE(inbox->empty());
  EXPECT_EQ(desk().GetRelease(hanoi, r->cable_id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(records().Show(hanoi, r->cable_id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(desk().Acknowledge(hanoi, r->cable_id, "EMB-HANOI").code(), StatusCode::kNotFound);
}

TEST_F(ReleaseTest, ReleasedCableIsShowableAndSearchableByClearedReaderOnly) {
  Release r = ReleaseSpec(Spec("Chernovenko reception", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  auto shown = records().Show(reader_, r.serial.original);
  ASSERT_TRUE(shown.ok()) << shown.status().ToString();
  EXPECT_EQ(shown->id, r.cable_id);
  EXPECT_EQ(records().Search(reader_, chancery::testing::Query("Chernovenko"))->total, 1u);
  EXPECT_EQ(records().Show(outsider_, r.cable_id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(records().Search(outsider_, chancery::testing::Query("Chernovenko"))->total, 0u);
}

TEST_F(ReleaseTest, UnreadableReleaseIsReportedExactlyAsAMissingOne) {
  Release r = ReleaseSpec(Spec("Secret", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  auto hidden = desk().GetRelease(outsider_, r.cable_id);
  auto missing = desk().GetRelease(outsider_, "B-Yin-2025-999");
  EXPECT_EQ(hidden.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(hidden.status().message(), "no cable " + r.cable_id);
  EXPECT_EQ(missing.status().message(), "no cable B-Yin-2025-999");
}

TEST_F(ReleaseTest, ReleaseRecordsApprovalsAndFreezesTheDraft) {
  Release r = ReleaseSpec(Spec("Approved", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  auto shown = records().Show(reader_, r.cable_id);
  ASSERT_TRUE(shown.ok());
  ASSERT_EQ(shown->approvals.size(), 1u);
  EXPECT_EQ(shown->approvals[0].name, "wu");
  auto draft = desk().GetDraft(drafter_, r.draft_id);
  ASSERT_TRUE(draft.ok()) << draft.status().ToString();
  EXPECT_EQ(draft->state, DraftState::kReleased);
  EXPECT_EQ(draft->released_cable_id, r.cable_id);
}

TEST_F(ReleaseTest, SecondReleaseOfADraftIsRefused) {
  Release r = ReleaseSpec(Spec("Once", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  auto again = desk().ReleaseDraft(releaser_, r.draft_id);
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_EQ(CountAudit("desk.release", r.draft_id), 1);  // the refusal is audited
}

TEST_F(ReleaseTest, OnlyAReleaserAtTheDraftingOfficeMayRelease) {
  const std::string draft = Approve(Spec("Mine", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  EXPECT_EQ(desk().ReleaseDraft(drafter_, draft).status().code(), StatusCode::kPermissionDenied);
  EXPECT_EQ(desk().ReleaseDraft(outsider_, draft).status().code(), StatusCode::kNotFound);
}

TEST_F(ReleaseTest, SignaturesAndCommitmentVerify) {
  Release r = ReleaseSpec(Spec("Signed", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  EXPECT_EQ(r.commitment_version, 2);
  EXPECT_EQ(r.commitment_seed.size(), 64u);
  EXPECT_EQ(r.commitment_root.size(), 64u);
  Status verified = desk().VerifyRelease(reader_, r.cable_id);
  EXPECT_TRUE(verified.ok()) << verified.ToString();
}

TEST_F(ReleaseTest, TamperedParagraphFailsVerification) {
  Release r = ReleaseSpec(Spec("Signed", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  TamperRecord(*RawStore(), records().policy(), r.cable_id,
               [](model::Cable& c) { c.body[1].text = "Replies are not expected."; });
  Status verified = desk().VerifyRelease(reader_, r.cable_id);
  EXPECT_EQ(verified.code(), StatusCode::kCorruption);
  EXPECT_NE(verified.message().find("commitment root"), std::string_view::npos)
      << verified.ToString();
}

TEST_F(ReleaseTest, TamperedHeaderFailsTheCommitment) {
  Release r = ReleaseSpec(Spec("Signed", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}));
  TamperRecord(*RawStore(), records().policy(), r.cable_id,
               [](model::Cable& c) { c.title = "Another title"; });
  Status verified = desk().VerifyRelease(reader_, r.cable_id);
  EXPECT_EQ(verified.code(), StatusCode::kCorruption);
  EXPECT_NE(verified.message().find("commitment root"), std::string_view::npos)
      << verified.ToString();
}

}  // namespace
}  // namespace chancery::desk::testing
