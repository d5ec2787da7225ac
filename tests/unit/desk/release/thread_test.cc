// Thread and RepliesOverdue (docs/desk.md "Threads", issue 4 §7).
#include <gtest/gtest.h>

#include "release_fixture.h"

namespace chancery::desk::testing {
namespace {

using model::PrecedenceRank;

constexpr int64_t kDay = 24 * 60 * kMinute;

class ThreadTest : public ReleaseTest {
 protected:
  // Releases a cable referencing `targets` (ids or serials).
  Release Reply(const std::string& title, std::vector<std::string> targets,
                const std::string& level = "SECRET") {
    DraftSpec spec = Spec(title, PrecedenceRank::kRoutine, {"EMB-MOSCOW"}, level);
    for (std::string& target : targets) {
      spec.content.references.push_back({std::move(target), "reply-to", ""});
    }
    clock_.Advance(kMinute);
    return ReleaseSpec(spec);
  }

  Release WithReplyBy(const std::string& title, int64_t reply_by) {
    DraftSpec spec = Spec(title, PrecedenceRank::kRoutine, {"EMB-MOSCOW"});
    spec.reply_by_micros = reply_by;
    return ReleaseSpec(spec);
  }

  // "id(child,child(...))"
  static std::string Shape(const ThreadNode& node) {
    std::string out = node.title;
    if (!node.replies.empty()) {
      out += "(";
      for (size_t i = 0; i < node.replies.size(); ++i) {
        out += (i == 0 ? "" : ",") + Shape(node.replies[i]);
      }
      out += ")";
    }
    return out;
  }

  std::string ThreadShape(const security::Subject& actor, const std::string& cable_id) {
    auto tree = desk().Thread(actor, cable_id);
    EXPECT_TRUE(tree.ok()) << tree.status().ToString();
    return tree.ok() ? Shape(*tree) : tree.status().ToString();
  }
};

TEST_F(ThreadTest, ThreadIsATreeFromTheRootInReleaseOrder) {
  Release a = Reply("A", {});
  Release b = Reply("B", {a.cable_id});
  Release c = Reply("C", {b.cable_id});
  Reply("D", {a.cable_id});
  EXPECT_EQ(ThreadShape(reader_, c.cable_id), "A(B(C),D)");
}

TEST_F(ThreadTest, ReferenceBySerialJoinsTheThread) {
  Release a = Reply("A", {});
  Reply("B", {a.serial.original});
  EXPECT_EQ(ThreadShape(reader_, a.cable_id), "A(B)");
}

TEST_F(ThreadTest, UnreadableRepliesAreOmittedEntirely) {
  Release a = Reply("A", {});
  Release b = Reply("B", {a.cable_id}, "TOP SECRET");
  Reply("C", {b.cable_id});
  Reply("D", {a.cable_id});
  EXPECT_EQ(ThreadShape(secret_reader_, a.cable_id), "A(D)");
  EXPECT_EQ(ThreadShape(reader_, a.cable_id), "A(B(C),D)");
}

TEST_F(ThreadTest, UnreadableCableHasNoThread) {
  Release a = Reply("A", {}, "TOP SECRET");
  EXPECT_EQ(desk().Thread(secret_reader_, a.cable_id).status().code(), StatusCode::kNotFound);
}

TEST_F(ThreadTest, CableWithoutReplyIsOverdueAfterItsReplyBy) {
  Release a = WithReplyBy("A", kStartMicros + 14 * kDay);
  EXPECT_TRUE(desk().RepliesOverdue(reader_)->empty());
  clock_.Advance(15 * kDay);
  auto overdue = desk().RepliesOverdue(reader_);
  ASSERT_TRUE(overdue.ok() && overdue->size() == 1u);
  EXPECT_EQ((*overdue)[0].cable_id, a.cable_id);
  EXPECT_TRUE((*overdue)[0].reply_overdue);
}

TEST_F(ThreadTest, AReplyClosesTheReplyBy) {
  Release a = WithReplyBy("A", kStartMicros + 14 * kDay);
  Reply("B", {a.cable_id});
  clock_.Advance(15 * kDay);
  EXPECT_TRUE(desk().RepliesOverdue(reader_)->empty());
  auto tree = desk().Thread(reader_, a.cable_id);
  ASSERT_TRUE(tree.ok());
  EXPECT_FALSE(tree->reply_overdue);
}

TEST_F(ThreadTest, ThreadMarksTheLateCable) {
  Release a = WithReplyBy("A", kStartMicros + kDay);
  clock_.Advance(2 * kDay);
  auto tree = desk().Thread(reader_, a.cable_id);
  ASSERT_TRUE(tree.ok());
  EXPECT_TRUE(tree->reply_overdue);
}

TEST_F(ThreadTest, RepliesOverdueHidesUnreadableCables) {
  DraftSpec spec = Spec("Top", PrecedenceRank::kRoutine, {"EMB-MOSCOW"}, "TOP SECRET");
  spec.reply_by_micros = kStartMicros + kDay;
  ReleaseSpec(spec);
  clock_.Advance(2 * kDay);
  EXPECT_TRUE(desk().RepliesOverdue(secret_reader_)->empty());
  EXPECT_EQ(desk().RepliesOverdue(reader_)->size(), 1u);
}

}  // namespace
}  // namespace chancery::desk::testing
