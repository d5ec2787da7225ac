#include "chancery/base/strings.h"

#include <gtest/gtest.h>

namespace chancery {
namespace {

TEST(Strings, SplitTrimmedDropsEmptyPieces) {
  EXPECT_EQ(SplitTrimmed(" a ; ;b;", ';'), (std::vector<std::string>{"a", "b"}));
}

TEST(Strings, HexRoundTrips) {
  std::string bytes("\x00\xff\x10", 3);
  std::string back;
  ASSERT_TRUE(HexDecode(HexEncode(bytes), &back));
  EXPECT_EQ(back, bytes);
  EXPECT_FALSE(HexDecode("abc", &back));
  EXPECT_FALSE(HexDecode("zz", &back));
}

TEST(Strings, CaseHelpersLeaveUtf8Alone) {
  EXPECT_EQ(AsciiUpper("top secret ×"), "TOP SECRET ×");
  EXPECT_TRUE(EqualsIgnoreCase("Very Urgent", "VERY URGENT"));
}

}  // namespace
}  // namespace chancery
