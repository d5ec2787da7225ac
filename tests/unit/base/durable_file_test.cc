// The durable whole-file writes of the store's and index's small files (base/durable_file.h).
#include "chancery/base/durable_file.h"

#include <filesystem>
#include <string>

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/temp_dir.h"

namespace chancery {
namespace {

namespace fs = std::filesystem;

mode_t ModeOf(const std::string& path) {
  struct stat st {};

  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

TEST(DurableFileTest, ReplaceWritesTheWholeContentOwnerOnlyAndLeavesNoTemporaryFile) {
  testing::TempDir dir;
  const std::string path = dir.File("applied_seq");
  const mode_t old_umask = ::umask(0);  // a permissive umask must not loosen the file
  Status s = ReplaceFileDurably(path, "41\n");
  ::umask(old_umask);
  ASSERT_TRUE(s.ok()) << s.ToString();
  EXPECT_EQ(*ReadWholeFile(path), "41\n");
  EXPECT_EQ(ModeOf(path), 0600u);

  ASSERT_TRUE(ReplaceFileDurably(path, "42\n").ok());
  EXPECT_EQ(*ReadWholeFile(path), "42\n");
  EXPECT_FALSE(fs::exists(path + ".tmp"));
}

TEST(DurableFileTest, ALooserOldFileIsReplacedByAnOwnerOnlyOne) {
  testing::TempDir dir;
  const std::string path = dir.File("store-id");
  ASSERT_TRUE(WriteFileAndSync(path, "old\n").ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  ASSERT_TRUE(ReplaceFileDurably(path, "new\n").ok());
  EXPECT_EQ(ModeOf(path), 0600u);
}

TEST(DurableFileTest, AFailedReplaceNamesTheFileAndLeavesTheOldContent) {
  testing::TempDir dir;
  const std::string path = dir.File("witness.json");
  ASSERT_TRUE(ReplaceFileDurably(path, "kept\n").ok());
  // The temporary name is taken by a directory: the write cannot even start.
  fs::create_directory(path + ".tmp");
  Status s = ReplaceFileDurably(path, "lost\n");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find(path + ".tmp"), std::string::npos) << s.message();
  EXPECT_EQ(*ReadWholeFile(path), "kept\n");
}

TEST(DurableFileTest, AMissingDirectoryIsAnIoErrorAndAMissingFileIsNotFound) {
  testing::TempDir dir;
  const std::string path = dir.File("no-such-dir/marker");
  Status s = ReplaceFileDurably(path, "1\n");
  EXPECT_EQ(s.code(), StatusCode::kIoError);
  EXPECT_NE(s.message().find("no-such-dir"), std::string::npos) << s.message();
  EXPECT_EQ(ReadWholeFile(path).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace chancery
