// chancery desk directory load|export, desk office|group|grant|revoke: the desk's directory
// (docs/format/directory.md).
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "chancery/desk/directory.h"
#include "chancery/desk/directory_edit.h"

#include "desk_common.h"

namespace chancery::cli {
namespace {

struct DirArgs;
using Change = Status (*)(const security::Policy&, const struct DirArgs&, desk::Directory*);

struct DirArgs {
  std::string as;
  std::string file;
  // office / group / grant edits
  std::string id;
  std::string name;
  std::string kind;
  std::string parent;
  std::string org;
  std::string level;
  std::vector<std::string> categories;
  std::vector<std::string> groups;
  std::string series;
  std::string escalation;
  std::vector<std::string> members;
  std::string user;
  std::string role;
};

int Load(const GlobalOptions& global, const DirArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in)
    return Fail(NotFound("cannot read " + args.file));
  std::ostringstream text;
  text << in.rdbuf();
  Result<desk::Directory> directory = desk::ParseDirectory(text.str(), args.file);
  if (!directory.ok())
    return Fail(directory.status());
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Status status = s->desk->ReplaceDirectory(s->subject, *directory, std::nullopt);
  if (!status.ok())
    return Fail(status);
  std::printf("directory loaded: %zu organizations, %zu offices, %zu groups, %zu grants\n",
              directory->organizations.size(), directory->offices.size(), directory->groups.size(),
              directory->grants.size());
  return kExitOk;
}

int Export(const GlobalOptions& global, const DirArgs& args) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Result<std::pair<desk::Directory, int64_t>> current = s->desk->GetDirectory(s->subject);
  if (!current.ok())
    return Fail(current.status());
  std::fputs(desk::RenderDirectory(current->first).c_str(), stdout);
  return kExitOk;
}

// Read, change, write back with the version read (a concurrent edit is refused, not lost).
int Edit(const GlobalOptions& global, const DirArgs& args, Change change) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Result<std::pair<desk::Directory, int64_t>> current = s->desk->GetDirectory(s->subject);
  if (!current.ok())
    return Fail(current.status());
  desk::Directory directory = current->first;
  Status status = change(s->records->policy(), args, &directory);
  if (status.ok()) {
    status = s->desk->ReplaceDirectory(s->subject, directory, current->second);
  }
  if (!status.ok())
    return Fail(status);
  std::printf("directory updated (version %lld)\n", static_cast<long long>(current->second + 1));
  return kExitOk;
}

Status SetOffice(const security::Policy& p, const DirArgs& a, desk::Directory* d) {
  desk::Office office;
  office.id = a.id;
  office.name = a.name;
  if (!desk::ParseOfficeKind(a.kind, &office.kind)) {
    return InvalidArgument("office " + a.id + ": unknown kind \"" + a.kind + "\"");
  }
  office.parent = a.parent;
  office.organization = a.org;
  office.clearance.level = a.level;
  office.clearance.categories = a.categories;
  office.clearance.groups = a.groups;
  office.series = a.series;
  office.escalation = a.escalation;
  return desk::AddOrReplaceOffice(p, d, office);
}

Status RemoveOffice(const security::Policy& p, const DirArgs& a, desk::Directory* d) {
  return desk::RemoveOffice(p, d, a.id);
}

Status SetGroup(const security::Policy& p, const DirArgs& a, desk::Directory* d) {
  return desk::AddOrReplaceGroup(p, d, desk::AddresseeGroup{a.id, a.name, a.members});
}

Status RemoveGroup(const security::Policy& p, const DirArgs& a, desk::Directory* d) {
  return desk::RemoveGroup(p, d, a.id);
}

Result<desk::RoleGrant> GrantOf(const DirArgs& a) {
  desk::RoleGrant grant;
  grant.user = a.user;
  grant.office = a.id;
  if (!desk::ParseRole(a.role, &grant.role)) {
    return InvalidArgument("unknown role \"" + a.role +
                           "\": drafter, clearer, approver, releaser, recipient, archivist, "
                           "administrator");
  }
  return grant;
}

