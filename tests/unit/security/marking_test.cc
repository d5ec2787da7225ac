// Canonicalize, LabelFromMarking and MapPrecedence under the default policy.
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/security/policy.h"

#include "unit/security/default_policy.h"

namespace chancery::security {
namespace {

using model::Label;
using model::PrecedenceRank;
using testing::DefaultPolicy;

Label MakeLabel(std::string level, std::vector<std::string> categories = {},
                std::vector<std::string> rel = {}) {
  Label label{std::move(level), std::move(categories), std::move(rel)};
  label.Normalize();
  return label;
}

Label FromMarking(std::string_view verbatim) {
  return LabelFromMarking(DefaultPolicy(), verbatim);
}

TEST(Canonicalize, MapsAliasesToCanonicalNames) {
  Label in{"ts", {"for internal research", "Nodis"}, {" usa "}};
  EXPECT_EQ(Canonicalize(DefaultPolicy(), in),
            MakeLabel("TOP SECRET", {"INTERNAL RESEARCH", "NODIS"}, {"USA"}));
}

TEST(Canonicalize, KeepsUnknownNamesUpperCased) {
  Label in{"cosmic", {"umbra"}, {}};
  EXPECT_EQ(Canonicalize(DefaultPolicy(), in), MakeLabel("COSMIC", {"UMBRA"}));
}

TEST(LabelFromMarking, ReadsPlainLevel) {
  EXPECT_EQ(FromMarking("Top Secret"), MakeLabel("TOP SECRET"));
  EXPECT_EQ(FromMarking("绝密"), MakeLabel("TOP SECRET"));
}

TEST(LabelFromMarking, ReadsBannerBlocks) {
  EXPECT_EQ(FromMarking("SECRET//NOFORN"), MakeLabel("SECRET", {"NOFORN"}));
  EXPECT_EQ(FromMarking("TOP SECRET//INTERNAL RESEARCH/NODIS//REL TO USA, Allied Parties"),
            MakeLabel("TOP SECRET", {"INTERNAL RESEARCH", "NODIS"}, {"ALLIED PARTIES", "USA"}));
}

TEST(LabelFromMarking, ReadsFrusStyleListsIgnoringPrecedence) {
  EXPECT_EQ(FromMarking("Confidential; Exdis"), MakeLabel("CONFIDENTIAL", {"EXDIS"}));
  EXPECT_EQ(FromMarking("Top Secret; Priority; Eyes Only"), MakeLabel("TOP SECRET", {"EYES ONLY"}));
}

TEST(LabelFromMarking, FirstLevelWinsAndUnknownWordsAreSkipped) {
  EXPECT_EQ(FromMarking("Top Secret Telegram; Secret"), MakeLabel("TOP SECRET"));
  EXPECT_EQ(FromMarking("(S//NF)"), MakeLabel("SECRET", {"NOFORN"}));
  EXPECT_EQ(FromMarking("Flash; Personal"), MakeLabel(""));
}

TEST(MapPrecedence, MapsCanonicalNamesAndVocabulary) {
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "Very Urgent"), PrecedenceRank::kImmediate);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), " niact immediate "), PrecedenceRank::kImmediate);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "Flash Override"), PrecedenceRank::kOverride);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "priority"), PrecedenceRank::kPriority);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "Z"), PrecedenceRank::kFlash);
}

TEST(MapPrecedence, MapsChineseAndRussianVocabulary) {
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "特急"), PrecedenceRank::kImmediate);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "急"), PrecedenceRank::kPriority);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "平急"), PrecedenceRank::kRoutine);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "特提"), PrecedenceRank::kFlash);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "ВНЕОЧЕРЕДНО"), PrecedenceRank::kFlash);
}

TEST(MapPrecedence, DefaultVocabularyCoversEveryRequiredWord) {
  const std::pair<const char*, PrecedenceRank> kWords[] = {
      {"NIACT", PrecedenceRank::kImmediate},
      {"Operational Immediate", PrecedenceRank::kImmediate},
      {"O", PrecedenceRank::kImmediate},
      {"Urgent", PrecedenceRank::kPriority},
      {"加急", PrecedenceRank::kPriority},
      {"P", PrecedenceRank::kPriority},
      {"平", PrecedenceRank::kRoutine},
      {"r", PrecedenceRank::kRoutine},
      {"Highest Priority", PrecedenceRank::kFlash},
      {"Внеочередно", PrecedenceRank::kFlash}};
  for (const auto& [word, rank] : kWords) {
    EXPECT_EQ(MapPrecedence(DefaultPolicy(), word), rank) << word;
  }
}

TEST(MapPrecedence, UnknownWordIsUnknown) {
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), "Soonish"), PrecedenceRank::kUnknown);
  EXPECT_EQ(MapPrecedence(DefaultPolicy(), ""), PrecedenceRank::kUnknown);
}

}  // namespace
}  // namespace chancery::security
