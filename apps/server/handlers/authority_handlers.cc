// Name authorities over HTTP (docs/authorities.md, docs/api/openapi.yaml): find, show (with the
// records the caller may read that name the person), and who held a post on a day. Authorities
// are public reference data; the records are searched as the caller (Records::Search).
#include <nlohmann/json.hpp>

#include "chancery/archive/authorities.h"
#include "chancery/archive/authority_json.h"

#include "handlers.h"
#include "request_parse.h"

namespace chancery::server::handlers {
namespace {

using Json = nlohmann::json;

using archive::AuthorityJson;
using archive::PostJson;

Result<archive::Authorities*> Need(Services& s) {
  if (s.authorities == nullptr)
    return Unavailable("name authorities unavailable");
  return s.authorities;
}

}  // namespace

Result<Reply> FindAuthorities(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Authorities * a, Need(s));
  const std::string q = FindParam(call.query, "q").value_or("");
  std::optional<archive::AuthorityKind> kind;
  if (auto k = FindParam(call.query, "kind"); k.has_value() && !k->empty()) {
    archive::AuthorityKind parsed;
    if (!archive::ParseAuthorityKind(*k, &parsed)) {
      return InvalidArgument("kind: expected person, office, organization or subject");
    }
    kind = parsed;
  }
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::Authority> found, a->Find(q, kind, 50));
  Json items = Json::array();
  for (const archive::Authority& x : found)
    items.push_back(AuthorityJson(x));
  return JsonReply(Dump({{"q", q}, {"items", std::move(items)}}));
}

Result<Reply> GetAuthority(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Authorities * a, Need(s));
  uint32_t limit = 20;
  if (auto l = FindParam(call.query, "limit"); l.has_value()) {
    try {
      limit = static_cast<uint32_t>(std::stoul(*l));
    } catch (const std::exception&) {
      return InvalidArgument("limit: not a number");
    }
    if (limit > 100)
      return InvalidArgument("limit: at most 100");
  }
  CHANCERY_ASSIGN_OR_RETURN(archive::AuthorityView view,
                            a->Show(call.subject, call.path["id"], limit));
  Json j = AuthorityJson(view.authority);
  Json years = Json::array();
  for (const auto& [y, n] : view.by_year)
    years.push_back({{"year", y}, {"count", n}});
  Json hits = Json::array();
  for (const archive::Mention& m : view.mentions) {
    hits.push_back({{"id", m.id}, {"title", m.title}, {"date", m.date}});
  }
  j["records"] = {{"total", view.records}, {"by_year", years}, {"hits", hits}};
  j["query"] = view.query;
  return JsonReply(Dump(j));
}

Result<Reply> AuthorityChiefs(Services& s, Call& call) {
  CHANCERY_ASSIGN_OR_RETURN(archive::Authorities * a, Need(s));
  const std::string post = FindParam(call.query, "post").value_or("");
  const std::string on = FindParam(call.query, "on").value_or("");
  CHANCERY_ASSIGN_OR_RETURN(std::vector<archive::ChiefAnswer> chiefs, a->Chief(post, on));
  Json items = Json::array();
  for (const archive::ChiefAnswer& c : chiefs) {
    items.push_back({{"person", AuthorityJson(c.person)}, {"post", PostJson(c.post)}});
  }
  return JsonReply(Dump({{"post", post}, {"on", on}, {"items", std::move(items)}}));
}

}  // namespace chancery::server::handlers
