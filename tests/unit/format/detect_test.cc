// Unit tests of input format detection (docs/format/json.md §Detection).
#include "chancery/format/detect.h"

#include <string_view>

#include <gtest/gtest.h>

namespace chancery::format {
namespace {

constexpr std::string_view kArchive =
    "\n\nMarch 13, 1963\n\nA title\n\nCitation:\n\n\"A title\", 1963\n";

TEST(DetectFormat, JsonlExtensionIsJsonLines) {
  EXPECT_EQ(DetectFormat("export.jsonl", "anything"), InputFormat::kJsonLines);
  EXPECT_EQ(DetectFormat("EXPORT.JSONL", ""), InputFormat::kJsonLines);
}

TEST(DetectFormat, LeadingBraceIsJsonLines) {
  EXPECT_EQ(DetectFormat("in.txt", "  \n{\"id\":\"x\"}\n"), InputFormat::kJsonLines);
}

TEST(DetectFormat, CitationSectionIsArchiveRecord) {
  EXPECT_EQ(DetectFormat("000.txt", kArchive), InputFormat::kArchiveRecord);
}

TEST(DetectFormat, ArchiveRecordWinsOverCableExtension) {
  EXPECT_EQ(DetectFormat("odd.cable", kArchive), InputFormat::kArchiveRecord);
}

TEST(DetectFormat, CableExtensionIsCableText) {
  EXPECT_EQ(DetectFormat("a.cable", "Just some text"), InputFormat::kCableText);
}

TEST(DetectFormat, HeaderLineIsCableText) {
  EXPECT_EQ(DetectFormat("a.txt", "\nId: arc-1\nSubject: x\n\nBody.\n"), InputFormat::kCableText);
  EXPECT_EQ(DetectFormat("", "X-Custom_Key: v\n"), InputFormat::kCableText);
}

TEST(DetectFormat, ProseIsUnknown) {
  EXPECT_EQ(DetectFormat("a.txt", "Dear Minister, we write: about"), InputFormat::kUnknown);
  EXPECT_EQ(DetectFormat("a.txt", ""), InputFormat::kUnknown);
  EXPECT_EQ(DetectFormat("a.txt", ": no key\n"), InputFormat::kUnknown);
}

}  // namespace
}  // namespace chancery::format
