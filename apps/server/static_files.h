// Static files of the web UI from a web root: content types by extension, index.html for a
// directory (never a listing), and no path outside the root (".." segments, NUL bytes and
// symlinks leading out are refused as not found).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "chancery/base/result.h"

namespace chancery::server {

struct StaticFile {
  std::string body;
  std::string content_type;
};

// The file for the decoded URL `path` ("/", "/app.js", "/records/x" is not a file) under `root`.
// kNotFound "no file PATH" for anything missing or refused; kInvalidArgument never.
Result<StaticFile> ReadStatic(const std::string& root, std::string_view path);

// Where a record permalink "/records/<id>" (the form citations give) leads: "/#/record/<id>",
// the web UI's page of that record, which says "Record not found" for a record that does not
// exist or may not be read. nullopt for any other path or an invalid id (model::IsValidId).
std::optional<std::string> PermalinkTarget(std::string_view path);

// "text/html; charset=utf-8" for ".html", ...; "application/octet-stream" when unknown.
std::string_view ContentTypeFor(std::string_view path);

}  // namespace chancery::server
