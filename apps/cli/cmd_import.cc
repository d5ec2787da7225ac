// chancery import FILE|DIR...: formats detected per file; bad files reported, the rest continue.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>

#include <unistd.h>

#include "chancery/archive/alerts.h"
#include "chancery/archive/authorities.h"
#include "chancery/archive/collections.h"
#include "chancery/base/strings.h"
#include "chancery/format/frus_tei.h"
#include "chancery/records/importer.h"

#include "cli.h"

namespace chancery::cli {

namespace {

constexpr int kExitUsage = 2;  // cli.h: 2 is a usage error

struct ImportArgs {
  std::vector<std::string> paths;
  std::string current;    // --current-classification
  std::string anomalies;  // --anomalies [FILE]: the report's TSV; "" = counts only
  bool quiet = false;
  bool dry_run = false;  // --dry-run or --anomalies: the corpus report, store nothing
};

// `chancery import --anomalies [F.tsv] PATH...` is the corpus report (a dry run). The option's
// one optional value is the TSV to write when it ends in ".tsv" or names nothing yet, so that
// `--anomalies DIR` and `--anomalies VOLUME.xml` read DIR or the volume and never overwrite it.
// Returns false (with a message) when no path is left to read.
bool ResolveAnomalies(bool given, ImportArgs* args) {
  if (given) {
    args->dry_run = true;
    const std::string& value = args->anomalies;
    std::error_code ec;
    const bool is_report = !value.empty() && !args->paths.empty() &&
                           (value.ends_with(".tsv") || !std::filesystem::exists(value, ec));
    if (!value.empty() && !is_report) {
      args->paths.insert(args->paths.begin(), value);
      args->anomalies.clear();
    }
  }
  if (args->paths.empty()) {
    std::fprintf(stderr, "chancery: import: give the files or directories to read\n");
    return false;
  }
  return true;
}

// Progress on stderr with files, records/s and ETA: on a terminal one line redrawn in place
// five times a second, elsewhere (logs, pipes) one line every ten seconds.
class ProgressLine {
 public:
  ProgressLine()
      : tty_(isatty(STDERR_FILENO) != 0), start_(std::chrono::steady_clock::now()), last_(start_) {}

