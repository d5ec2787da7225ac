// ParsePolicy and the default policy (docs/format/policy.md).
#include "chancery/security/policy.h"

#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace chancery::security {
namespace {

using ::testing::HasSubstr;
using ::testing::UnorderedElementsAre;

constexpr std::string_view kMinimal =
    "policy test-1\n"
    "level PUBLIC 0\n"
    "public PUBLIC\n";

// Parses kMinimal plus `extra` lines and returns the error message ("" on success).
std::string ErrorOf(std::string_view extra) {
  Result<Policy> policy = ParsePolicy(std::string(kMinimal) + std::string(extra), "t.policy");
  if (policy.ok()) {
    return "";
  }
  EXPECT_EQ(policy.status().code(), StatusCode::kCorruption);
  return std::string(policy.status().message());
}

Policy Default() {
  Result<Policy> policy = ParsePolicy(DefaultPolicyText(), "default.policy");
  EXPECT_TRUE(policy.ok()) << policy.status().ToString();
  return policy.ok() ? *policy : Policy{};
}

TEST(DefaultPolicy, ParsesWithIdAndPublicLevel) {
  Policy policy = Default();
  EXPECT_EQ(policy.id, "chancery-default-1");
  EXPECT_EQ(policy.public_level, "PUBLIC");
  EXPECT_EQ(policy.need_to_know_rank, 0);
}

TEST(DefaultPolicy, DefinesTheLevelLadderWithAliases) {
  Policy policy = Default();
  const std::pair<const char*, int32_t> kLevels[] = {{"PUBLIC", 0},
                                                     {"LIMITED OFFICIAL USE", 1},
                                                     {"CONFIDENTIAL", 2},
                                                     {"SECRET", 3},
                                                     {"TOP SECRET", 4}};
  for (const auto& [name, rank] : kLevels) {
    ASSERT_NE(policy.FindLevel(name), nullptr) << name;
    EXPECT_EQ(policy.FindLevel(name)->rank, rank) << name;
  }
  EXPECT_EQ(policy.FindLevel("No Classification Marking")->name, "PUBLIC");
  EXPECT_EQ(policy.FindLevel("lou")->name, "LIMITED OFFICIAL USE");
  EXPECT_EQ(policy.FindLevel("秘密")->name, "CONFIDENTIAL");
  EXPECT_EQ(policy.FindLevel("机密")->name, "SECRET");
  EXPECT_EQ(policy.FindLevel("绝密")->name, "TOP SECRET");
  EXPECT_EQ(policy.FindLevel(" ts ")->name, "TOP SECRET");
}

TEST(DefaultPolicy, DefinesCategoriesWithKinds) {
  Policy policy = Default();
  for (const char* name :
       {"INTERNAL RESEARCH", "NOFORN", "EYES ONLY", "NODIS", "EXDIS", "LIMDIS"}) {
    ASSERT_NE(policy.FindCategory(name), nullptr) << name;
    EXPECT_EQ(policy.FindCategory(name)->kind, CategoryKind::kRestrictive) << name;
  }
  EXPECT_EQ(policy.FindCategory("For Internal Research")->name, "INTERNAL RESEARCH");
  EXPECT_TRUE(policy.FindCategory("NODIS")->need_to_know);
  EXPECT_FALSE(policy.FindCategory("EXDIS")->need_to_know);
  EXPECT_EQ(policy.FindCategory("ECON")->kind, CategoryKind::kPermissive);
}

TEST(DefaultPolicy, DefinesGroups) {
  Policy policy = Default();
  EXPECT_THAT(policy.groups, UnorderedElementsAre("ARCADIA", "ALLIED PARTIES", "USA", "PRC"));
  EXPECT_TRUE(policy.HasGroup("allied parties"));
  EXPECT_FALSE(policy.HasGroup("GBR"));
}

TEST(ParsePolicy, QuotedNamesAliasesAndCommentsParse) {
  EXPECT_EQ(ErrorOf("level \"TOP SECRET\" 4 alias TS, \"T S\"  # comment\n"
                    "category \"A \\\"Q\\\"\" permissive\n"),
            "");
}

TEST(ParsePolicy, ForwardReferenceToPublicLevelResolves) {
  Result<Policy> policy = ParsePolicy("public low\npolicy p\nlevel LOW 0\n");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ(policy->public_level, "LOW");
}

TEST(ParsePolicy, NeedToKnowFromSetsTheRank) {
  Result<Policy> policy =
      ParsePolicy(std::string(kMinimal) + "level HIGH 7\nneed-to-know-from high\n");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ(policy->need_to_know_rank, 7);
}

TEST(ParsePolicy, UnknownDirectiveNamesLineAndColumn) {
  EXPECT_EQ(ErrorOf("  levle X 1\n"), "t.policy:4:3: unknown directive \"levle\"");
}

TEST(ParsePolicy, DuplicateNameNamesBothPlaces) {
  EXPECT_EQ(ErrorOf("category public restrictive\n"),
            "t.policy:4:10: duplicate name \"PUBLIC\" (first defined at 2:7)");
}

TEST(ParsePolicy, DuplicateAliasAcrossLevelsIsAnError) {
  EXPECT_THAT(ErrorOf("level A 1 alias X\nlevel B 2 alias Y, x\n"), HasSubstr("t.policy:5:17:"));
}

TEST(ParsePolicy, DuplicateRankIsAnError) {
  EXPECT_THAT(ErrorOf("level OTHER 0\n"), HasSubstr("t.policy:4:13: duplicate level rank 0"));
}

TEST(ParsePolicy, UndefinedPublicLevelNamesItsReference) {
  Result<Policy> policy = ParsePolicy("policy p\nlevel A 0\npublic  B\n", "x");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().message(), "x:3:9: undefined level \"B\"");
}

