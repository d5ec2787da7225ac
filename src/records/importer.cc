#include "chancery/records/importer.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <future>
#include <thread>
#include <utility>

#include "chancery/format/archive_record.h"
#include "chancery/format/cable_text.h"
#include "chancery/format/detect.h"
#include "chancery/format/frus_tei.h"
#include "chancery/format/json.h"

namespace chancery::records {

namespace {

namespace fs = std::filesystem;

constexpr size_t kGroupRecords = 500;

// One file, parsed on a worker thread.
struct ParsedFile {
  std::string path;
  Status error;  // the file could not be read or parsed at all
  std::vector<model::Cable> cables;
  std::vector<ImportAnomaly> anomalies;
  bool published = false;  // an archive publication: unlabelled records are public
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

}  // namespace

Result<std::vector<std::string>> ListImportFiles(const std::vector<std::string>& paths) {
  std::vector<std::string> out;
  CHANCERY_RETURN_IF_ERROR(CollectFiles(paths, &out));
  return out;
}

namespace {

Status ParseInto(const std::string& path, ParsedFile* file) {
  CHANCERY_ASSIGN_OR_RETURN(std::string text, format::ReadFileMaybeZstd(path));
  // Issue 11 finding 15: an empty file (nothing but white space) is a mistake, not a record.
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("empty file");
  }
  switch (format::DetectFormat(path, text)) {
    case format::InputFormat::kCableText: {
      CHANCERY_ASSIGN_OR_RETURN(model::Cable c, format::ParseCableText(text, path));
      if (c.id.empty()) {
        c.id = format::DeriveId(text);
      }
      file->cables.push_back(std::move(c));
      return Status::Ok();
    }
    case format::InputFormat::kArchiveRecord: {
      CHANCERY_ASSIGN_OR_RETURN(model::Cable c, format::ParseArchiveRecord(text, path));
      file->cables.push_back(std::move(c));
      file->published = true;
      return Status::Ok();
    }
    case format::InputFormat::kJsonLines: {
      CHANCERY_ASSIGN_OR_RETURN(file->cables, format::CablesFromJsonLines(text, path));
      return Status::Ok();
    }
    case format::InputFormat::kFrusTei: {
      CHANCERY_ASSIGN_OR_RETURN(format::FrusVolume volume, format::ParseFrusVolume(text, path));
      file->cables = std::move(volume.documents);
      file->published = true;
      for (auto& a : volume.anomalies) {
        file->anomalies.push_back({path, a.document, a.line, a.kind, a.message});
      }
      return Status::Ok();
    }
    case format::InputFormat::kUnknown:
      break;
  }
  return InvalidArgument(
      "unrecognized format (expected Chancery cable text, an archive record, "
      "JSON Lines or a FRUS TEI volume)");
}

ParsedFile ParseFile(const std::string& path) {
  ParsedFile file;
  file.path = path;
  file.error = ParseInto(path, &file);
  return file;
}

void Tally(const ImportResult& result, ImportReport* report) {
  for (size_t i = 0; i < result.ids.size(); ++i) {
    report->ids.push_back(result.ids[i]);
    ++report->records;
    if (result.versions[i] == 1) {
      ++report->created;
    } else if (result.versions[i] == 0) {
      ++report->unchanged;
    } else {
      ++report->updated;
    }
  }
  if (!result.index_status.ok() && report->index_status.ok()) {
    report->index_status = result.index_status;
  }
}

// Archive records and FRUS documents are published records: their markings are history, and
// unless the import says otherwise their current label is the public level.
void Publish(const security::Policy& policy, const ImportOptions& options,
             std::vector<model::Cable>* cables) {
  model::Label label;
  label.classification = policy.public_level;
  const model::Label& current = options.current_label.has_value() ? *options.current_label : label;
  for (model::Cable& c : *cables) {
    if (c.current_label.Empty()) {
      c.current_label = current;
    }
  }
}

bool IsFileError(const Status& s) {
  return s.code() == StatusCode::kInvalidArgument || s.code() == StatusCode::kCorruption;
}

std::string WithPath(const std::string& path, std::string_view message) {
  std::string m(message);
  return m.rfind(path, 0) == 0 ? m : path + ": " + m;
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
      report->errors.push_back({f.path, WithPath(f.path, one.status().message())});
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
  // Parse on every core, write on this thread in file order: a bounded window of parses runs
  // ahead of the writer (docs/architecture.md §Data flow).
  const size_t window = std::max<size_t>(2, 2 * std::thread::hardware_concurrency());
  std::deque<std::future<ParsedFile>> pending;
  size_t next = 0;
  std::vector<ParsedFile> group;
  size_t group_records = 0;
  while (next < files.size() || !pending.empty()) {
    while (next < files.size() && pending.size() < window) {
      pending.push_back(std::async(std::launch::async, ParseFile, files[next++]));
    }
    ParsedFile parsed = pending.front().get();
    pending.pop_front();
    ++report.files;
    report.anomalies.insert(report.anomalies.end(), parsed.anomalies.begin(),
                            parsed.anomalies.end());
    if (!parsed.error.ok()) {
      report.errors.push_back({parsed.path, WithPath(parsed.path, parsed.error.message())});
    } else {
      if (parsed.published) {
        Publish(records.policy(), options, &parsed.cables);
      }
      report.documents += parsed.cables.size();
      group_records += parsed.cables.size();
      group.push_back(std::move(parsed));
    }
    if (group_records >= kGroupRecords) {
      CHANCERY_RETURN_IF_ERROR(FlushGroup(records, actor, options, &group, &report));
      group_records = 0;
    }
    if (progress) {
      progress(report.files, files.size(), report.records);
    }
  }
  CHANCERY_RETURN_IF_ERROR(FlushGroup(records, actor, options, &group, &report));
  if (progress) {
    progress(report.files, files.size(), report.records);
  }
  return report;
}

}  // namespace chancery::records
