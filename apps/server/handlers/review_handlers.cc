// The archive over HTTP (docs/archive.md, docs/server.md "Review"): the review queue, a record's
// review, decisions on spans, concurrence, preview, publication, readers' review requests and
// proof bundles. Every route calls the archive, which decides read access first (a record the
// caller may not read is the 404 of a missing one, same bytes), checks roles and audits each
// operation itself, refusals included.
#include "chancery/archive/alerts.h"
#include "chancery/archive/archive.h"
#include "chancery/format/json.h"
#include "chancery/records/records.h"

#include "handlers.h"
#include "json/desk_json.h"
#include "json/review_json.h"

namespace chancery::server::handlers {

namespace {

Result<archive::Archive*> ArchiveOf(Services& s) {
  if (s.archive == nullptr)
    return Unavailable("the archive is not available");
  return s.archive;
}

Result<Reply> DecisionReply(const Result<archive::Decision>& d) {
  if (!d.ok())
    return d.status();
  return JsonReply(Dump(DecisionJson(*d)), 201);
}

// An optional JSON object body: {} when empty.
Result<nlohmann::json> OptionalBody(const Call& call) {
  if (call.http.body.empty())
    return nlohmann::json::object();
  return ParseJsonObject(call.http.body);
}

}  // namespace

Result<Reply> ReviewQueue(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::QueueItem> items, a->Queue(call.subject));
  nlohmann::json list = nlohmann::json::array();
  for (const archive::QueueItem& item : items)
    list.push_back(QueueItemJson(item));
  return JsonReply(Dump({{"user", call.user}, {"items", std::move(list)}}));
}

Result<Reply> ReviewStatus(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::ReviewStatus status, a->Review(call.subject, call.path["id"]));
  return JsonReply(Dump(ReviewStatusJson(status, s.records->policy().archive.exemptions)));
}

// Body: {"spans": ["/body/3/text#w5-7", ...]} or {"phrase": "..."}, and "code".
Result<Reply> ReviewWithhold(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  archive::WithholdRequest request;
  CHANCERY_ASSIGN_OR_RETURN(request.spans, SpansMember(body, "spans"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> phrase, StringMember(body, "phrase"));
  request.phrase = phrase.value_or("");
  CHANCERY_ASSIGN_OR_RETURN(request.code, RequiredString(body, "code"));
  if (request.spans.empty() == request.phrase.empty())
    return InvalidArgument("give exactly one of member spans (a non-empty list) or phrase");
  return DecisionReply(a->Withhold(call.subject, call.path["id"], request));
}

Result<Reply> ReviewRelease(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  return DecisionReply(a->Release(call.subject, call.path["id"]));
}

// Body: {"office": "MFA", "spans": [...]} (no spans: the whole record).
Result<Reply> ReviewRefer(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string office, RequiredString(body, "office"));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::Span> spans, SpansMember(body, "spans"));
  return DecisionReply(a->Refer(call.subject, call.path["id"], office, spans));
}

// The referral's decision id "<record>/<round>/<n>" is the three path segments after
// /referrals/ (docs/server.md "Review"). Body: {"withhold": true, "code": "25X1"} or
// {"withhold": false}.
Result<Reply> ReviewAnswer(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<bool> withhold, BoolMember(body, "withhold"));
  if (!withhold)
    return InvalidArgument("member withhold: required (true or false)");
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> code, StringMember(body, "code"));
  const std::string decision_id =
      call.path["record"] + "/" + call.path["round"] + "/" + call.path["n"];
  return DecisionReply(a->Answer(call.subject, decision_id, *withhold, code.value_or("")));
}

Result<Reply> ReviewConcur(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  return DecisionReply(a->Concur(call.subject, call.path["id"]));
}

// Body: {"reason": "..."} (required).
Result<Reply> ReviewReopen(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, OptionalBody(call));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> reason, StringMember(body, "reason"));
  if (!reason || reason->empty())
    return InvalidArgument("member reason: required");
  CHANCERY_RETURN_IF_ERROR(a->Reopen(call.subject, call.path["id"], *reason));
  CHANCERY_ASSIGN_OR_RETURN(archive::ReviewStatus status, a->Review(call.subject, call.path["id"]));
  return JsonReply(Dump(ReviewStatusJson(status, s.records->policy().archive.exemptions)));
}

// Body: {"due": "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM:SSZ"}.
Result<Reply> ReviewSetDue(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string due, RequiredString(body, "due"));
  CHANCERY_ASSIGN_OR_RETURN(int64_t micros, ParseIsoMicros(due, "member due"));
  CHANCERY_RETURN_IF_ERROR(a->SetDue(call.subject, call.path["id"], micros));
  CHANCERY_ASSIGN_OR_RETURN(archive::ReviewStatus status, a->Review(call.subject, call.path["id"]));
  return JsonReply(Dump(ReviewStatusJson(status, s.records->policy().archive.exemptions)));
}

Result<Reply> ReviewPreview(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(model::Cable preview, a->Preview(call.subject, call.path["id"]));
  return JsonReply(format::CableToJson(preview));
}

Result<Reply> ReviewPublish(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(archive::PublishedVersion p, a->Publish(call.subject, call.path["id"]));
  if (s.alerts != nullptr) {
    (void)s.alerts->Run();  // on publish: match the new record against saved searches now
  }
  nlohmann::json j = PublishedVersionJson(p);
  j["withheld_in_full"] = p.number == 0;
  return JsonReply(Dump(j), 201);
}

// Body: {"reason": "why", "number": N (optional: the latest public published version)}.
Result<Reply> ReviewWithdraw(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string reason, RequiredString(body, "reason"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> number, IntMember(body, "number"));
  if (number.has_value() && *number < 1)
    return InvalidArgument("member number: a published version number, 1 or more");
  CHANCERY_ASSIGN_OR_RETURN(archive::PublishedVersion p,
                            a->Withdraw(call.subject, call.path["id"], number.value_or(0), reason));
  return JsonReply(Dump(PublishedVersionJson(p)));
}

// Body: {"record": "<id, serial or published version id>", "text": "what and why"}.
Result<Reply> FileReviewRequest(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string record, RequiredString(body, "record"));
  CHANCERY_ASSIGN_OR_RETURN(std::string text, RequiredString(body, "text"));
  CHANCERY_ASSIGN_OR_RETURN(archive::ReviewRequest r, a->RequestReview(call.subject, record, text));
  return JsonReply(Dump(ReviewRequestJson(r)), 201);
}

Result<Reply> MyReviewRequests(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::ReviewRequest> rs, a->MyRequests(call.subject));
  nlohmann::json list = nlohmann::json::array();
  for (const archive::ReviewRequest& r : rs)
    list.push_back(ReviewRequestJson(r));
  return JsonReply(Dump({{"user", call.user}, {"requests", std::move(list)}}));
}

// The bundle exactly as the archive wrote it (canonical JSON: re-serializing would break its
// digest). ?version=N picks published version N of an original (default: the latest).
Result<Reply> RecordProof(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Archive * a, ArchiveOf(s));
  int64_t number = 0;
  if (auto v = FindParam(call.query, "version")) {
    CHANCERY_ASSIGN_OR_RETURN(number, ParseIntParam("version", *v, 1, 1'000'000));
  }
  CHANCERY_ASSIGN_OR_RETURN(std::string bundle, a->Proof(call.subject, call.path["id"], number));
  return JsonReply(std::move(bundle));
}

Result<Reply> Exemptions(Services& s, Call&) {
  return JsonReply(Dump({{"exemptions", ExemptionsJson(s.records->policy().archive.exemptions)}}));
}

}  // namespace chancery::server::handlers
