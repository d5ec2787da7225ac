// Hostile JSON (issue 11 finding 4; docs/format/json.md §Limits): nesting is refused past
// kMaxCableJsonDepth before anything is built, with the file, line and column of the bracket
// that goes too deep, and what is refused costs memory linear in its size.
#include <cstddef>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "chancery/format/json.h"

namespace chancery::format {
namespace {

constexpr size_t kNpos = std::string_view::npos;

// A cable with an unknown member "x" whose value nests `levels` arrays: the whole text nests
// levels + 1 deep (the cable object is level 1).
std::string Nested(size_t levels) {
  return "{\"x\":" + std::string(levels, '[') + std::string(levels, ']') + "}";
}

std::string MessageOf(const Result<model::Cable>& r) {
  return r.ok() ? "ok" : std::string(r.status().message());
}

TEST(JsonDepthScan, CountsArraysAndObjectsFromLevelOne) {
  EXPECT_EQ(FindJsonDepthExcess("", 0), kNpos);
  EXPECT_EQ(FindJsonDepthExcess("1", 0), kNpos);
  EXPECT_EQ(FindJsonDepthExcess("[]", 0), 0u);
  EXPECT_EQ(FindJsonDepthExcess("[]", 1), kNpos);
  EXPECT_EQ(FindJsonDepthExcess("{\"a\":[{}]}", 3), kNpos);
  EXPECT_EQ(FindJsonDepthExcess("{\"a\":[{}]}", 2), 6u);
}

TEST(JsonDepthScan, SiblingsDoNotAddUp) {
  EXPECT_EQ(FindJsonDepthExcess("[[],[],{},[[]]]", 3), kNpos);
  EXPECT_EQ(FindJsonDepthExcess("[[],[],{},[[]]]", 2), 11u);
}

TEST(JsonDepthScan, BracketsInsideStringsDoNotCount) {
  EXPECT_EQ(FindJsonDepthExcess("[\"[[[{{{\"]", 1), kNpos);
  // An escaped quote does not end the string; an escaped backslash does not escape the quote.
  EXPECT_EQ(FindJsonDepthExcess("[\"\\\"[[[\"]", 1), kNpos);
  EXPECT_EQ(FindJsonDepthExcess("[\"\\\\\",[]]", 1), 6u);
}

TEST(JsonDepthScan, StrayClosersDoNotLowerTheCountBelowZero) {
  EXPECT_EQ(FindJsonDepthExcess("]]]][[", 1), 5u);
}

TEST(JsonLimits, AtTheLimitTheCableIsDecodedAsUsual) {
  const std::string json = Nested(kMaxCableJsonDepth - 1);
  ASSERT_EQ(FindJsonDepthExcess(json, kMaxCableJsonDepth), kNpos);
  EXPECT_EQ(MessageOf(CableFromJson(json, "c.json")), "c.json:1:2: unknown member 'x'");
}

TEST(JsonLimits, OnePastTheLimitIsRefusedAtTheBracketThatGoesTooDeep) {
  // '{"x":' is 5 bytes and 63 brackets follow before the 64th array, at column 69.
  EXPECT_EQ(MessageOf(CableFromJson(Nested(kMaxCableJsonDepth), "c.json")),
            "c.json:1:69: JSON nested deeper than 64 levels");
  EXPECT_EQ(CableFromJson(Nested(kMaxCableJsonDepth)).status().code(), StatusCode::kCorruption);
}

TEST(JsonLimits, JsonLinesNamesTheFileLineAndColumn) {
  const std::string text = "{\"id\":\"a\"}\n\n" + std::string(100, '[') + "\n";
  Result<std::vector<model::Cable>> cables = CablesFromJsonLines(text, "deep.jsonl");
  ASSERT_FALSE(cables.ok());
  EXPECT_EQ(cables.status().message(), "deep.jsonl:3:65: JSON nested deeper than 64 levels");
}

TEST(JsonLimits, DeepBracketsInsideAStringAreJustText) {
  model::Cable c;
  c.title = std::string(1000, '[') + std::string(1000, '{');
  Result<model::Cable> back = CableFromJson(CableToJson(c));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  EXPECT_EQ(back->title, c.title);
}

// The positions kept for error messages used to be full paths, so a long unknown key over a wide
// array (or deep nesting) cost key length x elements. Now the key's own position is kept and
// nothing below it: the error still points at the key.
TEST(JsonLimits, ALongUnknownKeyIsReportedAtTheKey) {
  const std::string key(100, 'k');
  EXPECT_EQ(
      MessageOf(CableFromJson("{\"id\":\"a\",\n \"" + key + "\": [[1, 2], {\"a\": 3}]}", "c")),
      "c:2:2: unknown member '" + key + "'");
}

long MaxRssKb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

// Lines that used to take gigabytes (quadratic in depth, or in key length x elements). The bound
// is loose (sanitizer builds carry shadow memory).
TEST(JsonLimits, HostileLinesCostMemoryLinearInTheirSize) {
  const long before = MaxRssKb();
  const size_t n = 1'000'000;
  EXPECT_EQ(MessageOf(CableFromJson(std::string(n, '[') + std::string(n, ']'), "deep")),
            "deep:1:65: JSON nested deeper than 64 levels");
  // 10 KB key x 30,000 elements: 300 MB of paths before the fix, 70 KB of input.
  std::string wide = "{\"" + std::string(10'000, 'k') + "\":[";
  for (int i = 0; i < 30'000; ++i) {
    wide += "0,";
  }
  wide += "0]}";
  EXPECT_EQ(MessageOf(CableFromJson(wide, "wide")).substr(0, 26), "wide:1:2: unknown member '");
  EXPECT_LT(MaxRssKb() - before, 150 * 1024) << "max RSS grew by more than 150 MB";
}

}  // namespace
}  // namespace chancery::format