Status Grant(const security::Policy& p, const DirArgs& a, desk::Directory* d) {
  CHANCERY_ASSIGN_OR_RETURN(desk::RoleGrant grant, GrantOf(a));
  return desk::Grant(p, d, grant);
}

Status Revoke(const security::Policy& p, const DirArgs& a, desk::Directory* d) {
  CHANCERY_ASSIGN_OR_RETURN(desk::RoleGrant grant, GrantOf(a));
  return desk::Revoke(p, d, grant);
}

CLI::App* Sub(CLI::App& parent, const char* name, const char* help, DirArgs* args) {
  auto* cmd = parent.add_subcommand(name, help);
  cmd->add_option("--as", args->as, "act as this user (default: the local operator)");
  return cmd;
}

void OnRun(CLI::App* cmd, const GlobalOptions& global, Runner& run, std::shared_ptr<DirArgs> args,
           Change change) {
  cmd->callback([&global, &run, args, change] {
    run = [&global, args, change] { return Edit(global, *args, change); };
  });
}

}  // namespace

void RegisterDeskDirectory(CLI::App& desk, GlobalOptions& global, Runner& run) {
  auto args = std::make_shared<DirArgs>();
  auto* dir = desk.add_subcommand("directory", "load or export the whole directory");
  dir->require_subcommand(1);
  auto* load = Sub(*dir, "load", "replace the directory from a file", args.get());
  load->add_option("file", args->file, "directory file (docs/format/directory.md)")->required();
  load->callback([&global, &run, args] { run = [&global, args] { return Load(global, *args); }; });
  auto* exp = Sub(*dir, "export", "print the directory in its file format", args.get());
  exp->callback([&global, &run, args] { run = [&global, args] { return Export(global, *args); }; });

  auto* office = desk.add_subcommand("office", "add, change or remove an office");
  office->require_subcommand(1);
  auto* set = Sub(*office, "set", "add or replace an office", args.get());
  set->add_option("id", args->id, "office id")->required();
  set->add_option("--name", args->name, "display name")->required();
  set->add_option("--kind", args->kind,
                  "ministry, department, division, embassy, consulate, mission, external")
      ->required();
  set->add_option("--org", args->org, "organization id")->required();
  set->add_option("--parent", args->parent, "parent office id");
  set->add_option("--clearance", args->level, "level the office may receive (default: public)");
  set->add_option("--category", args->categories, "category held (repeatable)");
  set->add_option("--group", args->groups, "releasability group (repeatable)");
  set->add_option("--series", args->series, "serial series of cables it releases");
  set->add_option("--escalate-to", args->escalation,
                  "office notified when a delivery of its cables lapses (default: the parent's)");
  OnRun(set, global, run, args, SetOffice);
  auto* rm = Sub(*office, "remove", "remove an office nobody refers to", args.get());
  rm->add_option("id", args->id, "office id")->required();
  OnRun(rm, global, run, args, RemoveOffice);

  auto* group = desk.add_subcommand("group", "add, change or remove an addressee group");
  group->require_subcommand(1);
  auto* gset = Sub(*group, "set", "add or replace a group", args.get());
  gset->add_option("id", args->id, "group id")->required();
  gset->add_option("--name", args->name, "display name")->required();
  gset->add_option("--member", args->members, "office or group id (repeatable)")->required();
  OnRun(gset, global, run, args, SetGroup);
  auto* grm = Sub(*group, "remove", "remove a group nobody refers to", args.get());
  grm->add_option("id", args->id, "group id")->required();
  OnRun(grm, global, run, args, RemoveGroup);

  for (bool grant : {true, false}) {
    auto* cmd = Sub(desk, grant ? "grant" : "revoke",
                    grant ? "give a user a role at an office" : "take a role away", args.get());
    cmd->add_option("user", args->user, "user name")->required();
    cmd->add_option("role", args->role, "role")->required();
    cmd->add_option("office", args->id, "office id (\"*\" for administrator)")->required();
    OnRun(cmd, global, run, args, grant ? Grant : Revoke);
  }
}

}  // namespace chancery::cli
