// Administrative verbs: init, user, audit, reindex.
#include <cstdio>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "chancery/base/clock.h"
#include "chancery/base/strings.h"
#include "chancery/security/policy.h"

#include "cli.h"

namespace chancery::cli {

void RegisterInit(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* cmd = app.add_subcommand("init", "create a new, empty store");
  auto policy = std::make_shared<std::string>();
  cmd->add_option("--policy", *policy, "security policy file (default: the built-in policy)");
  auto parts = std::make_shared<uint32_t>(1);
  cmd->add_option("--index-parts", *parts,
                  "search index parts per access class, written in parallel (0 = one per core; "
                  "default 1: fastest searches)")
      ->check(CLI::Range(0, 64));
  cmd->callback([&global, &run, policy, parts]() {
    run = [&global, policy, parts]() {
      std::string text(security::DefaultPolicyText());
      if (!policy->empty()) {
        std::ifstream in(*policy, std::ios::binary);
        if (!in) {
          return Fail(IoError(*policy + ": cannot open policy file"));
        }
        std::ostringstream ss;
        ss << in.rdbuf();
        text = ss.str();
      }
      records::RecordsOptions options = RecordsOptionsFor(global);
      options.index_parts = *parts;
      auto records = records::Records::Init(std::move(options), text,
                                            policy->empty() ? "built-in policy" : *policy);
      if (!records.ok()) {
        return Fail(records.status());
      }
      std::printf("initialized %s (policy %s)\n", store::RedactedLocation(global.db).c_str(),
                  (*records)->policy().id.c_str());
      return kExitOk;
    };
  });
}

void RegisterUser(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* user = app.add_subcommand("user", "manage users (administrative)");
  user->require_subcommand(1);
  auto* add = user->add_subcommand("add", "register or replace a user");
  auto spec = std::make_shared<records::UserSpec>();
  add->add_option("name", spec->name, "user name")->required();
  add->add_option("--clearance", spec->clearance.level, "clearance level")->required();
  add->add_option("--category", spec->clearance.categories, "category held (repeatable)");
  add->add_option("--office", spec->clearance.offices, "office the user acts for (repeatable)");
  add->add_option("--group", spec->clearance.groups, "releasability group (repeatable)");
  add->add_option("--role", spec->clearance.roles,
                  "archive role: reviewer, archivist or equity:OFFICE (repeatable)");
  add->add_flag("--admin", spec->administrator, "may import and manage users");
  add->callback([&global, &run, spec]() {
    run = [&global, spec]() {
      auto records = OpenRecords(global);
      if (!records.ok()) {
        return Fail(records.status());
      }
      Status s = (*records)->AddUser(Operator(**records), *spec);
      if (!s.ok()) {
        return Fail(s);
      }
      WarnIfUnsigned(**records);
      std::printf("user %s: clearance %s\n", spec->name.c_str(), spec->clearance.level.c_str());
      return kExitOk;
    };
  });
  auto* list = user->add_subcommand("list", "list users and their clearances");
  list->callback([&global, &run]() {
    run = [&global]() {
      auto records = OpenRecords(global);
      if (!records.ok()) {
        return Fail(records.status());
      }
      auto users = (*records)->ListUsers(Operator(**records));
      if (!users.ok()) {
        return Fail(users.status());
      }
      for (const auto& u : *users) {
        std::printf("%s\t%s\tcategories=%s\toffices=%s\tgroups=%s%s\n", u.name.c_str(),
                    u.clearance.level.c_str(), Join(u.clearance.categories, ",").c_str(),
                    Join(u.clearance.offices, ",").c_str(), Join(u.clearance.groups, ",").c_str(),
                    u.administrator ? "\tadmin" : "");
      }
      return kExitOk;
    };
  });
}

void RegisterReindex(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto* reindex = app.add_subcommand("reindex", "rebuild the search index from the store");
  reindex->callback([&global, &run]() {
    run = [&global]() {
      auto records = OpenRecords(global);
      if (!records.ok()) {
        return Fail(records.status());
      }
      Status s = (*records)->Reindex(Operator(**records));
      if (!s.ok()) {
        return Fail(s);
      }
      std::printf("reindexed\n");
      return kExitOk;
    };
  });
}

}  // namespace chancery::cli
