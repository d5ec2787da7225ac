// Name authorities through the real `chancery` binary against the adversarial review of issue 14
// (A3, H2, H3, H5, R1, L1, L4, L5; docs/authorities.md): withheld and surname-only persons make
// no authority, a FRUS-only person's running-text mentions are found, `authority chief` answers
// for a city only while a U.S. mission sat there and never lists the dead or a rank, and a POCOM
// archive or authority file that is too big or wrong stores nothing and is audited by absolute
// path and SHA-256.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <unistd.h>

#include "support/cli_runner.h"
#include "support/temp_dir.h"

namespace chancery {
namespace {

using testing::CliResult;
using testing::RunCli;

const std::string kPocom = std::string(CHANCERY_SHARED_DIR) + "/corpus/pocom/pocom-data.tar.zst";

class AuthorityReviewCliTest : public ::testing::Test {
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
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path) << text;
    return path;
  }

  // The first line of `chief --post POST --on DAY`.
  std::string Chief(const std::string& post, const std::string& day) {
    const CliResult r = Cli({"authority", "chief", "--post", post, "--on", day});
    if (r.exit_code != 0)
      return "error: " + r.err;
    return r.out.substr(0, r.out.find('\n'));
  }

  // A POCOM directory with `people` (file name -> XML) and one country, Ruritania.
  std::string Pocom(const std::string& name,
                    const std::vector<std::pair<std::string, std::string>>& people,
                    const std::string& chiefs) {
    const std::string root = dir_.File(name) + "/pocom";
    for (const auto& [file, xml] : people)
      Write(name + "/pocom/people/" + file, xml);
    Write(name + "/pocom/missions-countries/ruritania.xml",
          "<country-mission><territory-id>ruritania</territory-id><chiefs>" + chiefs +
              "</chiefs></country-mission>\n");
    return root;
  }

  static std::string Person(const std::string& id, const std::string& surname,
                            const std::string& extra) {
    return "<person><id>" + id + "</id><persName><surname>" + surname +
           "</surname><forename>Hank</forename></persName>" + extra + "</person>\n";
  }

  static std::string ChiefXml(const std::string& id, const std::string& person,
                              const std::string& appointed, const std::string& started,
                              const std::string& ended) {
    return "<chief><id>" + id + "</id><person-id>" + person +
           "</person-id><role-title-id>ambassador-e-p</role-title-id><appointed><date>" +
           appointed + "</date></appointed><started><date>" + started +
           "</date></started><ended><date>" + ended + "</date></ended></chief>";
  }

  testing::TempDir dir_;
  std::string db_;
};

// A3: a name withheld in the persons list is published as a marker; the marker is no person.
TEST_F(AuthorityReviewCliTest, AWithheldPersonsEntryBecomesNoAuthority) {
  for (const char* user : {"rev", "rev2"}) {
    ASSERT_EQ(
        Cli({"user", "add", user, "--clearance", "TOP SECRET", "--role", "reviewer"}).exit_code, 0);
  }
  ASSERT_EQ(
      Cli({"user", "add", "arch", "--clearance", "TOP SECRET", "--role", "archivist"}).exit_code,
      0);
  const std::string cable = Write("s3.cable",
                                  "Id: frus1961-63v99-d3\nFrom: Department of State\n"
                                  "Serial: (62) X-3 {series=X, year=1962, number=3}\n"
                                  "Date: 1962-06-01\nClassification: SECRET\n"
                                  "Collection: frus1961-63v99\nPersons: Zebulon, Tal; Kohlmann, "
                                  "Ursula\nSubject: Source report\n\n((SECRET)) Our source Tal "
                                  "Zebulon reported. Ursula Kohlmann attended.\n");
  ASSERT_EQ(Cli({"import", cable}).exit_code, 0);
  const std::string id = "frus1961-63v99-d3";
  const CliResult withheld =
      Cli({"review", "withhold", id, "--text", "Zebulon", "--code", "25X1", "--as", "rev"});
  ASSERT_EQ(withheld.exit_code, 0) << withheld.err;
  ASSERT_EQ(Cli({"review", "release", id, "--as", "rev"}).exit_code, 0);
  ASSERT_EQ(Cli({"review", "concur", id, "--as", "rev2"}).exit_code, 0);
  const CliResult published = Cli({"review", "publish", id, "--as", "arch"});
  ASSERT_EQ(published.exit_code, 0) << published.err;
  ASSERT_NE(Cli({"show", id + ".p1"}).out.find("[name not declassified; 25X1], Tal"),
            std::string::npos);
  ASSERT_EQ(Cli({"authority", "link"}).exit_code, 0);
  EXPECT_NE(Cli({"authority", "search", "declassified"}).out.find("no authority matches"),
            std::string::npos);
  EXPECT_NE(Cli({"authority", "search", "Tal"}).out.find("no authority matches"),
            std::string::npos);
  // The other person of the same list is linked as before.
  EXPECT_NE(Cli({"authority", "search", "Kohlmann"}).out.find("frus:ursula-kohlmann"),
            std::string::npos);
}

