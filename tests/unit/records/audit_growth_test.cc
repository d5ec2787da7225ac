// Keeping the audit log's growth in bounds (issue 11, "Growth"). The policy's `audit-reads` rule
// (docs/format/policy.md §7d): reads of public records may be counted per interval; every
// denial, every read of a record above the public level and every read under `audit-reads each`
// stays an entry of its own; counts are not lost at close. And moving old entries out of the
// store (docs/format/audit-log.md §14) is the local operator's alone.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/records/records.h"
#include "chancery/security/policy.h"

#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::records {
namespace {

using testing::MakeCable;

constexpr int64_t kStart = 1'764'000'000'000'000;  // 2025-11-24
constexpr int64_t kMinute = 60'000'000;

std::string PolicyWith(const std::string& rule) {
  std::string text(security::DefaultPolicyText());
  const std::string shipped = "audit-reads aggregate 1m";
  const size_t at = text.find(shipped);
  EXPECT_NE(at, std::string::npos) << "the default policy aggregates public reads";
  text.replace(at, shipped.size(), rule);
  return text;
}

class AuditReadsTest : public ::testing::Test {
 protected:
  void Open(const std::string& rule) {
    RecordsOptions options;
    options.db_path = dir_.path() + "/store.db";
    options.synchronous_full = false;
    options.clock = &clock_;
    auto r = Records::Init(options, PolicyWith(rule));
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    records_ = std::move(r).value();
    const security::Subject admin = records_->Administrator("admin:test");
    auto imported = records_->Import(
        admin,
        {MakeCable("pub-1", "Trade talks", "The delegation discussed grain.", "PUBLIC"),
         MakeCable("pub-2", "Grain prices", "Grain rose.", "PUBLIC"),
         MakeCable("sec-1", "Border incident", "Troops near the grain depot.", "SECRET")},
        {});
    ASSERT_TRUE(imported.ok()) << imported.status().ToString();
    UserSpec analyst;
    analyst.name = "analyst";
    analyst.clearance.level = "SECRET";
    ASSERT_TRUE(records_->AddUser(admin, analyst).ok());
    public_ = *records_->ResolveSubject(std::nullopt);
    analyst_ = *records_->ResolveSubject("analyst");
  }

  // The entries of the log after the set-up, as "actor action target | decision | ids".
  std::vector<std::string> Entries() {
    std::vector<std::string> out;
    auto log = records_->AuditLog(records_->Administrator("admin:test"), 0, 10'000);
    EXPECT_TRUE(log.ok());
    for (const model::AuditEvent& e : *log) {
      if (e.action != "show" && e.action != "search") {
        continue;
      }
      std::string ids;
      for (const std::string& id : e.ids) {
        ids += (ids.empty() ? "" : ",") + id;
      }
      out.push_back(e.actor + " " + e.action + " " + e.target + " | " + e.decision + " | " + ids);
    }
    return out;
  }

  void Search(const security::Subject& s, const std::string& q) {
    ASSERT_TRUE(records_->Search(s, testing::Query(q)).ok());
  }

  testing::TempDir dir_;
  FakeClock clock_{kStart};
  std::unique_ptr<Records> records_;
  security::Subject public_;
  security::Subject analyst_;
};

TEST_F(AuditReadsTest, PublicReadsBecomeOneEntryPerIntervalWithTheirCountAndIds) {
  Open("audit-reads aggregate 1m");
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(records_->Show(public_, "pub-1").ok());
    Search(public_, "grain");
    clock_.Advance(1'000'000);
  }
  EXPECT_TRUE(Entries().empty()) << "counted, not yet written: the interval has not passed";
  clock_.Advance(kMinute);
  ASSERT_TRUE(records_->Show(public_, "pub-2").ok());  // the first read after the interval
  const std::vector<std::string> entries = Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0],
            "public search  | allow aggregated reads=5 first=2025-11-24T16:00:00Z "
            "last=2025-11-24T16:00:04Z | pub-1,pub-2");
  EXPECT_EQ(entries[1],
            "public show  | allow aggregated reads=6 first=2025-11-24T16:00:00Z "
            "last=2025-11-24T16:01:05Z | pub-1,pub-2");
  auto report = records_->VerifyAudit(std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
}

TEST_F(AuditReadsTest, DenialsAndReadsAboveThePublicLevelAreAlwaysEntriesOfTheirOwn) {
  Open("audit-reads aggregate 1m");
  EXPECT_FALSE(records_->Show(public_, "sec-1").ok());   // hidden
  EXPECT_FALSE(records_->Show(public_, "nope-1").ok());  // missing: an entry too (same cost)
  ASSERT_TRUE(records_->Show(analyst_, "sec-1").ok());
  Search(analyst_, "border");      // returns sec-1
  Search(analyst_, "delegation");  // returns only pub-1: counted
  const std::vector<std::string> entries = Entries();
  ASSERT_EQ(entries.size(), 4u);
  EXPECT_EQ(entries[0], "public show sec-1 | deny: level SECRET above clearance PUBLIC | ");
  EXPECT_EQ(entries[1], "public show nope-1 | deny: no such record | ");
  EXPECT_EQ(entries[2], "analyst show sec-1 | allow | sec-1");
  EXPECT_EQ(entries[3], "analyst search border | allow total=1 | sec-1");
}

