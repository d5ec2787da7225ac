// Issue 11 finding 12: an import that stored its records is a success, even while chanceryd
// serves the same store (and holds the search index's writer). The running server then finds the
// new records: it follows the store's change log.
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "chancery/format/json.h"

#include "server_fixture.h"
#include "support/cli_runner.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::testing {
namespace {

TEST(ImportWhileServingTest, AnImportBesideARunningServerSucceedsAndTheServerFindsIt) {
  ServerFixture f;
  // The server has searched, so it holds the index open.
  ASSERT_EQ(StatusOf(f.Client()->Get("/api/search?q=harbour")), 200);
  const std::string file = f.dir() + "/lighthouse.jsonl";
  WriteFileOrDie(file, format::CableToJson(MakeCable("pub-9", "Lighthouse report",
                                                     "The lighthouse keeper reported.", "PUBLIC")) +
                           "\n");
  CliResult imported = RunCli({"--db", f.dir() + "/store.db", "import", file});
  EXPECT_EQ(imported.exit_code, 0) << imported.out << imported.err;
  EXPECT_EQ(imported.err.find("rror"), std::string::npos) << imported.err;
  auto shown = f.Client()->Get("/api/records/pub-9");
  ASSERT_EQ(StatusOf(shown), 200) << BodyOf(shown);
  auto found = f.Client()->Get("/api/search?q=lighthouse");
  ASSERT_EQ(StatusOf(found), 200) << BodyOf(found);
  const nlohmann::json j = nlohmann::json::parse(BodyOf(found), nullptr, false);
  ASSERT_TRUE(j.is_object()) << BodyOf(found);
  EXPECT_EQ(j["total"], 1) << BodyOf(found);
  CliResult verify = RunCli({"--db", f.dir() + "/store.db", "audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0) << verify.err;
}

}  // namespace
}  // namespace chancery::testing
