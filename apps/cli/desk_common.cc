#include "desk_common.h"

#include <algorithm>
#include <cstdio>
#include <ctime>

#include "chancery/base/strings.h"

namespace chancery::cli {

Result<DeskSession> OpenDesk(const GlobalOptions& global, const std::string& as) {
  DeskSession session;
  CHANCERY_ASSIGN_OR_RETURN(session.records, OpenRecords(global));
  if (as.empty()) {
    session.subject = Operator(*session.records);
  } else {
    CHANCERY_ASSIGN_OR_RETURN(session.subject, session.records->ResolveSubject(as));
  }
  desk::DeskOptions options;
  options.db_path = global.db;
  options.key_dir = KeyDir(global);
  CHANCERY_ASSIGN_OR_RETURN(session.desk, desk::Desk::Open(std::move(options), *session.records));
  return session;
}

void WarnUnattended(DeskSession& session, const std::vector<std::string>& addressees) {
  Result<std::pair<desk::Directory, int64_t>> current = session.desk->GetDirectory(session.subject);
  if (!current.ok()) {
    return;  // the verb itself succeeded; the warning is a courtesy
  }
  const desk::Directory& directory = current->first;
  std::vector<std::string> offices;
  for (const std::string& name : addressees) {
    Result<std::vector<std::string>> members = directory.ExpandGroup(name);
    if (members.ok()) {
      offices.insert(offices.end(), members->begin(), members->end());
    } else {
      offices.push_back(name);
    }
  }
  std::sort(offices.begin(), offices.end());
  offices.erase(std::unique(offices.begin(), offices.end()), offices.end());
  for (const std::string& office : offices) {
    const bool attended = std::any_of(
        directory.grants.begin(), directory.grants.end(),
        [&](const auto& g) { return g.role == desk::Role::kRecipient && g.office == office; });
    if (!attended && directory.FindOffice(office) != nullptr) {
      std::fprintf(stderr,
                   "warning: nobody holds the recipient role at %s: the cable will wait there "
                   "unread (grant one with `chancery desk grant USER recipient %s`)\n",
                   office.c_str(), office.c_str());
    }
  }
}

std::string FormatMicros(int64_t micros) {
  if (micros == 0) {
    return "-";
  }
  const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof(buffer), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

Result<int64_t> ParseMicros(const std::string& text, const std::string& what) {
  std::tm tm{};
  const char* end = strptime(text.c_str(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  if (end == nullptr || *end != '\0') {
    tm = std::tm{};
    end = strptime(text.c_str(), "%Y-%m-%d", &tm);
  }
  if (end == nullptr || *end != '\0') {
    return InvalidArgument(what + ": expected YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, got \"" + text +
                           "\"");
  }
  return static_cast<int64_t>(timegm(&tm)) * 1000000;
}

void PrintDraft(const desk::Draft& draft, const desk::Directory* directory) {
  const model::Cable& c = draft.spec.content;
  std::printf("draft %s  version %lld  %s\n", draft.id.c_str(),
              static_cast<long long>(draft.version),
              std::string(desk::DraftStateName(draft.state)).c_str());
  std::printf("  office:  %s   drafter: %s\n", draft.spec.office.c_str(), draft.drafter.c_str());
  std::printf("  label:   %s\n", draft.banner.ToBanner().c_str());
  std::printf("  title:   %s\n", std::string(model::DisplayTitle(c)).c_str());
  for (const model::Addressee& a : c.addressees) {
    std::printf("  %-6s   %s%s\n", std::string(model::AddresseeRoleName(a.role)).c_str(),
                a.name.c_str(), a.is_group ? " (group)" : "");
  }
  for (const desk::ApprovalStep& s : draft.steps) {
    std::string who = s.user;
    if (directory != nullptr && directory->DisplayName(s.user) != s.user) {
      who += " (" + directory->DisplayName(s.user) + ")";
    }
    std::printf("  %-9s %-20s %-8s v%lld%s%s\n", std::string(desk::StepKindName(s.kind)).c_str(),
                who.c_str(), std::string(desk::StepStateName(s.state)).c_str(),
                static_cast<long long>(s.draft_version), s.signature ? "  signed" : "",
                s.comment.empty() ? "" : ("  \"" + s.comment + "\"").c_str());
  }
  if (!draft.released_cable_id.empty()) {
    std::printf("  released as %s\n", draft.released_cable_id.c_str());
  }
}

void PrintRelease(const desk::Release& r, const std::vector<desk::Delivery>& deliveries) {
  std::printf("released %s  serial %s  DTG %s\n", r.cable_id.c_str(), r.serial.original.c_str(),
              r.dtg.c_str());
  std::printf("  releaser: %s  at %s\n", r.releaser.c_str(),
              FormatMicros(r.released_micros).c_str());
  if (r.commitment_version >= 2) {
    std::printf("  commitment v%d root: %s\n", static_cast<int>(r.commitment_version),
                r.commitment_root.c_str());
  } else {
    std::printf("  text sha256: %s\n  merkle root: %s\n", r.text_digest.c_str(),
                r.merkle_root.c_str());
  }
  std::vector<std::string> delivered;
  std::vector<const desk::Delivery*> refused;
  for (const std::string& office : r.recipients) {
    auto d = std::find_if(deliveries.begin(), deliveries.end(),
                          [&](const desk::Delivery& x) { return x.office == office; });
    if (d != deliveries.end() && d->state == desk::DeliveryState::kNonDelivered) {
      refused.push_back(&*d);
    } else {
      delivered.push_back(office);
    }
  }
  std::printf("  recipients: %s\n", Join(delivered, ", ").c_str());
  for (const desk::Delivery* d : refused) {
    std::printf("  NOT DELIVERED: %s (%s)\n", d->office.c_str(), d->reason.c_str());
  }
}

void PrintDelivery(const desk::Delivery& d) {
  std::printf("  %-16s %-7s %-9s %-14s due %s%s%s\n", d.office.c_str(),
              std::string(model::AddresseeRoleName(d.role)).c_str(),
              std::string(model::PrecedenceRankName(d.precedence)).c_str(),
              std::string(desk::DeliveryStateName(d.state)).c_str(),
              FormatMicros(d.due_micros).c_str(),
              d.acknowledged_by.empty() ? "" : ("  ack " + d.acknowledged_by).c_str(),
              d.reason.empty() ? "" : ("  (" + d.reason + ")").c_str());
}

void PrintInboxItem(const desk::InboxItem& item) {
  const desk::Delivery& d = item.delivery;
  std::printf("%-9s %-24s %-14s %-28s %s%s\n",
              std::string(model::PrecedenceRankName(d.precedence)).c_str(), d.cable_id.c_str(),
              d.dtg.c_str(), item.serial.c_str(), item.title.c_str(),
              item.overdue ? "  OVERDUE" : "");
  std::printf("          %s  %s  %s\n", item.label.c_str(),
              std::string(desk::DeliveryStateName(d.state)).c_str(),
              d.requires_ack ? "ack required" : "");
}

void PrintThread(const desk::ThreadNode& node, int depth) {
  std::printf("%*s%s  %s  %s%s\n", depth * 2, "", node.cable_id.c_str(), node.serial.c_str(),
              node.title.c_str(), node.reply_overdue ? "  REPLY OVERDUE" : "");
  for (const desk::ThreadNode& reply : node.replies) {
    PrintThread(reply, depth + 1);
  }
}

}  // namespace chancery::cli
