// Name authorities: the stored JSON, name normalization and parsing, dates.
#include <algorithm>
#include <cctype>
#include <set>

#include <nlohmann/json.hpp>

#include "chancery/model/date.h"

#include "archive/authority_internal.h"

namespace chancery::archive {

using Json = nlohmann::json;

std::string_view AuthorityKindName(AuthorityKind kind) {
  switch (kind) {
    case AuthorityKind::kPerson:
      return "person";
    case AuthorityKind::kOffice:
      return "office";
    case AuthorityKind::kOrganization:
      return "organization";
    case AuthorityKind::kSubject:
      return "subject";
  }
  return "person";
}

bool ParseAuthorityKind(std::string_view name, AuthorityKind* kind) {
  for (AuthorityKind k : {AuthorityKind::kPerson, AuthorityKind::kOffice,
                          AuthorityKind::kOrganization, AuthorityKind::kSubject}) {
    if (AuthorityKindName(k) == name) {
      *kind = k;
      return true;
    }
  }
  return false;
}

std::vector<std::string> AllNames(const Authority& a) {
  std::vector<std::string> out{a.name};
  out.insert(out.end(), a.variants.begin(), a.variants.end());
  return out;
}

namespace internal {

std::string AuthorityToJson(const Authority& a) {
  Json j = {{"id", a.id}, {"kind", AuthorityKindName(a.kind)}, {"name", a.name}};
  if (!a.variants.empty())
    j["variants"] = a.variants;
  if (!a.birth.empty())
    j["birth"] = a.birth;
  if (!a.death.empty())
    j["death"] = a.death;
  if (!a.posts.empty()) {
    Json posts = Json::array();
    for (const PostHeld& p : a.posts) {
      Json pj = {{"post", p.post}};
      if (!p.post_name.empty())
        pj["post_name"] = p.post_name;
      if (!p.role.empty())
        pj["role"] = p.role;
      if (!p.appointed.empty())
        pj["appointed"] = p.appointed;
      if (!p.started.empty())
        pj["started"] = p.started;
      if (!p.ended.empty())
        pj["ended"] = p.ended;
      if (!p.seat.empty())
        pj["seat"] = p.seat;
      if (!p.source.empty())
        pj["source"] = p.source;
      posts.push_back(std::move(pj));
    }
    j["posts"] = std::move(posts);
  }
  if (!a.sources.empty())
    j["sources"] = a.sources;
  if (!a.note.empty())
    j["note"] = a.note;
  if (!a.broader.empty())
    j["broader"] = a.broader;
  if (!a.origin.empty())
    j["origin"] = a.origin;
  if (!a.active_from.empty())
    j["active_from"] = a.active_from;
  if (!a.active_to.empty())
    j["active_to"] = a.active_to;
  return j.dump();
}

Result<Authority> AuthorityFromJson(std::string_view json) {
  try {
    const Json j = Json::parse(json);
    Authority a;
    a.id = j.at("id").get<std::string>();
    if (!ParseAuthorityKind(j.at("kind").get<std::string>(), &a.kind)) {
      return Corruption("authority " + a.id + ": unknown kind");
    }
    a.name = j.at("name").get<std::string>();
    a.variants = j.value("variants", std::vector<std::string>{});
    a.birth = j.value("birth", "");
    a.death = j.value("death", "");
    for (const Json& pj : j.value("posts", Json::array())) {
      PostHeld p;
      p.post = pj.value("post", "");
      p.post_name = pj.value("post_name", "");
      p.role = pj.value("role", "");
      p.appointed = pj.value("appointed", "");
      p.started = pj.value("started", "");
      p.ended = pj.value("ended", "");
      p.seat = pj.value("seat", "");
      p.source = pj.value("source", "");
      a.posts.push_back(std::move(p));
    }
    a.sources = j.value("sources", std::vector<std::string>{});
    a.note = j.value("note", "");
    a.broader = j.value("broader", "");
    a.origin = j.value("origin", "");
    a.active_from = j.value("active_from", "");
    a.active_to = j.value("active_to", "");
    return a;
  } catch (const std::exception& e) {
    return Corruption(std::string("stored authority: ") + e.what());
  }
}

std::vector<std::string> NameTokens(std::string_view name) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : name) {
    const auto c = static_cast<unsigned char>(ch);
    if (c >= 0x80 || std::isalnum(c) != 0) {
      cur += static_cast<char>(std::tolower(c));
    } else if (c == '\'' || c == 0x60) {
      continue;  // O'Neill -> oneill, as one word
    } else if (!cur.empty()) {
      out.push_back(std::move(cur));
      cur.clear();
    }
  }
  if (!cur.empty())
    out.push_back(std::move(cur));
  return out;
}

std::string NormalizedName(std::string_view name) {
  std::string out;
  for (const std::string& t : NameTokens(name)) {
    if (!out.empty())
      out += ' ';
    out += t;
  }
  return out;
}

std::string Slug(std::string_view name) {
  std::string s = NormalizedName(name);
  std::replace(s.begin(), s.end(), ' ', '-');
  return s;
}

namespace {

bool IsTitle(const std::string& t) {
  static const std::set<std::string> kTitles = {"mr",        "mrs",
                                                "miss",      "ms",
                                                "dr",        "sir",
                                                "lord",      "lady",
                                                "admiral",   "general",
                                                "colonel",   "major",
                                                "captain",   "lieutenant",
                                                "commander", "rear",
                                                "vice",      "brigadier",
                                                "marshal",   "ambassador",
                                                "senator",   "representative",
                                                "usa",       "usn",
                                                "usaf",      "usmc",
                                                "ret",       "hon",
                                                "rev",       "father",
                                                "prince",    "princess",
                                                "king",      "queen",
                                                "president", "secretary",
                                                "governor",  "jr",
                                                "sr",        "ii",
                                                "iii"};
  return kTitles.count(t) > 0;
}

std::vector<std::string> WithoutTitles(std::vector<std::string> words) {
  words.erase(std::remove_if(words.begin(), words.end(), IsTitle), words.end());
  return words;
}

}  // namespace

