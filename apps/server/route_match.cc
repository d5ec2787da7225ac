// Matching request paths against the route table's patterns.
#include "route_table.h"

namespace chancery::server {

namespace {

// Splits "/a/b/c" into {"a", "b", "c"}; empty segments are kept so that "//" never matches.
std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path[0] != '/')
    return out;
  path.remove_prefix(1);
  while (true) {
    const size_t slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos)
      break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

bool Matches(std::string_view pattern, const std::vector<std::string_view>& segments,
             std::map<std::string, std::string>* params) {
  const std::vector<std::string_view> parts = Segments(pattern);
  if (parts.size() != segments.size())
    return false;
  std::map<std::string, std::string> found;
  for (size_t i = 0; i < parts.size(); ++i) {
    const std::string_view part = parts[i];
    if (part.size() >= 2 && part.front() == '{' && part.back() == '}') {
      if (segments[i].empty())
        return false;
      found[std::string(part.substr(1, part.size() - 2))] = std::string(segments[i]);
    } else if (part != segments[i]) {
      return false;
    }
  }
  if (params != nullptr)
    *params = std::move(found);
  return true;
}

}  // namespace

std::string_view AccessName(Access access) {
  switch (access) {
    case Access::kPublic:
      return "public";
    case Access::kUser:
      return "user";
    case Access::kAdmin:
      return "admin";
  }
  return "public";
}

const Route* MatchRoute(std::string_view method, std::string_view path,
                        std::map<std::string, std::string>* params) {
  const std::vector<std::string_view> segments = Segments(path);
  for (const Route& route : RouteTable()) {
    if (route.method == method && Matches(route.pattern, segments, params))
      return &route;
  }
  return nullptr;
}

bool PathHasRoute(std::string_view path) {
  const std::vector<std::string_view> segments = Segments(path);
  for (const Route& route : RouteTable()) {
    if (Matches(route.pattern, segments, nullptr))
      return true;
  }
  return false;
}

Reply JsonReply(std::string body, int status) {
  Reply reply;
  reply.status = status;
  reply.body = std::move(body);
  return reply;
}

}  // namespace chancery::server