TEST(ParsePolicy, UndefinedNeedToKnowLevelIsAnError) {
  EXPECT_EQ(ErrorOf("need-to-know-from SECRET\n"), "t.policy:4:19: undefined level \"SECRET\"");
}

TEST(ParsePolicy, MissingPublicDirectiveIsAnError) {
  Result<Policy> policy = ParsePolicy("policy p\nlevel A 0\n", "x");
  ASSERT_FALSE(policy.ok());
  EXPECT_EQ(policy.status().message(), "x:3:1: missing public directive");
}

TEST(ParsePolicy, BadRankKindAndTargetAreErrors) {
  EXPECT_THAT(ErrorOf("level A -1\n"), HasSubstr("t.policy:4:9: bad level rank"));
  EXPECT_THAT(ErrorOf("category A secret\n"), HasSubstr("t.policy:4:12: expected restrictive"));
  EXPECT_THAT(ErrorOf("precedence X SOON\n"), HasSubstr("t.policy:4:14: expected a canonical"));
  EXPECT_THAT(ErrorOf("precedence flash FLASH\n"), HasSubstr("is a canonical rank name"));
}

TEST(ParsePolicy, UnterminatedQuoteAndTrailingTokensAreErrors) {
  EXPECT_EQ(ErrorOf("group \"ALLIED\n"), "t.policy:4:7: unterminated quoted name");
  EXPECT_EQ(ErrorOf("group A B\n"), "t.policy:4:9: unexpected \"B\"");
}

TEST(ParsePolicy, NamesWithMarkingSeparatorsAreRejected) {
  EXPECT_THAT(ErrorOf("group \"A/B\"\n"), HasSubstr("contains '/', ';' or ','"));
}

TEST(ParsePolicy, DuplicatePrecedenceWordIsAnError) {
  EXPECT_THAT(ErrorOf("precedence Z FLASH\nprecedence z ROUTINE\n"),
              HasSubstr("t.policy:5:12: duplicate precedence word \"Z\""));
}

}  // namespace
}  // namespace chancery::security

namespace chancery::security {
namespace {

TEST(PolicyHandling, DefaultPolicySetsTheFourObjectives) {
  std::vector<std::pair<model::PrecedenceRank, int64_t>> got;
  for (const HandlingTime& h : Default().handling)
    got.emplace_back(h.rank, h.seconds);
  EXPECT_THAT(got,
              UnorderedElementsAre(std::pair{model::PrecedenceRank::kFlash, int64_t{600}},
                                   std::pair{model::PrecedenceRank::kImmediate, int64_t{1800}},
                                   std::pair{model::PrecedenceRank::kPriority, int64_t{10800}},
                                   std::pair{model::PrecedenceRank::kRoutine, int64_t{21600}}));
}

TEST(PolicyHandling, AcceptsEveryUnit) {
  Result<Policy> p =
      ParsePolicy(std::string(kMinimal) + "handling flash 90s\nhandling routine 2d\n");
  ASSERT_TRUE(p.ok()) << p.status().ToString();
  EXPECT_EQ(p->handling[0].seconds, 90);
  EXPECT_EQ(p->handling[1].seconds, 2 * 86400);
}

TEST(PolicyHandling, RejectsABadDurationNamingItsColumn) {
  EXPECT_THAT(ErrorOf("handling FLASH 10x\n"), HasSubstr("t.policy:4:16: expected a duration"));
  EXPECT_THAT(ErrorOf("handling FLASH 0m\n"), HasSubstr("expected a duration"));
  EXPECT_THAT(ErrorOf("handling FLASH\n"), HasSubstr("expected a duration"));
}

TEST(PolicyHandling, RejectsAnUnknownRankAndADuplicate) {
  EXPECT_THAT(ErrorOf("handling SOON 10m\n"), HasSubstr("t.policy:4:10: expected a canonical"));
  EXPECT_THAT(ErrorOf("handling FLASH 1m\nhandling FLASH 2m\n"),
              HasSubstr("t.policy:5:10: duplicate handling time for FLASH"));
}

}  // namespace
}  // namespace chancery::security
