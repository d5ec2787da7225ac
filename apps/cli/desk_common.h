// Shared pieces of `chancery desk ...`: opening the desk as a named user and printing its values.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "chancery/desk/desk.h"

#include "cli.h"

namespace chancery::cli {

// A records store, the desk over it, and the acting subject.
struct DeskSession {
  std::unique_ptr<records::Records> records;
  std::unique_ptr<desk::Desk> desk;
  security::Subject subject;
};

// Opens the store and the desk and resolves --as (required: desk verbs act as a named user;
// an empty `as` means the local operator, an administrator).
Result<DeskSession> OpenDesk(const GlobalOptions& global, const std::string& as);

// Human-readable forms.
// `directory` (may be null) names the users of the steps ("wu.xiuquan (Wu Xiuquan)").
void PrintDraft(const desk::Draft& draft, const desk::Directory* directory = nullptr);
// `deliveries` (the delivery report, may be empty) marks recipients not delivered to.
void PrintRelease(const desk::Release& release, const std::vector<desk::Delivery>& deliveries);
void PrintInboxItem(const desk::InboxItem& item);
void PrintDelivery(const desk::Delivery& delivery);
void PrintThread(const desk::ThreadNode& node, int depth);
// Issue 12 item 7: warns on stderr about each of `addressees` (office or group ids; groups
// expanded) at which nobody holds the recipient role, since a cable there waits unread.
void WarnUnattended(DeskSession& session, const std::vector<std::string>& addressees);
// "2026-11-26T22:53:42Z" for micros since the epoch; "-" for 0.
std::string FormatMicros(int64_t micros);
// Parses "2026-11-26T22:53:42Z" or "2026-11-26" (UTC); kInvalidArgument naming `what`.
Result<int64_t> ParseMicros(const std::string& text, const std::string& what);

void RegisterDeskDrafts(CLI::App& desk, GlobalOptions& global, Runner& run);
void RegisterDeskDelivery(CLI::App& desk, GlobalOptions& global, Runner& run);
void RegisterDeskDirectory(CLI::App& desk, GlobalOptions& global, Runner& run);

}  // namespace chancery::cli
