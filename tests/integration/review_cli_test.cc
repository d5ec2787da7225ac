// `chancery review ...` black-box (issue 13): a TOP SECRET record walked from due to published
// through the real binary, and every refusal a reviewer, an equity holder or an archivist can
// meet on the way, each naming the record, version and span. The public reads the published
// version and nothing withheld.
#include <cstdlib>
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

constexpr const char* kCable =
    "Id: ts-1963-001\n"
    "Organization: Ministry of Foreign Affairs\n"
    "Office: Soviet and Eastern European Division\n"
    "Direction: outgoing\n"
    "Kind: telegram\n"
    "Date: 1963-03-13\n"
    "Classification: TOP SECRET\n"
    "Precedence: Very Urgent\n"
    "Drafter: Yu Zhan\n"
    "Approved-By: Wu Xiuquan\n"
    "Approved-By: Liu Shaoqi\n"
    "To: Embassy in Moscow\n"
    "Title: On the reply to the Soviet letter\n"
    "\n"
    "Hand the reply to Chervonenko today; Deng Xiaoping will receive the ambassador.\n"
    "\n"
    "The Kremlin channel through Harbin remains open and is not to be named in writing.\n"
    "\n"
    "Report the reactions by telegram. Deng Xiaoping expects the report by Friday.\n";

class ReviewCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("archive.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    AddUser("rev1", "TOP SECRET", {"reviewer"});
    AddUser("rev2", "TOP SECRET", {"reviewer"});
    AddUser("arch", "TOP SECRET", {"archivist"});
    AddUser("eq", "TOP SECRET", {"equity:MFA-GO"});
    AddUser("low", "CONFIDENTIAL", {"reviewer", "archivist"});
    AddUser("reader", "PUBLIC", {});
    testing::WriteFileOrDie(dir_.File("ts.cable"), kCable);
    CliResult imported = Cli({"import", dir_.File("ts.cable")});
    ASSERT_EQ(imported.exit_code, 0) << imported.err;
  }

  void AddUser(const std::string& name, const std::string& level,
               const std::vector<std::string>& roles) {
    std::vector<std::string> args = {"user", "add", name, "--clearance", level};
    for (const std::string& role : roles) {
      args.push_back("--role");
      args.push_back(role);
    }
    CliResult r = Cli(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  CliResult Review(const std::string& user, std::vector<std::string> args) {
    args.insert(args.begin(), "review");
    args.push_back("--as");
    args.push_back(user);
    return Cli(std::move(args));
  }

  // Withholds a name and a paragraph, releases the rest, and gets a concurrence.
  void Decide() {
    CliResult name = Review("rev1", {"withhold", "ts-1963-001", "--text", "Deng Xiaoping", "--code",
                                     "(b)(6)", "--name"});
    ASSERT_EQ(name.exit_code, 0) << name.err;
    CliResult para =
        Review("rev1", {"withhold", "ts-1963-001", "--span", "/body/1/text", "--code", "25X1"});
    ASSERT_EQ(para.exit_code, 0) << para.err;
    CliResult approver = Review(
        "rev1", {"withhold", "ts-1963-001", "--span", "/approvals/1/name", "--code", "(b)(6)"});
    ASSERT_EQ(approver.exit_code, 0) << approver.err;
    CliResult rest = Review("rev1", {"release", "ts-1963-001"});
    ASSERT_EQ(rest.exit_code, 0) << rest.err;
    CliResult concur = Review("rev2", {"concur", "ts-1963-001"});
    ASSERT_EQ(concur.exit_code, 0) << concur.err;
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(ReviewCliTest, ADueRecordIsInTheReviewersQueueOnly) {
  CliResult queue = Review("rev1", {"queue"});
  ASSERT_EQ(queue.exit_code, 0) << queue.err;
  EXPECT_NE(queue.out.find("ts-1963-001"), std::string::npos) << queue.out;
  EXPECT_NE(queue.out.find("due"), std::string::npos) << queue.out;
  // A reviewer without the clearance does not see it; the role grants no read.
  CliResult low = Review("low", {"queue"});
  ASSERT_EQ(low.exit_code, 0) << low.err;
  EXPECT_EQ(low.out.find("ts-1963-001"), std::string::npos) << low.out;
  // No archive role: no queue at all.
  EXPECT_NE(Review("reader", {"queue"}).exit_code, 0);
}

TEST_F(ReviewCliTest, AReviewerWhoCannotReadTheRecordGetsNotFoundAsForAMissingOne) {
  CliResult hidden =
      Review("low", {"withhold", "ts-1963-001", "--text", "Harbin", "--code", "25X1"});
  CliResult missing =
      Review("low", {"withhold", "no-such-record", "--text", "Harbin", "--code", "25X1"});
  EXPECT_NE(hidden.exit_code, 0);
  EXPECT_EQ(hidden.err, "chancery: not found: no record ts-1963-001\n");
  EXPECT_EQ(missing.err, "chancery: not found: no record no-such-record\n");
  EXPECT_NE(Review("low", {"history", "ts-1963-001"}).exit_code, 0);
}

TEST_F(ReviewCliTest, BadSpansAndCodesAreRefusedNamingRecordVersionAndSpan) {
  CliResult code =
      Review("rev1", {"withhold", "ts-1963-001", "--text", "Harbin", "--code", "B(9)"});
  EXPECT_NE(code.exit_code, 0);
  EXPECT_NE(code.err.find("record ts-1963-001 version 1: exemption code \"B(9)\" is not defined"),
            std::string::npos)
      << code.err;
  CliResult absent =
      Review("rev1", {"withhold", "ts-1963-001", "--text", "Vladivostok", "--code", "25X1"});
  EXPECT_NE(absent.err.find("the phrase \"Vladivostok\" does not occur"), std::string::npos)
      << absent.err;
  CliResult range =
      Review("rev1", {"withhold", "ts-1963-001", "--span", "/body/0/text#w3-99", "--code", "25X1"});
  EXPECT_NE(range.err.find("record ts-1963-001 version 1: span /body/0/text#w3-99: the field has"),
            std::string::npos)
      << range.err;
  for (const char* structure : {"/date", "/approvals/0/state", "/precedence/original",
                                "/addressees/0/role", "/original_marking/verbatim"}) {
    CliResult r =
        Review("rev1", {"withhold", "ts-1963-001", "--span", structure, "--code", "25X1"});
    EXPECT_NE(r.err.find("is structure, not text"), std::string::npos) << structure << r.err;
  }
  CliResult nofield =
      Review("rev1", {"withhold", "ts-1963-001", "--span", "/body/9/text", "--code", "25X1"});
  EXPECT_NE(nofield.err.find("span /body/9/text: no such field"), std::string::npos) << nofield.err;
  ASSERT_EQ(Review("rev1", {"withhold", "ts-1963-001", "--span", "/body/1/text", "--code", "25X1"})
                .exit_code,
            0);
  CliResult overlap =
      Review("rev1", {"withhold", "ts-1963-001", "--span", "/body/1/text#w2-3", "--code", "25X1"});
  EXPECT_NE(overlap.err.find("span /body/1/text#w2-3 overlaps a span decided in ts-1963-001/1/1"),
            std::string::npos)
      << overlap.err;
  CliResult office = Review("rev1", {"refer", "ts-1963-001", "--office", "NOWHERE"});
  EXPECT_NE(office.err.find("no user holds equity for office \"NOWHERE\""), std::string::npos)
      << office.err;
  // None of the refusals left a decision behind.
  CliResult history = Review("rev1", {"history", "ts-1963-001"});
  EXPECT_NE(history.out.find("ts-1963-001/1/1"), std::string::npos);
  EXPECT_EQ(history.out.find("ts-1963-001/1/2"), std::string::npos) << history.out;
}

TEST_F(ReviewCliTest, PublicationWaitsForTheRestReferralsAndConcurrence) {
  ASSERT_EQ(
      Review("rev1", {"withhold", "ts-1963-001", "--text", "Harbin", "--code", "25X1"}).exit_code,
      0);
  CliResult early = Review("arch", {"publish", "ts-1963-001"});
  EXPECT_NE(early.err.find("record ts-1963-001 version 1: not wholly decided"), std::string::npos)
      << early.err;
  ASSERT_EQ(Review("rev1", {"release", "ts-1963-001"}).exit_code, 0);
  CliResult concur = Review("arch", {"publish", "ts-1963-001"});
  EXPECT_NE(concur.err.find("needs a second reviewer's concurrence"), std::string::npos)
      << concur.err;
  CliResult self = Review("rev1", {"concur", "ts-1963-001"});
  EXPECT_NE(self.err.find("a concurrence must come from a second reviewer"), std::string::npos)
      << self.err;
  CliResult refer =
      Review("rev1", {"refer", "ts-1963-001", "--office", "MFA-GO", "--span", "/title"});
  ASSERT_EQ(refer.exit_code, 0) << refer.err;
  // A concurrence waits for the referral's answer, which may withhold more.
  CliResult premature = Review("rev2", {"concur", "ts-1963-001"});
  EXPECT_NE(premature.err.find("concur after every referral is answered"), std::string::npos)
      << premature.err;
  CliResult waiting = Review("arch", {"publish", "ts-1963-001"});
  EXPECT_NE(waiting.err.find("1 referral(s) await an answer (MFA-GO)"), std::string::npos)
      << waiting.err;
  // Only the equity holder answers, and only once.
  EXPECT_NE(Review("rev1", {"answer", "ts-1963-001/1/3", "--release"}).exit_code, 0);
  CliResult answer = Review("eq", {"answer", "ts-1963-001/1/3", "--release"});
  ASSERT_EQ(answer.exit_code, 0) << answer.err;
  EXPECT_NE(Review("eq", {"answer", "ts-1963-001/1/3", "--release"}).exit_code, 0);
  ASSERT_EQ(Review("rev2", {"concur", "ts-1963-001"}).exit_code, 0);
  EXPECT_NE(Review("rev1", {"publish", "ts-1963-001"}).exit_code, 0);  // not an archivist
  CliResult published = Review("arch", {"publish", "ts-1963-001"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  EXPECT_NE(published.out.find("published ts-1963-001.p1"), std::string::npos) << published.out;
  CliResult again = Review("arch", {"publish", "ts-1963-001"});
  EXPECT_NE(again.err.find("already published"), std::string::npos) << again.err;
}

TEST_F(ReviewCliTest, ThePublicReadsThePublishedVersionWithMarkersAndNoWithheldWord) {
  Decide();
  CliResult published = Review("arch", {"publish", "ts-1963-001"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  CliResult show = Cli({"show", "ts-1963-001.p1", "--json"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  for (const char* withheld : {"Deng", "Xiaoping", "Harbin", "Kremlin", "Liu Shaoqi"}) {
    EXPECT_EQ(show.out.find(withheld), std::string::npos) << withheld << "\n" << show.out;
  }
  EXPECT_NE(show.out.find("[name not declassified; (b)(6)] will receive"), std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("\"Wu Xiuquan\""), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("[name not declassified; (b)(6)]\""), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("[1 paragraph (1 line) not declassified; 25X1]"), std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("Chervonenko"), std::string::npos);
  EXPECT_NE(show.out.find("\"of\": \"ts-1963-001\""), std::string::npos) << show.out;
  // The original keeps its label and stays out of public reach.
  EXPECT_EQ(Cli({"show", "ts-1963-001"}).err, "chancery: not found: no record ts-1963-001\n");
  CliResult cleared = Cli({"show", "ts-1963-001", "--as", "rev1"});
  EXPECT_NE(cleared.out.find("Harbin"), std::string::npos);
  // Search: the withheld terms are nowhere in the public's reach; released ones are.
  for (const char* term : {"Harbin", "Kremlin", "Xiaoping"}) {
    CliResult hits = Cli({"search", term});
    ASSERT_EQ(hits.exit_code, 0) << hits.err;
    EXPECT_EQ(hits.out.find("ts-1963-001"), std::string::npos) << term << "\n" << hits.out;
  }
  CliResult found = Cli({"search", "Chervonenko"});
  EXPECT_NE(found.out.find("ts-1963-001.p1"), std::string::npos) << found.out;
  // History for a cleared reviewer: the decisions and the published version.
  CliResult history = Review("rev2", {"history", "ts-1963-001"});
  EXPECT_NE(history.out.find("published in part"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("published 1  ts-1963-001.p1"), std::string::npos) << history.out;
}

TEST_F(ReviewCliTest, DecisionsOnAVersionThatChangedAreVoidAndPublicationRefusesThem) {
  Decide();
  // The record changes after review (a corrected import makes version 2).
  std::string changed = kCable;
  changed.replace(changed.find("by Friday"), 9, "by Monday");
  testing::WriteFileOrDie(dir_.File("ts.cable"), changed);
  CliResult imported = Cli({"import", dir_.File("ts.cable")});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  CliResult history = Review("rev1", {"history", "ts-1963-001"});
  EXPECT_NE(history.out.find("VOID: record changed from version 1 to 2 after this decision"),
            std::string::npos)
      << history.out;
  EXPECT_NE(history.out.find("state:    due"), std::string::npos) << history.out;
  CliResult publish = Review("arch", {"publish", "ts-1963-001"});
  EXPECT_NE(publish.err.find("record ts-1963-001 version 2: not wholly decided (5 decision(s) of "
                             "an earlier version are void: review it again)"),
            std::string::npos)
      << publish.err;
  EXPECT_NE(Cli({"show", "ts-1963-001.p1"}).exit_code, 0);  // nothing was published
}

TEST_F(ReviewCliTest, ADecisionEditedInTheStoreFileNoLongerCountsAndBlocksPublication) {
  Decide();
  // Someone with the file moves the withheld paragraph to another one.
  const std::string sql = "sqlite3 '" + db_ +
                          "' \"UPDATE docs SET body = replace(body, '/body/1/text', "
                          "'/body/0/text') WHERE collection = 'archive.decision'\"";
  ASSERT_EQ(std::system(sql.c_str()), 0);
  CliResult history = Review("rev1", {"history", "ts-1963-001"});
  EXPECT_NE(history.out.find("VOID: its signature does not verify: the row was altered outside "
                             "Chancery"),
            std::string::npos)
      << history.out;
  CliResult publish = Review("arch", {"publish", "ts-1963-001"});
  EXPECT_NE(publish.exit_code, 0);
  EXPECT_NE(publish.err.find("record ts-1963-001 version 1: decision ts-1963-001/1/2: its "
                             "signature does not verify"),
            std::string::npos)
      << publish.err;
  EXPECT_NE(Cli({"show", "ts-1963-001.p1"}).exit_code, 0);
}

TEST_F(ReviewCliTest, APhraseIsFoundAsAReaderFindsItAndNeverLeftWhereItCannotBeWithheld) {
  // A typographic apostrophe, curly quotes, an em dash, capitals and accents: all one word to a
  // reader, so all withheld (their whole units go).
  testing::WriteFileOrDie(
      dir_.File("z.cable"),
      "Id: z-1\nClassification: TOP SECRET\nMarking: Top Secret\nTitle: Note\n\n"
      "Give it to Zebulon\u2019s aide, to \u201cZebulon\u201d and ZEBULON\u2014Tal; \u00c9mile, "
      "E\u0301MILE and M\u00fcller.\n");
  ASSERT_EQ(Cli({"import", dir_.File("z.cable")}).exit_code, 0);
  for (const char* phrase : {"zebulon", "emile", "MULLER"}) {
    CliResult r = Review("rev1", {"withhold", "z-1", "--text", phrase, "--code", "25X1"});
    ASSERT_EQ(r.exit_code, 0) << phrase << ": " << r.err;
  }
  CliResult preview = Review("rev1", {"preview", "z-1", "--json"});
  for (const char* word : {"Zebulon", "ZEBULON", "mile", "MILE", "ller"}) {
    EXPECT_EQ(preview.out.find(word), std::string::npos) << word << "\n" << preview.out;
  }
  // A phrase that also stands in the marking cannot be withheld there: refused, not half done.
  CliResult marking = Review("rev1", {"withhold", "z-1", "--text", "top secret", "--code", "25X1"});
  EXPECT_NE(marking.err.find("record z-1 version 1: the phrase \"top secret\" also occurs in "
                             "/original_marking/verbatim, which cannot be withheld"),
            std::string::npos)
      << marking.err;
}

TEST_F(ReviewCliTest, ImportRefusesTheIdsOfPublishedVersionsAndThePublicationMember) {
  // An administrator tries to squat the id the publication will take, or to import a record
  // that claims to be a declassified version.
  testing::WriteFileOrDie(dir_.File("squat.cable"),
                          "Id: ts-1963-001.p1\nClassification: PUBLIC\nTitle: Not the "
                          "published version\n\nInvented text.\n");
  CliResult squat = Cli({"import", dir_.File("squat.cable")});
  EXPECT_NE(squat.exit_code, 0);
  EXPECT_NE(squat.err.find("cable ts-1963-001.p1: field id: ids ending in .p<number> are "
                           "reserved for the archive's published versions"),
            std::string::npos)
      << squat.err;
  testing::WriteFileOrDie(dir_.File("claim.jsonl"),
                          R"({"id":"claim-1","title":"Declassified?","publication":)"
                          R"({"of":"ts-1963-001","number":1,"archivist":"arch"}})"
                          "\n");
  CliResult claim = Cli({"import", dir_.File("claim.jsonl")});
  EXPECT_NE(claim.exit_code, 0);
  EXPECT_NE(claim.err.find("cable claim-1: field publication is set only by the archive"),
            std::string::npos)
      << claim.err;
  Decide();
  CliResult publish = Review("arch", {"publish", "ts-1963-001"});
  ASSERT_EQ(publish.exit_code, 0) << publish.err;
  EXPECT_NE(publish.out.find("published ts-1963-001.p1"), std::string::npos) << publish.out;
}

TEST_F(ReviewCliTest, ARequestForARecordTheReaderCannotReadNeitherConfirmsNorDenies) {
  ASSERT_EQ(Review("reader", {"request", "ts-1963-001", "--text", "Release it."}).exit_code, 0);
  ASSERT_EQ(Review("reader", {"request", "ts-1963-999", "--text", "Release it."}).exit_code, 0);
  // The record is reviewed and withheld in full.
  ASSERT_EQ(Review("rev1", {"withhold", "ts-1963-001", "--span", "", "--code", "25X1"}).exit_code,
            0);
  ASSERT_EQ(Review("rev2", {"concur", "ts-1963-001"}).exit_code, 0);
  CliResult withheld = Review("arch", {"publish", "ts-1963-001"});
  ASSERT_EQ(withheld.exit_code, 0) << withheld.err;
  EXPECT_NE(withheld.out.find("withheld in full"), std::string::npos);
  // Both requests read the same to the reader: open, no outcome.
  CliResult mine = Review("reader", {"requests"});
  EXPECT_NE(mine.out.find("ts-1963-001  open\n"), std::string::npos) << mine.out;
  EXPECT_NE(mine.out.find("ts-1963-999  open\n"), std::string::npos) << mine.out;
  EXPECT_EQ(mine.out.find("withheld"), std::string::npos) << mine.out;
  // The staff see the request and its outcome; a cleared reader without a role does not see
  // who asked.
  CliResult staff = Review("rev1", {"history", "ts-1963-001"});
  EXPECT_NE(staff.out.find("by reader"), std::string::npos) << staff.out;
  EXPECT_NE(staff.out.find("withheld in full"), std::string::npos) << staff.out;
  CliResult equity = Review("eq", {"history", "ts-1963-001"});
  EXPECT_EQ(equity.out.find("by reader"), std::string::npos) << equity.out;
}

TEST_F(ReviewCliTest, AReaderRequestsReviewAndSeesTheOutcome) {
  CliResult request = Review(
      "reader", {"request", "ts-1963-001.p1", "--text", "Please review the withheld paragraph."});
  // Before publication the reader cannot name the published version; the request is filed all
  // the same (its existence says nothing) and names what the reader gave.
  ASSERT_EQ(request.exit_code, 0) << request.err;
  Decide();
  ASSERT_EQ(Review("arch", {"publish", "ts-1963-001"}).exit_code, 0);
  CliResult second = Review("reader", {"request", "ts-1963-001.p1", "--text",
                                       "Please review the withheld paragraph again."});
  ASSERT_EQ(second.exit_code, 0) << second.err;
  CliResult mine = Review("reader", {"requests"});
  EXPECT_NE(mine.out.find("ts-1963-001  open"), std::string::npos) << mine.out;
  // The request reopened the review: it is due again in the reviewers' queue.
  CliResult queue = Review("rev1", {"queue"});
  EXPECT_NE(queue.out.find("ts-1963-001"), std::string::npos) << queue.out;
  EXPECT_NE(queue.out.find("1 request(s)"), std::string::npos) << queue.out;
}

}  // namespace
}  // namespace chancery
