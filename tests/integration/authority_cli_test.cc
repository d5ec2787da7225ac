// Name authorities through the real `chancery` binary (issue 14 §3, docs/authorities.md): the
// seed end to end (both spellings of the Soviet ambassador), POCOM from ../shared (4,261 people;
// the chief of mission in Moscow on 1963-03-04), and bad authority files that store nothing.
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kSeed = std::string(CHANCERY_SHARED_DIR) + "/seed/000_68b43146905a32b5.txt";
const std::string kPocom = std::string(CHANCERY_SHARED_DIR) + "/corpus/pocom/pocom-data.tar.zst";
const std::string kSeedPeople =
    std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/seed-people.jsonl";

class AuthorityCliTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("auth.db");
    ASSERT_EQ(Cli({"init"}).exit_code, 0);
  }

  CliResult Cli(std::vector<std::string> args) {
    args.insert(args.begin(), {"--db", db_});
    return RunCli(args);
  }

  std::string Write(const std::string& name, const std::string& text) {
    const std::string path = dir_.File(name);
    std::ofstream(path) << text;
    return path;
  }

  testing::TempDir dir_;
  std::string db_;
};

TEST_F(AuthorityCliTest, PersonSearchFindsTheSeedUnderTheUsualSpellingItNeverUses) {
  ASSERT_EQ(Cli({"import", kSeed}).exit_code, 0);
  // Before the authorities are loaded, the usual spelling finds nothing: the seed has only
  // "Chervoenko" and "Chernovenko".
  EXPECT_NE(Cli({"search", "person:Chervonenko"}).out.find("0 results"), std::string::npos);
  const CliResult load = Cli({"authority", "load", kSeedPeople});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  const CliResult found = Cli({"search", "person:Chervonenko"});
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("1 result"), std::string::npos) << found.out;
  EXPECT_NE(found.out.find("wilson-123881"), std::string::npos);

  const CliResult show = Cli({"authority", "show", "Chervonenko"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("Stepan Vasilyevich Chervonenko  [seed:chervonenko, person]"),
            std::string::npos)
      << show.out;
  EXPECT_NE(show.out.find("  Chervoenko\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("  Chernovenko\n"), std::string::npos) << show.out;
  EXPECT_NE(show.out.find("Records: 1\n  1963: 1\n  wilson-123881"), std::string::npos) << show.out;
  // Either spelling of the seed names the same authority.
  EXPECT_NE(Cli({"authority", "show", "Chernovenko"}).out.find("[seed:chervonenko, person]"),
            std::string::npos);
}

// Adversarial review (issue 14, A1): a record re-imported at a label the public may not read stops
// naming its people to the public as soon as the import ends.
TEST_F(AuthorityCliTest, ARecordRaisedAboveThePublicTakesItsPeopleWithIt) {
  const std::string open = Write("a1.cable",
                                 "Id: a1\nClassification: PUBLIC\n"
                                 "Persons: Quixley, Bartholomew Z.\nTitle: T\n\nBody.\n");
  ASSERT_EQ(Cli({"import", open}).exit_code, 0);
  EXPECT_NE(Cli({"authority", "search", "Quixley"}).out.find("Quixley, Bartholomew Z."),
            std::string::npos);
  const std::string raised = Write("a1-secret.cable",
                                   "Id: a1\nClassification: SECRET\n"
                                   "Persons: Quixley, Bartholomew Z.\nTitle: T\n\nBody.\n");
  ASSERT_EQ(Cli({"import", raised}).exit_code, 0);
  const CliResult after = Cli({"authority", "search", "Quixley"});
  EXPECT_EQ(after.out.find("Quixley"), std::string::npos) << after.out;
}

TEST_F(AuthorityCliTest, PocomLoadsEveryPersonAndAnswersWhoWasChiefOfMissionOnADay) {
  const CliResult load = Cli({"authority", "load", kPocom});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  EXPECT_NE(load.out.find("(4261 people)"), std::string::npos) << load.out;
  // Generational suffixes are read (POCOM's <genName>; adversarial review H4).
  const CliResult son = Cli({"authority", "show", "pocom:macarthur-douglas"});
  EXPECT_EQ(son.out.substr(0, son.out.find('\n')),
            "Douglas MacArthur II  [pocom:macarthur-douglas, person]")
      << son.out;
  const CliResult chief = Cli({"authority", "chief", "--post", "Moscow", "--on", "1963-03-04"});
  ASSERT_EQ(chief.exit_code, 0) << chief.err;
  EXPECT_EQ(chief.out.substr(0, chief.out.find('\n')),
            "Foy David Kohler  [pocom:kohler-foy-david]");
  EXPECT_NE(chief.out.find("started 1962-09-27, ended 1966-11-14"), std::string::npos);
  // The day before Kohler presented his credentials, his predecessor still held the post.
  const CliResult before = Cli({"authority", "chief", "--post", "russia", "--on", "1962-07-01"});
  ASSERT_EQ(before.exit_code, 0);
  EXPECT_EQ(before.out.find("Kohler"), std::string::npos) << before.out;
  EXPECT_NE(before.out.find("Thompson"), std::string::npos) << before.out;
  const CliResult unknown = Cli({"authority", "chief", "--post", "Atlantis", "--on", "1963-03-04"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown post \"Atlantis\""), std::string::npos) << unknown.err;
  const CliResult show = Cli({"authority", "show", "pocom:kohler-foy-david"});
  EXPECT_NE(show.out.find("  Foy D. Kohler\n"), std::string::npos) << show.out;
}

TEST_F(AuthorityCliTest, PocomLoadsFromTheUnpackedDirectoryToo) {
  const std::string dir = dir_.File("unpacked");
  ASSERT_EQ(
      std::system(("mkdir -p " + dir + " && zstd -dc " + kPocom + " | tar x -C " + dir).c_str()),
      0);
  const CliResult load = Cli({"authority", "load", dir});
  ASSERT_EQ(load.exit_code, 0) << load.err;
  EXPECT_NE(load.out.find("4559 added, 0 updated (4261 people)"), std::string::npos) << load.out;
}

TEST_F(AuthorityCliTest, ADamagedPocomArchiveIsRefusedAndStoresNothing) {
  std::ifstream in(kPocom, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  const std::string bytes = all.str();
  const std::string cut = Write("cut.tar.zst", bytes.substr(0, bytes.size() / 2));
  const CliResult load = Cli({"authority", "load", cut});
  EXPECT_EQ(load.exit_code, 1);
  EXPECT_NE(load.err.find(cut), std::string::npos) << load.err;
  EXPECT_NE(Cli({"authority", "search", "Kohler"}).out.find("no authority matches"),
            std::string::npos);
}

TEST_F(AuthorityCliTest, ABadAuthorityFileNamesFileLineAndFieldAndStoresNothing) {
  const std::string good = R"({"id": "x:one", "kind": "person", "name": "Alpha Unique-Testname"})"
                           "\n";

  struct Case {
    std::string line;
    std::string message;
  } cases[] = {
      {R"({"id": "x:one", "kind": "person", "name": "Again"})",
       ":2: id: duplicate id \"x:one\" (first at line 1)"},
      {R"({"id": "x:two", "kind": "person", "name": "B", "nickname": "b"})",
       ":2: nickname: unknown field"},
      {R"({"id": "x:two", "kind": "person", "name": "B", "birth": "1963-02-30"})",
       ":2: birth: not a date"},
      {R"({"id": "x:two", "kind": "ghost", "name": "B"})", ":2: kind: \"ghost\""},
      {R"({"id": "pocom:x", "kind": "person", "name": "B"})", ":2: id: \"pocom:x\""},
      {R"({"id": "x:two", "kind": "person", "name": "B", "posts": [{"post": "p", "ended": "1"}]})",
       ":2: posts[0].ended: not a date"},
      {R"({"id": "x:two", "kind": "person", "name": "B",)", ":2:"},
  };

  int n = 0;
  for (const Case& c : cases) {
    const std::string path = Write("bad" + std::to_string(n++) + ".jsonl", good + c.line + "\n");
    const CliResult r = Cli({"authority", "load", path});
    EXPECT_EQ(r.exit_code, 1) << c.line;
    EXPECT_NE(r.err.find(path + c.message), std::string::npos) << r.err;
  }
  // The good first line of every bad file was not stored.
  EXPECT_NE(Cli({"authority", "search", "Unique-Testname"}).out.find("no authority matches"),
            std::string::npos);
  // The same line alone loads.
  ASSERT_EQ(Cli({"authority", "load", Write("good.jsonl", good)}).exit_code, 0);
  EXPECT_NE(Cli({"authority", "search", "Unique-Testname"}).out.find("x:one"), std::string::npos);
}

TEST_F(AuthorityCliTest, LoadingIsForTheLocalOperatorAndIsAudited) {
  ASSERT_EQ(Cli({"authority", "load", kSeedPeople}).exit_code, 0);
  const CliResult log = Cli({"audit", "log"});
  EXPECT_NE(log.out.find("authority.load"), std::string::npos) << log.out;
}

TEST_F(AuthorityCliTest, TheSubjectVocabularyChecksTermsByNameOrVariant) {
  ASSERT_EQ(
      Cli({"authority", "load",
           std::string(CHANCERY_SOURCE_DIR) + "/examples/authorities/subjects-cold-war.jsonl"})
          .exit_code,
      0);
  EXPECT_NE(
      Cli({"authority", "subjects", "great polemic"}).out.find("subject:sino-soviet-polemics"),
      std::string::npos);
  const CliResult unknown = Cli({"authority", "subjects", "Space race"});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown subject \"Space race\""), std::string::npos);
}

}  // namespace
}  // namespace chancery
