// `chancery audit witness`: a witness of an audit log (docs/format/audit-log.md §10). It keeps
// the last checkpoint it accepted in a state file, and accepts a new one only if it is signed by
// the log's key and a consistency proof from the source shows that it extends the old one. So a
// rewritten, truncated or forked log is caught by anyone who kept an older checkpoint.
#pragma once

#include <optional>
#include <string>

#include "cli.h"

namespace chancery::cli {

// Checks `source` against the state in `state_path` (created on the first run, which needs
// `key`). `source` is a chanceryd base URL ("http://host:port"), or a store: a SQLite file or a
// postgresql:// URL, opened with `global`'s --index and --keys (which a PostgreSQL store needs).
// Prints what it saw; returns 0 when the new checkpoint extends the old one (the state is then
// updated), 1 on an alarm or an error (the state is left as it was).
int RunWitness(const std::string& state_path, const std::optional<std::string>& key,
               const std::string& source, const GlobalOptions& global);

}  // namespace chancery::cli
