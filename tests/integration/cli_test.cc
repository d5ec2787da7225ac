// The `chancery` CLI, black-box: run the binary, assert on its exit code, output and JSON.
#include <filesystem>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "chancery/format/json.h"

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("cli.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    std::string lines;
    for (const auto& c :
         {testing::MakeCable("pub-1", "Grain talks", "Grain tariffs were discussed.", "PUBLIC"),
          testing::MakeCable("sec-1", "Grain depot", "Troops near the grain depot.", "SECRET")}) {
      lines += format::CableToJson(c) + "\n";
    }
    testing::WriteFileOrDie(dir_.File("two.jsonl"), lines);
    ASSERT_EQ(Cli({"import", dir_.File("two.jsonl")}).exit_code, 0);
    ASSERT_EQ(Cli({"user", "add", "analyst", "--clearance", "SECRET"}).exit_code, 0);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  nlohmann::json Json(const CliResult& r) {
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  void Sql(const std::string& statement) {
    const std::string cmd = "sqlite3 '" + db_ + "' \"" + statement + "\"";
    ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  }

  CliResult Verify() { return Cli({"audit", "verify"}); }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(CliTest, InitRefusesToOverwriteAStore) {
  auto r = Cli({"init"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("already exists"), std::string::npos);
}

TEST_F(CliTest, InitIndexPartsSplitsTheIndexAndSearchesStillFindEverything) {
  const std::string db = dir_.File("parts.db");
  ASSERT_EQ(RunCli({"--db", db, "init", "--index-parts", "3"}).exit_code, 0);
  ASSERT_EQ(RunCli({"--db", db, "import", dir_.File("two.jsonl")}).exit_code, 0);
  EXPECT_TRUE(std::filesystem::exists(db + ".index/layout"));
  auto r = RunCli({"--db", db, "search", "grain", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(nlohmann::json::parse(r.out)["total"], 1);
  EXPECT_NE(RunCli({"--db", dir_.File("bad.db"), "init", "--index-parts", "65"}).exit_code, 0);
}

TEST_F(CliTest, SearchJsonCountsOnlyWhatTheSubjectMayRead) {
  EXPECT_EQ(Json(Cli({"search", "grain", "--json"}))["total"], 1);
  auto cleared = Json(Cli({"search", "grain", "--json", "--as", "analyst"}));
  EXPECT_EQ(cleared["total"], 2);
  EXPECT_EQ(cleared["hits"].size(), 2u);
  EXPECT_TRUE(cleared["hits"][0].contains("title"));
}

TEST_F(CliTest, ShowOfAHiddenRecordReadsLikeAMissingOne) {
  auto hidden = Cli({"show", "sec-1"});
  auto missing = Cli({"show", "sec-2"});
  EXPECT_EQ(hidden.exit_code, 1);
  EXPECT_EQ(hidden.err, "chancery: not found: no record sec-1\n");
  EXPECT_EQ(missing.err, "chancery: not found: no record sec-2\n");
  EXPECT_EQ(Cli({"show", "sec-1", "--as", "analyst"}).exit_code, 0);
}

TEST_F(CliTest, ListAndExportAreFiltered) {
  EXPECT_EQ(Json(Cli({"list", "--json"}))["total"], 1);
  EXPECT_EQ(Json(Cli({"list", "--json", "--as", "analyst"}))["total"], 2);
  auto exported = Cli({"export", "--jsonl", "--as", "analyst"});
  EXPECT_EQ(std::count(exported.out.begin(), exported.out.end(), '\n'), 2);
}

// Issue 11 finding 11: export used to print every record and only then write its audit entry,
// so a store that could not take the entry (a full disk; here, another writer holding the
// write lock past the busy timeout) handed out records nobody could see were read.
TEST_F(CliTest, ExportPrintsNothingWhenItsAuditEntryCannotBeWritten) {
  sqlite3* holder = nullptr;
  ASSERT_EQ(sqlite3_open(db_.c_str(), &holder), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(holder, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  CliResult blocked = Cli({"export", "--jsonl"});
  sqlite3_exec(holder, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(holder);
  EXPECT_NE(blocked.exit_code, 0);
  EXPECT_EQ(blocked.out, "") << "records went out without an audit entry";
  EXPECT_NE(blocked.err.find("locked"), std::string::npos) << blocked.err;
  CliResult exported = Cli({"export", "--jsonl"});
  EXPECT_EQ(exported.exit_code, 0) << exported.err;
  EXPECT_NE(exported.out.find("\"pub-1\""), std::string::npos) << "once it can be audited";
}

TEST_F(CliTest, BadFileIsReportedWithPositionAndTheRestImported) {
  std::filesystem::create_directories(dir_.File("mixed"));
  testing::WriteFileOrDie(
      dir_.File("mixed/a.jsonl"),
      format::CableToJson(testing::MakeCable("ok-9", "Fine", "x", "PUBLIC")) + "\n");
  testing::WriteFileOrDie(dir_.File("mixed/b.jsonl"), "{\"id\": \"bad\", \"title\": 7}\n");
  auto r = Cli({"import", dir_.File("mixed")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(dir_.File("mixed/b.jsonl") + ":1:"), std::string::npos) << r.err;
  EXPECT_EQ(Cli({"show", "ok-9"}).exit_code, 0);
}

TEST_F(CliTest, UnknownUserAndBadDateAreClearErrors) {
  EXPECT_NE(Cli({"search", "x", "--as", "mallory"}).err.find("unknown user mallory"),
            std::string::npos);
  EXPECT_NE(Cli({"search", "x", "--from", "1963-02-30"}).err.find("--from"), std::string::npos);
}

TEST_F(CliTest, SeedImportsAndIsPublishedWithItsHistoricalMarking) {
  auto imported = Cli({"import", kSeed});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  auto record = Json(Cli({"show", "wilson-123881", "--json"}));
  EXPECT_EQ(record["original_marking"]["verbatim"], "Top Secret");
  EXPECT_EQ(record["current_label"]["classification"], "PUBLIC");
  EXPECT_EQ(record["precedence"]["rank"], "IMMEDIATE");
  auto by_serial = Cli({"show", "(63) B-Yin-692"});
  EXPECT_EQ(by_serial.exit_code, 0) << by_serial.err;
  EXPECT_EQ(Json(Cli({"search", "Chernovenko", "--json"}))["hits"][0]["id"], "wilson-123881");
  // People, offices, serial and archival reference are found without a field prefix too.
  for (const char* q : {"Cowhig", "\"Wu Xiuquan\"", "\"Soviet and Eastern European Division\"",
                        "B-Yin-692", "ref:\"PRC FMA 109-03861-03\""}) {
    EXPECT_EQ(Json(Cli({"search", q, "--json"}))["total"], 1) << q;
  }
}

TEST_F(CliTest, HitsAndListsFallBackToTheSubjectForATitle) {
  model::Cable c = testing::MakeCable("subj-1", "", "Grain harvest note.", "PUBLIC");
  c.subject = "Harvest outlook";
  testing::WriteFileOrDie(dir_.File("subj.jsonl"), format::CableToJson(c) + "\n");
  ASSERT_EQ(Cli({"import", dir_.File("subj.jsonl")}).exit_code, 0);
  EXPECT_EQ(Json(Cli({"search", "harvest", "--json"}))["hits"][0]["title"], "Harvest outlook");
  EXPECT_NE(Cli({"list"}).out.find("Harvest outlook"), std::string::npos);
}

TEST_F(CliTest, PolicyErrorsNameThePolicyFile) {
  testing::WriteFileOrDie(dir_.File("bad.policy"), "policy p\nlevel PUBLIC zero\n");
  auto r = RunCli({"--db", dir_.File("other.db"), "init", "--policy", dir_.File("bad.policy")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(dir_.File("bad.policy") + ":2:"), std::string::npos) << r.err;
}

TEST_F(CliTest, ExamplesImportCleanly) {
  // examples/desk holds a directory file and drafts for the desk, not records.
  const std::string examples = std::string(CHANCERY_SOURCE_DIR) + "/examples";
  auto r = Cli({"import", examples + "/cables", examples + "/archive"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.err.find(" 0 failed"), std::string::npos) << r.err;
}

TEST_F(CliTest, AuditVerifyPassesOnAnUntouchedLog) {
  (void)Cli({"search", "grain"});
  auto r = Verify();
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("audit log ok"), std::string::npos);
}

TEST_F(CliTest, AuditVerifyFailsOnAFlippedByteNamingTheEntry) {
  Sql("UPDATE audit SET actor = 'admin:tesu' || substr(actor, 11) WHERE seq = 2");
  auto r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("audit entry 2"), std::string::npos) << r.err;
}

TEST_F(CliTest, AuditVerifyFailsOnADeletedEntry) {
  Sql("DELETE FROM audit WHERE seq = 2");
  auto r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("audit entry 2: seq is 3"), std::string::npos) << r.err;
}

TEST_F(CliTest, AuditVerifyFailsOnASwappedPair) {
  Sql("CREATE TEMP TABLE t AS SELECT * FROM audit WHERE seq IN (1, 2); "
      "UPDATE audit SET (time_micros, actor, action, target, decision, ids, prev_hash, hash) = "
      "(SELECT time_micros, actor, action, target, decision, ids, prev_hash, hash FROM t "
      "WHERE t.seq = 3 - audit.seq) WHERE seq IN (1, 2);");
  auto r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("audit entry 1"), std::string::npos) << r.err;
}

TEST_F(CliTest, AuditVerifyFailsOnATruncatedTail) {
  Sql("DELETE FROM audit WHERE seq = (SELECT max(seq) FROM audit)");
  auto r = Verify();
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("truncated"), std::string::npos) << r.err;
}

// Issue 11, finding 14: a paragraph marked ((TOP SECRET)) in a cable labelled UNCLASSIFIED
// was imported as UNCLASSIFIED and the public could read it.
TEST_F(CliTest, AParagraphMarkedAboveTheCablesLabelRaisesTheLabel) {
  testing::WriteFileOrDie(dir_.File("mixed.cable"),
                          "Id: mixed-1\nClassification: UNCLASSIFIED\nSubject: Harbour\n\n"
                          "((UNCLASSIFIED)) The harbour is open.\n\n"
                          "((TOP SECRET)) The harbour will be mined at dawn.\n");
  ASSERT_EQ(Cli({"import", dir_.File("mixed.cable")}).exit_code, 0);
  EXPECT_EQ(Cli({"show", "mixed-1"}).exit_code, 1);
  EXPECT_EQ(Json(Cli({"search", "mined", "--json"}))["total"], 0);
  EXPECT_EQ(Cli({"show", "mixed-1", "--as", "analyst"}).exit_code, 1);
}

// Issue 11, finding 3: a re-import could lower a record's label and overwrite it in place.
TEST_F(CliTest, AnImportThatLowersALabelIsRefusedAndChangesNothing) {
  testing::WriteFileOrDie(
      dir_.File("lower.jsonl"),
      format::CableToJson(testing::MakeCable("sec-1", "Grain depot", "Declassified?", "PUBLIC")) +
          "\n");
  auto r = Cli({"import", dir_.File("lower.jsonl")});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("declassification review"), std::string::npos) << r.err;
  EXPECT_EQ(Cli({"show", "sec-1"}).exit_code, 1);
  EXPECT_NE(Cli({"show", "sec-1", "--as", "analyst"}).out.find("Troops near the grain depot"),
            std::string::npos);
}

}  // namespace
}  // namespace chancery
