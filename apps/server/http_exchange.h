// One HTTP request and its response as chanceryd's HTTP layer (http_listener.h) hands them to the
// server: plain values, independent of the HTTP library. HttpRequest has the accessors handlers
// used on cpp-httplib's Request (method, path, target, body, remote_addr, get_header_value), so
// the handlers did not change when the server moved to Boost.Beast. Not thread-safe; an Exchange
// is used by one thread at a time (the connection's strand, then one worker, then the strand).
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chancery::server {

struct HttpRequest {
  std::string method;  // "GET", "HEAD", ... as sent (upper case for known methods)
  std::string target;  // as sent: "/api/search?q=x"
  std::string path;    // target before '?', percent-decoded ('+' stays '+')
  std::vector<std::pair<std::string, std::string>> headers;  // in order, names as sent
  std::string body;
  std::string remote_addr;  // the peer's IP address ("127.0.0.1", "::1")

  // The first value of header `name` (case-insensitive), or "" when absent.
  std::string get_header_value(std::string_view name) const;
  bool has_header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string body;
  std::string content_type;  // "" = no Content-Type header
  std::vector<std::pair<std::string, std::string>> headers;

  void set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
  }
};

// What the server decides once a request's head has been read, before its body is.
struct HeadDecision {
  int64_t body_limit = 0;   // bytes the body may have (Content-Length or chunked in total)
  bool answered = false;    // true: send `response` now, read no body, close the connection
  bool probe = false;       // true: run on the probe workers (bypasses the admission gate)
  std::string limit_owner;  // route pattern named in the 413 message ("/api/session")
};

// A request and everything the access log and the metrics need about it.
struct Exchange {
  HttpRequest request;
  HttpResponse response;
  std::chrono::steady_clock::time_point start = std::chrono::steady_clock::now();
  bool begun = false;  // the server saw the head (Server::OnHead ran)
  std::string route;   // route pattern, "static", "unmatched" or "malformed"
  std::string user;    // "" when anonymous
};

// "/a%20b" → "/a b"; an invalid %-escape is kept as is (as cpp-httplib did).
std::string DecodePath(std::string_view path);

}  // namespace chancery::server
