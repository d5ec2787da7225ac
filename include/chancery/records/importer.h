// Importing files: walks files and directories, detects each file's format
// (format::DetectFormat), parses it, and stores the records through Records::Import. A bad file
// is reported (file:line:col: message) and the rest continue; nothing already stored is lost.
#pragma once

#include <cstddef>
#include <cstdint>
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

// Something odd in an input that did not stop its records from being imported, e.g. an
// impossible date in a FRUS document (docs/format/frus-tei.md §Anomalies).
struct ImportAnomaly {
  std::string file;
  std::string document;  // document id within the file, if any
  int64_t line = 0;      // 0 when unknown
  std::string kind;      // stable kind: "invalid-date", "undated", ...
  std::string message;
};

struct ImportReport {
  size_t files = 0;      // files examined
  size_t documents = 0;  // documents parsed from readable files
  size_t records = 0;    // records imported (created, updated or unchanged)
  size_t created = 0;
  size_t updated = 0;    // changed: the earlier version is kept
  size_t unchanged = 0;  // identical to the stored record: nothing written
  // OK, or why the search index could not follow (the records are stored; the next catch-up
  // or `chancery reindex` indexes them).
  Status index_status;
  std::vector<std::string> ids;  // in file order
  std::vector<FileError> errors;
  std::vector<ImportAnomaly> anomalies;
};

// The regular files named or found (recursively, sorted by path) under `paths`, in the order
// ImportPaths reads them. kNotFound naming a path that is neither a file nor a directory.
Result<std::vector<std::string>> ListImportFiles(const std::vector<std::string>& paths);

// Called after each file with (files done, files total, records stored so far).
using ImportProgress = std::function<void(size_t, size_t, size_t)>;

// Imports every regular file named or found (recursively, sorted by path) under `paths`. Files
// are read (.zst decompressed) and parsed on all cores while this thread writes them, in file
// order, in groups; a group that fails is retried file by file so that only the bad
// files are reported. Errors that are not about one file (the store is unavailable) are
// returned as a Status.
Result<ImportReport> ImportPaths(Records& records, const security::Subject& actor,
                                 const std::vector<std::string>& paths,
                                 const ImportOptions& options, const ImportProgress& progress);

}  // namespace chancery::records
