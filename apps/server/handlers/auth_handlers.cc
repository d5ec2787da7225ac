// Sign-in sessions, API tokens and user administration.
#include "chancery/records/records.h"

#include "credentials.h"
#include "handlers.h"
#include "login_limiter.h"
#include "sessions.h"

namespace chancery::server::handlers {

namespace {

constexpr std::string_view kSignInFailed = "wrong user name or password";

nlohmann::json ClearanceJson(const security::Clearance& c) {
  return {{"level", c.level},
          {"categories", c.categories},
          {"groups", c.groups},
          {"offices", c.offices},
          {"roles", c.roles}};
}

Result<security::Clearance> ClearanceFrom(const nlohmann::json& body) {
  auto it = body.find("clearance");
  if (it == body.end() || !it->is_object()) {
    return InvalidArgument("member clearance: expected an object {level, categories, ...}");
  }
  security::Clearance c;
  CHANCERY_ASSIGN_OR_RETURN(c.level, RequiredString(*it, "level"));
  CHANCERY_ASSIGN_OR_RETURN(c.categories, StringListMember(*it, "categories"));
  CHANCERY_ASSIGN_OR_RETURN(c.groups, StringListMember(*it, "groups"));
  CHANCERY_ASSIGN_OR_RETURN(c.offices, StringListMember(*it, "offices"));
  CHANCERY_ASSIGN_OR_RETURN(c.roles, StringListMember(*it, "roles"));
  return c;
}

std::string Cookie(std::string_view name, std::string_view value, bool http_only, bool secure,
                   bool expire) {
  std::string c = std::string(name) + "=" + std::string(value) + "; Path=/; SameSite=Strict";
  if (http_only)
    c += "; HttpOnly";
  if (secure)
    c += "; Secure";
  if (expire)
    c += "; Max-Age=0";
  return c;
}

nlohmann::json WhoAmI(const Call& call, std::string_view csrf) {
  nlohmann::json j = {
      {"authenticated", !call.user.empty()},
      {"user", call.user.empty() ? nlohmann::json(nullptr) : nlohmann::json(call.user)},
      {"administrator", call.subject.administrator},
      {"clearance", ClearanceJson(call.subject.clearance)}};
  if (!csrf.empty())
    j["csrf_token"] = std::string(csrf);
  return j;
}

nlohmann::json TokenJson(const TokenInfo& t) {
  return {{"id", t.id}, {"name", t.name}, {"user", t.user}, {"created_micros", t.created_micros}};
}

}  // namespace

Result<Reply> Login(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string user, RequiredString(body, "user"));
  CHANCERY_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
  const std::vector<std::string> keys = {"user:" + user, "ip:" + call.http.remote_addr};
  CHANCERY_ASSIGN_OR_RETURN(const int64_t retry, s.limiter->RetryAfterSeconds(keys));
  if (retry > 0) {
    Reply reply = JsonReply(Dump({{"error", "too many failed sign-ins: retry later"}}), 429);
    reply.headers.emplace_back("Retry-After", std::to_string(retry));
    return reply;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::optional<int64_t> version,
                            s.credentials->MatchPassword(user, password));
  Result<security::Subject> subject =
      version ? s.records->ResolveSubject(std::string_view(user)) : Unauthenticated(kSignInFailed);
  if (!subject.ok()) {
    CHANCERY_RETURN_IF_ERROR(s.limiter->RecordFailure(keys));
    CHANCERY_RETURN_IF_ERROR(s.credentials->AuditFailedSignIn(user, call.http.remote_addr));
    return Unauthenticated(kSignInFailed);
  }
  CHANCERY_RETURN_IF_ERROR(s.limiter->Reset(keys[0]));
  CHANCERY_RETURN_IF_ERROR(s.credentials->AuditSignIn(user, call.http.remote_addr));
  Session session;
  CHANCERY_ASSIGN_OR_RETURN(const std::string token, s.sessions->Create(user, *version, &session));
  const bool secure = s.config->CookiesSecure();
  call.user = user;
  call.subject = std::move(subject).value();
  Reply reply = JsonReply(Dump(WhoAmI(call, session.csrf)));
  reply.headers.emplace_back("Set-Cookie", Cookie("chancery_session", token, true, secure, false));
  reply.headers.emplace_back("Set-Cookie",
                             Cookie("chancery_csrf", session.csrf, false, secure, false));
  return reply;
}

Result<Reply> Me(Services&, Call& call) {
  return JsonReply(Dump(WhoAmI(call, call.csrf)));
}

Result<Reply> Logout(Services& s, Call& call) {
  if (!call.session_token.empty()) {
    CHANCERY_RETURN_IF_ERROR(s.sessions->Remove(call.session_token));
    CHANCERY_RETURN_IF_ERROR(s.credentials->AuditSignOut(call.user, "ok (signed out)"));
  }
  const bool secure = s.config->CookiesSecure();
  Reply reply = JsonReply(Dump({{"signed_out", true}}));
  reply.headers.emplace_back("Set-Cookie", Cookie("chancery_session", "", true, secure, true));
  reply.headers.emplace_back("Set-Cookie", Cookie("chancery_csrf", "", false, secure, true));
  return reply;
}

Result<Reply> ListTokens(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<TokenInfo> tokens, s.credentials->ListTokens(call.user));
  nlohmann::json list = nlohmann::json::array();
  for (const TokenInfo& t : tokens)
    list.push_back(TokenJson(t));
  return JsonReply(Dump({{"tokens", list}}));
}

