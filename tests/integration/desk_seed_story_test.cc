// The seed's own story at the desk (issue 4, "Done when"): the 1963 telegram of
// ../shared/seed/000_68b43146905a32b5.txt drafted in the Soviet and Eastern European Division,
// approved by Wu Xiuquan and Zeng Yongquan, released as "(63) B-Yin-N", delivered to every
// embassy of the Party committees abroad in precedence order and acknowledged there, issued
// subject to the approval of four leaders (recorded, then closed), shared with four fraternal
// parties, the ambassador in Moscow also informed, and its reply, due within two weeks, overdue
// when late. Uses the example directory (examples/desk/directory.txt) and the library directly.
#include <fstream>
#include <map>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/base/clock.h"
#include "chancery/desk/desk.h"
#include "chancery/records/records.h"
#include "chancery/security/policy.h"

#include "support/temp_dir.h"

namespace chancery {
namespace {

constexpr int64_t kDay = 86'400'000'000;
constexpr int64_t kMarch4th1963 = -215'568'000'000'000;  // 1963-03-04T00:00Z

// Recipients of the example directory's embassies (grants in examples/desk/directory.txt).
const std::map<std::string, std::string> kEmbassyClerks = {
    {"EMB-MOSCOW", "pan.zili"},   {"EMB-TIRANA", "luo.ming"}, {"EMB-HANOI", "zhu.qi"},
    {"EMB-PYONGYANG", "han.wei"}, {"EMB-JAKARTA", "yao.li"},  {"EMB-ALGIERS", "deng.hua"},
    {"EMB-BERLIN", "shi.jun"},    {"EMB-WARSAW", "gao.feng"}};
const std::vector<std::string> kLeaders = {"mao.zedong", "liu.shaoqi", "zhou.enlai",
                                           "deng.xiaoping"};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

class DeskSeedStoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    records::RecordsOptions ro;
    ro.db_path = dir_.File("mfa.db");
    ro.synchronous_full = false;
    ro.clock = &clock_;
    records_ = *records::Records::Init(ro, security::DefaultPolicyText());
    std::vector<std::string> users = {"li.wenzhong", "wu.xiuquan", "zeng.yongquan", "ma.lin"};
    users.insert(users.end(), kLeaders.begin(), kLeaders.end());
    for (const auto& [office, clerk] : kEmbassyClerks)
      users.push_back(clerk);
    for (const std::string& name : users) {
      records::UserSpec spec;
      spec.name = name;
      spec.clearance.level = "TOP SECRET";
      spec.clearance.categories = {"INTERNAL RESEARCH"};
      spec.clearance.groups = {"PRC"};
      ASSERT_TRUE(records_->AddUser(Admin(), spec).ok());
    }
    desk::DeskOptions dopt;
    dopt.db_path = ro.db_path;
    dopt.synchronous_full = false;
    dopt.clock = &clock_;
    desk_ = *desk::Desk::Open(dopt, *records_);
    const std::string path = std::string(CHANCERY_SOURCE_DIR) + "/examples/desk/directory.txt";
    auto directory = desk::ParseDirectory(ReadFile(path), path);
    ASSERT_TRUE(directory.ok()) << directory.status().ToString();
    ASSERT_TRUE(desk_->ReplaceDirectory(Admin(), *directory, std::nullopt).ok());
  }

  security::Subject Admin() const { return records_->Administrator("admin:registry"); }

  security::Subject As(const std::string& name) { return *records_->ResolveSubject(name); }

  // The telegram as the division drafts it.
  static desk::DraftSpec Telegram() {
    desk::DraftSpec spec;
    spec.office = "MFA-SOVEE";
    model::Cable& c = spec.content;
    c.title =
        "Key Points of the Conversation from Chairman Mao Zedong's Reception of the "
        "Soviet Ambassador to China";
    c.document_type = "Top Secret Telegram";
    c.internal_reference = "Division × #4";
    c.precedence.original = "Very Urgent";
    c.precedence.rank = model::PrecedenceRank::kImmediate;
    c.body.push_back({"On the afternoon of 9 March the Chairman received the Soviet Ambassador.",
                      model::Label{"TOP SECRET", {"INTERNAL RESEARCH"}, {}}});
    c.body.push_back({"Key points of the conversation follow for your internal study.",
                      model::Label{"SECRET", {}, {}}});
    model::Addressee to;
    to.name = "PARTY-COMMITTEES";
    to.is_group = true;
    c.addressees.push_back(to);
    model::Addressee info;
    info.name = "MISSIONS-IO";
    info.is_group = true;
    info.role = model::AddresseeRole::kInfo;
    info.note = "Notify comrades at various missions to international organizations";
    c.addressees.push_back(info);
    for (const char* party : {"Algeria", "DPRK", "Vietnam", "Indonesia"}) {
      c.disseminations.push_back(
          {std::string("the Central Committee of the fraternal party of ") + party,
           "REL TO ALLIED PARTIES", model::Date(), "before being issued"});
    }
    c.also_informed = {"The Chinese Ambassador to the Soviet Union Comrade Pan Zili"};
    spec.rule.approvers = {"wu.xiuquan", "zeng.yongquan"};
    spec.conditions = kLeaders;
    return spec;
  }

