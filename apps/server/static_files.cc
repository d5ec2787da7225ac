#include "static_files.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "chancery/model/cable.h"

namespace chancery::server {

namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool SafeRelative(std::string_view path) {
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return false;
  }
  size_t start = 0;
  while (start <= path.size()) {
    const size_t slash = path.find('/', start);
    const std::string_view segment = path.substr(
        start, slash == std::string_view::npos ? std::string_view::npos : slash - start);
    if (segment == ".." || segment == "." || (!segment.empty() && segment[0] == '.'))
      return false;
    if (slash == std::string_view::npos)
      break;
    start = slash + 1;
  }
  return true;
}

}  // namespace

std::string_view ContentTypeFor(std::string_view path) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".map", "application/json"},
  };
  for (const auto& [ext, type] : kTypes) {
    if (EndsWith(path, ext))
      return type;
  }
  return "application/octet-stream";
}

std::optional<std::string> PermalinkTarget(std::string_view path) {
  constexpr std::string_view kPrefix = "/records/";
  if (path.substr(0, kPrefix.size()) != kPrefix) {
    return std::nullopt;
  }
  std::string_view id = path.substr(kPrefix.size());
  if (!id.empty() && id.back() == '/') {
    id.remove_suffix(1);
  }
  // Ids are [A-Za-z0-9._:-]: safe in a URL fragment as they are.
  if (!model::IsValidId(id)) {
    return std::nullopt;
  }
  return "/#/record/" + std::string(id);
}

Result<StaticFile> ReadStatic(const std::string& root, std::string_view path) {
  const Status missing = NotFound("no file " + std::string(path));
  if (root.empty() || path.empty() || path[0] != '/' || !SafeRelative(path.substr(1))) {
    return missing;
  }
  std::error_code ec;
  const std::filesystem::path base = std::filesystem::canonical(root, ec);
  if (ec)
    return missing;
  std::filesystem::path file = base / std::filesystem::path(std::string(path.substr(1)));
  if (std::filesystem::is_directory(file, ec))
    file /= "index.html";
  const std::filesystem::path real = std::filesystem::canonical(file, ec);
  if (ec || !std::filesystem::is_regular_file(real, ec))
    return missing;
  // A symlink inside the root must not lead out of it.
  const std::string real_text = real.string();
  if (real_text.compare(0, base.string().size() + 1, base.string() + "/") != 0)
    return missing;
  std::ifstream in(real, std::ios::binary);
  if (!in)
    return missing;
  std::ostringstream out;
  out << in.rdbuf();
  return StaticFile{out.str(), std::string(ContentTypeFor(real_text))};
}

}  // namespace chancery::server
