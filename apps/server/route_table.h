// The route table: every HTTP route of chanceryd with its method, path pattern, who may call it,
// its body limit and its handler (routes.cc, one screen). The server dispatches from it, the
// 413 check reads its limits, and `chanceryd --list-routes` prints it for the OpenAPI coverage
// test (tests/server/openapi_coverage_test.cc).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chancery/base/result.h"
#include "chancery/security/decide.h"

#include "config.h"
#include "http_exchange.h"
#include "request_parse.h"

namespace chancery::records {
class Records;
}

namespace chancery::desk {
class Desk;
}

namespace chancery::archive {
class Archive;
class Authorities;
class Alerts;
}  // namespace chancery::archive

namespace chancery::server {

class Credentials;
class SessionTable;
class LoginLimiter;
class Metrics;
class AdmissionGate;

// Who may call a route. kPublic: anyone (the anonymous subject is the public reader); kUser: a
// signed-in user or an API token (401 otherwise); kAdmin: an administrator (403 otherwise).
enum class Access : int8_t { kPublic = 0, kUser, kAdmin };
std::string_view AccessName(Access access);  // "public", "user", "admin"

// Everything a handler may use; owned by the Server.
struct Services {
  records::Records* records = nullptr;
  desk::Desk* desk = nullptr;                   // nullptr when the desk could not be opened
  archive::Archive* archive = nullptr;          // nullptr when the archive could not be opened
  archive::Authorities* authorities = nullptr;  // name authorities (docs/authorities.md)
  archive::Alerts* alerts = nullptr;            // saved searches, alerts, sitemap (docs/alerts.md)
  Credentials* credentials = nullptr;
  SessionTable* sessions = nullptr;
  LoginLimiter* limiter = nullptr;
  Metrics* metrics = nullptr;
  AdmissionGate* gate = nullptr;
  const ServerConfig* config = nullptr;
  int port = 0;  // the bound port once Server::Bind() succeeded (config->port may be 0)
};

// One request as a handler sees it.
struct Call {
  const HttpRequest& http;
  Params query;
  std::map<std::string, std::string> path;  // {name} segments of the pattern
  security::Subject subject;                // the public reader when anonymous
  std::string user;                         // "" when anonymous
  std::string session_token;                // "" unless signed in by cookie
  std::string csrf;                         // the session's CSRF token, with session_token
};

struct Reply {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;
};

using Handler = std::function<Result<Reply>(Services&, Call&)>;

struct Route {
  std::string_view method;   // "GET", "POST", "PUT", "DELETE"
  std::string_view pattern;  // "/api/records/{id}": literal segments and {name} segments
  Access access = Access::kPublic;
  int64_t body_limit = 0;  // bytes; 0 = the configured default (max_body)
  Handler handler;
  std::string_view summary;
};

// The whole table (routes.cc).
const std::vector<Route>& RouteTable();

// The route for (method, path) and its {name} values; nullptr if none matches. A {name} segment
// matches one non-empty path segment.
const Route* MatchRoute(std::string_view method, std::string_view path,
                        std::map<std::string, std::string>* params);
// True if some route matches `path` with another method (for 405).
bool PathHasRoute(std::string_view path);

// A JSON reply with status 200 (or `status`).
Reply JsonReply(std::string body, int status = 200);

}  // namespace chancery::server