  void Update(size_t done, size_t total, size_t records) {
    if (total < 2) {
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    const auto every = tty_ ? std::chrono::milliseconds(200) : std::chrono::milliseconds(10000);
    if ((done != total || !tty_) && now - last_ < every) {
      return;
    }
    last_ = now;
    const double secs = std::chrono::duration<double>(now - start_).count();
    const double rate = secs > 0 ? static_cast<double>(records) / secs : 0.0;
    const double eta =
        done > 0 ? secs * static_cast<double>(total - done) / static_cast<double>(done) : 0.0;
    std::fprintf(stderr, "%s[%3zu%%] %zu/%zu files, %zu records, %.0f records/s, ETA %.0fs%s",
                 tty_ ? "\r" : "", total ? 100 * done / total : 100, done, total, records, rate,
                 eta, tty_ ? "   " : "\n");
    if (tty_ && done == total) {
      std::fprintf(stderr, "\n");
    }
  }

 private:
  bool tty_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
};

// Writes each anomaly as a TSV row (file, document, line, kind, message) under a header row.
bool WriteAnomalies(const std::string& path, const records::ImportReport& report) {
  std::ofstream out(path);
  out << "file\tdocument\tline\tkind\tmessage\n";
  for (const auto& a : report.anomalies) {
    out << a.file << '\t' << a.document << '\t' << a.line << '\t' << a.kind << '\t' << a.message
        << '\n';
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "chancery: cannot write %s\n", path.c_str());
    return false;
  }
  return true;
}

// After a real import: the anomalies by kind on stderr, and where the full list comes from.
void SummarizeAnomalies(const records::ImportReport& report) {
  if (report.anomalies.empty()) {
    return;
  }
  std::map<std::string, size_t> by_kind;
  for (const auto& a : report.anomalies) {
    ++by_kind[a.kind];
  }
  std::string summary;
  for (const auto& [kind, count] : by_kind) {
    summary += (summary.empty() ? "" : ", ") + kind + " " + std::to_string(count);
  }
  std::fprintf(stderr, "anomalies (records kept): %s\n", summary.c_str());
  std::fprintf(stderr,
               "(`chancery import --anomalies F.tsv PATH...` writes the full list, storing "
               "nothing)\n");
}

// --anomalies or --dry-run: the corpus report. Parses every FRUS TEI volume (other files are
// skipped) and prints its anomalies by kind, with the number of documents, and writes each to the
// TSV when one is named; opens no store.
int RunDryRun(const ImportArgs& args) {
  auto files = records::ListImportFiles(args.paths);
  if (!files.ok()) {
    return Fail(files.status());
  }
  records::ImportReport report;
  size_t skipped = 0;
  ProgressLine line;
  for (const std::string& path : *files) {
    ++report.files;
    auto text = format::ReadFileMaybeZstd(path);
    if (!text.ok()) {
      report.errors.push_back({path, text.status().ToString()});
    } else if (!format::LooksLikeFrusTei(path, std::string_view(*text).substr(0, 4096))) {
      ++skipped;
    } else if (auto volume = format::ParseFrusVolume(*text, path); !volume.ok()) {
      report.errors.push_back({path, volume.status().ToString()});
    } else {
      report.documents += volume->documents.size();
      for (const auto& a : volume->anomalies) {
        report.anomalies.push_back({path, a.document, a.line, a.kind, a.message});
      }
    }
    line.Update(report.files, files->size(), report.documents);
  }
  for (const auto& error : report.errors) {
    std::fprintf(stderr, "%s\n", error.message.c_str());
  }
  std::map<std::string, size_t> by_kind;
  for (const auto& a : report.anomalies) {
    ++by_kind[a.kind];
  }
  std::printf(
      "dry run: %zu FRUS documents in %zu files (%zu other files skipped), nothing stored\n",
      report.documents, report.files - skipped - report.errors.size(), skipped);
  for (const auto& [kind, count] : by_kind) {
    std::printf("%-24s %zu\n", kind.c_str(), count);
  }
  const bool written = args.anomalies.empty() || WriteAnomalies(args.anomalies, report);
  return report.errors.empty() && written ? kExitOk : kExitFailed;
}

int RunImport(const GlobalOptions& global, const ImportArgs& args) {
  if (args.dry_run) {
    return RunDryRun(args);
  }
  auto records = OpenRecords(global);
  if (!records.ok()) {
    return Fail(records.status());
  }
  records::ImportOptions options;
  if (!args.current.empty()) {
    model::Label label;
    label.classification = args.current;
    options.current_label = label;
  }
  ProgressLine line;
  auto progress = [&](size_t done, size_t total, size_t stored) {
    line.Update(done, total, stored);
  };
  auto report = records::ImportPaths(**records, Operator(**records), args.paths, options, progress);
  if (!report.ok()) {
    return Fail(report.status());
  }
  if (!args.quiet) {
    for (const std::string& id : report->ids) {
      std::printf("%s\n", id.c_str());
    }
  }
  for (const auto& error : report->errors) {
    std::fprintf(stderr, "%s\n", error.message.c_str());
  }
  SummarizeAnomalies(*report);
  std::fprintf(stderr,
               "imported %zu record%s from %zu file%s (%zu created, %zu updated, %zu unchanged), "
               "%zu failed\n",
               report->records, report->records == 1 ? "" : "s", report->files,
               report->files == 1 ? "" : "s", report->created, report->updated, report->unchanged,
               report->errors.size());
  if (!report->index_status.ok()) {
    // The records are stored: the index is derived and catches up later (docs/search.md).
    std::fprintf(stderr,
                 "chancery: warning: the search index could not follow now (%s); the next "
                 "search or `chancery reindex` indexes these records\n",
                 report->index_status.ToString().c_str());
  }
  // The browse index (docs/archive.md "Browsing") follows the change log: catch it up now, so
  // the first reader of a table of contents does not pay for this import.
  if (auto collections = archive::Collections::Open(**records); collections.ok()) {
    if (const Status caught = (*collections)->CatchUp(); !caught.ok()) {
      std::fprintf(stderr,
                   "chancery: warning: collections not updated now (%s); the next read does it\n",
                   caught.ToString().c_str());
    }
  }
  // Name authorities link the persons of public records from the change log (docs/authorities.md
  // "Linking"): link now, so a record relabelled by this import stops naming its people to the
  // public at once, not at the next `chancery authority link` (adversarial review A1).
  if (auto authorities = archive::Authorities::Open(**records); authorities.ok()) {
    if (auto linked = (*authorities)->Link(Operator(**records)); !linked.ok()) {
      std::fprintf(stderr,
                   "chancery: warning: authorities not linked now (%s); run `chancery authority "
                   "link`\n",
                   linked.status().ToString().c_str());
    }
  }
  // Saved searches (docs/alerts.md) are matched against what this import wrote, now: the import
  // pays for its alerts, not the next reader of a feed.
  if (auto alerts = archive::Alerts::Open(**records); alerts.ok()) {
    if (auto run = (*alerts)->Run(); !run.ok()) {
      std::fprintf(stderr,
                   "chancery: warning: alerts not evaluated now (%s); the next read does it\n",
                   run.status().ToString().c_str());
    }
  }
  WarnIfUnsigned(**records);
  return report->errors.empty() ? kExitOk : kExitFailed;
}

}  // namespace

void RegisterImport(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("import", "import cables and archive records (administrative)");
  auto args = std::make_shared<ImportArgs>();
  cmd->add_option("paths", args->paths, "files or directories");
  cmd->add_option("--current-classification", args->current,
                  "current label for records that give none (default: the public level)");
  CLI::Option* anomalies =
      cmd->add_option("--anomalies", args->anomalies,
                      "the corpus report (stores nothing): anomalies by kind, and each one in "
                      "F.tsv when given")
          ->expected(0, 1)
          ->type_name("[F.tsv]");
  cmd->add_flag("--quiet", args->quiet, "do not print the ids created");
  cmd->add_flag("--dry-run", args->dry_run,
                "parse FRUS TEI volumes and report anomalies by kind; store nothing");
  cmd->callback([&global, &run, args, anomalies]() {
    if (!ResolveAnomalies(anomalies->count() > 0, args.get())) {
      run = []() { return kExitUsage; };
      return;
    }
    run = [&global, args]() { return RunImport(global, *args); };
  });
}

}  // namespace chancery::cli
