// FRUS dates through the `chancery` CLI on the dev volume frus1961-63v22 (issue 12, items 2 and
// 4): local times keep their place's zone, date order is the order of true instants, and
// undated documents get approximate dates from their place in the volume.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kVolume =
    std::string(CHANCERY_SHARED_DIR) + "/corpus/frus/dev/frus1961-63v22.xml";

class FrusDatesCli : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    const CliResult r = Cli({"import", kVolume});
    ASSERT_EQ(r.exit_code, 0) << r.err;
  }

  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }

  static CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", dir_->File("frus.db")});
    return RunCli(args);
  }

  static nlohmann::json Json(std::vector<std::string> args) {
    args.push_back("--json");
    const CliResult r = Cli(std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return nlohmann::json::parse(r.out, nullptr, false);
  }

  static nlohmann::json Show(const std::string& id) { return Json({"show", id}); }

  static std::vector<std::string> HitIds(const nlohmann::json& results) {
    std::vector<std::string> ids;
    for (const auto& hit : results["hits"]) {
      ids.push_back(hit["id"].get<std::string>());
    }
    return ids;
  }

  static testing::TempDir* dir_;
};

testing::TempDir* FrusDatesCli::dir_ = nullptr;

TEST_F(FrusDatesCli, TaipeiTelegramKeepsItsLocalTimeZoneAndUtcInstant) {
  const nlohmann::json d7 = Show("frus1961-63v22-d7");  // "Taipei, February 25, 1961, 9 p.m."
  EXPECT_EQ(d7["date"], "1961-02-25T21:00+08:00[Asia/Taipei]");
  EXPECT_EQ(d7["date_utc"], "1961-02-25T13:00Z");
  EXPECT_EQ(d7["date_display"], "February 25, 1961, 9 p.m., Taipei");
  EXPECT_EQ(d7["place"], "Taipei");
}

TEST_F(FrusDatesCli, WarsawAndWashingtonTimesUseTheirZonesOfThatDay) {
  const nlohmann::json d11 = Show("frus1961-63v22-d11");  // "Warsaw, March 7, 1961, 5 p.m."
  EXPECT_EQ(d11["date"], "1961-03-07T17:00+01:00[Europe/Warsaw]");
  EXPECT_EQ(d11["date_utc"], "1961-03-07T16:00Z");
  const nlohmann::json d1 = Show("frus1961-63v22-d1");  // Washington, January 12, 1961, 8:40 p.m.
  EXPECT_EQ(d1["date"], "1961-01-12T20:40-05:00[America/New_York]");  // EST
  const nlohmann::json d334 = Show("frus1961-63v22-d334");
  EXPECT_EQ(d334["date"], "1961-06-21T10:00-04:00[America/New_York]");  // EDT
}

TEST_F(FrusDatesCli, DateOrderIsTheOrderOfTrueInstants) {
  // June 21, 1961: Taipei 1 p.m. (04:00Z), Washington 10 a.m. (14:00Z) and 3:15 p.m. (19:15Z).
  const std::vector<std::string> ids = HitIds(
      Json({"search", "", "--from", "1961-06-21", "--to", "1961-06-21", "--sort", "date-desc"}));
  const auto at = [&](const std::string& id) {
    return std::find(ids.begin(), ids.end(), "frus1961-63v22-" + id) - ids.begin();
  };
  ASSERT_LT(at("d32"), static_cast<std::ptrdiff_t>(ids.size()));
  EXPECT_LT(at("d335"), at("d334"));
  EXPECT_LT(at("d334"), at("d32"));
}

TEST_F(FrusDatesCli, UndatedEditorialNotesAreFoundByDateRange) {
  const nlohmann::json all = Json({"search", "\"Editorial Note\""});
  const nlohmann::json ranged =
      Json({"search", "\"Editorial Note\"", "--from", "1961", "--to", "1963"});
  EXPECT_GT(all["total"].get<int64_t>(), 30);
  EXPECT_EQ(ranged["total"], all["total"]);
  const nlohmann::json d2 = Show("frus1961-63v22-d2");  // between d1 (Jan 12) and d3 (Feb 3)
  EXPECT_EQ(d2["date_approximate"], true);
  EXPECT_EQ(d2["earliest"], "1961-01-12");
  EXPECT_EQ(d2["latest"], "1961-02-03");
  EXPECT_FALSE(d2.contains("date"));
  const nlohmann::json in_january =
      Json({"search", "\"Editorial Note\"", "--from", "1961-01-20", "--to", "1961-01-20"});
  EXPECT_EQ(HitIds(in_january), std::vector<std::string>{"frus1961-63v22-d2"});
}

TEST_F(FrusDatesCli, HitListShowsAnUndatedRecordsApproximateRangeAsShowDoes) {
  const std::string said =
      "undated; approximately 1961-01-12 to 1961-02-03 (from its place in the volume)";
  const CliResult hits =
      Cli({"search", "\"Editorial Note\"", "--from", "1961-01-20", "--to", "1961-01-20"});
  ASSERT_EQ(hits.exit_code, 0) << hits.err;
  const size_t line = hits.out.find("\nfrus1961-63v22-d2 ");
  ASSERT_NE(line, std::string::npos) << hits.out;
  EXPECT_EQ(hits.out.substr(line + 1, hits.out.find('\n', line + 1) - line - 1).find(said), 25u)
      << hits.out;  // the date column, after the id's
  const CliResult show = Cli({"show", "frus1961-63v22-d2"});
  EXPECT_NE(show.out.find(said), std::string::npos) << show.out;
}

TEST_F(FrusDatesCli, JsonHitCarriesTheApproximateRangeAsTheRecordDoes) {
  const nlohmann::json r =
      Json({"search", "\"Editorial Note\"", "--from", "1961-01-20", "--to", "1961-01-20"});
  ASSERT_EQ(r["hits"].size(), 1u) << r.dump();
  const nlohmann::json& hit = r["hits"][0];
  EXPECT_EQ(hit["date_approximate"], true);
  EXPECT_EQ(hit["earliest"], "1961-01-12");
  EXPECT_EQ(hit["latest"], "1961-02-03");
  EXPECT_FALSE(hit.contains("date"));
}

TEST_F(FrusDatesCli, RecordStoredBeforeZonesStillLoadsAsUtc) {
  testing::TempDir dir;
  const std::string db = dir.File("old.db");
  ASSERT_EQ(RunCli({"--db", db, "init"}).exit_code, 0);
  testing::WriteFileOrDie(dir.File("old.jsonl"),
                          R"({"id":"old-1","title":"Old","date":"1961-02-25T21:00Z",)"
                          R"("current_label":{"classification":"PUBLIC"}})"
                          "\n");
  ASSERT_EQ(RunCli({"--db", db, "import", dir.File("old.jsonl")}).exit_code, 0);
  const CliResult r = RunCli({"--db", db, "show", "old-1", "--json"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const nlohmann::json old = nlohmann::json::parse(r.out);
  EXPECT_EQ(old["date"], "1961-02-25T21:00Z");
  EXPECT_FALSE(old.contains("date_utc"));
  EXPECT_EQ(old["date_display"], "February 25, 1961, 2100Z");
}

}  // namespace
}  // namespace chancery
