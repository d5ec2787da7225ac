// ParseDirectory (docs/format/directory.md §1-§6, §9): accepted forms and positioned errors.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chancery/desk/directory.h"

#include "unit/desk/directory/directory_fixture.h"

namespace chancery::desk {
namespace {

using ::testing::ElementsAre;

// The error message of parsing `text` as "t.dir" ("" on success); checks the code.
std::string ErrorOf(std::string_view text) {
  Result<Directory> parsed = ParseDirectory(text, "t.dir");
  if (parsed.ok()) {
    return "";
  }
  EXPECT_EQ(parsed.status().code(), StatusCode::kInvalidArgument);
  return std::string(parsed.status().message());
}

constexpr std::string_view kOrg = "organization O \"Org\"\n";

TEST(ParseDirectory, ReadsEveryDirectiveInFileOrder) {
  const Directory d = testing::SmallDirectory();
  ASSERT_EQ(d.organizations.size(), 1u);
  EXPECT_EQ(d.organizations[0].name, "Ministry of Foreign Affairs");
  ASSERT_EQ(d.offices.size(), 6u);
  EXPECT_EQ(d.offices[1].id, "MFA-SOVEE");
  EXPECT_EQ(d.groups[1].members, (std::vector<std::string>{"EMBASSIES", "UN", "EMB-MOSCOW"}));
  EXPECT_EQ(d.grants.back(), (RoleGrant{"admin", Role::kAdministrator, "*"}));
}

TEST(ParseDirectory, ReadsEveryOfficeField) {
  const Office o = testing::SmallDirectory().offices[1];
  EXPECT_EQ(o.name, "Soviet and Eastern European Division");
  EXPECT_EQ(o.kind, OfficeKind::kDivision);
  EXPECT_EQ(o.organization, "PRC-MFA");
  EXPECT_EQ(o.parent, "MFA");
  EXPECT_EQ(o.clearance.level, "TS");  // kept as written; Decide resolves aliases
  EXPECT_THAT(o.clearance.categories, ElementsAre("INTERNAL RESEARCH"));
  EXPECT_EQ(o.series, "B-Yin");
}

TEST(ParseDirectory, OfficeFieldsComeInAnyOrderAndOptionalOnesDefaultEmpty) {
  Result<Directory> d = ParseDirectory(std::string(kOrg) +
                                       "office X \"X\" org O groups PRC, USA acts-for X kind "
                                       "external\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->offices[0].kind, OfficeKind::kExternal);
  EXPECT_THAT(d->offices[0].clearance.groups, ElementsAre("PRC", "USA"));
  EXPECT_THAT(d->offices[0].clearance.offices, ElementsAre("X"));
  EXPECT_EQ(d->offices[0].parent, "");
  EXPECT_EQ(d->offices[0].clearance.level, "");
}

TEST(ParseDirectory, IgnoresCommentsBlankLinesAndCarriageReturns) {
  Result<Directory> d =
      ParseDirectory("# header\r\n\r\n  organization O \"a # b\"  # trailing\r\n\t\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->organizations[0].name, "a # b");
}

TEST(ParseDirectory, UnescapesQuotesAndBackslashesInStrings) {
  Result<Directory> d = ParseDirectory("organization O \"say \\\"yes\\\" \\\\ 是\"\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->organizations[0].name, "say \"yes\" \\ 是");
}

TEST(ParseDirectory, ContinuesAStatementOnLinesThatBeginWithWhiteSpace) {
  Result<Directory> d =
      ParseDirectory(std::string(kOrg) + "group G \"G\" members A,\n  # note\n\n    B\n\t, C\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_THAT(d->groups[0].members, ElementsAre("A", "B", "C"));
}

TEST(ParseDirectory, ReadsGrantsWithQuotedUserNames) {
  Result<Directory> d = ParseDirectory("grant \"Wu Xiuquan\" clearer MFA\n");
  ASSERT_TRUE(d.ok()) << d.status().ToString();
  EXPECT_EQ(d->grants[0], (RoleGrant{"Wu Xiuquan", Role::kClearer, "MFA"}));
}

TEST(ParseDirectoryErrors, NameSourceLineAndColumnOfTheToken) {
  EXPECT_EQ(ErrorOf("\n  organisation O \"x\""), "t.dir:2:3: unknown directive \"organisation\"");
  EXPECT_EQ(ParseDirectory("bogus").status().message(),
            "directory:1:1: unknown directive \"bogus\"");
}

TEST(ParseDirectoryErrors, ReportLexicalErrorsAtTheirByte) {
  EXPECT_EQ(ErrorOf("organization O \"open"), "t.dir:1:16: unterminated string");
  EXPECT_EQ(ErrorOf("organization O \"a\\nb\""), "t.dir:1:18: bad escape (only \\\" and \\\\)");
  EXPECT_EQ(ErrorOf("organization O \"a\x01\""), "t.dir:1:18: control character 1");
  EXPECT_EQ(ErrorOf("organization O \"\xff\""), "t.dir:1:17: invalid utf-8");
  EXPECT_EQ(ErrorOf("organization O \"\xed\xa0\x80\""), "t.dir:1:17: invalid utf-8");
}

TEST(ParseDirectoryErrors, RejectBadIdsAndEmptyNames) {
  EXPECT_EQ(ErrorOf("organization \"P R C\" x"),
            "t.dir:1:14: organization id \"P R C\" is not [A-Za-z0-9._-]{1,64}");
  EXPECT_EQ(ErrorOf("organization O \"\""), "t.dir:1:16: organization name is empty");
  EXPECT_EQ(ErrorOf("group G \"G\" members A, B/C"),
            "t.dir:1:24: member id \"B/C\" is not [A-Za-z0-9._-]{1,64}");
}

TEST(ParseDirectoryErrors, ReportMissingTokensOnePastTheEndOfTheLine) {
  EXPECT_EQ(ErrorOf("organization O"), "t.dir:1:15: expected organization name");
  EXPECT_EQ(ErrorOf("office X \"X\" kind embassy"), "t.dir:1:26: office X: missing org");
  EXPECT_EQ(ErrorOf("office X \"X\" org O clearance"), "t.dir:1:29: expected clearance level");
  EXPECT_EQ(ErrorOf("group G \"G\" members A,\n# c\n"), "t.dir:1:23: expected member id");
  EXPECT_EQ(ErrorOf("office X \"X\" org O\n  parent P\n"), "t.dir:2:11: office X: missing kind");
}

TEST(ParseDirectoryErrors, RejectUnknownOrRepeatedOfficeFields) {
  EXPECT_EQ(ErrorOf("office X \"X\" kind embasy org O"),
            "t.dir:1:19: unknown office kind \"embasy\" (ministry, department, division, "
            "embassy, consulate, mission, external)");
  EXPECT_EQ(ErrorOf("office X \"X\" kind embassy org O org P"), "t.dir:1:33: duplicate field org");
  EXPECT_THAT(ErrorOf("office X \"X\" colour red"),
              ::testing::StartsWith("t.dir:1:14: unknown office field \"colour\""));
}

TEST(ParseDirectoryErrors, RejectDuplicateIdsAcrossOfficesAndGroups) {
  EXPECT_EQ(ErrorOf("office X \"X\" kind embassy org O\ngroup X \"G\" members X"),
            "t.dir:2:7: duplicate id X (first defined at 1:8)");
  EXPECT_EQ(ErrorOf("organization O \"a\"\norganization O \"b\""),
            "t.dir:2:14: duplicate organization O (first defined at 1:14)");
}

TEST(ParseDirectoryErrors, ReportAnUnindentedContinuationAsADirective) {
  EXPECT_EQ(ErrorOf("group G \"G\" members A,\nB"), "t.dir:1:23: expected member id");
  EXPECT_EQ(ErrorOf("group G \"G\" members A\nB"), "t.dir:2:1: unknown directive \"B\"");
}

TEST(ParseDirectoryErrors, RejectBadGrantsAndTrailingTokens) {
  EXPECT_EQ(ErrorOf("grant wu approve MFA"),
            "t.dir:1:10: unknown role \"approve\" (drafter, clearer, approver, releaser, "
            "recipient, archivist, administrator)");
  EXPECT_EQ(ErrorOf("grant wu approver MFA extra"), "t.dir:1:23: unexpected \"extra\"");
  EXPECT_EQ(ErrorOf("group G \"G\" member A"), "t.dir:1:13: expected members, got \"member\"");
}

}  // namespace
}  // namespace chancery::desk
