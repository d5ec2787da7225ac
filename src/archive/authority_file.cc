// The two authority loaders' parsers: our own authority file (docs/format/authorities.md, JSON
// lines) and POCOM rows (format/pocom.h) mapped to authorities.
#include <algorithm>
#include <map>
#include <memory>
#include <set>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "archive/authority_internal.h"

namespace chancery::archive::internal {
namespace {

using Json = nlohmann::json;

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > 128)
    return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
                    c == '.' || c == ':';
    if (!ok)
      return false;
  }
  return id[0] != ':' && id[0] != '-';
}

bool Reserved(std::string_view id) {
  return id.rfind("pocom:", 0) == 0 || id.rfind("pocom-post:", 0) == 0 || id.rfind("frus:", 0) == 0;
}

Result<std::string> StringField(const Json& j, const std::string& where, const char* field) {
  if (!j.contains(field))
    return std::string();
  if (!j.at(field).is_string())
    return InvalidArgument(where + field + ": not a string");
  return j.at(field).get<std::string>();
}

Result<std::string> DateField(const Json& j, const std::string& where, const char* field) {
  CHANCERY_ASSIGN_OR_RETURN(std::string d, StringField(j, where, field));
  if (!d.empty() && !IsIsoDate(d)) {
    return InvalidArgument(where + field + ": not a date (YYYY, YYYY-MM or YYYY-MM-DD): \"" + d +
                           "\"");
  }
  return d;
}