  // Drafts, submits, approves and releases; returns the release.
  desk::Release DraftAndRelease(desk::DraftSpec spec) {
    auto draft = desk_->CreateDraft(As("li.wenzhong"), spec);
    EXPECT_TRUE(draft.ok()) << draft.status().ToString();
    EXPECT_TRUE(desk_->Submit(As("li.wenzhong"), draft->id).ok());
    for (const std::string& approver : spec.rule.approvers) {
      auto decided = desk_->DecideStep(As(approver), draft->id, true, "");
      EXPECT_TRUE(decided.ok()) << approver << ": " << decided.status().ToString();
    }
    auto release = desk_->ReleaseDraft(As("ma.lin"), draft->id);
    EXPECT_TRUE(release.ok()) << release.status().ToString();
    draft_id_ = draft->id;
    return *release;
  }

  testing::TempDir dir_;
  FakeClock clock_{kMarch4th1963};
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<desk::Desk> desk_;
  std::string draft_id_;
};

TEST_F(DeskSeedStoryTest, TheTelegramsLifeAtTheDesk) {
  // A routine circular to the same embassies goes out first.
  desk::DraftSpec circular = Telegram();
  circular.content.title = "Routine circular on the spring reception";
  circular.content.precedence = model::Precedence{model::PrecedenceRank::kRoutine, ""};
  circular.content.body.resize(1);
  circular.conditions.clear();
  DraftAndRelease(circular);

  clock_.Set(kMarch4th1963 + 9 * kDay);  // 13 March 1963
  desk::DraftSpec spec = Telegram();
  spec.reply_by_micros = clock_.NowMicros() + 14 * kDay;  // replies within two weeks
  const desk::Release release = DraftAndRelease(spec);

  // Serial in series B-Yin for 1963, rendered as the seed renders it.
  EXPECT_EQ(release.serial.series, "B-Yin");
  EXPECT_EQ(release.serial.year, 1963);
  EXPECT_TRUE(std::regex_match(release.serial.original, std::regex(R"(\(63\) B-Yin-\d+)")))
      << release.serial.original;

  // Every embassy of the expanded group receives it before the earlier routine circular, and
  // acknowledges it.
  for (const auto& [office, clerk] : kEmbassyClerks) {
    auto inbox = desk_->Inbox(As(clerk), office, true);
    ASSERT_TRUE(inbox.ok() && inbox->size() == 2u) << office;
    EXPECT_EQ((*inbox)[0].delivery.cable_id, release.cable_id) << office;
    EXPECT_EQ((*inbox)[1].delivery.precedence, model::PrecedenceRank::kRoutine) << office;
    EXPECT_TRUE(desk_->Acknowledge(As(clerk), release.cable_id, office).ok()) << office;
  }
  auto report = desk_->DeliveryReport(As("ma.lin"), release.cable_id);
  ASSERT_TRUE(report.ok());
  int acknowledged = 0;
  for (const desk::Delivery& d : *report) {
    acknowledged += d.state == desk::DeliveryState::kAcknowledged ? 1 : 0;
  }
  EXPECT_EQ(acknowledged, static_cast<int>(kEmbassyClerks.size()));

  // The record: approvals by Wu and Zeng, the four leaders' approval pending, the sharing with
  // four parties and the informed ambassador.
  auto record = records_->Show(As("pan.zili"), release.cable_id);
  ASSERT_TRUE(record.ok()) << record.status().ToString();
  int pending = 0;
  std::vector<std::string> names;
  for (const model::Approval& a : record->approvals) {
    pending += a.state == model::ApprovalState::kPending ? 1 : 0;
    names.push_back(a.name);
  }
  EXPECT_EQ(pending, 4);
  // Named as on the seed (the directory's `person` lines), not by user name (issue 12 item 7).
  EXPECT_EQ(names, (std::vector<std::string>{"Wu Xiuquan", "Zeng Yongquan", "the Chairman",
                                             "Liu Shaoqi", "Zhou Enlai", "Deng Xiaoping"}));
  EXPECT_EQ(record->disseminations.size(), 4u);
  EXPECT_EQ(record->also_informed, spec.content.also_informed);

  // The leaders approve later, each with a signature; the record shows the conditions closed
  // and the release still verifies.
  for (const std::string& leader : kLeaders) {
    auto closed = desk_->DecideStep(As(leader), draft_id_, true, "approved");
    EXPECT_TRUE(closed.ok()) << leader << ": " << closed.status().ToString();
  }
  record = records_->Show(As("pan.zili"), release.cable_id);
  for (const model::Approval& a : record->approvals) {
    EXPECT_EQ(a.state, model::ApprovalState::kApproved) << a.name;
  }
  EXPECT_TRUE(desk_->VerifyRelease(As("ma.lin"), release.cable_id).ok());

  // No reply in two weeks: the telegram is on the overdue list.
  clock_.Advance(13 * kDay);
  EXPECT_TRUE(desk_->RepliesOverdue(As("ma.lin"))->empty());
  clock_.Advance(2 * kDay);
  auto overdue = desk_->RepliesOverdue(As("ma.lin"));
  ASSERT_TRUE(overdue.ok() && overdue->size() == 1u);
  EXPECT_EQ((*overdue)[0].cable_id, release.cable_id);

  auto audit = records_->VerifyAudit(std::nullopt);
  EXPECT_TRUE(audit.ok() && audit->status.ok());
}

}  // namespace
}  // namespace chancery
