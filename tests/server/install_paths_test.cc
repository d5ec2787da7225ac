// Where an installed chanceryd finds its web UI (install_paths.h), and its open-file budget
// (open_files.h). The real binaries under real limits are tested in tests/install/.
#include "install_paths.h"

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <sys/resource.h>

#include "open_files.h"
#include "support/temp_dir.h"

namespace chancery::server {
namespace {

class WebRootTest : public ::testing::Test {
 protected:
  // <prefix>/bin/chanceryd, with <prefix>/share/chancery/web holding index.html when `ui`.
  std::string Install(bool ui) {
    std::filesystem::create_directories(prefix_ + "/bin");
    if (ui) {
      std::filesystem::create_directories(WebDir());
      std::ofstream(WebDir() + "/index.html") << "<!doctype html>";
    }
    return prefix_ + "/bin/chanceryd";
  }

  std::string WebDir() const { return prefix_ + "/share/chancery/web"; }

  Result<std::string> Resolve(const std::string& web_root, const std::string& exe) {
    ServerConfig config;
    config.web_root = web_root;
    return ResolveWebRoot(config, exe, &note_);
  }

  testing::TempDir dir_;
  std::string prefix_ = dir_.File("pre fix");
  std::string note_;
};

TEST(InstalledWebRootTest, IsShareChanceryWebBesideBin) {
  EXPECT_EQ(InstalledWebRoot("/usr/bin/chanceryd"), "/usr/share/chancery/web");
  EXPECT_EQ(InstalledWebRoot("/opt/my prefix/bin/chanceryd"), "/opt/my prefix/share/chancery/web");
}

TEST_F(WebRootTest, UnsetFindsTheInstalledUi) {
  const std::string exe = Install(/*ui=*/true);
  EXPECT_EQ(Resolve("", exe).value(), WebDir());
  EXPECT_EQ(note_, "");
}

TEST_F(WebRootTest, UnsetWithoutAnInstalledUiServesNoneAndNamesThePathTried) {
  const std::string exe = Install(/*ui=*/false);
  EXPECT_EQ(Resolve("", exe).value(), "");
  EXPECT_NE(note_.find("no web UI: tried " + WebDir()), std::string::npos) << note_;
}

TEST_F(WebRootTest, ExplicitWebRootWinsOverTheInstalledUi) {
  const std::string exe = Install(/*ui=*/true);
  std::filesystem::create_directories(dir_.File("other"));
  std::ofstream(dir_.File("other/index.html")) << "x";
  EXPECT_EQ(Resolve(dir_.File("other"), exe).value(), dir_.File("other"));
}

TEST_F(WebRootTest, DashServesNoUi) {
  EXPECT_EQ(Resolve("-", Install(/*ui=*/true)).value(), "");
}

TEST_F(WebRootTest, ExplicitWebRootThatIsNoUiDirectoryIsAnError) {
  const std::string exe = Install(/*ui=*/true);
  Result<std::string> missing = Resolve(dir_.File("nowhere"), exe);
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "web_root " + dir_.File("nowhere") + ": no such directory");
  EXPECT_EQ(Resolve(prefix_, exe).status().message(),
            "web_root " + prefix_ + ": no index.html in it");
}

TEST(OpenFilesTest, FrusStoreOnTwoCoresNeedsItsShardsPerSearchSlot) {
  ServerConfig config;  // threads 64, max_connections 10,000
  config.active_requests = 16;
  const OpenFileNeed need = NeededOpenFiles(config, 723);
  EXPECT_EQ(need.searches, 723u * 6 * 16);
  EXPECT_EQ(need.writer, 723u * 7);
  EXPECT_EQ(need.total, 69408u + 5061 + 10000 + 64 + 64);
}

TEST(OpenFilesTest, WarningNamesTheNumberAndWhatToRaiseOnlyWhenShort) {
  ServerConfig config;
  const OpenFileNeed need = NeededOpenFiles(config, 723);
  EXPECT_EQ(OpenFileWarning(need, {1024, need.total, need.total}), "");
  const std::string warning = OpenFileWarning(need, {1024, 1024, 1024});
  EXPECT_NE(warning.find("below the " + std::to_string(need.total)), std::string::npos);
  EXPECT_NE(warning.find("LimitNOFILE="), std::string::npos);
  EXPECT_NE(warning.find("723 index shards"), std::string::npos);
}

TEST(OpenFilesTest, RaisesTheSoftLimitToTheNeedButNotBeyondTheHardLimit) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  ASSERT_GE(saved.rlim_max, 512u);
  rlimit low = saved;
  low.rlim_cur = 256;
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  EXPECT_EQ(RaiseOpenFileLimit(300).value().soft, 300u);
  EXPECT_EQ(RaiseOpenFileLimit(200).value().soft, 300u);  // never lowered
  if (saved.rlim_max != RLIM_INFINITY) {
    EXPECT_EQ(RaiseOpenFileLimit(saved.rlim_max + 1).value().soft, saved.rlim_max);
  }
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
}

}  // namespace
}  // namespace chancery::server
