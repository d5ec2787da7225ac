// The cable desk's release, delivery, acknowledgement and threads.
#include "handlers.h"
#include "json/desk_json.h"

namespace chancery::server::handlers {

namespace {

Result<desk::Desk*> DeskOf(Services& s) {
  if (s.desk == nullptr)
    return Unavailable("the cable desk is not available");
  return s.desk;
}

nlohmann::json Items(const std::vector<desk::InboxItem>& items) {
  nlohmann::json list = nlohmann::json::array();
  for (const desk::InboxItem& item : items)
    list.push_back(InboxItemJson(item));
  return list;
}

}  // namespace

Result<Reply> ReleaseDraft(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(desk::Release release, d->ReleaseDraft(call.subject, call.path["id"]));
  return JsonReply(Dump(ReleaseJson(release)), 201);
}

Result<Reply> GetRelease(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(desk::Release release, d->GetRelease(call.subject, call.path["id"]));
  return JsonReply(Dump(ReleaseJson(release)));
}

Result<Reply> VerifyRelease(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  const Status verified = d->VerifyRelease(call.subject, call.path["id"]);
  if (verified.code() == StatusCode::kCorruption) {
    // Not a server fault: the answer to the question asked.
    return JsonReply(Dump({{"cable_id", call.path["id"]},
                           {"verified", false},
                           {"problem", std::string(verified.message())}}));
  }
  CHANCERY_RETURN_IF_ERROR(verified);
  return JsonReply(Dump({{"cable_id", call.path["id"]}, {"verified", true}}));
}

// ?pending=true hides acknowledged deliveries.
Result<Reply> Inbox(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  bool pending = false;
  if (auto p = FindParam(call.query, "pending")) {
    CHANCERY_ASSIGN_OR_RETURN(pending, ParseBoolParam("pending", *p));
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<desk::InboxItem> items,
                            d->Inbox(call.subject, call.path["office"], pending));
  return JsonReply(Dump({{"office", call.path["office"]}, {"items", Items(items)}}));
}

// Body: {"office": "EMB-MOSCOW"}.
Result<Reply> Acknowledge(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string office, RequiredString(body, "office"));
  CHANCERY_RETURN_IF_ERROR(d->Acknowledge(call.subject, call.path["id"], office));
  return JsonReply(
      Dump({{"cable_id", call.path["id"]}, {"office", office}, {"acknowledged", true}}));
}

Result<Reply> DeliveryReport(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<desk::Delivery> deliveries,
                            d->DeliveryReport(call.subject, call.path["id"]));
  nlohmann::json list = nlohmann::json::array();
  for (const desk::Delivery& delivery : deliveries)
    list.push_back(DeliveryJson(delivery));
  return JsonReply(Dump({{"cable_id", call.path["id"]}, {"deliveries", std::move(list)}}));
}

Result<Reply> Overdue(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<desk::InboxItem> items, d->Overdue(call.subject));
  return JsonReply(Dump({{"items", Items(items)}}));
}

Result<Reply> Thread(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(desk::ThreadNode root, d->Thread(call.subject, call.path["id"]));
  return JsonReply(Dump(ThreadJson(root)));
}

// Escalations addressed to an office (docs/desk.md "Escalation").
Result<Reply> Escalations(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<desk::Escalation> escalations,
                            d->Escalations(call.subject, call.path["office"]));
  nlohmann::json list = nlohmann::json::array();
  for (const desk::Escalation& e : escalations)
    list.push_back(EscalationJson(e));
  return JsonReply(Dump({{"office", call.path["office"]}, {"escalations", std::move(list)}}));
}

Result<Reply> RepliesOverdue(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<desk::ThreadNode> nodes, d->RepliesOverdue(call.subject));
  nlohmann::json list = nlohmann::json::array();
  for (const desk::ThreadNode& node : nodes)
    list.push_back(ThreadJson(node));
  return JsonReply(Dump({{"cables", std::move(list)}}));
}

}  // namespace chancery::server::handlers
