// Inbox, Acknowledge, DeliveryReport and Overdue (docs/desk.md "Distribution and delivery",
// issue 4 §6).
#include <gtest/gtest.h>

#include "release_fixture.h"

namespace chancery::desk::testing {
namespace {

using model::PrecedenceRank;

class DeliveryTest : public ReleaseTest {
 protected:
  std::vector<std::string> InboxIds(const security::Subject& user, const std::string& office,
                                    bool pending_only = false) {
    auto inbox = desk().Inbox(user, office, pending_only);
    EXPECT_TRUE(inbox.ok()) << inbox.status().ToString();
    std::vector<std::string> ids;
    for (const InboxItem& item : inbox.ok() ? *inbox : std::vector<InboxItem>{}) {
      ids.push_back(item.delivery.cable_id);
    }
    return ids;
  }

  std::vector<std::string> OverdueIds(const security::Subject& user) {
    auto overdue = desk().Overdue(user);
    EXPECT_TRUE(overdue.ok()) << overdue.status().ToString();
    std::vector<std::string> ids;
    for (const InboxItem& item : overdue.ok() ? *overdue : std::vector<InboxItem>{}) {
      ids.push_back(item.delivery.cable_id);
    }
    return ids;
  }

  Release Send(PrecedenceRank rank, const std::string& to = "EMB-MOSCOW") {
    return ReleaseSpec(Spec("Cable", rank, {to}));
  }
};

TEST_F(DeliveryTest, InboxListsFlashBeforeRoutineRegardlessOfArrival) {
  Release routine = Send(PrecedenceRank::kRoutine);
  clock_.Advance(kMinute);
  Release flash = Send(PrecedenceRank::kFlash);
  EXPECT_EQ(InboxIds(moscow_, "EMB-MOSCOW"),
            (std::vector<std::string>{flash.cable_id, routine.cable_id}));
}

TEST_F(DeliveryTest, SamePrecedenceIsInDateTimeGroupOrder) {
  Release first = Send(PrecedenceRank::kPriority);
  clock_.Advance(kMinute);
  Release second = Send(PrecedenceRank::kPriority);
  EXPECT_EQ(InboxIds(moscow_, "EMB-MOSCOW"),
            (std::vector<std::string>{first.cable_id, second.cable_id}));
}

TEST_F(DeliveryTest, DateTimeGroupOrderHoldsBefore1970) {
  clock_.Set(-214'747'200'000'000);  // 1963-03-13T12:00Z
  Release first = Send(PrecedenceRank::kPriority);
  clock_.Advance(kMinute);
  Release second = Send(PrecedenceRank::kPriority);
  EXPECT_EQ(InboxIds(moscow_, "EMB-MOSCOW"),
            (std::vector<std::string>{first.cable_id, second.cable_id}));
}

TEST_F(DeliveryTest, ListingTheInboxIsTheDeliveryReport) {
  Release r = Send(PrecedenceRank::kRoutine);
  EXPECT_EQ(DeliveryTo(r.cable_id, "EMB-MOSCOW").state, DeliveryState::kQueued);
  clock_.Advance(kMinute);
  InboxIds(moscow_, "EMB-MOSCOW");
  Delivery d = DeliveryTo(r.cable_id, "EMB-MOSCOW");
  EXPECT_EQ(d.state, DeliveryState::kDelivered);
  EXPECT_EQ(d.delivered_micros, kStartMicros + kMinute);
}

TEST_F(DeliveryTest, InboxNeedsTheRecipientRoleAtTheOffice) {
  Send(PrecedenceRank::kRoutine);
  EXPECT_EQ(desk().Inbox(hanoi_, "EMB-MOSCOW", false).status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(DeliveryTest, AcknowledgementIsIdempotent) {
  Release r = Send(PrecedenceRank::kFlash);
  ASSERT_TRUE(desk().Acknowledge(moscow_, r.cable_id, "EMB-MOSCOW").ok());
  clock_.Advance(kMinute);
  ASSERT_TRUE(desk().Acknowledge(moscow_, r.cable_id, "EMB-MOSCOW").ok());
  Delivery d = DeliveryTo(r.cable_id, "EMB-MOSCOW");
  EXPECT_EQ(d.state, DeliveryState::kAcknowledged);
  EXPECT_EQ(d.acknowledged_by, "moscow");
  EXPECT_EQ(d.acknowledged_micros, kStartMicros);
  EXPECT_EQ(CountAudit("desk.acknowledge", r.cable_id + "/EMB-MOSCOW"), 2);
}

TEST_F(DeliveryTest, AcknowledgementNeedsTheRecipientRoleAtThatOffice) {
  Release r = Send(PrecedenceRank::kFlash);
  EXPECT_EQ(desk().Acknowledge(hanoi_, r.cable_id, "EMB-MOSCOW").code(),
            StatusCode::kPermissionDenied);
  EXPECT_EQ(desk().Acknowledge(moscow_, "B-Yin-2025-99", "EMB-MOSCOW").code(),
            StatusCode::kNotFound);
}

TEST_F(DeliveryTest, PendingOnlyHidesAcknowledged) {
  Release acked = Send(PrecedenceRank::kFlash);
  Release open = Send(PrecedenceRank::kRoutine);
  ASSERT_TRUE(desk().Acknowledge(moscow_, acked.cable_id, "EMB-MOSCOW").ok());
  EXPECT_EQ(InboxIds(moscow_, "EMB-MOSCOW", true), std::vector<std::string>{open.cable_id});
  EXPECT_EQ(InboxIds(moscow_, "EMB-MOSCOW", false).size(), 2u);
}

TEST_F(DeliveryTest, FlashAndImmediateRequireAcknowledgement) {
  EXPECT_TRUE(DeliveryTo(Send(PrecedenceRank::kFlash).cable_id, "EMB-MOSCOW").requires_ack);
  EXPECT_TRUE(DeliveryTo(Send(PrecedenceRank::kImmediate).cable_id, "EMB-MOSCOW").requires_ack);
  EXPECT_FALSE(DeliveryTo(Send(PrecedenceRank::kPriority).cable_id, "EMB-MOSCOW").requires_ack);
}

TEST_F(DeliveryTest, FlashIsOverdueAfterTenMinutes) {
  Release r = Send(PrecedenceRank::kFlash);
  clock_.Advance(9 * kMinute);
  EXPECT_TRUE(OverdueIds(moscow_).empty());
  clock_.Advance(2 * kMinute);
  EXPECT_EQ(OverdueIds(moscow_), std::vector<std::string>{r.cable_id});
}

TEST_F(DeliveryTest, ImmediateIsOverdueAfterThirtyMinutes) {
  Release r = Send(PrecedenceRank::kImmediate);
  clock_.Advance(29 * kMinute);
  EXPECT_TRUE(OverdueIds(moscow_).empty());
  clock_.Advance(2 * kMinute);
  EXPECT_EQ(OverdueIds(moscow_), std::vector<std::string>{r.cable_id});
}

TEST_F(DeliveryTest, LapsedDeliveryIsEscalatedOnce) {
  Release r = Send(PrecedenceRank::kFlash);
  clock_.Advance(11 * kMinute);
  OverdueIds(moscow_);
  clock_.Advance(kMinute);
  OverdueIds(moscow_);
  EXPECT_EQ(CountAudit("desk.escalate", r.cable_id + "/EMB-MOSCOW"), 1);
  EXPECT_EQ(DeliveryTo(r.cable_id, "EMB-MOSCOW").escalated_micros, kStartMicros + 11 * kMinute);
}

TEST_F(DeliveryTest, FlashBefore1970IsOverdueAfterItsObjective) {
  clock_.Set(-214'747'200'000'000);  // 1963-03-13T12:00Z
  Release r = Send(PrecedenceRank::kFlash);
  clock_.Advance(9 * kMinute);
  EXPECT_TRUE(OverdueIds(moscow_).empty());
  clock_.Advance(2 * kMinute);
  EXPECT_EQ(OverdueIds(moscow_), std::vector<std::string>{r.cable_id});
}

TEST_F(DeliveryTest, AcknowledgedDeliveryIsNotOverdue) {
  Release r = Send(PrecedenceRank::kFlash);
  ASSERT_TRUE(desk().Acknowledge(moscow_, r.cable_id, "EMB-MOSCOW").ok());
  clock_.Advance(60 * kMinute);
  EXPECT_TRUE(OverdueIds(moscow_).empty());
}

TEST_F(DeliveryTest, OverdueListsOnlyWhatTheActorMayRead) {
  Send(PrecedenceRank::kFlash);
  clock_.Advance(11 * kMinute);
  EXPECT_TRUE(OverdueIds(outsider_).empty());
  EXPECT_EQ(OverdueIds(moscow_).size(), 1u);
}

TEST_F(DeliveryTest, RoutineUndeliveredAfterSixHoursIsEscalated) {
  Release r = Send(PrecedenceRank::kRoutine);
  clock_.Advance(5 * 60 * kMinute);
  EXPECT_TRUE(OverdueIds(moscow_).empty());
  clock_.Advance(61 * kMinute);
  EXPECT_EQ(OverdueIds(moscow_), std::vector<std::string>{r.cable_id});
  EXPECT_EQ(CountAudit("desk.escalate", r.cable_id + "/EMB-MOSCOW"), 1);
}

TEST_F(DeliveryTest, RoutineDeliveredInTimeNeverLapses) {
  Send(PrecedenceRank::kRoutine);
  ASSERT_TRUE(desk().Inbox(moscow_, "EMB-MOSCOW", true).ok());  // delivered
  clock_.Advance(7 * 60 * kMinute);
  EXPECT_TRUE(OverdueIds(moscow_).empty());
}

TEST_F(DeliveryTest, OverdueIsScopedToTheRecipientAndTheReleasingOffice) {
  Release r = Send(PrecedenceRank::kFlash);
  clock_.Advance(11 * kMinute);
  EXPECT_TRUE(OverdueIds(reader_).empty());  // cleared, but no role at either office
  EXPECT_TRUE(OverdueIds(hanoi_).empty());   // a recipient elsewhere
  EXPECT_EQ(OverdueIds(releaser_), std::vector<std::string>{r.cable_id});
  EXPECT_EQ(OverdueIds(admin_), std::vector<std::string>{r.cable_id});
}

TEST_F(DeliveryTest, InboxItemShowsSerialTitleAndLabel) {
  Release r = Send(PrecedenceRank::kRoutine);
  auto inbox = desk().Inbox(moscow_, "EMB-MOSCOW", false);
  ASSERT_TRUE(inbox.ok() && inbox->size() == 1u);
  EXPECT_EQ((*inbox)[0].serial, r.serial.original);
  EXPECT_EQ((*inbox)[0].title, "Cable");
  EXPECT_EQ((*inbox)[0].label, "SECRET");
}

}  // namespace
}  // namespace chancery::desk::testing
