// Name authorities, unit by unit (docs/authorities.md): the authority file parser, POCOM rows as
// authorities, the person-name parser and the matcher that links a FRUS name to a person by
// name and dates, and the person: expansion over a store.
#include <fstream>

#include <gtest/gtest.h>

#include "archive/authority_impl.h"
#include "archive/authority_internal.h"
#include "support/records_fixture.h"
#include "support/temp_dir.h"

namespace chancery::archive::internal {
namespace {

Authority Person(std::string id, std::string name, std::vector<std::string> variants,
                 std::string birth, std::string death, std::vector<PostHeld> posts = {}) {
  Authority a;
  a.id = std::move(id);
  a.name = std::move(name);
  a.variants = std::move(variants);
  a.birth = std::move(birth);
  a.death = std::move(death);
  a.posts = std::move(posts);
  a.origin = "pocom";
  return a;
}

AuthorityCache CacheOf(std::vector<Authority> all) {
  AuthorityCache c;
  c.all = std::move(all);
  for (size_t i = 0; i < c.all.size(); ++i) {
    c.by_id[c.all[i].id] = i;
    for (const std::string& n : AllNames(c.all[i])) {
      for (const std::string& t : NameTokens(n)) {
        auto& v = c.by_token[t];
        if (v.empty() || v.back() != i)
          v.push_back(i);
      }
    }
  }
  return c;
}

TEST(AuthorityFile, ParsesEveryFieldAndDropsDuplicateVariants) {
  auto parsed = ParseAuthorityFile(
      "# comment\n\n"
      R"({"id": "seed:x", "kind": "person", "name": "Stepan Chervonenko", "variants": )"
      R"(["Chervoenko", "chervoenko", "Stepan  Chervonenko"], "birth": "1915", "posts": )"
      R"([{"post": "p", "role": "Ambassador", "started": "1959-10", "ended": "1965"}]})"
      "\n",
      "f.jsonl");
  ASSERT_TRUE(parsed.ok()) << parsed.status().ToString();
  ASSERT_EQ(parsed->size(), 1u);
  const Authority& a = (*parsed)[0];
  EXPECT_EQ(a.kind, AuthorityKind::kPerson);
  EXPECT_EQ(a.variants, std::vector<std::string>{"Chervoenko"});
  ASSERT_EQ(a.posts.size(), 1u);
  EXPECT_EQ(a.posts[0].started, "1959-10");
  EXPECT_EQ(a.posts[0].source, "f.jsonl:3");
}

TEST(AuthorityFile, RefusesWithFileLineAndField) {
  const std::string ok = R"({"id": "a", "kind": "person", "name": "A"})"
                         "\n";
  auto err = [&](const std::string& line) {
    return ParseAuthorityFile(ok + line, "f").status().ToString();
  };
  EXPECT_NE(err(R"({"id": "a", "kind": "person", "name": "B"})")
                .find("f:2: id: duplicate id \"a\" (first at line 1)"),
            std::string::npos);
  EXPECT_NE(
      err(R"({"id": "b", "kind": "person", "name": "B", "x": 1})").find("f:2: x: unknown field"),
      std::string::npos);
  EXPECT_NE(err(R"({"id": "b", "kind": "person", "name": "B", "death": "1900-13"})")
                .find("f:2: death: not a date"),
            std::string::npos);
  EXPECT_NE(err(R"({"id": "b", "kind": "person", "name": "B", "birth": "1950", "death": "1900"})")
                .find("f:2: death: before birth"),
            std::string::npos);
  EXPECT_NE(err(R"({"id": "B", "kind": "person", "name": "B"})").find("f:2: id:"),
            std::string::npos);
  EXPECT_NE(err(R"({"id": "frus:b", "kind": "person", "name": "B"})").find("reserved"),
            std::string::npos);
  EXPECT_NE(err(R"({"id": "b", "kind": "subject", "name": "B", "broader": "nope"})")
                .find("f:2: broader: no subject \"nope\""),
            std::string::npos);
  EXPECT_NE(err(R"({"id": "b", "kind": "person", "name": "B", "posts": [{"role": "x"}]})")
                .find("f:2: posts[0].post: required"),
            std::string::npos);
}

TEST(Pocom, PeopleGetTheirPostsWithRoleTitlesAndPostNames) {
  format::PocomData d;
  d.people.push_back({"kohler-foy-david",
                      "Kohler",
                      "Foy David",
                      "",
                      {"Foy D. Kohler"},
                      "1908",
                      "1990",
                      "pocom/people/k/kohler-foy-david.xml"});
  d.posts.push_back({"russia", "country", "Russia"});
  d.posts.push_back({"ambassador-e-p", "role", "Ambassador Extraordinary and Plenipotentiary"});
  d.tenures.push_back({"ru-1962-kohl-01", "kohler-foy-david", "ambassador-e-p", "russia", "country",
                       "1962-08-20", "1962-09-27", "1966-11-14", "", "f"});
  d.tenures.push_back(
      {"x", "someone-pending", "ambassador-e-p", "russia", "country", "", "", "", "", "f"});
  std::vector<Authority> out = AuthoritiesFromPocom(d);
  ASSERT_EQ(out.size(), 2u);  // the post and the person; the pending person's tenure is dropped
  EXPECT_EQ(out[0].id, "pocom-post:russia");
  const Authority& k = out[1];
  EXPECT_EQ(k.id, "pocom:kohler-foy-david");
  EXPECT_EQ(k.name, "Foy David Kohler");
  EXPECT_EQ(k.variants, (std::vector<std::string>{"Foy D. Kohler", "Kohler, Foy David"}));
  ASSERT_EQ(k.posts.size(), 1u);
  EXPECT_EQ(k.posts[0].role, "Ambassador Extraordinary and Plenipotentiary");
  EXPECT_EQ(k.posts[0].post_name, "Russia");
}

TEST(PersonNames, ParseListAndRunningFormsAlike) {
  EXPECT_EQ(ParsePersonName("Kohler, Foy D.").surname, "kohler");
  EXPECT_EQ(ParsePersonName("Kohler, Foy D.").given, (std::vector<std::string>{"foy", "d"}));
  EXPECT_EQ(ParsePersonName("Foy David Kohler").surname, "kohler");
  EXPECT_EQ(ParsePersonName("Anderson, Admiral George W.").given,
            (std::vector<std::string>{"george", "w"}));
  EXPECT_EQ(ParsePersonName("Chou En-lai (Zhou Enlai)").display, "chou en lai");
  EXPECT_TRUE(GivenCompatible({"foy", "d"}, {"foy", "david"}));
  EXPECT_FALSE(GivenCompatible({"foy", "d"}, {"foy", "edward"}));
  EXPECT_FALSE(GivenCompatible({"john"}, {"james"}));
  int from = 0;
  int to = 0;
  ASSERT_TRUE(VolumeYears("frus1961-63v22", &from, &to));
  EXPECT_EQ(from, 1961);
  EXPECT_EQ(to, 1963);
  ASSERT_TRUE(VolumeYears("frus1943China", &from, &to));
  EXPECT_EQ(to, 1943);
  ASSERT_TRUE(VolumeYears("frus1969-76v33", &from, &to));
  EXPECT_EQ(to, 1976);
  EXPECT_FALSE(VolumeYears("wilson", &from, &to));
}

TEST(Matcher, LinksByNameAndYearsAndRefusesTies) {
  const PostHeld moscow{"russia", "Russia", "Ambassador", "", "1962-09-27", "1966-11-14", "", ""};
  const PostHeld paris{"france", "France", "Ambassador", "", "1910-01-01", "1912-01-01", "", ""};
  AuthorityCache c = CacheOf({
      Person("pocom:kohler-foy-david", "Foy David Kohler", {}, "1908", "1990", {moscow}),
      Person("pocom:kohler-frank", "Frank Kohler", {}, "1860", "1930", {paris}),
      Person("pocom:smith-john-a", "John A. Smith", {}, "1900", "1980"),
      Person("pocom:smith-john-b", "John B. Smith", {}, "1905", "1985"),
      Person("pocom:young-adam", "Adam Young", {}, "1950", ""),
  });
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "Kohler, Foy D."), "pocom:kohler-foy-david");
  // Frank was dead by then; "F." fits both by name, the years pick Foy.
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "Kohler, F."), "pocom:kohler-foy-david");
  // In 1911 only Frank was alive and adult.
  EXPECT_EQ(MatchPerson(c, "frus1911", "Kohler, F."), "pocom:kohler-frank");
  // Two John Smiths alive, no career to prefer one: a tie links nothing.
  EXPECT_EQ(MatchPerson(c, "frus1955-57v03", "Smith, John"), "");
  // A surname alone links nothing.
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "Kohler"), "");
  // Adam Young was born in 1950: not a 1955 official.
  EXPECT_EQ(MatchPerson(c, "frus1955-57v03", "Young, Adam"), "");
  EXPECT_EQ(MatchPerson(c, "frus1977-80v01", "Young, Adam"), "pocom:young-adam");
  // A different first name is another person.
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "Kohler, George"), "");
}

