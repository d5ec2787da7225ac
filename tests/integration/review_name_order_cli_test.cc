// `review withhold --text NAME --name` withholds the name in either order (adversarial review A2,
// issue 14): a FRUS persons list writes it surname first ("Zebulon, Tal"), and a published version
// that kept that form would publish the withheld name, then link it as a public authority.
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

TEST(ReviewNameOrderCli, AWithheldNameIsWithheldSurnameFirstToo) {
  testing::TempDir dir;
  const std::string db = dir.File("r.db");
  const auto cli = [&](std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db});
    return RunCli(args);
  };
  ASSERT_EQ(cli({"init"}).exit_code, 0);
  const std::string path = dir.File("z.cable");
  std::ofstream(path) << "Id: z1\nClassification: SECRET\nPersons: Zebulon, Tal\n"
                         "Title: Meeting\n\nTal Zebulon met the ambassador.\n";
  ASSERT_EQ(cli({"import", path}).exit_code, 0);
  ASSERT_EQ(
      cli({"user", "add", "rev", "--clearance", "TOP SECRET", "--role", "reviewer"}).exit_code, 0);
  const CliResult withheld = cli({"review", "withhold", "z1", "--text", "Tal Zebulon", "--name",
                                  "--code", "(b)(6)", "--as", "rev"});
  ASSERT_EQ(withheld.exit_code, 0) << withheld.err;
  EXPECT_NE(withheld.out.find("/persons/0"), std::string::npos) << withheld.out;
  const CliResult preview = cli({"review", "preview", "z1", "--as", "rev"});
  ASSERT_EQ(preview.exit_code, 0) << preview.err;
  EXPECT_EQ(preview.out.find("Zebulon"), std::string::npos) << preview.out;
  EXPECT_EQ(preview.out.find("Tal"), std::string::npos) << preview.out;
}

}  // namespace
}  // namespace chancery
