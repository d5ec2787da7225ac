// chancery: the command-line interface to a Chancery store. Thin: parse flags, call the records
// library, print. See README.md for the verbs.
#include <cstdio>
#include <cstdlib>
#include <string>

#include <CLI/CLI.hpp>

#include "chancery_version.h"
#include "cli.h"
#include "desk_common.h"

int main(int argc, char** argv) {
  using namespace chancery::cli;  // NOLINT(google-build-using-namespace): main only
  CLI::App app{"chancery: records system for diplomatic cables"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("chancery ") + chancery::kVersion,
                       "print the version and exit");
  GlobalOptions global;
  if (const char* env = std::getenv("CHANCERY_DB"); env != nullptr) {
    global.db = env;
  } else {
    global.db = "chancery.db";
  }
  if (const char* env = std::getenv("CHANCERY_INDEX"); env != nullptr) {
    global.index = env;
  }
  if (const char* env = std::getenv("CHANCERY_KEYS"); env != nullptr) {
    global.keys = env;
  }
  app.add_option("--db", global.db,
                 "store file, or postgresql://USER@HOST:PORT/DB (default: $CHANCERY_DB, else "
                 "./chancery.db)");
  app.add_option("--index", global.index,
                 "this node's search index folder (default: $CHANCERY_INDEX, else the store file "
                 "+ .index; required with a PostgreSQL URL)");
  app.add_option("--keys", global.keys,
                 "folder of the signing keys, the same on every node (default: $CHANCERY_KEYS; "
                 "required with a PostgreSQL URL, ignored for a file)");
  Runner run;
  RegisterInit(app, global, run);
  RegisterImport(app, global, run);
  RegisterUser(app, global, run);
  RegisterShow(app, global, run);
  RegisterSearch(app, global, run);
  RegisterList(app, global, run);
  RegisterAudit(app, global, run);
  RegisterReindex(app, global, run);
  RegisterReview(app, global, run);
  RegisterFiles(app, global, run);
  RegisterVerify(app, global, run);
  RegisterAuthority(app, global, run);
  RegisterCite(app, global, run);
  RegisterCollection(app, global, run);
  RegisterAlerts(app, global, run);
  RegisterDescribe(app, global, run);
  CLI::App* desk = app.add_subcommand("desk", "the cable desk: draft, approve, release, deliver");
  desk->require_subcommand(1);
  RegisterDeskDirectory(*desk, global, run);
  RegisterDeskDrafts(*desk, global, run);
  RegisterDeskDelivery(*desk, global, run);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  return run ? run() : kExitFailed;
}
