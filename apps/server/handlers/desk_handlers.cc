// The cable desk's directory, drafts and approvals.
#include "handlers.h"
#include "json/desk_json.h"

namespace chancery::server::handlers {

namespace {

Result<desk::Desk*> DeskOf(Services& s) {
  if (s.desk == nullptr)
    return Unavailable("the cable desk is not available");
  return s.desk;
}

Result<Reply> DraftReply(const Result<desk::Draft>& draft, int status = 200) {
  if (!draft.ok())
    return draft.status();
  return JsonReply(Dump(DraftJson(*draft)), status);
}

// The optional {"comment": "..."} body of approve and reject.
Result<std::string> CommentOf(const Call& call, bool required) {
  std::string comment;
  if (!call.http.body.empty()) {
    CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
    CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> c, StringMember(body, "comment"));
    comment = c.value_or("");
  }
  if (required && comment.empty())
    return InvalidArgument("member comment: required");
  return comment;
}

}  // namespace

Result<Reply> GetDirectory(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(auto directory, d->GetDirectory(call.subject));
  return JsonReply(Dump(DirectoryJson(directory.first, directory.second)));
}

// Body: {"text": "<directory file>", "expected_version": n}.
Result<Reply> PutDirectory(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string text, RequiredString(body, "text"));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> expected, IntMember(body, "expected_version"));
  CHANCERY_ASSIGN_OR_RETURN(desk::Directory directory, desk::ParseDirectory(text, "directory"));
  CHANCERY_RETURN_IF_ERROR(d->ReplaceDirectory(call.subject, directory, expected));
  CHANCERY_ASSIGN_OR_RETURN(auto stored, d->GetDirectory(call.subject));
  return JsonReply(Dump(DirectoryJson(stored.first, stored.second)));
}

Result<Reply> CreateDraft(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(desk::DraftSpec spec, DraftSpecFromJson(body));
  return DraftReply(d->CreateDraft(call.subject, spec), 201);
}

Result<Reply> GetDraft(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  return DraftReply(d->GetDraft(call.subject, call.path["id"]));
}

// Body: a draft spec (DraftSpecFromJson) plus "expected_version" (required).
Result<Reply> EditDraft(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> expected, IntMember(body, "expected_version"));
  if (!expected)
    return InvalidArgument("member expected_version: required");
  CHANCERY_ASSIGN_OR_RETURN(desk::DraftSpec spec, DraftSpecFromJson(body));
  return DraftReply(d->EditDraft(call.subject, call.path["id"], *expected, spec));
}

Result<Reply> DraftVersions(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<desk::DraftSpec> versions,
                            d->DraftVersions(call.subject, call.path["id"]));
  nlohmann::json list = nlohmann::json::array();
  for (size_t i = 0; i < versions.size(); ++i) {
    nlohmann::json v = DraftSpecJson(versions[i]);
    v["version"] = i + 1;
    list.push_back(std::move(v));
  }
  return JsonReply(Dump({{"id", call.path["id"]}, {"versions", std::move(list)}}));
}

Result<Reply> SubmitDraft(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  return DraftReply(d->Submit(call.subject, call.path["id"]));
}

Result<Reply> ApproveDraft(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::string comment, CommentOf(call, false));
  return DraftReply(d->DecideStep(call.subject, call.path["id"], true, comment));
}

Result<Reply> RejectDraft(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::string comment, CommentOf(call, true));
  return DraftReply(d->DecideStep(call.subject, call.path["id"], false, comment));
}

Result<Reply> ApprovalQueue(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(desk::Desk * d, DeskOf(s));
  CHANCERY_ASSIGN_OR_RETURN(std::vector<desk::Draft> drafts, d->ApprovalQueue(call.subject));
  nlohmann::json list = nlohmann::json::array();
  for (const desk::Draft& draft : drafts)
    list.push_back(DraftJson(draft));
  return JsonReply(Dump({{"drafts", std::move(list)}}));
}

}  // namespace chancery::server::handlers
