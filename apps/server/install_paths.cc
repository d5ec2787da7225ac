#include "install_paths.h"

#include <filesystem>
#include <system_error>

namespace chancery::server {

namespace {

// The directory holds the built UI: index.html is what "/" serves.
bool HoldsWebUi(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::is_regular_file(dir / "index.html", ec);
}

}  // namespace

Result<std::string> SelfExecutable() {
  std::error_code ec;
  std::filesystem::path exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (ec) {
    return IoError("cannot read /proc/self/exe: " + ec.message());
  }
  return exe.string();
}

std::string InstalledWebRoot(std::string_view executable) {
  const std::filesystem::path exe(executable);
  return (exe.parent_path() / ".." / "share" / "chancery" / "web").lexically_normal().string();
}

Result<std::string> ResolveWebRoot(const ServerConfig& config, std::string_view executable,
                                   std::string* note) {
  if (config.web_root == "-") {
    return std::string();
  }
  if (!config.web_root.empty()) {
    std::error_code ec;
    if (!std::filesystem::is_directory(config.web_root, ec)) {
      return NotFound("web_root " + config.web_root + ": no such directory");
    }
    if (!HoldsWebUi(config.web_root)) {
      return NotFound("web_root " + config.web_root + ": no index.html in it");
    }
    return config.web_root;
  }
  if (executable.empty()) {
    if (note != nullptr) {
      *note =
          "no web UI: cannot locate the chanceryd executable; serving the API only "
          "(--web-root DIR serves one)";
    }
    return std::string();
  }
  const std::string installed = InstalledWebRoot(executable);
  if (HoldsWebUi(installed)) {
    return installed;
  }
  if (note != nullptr) {
    *note = "no web UI: tried " + installed +
            " (no index.html there); serving the API only (--web-root DIR serves one)";
  }
  return std::string();
}

}  // namespace chancery::server