// H2 and L5: "(Bundy)" from a title is no person; a FRUS-only person is searched as running
// text writes the name too.
TEST_F(AuthorityReviewCliTest, ASurnameAloneIsNoAuthorityAndRunningTextFindsAListedPerson) {
  const std::string a = Write("b1.cable",
                              "Id: frus1961-63v98-d1\nClassification: PUBLIC\n"
                              "Collection: frus1961-63v98\nDate: 1962-01-02\n"
                              "Persons: Bundy; Bundy, McGeorge; Quixley, Bartholomew Z.\n"
                              "Title: Memorandum (Bundy)\n\nBody.\n");
  const std::string b = Write("b2.cable",
                              "Id: frus1961-63v98-d2\nClassification: PUBLIC\n"
                              "Collection: frus1961-63v98\nDate: 1963-01-02\nPersons: Bundy\n"
                              "Title: T\n\nThe Secretary met Bartholomew Quixley about wheat.\n");
  ASSERT_EQ(Cli({"import", a, b}).exit_code, 0);
  const CliResult bundy = Cli({"authority", "search", "Bundy"});
  EXPECT_NE(bundy.out.find("frus:mcgeorge-bundy"), std::string::npos) << bundy.out;
  EXPECT_EQ(bundy.out.find("frus:bundy "), std::string::npos) << bundy.out;
  const CliResult show = Cli({"authority", "show", "Bundy"});
  ASSERT_EQ(show.exit_code, 0) << show.err;
  EXPECT_NE(show.out.find("[frus:mcgeorge-bundy, person]"), std::string::npos) << show.out;
  EXPECT_EQ(show.out.find("\n  Bundy\n"), std::string::npos) << show.out;  // no such variant
  const CliResult quixley = Cli({"authority", "show", "Quixley"});
  ASSERT_EQ(quixley.exit_code, 0) << quixley.err;
  EXPECT_NE(quixley.out.find("Records: 2\n"), std::string::npos) << quixley.out;
  EXPECT_NE(quixley.out.find("frus1961-63v98-d2"), std::string::npos) << quixley.out;
}

