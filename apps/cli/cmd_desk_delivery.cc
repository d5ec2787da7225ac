// chancery desk release|verify|inbox|ack|report|overdue|thread|replies-overdue.
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "desk_common.h"

namespace chancery::cli {
namespace {

struct DeliveryArgs {
  std::string as;
  std::string id;
  std::string office;
  bool all = false;
};

using Verb = int (*)(DeskSession&, const DeliveryArgs&);

int Release(DeskSession& s, const DeliveryArgs& a) {
  Result<desk::Release> release = s.desk->ReleaseDraft(s.subject, a.id);
  if (!release.ok())
    return Fail(release.status());
  PrintRelease(*release);
  return kExitOk;
}

int Verify(DeskSession& s, const DeliveryArgs& a) {
  Status status = s.desk->VerifyRelease(s.subject, a.id);
  if (!status.ok())
    return Fail(status);
  std::printf("%s: release signature, paragraph commitments and approvals verify\n", a.id.c_str());
  return kExitOk;
}

int Inbox(DeskSession& s, const DeliveryArgs& a) {
  Result<std::vector<desk::InboxItem>> items = s.desk->Inbox(s.subject, a.office, !a.all);
  if (!items.ok())
    return Fail(items.status());
  for (const desk::InboxItem& item : *items)
    PrintInboxItem(item);
  if (items->empty())
    std::printf("(nothing %s)\n", a.all ? "delivered" : "pending");
  return kExitOk;
}

int Ack(DeskSession& s, const DeliveryArgs& a) {
  Status status = s.desk->Acknowledge(s.subject, a.id, a.office);
  if (!status.ok())
    return Fail(status);
  std::printf("%s acknowledged at %s by %s\n", a.id.c_str(), a.office.c_str(),
              s.subject.name.c_str());
  return kExitOk;
}

int Report(DeskSession& s, const DeliveryArgs& a) {
  Result<std::vector<desk::Delivery>> report = s.desk->DeliveryReport(s.subject, a.id);
  if (!report.ok())
    return Fail(report.status());
  for (const desk::Delivery& d : *report)
    PrintDelivery(d);
  return kExitOk;
}

int Overdue(DeskSession& s, const DeliveryArgs&) {
  Result<std::vector<desk::InboxItem>> items = s.desk->Overdue(s.subject);
  if (!items.ok())
    return Fail(items.status());
  for (const desk::InboxItem& item : *items) {
    std::printf("%s  ", item.delivery.office.c_str());
    PrintInboxItem(item);
  }
  if (items->empty())
    std::printf("(nothing overdue)\n");
  return kExitOk;
}

int Thread(DeskSession& s, const DeliveryArgs& a) {
  Result<desk::ThreadNode> root = s.desk->Thread(s.subject, a.id);
  if (!root.ok())
    return Fail(root.status());
  PrintThread(*root, 0);
  return kExitOk;
}

int RepliesOverdue(DeskSession& s, const DeliveryArgs&) {
  Result<std::vector<desk::ThreadNode>> nodes = s.desk->RepliesOverdue(s.subject);
  if (!nodes.ok())
    return Fail(nodes.status());
  for (const desk::ThreadNode& node : *nodes) {
    std::printf("%s  %s  reply due %s  %s\n", node.cable_id.c_str(), node.serial.c_str(),
                FormatMicros(node.reply_by_micros.value_or(0)).c_str(), node.title.c_str());
  }
  if (nodes->empty())
    std::printf("(no replies overdue)\n");
  return kExitOk;
}

int RunVerb(const GlobalOptions& global, const DeliveryArgs& args, Verb verb) {
  Result<DeskSession> session = OpenDesk(global, args.as);
  if (!session.ok())
    return Fail(session.status());
  return verb(*session, args);
}

struct VerbSpec {
  const char* name;
  const char* help;
  Verb verb;
  const char* id_help;  // nullptr: no id argument
  bool office;          // takes --office (required)
};

constexpr VerbSpec kVerbs[] = {
    {"release", "release an approved draft: serial, DTG, signature, distribution", Release,
     "draft id", false},
    {"verify", "verify a released cable's signatures and paragraph commitments", Verify, "cable id",
     false},
    {"inbox", "your office's cables in precedence order", Inbox, nullptr, true},
    {"ack", "acknowledge reading a cable at your office", Ack, "cable id", true},
    {"report", "per-recipient delivery report of a cable", Report, "cable id", false},
    {"overdue", "deliveries past their handling time (escalates them)", Overdue, nullptr, false},
    {"thread", "the thread of replies around a cable, as a tree", Thread, "cable id", false},
    {"replies-overdue", "released cables whose reply-by time passed without a reply",
     RepliesOverdue, nullptr, false},
};

}  // namespace

void RegisterDeskDelivery(CLI::App& desk, GlobalOptions& global, Runner& run) {
  for (const VerbSpec& spec : kVerbs) {
    auto args = std::make_shared<DeliveryArgs>();
    auto* cmd = desk.add_subcommand(spec.name, spec.help);
    cmd->add_option("--as", args->as, "act as this user (default: the local operator)");
    if (spec.id_help != nullptr)
      cmd->add_option("id", args->id, spec.id_help)->required();
    if (spec.office)
      cmd->add_option("--office", args->office, "recipient office id")->required();
    if (spec.verb == Inbox)
      cmd->add_flag("--all", args->all, "include acknowledged cables");
    const Verb verb = spec.verb;
    cmd->callback([&global, &run, args, verb] {
      run = [&global, args, verb] { return RunVerb(global, *args, verb); };
    });
  }
}

}  // namespace chancery::cli
