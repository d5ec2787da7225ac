// `chancery desk ...` black-box (issue 12 items 6 and 7): what a desk officer meets at the CLI.
// Each test runs the real binary on a fresh store with a small directory.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

constexpr const char* kDirectory =
    "organization PRC-MFA \"Ministry of Foreign Affairs\"\n"
    "office MFA \"Ministry\" kind ministry org PRC-MFA clearance \"TOP SECRET\" series Wai\n"
    "office MFA-GO \"General Office\" kind department parent MFA org PRC-MFA"
    " clearance \"TOP SECRET\" series Ban\n"
    "office MFA-SOVEE \"Soviet and Eastern European Division\" kind division parent MFA"
    " org PRC-MFA clearance \"TOP SECRET\" series B-Yin\n"
    "office EMB-MOSCOW \"Embassy in Moscow\" kind embassy parent MFA org PRC-MFA"
    " clearance \"TOP SECRET\"\n"
    "office CONS-KARACHI \"Consulate General in Karachi\" kind consulate parent MFA org PRC-MFA"
    " clearance \"TOP SECRET\"\n"
    "grant li drafter MFA-SOVEE\n"
    "grant li approver MFA-SOVEE\n"
    "grant ma drafter MFA-SOVEE\n"
    "grant ma approver MFA-SOVEE\n"
    "grant wu approver MFA-SOVEE\n"
    "grant rel releaser MFA-SOVEE\n"
    "grant pan recipient EMB-MOSCOW\n"
    "person wu \"Wu Xiuquan\"\n";

// A SECRET telegram from MFA-SOVEE to `to` (each an office or group).
std::string CableText(const std::vector<std::string>& to) {
  std::string text =
      "Office: MFA-SOVEE\n"
      "Direction: outgoing\n"
      "Kind: telegram\n"
      "Current-Classification: SECRET\n"
      "Precedence: Very Urgent\n";
  for (const std::string& office : to) {
    text += "To: " + office + "\n";
  }
  return text +
         "Title: On the open letter\n"
         "\n"
         "((SECRET)) Report the reactions of the host government by telegram.\n";
}

class DeskCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("desk.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    for (const char* user : {"li", "ma", "wu", "rel", "pan"}) {
      ASSERT_EQ(Cli({"user", "add", user, "--clearance", "TOP SECRET"}).exit_code, 0);
    }
    testing::WriteFileOrDie(dir_.File("directory.txt"), kDirectory);
    CliResult loaded = Cli({"desk", "directory", "load", dir_.File("directory.txt")});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
    testing::WriteFileOrDie(dir_.File("cable.txt"), CableText({"EMB-MOSCOW"}));
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  // Runs `desk <verb...> --as <user>`.
  CliResult Desk(const std::string& user, std::vector<std::string> args) {
    args.insert(args.begin(), "desk");
    args.push_back("--as");
    args.push_back(user);
    return Cli(std::move(args));
  }

  // A new draft by li with `flags` (approver etc.); returns its id.
  std::string NewDraft(std::vector<std::string> flags, const std::string& file = "cable.txt") {
    std::vector<std::string> args = {"draft", "new", "--file", dir_.File(file)};
    args.insert(args.end(), flags.begin(), flags.end());
    CliResult r = Desk("li", args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // "draft draft-0123456789abcdef  version 1  drafting"
    return r.out.size() > 28 ? r.out.substr(6, 22) : "";
  }

  // A draft to `to`, submitted and approved by wu; returns its id.
  std::string ApprovedDraft(const std::vector<std::string>& to) {
    testing::WriteFileOrDie(dir_.File("to.txt"), CableText(to));
    const std::string id = NewDraft({"--approver", "wu"}, "to.txt");
    EXPECT_EQ(Desk("li", {"submit", id}).exit_code, 0);
    EXPECT_EQ(Desk("wu", {"approve", id}).exit_code, 0);
    return id;
  }

  // One column of the store's audit table for `where` (sqlite3 CLI).
  std::string AuditDecisions(const std::string& action) {
    const std::string cmd = "sqlite3 '" + db_ + "' \"SELECT decision FROM audit WHERE action = '" +
                            action + "' ORDER BY seq\"";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(popen(cmd.c_str(), "r"), pclose);
    std::string out;
    char buffer[512];
    while (pipe && std::fgets(buffer, sizeof(buffer), pipe.get()) != nullptr) {
      out += buffer;
    }
    return out;
  }

  testing::TempDir dir_;
  std::string db_;
};

