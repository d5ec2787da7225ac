// The request pipeline: route match, body limit, authentication (API token or session cookie),
// access check, CSRF check, handler, error mapping, metrics and the access log.
#include <chrono>
#include <cinttypes>
#include <ctime>
#include <limits>

#include "chancery/records/content_hash.h"
#include "chancery/records/records.h"

#include "credentials.h"
#include "feeds.h"
#include "handlers/handlers.h"
#include "http_errors.h"
#include "metrics.h"
#include "record_page.h"
#include "server.h"
#include "sessions.h"
#include "static_files.h"

namespace chancery::server {

namespace {

int64_t LimitFor(const Route& route, const ServerConfig& config) {
  if (route.body_limit < 0)
    return config.max_import_bytes;
  return route.body_limit == 0 ? config.max_body_bytes : route.body_limit;
}

void WriteError(HttpResponse& res, int status, std::string_view message) {
  res.status = status;
  res.body = ErrorBody(message);
  res.content_type = "application/json";
}

// HEAD is served wherever GET is: the route of GET, whose body the HTTP layer leaves out.
std::string_view RouteMethod(const std::string& method) {
  return method == "HEAD" ? std::string_view("GET") : std::string_view(method);
}

bool IsSafeMethod(const std::string& method) {
  return method == "GET" || method == "HEAD" || method == "OPTIONS";
}

Status CheckAccess(const Route& route, const Call& call) {
  if (route.access != Access::kPublic && call.user.empty()) {
    return Unauthenticated("sign in required");
  }
  if (route.access == Access::kAdmin && !call.subject.administrator) {
    return PermissionDenied("administrators only");
  }
  return Status::Ok();
}

// Double-submit: the session's token in both the chancery_csrf cookie and X-CSRF-Token.
Status CheckCsrf(const HttpRequest& req, const Call& call) {
  if (IsSafeMethod(req.method) || call.session_token.empty())
    return Status::Ok();
  const std::string header = req.get_header_value("X-CSRF-Token");
  const std::optional<std::string> cookie =
      CookieValue(req.get_header_value("Cookie"), "chancery_csrf");
  if (header.empty() || header != call.csrf || !cookie || *cookie != call.csrf) {
    return PermissionDenied("csrf token missing or wrong");
  }
  return Status::Ok();
}

std::string IsoNow() {
  const auto now = std::chrono::system_clock::now();
  const std::time_t seconds = std::chrono::system_clock::to_time_t(now);
  const auto millis =
      std::chrono::duration_cast<std::chrono::milliseconds>(now.time_since_epoch()).count() % 1000;
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[96];
  std::snprintf(buffer, sizeof(buffer), "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<int>(millis));
  return buffer;
}

}  // namespace

HeadDecision Server::OnHead(Exchange& exchange) {
  const HttpRequest& req = exchange.request;
  exchange.begun = true;
  metrics_->Begin();
  HeadDecision decision;
  const Route* route = MatchRoute(RouteMethod(req.method), req.path, nullptr);
  exchange.route = route != nullptr                  ? std::string(route->pattern)
                   : req.path.rfind("/api/", 0) == 0 ? "unmatched"
                                                     : "static";
  decision.probe = route != nullptr && route->method == "GET" &&
                   (req.path == "/healthz" || req.path == "/metrics");
  decision.body_limit = route != nullptr ? LimitFor(*route, config_) : config_.max_body_bytes;
  decision.limit_owner = route != nullptr ? std::string(route->pattern) : req.path;
  if (!req.has_header("Content-Length"))
    return decision;  // chunked or no body: the HTTP layer stops reading at body_limit
  const Result<int64_t> length =
      ParseIntParam("Content-Length", req.get_header_value("Content-Length"), 0,
                    std::numeric_limits<int64_t>::max());
  if (length.ok() && *length <= decision.body_limit)
    return decision;
  decision.answered = true;
  if (!length.ok()) {
    WriteError(exchange.response, 400, length.status().message());
  } else {
    WriteError(exchange.response, 413,
               "request body of " + std::to_string(*length) + " bytes over the limit of " +
                   std::to_string(decision.body_limit) + " for " + decision.limit_owner);
  }
  return decision;
}

Status Server::Authenticate(const HttpRequest& req, Call& call) {
  std::optional<std::string> user;
  const std::string authorization = req.get_header_value("Authorization");
  if (!authorization.empty()) {
    if (authorization.rfind("Bearer ", 0) != 0) {
      return Unauthenticated("authorization: expected a bearer token");
    }
    CHANCERY_ASSIGN_OR_RETURN(user, credentials_->UserForToken(authorization.substr(7)));
    if (!user)
      return Unauthenticated("invalid or revoked token");
  } else if (auto token = CookieValue(req.get_header_value("Cookie"), "chancery_session")) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<Session> session, sessions_->Lookup(*token));
    if (session) {
      // A password changed since sign-in (here or by `chanceryd --set-password`) ends the session.
      CHANCERY_ASSIGN_OR_RETURN(const int64_t version,
                                credentials_->PasswordVersion(session->user));
      if (version != session->password_version) {
        CHANCERY_RETURN_IF_ERROR(sessions_->Remove(*token));
      } else {
        user = session->user;
        call.session_token = *token;
        call.csrf = session->csrf;
      }
    }
  }
  Result<security::Subject> subject =
      user ? records_->ResolveSubject(std::string_view(*user)) : records_->ResolveSubject({});
  if (!subject.ok()) {
    if (user && subject.status().code() == StatusCode::kNotFound) {
      return Unauthenticated("user no longer registered");
    }
    return subject.status();
  }
  call.subject = std::move(subject).value();
  call.user = user.value_or("");
  return Status::Ok();
}

