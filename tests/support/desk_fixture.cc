#include "support/desk_fixture.h"

#include <cstdint>
#include <cstdlib>
#include <utility>

#include <gtest/gtest.h>

#include "chancery/security/policy.h"

namespace chancery::testing {

namespace {

constexpr const char* kTopSecret = "TOP SECRET";
constexpr const char* kResearch = "INTERNAL RESEARCH";

desk::Office MakeOffice(std::string id, desk::OfficeKind kind, std::string parent,
                        std::string level, std::vector<std::string> categories = {},
                        std::string series = "", std::string organization = "PRC-MFA") {
  desk::Office office;
  office.name = "Office " + id;
  office.id = std::move(id);
  office.kind = kind;
  office.organization = std::move(organization);
  office.parent = std::move(parent);
  office.clearance.level = std::move(level);
  office.clearance.categories = std::move(categories);
  office.clearance.groups = {office.organization == "PRC-MFA" ? "PRC" : "ALLIED PARTIES"};
  office.series = std::move(series);
  return office;
}

template <typename T>
T OrDie(Result<T> result) {
  if (!result.ok()) {
    ADD_FAILURE() << result.status().ToString();
    std::abort();
  }
  return std::move(result).value();
}

}  // namespace

desk::Directory DeskFixture::SmallDirectory() {
  using desk::OfficeKind;
  using desk::Role;
  desk::Directory d;
  d.organizations = {{"PRC-MFA", "Ministry of Foreign Affairs"},
                     {"ALG-PARTY", "Central Committee of the fraternal party of Algeria"}};
  d.offices = {
      MakeOffice("MFA", OfficeKind::kMinistry, "", kTopSecret, {kResearch}, "Wai"),
      MakeOffice("MFA-SOVEE", OfficeKind::kDivision, "MFA", kTopSecret, {kResearch}, "B-Yin"),
      MakeOffice("EMB-MOSCOW", OfficeKind::kEmbassy, "MFA", kTopSecret, {kResearch}),
      MakeOffice("EMB-HANOI", OfficeKind::kEmbassy, "MFA", "SECRET"),
      MakeOffice("EMB-BERN", OfficeKind::kEmbassy, "MFA", "CONFIDENTIAL"),
      MakeOffice("MISSION-UN", OfficeKind::kMission, "MFA", "SECRET"),
      MakeOffice("ALG-CC", OfficeKind::kExternal, "", "SECRET", {}, "", "ALG-PARTY"),
  };
  d.groups = {{"ALL-EMBASSIES", "All embassies", {"EMB-MOSCOW", "EMB-HANOI", "EMB-BERN"}},
              {"MISSIONS", "Missions to international organizations", {"MISSION-UN"}},
              {"ABROAD", "Embassies and offices abroad", {"ALL-EMBASSIES", "MISSIONS"}},
              {"CLEARED-ABROAD", "Cleared posts abroad", {"EMB-MOSCOW", "MISSIONS"}}};
  d.grants = {{"drafter", Role::kDrafter, "MFA-SOVEE"},
              {"low.drafter", Role::kDrafter, "MFA-SOVEE"},
              {"clearer1", Role::kClearer, "MFA-SOVEE"},
              {"clearer2", Role::kClearer, "MFA-SOVEE"},
              {"wu", Role::kApprover, "MFA"},
              {"zeng", Role::kApprover, "MFA"},
              {"chen", Role::kApprover, "MFA"},
              {"releaser", Role::kReleaser, "MFA-SOVEE"},
              {"moscow.clerk", Role::kRecipient, "EMB-MOSCOW"},
              {"hanoi.clerk", Role::kRecipient, "EMB-HANOI"},
              {"bern.clerk", Role::kRecipient, "EMB-BERN"},
              {"un.clerk", Role::kRecipient, "MISSION-UN"}};
  return d;
}

DeskFixture::DeskFixture(const std::string& dir)
    : db_path_(dir + "/store.db"), clock_(kDeskEpochMicros) {
  records::RecordsOptions ro;
  ro.db_path = db_path_;
  ro.synchronous_full = false;
  ro.clock = &clock_;
  records_ = OrDie(records::Records::Init(ro, security::DefaultPolicyText()));
  for (const char* name : {"drafter", "clearer1", "clearer2", "wu", "zeng", "chen", "releaser",
                           "chairman", "moscow.clerk"}) {
    AddUser(name, kTopSecret, {kResearch});
  }
  AddUser("low.drafter", "CONFIDENTIAL", {});
  AddUser("hanoi.clerk", "SECRET", {});
  AddUser("un.clerk", "SECRET", {});
  AddUser("bern.clerk", "CONFIDENTIAL", {});
  AddUser("outsider", "CONFIDENTIAL", {});
  desk::DeskOptions options;
  options.db_path = db_path_;
  options.synchronous_full = false;
  options.clock = &clock_;
  desk_ = OrDie(desk::Desk::Open(options, *records_));
  Status loaded = desk_->ReplaceDirectory(Admin(), SmallDirectory(), std::nullopt);
  if (!loaded.ok()) {
    ADD_FAILURE() << loaded.ToString();
    std::abort();
  }
}

DeskFixture::~DeskFixture() = default;

void DeskFixture::AddUser(const std::string& name, const std::string& level,
                          std::vector<std::string> categories) {
  records::UserSpec spec;
  spec.name = name;
  spec.clearance.level = level;
  spec.clearance.categories = std::move(categories);
  spec.clearance.groups = {"PRC"};
  Status added = records_->AddUser(Admin(), spec);
  if (!added.ok()) {
    ADD_FAILURE() << added.ToString();
    std::abort();
  }
}

security::Subject DeskFixture::User(const std::string& name) {
  auto subject = records_->ResolveSubject(name);
  EXPECT_TRUE(subject.ok()) << subject.status().ToString();
  return subject.ok() ? *subject : security::Subject{};
}

desk::DraftSpec DeskFixture::Spec(const std::string& title, std::vector<std::string> portions,
                                  std::vector<std::string> addressees) {
  desk::DraftSpec spec;
  spec.office = "MFA-SOVEE";
  spec.content.title = title;
  spec.content.document_type = "Telegram";
  spec.content.precedence.rank = model::PrecedenceRank::kImmediate;
  for (size_t i = 0; i < portions.size(); ++i) {
    model::Paragraph paragraph;
    paragraph.text = "Paragraph " + std::to_string(i + 1) + " of " + title + ".";
    if (!portions[i].empty()) {
      paragraph.portion = model::Label{portions[i], {}, {}};
    }
    spec.content.body.push_back(std::move(paragraph));
  }
  for (std::string& name : addressees) {
    model::Addressee addressee;
    addressee.name = std::move(name);
    spec.content.addressees.push_back(std::move(addressee));
  }
  spec.rule.approvers = {"wu", "zeng"};
  return spec;
}

bool DeskFixture::AuditContains(const std::string& action, const std::string& target,
                                const std::string& decision_prefix) {
  auto entries = records_->AuditLog(Admin(), 0, SIZE_MAX);
  EXPECT_TRUE(entries.ok()) << entries.status().ToString();
  if (!entries.ok()) {
    return false;
  }
  for (const model::AuditEvent& e : *entries) {
    if (e.action == action && e.target == target && e.decision.starts_with(decision_prefix)) {
      return true;
    }
  }
  return false;
}

bool DeskFixture::AuditVerifies() {
  auto report = records_->VerifyAudit(std::nullopt);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(!report.ok() || report->status.ok()) << report->status.ToString();
  return report.ok() && report->status.ok();
}

}  // namespace chancery::testing
