// Importing files: walks files and directories, detects each file's format
// (format::DetectFormat), parses it, and stores the records through Records::Import. A bad file
// is reported (file:line:col: message) and the rest continue; nothing already stored is lost.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/records/records.h"

namespace chancery::records {

struct FileError {
  std::string file;
  std::string message;  // "file:line:col: message" or "file: message"
};

struct ImportReport {
  size_t files = 0;          // files examined
  size_t records = 0;        // records stored (created or updated)
  size_t created = 0;
  size_t updated = 0;
  std::vector<std::string> ids;  // in file order
  std::vector<FileError> errors;
};

// Called after each file with (files done, files total).
using ImportProgress = std::function<void(size_t, size_t)>;

// Imports every regular file named or found (recursively, sorted by path) under `paths`. Files
// are committed in groups; a group that fails is retried file by file so that only the bad
// files are reported. Errors that are not about one file (the store is unavailable) are
// returned as a Status.
Result<ImportReport> ImportPaths(Records& records, const security::Subject& actor,
                                 const std::vector<std::string>& paths,
                                 const ImportOptions& options, const ImportProgress& progress);

}  // namespace chancery::records
