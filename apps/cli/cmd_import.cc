// chancery import FILE|DIR...: formats detected per file; bad files reported, the rest continue.
#include <unistd.h>

#include <chrono>
#include <cstdio>

#include "chancery/base/strings.h"
#include "chancery/records/importer.h"
#include "cli.h"

namespace chancery::cli {

namespace {

struct ImportArgs {
  std::vector<std::string> paths;
  std::string current;  // --current-classification
  bool quiet = false;
};

int RunImport(const GlobalOptions& global, const ImportArgs& args) {
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
  const bool tty = isatty(STDERR_FILENO) != 0;
  const auto start = std::chrono::steady_clock::now();
  auto progress = [&](size_t done, size_t total) {
    if (!tty || total < 20 || (done % 10 != 0 && done != total)) {
      return;
    }
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::fprintf(stderr, "\rimporting: %zu/%zu files (%.0f files/s)", done, total,
                 secs > 0 ? static_cast<double>(done) / secs : 0.0);
    if (done == total) {
      std::fprintf(stderr, "\n");
    }
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
  std::fprintf(stderr, "imported %zu records from %zu files (%zu created, %zu updated), %zu failed\n",
               report->records, report->files, report->created, report->updated,
               report->errors.size());
  return report->errors.empty() ? kExitOk : kExitFailed;
}

}  // namespace

void RegisterImport(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("import", "import cables and archive records (administrative)");
  auto args = std::make_shared<ImportArgs>();
  cmd->add_option("paths", args->paths, "files or directories")->required();
  cmd->add_option("--current-classification", args->current,
                  "current label for records that give none (default: the public level)");
  cmd->add_flag("--quiet", args->quiet, "do not print the ids created");
  cmd->callback([&global, &run, args]() { run = [&global, args]() { return RunImport(global, *args); }; });
}

}  // namespace chancery::cli
