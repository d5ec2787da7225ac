// chancery describe ID --set F=V --add F=V --remove F=V [--base N] --as USER;
// chancery describe history ID; chancery describe diff ID V1 V2 (docs/archive.md "Description").
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "chancery/archive/description.h"

#include "cli.h"
#include "desk_common.h"

namespace chancery::cli {
namespace {

struct DescribeArgs {
  std::string as;
  std::string id;
  std::vector<std::string> set;
  std::vector<std::string> add;
  std::vector<std::string> remove;
  int64_t base = 0;
  int64_t from = 0;
  int64_t to = 0;
  bool json = false;
};

struct Session {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<archive::Description> description;
  security::Subject subject;
};

Result<Session> Open(const GlobalOptions& global, const std::string& as) {
  Session s;
  CHANCERY_ASSIGN_OR_RETURN(s.records, OpenRecords(global));
  CHANCERY_ASSIGN_OR_RETURN(s.subject, SubjectFor(*s.records, as));
  archive::DescriptionOptions options;
  options.db_path = global.db;
  options.key_dir = KeyDir(global);
  CHANCERY_ASSIGN_OR_RETURN(s.description,
                            archive::Description::Open(*s.records, std::move(options)));
  return s;
}

// "field=value" (the value may hold '=').
Status AddChanges(const std::vector<std::string>& items, archive::DescriptionOp op,
                  std::string_view flag, std::vector<archive::DescriptionChange>* out) {
  for (const std::string& item : items) {
    const size_t eq = item.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgument(std::string(flag) + " \"" + item + "\": write FIELD=VALUE");
    }
    out->push_back({item.substr(0, eq), op, item.substr(eq + 1)});
  }
  return Status::Ok();
}

std::string Values(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) {
    out += (out.empty() ? "" : "; ") + v;
  }
  return out.empty() ? "(none)" : out;
}

void PrintChange(const archive::FieldChange& c) {
  if (c.list) {
    for (const std::string& v : c.added) {
      std::printf("  %s  + %s\n", c.field.c_str(), v.c_str());
    }
    for (const std::string& v : c.removed) {
      std::printf("  %s  - %s\n", c.field.c_str(), v.c_str());
    }
    if (c.added.empty() && c.removed.empty()) {
      std::printf("  %s  reordered: %s\n", c.field.c_str(), Values(c.new_values).c_str());
    }
    return;
  }
  std::printf("  %s  - %s\n", c.field.c_str(), Values(c.old_values).c_str());
  std::printf("  %s  + %s\n", c.field.c_str(), Values(c.new_values).c_str());
}

int RunEdit(const GlobalOptions& global, const DescribeArgs& a) {
  archive::DescriptionRequest request;
  request.base_version = a.base;
  for (const auto& [items, op, flag] :
       {std::tuple{&a.set, archive::DescriptionOp::kSet, "--set"},
        std::tuple{&a.add, archive::DescriptionOp::kAdd, "--add"},
        std::tuple{&a.remove, archive::DescriptionOp::kRemove, "--remove"}}) {
    if (Status s = AddChanges(*items, op, flag, &request.changes); !s.ok()) {
      return Fail(s);
    }
  }
  Result<Session> s = Open(global, a.as);
  if (!s.ok()) {
    return Fail(s.status());
  }
  Result<archive::DescriptionEdit> edit = s->description->Edit(s->subject, a.id, request);
  if (!edit.ok()) {
    return Fail(edit.status());
  }
  if (a.json) {
    std::printf("%s\n", archive::DescriptionEditToJson(*edit).c_str());
    return kExitOk;
  }
  std::printf("%s: description edit %lld by %s: version %lld -> %lld (signed)\n",
              edit->record_id.c_str(), static_cast<long long>(edit->number), edit->editor.c_str(),
              static_cast<long long>(edit->base_version),
              static_cast<long long>(edit->new_version));
  for (const archive::FieldChange& c : edit->changes) {
    PrintChange(c);
  }
  return kExitOk;
}