// H3: a city answers only while a U.S. mission sat there (checked against POCOM's china.xml,
// germany.xml, german-democratic-republic.xml, israel.xml and norway.xml).
TEST_F(AuthorityReviewCliTest, ACityAnswersOnlyWhileAUsMissionSatThere) {
  ASSERT_EQ(Cli({"authority", "load", kPocom}).exit_code, 0);
  EXPECT_EQ(Chief("Moscow", "1963-03-04"), "Foy David Kohler  [pocom:kohler-foy-david]");
  // Before 1918 the embassy was in St. Petersburg.
  EXPECT_EQ(Chief("Moscow", "1900-01-01"), "nobody held Moscow on 1900-01-01");
  EXPECT_EQ(Chief("St. Petersburg", "1900-01-01"), "Charlemagne Tower  [pocom:tower-charlemagne]");
  // The ambassadors to China 1953-1979 were "resident at Taipei".
  EXPECT_EQ(Chief("Peking", "1960-01-01"), "nobody held Peking on 1960-01-01");
  EXPECT_EQ(Chief("Nanking", "1955-01-01"), "nobody held Nanking on 1955-01-01");
  EXPECT_EQ(Chief("Taipei", "1960-01-01"),
            "Everett Francis Drumright  [pocom:drumright-everett-francis]");
  // 1975: the Liaison Office in Peking, the embassy in Taipei.
  const CliResult beijing = Cli({"authority", "chief", "--post", "Beijing", "--on", "1975-01-01"});
  EXPECT_NE(beijing.out.find("[pocom:bush-george-herbert-walker]"), std::string::npos);
  EXPECT_EQ(beijing.out.find("Unger"), std::string::npos) << beijing.out;
  EXPECT_EQ(Chief("Taipei", "1975-01-01"), "Leonard Seidman Unger  [pocom:unger-leonard-seidman]");
  EXPECT_EQ(Chief("Nanking", "1947-01-01"), "John Leighton Stuart  [pocom:stuart-john-leighton]");
  EXPECT_EQ(Chief("Peking", "1900-01-01"), "Edwin Hurd Conger  [pocom:conger-edwin-hurd]");
  // East Berlin had the ambassador to the GDR; Bonn the one to the Federal Republic.
  EXPECT_EQ(Chief("Berlin", "1975-06-01"), "John Sherman Cooper  [pocom:cooper-john-sherman]");
  EXPECT_EQ(Chief("Bonn", "1975-06-01"),
            "Martin Joseph Anthony Hillenbrand  [pocom:hillenbrand-martin-joseph-anthony]");
  EXPECT_EQ(Chief("Tel Aviv", "2019-06-01"), "nobody held Tel Aviv on 2019-06-01");
  EXPECT_EQ(Chief("Jerusalem", "2019-06-01"), "David M. Friedman  [pocom:friedman-david-m]");
  // POCOM has no mission in Hong Kong.
  EXPECT_NE(Chief("Hong Kong", "1960-01-01").find("unknown post \"Hong Kong\""), std::string::npos);
  // A minister to Sweden and Norway "resident at Stockholm" (no-1905-grav-01) was not in Oslo;
  // the post still has him.
  EXPECT_EQ(Chief("Oslo", "1905-07-01"), "nobody held Oslo on 1905-07-01");
  EXPECT_EQ(Chief("norway", "1905-07-01"), "Charles Hinman Graves  [pocom:graves-charles-hinman]");
  EXPECT_NE(
      Cli({"authority", "show", "pocom:graves-charles-hinman"}).out.find("resident at Stockholm"),
      std::string::npos);
}

// H5: a rank is no post; nominees who never went and holders who died hold nothing.
TEST_F(AuthorityReviewCliTest, ChiefListsNeitherTheDeadNorRanksNorNomineesWhoNeverWent) {
  ASSERT_EQ(Cli({"authority", "load", kPocom}).exit_code, 0);
  EXPECT_NE(Chief("career-ambassador", "2020-01-01").find("is a personal rank"), std::string::npos);
  // Pakistan: the chargé from 1947-08-15 has no end date; Alling took over on 1948-02-26.
  const CliResult pakistan =
      Cli({"authority", "chief", "--post", "pakistan", "--on", "1948-06-01"});
  EXPECT_NE(pakistan.out.find("[pocom:alling-paul-humiston]"), std::string::npos);
  EXPECT_EQ(pakistan.out.find("Lewis"), std::string::npos) << pakistan.out;
  const std::string root =
      Pocom("ruritania",
            {{"h/holder-hank.xml", Person("holder-hank", "Holder",
                                          "<birth>1910</birth><death>1974"
                                          "</death>")},
             {"n/nominee-hank.xml", Person("nominee-hank", "Nominee", "<birth>1905</birth>")}},
            ChiefXml("rr-1960-nomi-01", "nominee-hank", "1960-01-05", "", "") +
                ChiefXml("rr-1964-hold-01", "holder-hank", "1964-01-01", "1964-02-01", ""));
  ASSERT_EQ(Cli({"authority", "load", root}).exit_code, 0);
  EXPECT_EQ(Chief("ruritania", "1962-01-01"), "nobody held ruritania on 1962-01-01");
  EXPECT_EQ(Chief("ruritania", "1970-01-01"), "Hank Holder  [pocom:holder-hank]");
  EXPECT_EQ(Chief("ruritania", "1980-01-01"), "nobody held ruritania on 1980-01-01");
}