Result<std::vector<std::string>> StringList(const Json& j, const std::string& where,
                                            const char* field) {
  std::vector<std::string> out;
  if (!j.contains(field))
    return out;
  if (!j.at(field).is_array())
    return InvalidArgument(where + field + ": not a list");
  for (const Json& v : j.at(field)) {
    if (!v.is_string() || v.get<std::string>().empty()) {
      return InvalidArgument(where + field + ": entries must be non-empty strings");
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

Result<PostHeld> ParsePost(const Json& pj, const std::string& where) {
  static const std::set<std::string> kFields = {"post",    "post_name", "role", "appointed",
                                                "started", "ended",     "seat"};
  if (!pj.is_object())
    return InvalidArgument(where + ": not an object");
  for (const auto& [key, value] : pj.items()) {
    if (kFields.count(key) == 0)
      return InvalidArgument(where + "." + key + ": unknown field");
  }
  PostHeld p;
  CHANCERY_ASSIGN_OR_RETURN(p.post, StringField(pj, where + ".", "post"));
  if (p.post.empty())
    return InvalidArgument(where + ".post: required");
  CHANCERY_ASSIGN_OR_RETURN(p.post_name, StringField(pj, where + ".", "post_name"));
  CHANCERY_ASSIGN_OR_RETURN(p.role, StringField(pj, where + ".", "role"));
  CHANCERY_ASSIGN_OR_RETURN(p.appointed, DateField(pj, where + ".", "appointed"));
  CHANCERY_ASSIGN_OR_RETURN(p.started, DateField(pj, where + ".", "started"));
  CHANCERY_ASSIGN_OR_RETURN(p.ended, DateField(pj, where + ".", "ended"));
  CHANCERY_ASSIGN_OR_RETURN(p.seat, StringField(pj, where + ".", "seat"));
  if (!p.started.empty() && !p.ended.empty() && LastDay(p.ended) < FirstDay(p.started)) {
    return InvalidArgument(where + ".ended: before started");
  }
  return p;
}

// The city a POCOM note says the chief resided at: "Commissioned to China; resident at
// Taipei." -> "Taipei"; "" when the note says none.
std::string SeatOf(std::string_view note) {
  constexpr std::string_view kResident = "resident at ";
  const size_t at = note.find(kResident);
  if (at == std::string_view::npos)
    return {};
  std::string_view rest = note.substr(at + kResident.size());
  const size_t end = rest.find_first_of(".;,");
  return std::string(rest.substr(0, end));
}

// A parser callback that notes the first key an object holds twice, named as errors name fields
// ("id", "posts[0].role"): JSON allows it and nlohmann keeps the last, so {"id": "a:y", ...,
// "id": "a:z"} would load as a:z (adversarial review L2).
Json::parser_callback_t DuplicateKeyCheck(std::string* duplicate) {
  struct Frame {
    bool array = false;
    int index = -1;  // arrays: the element being read
    std::set<std::string> keys;
    std::string name;  // "", "posts[0]"
  };

  struct State {
    std::vector<Frame> open;
    std::string key;  // the last key read
  };

  auto st = std::make_shared<State>();
  return [st, duplicate](int /*depth*/, Json::parse_event_t event, Json& parsed) {
    using E = Json::parse_event_t;
    std::vector<Frame>& open = st->open;
    switch (event) {
      case E::object_start:
      case E::array_start: {
        Frame f;
        f.array = event == E::array_start;
        if (!open.empty()) {
          Frame& parent = open.back();
          if (parent.array)
            f.name = parent.name + "[" + std::to_string(++parent.index) + "]";
          else
            f.name = parent.name.empty() ? st->key : parent.name + "." + st->key;
        }
        open.push_back(std::move(f));
        break;
      }
      case E::object_end:
      case E::array_end:
        open.pop_back();
        break;
      case E::key:
        st->key = parsed.get<std::string>();
        if (!open.back().keys.insert(st->key).second && duplicate->empty()) {
          const std::string& in = open.back().name;
          *duplicate = in.empty() ? st->key : in + "." + st->key;
        }
        break;
      case E::value:
        if (!open.empty() && open.back().array)
          ++open.back().index;
        break;
    }
    return true;
  };
}

void Dedupe(Authority* a) {
  std::set<std::string> seen{NormalizedName(a->name)};
  std::vector<std::string> out;
  for (std::string& v : a->variants) {
    if (seen.insert(NormalizedName(v)).second)
      out.push_back(std::move(v));
  }
  a->variants = std::move(out);
}

}  // namespace

Result<std::vector<Authority>> ParseAuthorityFile(std::string_view text, std::string_view source) {
  static const std::set<std::string> kFields = {"id",    "kind",  "name",    "variants", "birth",
                                                "death", "posts", "sources", "note",     "broader"};
  std::vector<Authority> out;
  std::unordered_map<std::string, int> line_of;
  int line = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string_view::npos)
      end = text.size();
    std::string_view raw = text.substr(pos, end - pos);
    pos = end + 1;
    ++line;
    const std::string where = std::string(source) + ":" + std::to_string(line);
    std::string_view t = raw;
    while (!t.empty() && (t.front() == ' ' || t.front() == '\t'))
      t.remove_prefix(1);
    while (!t.empty() && (t.back() == ' ' || t.back() == '\t' || t.back() == '\r')) {
      t.remove_suffix(1);
    }
    if (t.empty() || t.front() == '#') {
      if (end == text.size())
        break;
      continue;
    }
    if (t.size() > kMaxAuthorityLineBytes) {
      return InvalidArgument(where + ": " + std::to_string(t.size()) +
                             " bytes: a line may hold at most " +
                             std::to_string(kMaxAuthorityLineBytes) + " (1 MiB)");
    }
    Json j;
    try {
      std::string duplicate;
      j = Json::parse(t, DuplicateKeyCheck(&duplicate));
      if (!duplicate.empty())
        return InvalidArgument(where + ": " + duplicate + ": duplicate field");
    } catch (const Json::parse_error& e) {
      return InvalidArgument(where + ":" + std::to_string(e.byte) + ": not JSON: " +
                             std::string(e.what()).substr(std::string(e.what()).rfind(':') + 2));
    }
    if (!j.is_object())
      return InvalidArgument(where + ": not a JSON object");
    for (const auto& [key, value] : j.items()) {
      if (kFields.count(key) == 0) {
        return InvalidArgument(where + ": " + key + ": unknown field");
      }
    }
    Authority a;
    a.origin = "file";
    CHANCERY_ASSIGN_OR_RETURN(a.id, StringField(j, where + ": ", "id"));
    if (!ValidId(a.id)) {
      return InvalidArgument(where + ": id: required: lower-case letters, digits and - _ . : (" +
                             (a.id.empty() ? std::string("empty") : "\"" + a.id + "\"") + ")");
    }
    if (Reserved(a.id)) {
      return InvalidArgument(where + ": id: \"" + a.id +
                             "\": the prefixes pocom:, pocom-post: and frus: are reserved");
    }
    if (auto [it, fresh] = line_of.emplace(a.id, line); !fresh) {
      return InvalidArgument(where + ": id: duplicate id \"" + a.id + "\" (first at line " +
                             std::to_string(it->second) + ")");
    }
    CHANCERY_ASSIGN_OR_RETURN(std::string kind, StringField(j, where + ": ", "kind"));
    if (!ParseAuthorityKind(kind, &a.kind)) {
      return InvalidArgument(where + ": kind: \"" + kind +
                             "\": expected person, office, organization or subject");
    }
    CHANCERY_ASSIGN_OR_RETURN(a.name, StringField(j, where + ": ", "name"));
    if (NameTokens(a.name).empty())
      return InvalidArgument(where + ": name: required");
    CHANCERY_ASSIGN_OR_RETURN(a.variants, StringList(j, where + ": ", "variants"));
    if (a.variants.size() > kMaxVariants) {
      return InvalidArgument(where + ": variants: " + std::to_string(a.variants.size()) +
                             " variants; an authority may have at most " +
                             std::to_string(kMaxVariants));
    }
    CHANCERY_ASSIGN_OR_RETURN(a.birth, DateField(j, where + ": ", "birth"));
    CHANCERY_ASSIGN_OR_RETURN(a.death, DateField(j, where + ": ", "death"));
    if (!a.birth.empty() && !a.death.empty() && a.death < a.birth) {
      return InvalidArgument(where + ": death: before birth");
    }
    if (j.contains("posts")) {
      if (!j["posts"].is_array())
        return InvalidArgument(where + ": posts: not a list");
      for (size_t i = 0; i < j["posts"].size(); ++i) {
        CHANCERY_ASSIGN_OR_RETURN(
            PostHeld p, ParsePost(j["posts"][i], where + ": posts[" + std::to_string(i) + "]"));
        p.source = std::string(source) + ":" + std::to_string(line);
        a.posts.push_back(std::move(p));
      }
    }
    CHANCERY_ASSIGN_OR_RETURN(a.sources, StringList(j, where + ": ", "sources"));
    CHANCERY_ASSIGN_OR_RETURN(a.note, StringField(j, where + ": ", "note"));
    CHANCERY_ASSIGN_OR_RETURN(a.broader, StringField(j, where + ": ", "broader"));
    if (!a.broader.empty() && a.kind != AuthorityKind::kSubject) {
      return InvalidArgument(where + ": broader: only a subject has a broader term");
    }
    Dedupe(&a);
    out.push_back(std::move(a));
    if (end == text.size())
      break;
  }
  // A broader term must be defined in the same file.
  for (const Authority& a : out) {
    if (!a.broader.empty() && line_of.count(a.broader) == 0) {
      return InvalidArgument(std::string(source) + ":" + std::to_string(line_of[a.id]) +
                             ": broader: no subject \"" + a.broader + "\" in this file");
    }
  }
  return out;
}