int RunHistory(const GlobalOptions& global, const DescribeArgs& a) {
  Result<Session> s = Open(global, a.as);
  if (!s.ok()) {
    return Fail(s.status());
  }
  Result<std::vector<archive::DescriptionEdit>> edits = s->description->History(s->subject, a.id);
  if (!edits.ok()) {
    return Fail(edits.status());
  }
  if (a.json) {
    auto meta = s->records->store().GetRecordMeta(a.id);
    const int64_t current = meta.ok() && meta->has_value() ? (*meta)->version : 0;
    std::printf("%s\n", archive::DescriptionHistoryToJson(a.id, current, *edits).c_str());
    return kExitOk;
  }
  if (edits->empty()) {
    std::printf("%s: no description edits\n", a.id.c_str());
  }
  for (const archive::DescriptionEdit& e : *edits) {
    std::string fields;
    for (const archive::FieldChange& c : e.changes) {
      fields += (fields.empty() ? "" : ", ") + c.field;
    }
    std::printf("edit %lld  v%lld -> v%lld  %s  %s  %s  [%s]\n", static_cast<long long>(e.number),
                static_cast<long long>(e.base_version), static_cast<long long>(e.new_version),
                FormatMicros(e.micros).c_str(), e.editor.c_str(), fields.c_str(),
                e.void_reason.empty() ? "signature verified" : e.void_reason.c_str());
    for (const archive::FieldChange& c : e.changes) {
      PrintChange(c);
    }
  }
  return kExitOk;
}

int RunDiff(const GlobalOptions& global, const DescribeArgs& a) {
  Result<Session> s = Open(global, a.as);
  if (!s.ok()) {
    return Fail(s.status());
  }
  Result<archive::DescriptionDiff> d = s->description->Diff(s->subject, a.id, a.from, a.to);
  if (!d.ok()) {
    return Fail(d.status());
  }
  if (a.json) {
    std::printf("%s\n", archive::DescriptionDiffToJson(*d).c_str());
    return kExitOk;
  }
  std::printf("%s: version %lld -> %lld\n", d->record_id.c_str(), static_cast<long long>(d->from),
              static_cast<long long>(d->to));
  if (d->fields.empty()) {
    std::printf("  description unchanged\n");
  }
  for (const archive::FieldChange& c : d->fields) {
    PrintChange(c);
  }
  if (!d->other_changes.empty()) {
    std::string other;
    for (const std::string& o : d->other_changes) {
      other += (other.empty() ? "" : ", ") + o;
    }
    std::printf("  the record itself changed too (not a description edit): %s\n", other.c_str());
  }
  return kExitOk;
}

}  // namespace

void RegisterDescribe(CLI::App& app, GlobalOptions& global, Runner& run) {
  auto args = std::make_shared<DescribeArgs>();
  auto* cmd = app.add_subcommand(
      "describe",
      "edit a record's description (archivists), or show its edit history or a diff; fields: "
      "title, summary, subject, person, place, credits, scope-note, reference");
  cmd->require_subcommand(0, 1);
  cmd->add_option("id", args->id, "record id");
  cmd->add_option("--as", args->as, "act as this user (an archivist)");
  cmd->add_option("--set", args->set, "FIELD=VALUE: set a text field (empty value clears it)");
  cmd->add_option("--add", args->add, "FIELD=VALUE: add a subject, person or place");
  cmd->add_option("--remove", args->remove, "FIELD=VALUE: remove a subject, person or place");
  cmd->add_option("--base", args->base, "the version edited (default: the current one)");
  cmd->add_flag("--json", args->json, "print the edit as JSON");
  auto* history = cmd->add_subcommand("history", "every description edit, oldest first");
  history->add_option("id", args->id, "record id")->required();
  history->add_option("--as", args->as, "act as this user (default: the public reader)");
  history->add_flag("--json", args->json, "JSON");
  auto* diff = cmd->add_subcommand("diff", "the description between two versions");
  diff->add_option("id", args->id, "record id")->required();
  diff->add_option("from", args->from, "version (1, 2, ...)")->required();
  diff->add_option("to", args->to, "version (0 = current)")->required();
  diff->add_option("--as", args->as, "act as this user (default: the public reader)");
  diff->add_flag("--json", args->json, "JSON");
  history->callback(
      [&global, &run, args] { run = [&global, args] { return RunHistory(global, *args); }; });
  diff->callback(
      [&global, &run, args] { run = [&global, args] { return RunDiff(global, *args); }; });
  cmd->callback([&global, &run, args, history, diff] {
    if (history->parsed() || diff->parsed()) {
      return;
    }
    if (args->id.empty()) {
      throw CLI::ValidationError("describe", "give a record id (or: describe history|diff ...)");
    }
    if (args->as.empty()) {
      throw CLI::ValidationError("--as", "an edit needs --as USER (an archivist)");
    }
    run = [&global, args] { return RunEdit(global, *args); };
  });
}

}  // namespace chancery::cli