TEST_F(AuditReadsTest, EachMeansEveryReadIsAnEntry) {
  Open("audit-reads each");
  ASSERT_TRUE(records_->Show(public_, "pub-1").ok());
  Search(public_, "grain");
  EXPECT_EQ(Entries(), (std::vector<std::string>{"public show pub-1 | allow | pub-1",
                                                 "public search grain | allow total=2 | "
                                                 "pub-2,pub-1"}));
}

TEST_F(AuditReadsTest, CountsStillPendingAreWrittenWhenRecordsCloses) {
  Open("audit-reads aggregate 1h");
  ASSERT_TRUE(records_->Show(public_, "pub-1").ok());
  Search(analyst_, "delegation");
  records_.reset();
  RecordsOptions options;
  options.db_path = dir_.path() + "/store.db";
  options.clock = &clock_;
  auto reopened = Records::Open(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  records_ = std::move(reopened).value();
  const std::vector<std::string> entries = Entries();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].substr(0, 37), "analyst search  | allow aggregated re");
  EXPECT_EQ(entries[1].substr(0, 34), "public show  | allow aggregated re");
  auto report = records_->VerifyAudit(std::nullopt);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->status.ok()) << report->status.ToString();
  EXPECT_EQ(report->uncovered, 0) << "the close signed a checkpoint over the counts";
}

TEST_F(AuditReadsTest, AnAggregateKeepsAtMost256DistinctIdsAndSaysSo) {
  Open("audit-reads aggregate 1m");
  std::vector<model::Cable> many;
  for (int i = 0; i < 300; ++i) {
    many.push_back(MakeCable("many-" + std::to_string(1000 + i), "Note", "wheat", "PUBLIC"));
  }
  ASSERT_TRUE(records_->Import(records_->Administrator("admin:test"), many, {}).ok());
  for (int i = 0; i < 300; ++i) {
    ASSERT_TRUE(records_->Show(public_, "many-" + std::to_string(1000 + i)).ok());
  }
  clock_.Advance(kMinute);
  ASSERT_TRUE(records_->Show(public_, "pub-1").ok());
  auto log = records_->AuditLog(records_->Administrator("admin:test"), 0, 10'000);
  ASSERT_TRUE(log.ok());
  const model::AuditEvent& last = log->back();
  EXPECT_EQ(last.action, "show");
  EXPECT_EQ(last.ids.size(), 256u);
  EXPECT_NE(last.decision.find("reads=301 "), std::string::npos) << last.decision;
  EXPECT_NE(last.decision.find(" ids=first-256"), std::string::npos) << last.decision;
}

TEST_F(AuditReadsTest, OnlyTheLocalOperatorMovesEntriesOutOfTheStore) {
  Open("audit-reads each");
  UserSpec admin;
  admin.name = "registrar";
  admin.administrator = true;
  admin.clearance.level = "PUBLIC";
  ASSERT_TRUE(records_->AddUser(records_->Administrator("admin:test"), admin).ok());
  auto registrar = records_->ResolveSubject("registrar");
  ASSERT_TRUE(registrar.ok());
  ASSERT_TRUE(registrar->administrator);
  auto refused = records_->ArchiveAudit(*registrar, {});
  EXPECT_EQ(refused.status().code(), StatusCode::kPermissionDenied);
  auto log = records_->AuditLog(records_->Administrator("admin:test"), 0, 10'000);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(log->back().action, "audit.archive");
  EXPECT_EQ(log->back().decision, "deny: not the local operator");
  auto moved = records_->ArchiveAudit(records_->Administrator("admin:test"), {});
  ASSERT_TRUE(moved.ok()) << moved.status().ToString();
  EXPECT_EQ(moved->first, 1);
}

TEST(AuditReadsPolicyTest, TheRuleIsParsedAndBadValuesNameTheirColumn) {
  auto parse = [](const std::string& rule) {
    return security::ParsePolicy(PolicyWith(rule), "policy");
  };
  ASSERT_TRUE(parse("audit-reads each").ok());
  EXPECT_EQ(parse("audit-reads each")->audit_reads.aggregate_seconds, 0);
  EXPECT_EQ(parse("audit-reads aggregate 90s")->audit_reads.aggregate_seconds, 90);
  EXPECT_EQ(parse("audit-reads aggregate 1d")->audit_reads.aggregate_seconds, 86'400);
  const auto too_long = parse("audit-reads aggregate 2d");
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(
      too_long.status().message().find(":50:23: audit-reads aggregate: the interval is longer "
                                       "than a day"),
      std::string::npos)
      << too_long.status().ToString();
  const auto no_interval = parse("audit-reads aggregate");
  ASSERT_FALSE(no_interval.ok());
  EXPECT_NE(no_interval.status().message().find("expected an interval"), std::string::npos);
  const auto twice = parse("audit-reads each\naudit-reads each");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("duplicate audit-reads directive"), std::string::npos);
  EXPECT_FALSE(parse("audit-reads sometimes").ok());
}

}  // namespace
}  // namespace chancery::records
