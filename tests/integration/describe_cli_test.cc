// `chancery describe ...` black-box (issue 14 §2): an archivist describes the seed (title,
// subjects from the vocabulary, people, places, scope note, archival reference) as a signed new
// version; history and diff show it; every refusal (no role, no clearance, a stale base, an
// unknown field, a term outside the vocabulary) stores nothing; a published version described
// after publication still proves with `chancery proof` and `chancery verify`; an edit row changed
// with sqlite3 in the store file shows as VOID in the history; search follows the edit.
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";
const std::string kSubjects =
    std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/subjects-cold-war.jsonl";
constexpr const char* kSeedId = "wilson-123881";

constexpr const char* kCable =
    "Id: ts-1963-002\n"
    "Organization: Ministry of Foreign Affairs\n"
    "Direction: outgoing\n"
    "Kind: telegram\n"
    "Date: 1963-03-13\n"
    "Classification: TOP SECRET\n"
    "Drafter: Yu Zhan\n"
    "To: Embassy in Moscow\n"
    "Title: On the Harbin channel\n"
    "\n"
    "The Kremlin channel through Harbin remains open.\n"
    "\n"
    "Report the reactions by telegram.\n";

class DescribeCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("describe.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    AddUser("arch", "TOP SECRET", {"archivist"});
    AddUser("low", "CONFIDENTIAL", {"archivist"});
    AddUser("rev1", "TOP SECRET", {"reviewer"});
    AddUser("rev2", "TOP SECRET", {"reviewer"});
    AddUser("reader", "PUBLIC", {});
    ASSERT_EQ(Cli({"authority", "load", kSubjects}).exit_code, 0);
    CliResult seed = Cli({"import", kSeed});
    ASSERT_EQ(seed.exit_code, 0) << seed.err;
    testing::WriteFileOrDie(dir_.File("ts.cable"), kCable);
    ASSERT_EQ(Cli({"import", dir_.File("ts.cable")}).exit_code, 0);
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

  std::string History(const std::string& id) { return Cli({"describe", "history", id}).out; }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(DescribeCliTest, AnArchivistDescribesTheSeedAsASignedNewVersion) {
  CliResult edit =
      Cli({"describe", kSeedId, "--base", "1", "--as", "arch", "--set",
           "title=Mao Zedong receives the Soviet ambassador", "--add", "subject=Great Polemic",
           "--add", "person=Stepan Vasilyevich Chervonenko", "--add", "place=Beijing", "--set",
           "scope-note=Key points, 1963.", "--set", "reference=PRC FMA 109-03861-03, 13-17"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  EXPECT_NE(edit.out.find("wilson-123881: description edit 1 by arch: version 1 -> 2 (signed)"),
            std::string::npos)
      << edit.out;
  CliResult shown = Cli({"show", kSeedId, "--json"});
  ASSERT_EQ(shown.exit_code, 0) << shown.err;
  const nlohmann::json record = nlohmann::json::parse(shown.out);
  EXPECT_EQ(record["subjects"], nlohmann::json::array({"Sino-Soviet polemics"}));
  EXPECT_EQ(record["scope_note"], "Key points, 1963.");
  EXPECT_EQ(record["places"], nlohmann::json::array({"Beijing"}));
  const std::string history = History(kSeedId);
  EXPECT_NE(history.find("edit 1  v1 -> v2"), std::string::npos) << history;
  EXPECT_NE(history.find("arch  title, subjects, persons, places, scope_note  [signature "
                         "verified]"),
            std::string::npos)
      << history;
  CliResult diff = Cli({"describe", "diff", kSeedId, "1", "2"});
  ASSERT_EQ(diff.exit_code, 0) << diff.err;
  EXPECT_NE(diff.out.find("  subjects  + Sino-Soviet polemics"), std::string::npos) << diff.out;
  EXPECT_NE(diff.out.find("  title  + Mao Zedong receives the Soviet ambassador"),
            std::string::npos);
  // Search follows: the new subject is found, the old title's words no longer match as a title.
  EXPECT_NE(Cli({"search", "subject:\"Sino-Soviet polemics\""}).out.find(kSeedId),
            std::string::npos);
  EXPECT_EQ(Cli({"search", "title:Chernovenko"}).out.find(kSeedId), std::string::npos);
  EXPECT_NE(Cli({"search", "title:ambassador"}).out.find(kSeedId), std::string::npos);
  CliResult audit = Cli({"audit", "verify"});
  EXPECT_EQ(audit.exit_code, 0) << audit.out << audit.err;
}

TEST_F(DescribeCliTest, RefusalsAreClearAndStoreNothing) {
  CliResult reader = Cli({"describe", kSeedId, "--as", "reader", "--set", "title=x"});
  EXPECT_EQ(reader.err,
            "chancery: permission denied: editing a description needs the archivist role, which "
            "reader does not hold\n");
  CliResult hidden = Cli({"describe", "ts-1963-002", "--as", "low", "--set", "title=x"});
  CliResult missing = Cli({"describe", "ts-1963-009", "--as", "low", "--set", "title=x"});
  EXPECT_EQ(hidden.err, "chancery: not found: no record ts-1963-002\n");
  EXPECT_EQ(missing.err, "chancery: not found: no record ts-1963-009\n");
  EXPECT_EQ(Cli({"describe", "history", "ts-1963-002", "--as", "low"}).err,
            "chancery: not found: no record ts-1963-002\n");
  CliResult term =
      Cli({"describe", kSeedId, "--as", "arch", "--add", "subject=Sino Soviet relation"});
  EXPECT_NE(term.err.find("subject \"Sino Soviet relation\" is not in the controlled vocabulary "
                          "(close terms: Sino-Soviet relations"),
            std::string::npos)
      << term.err;
  CliResult field = Cli({"describe", kSeedId, "--as", "arch", "--set", "colour=red"});
  EXPECT_NE(field.err.find("unknown field \"colour\""), std::string::npos) << field.err;
  CliResult form = Cli({"describe", kSeedId, "--as", "arch", "--set", "title"});
  EXPECT_NE(form.err.find("--set \"title\": write FIELD=VALUE"), std::string::npos) << form.err;
  EXPECT_NE(History(kSeedId).find("no description edits"), std::string::npos);
  ASSERT_EQ(Cli({"describe", kSeedId, "--as", "arch", "--set", "summary=First"}).exit_code, 0);
  CliResult stale =
      Cli({"describe", kSeedId, "--as", "arch", "--base", "1", "--set", "summary=Second"});
  EXPECT_EQ(stale.err,
            "chancery: conflict: record wilson-123881: the edit names version 1 but the record "
            "is at version 2 (see chancery describe history wilson-123881)\n");
  EXPECT_EQ(nlohmann::json::parse(Cli({"show", kSeedId, "--json"}).out)["summary"], "First");
}

TEST_F(DescribeCliTest, APublishedVersionDescribedAfterPublicationStillProves) {
  const auto review = [&](const std::string& user, std::vector<std::string> args) {
    args.insert(args.begin(), "review");
    args.push_back("--as");
    args.push_back(user);
    CliResult r = Cli(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
  };
  review("rev1", {"withhold", "ts-1963-002", "--text", "Harbin", "--code", "25X1"});
  review("rev1", {"release", "ts-1963-002"});
  review("rev2", {"concur", "ts-1963-002"});
  review("arch", {"publish", "ts-1963-002"});
  CliResult edit = Cli({"describe", "ts-1963-002.p1", "--as", "arch", "--set",
                        "summary=Instructions on a channel to Moscow.", "--add",
                        "subject=Sino-Soviet relations"});
  ASSERT_EQ(edit.exit_code, 0) << edit.err;
  const std::string bundle = dir_.File("p1.proof.json");
  CliResult proof = Cli({"proof", "ts-1963-002.p1", "--out", bundle});
  ASSERT_EQ(proof.exit_code, 0) << proof.err;
  CliResult verify = Cli({"verify", bundle});
  EXPECT_EQ(verify.exit_code, 0) << verify.out;
  EXPECT_EQ(verify.out.rfind("OK: ", 0), 0u) << verify.out;
  // The public reads the described version; its history is signed and verified.
  EXPECT_NE(Cli({"show", "ts-1963-002.p1", "--json"}).out.find("Instructions on a channel"),
            std::string::npos);
  EXPECT_NE(History("ts-1963-002.p1").find("[signature verified]"), std::string::npos);
}

TEST_F(DescribeCliTest, AnEditRowChangedInTheStoreFileShowsAsVoid) {
  ASSERT_EQ(
      Cli({"describe", kSeedId, "--as", "arch", "--add", "subject=Nuclear weapons"}).exit_code, 0);
  const std::string sql =
      "UPDATE docs SET body = replace(body, 'Nuclear weapons', 'Korean peninsula') "
      "WHERE collection = 'archive.description';";
  ASSERT_EQ(std::system(("/usr/bin/sqlite3 '" + db_ + "' \"" + sql + "\"").c_str()), 0);
  const std::string history = History(kSeedId);
  EXPECT_NE(history.find("[VOID: its signature does not verify: the row was altered outside "
                         "Chancery]"),
            std::string::npos)
      << history;
  EXPECT_NE(history.find("Korean peninsula"), std::string::npos) << history;
}

}  // namespace
}  // namespace chancery