PersonName ParsePersonName(std::string_view raw) {
  // "Chou En-lai (Zhou Enlai)": the parenthesized part is another name, not more of this one.
  std::string stripped;
  int depth = 0;
  for (char c : raw) {
    if (c == '(')
      ++depth;
    if (depth == 0)
      stripped += c;
    if (c == ')' && depth > 0)
      --depth;
  }
  const std::string_view name = stripped;
  PersonName out;
  const size_t comma = name.find(',');
  std::vector<std::string> surname_words;
  std::vector<std::string> given;
  if (comma != std::string_view::npos) {
    surname_words = WithoutTitles(NameTokens(name.substr(0, comma)));
    given = WithoutTitles(NameTokens(name.substr(comma + 1)));
  } else {
    std::vector<std::string> words = WithoutTitles(NameTokens(name));
    if (!words.empty()) {
      surname_words.push_back(words.back());
      words.pop_back();
    }
    given = std::move(words);
  }
  for (const std::string& w : surname_words) {
    out.surname += out.surname.empty() ? w : " " + w;
  }
  out.given = std::move(given);
  for (const std::string& g : out.given) {
    out.display += g + " ";
  }
  out.display += out.surname;
  return out;
}

bool GivenCompatible(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.empty() || b.empty())
    return true;
  const size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    const std::string& x = a[i];
    const std::string& y = b[i];
    if (x == y)
      continue;
    if ((x.size() == 1 && y[0] == x[0]) || (y.size() == 1 && x[0] == y[0]))
      continue;
    return false;
  }
  return true;
}

bool IsIsoDate(std::string_view d) {
  // model::Date knows the calendar (no February 29 in 1963, no year 0000, no month 13).
  return (d.size() == 4 || d.size() == 7 || d.size() == 10) && model::Date::Parse(d).ok();
}

bool HoldsRedactionMarker(std::string_view name) {
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower.find("not declassified") != std::string::npos;
}

bool LinkableName(std::string_view name) {
  if (HoldsRedactionMarker(name))
    return false;
  // Two words at least once titles are dropped: "Bundy" and "Home, Lord" are not enough, while
  // "Chiang Ching-kuo, Lieutenant General" and "J. Franklin Ray, Jr." are whole names.
  const PersonName p = ParsePersonName(name);
  return !p.surname.empty() && NameTokens(p.display).size() >= 2;
}

std::vector<std::string> RunningForms(std::string_view name) {
  auto trim = [](std::string_view s) {
    while (!s.empty() && s.front() == ' ')
      s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
      s.remove_suffix(1);
    return s;
  };
  const size_t comma = name.find(',');
  if (comma == std::string_view::npos)
    return {};
  const std::string surname(trim(name.substr(0, comma)));
  const std::string_view rest = name.substr(comma + 1);
  const size_t second = rest.find(',');
  const std::string given(trim(rest.substr(0, second)));
  const std::string suffix(second == std::string_view::npos ? std::string_view()
                                                            : trim(rest.substr(second + 1)));
  if (surname.empty() || given.empty())
    return {};
  std::vector<std::string> out{given + " " + surname + (suffix.empty() ? "" : " " + suffix)};
  // Without initials: "Bartholomew Z." -> "Bartholomew"; "U. Alexis" -> "Alexis".
  std::string bare;
  size_t start = 0;
  while (start < given.size()) {
    size_t end = given.find(' ', start);
    if (end == std::string::npos)
      end = given.size();
    const std::string word = given.substr(start, end - start);
    if (NameTokens(word).size() == 1 && NameTokens(word)[0].size() > 1)
      bare += (bare.empty() ? "" : " ") + word;
    start = end + 1;
  }
  if (!bare.empty() && bare != given)
    out.push_back(bare + " " + surname);
  return out;
}

std::string FirstDay(std::string_view d) {
  if (d.size() == 4)
    return std::string(d) + "-01-01";
  if (d.size() == 7)
    return std::string(d) + "-01";
  return std::string(d);
}

std::string LastDay(std::string_view d) {
  if (d.size() == 4)
    return std::string(d) + "-12-31";
  if (d.size() == 7)
    return std::string(d) + "-31";  // compared as text only
  return std::string(d);
}

bool VolumeYears(std::string_view volume, int* from, int* to) {
  size_t i = 0;
  while (i < volume.size() && std::isdigit(static_cast<unsigned char>(volume[i])) == 0)
    ++i;
  size_t j = i;
  while (j < volume.size() && std::isdigit(static_cast<unsigned char>(volume[j])) != 0)
    ++j;
  if (j - i != 4)
    return false;
  *from = std::stoi(std::string(volume.substr(i, 4)));
  *to = *from;
  if (j < volume.size() && volume[j] == '-') {
    size_t k = j + 1;
    while (k < volume.size() && std::isdigit(static_cast<unsigned char>(volume[k])) != 0)
      ++k;
    const std::string end(volume.substr(j + 1, k - j - 1));
    if (end.size() == 2) {
      *to = *from / 100 * 100 + std::stoi(end);
      if (*to < *from)
        *to += 100;
    } else if (end.size() == 4) {
      *to = std::stoi(end);
    }
  }
  return true;
}

}  // namespace internal
}  // namespace chancery::archive
