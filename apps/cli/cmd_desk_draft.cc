// chancery desk draft|submit|approve|reject|queue: drafting, clearance and approval.
#include <cstdio>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "chancery/base/strings.h"
#include "chancery/format/cable_text.h"
#include "chancery/format/json.h"

#include "desk_common.h"

namespace chancery::cli {
namespace {

struct DraftArgs {
  std::string as;
  std::string id;
  std::string file;
  std::string office;
  std::vector<std::string> clearers;
  std::vector<std::string> approvers;
  uint32_t required = 0;
  std::vector<std::string> conditions;
  std::string reply_by;
  bool no_conditions = false;  // edit: drop the conditions instead of keeping them
  bool no_reply_by = false;    // edit: drop the reply-by time instead of keeping it
  int64_t version = 0;
  std::string comment;
  bool text = false;
};

Result<std::string> ReadWholeFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return NotFound("cannot read " + path);
  }
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

// The spec from the cable text file and the rule flags.
Result<desk::DraftSpec> SpecFrom(const DraftArgs& args) {
  desk::DraftSpec spec;
  CHANCERY_ASSIGN_OR_RETURN(std::string text, ReadWholeFile(args.file));
  CHANCERY_ASSIGN_OR_RETURN(spec.content, format::ParseCableText(text, args.file));
  spec.office = args.office.empty() ? spec.content.office : args.office;
  spec.rule.clearers = args.clearers;
  spec.rule.approvers = args.approvers;
  spec.rule.required = args.required;
  spec.conditions = args.conditions;
  if (!args.reply_by.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(int64_t micros, ParseMicros(args.reply_by, "--reply-by"));
    spec.reply_by_micros = micros;
  }
  return spec;
}

int Done(const Result<desk::Draft>& draft) {
  if (!draft.ok()) {
    return Fail(draft.status());
  }
  PrintDraft(*draft);
  return kExitOk;
}

int RunNew(const GlobalOptions& global, const DraftArgs& args) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Result<desk::DraftSpec> spec = SpecFrom(args);
  if (!spec.ok())
    return Fail(spec.status());
  return Done(s->desk->CreateDraft(s->subject, *spec));
}

// Issue 12 item 7: an edit that does not repeat the rule flags keeps the current draft's rule,
// conditions and reply-by (and says so) instead of silently dropping them.
std::vector<std::string> KeepUnstated(const DraftArgs& args, const desk::DraftSpec& current,
                                      desk::DraftSpec* spec) {
  std::vector<std::string> kept;
  if (args.clearers.empty() && args.approvers.empty() && args.required == 0 &&
      !current.rule.approvers.empty()) {
    spec->rule = current.rule;
    kept.emplace_back("approval rule");
  }
  if (args.conditions.empty() && !args.no_conditions && !current.conditions.empty()) {
    spec->conditions = current.conditions;
    kept.emplace_back("conditions");
  }
  if (args.reply_by.empty() && !args.no_reply_by && current.reply_by_micros.has_value()) {
    spec->reply_by_micros = current.reply_by_micros;
    kept.emplace_back("reply-by");
  }
  return kept;
}

int RunEdit(const GlobalOptions& global, const DraftArgs& args) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Result<desk::DraftSpec> spec = SpecFrom(args);
  if (!spec.ok())
    return Fail(spec.status());
  Result<desk::Draft> current = s->desk->GetDraft(s->subject, args.id);
  if (!current.ok())
    return Fail(current.status());
  const std::vector<std::string> kept = KeepUnstated(args, current->spec, &*spec);
  Result<desk::Draft> edited = s->desk->EditDraft(s->subject, args.id, args.version, *spec);
  if (edited.ok() && !kept.empty()) {
    std::printf("kept from version %lld: %s\n", static_cast<long long>(current->version),
                Join(kept, ", ").c_str());
  }
  return Done(edited);
}

int RunShowDraft(const GlobalOptions& global, const DraftArgs& args) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Result<desk::Draft> draft = s->desk->GetDraft(s->subject, args.id);
  if (!draft.ok())
    return Fail(draft.status());
  if (args.text) {
    model::Cable cable = draft->spec.content;
    cable.current_label = draft->banner;
    std::fputs(format::RenderCableText(cable).c_str(), stdout);
    return kExitOk;
  }
  Result<std::pair<desk::Directory, int64_t>> directory = s->desk->GetDirectory(s->subject);
  PrintDraft(*draft, directory.ok() ? &directory->first : nullptr);
  return kExitOk;
}

int RunHistory(const GlobalOptions& global, const DraftArgs& args) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Result<std::vector<desk::DraftSpec>> versions = s->desk->DraftVersions(s->subject, args.id);
  if (!versions.ok())
    return Fail(versions.status());
  for (size_t i = 0; i < versions->size(); ++i) {
    const desk::DraftSpec& v = (*versions)[i];
    std::printf("version %zu: %s (%zu paragraphs, %zu addressees)\n", i + 1,
                std::string(model::DisplayTitle(v.content)).c_str(), v.content.body.size(),
                v.content.addressees.size());
  }
  return kExitOk;
}

