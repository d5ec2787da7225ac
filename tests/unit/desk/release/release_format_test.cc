// Pure parts of the release: serial and DTG rendering, UTC arithmetic, recipient expansion,
// salted Merkle commitments and the JSON bodies of release and delivery rows.
#include <gtest/gtest.h>

#include "chancery/audit/signing.h"
#include "chancery/model/date.h"

#include "desk/desk_impl.h"
#include "desk/release_internal.h"

namespace chancery::desk::internal {
namespace {

// Microseconds since the epoch of a UTC date-time.
int64_t Micros(int32_t y, int32_t mo, int32_t d, int32_t h = 0, int32_t mi = 0) {
  const int64_t days = model::DaysFromCivil(y, mo, d);
  return ((days * 24 + h) * 60 + mi) * 60 * 1'000'000;
}

model::Addressee To(std::string name, model::AddresseeRole role = model::AddresseeRole::kAction,
                    model::PrecedenceRank rank = model::PrecedenceRank::kUnknown) {
  model::Addressee a;
  a.name = std::move(name);
  a.role = role;
  a.precedence.rank = rank;
  return a;
}

Directory Offices() {
  Directory d;
  for (const char* id : {"EMB-A", "EMB-B", "UN"}) {
    Office office;
    office.id = id;
    d.offices.push_back(office);
  }
  d.groups.push_back(AddresseeGroup{"EMBASSIES", "embassies", {"EMB-A", "EMB-B"}});
  d.groups.push_back(AddresseeGroup{"ABROAD", "abroad", {"EMBASSIES", "UN"}});
  return d;
}

TEST(Serial, RendersLikeTheSeed) {
  EXPECT_EQ(RenderSerial("B-Yin", 1963, 692), "(63) B-Yin-692");
  EXPECT_EQ(RenderSerial("Wai", 2005, 7), "(05) Wai-7");
}

TEST(Serial, CableIdKeepsOnlyIdBytes) {
  EXPECT_EQ(SerialCableId("B-Yin", 1963, 692), "B-Yin-1963-692");
  EXPECT_EQ(SerialCableId("B Yin/×", 1963, 1), "B_Yin___-1963-1");
}

TEST(Dtg, IsDayHourMinuteZuluMonthYear) {
  EXPECT_EQ(FormatDtg(Micros(1963, 3, 13, 12, 0)), "131200Z MAR 63");
  EXPECT_EQ(FormatDtg(Micros(2015, 3, 15, 14, 12)), "151412Z MAR 15");
  EXPECT_EQ(FormatDtg(Micros(2000, 12, 1, 0, 5)), "010005Z DEC 00");
}

TEST(Dtg, BeforeTheEpochCountsBackwards) {
  const UtcTime t = ToUtc(Micros(1969, 12, 31, 23, 59) + 30'000'000);
  EXPECT_EQ(t.year, 1969);
  EXPECT_EQ(t.day, 31);
  EXPECT_EQ(t.minute, 59);
  EXPECT_EQ(t.second, 30);
}

TEST(Dtg, ReleaseDateHasMinutePrecision) {
  EXPECT_EQ(ReleaseDate(Micros(1963, 3, 13, 9, 41)).ToIso(), "1963-03-13T09:41Z");
}

TEST(SortKey, QueueOrderHoldsAcrossTheEpoch) {
  const int64_t t1963 = Micros(1963, 3, 13, 12, 0);
  const std::string early = DeliverySortKey(model::PrecedenceRank::kRoutine, t1963, "a");
  const std::string later =
      DeliverySortKey(model::PrecedenceRank::kRoutine, t1963 + 60'000'000, "a");
  const std::string modern =
      DeliverySortKey(model::PrecedenceRank::kRoutine, Micros(2025, 1, 1), "a");
  EXPECT_LT(early, later);
  EXPECT_LT(later, modern);
}

TEST(Recipients, GroupsExpandNestedAndUnique) {
  auto r =
      ExpandRecipients(Offices(), {To("ABROAD"), To("EMB-A")}, model::PrecedenceRank::kRoutine);
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  ASSERT_EQ(r->size(), 3u);
  EXPECT_EQ((*r)[0].office, "EMB-A");
  EXPECT_EQ((*r)[0].via, "ABROAD");
  EXPECT_EQ((*r)[2].office, "UN");
}

TEST(Recipients, OfficeReachedTwiceKeepsHighestPrecedenceAndAction) {
  auto r =
      ExpandRecipients(Offices(),
                       {To("EMBASSIES", model::AddresseeRole::kInfo, model::PrecedenceRank::kFlash),
                        To("EMB-A", model::AddresseeRole::kAction)},
                       model::PrecedenceRank::kPriority);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].rank, model::PrecedenceRank::kFlash);
  EXPECT_EQ((*r)[0].role, model::AddresseeRole::kAction);
  EXPECT_EQ((*r)[1].role, model::AddresseeRole::kInfo);
}