void Server::Dispatch(Exchange& exchange) {
  const HttpRequest& req = exchange.request;
  HttpResponse& res = exchange.response;
  // The probes bypass the gate (and run on their own threads): a liveness check or a scrape
  // queued behind a backlog of searches would report an overloaded but healthy server as dead,
  // and hide the backlog it measures.
  const bool probe = (req.method == "GET" || req.method == "HEAD") &&
                     (req.path == "/healthz" || req.path == "/metrics");
  AdmissionScope admitted(*gate_, !probe);
  std::map<std::string, std::string> path_params;
  const Route* route = MatchRoute(RouteMethod(req.method), req.path, &path_params);
  if (route == nullptr) {
    const bool api = req.path.rfind("/api/", 0) == 0;
    if (!api && (req.method == "GET" || req.method == "HEAD") && !PathHasRoute(req.path)) {
      ServeStatic(req, res);
    } else if (PathHasRoute(req.path)) {
      WriteError(res, 405, "method " + req.method + " not allowed on " + req.path);
    } else {
      WriteError(res, 404, "no route " + req.path);
    }
    return;
  }
  Call call{req, {}, std::move(path_params), {}, "", "", ""};
  const size_t q = req.target.find('?');
  Result<Params> query = ParseQueryString(
      q == std::string::npos ? std::string_view() : std::string_view(req.target).substr(q + 1));
  Status status = query.status();
  if (!status.ok() && route->pattern == "/oai") {
    status = Status::Ok();  // OAI answers a malformed query with its own badArgument (oai_handlers)
  }
  if (status.ok()) {
    if (query.ok()) {
      call.query = std::move(query).value();
    }
    status = Authenticate(req, call);
  }
  if (status.ok())
    status = CheckAccess(*route, call);
  if (status.ok())
    status = CheckCsrf(req, call);
  if (status.ok() && static_cast<int64_t>(req.body.size()) > LimitFor(*route, config_)) {
    WriteError(res, 413, "request body over the limit for " + std::string(route->pattern));
    return;
  }
  if (!status.ok()) {
    Finish(route, &call, status, res);
  } else {
    Finish(route, &call, route->handler(services_, call), res);
  }
  exchange.user = call.user;
}

void Server::Finish(const Route* route, Call* call, const Result<Reply>& reply, HttpResponse& res) {
  res.set_header("Cache-Control", "no-store");
  if (reply.ok()) {
    res.status = reply->status;
    for (const auto& [name, value] : reply->headers)
      res.set_header(name, value);
    res.body = reply->body;
    res.content_type = reply->content_type;
    return;
  }
  const Status& status = reply.status();
  const int http = HttpStatusFor(status.code());
  if (http >= 500 && status.code() != StatusCode::kUnavailable) {
    // Details of internal errors (paths, SQL) stay in the server's log.
    std::fprintf(stderr, "chanceryd: %s %s: %s\n", call->http.method.c_str(),
                 std::string(route->pattern).c_str(), status.ToString().c_str());
    WriteError(res, http, "internal error");
    return;
  }
  if (http == 401)
    res.set_header("WWW-Authenticate", "Bearer");
  WriteError(res, http, status.message());
}

void Server::ServeStatic(const HttpRequest& req, HttpResponse& res) {
  if (std::optional<RecordPath> record = ParseRecordPath(req.path)) {
    // A citation's permalink (docs/citations.md): the web UI's page, which routes itself to the
    // record, with citation_* meta tags when the anonymous reader may read that version. A
    // hidden record or version gets exactly the page a missing one gets.
    Result<StaticFile> page = ReadStatic(config_.web_root, "/index.html");
    if (!page.ok()) {
      WriteError(res, 404, page.status().message());
      return;
    }
    Result<security::Subject> reader = records_->ResolveSubject(std::nullopt);
    Result<records::RecordVersion> found =
        reader.ok() ? records_->ShowVersion(*reader, record->id, record->version)
                    : Result<records::RecordVersion>(reader.status());
    if (found.ok()) {
      const format::CitedVersion cited{found->version, handlers::PublicUrl(services_, req),
                                       records::ContentHash(found->cable)};
      page->body = WithHeadTags(std::move(page->body), CitationMetaTags(found->cable, cited) +
                                                           RecordJsonLd(found->cable, cited));
    }
    res.body = std::move(page->body);
    res.content_type = std::move(page->content_type);
    return;
  }
  Result<StaticFile> file = ReadStatic(config_.web_root, req.path);
  if (!file.ok()) {
    WriteError(res, 404, file.status().message());
    return;
  }
  res.body = std::move(file->body);
  res.content_type = std::move(file->content_type);
}

void Server::Log(const Exchange& exchange) {
  const HttpRequest& req = exchange.request;
  const HttpResponse& res = exchange.response;
  if (!exchange.begun)
    metrics_->Begin();  // a malformed head the HTTP layer answered itself
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - exchange.start).count();
  metrics_->End(req.method, exchange.route, res.status, seconds);
  if (log_ != nullptr) {
    nlohmann::json line = {{"time", IsoNow()},
                           {"method", req.method},
                           {"route", exchange.route},
                           {"path", req.path},
                           {"status", res.status},
                           {"bytes", res.body.size()},
                           {"duration_ms", seconds * 1000.0},
                           {"user", exchange.user},
                           {"client", req.remote_addr}};
    const std::string text = Dump(line) + "\n";
    std::lock_guard<std::mutex> lock(log_mu_);
    std::fwrite(text.data(), 1, text.size(), log_);
    std::fflush(log_);
  }
}

}  // namespace chancery::server
