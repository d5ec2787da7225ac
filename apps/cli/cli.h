// Shared pieces of the `chancery` command line: the global options, opening the store, and
// turning a Status into an exit code. Each verb lives in its own cmd_<verb>.cc.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "chancery/base/result.h"
#include "chancery/records/records.h"

namespace chancery::cli {

struct GlobalOptions {
  std::string db;     // --db, else $CHANCERY_DB, else ./chancery.db (or a postgresql:// URL)
  std::string index;  // --index, else $CHANCERY_INDEX; default beside a SQLite file
  std::string keys;   // --keys, else $CHANCERY_KEYS; required with a PostgreSQL URL
};

// Exit codes: 0 success, 1 the operation failed, 2 usage error.
constexpr int kExitOk = 0;
constexpr int kExitFailed = 1;

// Prints "chancery: <status>" to stderr and returns kExitFailed.
int Fail(const Status& status);

Result<std::unique_ptr<records::Records>> OpenRecords(const GlobalOptions& global);
// The records options --db, --index and --keys describe (not yet validated).
records::RecordsOptions RecordsOptionsFor(const GlobalOptions& global);
// The folder of users' signing keys: beside a SQLite file, or keys/ under --keys.
std::string KeyDir(const GlobalOptions& global);
// The subject for --as USER, or the public reader when `as` is empty.
Result<security::Subject> SubjectFor(records::Records& records, const std::string& as);
// Signs an audit checkpoint after a mutation; if it cannot (no key here, or an audit alarm),
// prints a warning: the mutation itself stands, and `audit verify` reports what is uncovered.
void WarnIfUnsigned(records::Records& records);
// The local operator running administrative verbs: "admin:<login name>".
security::Subject Operator(const records::Records& records);

// Each Register* adds its subcommands to `app`; the callback stored in *run runs the chosen one.
using Runner = std::function<int()>;
void RegisterInit(CLI::App& app, GlobalOptions& global, Runner& run);
void RegisterImport(CLI::App& app, GlobalOptions& global, Runner& run);
void RegisterUser(CLI::App& app, GlobalOptions& global, Runner& run);
void RegisterShow(CLI::App& app, GlobalOptions& global, Runner& run);
void RegisterSearch(CLI::App& app, GlobalOptions& global, Runner& run);
void RegisterList(CLI::App& app, GlobalOptions& global, Runner& run);
void RegisterAudit(CLI::App& app, GlobalOptions& global, Runner& run);
void RegisterReindex(CLI::App& app, GlobalOptions& global, Runner& run);
// chancery file add|carry|list|get (cmd_files.cc, docs/archive.md "Digital objects").
void RegisterFiles(CLI::App& app, GlobalOptions& global, Runner& run);
// chancery review ... and chancery proof (cmd_review.cc, docs/archive.md).
void RegisterReview(CLI::App& app, GlobalOptions& global, Runner& run);
// chancery verify FILE: a proof bundle, offline (cmd_verify.cc, docs/format/proof.md).
void RegisterVerify(CLI::App& app, GlobalOptions& global, Runner& run);
// chancery cite ID... --style S [--version N] (cmd_cite.cc, docs/citations.md).
void RegisterCite(CLI::App& app, GlobalOptions& global, Runner& run);
// chancery authority load|link|show|search|chief|subjects (cmd_authority.cc, docs/authorities.md).
void RegisterAuthority(CLI::App& app, GlobalOptions& global, Runner& run);
// chancery describe ID ... | history ID | diff ID V1 V2 (cmd_describe.cc, docs/archive.md).
void RegisterDescribe(CLI::App& app, GlobalOptions& global, Runner& run);
// A search query with its person: clauses expanded by the name authorities (cmd_authority.cc).
Result<std::string> ExpandPersonQuery(records::Records& records, const std::string& query);

// chancery collection list|show|create|describe|add|remove|move (cmd_collection.cc,
// docs/archive.md "Browsing").
void RegisterCollection(CLI::App& app, GlobalOptions& global, Runner& run);
// chancery saved add|list|remove|feed, chancery alerts list|run (cmd_alerts.cc, docs/alerts.md).
void RegisterAlerts(CLI::App& app, GlobalOptions& global, Runner& run);
// "Previous/Next in COLLECTION" lines for `show`, as `reader` sees them; "" when none.
std::string RenderNeighbours(records::Records& records, const security::Subject& reader,
                             std::string_view id);

}  // namespace chancery::cli