int RunStep(const GlobalOptions& global, const DraftArgs& args, int what) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  if (what == 0) {
    Result<desk::Draft> submitted = s->desk->Submit(s->subject, args.id);
    if (submitted.ok()) {
      std::vector<std::string> addressees;
      for (const model::Addressee& a : submitted->spec.content.addressees)
        addressees.push_back(a.name);
      WarnUnattended(*s, addressees);
    }
    return Done(submitted);
  }
  return Done(s->desk->DecideStep(s->subject, args.id, what == 1, args.comment));
}

int RunQueue(const GlobalOptions& global, const DraftArgs& args) {
  Result<DeskSession> s = OpenDesk(global, args.as);
  if (!s.ok())
    return Fail(s.status());
  Result<std::vector<desk::Draft>> queue = s->desk->ApprovalQueue(s->subject);
  if (!queue.ok())
    return Fail(queue.status());
  for (const desk::Draft& draft : *queue) {
    std::printf("%-12s %-10s %-24s %s\n", draft.id.c_str(),
                std::string(desk::DraftStateName(draft.state)).c_str(),
                draft.banner.ToBanner().c_str(),
                std::string(model::DisplayTitle(draft.spec.content)).c_str());
  }
  return kExitOk;
}

CLI::App* AddAs(CLI::App* cmd, DraftArgs* args) {
  cmd->add_option("--as", args->as, "act as this user (default: the local operator)");
  return cmd;
}

void AddSpecFlags(CLI::App* cmd, DraftArgs* args) {
  cmd->add_option("--file", args->file, "the draft in cable text (docs/format/cable-text.md)")
      ->required();
  cmd->add_option("--office", args->office, "drafting office id (default: the file's Office)");
  cmd->add_option("--clearer", args->clearers, "a clearer, in order (repeatable)");
  cmd->add_option("--approver", args->approvers, "an approver (repeatable)");
  cmd->add_option("--required", args->required, "approvals needed, k of n (default: all)");
  cmd->add_option("--condition", args->conditions,
                  "\"subject to the approval of\" this user (repeatable)");
  cmd->add_option("--reply-by", args->reply_by, "replies expected by (UTC date or date-time)");
}

}  // namespace

void RegisterDeskDrafts(CLI::App& desk, GlobalOptions& global, Runner& run) {
  auto args = std::make_shared<DraftArgs>();
  auto* draft = desk.add_subcommand("draft", "create, edit and show drafts");
  draft->require_subcommand(1);
  auto* create =
      AddAs(draft->add_subcommand("new", "create a draft from a cable text file"), args.get());
  AddSpecFlags(create, args.get());
  create->callback(
      [&global, &run, args] { run = [&global, args] { return RunNew(global, *args); }; });
  auto* edit =
      AddAs(draft->add_subcommand("edit", "replace a draft's text (a new version)"), args.get());
  edit->add_option("id", args->id, "draft id")->required();
  edit->add_option("--version", args->version, "the version you edited (stale: refused)")
      ->required();
  AddSpecFlags(edit, args.get());
  edit->add_flag("--no-conditions", args->no_conditions,
                 "drop the conditions (default: rule, conditions and reply-by not given are kept)");
  edit->add_flag("--no-reply-by", args->no_reply_by, "drop the reply-by time");
  edit->callback(
      [&global, &run, args] { run = [&global, args] { return RunEdit(global, *args); }; });
  auto* show = AddAs(draft->add_subcommand("show", "show a draft and its approvals"), args.get());
  show->add_option("id", args->id, "draft id")->required();
  show->add_flag("--text", args->text, "print the canonical cable text instead");
  show->callback(
      [&global, &run, args] { run = [&global, args] { return RunShowDraft(global, *args); }; });
  auto* history = AddAs(draft->add_subcommand("history", "list a draft's versions"), args.get());
  history->add_option("id", args->id, "draft id")->required();
  history->callback(
      [&global, &run, args] { run = [&global, args] { return RunHistory(global, *args); }; });

  const char* names[] = {"submit", "approve", "reject"};
  const char* helps[] = {"submit a draft for clearance and approval",
                         "clear or approve (signed over the exact text)", "reject with a comment"};
  for (int what = 0; what < 3; ++what) {
    auto* cmd = AddAs(desk.add_subcommand(names[what], helps[what]), args.get());
    cmd->add_option("id", args->id, "draft id")->required();
    if (what > 0) {
      auto* comment = cmd->add_option("--comment", args->comment, "comment");
      if (what == 2)
        comment->required();
    }
    cmd->callback([&global, &run, args, what] {
      run = [&global, args, what] { return RunStep(global, *args, what); };
    });
  }
  auto* queue = AddAs(desk.add_subcommand("queue", "drafts awaiting your decision"), args.get());
  queue->callback(
      [&global, &run, args] { run = [&global, args] { return RunQueue(global, *args); }; });
}

}  // namespace chancery::cli