std::vector<Authority> AuthoritiesFromPocom(const format::PocomData& data) {
  std::map<std::string, std::string> post_names;
  std::map<std::string, std::string> role_names;
  std::vector<Authority> out;
  for (const format::PocomPost& p : data.posts) {
    if (p.kind == "role") {
      role_names[p.id] = p.name;
      continue;
    }
    post_names[p.id] = p.name;
    Authority a;
    a.id = "pocom-post:" + p.id;
    a.kind = p.kind == "organization" ? AuthorityKind::kOrganization : AuthorityKind::kOffice;
    a.name = p.kind == "country" ? "U.S. Chief of Mission, " + p.name : p.name;
    if (p.kind == "country") {
      for (const PostSeat& seat : PostTable()) {
        if (seat.post == p.id)
          a.variants.push_back("U.S. Embassy, " + seat.city);
      }
      Dedupe(&a);
    }
    a.origin = "pocom";
    a.sources.push_back("POCOM " + p.kind + " " + p.id);
    out.push_back(std::move(a));
  }
  std::unordered_map<std::string, size_t> person_at;
  for (const format::PocomPerson& p : data.people) {
    Authority a;
    a.id = "pocom:" + p.id;
    a.kind = AuthorityKind::kPerson;
    a.name = p.forename.empty() ? p.surname : p.forename + " " + p.surname;
    if (!p.genname.empty())
      a.name += " " + p.genname;
    a.variants = p.altnames;
    if (!p.forename.empty())
      a.variants.push_back(p.surname + ", " + p.forename);
    a.birth = p.birth;
    a.death = p.death;
    a.origin = "pocom";
    const size_t slash = p.file.find("people/");
    a.sources.push_back("POCOM " + (slash == std::string::npos ? p.file : p.file.substr(slash)));
    Dedupe(&a);
    person_at[p.id] = out.size();
    out.push_back(std::move(a));
  }
  for (const format::PocomTenure& t : data.tenures) {
    auto it = person_at.find(t.person_id);
    if (it == person_at.end())
      continue;  // a pending person: not loaded
    PostHeld h;
    h.post = t.post_id;
    h.post_name = post_names.count(t.post_id) != 0 ? post_names[t.post_id] : t.post_id;
    h.role = role_names.count(t.role_title_id) != 0 ? role_names[t.role_title_id]
             : t.post_kind == "country"             ? t.role_title_id
                                                    : h.post_name;
    h.appointed = t.appointed;
    h.started = t.started;
    h.ended = t.ended;
    h.seat = SeatOf(t.note);
    h.source = "pocom:" + t.id;
    out[it->second].posts.push_back(std::move(h));
  }
  return out;
}

}  // namespace chancery::archive::internal
