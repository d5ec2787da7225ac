#include "release_fixture.h"

#include <cstdint>

#include "chancery/audit/audit_log.h"
#include "chancery/audit/tlog.h"

namespace chancery::desk::testing {
namespace {

constexpr const char* kDirectory =
    "organization PRC-MFA \"Ministry of Foreign Affairs\"\n"
    "office MFA \"Ministry\" kind ministry org PRC-MFA clearance \"TOP SECRET\" series Wai\n"
    "office MFA-SOVEE \"Soviet and Eastern European Division\" kind division parent MFA"
    " org PRC-MFA clearance \"TOP SECRET\" series B-Yin\n"
    "office EMB-MOSCOW \"Embassy in Moscow\" kind embassy parent MFA org PRC-MFA"
    " clearance \"TOP SECRET\"\n"
    "office EMB-HANOI \"Embassy in Hanoi\" kind embassy parent MFA org PRC-MFA"
    " clearance \"TOP SECRET\"\n"
    "office EMB-TIRANA \"Embassy in Tirana\" kind embassy parent MFA org PRC-MFA"
    " clearance \"TOP SECRET\"\n"
    "office UN-NY \"Mission to the UN\" kind mission parent MFA org PRC-MFA"
    " clearance \"TOP SECRET\"\n"
    "group EMBASSIES \"All embassies\" members EMB-MOSCOW, EMB-HANOI, EMB-TIRANA\n"
    "group ABROAD \"Embassies and missions\" members EMBASSIES, UN-NY\n"
    "grant drafter drafter MFA-SOVEE\n"
    "grant wu approver MFA-SOVEE\n"
    "grant releaser releaser MFA-SOVEE\n"
    "grant moscow recipient EMB-MOSCOW\n"
    "grant hanoi recipient EMB-HANOI\n"
    "grant tirana recipient EMB-TIRANA\n"
    "grant un recipient UN-NY\n";

std::unique_ptr<store::Store> OpenRawStore(const std::string& path) {
  store::StoreOptions options;
  options.path = path;
  options.synchronous_full = false;
  options.audit_hash = [](const model::AuditEvent& e) { return audit::HashEvent(e); };
  options.audit_tree = audit::StoredHashesForEvent;
  auto opened = store::OpenSqliteStore(options);
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  return opened.ok() ? std::move(opened).value() : nullptr;
}

}  // namespace

ReleaseTest::ReleaseTest() {
  admin_ = records_.Admin();
  drafter_ = records_.User("drafter", "TOP SECRET");
  wu_ = records_.User("wu", "TOP SECRET");
  releaser_ = records_.User("releaser", "TOP SECRET");
  moscow_ = records_.User("moscow", "TOP SECRET");
  hanoi_ = records_.User("hanoi", "TOP SECRET");
  tirana_ = records_.User("tirana", "TOP SECRET");
  un_ = records_.User("un", "TOP SECRET");
  reader_ = records_.User("reader", "TOP SECRET");
  secret_reader_ = records_.User("secret-reader", "SECRET");
  outsider_ = records_.User("outsider", "CONFIDENTIAL");
  DeskOptions options;
  options.db_path = dir_.File("store.db");
  options.synchronous_full = false;
  options.clock = &clock_;
  auto opened = Desk::Open(options, records());
  EXPECT_TRUE(opened.ok()) << opened.status().ToString();
  if (!opened.ok()) {
    std::abort();
  }
  desk_ = std::move(opened).value();
  auto directory = ParseDirectory(kDirectory, "release-test");
  EXPECT_TRUE(directory.ok()) << directory.status().ToString();
  Status replaced = desk_->ReplaceDirectory(admin_, *directory, std::nullopt);
  EXPECT_TRUE(replaced.ok()) << replaced.ToString();
}

void ReleaseTest::ReopenWithCommitmentVersion(int32_t version) {
  DeskOptions options;
  options.db_path = dir_.File("store.db");
  options.synchronous_full = false;
  options.clock = &clock_;
  options.commitment_version = version;
  desk_.reset();
  auto opened = Desk::Open(options, records());
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  desk_ = std::move(opened).value();
}

void ReleaseTest::TearDown() {
  auto report = records().VerifyAudit(std::nullopt);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
}

DraftSpec ReleaseTest::Spec(const std::string& title, model::PrecedenceRank rank,
                            std::vector<std::string> addressees, const std::string& level) {
  DraftSpec spec;
  spec.office = "MFA-SOVEE";
  spec.content.title = title;
  spec.content.document_type = "Telegram";
  spec.content.precedence.rank = rank;
  spec.content.body = {{"The Chairman transmits the key points of the conversation.", {}},
                       {"Replies are expected within two weeks.", {}},
                       {"Notify the missions to international organizations.", {}}};
  for (std::string& name : addressees) {
    model::Addressee addressee;
    addressee.name = std::move(name);
    spec.content.addressees.push_back(std::move(addressee));
  }
  spec.content.current_label.classification = level;
  spec.rule.approvers = {"wu"};
  return spec;
}

std::string ReleaseTest::Approve(const DraftSpec& spec) {
  auto draft = desk().CreateDraft(drafter_, spec);
  EXPECT_TRUE(draft.ok()) << draft.status().ToString();
  if (!draft.ok()) {
    return "";
  }
  auto submitted = desk().Submit(drafter_, draft->id);
  EXPECT_TRUE(submitted.ok()) << submitted.status().ToString();
  auto approved = desk().DecideStep(wu_, draft->id, true, "approved");
  EXPECT_TRUE(approved.ok()) << approved.status().ToString();
  if (approved.ok()) {
    EXPECT_EQ(approved->state, DraftState::kApproved);
  }
  return draft->id;
}

Release ReleaseTest::ReleaseSpec(const DraftSpec& spec) {
  const std::string id = Approve(spec);
  auto released = desk().ReleaseDraft(releaser_, id);
  EXPECT_TRUE(released.ok()) << released.status().ToString();
  return released.ok() ? *released : Release{};
}

void ReleaseTest::SetOfficeLevel(const std::string& office, const std::string& level) {
  auto current = desk().GetDirectory(admin_);
  ASSERT_TRUE(current.ok()) << current.status().ToString();
  Directory directory = current->first;
  for (Office& o : directory.offices) {
    if (o.id == office) {
      o.clearance.level = level;
    }
  }
  Status replaced = desk().ReplaceDirectory(admin_, directory, current->second);
  ASSERT_TRUE(replaced.ok()) << replaced.ToString();
}

std::unique_ptr<store::Store> ReleaseTest::RawStore() {
  return OpenRawStore(dir_.File("store.db"));
}

Delivery ReleaseTest::DeliveryTo(const std::string& cable_id, const std::string& office) {
  auto report = desk().DeliveryReport(releaser_, cable_id);
  EXPECT_TRUE(report.ok()) << report.status().ToString();
  for (const Delivery& d : report.ok() ? *report : std::vector<Delivery>{}) {
    if (d.office == office) {
      return d;
    }
  }
  ADD_FAILURE() << "no delivery of " << cable_id << " to " << office;
  return Delivery{};
}

int ReleaseTest::CountAudit(const std::string& action, const std::string& target) {
  auto entries = records().AuditLog(admin_, 0, SIZE_MAX);
  EXPECT_TRUE(entries.ok()) << entries.status().ToString();
  int n = 0;
  for (const model::AuditEvent& e : entries.ok() ? *entries : std::vector<model::AuditEvent>{}) {
    n += (e.action == action && e.target == target) ? 1 : 0;
  }
  return n;
}

}  // namespace chancery::desk::testing
