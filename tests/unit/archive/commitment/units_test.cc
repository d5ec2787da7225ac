// SplitUnits (docs/format/proof.md §2).
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include "chancery/archive/commitment.h"

namespace chancery::archive {
namespace {

std::vector<std::string> Texts(std::string_view text) {
  std::vector<std::string> out;
  for (const Unit& unit : SplitUnits(text)) {
    out.push_back(unit.text);
  }
  return out;
}

std::string Concat(const std::vector<Unit>& units) {
  std::string out;
  for (const Unit& unit : units) {
    out += unit.text;
  }
  return out;
}

TEST(SplitUnits, WordsAndGapsAlternate) {
  EXPECT_EQ(Texts("Mao Zedong, 9 March."),
            (std::vector<std::string>{"Mao", " ", "Zedong", ", ", "9", " ", "March", "."}));
}

TEST(SplitUnits, MarksWordUnits) {
  const std::vector<Unit> units = SplitUnits("a-b");
  ASSERT_EQ(units.size(), 3u);
  EXPECT_TRUE(units[0].word);
  EXPECT_FALSE(units[1].word);
  EXPECT_TRUE(units[2].word);
}

TEST(SplitUnits, NonAsciiLettersAreWordCharacters) {
  EXPECT_EQ(Texts("Ngô Đình Diệm"), (std::vector<std::string>{"Ngô", " ", "Đình", " ", "Diệm"}));
}

TEST(SplitUnits, EachCjkIdeographIsAUnitOfItsOwn) {
  EXPECT_EQ(Texts("毛主席。"), (std::vector<std::string>{"毛", "主", "席", "。"}));
}

TEST(SplitUnits, CjkIdeographEndsALatinWord) {
  EXPECT_EQ(Texts("ab毛cd"), (std::vector<std::string>{"ab", "毛", "cd"}));
}

TEST(SplitUnits, CompatibilityAndExtensionIdeographsAreUnits) {
  EXPECT_EQ(Texts("\xEF\xA4\x80\xF0\xA0\x80\x80"),  // U+F900, U+20000
            (std::vector<std::string>{"\xEF\xA4\x80", "\xF0\xA0\x80\x80"}));
}

TEST(SplitUnits, EmptyTextHasNoUnits) {
  EXPECT_TRUE(SplitUnits("").empty());
}

TEST(SplitUnits, MalformedUtf8BytesAreWordCharacters) {
  EXPECT_EQ(Texts("a\xFF b"), (std::vector<std::string>{"a\xFF", " ", "b"}));
}

RC_GTEST_PROP(SplitUnits, ConcatenationGivesTheTextBackForRandomUtf8, ()) {
  const std::vector<uint32_t> code_points =
      *rc::gen::container<std::vector<uint32_t>>(rc::gen::oneOf(
          rc::gen::inRange<uint32_t>(0x20, 0x7F), rc::gen::inRange<uint32_t>(0x80, 0x800),
          rc::gen::inRange<uint32_t>(0x3400, 0xA000), rc::gen::inRange<uint32_t>(0xE000, 0x10000),
          rc::gen::inRange<uint32_t>(0x10000, 0x30000)));
  std::string text;
  for (uint32_t cp : code_points) {
    if (cp < 0x80) {
      text += static_cast<char>(cp);
    } else if (cp < 0x800) {
      text += static_cast<char>(0xC0 | (cp >> 6));
      text += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      text += static_cast<char>(0xE0 | (cp >> 12));
      text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      text += static_cast<char>(0xF0 | (cp >> 18));
      text += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      text += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      text += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  const std::vector<Unit> units = SplitUnits(text);
  RC_ASSERT(Concat(units) == text);
  for (size_t i = 0; i + 1 < units.size(); ++i) {
    RC_ASSERT(!units[i].text.empty());
    RC_ASSERT(units[i].word || units[i + 1].word);  // two gap units never touch
  }
}

RC_GTEST_PROP(SplitUnits, ConcatenationGivesTheTextBackForAnyBytes, (const std::string& bytes)) {
  RC_ASSERT(Concat(SplitUnits(bytes)) == bytes);
}

}  // namespace
}  // namespace chancery::archive
