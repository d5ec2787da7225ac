#include "chancery/base/durable_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace chancery {
namespace {

Status ErrnoError(std::string_view what, const std::string& path) {
  return IoError(std::string(what) + " " + path + ": " + std::strerror(errno));
}

// Writes all of `content` to `fd`, retrying short writes.
bool WriteAll(int fd, std::string_view content) {
  while (!content.empty()) {
    ssize_t written = ::write(fd, content.data(), content.size());
    if (written < 0 && errno == EINTR) {
      continue;
    }
    if (written <= 0) {
      return false;
    }
    content.remove_prefix(static_cast<size_t>(written));
  }
  return true;
}

}  // namespace

Status WriteFileAndSync(const std::string& path, std::string_view content) {
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return ErrnoError("cannot create", path);
  }
  // fchmod: 0600 whatever the umask, and also when an older file was looser.
  if (::fchmod(fd, 0600) != 0 || !WriteAll(fd, content) || ::fsync(fd) != 0) {
    Status status = ErrnoError("cannot write", path);
    ::close(fd);
    return status;
  }
  if (::close(fd) != 0) {
    return ErrnoError("cannot close", path);
  }
  return Status::Ok();
}

Status ReplaceFileDurably(const std::string& path, std::string_view content) {
  const std::string temp = path + ".tmp";
  if (Status written = WriteFileAndSync(temp, content); !written.ok()) {
    ::unlink(temp.c_str());
    return written;
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    Status status = ErrnoError("cannot rename " + temp + " to", path);
    ::unlink(temp.c_str());
    return status;
  }
  const std::string dir = std::filesystem::path(path).parent_path().string();
  return SyncDirectory(dir.empty() ? "." : dir);
}

Status SyncDirectory(const std::string& dir) {
  int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    return ErrnoError("cannot open directory", dir);
  }
  int rc = ::fsync(fd);
  ::close(fd);
  if (rc != 0) {
    return ErrnoError("cannot sync directory", dir);
  }
  return Status::Ok();
}

Result<std::string> ReadWholeFile(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    if (ec) {
      return IoError("cannot stat " + path + ": " + ec.message());
    }
    return NotFound(path + " does not exist");
  }
  std::ifstream in(path, std::ios::binary);
  std::stringstream content;
  content << in.rdbuf();
  if (!in) {
    return IoError("cannot read " + path);
  }
  return content.str();
}

}  // namespace chancery
