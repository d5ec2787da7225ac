#include "chancery/records/importer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "chancery/format/archive_record.h"
#include "chancery/format/cable_text.h"
#include "chancery/format/detect.h"
#include "chancery/format/json.h"

namespace chancery::records {

namespace {

namespace fs = std::filesystem;

constexpr size_t kGroupRecords = 500;

struct ParsedFile {
  std::string path;
  std::vector<model::Cable> cables;
};

Status CollectFiles(const std::vector<std::string>& paths, std::vector<std::string>* out) {
  for (const std::string& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::recursive_directory_iterator(p, ec)) {
        if (entry.is_regular_file()) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      out->insert(out->end(), found.begin(), found.end());
    } else if (fs::is_regular_file(p, ec)) {
      out->push_back(p);
    } else {
      return NotFound(p + ": no such file or directory");
    }
  }
  return Status::Ok();
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return IoError(path + ": cannot open");
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Result<std::vector<model::Cable>> ParseFile(const std::string& path) {
  CHANCERY_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  switch (format::DetectFormat(path, text)) {
    case format::InputFormat::kCableText: {
      CHANCERY_ASSIGN_OR_RETURN(model::Cable c, format::ParseCableText(text, path));
      if (c.id.empty()) {
        c.id = format::DeriveId(text);
      }
      return std::vector<model::Cable>{std::move(c)};
    }
    case format::InputFormat::kArchiveRecord: {
      CHANCERY_ASSIGN_OR_RETURN(model::Cable c, format::ParseArchiveRecord(text, path));
      return std::vector<model::Cable>{std::move(c)};
    }
    case format::InputFormat::kJsonLines:
      return format::CablesFromJsonLines(text, path);
    case format::InputFormat::kUnknown:
      break;
  }
  return InvalidArgument(path + ": unrecognized format (expected Chancery cable text, an "
                         "archive record or JSON Lines)");
}

void Tally(const ImportResult& result, ImportReport* report) {
  for (size_t i = 0; i < result.ids.size(); ++i) {
    report->ids.push_back(result.ids[i]);
    ++report->records;
    if (result.versions[i] == 1) {
      ++report->created;
    } else {
      ++report->updated;
    }
  }
}

bool IsFileError(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kCorruption;
}

// Imports a group of parsed files in one call; on a per-record error retries each file alone.
Status FlushGroup(Records& records, const security::Subject& actor, const ImportOptions& options,
                  std::vector<ParsedFile>* group, ImportReport* report) {
  std::vector<model::Cable> all;
  for (const ParsedFile& f : *group) {
    all.insert(all.end(), f.cables.begin(), f.cables.end());
  }
  Result<ImportResult> result = records.Import(actor, std::move(all), options);
  if (result.ok()) {
    Tally(*result, report);
    group->clear();
    return Status::Ok();
  }
  if (!IsFileError(result.status())) {
    return result.status();
  }
  for (ParsedFile& f : *group) {
    Result<ImportResult> one = records.Import(actor, std::move(f.cables), options);
    if (one.ok()) {
      Tally(*one, report);
    } else if (IsFileError(one.status())) {
      report->errors.push_back({f.path, f.path + ": " + std::string(one.status().message())});
    } else {
      return one.status();
    }
  }
  group->clear();
  return Status::Ok();
}

}  // namespace

Result<ImportReport> ImportPaths(Records& records, const security::Subject& actor,
                                 const std::vector<std::string>& paths,
                                 const ImportOptions& options, const ImportProgress& progress) {
  std::vector<std::string> files;
  CHANCERY_RETURN_IF_ERROR(CollectFiles(paths, &files));
  ImportReport report;
  std::vector<ParsedFile> group;
  size_t group_records = 0;
  for (const std::string& path : files) {
    ++report.files;
    Result<std::vector<model::Cable>> parsed = ParseFile(path);
    if (!parsed.ok()) {
      std::string message(parsed.status().message());
      if (message.rfind(path, 0) != 0) {
        message = path + ": " + message;
      }
      report.errors.push_back({path, message});
    } else {
      group_records += parsed->size();
      group.push_back({path, std::move(parsed).value()});
    }
    if (group_records >= kGroupRecords) {
      CHANCERY_RETURN_IF_ERROR(FlushGroup(records, actor, options, &group, &report));
      group_records = 0;
    }
    if (progress) {
      progress(report.files, files.size());
    }
  }
  CHANCERY_RETURN_IF_ERROR(FlushGroup(records, actor, options, &group, &report));
  return report;
}

}  // namespace chancery::records
