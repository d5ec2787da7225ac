// The JSON of an authority as `chancery authority ... --json` and GET /api/authorities... give it
// (docs/authorities.md, docs/api/openapi.yaml): one definition for the CLI and chanceryd.
// Header-only: callers link nlohmann_json themselves.
#pragma once

#include <nlohmann/json.hpp>

#include "chancery/archive/authorities.h"

namespace chancery::archive {

inline nlohmann::json PostJson(const PostHeld& p) {
  return {{"post", p.post},           {"post_name", p.post_name}, {"role", p.role},
          {"appointed", p.appointed}, {"started", p.started},     {"ended", p.ended},
          {"seat", p.seat},           {"source", p.source}};
}

inline nlohmann::json AuthorityJson(const Authority& a) {
  nlohmann::json posts = nlohmann::json::array();
  for (const PostHeld& p : a.posts) {
    posts.push_back(PostJson(p));
  }
  return {{"id", a.id},
          {"kind", AuthorityKindName(a.kind)},
          {"name", a.name},
          {"variants", a.variants},
          {"birth", a.birth},
          {"death", a.death},
          {"posts", posts},
          {"sources", a.sources},
          {"note", a.note},
          {"origin", a.origin},
          {"active_from", a.active_from},
          {"active_to", a.active_to}};
}

}  // namespace chancery::archive