// ---- item 6: self-approval ----

TEST_F(DeskCliTest, SubmitRefusesARuleNamingTheDrafter) {
  const std::string id = NewDraft({"--approver", "li"});
  CliResult r = Desk("li", {"submit", id});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("user li wrote it and may not clear or approve it"), std::string::npos)
      << r.err;
  EXPECT_NE(AuditDecisions("desk.draft.submit").find("deny: draft " + id + ": user li wrote it"),
            std::string::npos);
}

TEST_F(DeskCliTest, AnApproverWhoEditedTheDraftMayNotApproveIt) {
  const std::string id = NewDraft({"--approver", "ma"});
  ASSERT_EQ(Desk("li", {"submit", id}).exit_code, 0);
  CliResult edit = Desk("ma", {"draft", "edit", id, "--version", "1", "--file",
                               dir_.File("cable.txt"), "--approver", "ma"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  CliResult r = Desk("ma", {"approve", id});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("user ma wrote draft " + id + " and may not clear or approve it"),
            std::string::npos)
      << r.err;
  EXPECT_NE(AuditDecisions("desk.step.approve").find("deny: user ma wrote draft " + id),
            std::string::npos);
}

TEST_F(DeskCliTest, AnotherApproverStillApproves) {
  const std::string id = NewDraft({"--approver", "wu"});
  ASSERT_EQ(Desk("li", {"submit", id}).exit_code, 0);
  CliResult r = Desk("wu", {"approve", id});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("approved"), std::string::npos);
}

// ---- item 7: officer frictions ----

TEST_F(DeskCliTest, EditWithoutRuleFlagsKeepsTheRuleConditionsAndReplyBy) {
  const std::string id =
      NewDraft({"--approver", "wu", "--condition", "pan", "--reply-by", "2999-01-01"});
  ASSERT_EQ(Desk("li", {"submit", id}).exit_code, 0);
  CliResult edit =
      Desk("li", {"draft", "edit", id, "--version", "1", "--file", dir_.File("cable.txt")});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  EXPECT_NE(edit.out.find("kept from version 1: approval rule, conditions, reply-by"),
            std::string::npos)
      << edit.out;
  CliResult approved = Desk("wu", {"approve", id});  // the rule still names wu
  ASSERT_EQ(approved.exit_code, 0) << approved.err;
  EXPECT_NE(approved.out.find("approved"), std::string::npos) << approved.out;
  EXPECT_NE(approved.out.find("condition pan"), std::string::npos) << approved.out;
}

