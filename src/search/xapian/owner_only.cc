#include "search/xapian/owner_only.h"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <sys/stat.h>

namespace chancery::search::internal {
namespace {

constexpr mode_t kDirMode = 0700;
constexpr mode_t kFileMode = 0600;

// Sets `path` to `mode` unless it already is; false if that failed.
bool SetMode(const std::string& path, mode_t mode) {
  struct stat st {};

  if (::lstat(path.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) {
    return false;
  }
  return (st.st_mode & 07777) == mode || ::chmod(path.c_str(), mode) == 0;
}

}  // namespace

Status RestrictIndexDirectory(const std::string& dir) {
  struct stat st {};

  if (::stat(dir.c_str(), &st) != 0) {
    return IoError("cannot stat search index directory " + dir + ": " + std::strerror(errno));
  }
  if ((st.st_mode & 07777) == kDirMode) {
    return Status::Ok();
  }
  if (::chmod(dir.c_str(), kDirMode) != 0) {
    return IoError("cannot restrict search index directory " + dir +
                   " to its owner: " + std::strerror(errno));
  }
  RestrictTree(dir);
  return Status::Ok();
}

void RestrictTree(const std::string& dir) {
  (void)SetMode(dir, kDirMode);
  std::error_code ec;
  for (std::filesystem::recursive_directory_iterator it(dir, ec), end; !ec && it != end;
       it.increment(ec)) {
    std::error_code type_ec;
    const bool is_dir = it->is_directory(type_ec) && !it->is_symlink(type_ec);
    (void)SetMode(it->path().string(), is_dir ? kDirMode : kFileMode);
  }
}

void RestrictFiles(const std::string& dir) {
  std::error_code ec;
  for (std::filesystem::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::error_code type_ec;
    if (it->is_regular_file(type_ec)) {
      (void)SetMode(it->path().string(), kFileMode);
    }
  }
}

}  // namespace chancery::search::internal
