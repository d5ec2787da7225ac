// Name authorities against the adversarial review of issue 14 (/work/notes: A3, H1, H2, L1, L2,
// L5, R1), unit by unit: which persons-list names may become authorities, the evidence a link
// needs, the running-text forms searched for a person, real calendar dates, and the bounds and
// duplicate-field check of the authority file parser.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "archive/authority_impl.h"
#include "archive/authority_internal.h"

namespace chancery::archive::internal {
namespace {

Authority Person(std::string id, std::string name, std::string birth, std::string death,
                 std::vector<PostHeld> posts = {}) {
  Authority a;
  a.id = std::move(id);
  a.name = std::move(name);
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

PostHeld Post(std::string post, std::string started, std::string ended) {
  PostHeld p;
  p.post = std::move(post);
  p.started = std::move(started);
  p.ended = std::move(ended);
  return p;
}

// A3, H2: a withheld name and a surname alone are no person.
TEST(LinkableNames, ARedactionMarkerOrASurnameAloneIsNoPerson) {
  EXPECT_FALSE(LinkableName("[name not declassified; 25X1], Tal"));
  EXPECT_FALSE(LinkableName("[name not declassified]"));
  EXPECT_FALSE(LinkableName("Zebulon, [NAME NOT DECLASSIFIED; (b)(6)]"));
  EXPECT_FALSE(LinkableName("Bundy"));
  EXPECT_FALSE(LinkableName("Secretary Rusk"));  // a title and a surname
  EXPECT_FALSE(LinkableName("Home, Lord (Alexander Frederick Douglas-Home)"));
  EXPECT_TRUE(LinkableName("Bundy, McGeorge"));
  EXPECT_TRUE(LinkableName("Zebulon, Tal"));
  // Whole names written in the surname slot stay names.
  EXPECT_TRUE(LinkableName("Chiang Ching-kuo, Lieutenant General"));
  EXPECT_TRUE(LinkableName("J. Franklin Ray, Jr."));
  // FRUS editorial brackets are not redactions.
  EXPECT_TRUE(LinkableName("W. P[hillips]"));
}

// H1: a given name the authority lacks needs the career to link.
TEST(Matcher, AGivenNameTheAuthorityLacksNeedsACareerInTheVolumesYears) {
  AuthorityCache c = CacheOf({
      // POCOM's Robert Anderson (1922-1996): ambassador from 1972.
      Person("pocom:anderson-robert", "Robert Anderson", "1922", "1996",
             {Post("benin", "1972-07-01", "1974-07-01")}),
      Person("pocom:mcgovern-george-stanley", "George Stanley McGovern", "1922", "2012",
             {Post("representative-to-unafa", "1998-09-01", "2001-09-01")}),
      Person("pocom:kohler-foy-david", "Foy David Kohler", "1908", "1990",
             {Post("russia", "1962-09-27", "1966-11-14")}),
  });
  // FRUS 1958-60's Treasury Secretary "Robert B." is no "Robert" without a middle name who held
  // no post then.
  EXPECT_EQ(MatchPerson(c, "frus1958-60v19", "Anderson, Robert B."), "");
  // The same name in the years he held a post links.
  EXPECT_EQ(MatchPerson(c, "frus1969-76v05", "Anderson, Robert B."), "pocom:anderson-robert");
  // Persons lists drop middle names: a shorter name fits without a career then.
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "McGovern, George"), "pocom:mcgovern-george-stanley");
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "Anderson, Robert"), "pocom:anderson-robert");
  // An initial for a name the authority has fits as before.
  EXPECT_EQ(MatchPerson(c, "frus1958-60v19", "Kohler, Foy D."), "pocom:kohler-foy-david");
  // Surnames alone and withheld names link nothing.
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "Kohler"), "");
  EXPECT_EQ(MatchPerson(c, "frus1961-63v22", "[name not declassified; 25X1], Foy"), "");
}