TEST_F(DeskCliTest, APastReplyByIsRefused) {
  CliResult r = Desk("li", {"draft", "new", "--file", dir_.File("cable.txt"), "--approver", "wu",
                            "--reply-by", "2001-01-01"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("reply-by 010000Z JAN 01 is not in the future"), std::string::npos) << r.err;
}

TEST_F(DeskCliTest, ReleaseMarksARecipientThatWasNotDelivered) {
  const std::string id = ApprovedDraft({"EMB-MOSCOW", "CONS-KARACHI"});
  // Karachi's clearance is lowered after approval: the release refuses it the cable.
  ASSERT_EQ(Cli({"desk", "office", "set", "CONS-KARACHI", "--name", "Consulate General", "--kind",
                 "consulate", "--org", "PRC-MFA", "--parent", "MFA", "--clearance", "CONFIDENTIAL"})
                .exit_code,
            0);
  CliResult r = Desk("rel", {"release", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("recipients: EMB-MOSCOW\n"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("NOT DELIVERED: CONS-KARACHI (office CONS-KARACHI not cleared for SECRET"),
            std::string::npos)
      << r.out;
}

TEST_F(DeskCliTest, AddressingAnOfficeWithoutARecipientWarns) {
  testing::WriteFileOrDie(dir_.File("to.txt"), CableText({"EMB-MOSCOW", "CONS-KARACHI"}));
  const std::string id = NewDraft({"--approver", "wu"}, "to.txt");
  CliResult r = Desk("li", {"submit", id});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find("warning: nobody holds the recipient role at CONS-KARACHI"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.err.find("EMB-MOSCOW"), std::string::npos) << r.err;  // pan receives there
}

// "(63) B-Yin-692" entered from the 1963 register: a registry officer opens the year at 692.
TEST_F(DeskCliTest, ARegistryOfficerBackfillsASerialOfAPastYear) {
  ASSERT_EQ(
      Cli({"desk", "serial", "start", "--series", "B-Yin", "--year", "1963", "--first", "692"})
          .exit_code,
      0);
  CliResult first =
      Desk("rel", {"release", ApprovedDraft({"EMB-MOSCOW"}), "--serial-year", "1963"});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("released B-Yin-1963-692  serial (63) B-Yin-692"), std::string::npos)
      << first.out;
  CliResult next = Desk("rel", {"release", ApprovedDraft({"EMB-MOSCOW"}), "--serial-year", "1963"});
  EXPECT_NE(next.out.find("serial (63) B-Yin-693"), std::string::npos) << next.out;
  EXPECT_NE(AuditDecisions("desk.serial.start").find("ok: next (63) B-Yin-692"), std::string::npos);
}

TEST_F(DeskCliTest, ASerialStartThatWouldReuseOrGoBackIsRefused) {
  Cli({"desk", "serial", "start", "--series", "B-Yin", "--year", "1963", "--first", "692"});
  ASSERT_EQ(
      Desk("rel", {"release", ApprovedDraft({"EMB-MOSCOW"}), "--serial-year", "1963"}).exit_code,
      0);
  CliResult back =
      Cli({"desk", "serial", "start", "--series", "B-Yin", "--year", "1963", "--first", "692"});
  EXPECT_NE(back.exit_code, 0);
  EXPECT_NE(back.err.find("has issued serials up to (63) B-Yin-692: starting at (63) B-Yin-692 "
                          "would reuse a serial or go backwards"),
            std::string::npos)
      << back.err;
  CliResult gap =
      Cli({"desk", "serial", "start", "--series", "B-Yin", "--year", "1963", "--first", "700"});
  EXPECT_NE(gap.err.find("would leave a gap (the next is 693)"), std::string::npos) << gap.err;
  EXPECT_NE(AuditDecisions("desk.serial.start").find("deny: series B-Yin year 1963"),
            std::string::npos);
}

TEST_F(DeskCliTest, ASerialStartNeedsARegistryOfficer) {
  CliResult r =
      Desk("rel", {"serial", "start", "--series", "B-Yin", "--year", "1963", "--first", "692"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("registry officers (administrators) only"), std::string::npos) << r.err;
}

TEST_F(DeskCliTest, APastSerialYearNotOpenedForBackfillIsRefused) {
  CliResult r = Desk("rel", {"release", ApprovedDraft({"EMB-MOSCOW"}), "--serial-year", "1963"});
  EXPECT_NE(r.exit_code, 0);
  EXPECT_NE(r.err.find("series B-Yin year 1963 is not open for backfill"), std::string::npos)
      << r.err;
}

TEST_F(DeskCliTest, TheReleasedRecordNamesApproversAsTheDirectoryDoes) {
  CliResult r = Desk("rel", {"release", ApprovedDraft({"EMB-MOSCOW"})});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const std::string cable = r.out.substr(9, r.out.find(' ', 9) - 9);  // "released <id>  ..."
  CliResult shown = Cli({"show", cable, "--json", "--as", "pan"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("\"Wu Xiuquan\""), std::string::npos) << shown.out;
  EXPECT_EQ(shown.out.find("\"wu\""), std::string::npos) << shown.out;
}

TEST_F(DeskCliTest, DraftShowNamesTheApprovers) {
  const std::string id = NewDraft({"--approver", "wu"});
  ASSERT_EQ(Desk("li", {"submit", id}).exit_code, 0);
  CliResult shown = Desk("li", {"draft", "show", id});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  EXPECT_NE(shown.out.find("wu (Wu Xiuquan)"), std::string::npos) << shown.out;
}

}  // namespace
}  // namespace chancery
