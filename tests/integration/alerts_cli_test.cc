// Saved searches and alerts through the real `chancery` binary (issue 15 §5; docs/alerts.md):
// `saved add|list|remove|feed` and `alerts list|run [--as USER]`. A bad query is refused at
// save time and stores nothing; the alerts of a reader are exactly what `chancery search` with
// the same query finds for them among the records written after the search was saved, before
// and after their clearance is lowered; another reader's saved search is "no saved search".
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;
using Json = nlohmann::json;

const std::string kExamples = std::string(CHANCERY_SOURCE_DIR) + "/examples/cables/";
const std::string kQuery = "Veridian OR visa OR harbour OR research";

class AlertsCli : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    for (const auto& [name, level] : std::vector<std::pair<std::string, std::string>>{
             {"reader", "PUBLIC"}, {"clerk", "SECRET"}}) {
      const CliResult r = Cli({"user", "add", name, "--clearance", level});
      ASSERT_EQ(r.exit_code, 0) << r.err;
    }
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", dir_.File("alerts.db")});
    return RunCli(args);
  }

  Json JsonOf(std::vector<std::string> args) {
    args.push_back("--json");
    const CliResult r = Cli(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out, nullptr, false);
  }

  // What `chancery search` finds for `user` (the oracle: the reading room's own search).
  std::set<std::string> SearchIds(const std::string& user) {
    std::set<std::string> ids;
    const Json found = JsonOf({"search", kQuery, "--as", user, "--limit", "1000"});
    for (const auto& hit : found["hits"]) {
      ids.insert(hit["id"]);
    }
    return ids;
  }

  static std::set<std::string> AlertIds(const Json& alerts) {
    std::set<std::string> ids;
    for (const auto& a : alerts) {
      ids.insert(a["id"]);
    }
    return ids;
  }

  testing::TempDir dir_;
};

TEST_F(AlertsCli, ABadQueryIsRefusedNamingTheColumnAndNothingIsStored) {
  CliResult r = Cli({"saved", "add", "grain AND", "--as", "clerk"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("query:1:7: AND has no right operand"), std::string::npos) << r.err;
  r = Cli({"saved", "add", "grain", "--from", "1963-02-30", "--as", "clerk"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("from: \"1963-02-30\""), std::string::npos) << r.err;
  r = Cli({"saved", "add", "grain"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("--as USER"), std::string::npos) << r.err;
  EXPECT_EQ(JsonOf({"saved", "list", "--as", "clerk"}), Json::array());
  // The refusal is audited, as every user action.
  r = Cli({"audit", "log"});
  EXPECT_NE(r.out.find("saved.add"), std::string::npos) << r.out;
}

TEST_F(AlertsCli, AlertsAreWhatTheReaderMayFindAmongRecordsWrittenAfterSaving) {
  Cli({"import", kExamples + "01-public-press-guidance.cable"});  // before: no alert
  const Json saved = JsonOf({"saved", "add", kQuery, "--name", "Mixed", "--as", "clerk"});
  const std::string id = saved["id"];
  ASSERT_EQ(id.size(), 15u) << saved;
  EXPECT_EQ(JsonOf({"saved", "list", "--as", "clerk"})[0]["id"], id);
  const std::set<std::string> before = SearchIds("clerk");
  CliResult r = Cli({"import", "--quiet", kExamples});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  // The import evaluated the saved searches already: a run finds nothing left to do.
  r = Cli({"alerts", "run"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("0 record(s) matched against 0 saved search(es)"), std::string::npos)
      << r.out;
  std::set<std::string> expected;
  for (const std::string& found : SearchIds("clerk")) {
    if (before.count(found) == 0) {
      expected.insert(found);
    }
  }
  ASSERT_FALSE(expected.empty());
  EXPECT_EQ(AlertIds(JsonOf({"alerts", "list", "--as", "clerk"})), expected);
  // Lower the clerk's clearance: the alerts follow at once, without a run.
  r = Cli({"user", "add", "clerk", "--clearance", "PUBLIC"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::set<std::string> now;
  for (const std::string& found : SearchIds("clerk")) {
    if (before.count(found) == 0) {
      now.insert(found);
    }
  }
  EXPECT_LT(now.size(), expected.size());
  EXPECT_EQ(AlertIds(JsonOf({"alerts", "list", id, "--as", "clerk"})), now);
  EXPECT_EQ(AlertIds(JsonOf({"alerts", "run", "--as", "clerk"})), now);
  // Another reader: exactly as a missing one.
  r = Cli({"saved", "remove", id, "--as", "reader"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("no saved search " + id), std::string::npos) << r.err;
  r = Cli({"alerts", "list", id, "--as", "reader"});
  EXPECT_NE(r.err.find("no saved search " + id), std::string::npos) << r.err;
  // The feed: renew, revoke; then remove.
  r = Cli({"saved", "feed", id, "--revoke", "--as", "clerk"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonOf({"saved", "list", "--as", "clerk"})[0]["feed"], "");
  r = Cli({"saved", "remove", id, "--as", "clerk"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(JsonOf({"saved", "list", "--as", "clerk"}), Json::array());
}

TEST_F(AlertsCli, APersonIsFoundUnderEveryNameTheAuthoritiesKnow) {
  // The seed spells the ambassador "Chernovenko" and "Chervoenko"; the authority file knows both.
  CliResult r = Cli({"authority", "load",
                     std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/seed-people.jsonl"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  JsonOf({"saved", "add", "person:Chervonenko", "--as", "reader"});
  r = Cli({"import", std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(AlertIds(JsonOf({"alerts", "list", "--as", "reader"})),
            std::set<std::string>{"wilson-123881"});
}

}  // namespace
}  // namespace chancery
