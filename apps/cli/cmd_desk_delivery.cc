// chancery desk release|verify|inbox|ack|report|overdue|thread|replies-overdue.
#include <algorithm>
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
  int32_t serial_year = 0;  // release: 0 = the release's year
  // serial start
  std::string series;
  int64_t first = 0;
};

using Verb = int (*)(DeskSession&, const DeliveryArgs&);

int Release(DeskSession& s, const DeliveryArgs& a) {
  desk::ReleaseOptions options;
  if (a.serial_year != 0)
    options.serial_year = a.serial_year;
  Result<desk::Release> release = s.desk->ReleaseDraft(s.subject, a.id, options);
  if (!release.ok())
    return Fail(release.status());
  // Issue 12 item 7: mark the recipients that were refused the cable at release. The releaser
  // holds a role at the drafting office, so the report is theirs to read.
  Result<std::vector<desk::Delivery>> report = s.desk->DeliveryReport(s.subject, release->cable_id);
  PrintRelease(*release, report.ok() ? *report : std::vector<desk::Delivery>{});
  std::vector<std::string> delivered;
  for (const std::string& office : release->recipients) {
    const bool refused =
        report.ok() && std::any_of(report->begin(), report->end(), [&](auto& d) {
          return d.office == office && d.state == desk::DeliveryState::kNonDelivered;
        });
    if (!refused)
      delivered.push_back(office);
  }
  WarnUnattended(s, delivered);
  return kExitOk;
}

int Verify(DeskSession& s, const DeliveryArgs& a) {
  Status status = s.desk->VerifyRelease(s.subject, a.id);
  if (!status.ok())
    return Fail(status);
  std::printf("%s: release signature, commitment and approvals verify\n", a.id.c_str());
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

int SerialStart(DeskSession& s, const DeliveryArgs& a) {
  Status status = s.desk->SetSerialStart(s.subject, a.series, a.serial_year, a.first);
  if (!status.ok())
    return Fail(status);
  std::printf("series %s year %d: the next serial released is number %lld\n", a.series.c_str(),
              a.serial_year, static_cast<long long>(a.first));
  return kExitOk;
}

int Escalations(DeskSession& s, const DeliveryArgs& a) {
  Result<std::vector<desk::Escalation>> items = s.desk->Escalations(s.subject, a.office);
  if (!items.ok())
    return Fail(items.status());
  for (const desk::Escalation& e : *items) {
    const desk::Delivery& d = e.delivery;
    std::printf("%s  %-9s %-24s to %-16s due %s  escalated %s  %s\n", e.serial.c_str(),
                std::string(model::PrecedenceRankName(d.precedence)).c_str(), d.cable_id.c_str(),
                d.office.c_str(), FormatMicros(d.due_micros).c_str(),
                FormatMicros(d.escalated_micros).c_str(), e.title.c_str());
  }
  if (items->empty())
    std::printf("(no escalations to %s)\n", a.office.c_str());
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
    {"verify", "verify a released cable's signatures and its commitment", Verify, "cable id",
     false},
    {"inbox", "your office's cables in precedence order", Inbox, nullptr, true},
    {"ack", "acknowledge reading a cable at your office", Ack, "cable id", true},
    {"report", "per-recipient delivery report of a cable", Report, "cable id", false},
    {"overdue", "deliveries past their handling time (escalates them)", Overdue, nullptr, false},
    {"escalations", "lapsed deliveries escalated to your office", Escalations, nullptr, true},
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
    if (spec.verb == Release)
      cmd->add_option("--serial-year", args->serial_year,
                      "archive backfill: number the serial in this year (opened with "
                      "`desk serial start`)");
    const Verb verb = spec.verb;
    cmd->callback([&global, &run, args, verb] {
      run = [&global, args, verb] { return RunVerb(global, *args, verb); };
    });
  }
  auto args = std::make_shared<DeliveryArgs>();
  auto* serial = desk.add_subcommand("serial", "serial series (registry officers)");
  serial->require_subcommand(1);
  auto* start = serial->add_subcommand(
      "start", "archive backfill: the next serial of a series and year (refused once used)");
  start->add_option("--as", args->as, "act as this user (default: the local operator)");
  start->add_option("--series", args->series, "serial series (an office's series)")->required();
  start->add_option("--year", args->serial_year, "year of the serials")->required();
  start->add_option("--first", args->first, "the next serial number")->required();
  start->callback([&global, &run, args] {
    run = [&global, args] { return RunVerb(global, *args, SerialStart); };
  });
}

}  // namespace chancery::cli
