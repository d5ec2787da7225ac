// The archive's review rules in the policy (docs/format/policy.md §7e): review-after,
// exemption, review-concurrence, redaction-markers, and their errors with line:column.
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "chancery/security/policy.h"

namespace chancery::security {
namespace {

using ::testing::ElementsAre;

constexpr std::string_view kLevels =
    "policy test-1\n"
    "level PUBLIC 0\n"
    "level SECRET 3 alias S\n"
    "level \"TOP SECRET\" 4 alias TS\n"
    "public PUBLIC\n";

Result<Policy> With(std::string_view extra) {
  return ParsePolicy(std::string(kLevels) + std::string(extra), "t.policy");
}

std::string ErrorOf(std::string_view extra) {
  Result<Policy> policy = With(extra);
  return policy.ok() ? "" : std::string(policy.status().message());
}

TEST(ArchiveRules, TheDefaultPolicyShipsReviewPeriodsCodesAndConcurrence) {
  Result<Policy> policy = ParsePolicy(DefaultPolicyText(), "default.policy");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  const ArchiveRules& rules = policy->archive;
  ASSERT_NE(rules.FindExemption("25X1"), nullptr);
  ASSERT_NE(rules.FindExemption("(b)(1)"), nullptr);
  EXPECT_EQ(rules.FindExemption("(B)(1)")->code, "(b)(1)");  // case-insensitive, spelling kept
  EXPECT_EQ(rules.FindExemption("(b)(1)")->authority, "5 U.S.C. 552(b)(1)");
  EXPECT_EQ(rules.FindExemption("b(9)"), nullptr);
  EXPECT_EQ(rules.ReviewAfterSeconds("TOP SECRET"), std::optional<int64_t>(25 * 31'556'952LL));
  EXPECT_EQ(rules.ReviewAfterSeconds("PUBLIC"), std::nullopt);
  ASSERT_TRUE(rules.concurrence_rank.has_value());
  EXPECT_EQ(*rules.concurrence_rank, policy->FindLevel("TOP SECRET")->rank);
  EXPECT_EQ(rules.markers, MarkerRule::kLines);
}

TEST(ArchiveRules, ParsesEachDirectiveWithAliasesResolvedAtTheEnd) {
  Result<Policy> policy = With(
      "review-after TS 25y\n"
      "review-after SECRET 90d\n"
      "exemption 25X1 \"human source\" \"E.O. 13526\"\n"
      "review-concurrence S\n"
      "redaction-markers none\n");
  ASSERT_TRUE(policy.ok()) << policy.status().ToString();
  EXPECT_EQ(policy->archive.review_after.size(), 2u);
  EXPECT_EQ(policy->archive.review_after[0].level, "TOP SECRET");
  EXPECT_EQ(policy->archive.ReviewAfterSeconds("SECRET"), std::optional<int64_t>(90 * 86'400));
  EXPECT_EQ(*policy->archive.concurrence_rank, 3);
  EXPECT_EQ(policy->archive.markers, MarkerRule::kNone);
  ASSERT_THAT(policy->archive.exemptions.size(), 1u);
  EXPECT_EQ(policy->archive.exemptions[0].text, "human source");
}

TEST(ArchiveRules, AbsentLinesMeanNoPeriodsNoCodesNoConcurrenceAndLineMarkers) {
  Result<Policy> policy = With("");
  ASSERT_TRUE(policy.ok());
  EXPECT_TRUE(policy->archive.review_after.empty());
  EXPECT_TRUE(policy->archive.exemptions.empty());
  EXPECT_FALSE(policy->archive.concurrence_rank.has_value());
  EXPECT_EQ(policy->archive.markers, MarkerRule::kLines);
}

TEST(ArchiveRules, ErrorsNameLineAndColumn) {
  EXPECT_EQ(ErrorOf("review-after SECRET forever\n"),
            "t.policy:6:21: review-after: expected a period such as 25y, 90d or 12h");
  EXPECT_EQ(ErrorOf("review-after CONFIDENTIAL 25y\n"),
            "t.policy:6:14: undefined level \"CONFIDENTIAL\"");
  EXPECT_EQ(ErrorOf("review-after SECRET 25y\nreview-after S 10y\n"),
            "t.policy:7:14: duplicate review-after for \"SECRET\"");
  EXPECT_EQ(ErrorOf("exemption 25X1 \"a\" \"b\"\nexemption 25x1 \"c\" \"d\"\n"),
            "t.policy:7:11: duplicate exemption \"25x1\"");
  EXPECT_EQ(ErrorOf("exemption \"b 1\" \"a\" \"b\"\n"),
            "t.policy:6:11: exemption code \"b 1\" is longer than 32 characters or holds a "
            "space, ';', ',' or a bracket");
  EXPECT_EQ(ErrorOf("exemption 25X1 \"a\"\n"), "t.policy:6:19: expected the exemption's authority");
  EXPECT_EQ(ErrorOf("review-concurrence SECRET\nreview-concurrence SECRET\n"),
            "t.policy:7:20: duplicate review-concurrence directive");
  EXPECT_EQ(ErrorOf("redaction-markers words\n"),
            "t.policy:6:19: redaction-markers: expected one of lines, none");
}

}  // namespace
}  // namespace chancery::security
