// Runs the `chancery` binary black-box (STYLE.md §3.5): arguments in, exit code and output out.
#pragma once

#include <string>
#include <vector>

namespace chancery::testing {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs CHANCERY_CLI_PATH with `args` (no shell; arguments passed verbatim) and `env` entries
// ("KEY=VALUE") added to the environment. Captures stdout and stderr.
CliResult RunCli(const std::vector<std::string>& args, const std::vector<std::string>& env = {});

// Starts the CLI without waiting; returns its pid. Output goes to /dev/null.
int StartCli(const std::vector<std::string>& args);

}  // namespace chancery::testing