TEST(Expansion, PersonClausesBecomeEveryVariantAndNothingElseChanges) {
  testing::TempDir dir(testing::FastTempParent());
  testing::RecordsFixture fx(dir.path());
  const std::string file = dir.path() + "/p.jsonl";
  std::ofstream(file)
      << R"({"id": "s:c", "kind": "person", "name": "Stepan Chervonenko", "variants": )"
         R"(["Chervonenko", "Chervoenko", "Chernovenko", "S. V. Chervonenko"]})"
         "\n"
         R"({"id": "s:o", "kind": "organization", "name": "Chervonenko Institute"})"
         "\n";
  auto a = Authorities::Open(fx.records());
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE((*a)->LoadFile(fx.Admin(), file).ok());
  auto q = (*a)->ExpandQuery("treaty person:Chervonenko \"person:Chervonenko\" title:x");
  ASSERT_TRUE(q.ok());
  // The words asked stay a person-field search; names holding them add nothing ("Stepan
  // Chervonenko"); the other spellings are searched everywhere; organizations are not persons;
  // the quoted text and other fields are left alone.
  EXPECT_EQ(*q,
            "treaty (person:Chervonenko OR \"chervoenko\" OR \"chernovenko\") "
            "\"person:Chervonenko\" title:x");
  // Asked by another spelling, the name the reader did not type is searched everywhere.
  auto other = (*a)->ExpandQuery("person:Chervoenko");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(*other, "(person:Chervoenko OR \"chervonenko\" OR \"chernovenko\")");
  // A malformed query is refused with columns in the text as written, not in the expansion.
  auto bad = (*a)->ExpandQuery("person:Chervonenko \"treaty");
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("query:1:20:"), std::string::npos)
      << bad.status().ToString();
  auto none = (*a)->ExpandQuery("person:Nobody");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, "person:Nobody");
  EXPECT_EQ((*a)->CheckSubject("anything").status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace chancery::archive::internal