// R1 and L1 in POCOM: an oversized entry, too many altnames, a date that is no day: refused,
// naming the entry, and nothing is stored.
TEST_F(AuthorityReviewCliTest, AnOversizedOrBadPocomEntryIsRefusedNamingItAndStoresNothing) {
  std::string altnames;
  for (int i = 0; i < 64; ++i)
    altnames += "<altname>Hank Big " + std::to_string(i) + "</altname>";
  const std::string many = Pocom("many",
                                 {{"b/big-hank.xml",
                                   "<person><id>big-hank</id><persName>"
                                   "<surname>Big</surname>" +
                                       altnames + "</persName></person>"},
                                  {"h/holder-hank.xml", Person("holder-hank", "Holder", "")}},
                                 "");
  CliResult r = Cli({"authority", "load", many});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(many + "!people/b/big-hank.xml:1: altname: 64 altnames"), std::string::npos)
      << r.err;
  const std::string huge =
      Pocom("huge",
            {{"h/holder-hank.xml", Person("holder-hank", "Holder", "")},
             {"h/huge-hank.xml",
              Person("huge-hank", "Huge", "<!--" + std::string(size_t{1} << 20, 'x') + "-->")}},
            "");
  r = Cli({"authority", "load", huge});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(huge + "!people/h/huge-hank.xml: "), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("an entry may hold at most"), std::string::npos) << r.err;
  // The same as the review's vector: a small .tar.zst.
  const std::string zst = dir_.File("huge.tar.zst");
  ASSERT_EQ(
      std::system(("tar cf - -C " + dir_.File("huge") + " pocom | zstd -q -o " + zst).c_str()), 0);
  r = Cli({"authority", "load", zst});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(zst + "!pocom/people/h/huge-hank.xml: "), std::string::npos) << r.err;
  const std::string bad = Pocom(
      "bad",
      {{"h/holder-hank.xml", Person("holder-hank", "Holder", "\n<birth>1963-13-45</birth>")}}, "");
  r = Cli({"authority", "load", bad});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find(bad + "!people/h/holder-hank.xml:2: birth: not a date"), std::string::npos)
      << r.err;
  EXPECT_NE(Cli({"authority", "search", "Hank"}).out.find("no authority matches"),
            std::string::npos);
}

std::string Sha256Sum(const std::string& path) {
  std::FILE* p = ::popen(("sha256sum '" + path + "'").c_str(), "r");
  char buf[65] = {};
  const size_t n = p == nullptr ? 0 : std::fread(buf, 1, 64, p);
  if (p != nullptr)
    ::pclose(p);
  return std::string(buf, n);
}

// L4: the audit log says which bytes were loaded: absolute path and SHA-256.
TEST_F(AuthorityReviewCliTest, TheLoadAuditNamesTheAbsolutePathAndTheSha256) {
  const std::string file =
      Write("people/one.jsonl", R"({"id": "x:one", "kind": "person", "name": "Alpha One"})"
                                "\n");
  const std::string typed = dir_.File("people/../people/one.jsonl");
  ASSERT_EQ(Cli({"authority", "load", typed}).exit_code, 0);
  ASSERT_EQ(Cli({"authority", "load", kPocom}).exit_code, 0);
  const std::string canonical = std::filesystem::canonical(file).string();
  const std::string log = Cli({"audit", "log"}).out;
  EXPECT_NE(log.find("authority.load\t" + canonical + "\tok: 1 added, 0 updated, sha256 " +
                     Sha256Sum(file)),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("\t" + std::filesystem::canonical(kPocom).string() +
                     "\tok: 4559 added, 0 updated, sha256 " + Sha256Sum(kPocom)),
            std::string::npos)
      << log;
  // A refused load is audited with its digest too.
  const std::string bad = Write("bad.jsonl", R"({"id": "x:two", "id": "x:three"})"
                                             "\n");
  EXPECT_EQ(Cli({"authority", "load", bad}).exit_code, 1);
  EXPECT_NE(Cli({"audit", "log"}).out.find("id: duplicate field, sha256 " + Sha256Sum(bad)),
            std::string::npos);
}

}  // namespace
}  // namespace chancery
