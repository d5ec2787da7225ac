// `chancery show` without --json: the reader's view of a record (apps/cli/record_view.h), black-box
// on the seed record (issue 12, item 1).
#include <gtest/gtest.h>

#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";

class ShowViewTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("show.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
    ASSERT_EQ(Cli({"import", kSeed}).exit_code, 0);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  testing::TempDir dir_;
  std::string db_;
};

// Issue 12, item 1: the text of `show` split the seed's approvals by state. "Approved by" named
// the Chairman, Liu Shaoqi, Zhou Enlai and Deng Xiaoping, whose approval the seed says is pending.
TEST_F(ShowViewTest, ShowTextListsPendingApprovalsApartFromApprovals) {
  const std::string out = Cli({"show", "wilson-123881"}).out;
  const std::string approved = out.substr(out.find("Approved by:"));
  EXPECT_EQ(approved.substr(0, approved.find('\n')),
            "Approved by:        Wu Xiuquan; Zeng Yongquan");
  EXPECT_NE(out.find("Pending approval:   the Chairman (pending); Liu Shaoqi (pending); Zhou Enlai "
                     "(pending); Deng Xiaoping (pending)\n                    \"subject to the "
                     "approval of the Chairman"),
            std::string::npos)
      << out;
}

TEST_F(ShowViewTest, ShowTextHasRowsForJointSendersSharingAndAlsoInformed) {
  const std::string out = Cli({"show", "wilson-123881"}).out;
  EXPECT_NE(out.find("Joint senders:      Central Committee International Liaison Department; "
                     "Ministry of Foreign Affairs\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Shared with:        the Central Committee of the fraternal party of Algeria; "
                     "the Central Committee of the fraternal party of DPRK; "),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("Also informed:      The Chinese Ambassador to the Soviet Union Comrade Pan "
                     "Zili\n"),
            std::string::npos)
      << out;
  EXPECT_EQ(Cli({"show", "wilson-123881", "--cable-text"}).out.rfind("Id: wilson-123881\n", 0), 0u);
}

}  // namespace
}  // namespace chancery
