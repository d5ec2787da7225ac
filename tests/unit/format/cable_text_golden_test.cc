// Golden tests: every tests/testdata/cable/NAME.cable renders canonically to NAME.golden
// (docs/format/cable-text.md §8). Run with CHANCERY_REGEN_GOLDEN=1 to rewrite the .golden files,
// then review the diff. Also checks every example in examples/cables/.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "chancery/format/cable_text.h"
#include "chancery/model/cable.h"

#include "support/temp_dir.h"

namespace chancery::format {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> CableFiles(const fs::path& dir) {
  std::vector<fs::path> files;
  for (const auto& entry : fs::directory_iterator(dir)) {
    if (entry.path().extension() == ".cable") {
      files.push_back(entry.path());
    }
  }
  std::sort(files.begin(), files.end());
  return files;
}

bool Regenerating() {
  const char* flag = std::getenv("CHANCERY_REGEN_GOLDEN");
  return flag != nullptr && std::string(flag) == "1";
}

const fs::path kGoldenDir = fs::path(CHANCERY_SOURCE_DIR) / "tests/testdata/cable";
const fs::path kExampleDir = fs::path(CHANCERY_SOURCE_DIR) / "examples/cables";

TEST(CableTextGolden, EveryInputRendersToItsGoldenFile) {
  const std::vector<fs::path> inputs = CableFiles(kGoldenDir);
  ASSERT_GE(inputs.size(), 3u);
  for (const fs::path& input : inputs) {
    const Result<model::Cable> cable =
        ParseCableText(testing::ReadFileOrDie(input.string()), input.filename().string());
    ASSERT_TRUE(cable.ok()) << cable.status().ToString();
    const std::string rendered = RenderCableText(*cable);
    fs::path golden = input;
    golden.replace_extension(".golden");
    if (Regenerating()) {
      testing::WriteFileOrDie(golden.string(), rendered);
    }
    EXPECT_EQ(rendered, testing::ReadFileOrDie(golden.string())) << golden;
  }
}

TEST(CableTextGolden, GoldenFilesAreFixedPoints) {
  for (const fs::path& input : CableFiles(kGoldenDir)) {
    fs::path golden = input;
    golden.replace_extension(".golden");
    const std::string text = testing::ReadFileOrDie(golden.string());
    const Result<model::Cable> cable = ParseCableText(text, golden.filename().string());
    ASSERT_TRUE(cable.ok()) << cable.status().ToString();
    EXPECT_EQ(RenderCableText(*cable), text) << golden;
  }
}

TEST(CableTextExamples, EveryExampleParsesValidatesAndRoundTrips) {
  const std::vector<fs::path> examples = CableFiles(kExampleDir);
  ASSERT_EQ(examples.size(), 8u);
  for (const fs::path& path : examples) {
    const Result<model::Cable> cable =
        ParseCableText(testing::ReadFileOrDie(path.string()), path.filename().string());
    ASSERT_TRUE(cable.ok()) << cable.status().ToString();
    EXPECT_TRUE(model::Validate(*cable).ok()) << path;
    EXPECT_TRUE(cable->unparsed_headers.empty()) << path;
    const Result<model::Cable> again = ParseCableText(RenderCableText(*cable));
    ASSERT_TRUE(again.ok()) << again.status().ToString();
    EXPECT_EQ(*again, *cable) << path;
  }
}

TEST(CableTextExamples, ReplyReferencesAnotherExampleById) {
  std::vector<std::string> ids;
  std::vector<std::string> targets;
  for (const fs::path& path : CableFiles(kExampleDir)) {
    const Result<model::Cable> cable = ParseCableText(testing::ReadFileOrDie(path.string()));
    ASSERT_TRUE(cable.ok()) << cable.status().ToString();
    ids.push_back(cable->id);
    for (const model::Reference& ref : cable->references) {
      targets.push_back(ref.target);
    }
  }
  ASSERT_FALSE(targets.empty());
  for (const std::string& target : targets) {
    EXPECT_NE(std::find(ids.begin(), ids.end(), target), ids.end()) << target;
  }
}

}  // namespace
}  // namespace chancery::format