// L5: running text writes "Given Surname", with or without the initials.
TEST(RunningForms, GivenNamesFirstThenWithoutInitials) {
  EXPECT_EQ(RunningForms("Quixley, Bartholomew Z."),
            (std::vector<std::string>{"Bartholomew Z. Quixley", "Bartholomew Quixley"}));
  EXPECT_EQ(RunningForms("Bundy, McGeorge"), (std::vector<std::string>{"McGeorge Bundy"}));
  EXPECT_EQ(RunningForms("Johnson, U. Alexis"),
            (std::vector<std::string>{"U. Alexis Johnson", "Alexis Johnson"}));
  EXPECT_EQ(RunningForms("Smith, John, Jr."), (std::vector<std::string>{"John Smith Jr."}));
  EXPECT_TRUE(RunningForms("Chou En-lai").empty());
  EXPECT_TRUE(RunningForms("Kohler,").empty());
}

// L1: a date is a real year, month or calendar day.
TEST(Dates, OnlyRealCalendarDays) {
  EXPECT_TRUE(IsIsoDate("1964-02-29"));
  EXPECT_TRUE(IsIsoDate("2000-02-29"));
  EXPECT_FALSE(IsIsoDate("1963-02-29"));
  EXPECT_FALSE(IsIsoDate("1900-02-29"));
  EXPECT_FALSE(IsIsoDate("0000"));
  EXPECT_FALSE(IsIsoDate("1963-13"));
  EXPECT_FALSE(IsIsoDate("1963-04-31"));
  EXPECT_FALSE(IsIsoDate("+963"));
  EXPECT_TRUE(IsIsoDate("1963"));
  EXPECT_TRUE(IsIsoDate("1963-12"));
}

std::string ParseError(const std::string& line) {
  auto parsed = ParseAuthorityFile(R"({"id": "a", "kind": "person", "name": "A"})"
                                   "\n" +
                                       line + "\n",
                                   "f");
  return parsed.ok() ? "ok" : parsed.status().ToString();
}

// L2: a field given twice in one line is refused, wherever it is.
TEST(AuthorityFile, RefusesAFieldGivenTwiceNamingLineAndField) {
  EXPECT_NE(ParseError(R"({"id": "a:y", "kind": "person", "name": "A Y", "id": "a:z"})")
                .find("f:2: id: duplicate field"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"id": "a:y", "kind": "person", "name": "A Y", "posts": )"
                       R"([{"post": "p"}, {"post": "p", "role": "r", "role": "s"}]})")
                .find("f:2: posts[1].role: duplicate field"),
            std::string::npos);
  // The same key in two different objects is no duplicate.
  EXPECT_EQ(ParseError(R"({"id": "a:y", "kind": "person", "name": "A Y", "posts": )"
                       R"([{"post": "p"}, {"post": "q"}]})"),
            "ok");
}

// L1 in files: February 29 of a common year, and year 0000.
TEST(AuthorityFile, RefusesDatesThatAreNoCalendarDay) {
  EXPECT_NE(ParseError(R"({"id": "b", "kind": "person", "name": "B", "birth": "1963-02-29"})")
                .find("f:2: birth: not a date"),
            std::string::npos);
  EXPECT_NE(ParseError(R"({"id": "b", "kind": "person", "name": "B", "birth": "0000"})")
                .find("f:2: birth: not a date"),
            std::string::npos);
  EXPECT_EQ(ParseError(R"({"id": "b", "kind": "person", "name": "B", "birth": "1964-02-29"})"),
            "ok");
}

// R1: an authority holds at most kMaxVariants variants and a line at most 1 MiB.
TEST(AuthorityFile, RefusesMoreVariantsThanTheBoundAndOverlongLines) {
  auto line = [](size_t n) {
    std::string v;
    for (size_t i = 0; i < n; ++i)
      v += std::string(i == 0 ? "" : ", ") + "\"V" + std::to_string(i) + "\"";
    return R"({"id": "b", "kind": "person", "name": "B", "variants": [)" + v + "]}";
  };
  EXPECT_EQ(ParseError(line(kMaxVariants)), "ok");
  EXPECT_NE(ParseError(line(kMaxVariants + 1))
                .find("f:2: variants: " + std::to_string(kMaxVariants + 1) + " variants"),
            std::string::npos);
  const std::string long_note = R"({"id": "b", "kind": "person", "name": "B", "note": ")" +
                                std::string(kMaxAuthorityLineBytes, 'x') + "\"}";
  EXPECT_NE(ParseError(long_note).find("f:2: "), std::string::npos);
  EXPECT_NE(ParseError(long_note).find("a line may hold at most"), std::string::npos);
}

}  // namespace
}  // namespace chancery::archive::internal
