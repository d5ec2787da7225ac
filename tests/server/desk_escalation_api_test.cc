// chanceryd's overdue-escalation scheduler (issue 12 item 7), through the HTTP API: a lapsed
// delivery is escalated by chanceryd itself, without anyone calling /api/desk/overdue, to the
// escalation addressee set in the directory; once, however many ticks pass and across a restart.
#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/base/clock.h"
#include "chancery/desk/directory.h"
#include "chancery/format/json.h"

#include "server_fixture.h"
#include "support/desk_fixture.h"

namespace chancery::testing {
namespace {

using nlohmann::json;

constexpr int64_t kMinute = 60'000'000;

json Json(const httplib::Result& r) {
  return json::parse(BodyOf(r), nullptr, false);
}

// The fixture's directory with a duty office, MFA-OPS (chairman receives there), named as the
// ministry's escalation addressee: every office below MFA escalates to it.
std::string DirectoryWithDutyOffice() {
  desk::Directory d = DeskFixture::SmallDirectory();
  desk::Office ops = d.offices[0];
  ops.id = "MFA-OPS";
  ops.name = "Operations Centre";
  ops.kind = desk::OfficeKind::kDepartment;
  ops.parent = "MFA";
  ops.series = "";
  d.offices[0].escalation = "MFA-OPS";
  d.offices.push_back(ops);
  d.grants.push_back({"chairman", desk::Role::kRecipient, "MFA-OPS"});
  return desk::RenderDirectory(d);
}

class DeskEscalationApi : public ::testing::Test {
 protected:
  SignedIn As(const std::string& user) {
    auto it = sessions_.find(user);
    if (it != sessions_.end())
      return it->second;
    f_.SetPassword(user, "pw-" + user);
    return sessions_[user] = f_.SignIn(user, "pw-" + user);
  }

  httplib::Result Post(const std::string& user, const std::string& path, const std::string& body) {
    return f_.Client()->Post(path.c_str(), ServerFixture::With(As(user)), body, "application/json");
  }

  httplib::Result Get(const std::string& user, const std::string& path) {
    return f_.Client()->Get(path.c_str(), ServerFixture::With(As(user)));
  }

  void SetUp() override {
    const json current = Json(Get("root", "/api/desk/directory"));
    const json put = {{"text", DirectoryWithDutyOffice()},
                      {"expected_version", current["version"]}};
    auto r = f_.Client()->Put("/api/desk/directory", ServerFixture::With(As("root")), put.dump(),
                              "application/json");
    ASSERT_EQ(StatusOf(r), 200) << BodyOf(r);
  }

  // An IMMEDIATE cable (30 minutes to acknowledge) released to EMB-MOSCOW; returns its id.
  std::string ReleasedImmediate() {
    desk::DraftSpec spec = DeskFixture::Spec("Harbour", {"SECRET"}, {"EMB-MOSCOW"});
    const json body = {{"office", spec.office},
                       {"content", json::parse(format::CableToJson(spec.content))},
                       {"rule", {{"approvers", {"wu", "zeng"}}}}};
    const std::string id = Json(Post("drafter", "/api/desk/drafts", body.dump()))["id"];
    EXPECT_EQ(StatusOf(Post("drafter", "/api/desk/drafts/" + id + "/submit", "")), 200);
    EXPECT_EQ(StatusOf(Post("wu", "/api/desk/drafts/" + id + "/approve", "{}")), 200);
    EXPECT_EQ(StatusOf(Post("zeng", "/api/desk/drafts/" + id + "/approve", "{}")), 200);
    return Json(Post("releaser", "/api/desk/drafts/" + id + "/release", ""))["cable_id"];
  }

  // Waits (at most 20 s) until the scheduler has completed `ticks` more runs.
  void WaitTicks(uint64_t ticks) {
    const uint64_t target = f_.server().EscalationTicks() + ticks;
    for (int i = 0; i < 2000 && f_.server().EscalationTicks() < target; ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    ASSERT_GE(f_.server().EscalationTicks(), target) << "the scheduler did not run";
  }

  json Escalations() { return Json(Get("chairman", "/api/desk/escalations/MFA-OPS")); }

  // desk.escalate entries in the store's audit log.
  int EscalateAuditEntries() {
    const std::string cmd = "sqlite3 '" + f_.dir() +
                            "/store.db' \"SELECT count(*) FROM audit WHERE action = "
                            "'desk.escalate' AND decision LIKE 'ok:%'\"";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    int count = -1;
    if (pipe == nullptr || std::fscanf(pipe.get(), "%d", &count) != 1)
      ADD_FAILURE() << cmd;
    return count;
  }

  FakeClock clock_{kDeskEpochMicros};
  ServerFixture f_{[](server::ServerConfig& c) { c.escalation_interval_seconds = 1; }, &clock_};
  std::map<std::string, SignedIn> sessions_;
};

TEST_F(DeskEscalationApi, ALapsedDeliveryIsEscalatedByTheSchedulerToTheDutyOffice) {
  const std::string cable = ReleasedImmediate();
  WaitTicks(1);
  EXPECT_EQ(Escalations()["escalations"].size(), 0u);  // 30 minutes have not passed
  clock_.Advance(31 * kMinute);
  sessions_.clear();  // sessions signed in before the jump have expired
  WaitTicks(2);
  const json list = Escalations()["escalations"];
  ASSERT_EQ(list.size(), 1u) << list.dump();
  EXPECT_EQ(list[0]["delivery"]["cable_id"], cable);
  EXPECT_EQ(list[0]["delivery"]["office"], "EMB-MOSCOW");
  EXPECT_EQ(list[0]["addressee"], "MFA-OPS");
  EXPECT_NE(list[0]["delivery"]["escalated"], nullptr);
}

TEST_F(DeskEscalationApi, AnEscalationIsNotRepeatedByLaterTicksNorAfterARestart) {
  ReleasedImmediate();
  clock_.Advance(31 * kMinute);
  sessions_.clear();
  WaitTicks(2);
  const json first = Escalations()["escalations"];
  ASSERT_EQ(first.size(), 1u);
  WaitTicks(3);
  EXPECT_EQ(EscalateAuditEntries(), 1);
  f_.Restart();
  clock_.Advance(60 * kMinute);
  sessions_.clear();
  WaitTicks(2);
  EXPECT_EQ(EscalateAuditEntries(), 1);
  const json after = Escalations()["escalations"];
  ASSERT_EQ(after.size(), 1u);
  EXPECT_EQ(after[0]["delivery"]["escalated"], first[0]["delivery"]["escalated"]);
}

TEST_F(DeskEscalationApi, AnAcknowledgedDeliveryIsNotEscalated) {
  const std::string cable = ReleasedImmediate();
  ASSERT_EQ(StatusOf(Post("moscow.clerk", "/api/desk/cables/" + cable + "/ack",
                          R"({"office":"EMB-MOSCOW"})")),
            200);
  clock_.Advance(31 * kMinute);
  sessions_.clear();
  WaitTicks(2);
  EXPECT_EQ(Escalations()["escalations"].size(), 0u);
  EXPECT_EQ(EscalateAuditEntries(), 0);
}

TEST_F(DeskEscalationApi, OnlyTheAddresseeOfficeSeesItsEscalations) {
  EXPECT_EQ(StatusOf(Get("moscow.clerk", "/api/desk/escalations/MFA-OPS")), 403);
}

}  // namespace
}  // namespace chancery::testing