Result<Reply> CreateToken(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> name, StringMember(body, "name"));
  CHANCERY_ASSIGN_OR_RETURN(auto created, s.credentials->CreateToken(call.user, name.value_or("")));
  nlohmann::json j = TokenJson(created.second);
  j["token"] = created.first;
  return JsonReply(Dump(j), 201);
}

Result<Reply> RevokeToken(Services& s, Call& call) {
  CHANCERY_RETURN_IF_ERROR(s.credentials->RevokeToken(call.user, call.user, call.path["id"]));
  return JsonReply(Dump({{"revoked", call.path["id"]}}));
}

Result<Reply> ListUserTokens(Services& s, Call& call) {
  const std::string& name = call.path["name"];
  if (!s.records->ResolveSubject(std::string_view(name)).ok())
    return NotFound("unknown user " + name);
  CHANCERY_ASSIGN_OR_RETURN(std::vector<TokenInfo> tokens, s.credentials->ListTokens(name));
  nlohmann::json list = nlohmann::json::array();
  for (const TokenInfo& t : tokens)
    list.push_back(TokenJson(t));
  return JsonReply(Dump({{"tokens", list}}));
}

Result<Reply> RevokeUserToken(Services& s, Call& call) {
  const std::string& name = call.path["name"];
  CHANCERY_RETURN_IF_ERROR(s.credentials->RevokeToken(call.user, name, call.path["id"]));
  return JsonReply(Dump({{"revoked", call.path["id"]}, {"user", name}}));
}

Result<Reply> ListUsers(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<records::UserSpec> users,
                            s.records->ListUsers(call.subject));
  nlohmann::json list = nlohmann::json::array();
  for (const records::UserSpec& u : users) {
    list.push_back({{"name", u.name},
                    {"administrator", u.administrator},
                    {"security_officer", u.security_officer},
                    {"clearance", ClearanceJson(u.clearance)}});
  }
  return JsonReply(Dump({{"users", list}}));
}

Result<Reply> AddUser(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  records::UserSpec spec;
  CHANCERY_ASSIGN_OR_RETURN(spec.name, RequiredString(body, "name"));
  CHANCERY_ASSIGN_OR_RETURN(spec.clearance, ClearanceFrom(body));
  CHANCERY_ASSIGN_OR_RETURN(std::optional<bool> admin, BoolMember(body, "administrator"));
  spec.administrator = admin.value_or(false);
  CHANCERY_ASSIGN_OR_RETURN(std::optional<bool> officer, BoolMember(body, "security_officer"));
  spec.security_officer = officer.value_or(false);
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> password, StringMember(body, "password"));
  CHANCERY_ASSIGN_OR_RETURN(records::UserChangeResult result,
                            s.records->ChangeUser(call.subject, spec));
  nlohmann::json j = {{"name", spec.name},
                      {"administrator", spec.administrator},
                      {"security_officer", spec.security_officer},
                      {"clearance", ClearanceJson(spec.clearance)}};
  if (!result.applied) {
    // Separation of duties: the change waits for a second administrator; no password is set
    // for a user that does not exist yet.
    j["pending"] = result.pending_id;
    return JsonReply(Dump(j), 202);
  }
  if (password) {
    CHANCERY_RETURN_IF_ERROR(s.credentials->SetPassword(call.user, spec.name, *password));
  }
  return JsonReply(Dump(j), 201);
}

namespace {

nlohmann::json UserJson(const records::UserSpec& u) {
  return {{"name", u.name},
          {"administrator", u.administrator},
          {"security_officer", u.security_officer},
          {"clearance", ClearanceJson(u.clearance)}};
}

}  // namespace

Result<Reply> ListUserChanges(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(std::vector<records::PendingUserChange> changes,
                            s.records->PendingUserChanges(call.subject));
  nlohmann::json list = nlohmann::json::array();
  for (const records::PendingUserChange& c : changes) {
    list.push_back({{"id", c.id},
                    {"change", UserJson(c.change)},
                    {"before", c.before ? UserJson(*c.before) : nlohmann::json(nullptr)},
                    {"proposer", c.proposer},
                    {"proposed_micros", c.proposed_micros}});
  }
  return JsonReply(Dump({{"changes", list}}));
}

Result<Reply> ConcurUserChange(Services& s, Call& call) {
  CHANCERY_RETURN_IF_ERROR(s.records->ConcurUserChange(call.subject, call.path["id"]));
  return JsonReply(Dump({{"concurred", call.path["id"]}}));
}

Result<Reply> RejectUserChange(Services& s, Call& call) {
  CHANCERY_RETURN_IF_ERROR(s.records->RejectUserChange(call.subject, call.path["id"]));
  return JsonReply(Dump({{"rejected", call.path["id"]}}));
}

Result<Reply> SetUserPassword(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(nlohmann::json body, ParseJsonObject(call.http.body));
  CHANCERY_ASSIGN_OR_RETURN(std::string password, RequiredString(body, "password"));
  const std::string& name = call.path["name"];
  Result<security::Subject> user = s.records->ResolveSubject(std::string_view(name));
  if (!user.ok())
    return NotFound("unknown user " + name);
  CHANCERY_RETURN_IF_ERROR(s.credentials->SetPassword(call.user, name, password));
  // The password version check would end them at their next request; end them now.
  CHANCERY_ASSIGN_OR_RETURN(const size_t ended, s.sessions->RemoveUser(name));
  if (ended > 0) {
    CHANCERY_RETURN_IF_ERROR(s.credentials->AuditSignOut(name, "ok (password changed)"));
  }
  return JsonReply(Dump({{"name", name}, {"password_set", true}}));
}

}  // namespace chancery::server::handlers
