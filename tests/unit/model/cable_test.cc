#include "chancery/model/cable.h"

#include <gtest/gtest.h>

namespace chancery::model {
namespace {

Cable Minimal() {
  Cable c;
  c.id = "c-1";
  c.title = "A title";
  return c;
}

TEST(Cable, MinimalIsValid) { EXPECT_TRUE(Validate(Minimal()).ok()); }

TEST(Cable, RejectsBadIdNamingIt) {
  Cable c = Minimal();
  c.id = "has space";
  Status s = Validate(c);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("has space"), std::string_view::npos);
}

TEST(Cable, RejectsLineBreakInParagraphNamingField) {
  Cable c = Minimal();
  c.body.push_back({"one", std::nullopt});
  c.body.push_back({"two\nlines", std::nullopt});
  EXPECT_NE(Validate(c).message().find("body[1]"), std::string_view::npos);
}

TEST(Cable, RejectsUnnormalizedLabel) {
  Cable c = Minimal();
  c.current_label.categories = {"B", "A"};
  EXPECT_FALSE(Validate(c).ok());
  c.current_label.Normalize();
  EXPECT_TRUE(Validate(c).ok());
}

TEST(Label, BannerJoinsBlocks) {
  Label l{"TOP SECRET", {"INTERNAL RESEARCH"}, {"ALLIES", "UK"}};
  EXPECT_EQ(l.ToBanner(), "TOP SECRET//INTERNAL RESEARCH//REL TO ALLIES, UK");
}

TEST(Precedence, RankNamesRoundTrip) {
  PrecedenceRank r = PrecedenceRank::kUnknown;
  ASSERT_TRUE(ParsePrecedenceRank("flash", &r));
  EXPECT_EQ(r, PrecedenceRank::kFlash);
  EXPECT_FALSE(ParsePrecedenceRank("Very Urgent", &r));
}

}  // namespace
}  // namespace chancery::model