TEST(Recipients, UnknownPrecedenceIsRoutine) {
  auto r = ExpandRecipients(Offices(), {To("UN")}, model::PrecedenceRank::kUnknown);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)[0].rank, model::PrecedenceRank::kRoutine);
}

TEST(Recipients, UnknownAddresseeIsRefusedByName) {
  auto r = ExpandRecipients(Offices(), {To("EMB-NOWHERE")}, model::PrecedenceRank::kRoutine);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(r.status().message().find("EMB-NOWHERE"), std::string_view::npos);
}

TEST(Merkle, LeafIsSaltedSha256) {
  EXPECT_EQ(ParagraphLeaf("00ff", "text"), audit::Sha256Hex("chancery-leaf\n00ff\ntext"));
  EXPECT_NE(ParagraphLeaf("00ff", "text"), ParagraphLeaf("01ff", "text"));
}

TEST(Merkle, EmptyAndSingleLeaf) {
  EXPECT_EQ(MerkleRoot({}), audit::Sha256Hex("chancery-empty\n"));
  EXPECT_EQ(MerkleRoot({"aa"}), "aa");
}

TEST(Merkle, OddNodeIsPromoted) {
  const std::string ab = audit::Sha256Hex("chancery-node\naa\nbb");
  EXPECT_EQ(MerkleRoot({"aa", "bb"}), ab);
  EXPECT_EQ(MerkleRoot({"aa", "bb", "cc"}), audit::Sha256Hex("chancery-node\n" + ab + "\ncc"));
}

TEST(Merkle, ChangingAnyLeafChangesTheRoot) {
  const std::vector<std::string> leaves = {"a1", "b2", "c3", "d4", "e5"};
  for (size_t i = 0; i < leaves.size(); ++i) {
    std::vector<std::string> changed = leaves;
    changed[i] = "ff";
    EXPECT_NE(MerkleRoot(changed), MerkleRoot(leaves)) << "leaf " << i;
  }
}

TEST(Codec, ReleaseRowRoundTrips) {
  ReleaseRow row;
  row.release.cable_id = "B-Yin-1963-692";
  row.release.serial = model::Serial{"B-Yin", 1963, 692, "(63) B-Yin-692"};
  row.release.salts = {"00", "11"};
  row.release.signature.signer = "li";
  row.release.recipients = {"EMB-A", "UN"};
  row.meta.access_class = "class";
  row.meta.reply_by_micros = -5;
  row.meta.parents = {"X-1963-1"};
  auto back = ReleaseRowFromJson(ReleaseRowToJson(row), "k");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->release.serial, row.release.serial);
  EXPECT_EQ(back->release.signature, row.release.signature);
  EXPECT_EQ(back->meta.reply_by_micros, row.meta.reply_by_micros);
  EXPECT_EQ(back->meta.parents, row.meta.parents);
}

TEST(Codec, DeliveryRowRoundTrips) {
  DeliveryRow row;
  row.delivery.cable_id = "c";
  row.delivery.office = "EMB-A";
  row.delivery.role = model::AddresseeRole::kInfo;
  row.delivery.precedence = model::PrecedenceRank::kFlash;
  row.delivery.state = DeliveryState::kAcknowledged;
  row.delivery.acknowledged_by = "ma";
  row.access_class = "class";
  auto back = DeliveryRowFromJson(DeliveryRowToJson(row), "k");
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->delivery.role, row.delivery.role);
  EXPECT_EQ(back->delivery.precedence, row.delivery.precedence);
  EXPECT_EQ(back->delivery.state, row.delivery.state);
  EXPECT_EQ(back->delivery.acknowledged_by, "ma");
}

TEST(Codec, MalformedBodyIsCorruptionNamingTheKey) {
  auto r = DeliveryRowFromJson("{\"cable\": 3}", "c/EMB-A");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kCorruption);
  EXPECT_NE(r.status().message().find("c/EMB-A"), std::string_view::npos);
}

TEST(Overdue, AckRequiredUntilAcknowledgedOtherwiseUntilDelivered) {
  Delivery d;
  d.due_micros = 100;
  d.requires_ack = true;
  d.state = DeliveryState::kDelivered;
  EXPECT_TRUE(IsOverdue(d, 101));
  EXPECT_FALSE(IsOverdue(d, 100));
  d.requires_ack = false;
  EXPECT_FALSE(IsOverdue(d, 101));
}

}  // namespace
}  // namespace chancery::desk::internal
