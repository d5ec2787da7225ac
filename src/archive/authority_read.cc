// Name authorities, reading: find by name, show with the records a reader may read, who held a
// post on a day, the person: expansion of search queries, the subject vocabulary.
#include <algorithm>
#include <set>

#include "chancery/search/search_index.h"

#include "archive/authority_impl.h"

namespace chancery::archive::internal {
namespace {

constexpr size_t kMaxExpanded = 8;    // authorities one person: clause may expand to
constexpr size_t kQueryTermCap = 64;  // search::kMaxQueryTerms

std::string Quote(std::string_view name) {
  std::string out = "\"";
  for (const std::string& t : NameTokens(name)) {
    if (out.size() > 1)
      out += ' ';
    out += t;
  }
  return out + "\"";
}

bool ContainsRun(const std::vector<std::string>& hay, const std::vector<std::string>& needle) {
  if (needle.empty() || needle.size() > hay.size())
    return false;
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}

}  // namespace

std::vector<size_t> AuthoritiesImpl::Match(const AuthorityCache& cache, std::string_view text,
                                           std::optional<AuthorityKind> kind,
                                           std::vector<int>* ranks) const {
  const std::vector<std::string> words = NameTokens(text);
  std::vector<size_t> out;
  if (words.empty())
    return out;
  auto first = cache.by_token.find(words[0]);
  if (first == cache.by_token.end())
    return out;
  const std::string whole = NormalizedName(text);
  std::vector<std::pair<int, size_t>> scored;
  for (size_t i : first->second) {
    const Authority& a = cache.all[i];
    if (kind.has_value() && a.kind != *kind)
      continue;
    int best = -1;
    for (const AuthorityCache::Name& n : cache.names[i]) {
      if (!std::all_of(words.begin(), words.end(), [&](const std::string& w) {
            return std::find(n.tokens.begin(), n.tokens.end(), w) != n.tokens.end();
          })) {
        continue;
      }
      best = std::max(best, n.normalized == whole ? 1 : 0);
    }
    if (best >= 0)
      scored.emplace_back(-best, i);
  }
  std::sort(scored.begin(), scored.end(), [&](const auto& x, const auto& y) {
    if (x.first != y.first)
      return x.first < y.first;
    const Authority& a = cache.all[x.second];
    const Authority& b = cache.all[y.second];
    if (a.kind != b.kind)
      return a.kind < b.kind;
    return a.name != b.name ? a.name < b.name : a.id < b.id;
  });
  for (const auto& [rank, i] : scored) {
    out.push_back(i);
    if (ranks != nullptr)
      ranks->push_back(-rank);
  }
  return out;
}

std::string AuthoritiesImpl::NamesClause(const AuthorityCache& cache,
                                         const std::vector<size_t>& ids,
                                         const std::vector<std::string>& asked,
                                         size_t budget) const {
  std::vector<std::vector<std::string>> names;
  for (size_t i : ids) {
    for (const AuthorityCache::Name& n : cache.names[i])
      names.push_back(n.tokens);
  }
  // Shorter names first; a name holding a chosen one adds no match. The words asked are chosen
  // before any name but not written: the caller searches them already.
  std::stable_sort(names.begin(), names.end(),
                   [](const auto& a, const auto& b) { return a.size() < b.size(); });
  std::vector<std::vector<std::string>> chosen;
  if (!asked.empty())
    chosen.push_back(asked);
  const size_t skip = chosen.size();
  size_t used = 0;
  for (const auto& n : names) {
    if (n.empty())
      continue;
    if (std::any_of(chosen.begin(), chosen.end(),
                    [&](const auto& c) { return ContainsRun(n, c); })) {
      continue;
    }
    if (used + n.size() > budget)
      return {};  // all or nothing: never a partial expansion
    used += n.size();
    chosen.push_back(n);
  }
  std::string out;
  for (size_t k = skip; k < chosen.size(); ++k) {
    std::string joined;
    for (const std::string& w : chosen[k])
      joined += (joined.empty() ? "" : " ") + w;
    out += (out.empty() ? "" : " OR ") + Quote(joined);
  }
  return out;
}

Result<std::vector<Authority>> AuthoritiesImpl::Find(std::string_view text,
                                                     std::optional<AuthorityKind> kind,
                                                     size_t limit) {
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
  std::vector<Authority> out;
  for (size_t i : Match(*cache, text, kind, nullptr)) {
    if (out.size() >= limit)
      break;
    out.push_back(cache->all[i]);
  }
  return out;
}

Result<AuthorityView> AuthoritiesImpl::Show(const security::Subject& reader,
                                            std::string_view name_or_id, uint32_t limit) {
  AuthorityView view;
  {
    std::lock_guard<std::mutex> lock(mu_);
    CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
    if (auto it = cache->by_id.find(std::string(name_or_id)); it != cache->by_id.end()) {
      view.authority = cache->all[it->second];
    } else {
      std::vector<int> ranks;
      std::vector<size_t> found = Match(*cache, name_or_id, std::nullopt, &ranks);
      if (found.empty())
        return NotFound("no authority " + std::string(name_or_id));
      const size_t best = static_cast<size_t>(std::count(ranks.begin(), ranks.end(), ranks[0]));
      if (best > 1) {
        std::string list;
        for (size_t k = 0; k < found.size() && k < 10; ++k) {
          const Authority& a = cache->all[found[k]];
          list += (k == 0 ? "" : ", ") + a.id + " (" + a.name + ")";
        }
        return FailedPrecondition(std::string(name_or_id) + " matches " +
                                  std::to_string(found.size()) + " authorities: " + list +
                                  "; ask by id");
      }
      view.authority = cache->all[found[0]];
    }
    if (view.authority.kind == AuthorityKind::kPerson) {
      view.query = NamesClause(*cache, {cache->by_id.at(view.authority.id)}, {}, kQueryTermCap);
    }
  }
  if (view.query.empty())
    return view;
  // The mentions, as the reader may see them: one search through Records, as the reader.
  records::SearchRequest request;
  request.query = view.query;
  request.limit = limit;
  request.sort = search::SortOrder::kDateAscending;
  request.facets = {search::Facet::kYear};
  request.facet_limit = 0;
  CHANCERY_ASSIGN_OR_RETURN(search::SearchResults results, records_.Search(reader, request));
  view.records = results.total;
  for (const search::Hit& h : results.hits)
    view.mentions.push_back({h.id, h.title, h.date});
  if (!results.facets.empty()) {
    for (const search::FacetBucket& b : results.facets[0].buckets) {
      view.by_year.emplace_back(b.value, b.count);
    }
    std::sort(view.by_year.begin(), view.by_year.end());
  }
  return view;
}

namespace {

// Whole days from `a` to `b` (YYYY-MM-DD; a month's "-31" as LastDay writes it is clamped).
int64_t DaysBetween(std::string_view a, std::string_view b) {
  auto days = [](std::string_view d) {
    int y = std::stoi(std::string(d.substr(0, 4)));
    const int m = std::stoi(std::string(d.substr(5, 2)));
    const int dd = std::min(28, std::stoi(std::string(d.substr(8, 2))));
    y -= m <= 2 ? 1 : 0;  // days from civil (H. Hinnant)
    const int era = y / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + dd - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<int64_t>(era) * 146097 + doe;
  };
  return days(b) - days(a);
}

// One post held by one person, with the day it starts ("" when never taken up).
struct Tenure {
  size_t person;
  const PostHeld* post;
  std::string start;
};

// Whether tenure `t` of `all` (every tenure of the same post) covers `day`: started on or
// before it, and neither ended, nor the holder dead, nor the next holder of the post (one who
// took it up) started by then. An open appointment with no start date is held only if no later
// holder followed (POCOM lists nominees who declined or never went to post that way).
// (On a post several hold at once, `shared`, the next holder ends nobody's tenure.)
bool Covers(const AuthorityCache& cache, const std::vector<Tenure>& all, bool shared,
            const Tenure& t, std::string_view day) {
  if (t.start.empty() || t.start > day)
    return false;
  const Authority& a = cache.all[t.person];
  if (!a.death.empty() && LastDay(a.death) < day)
    return false;
  if (!t.post->ended.empty())
    return LastDay(t.post->ended) >= day;
  std::string next;
  for (const Tenure& o : all) {
    const bool taken_up = !o.post->started.empty() || !o.post->ended.empty();
    if (taken_up && o.start > t.start && (next.empty() || o.start < next))
      next = o.start;
  }
  if (next.empty())
    return true;
  if (t.post->started.empty())
    return false;
  return shared || day < next;
}

// True if two people held the post at once for more than a month (ambassadors at large; the
// Liaison Office in Peking beside the embassy in Taipei), by the tenures with both dates.
bool Shared(const std::vector<Tenure>& all) {
  for (const Tenure& a : all) {
    for (const Tenure& b : all) {
      if (a.person == b.person || a.post->ended.empty() || b.post->ended.empty() ||
          a.start.empty() || b.start.empty() || b.start < a.start) {
        continue;
      }
      // b starts within a; shared if a still runs a month after b started
      const std::string a_end = LastDay(a.post->ended);
      if (b.start <= a_end && DaysBetween(b.start, a_end) > 31)
        return true;
    }
  }
  return false;
}

}  // namespace

Result<std::vector<ChiefAnswer>> AuthoritiesImpl::Chief(std::string_view post,
                                                        std::string_view day) {
  if (day.size() != 10 || !IsIsoDate(day)) {
    return InvalidArgument("--on: not a day (YYYY-MM-DD): \"" + std::string(day) + "\"");
  }
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
  const std::string wanted = NormalizedName(post);
  // (post id, the seat row it is asked through, or none for a post asked by id)
  std::vector<std::pair<std::string, const PostSeat*>> asked;
  bool city = false;
  for (const PostSeat& seat : PostTable()) {
    if (seat.city != wanted)
      continue;
    city = true;
    if ((seat.from.empty() || seat.from <= day) && (seat.to.empty() || day <= seat.to))
      asked.emplace_back(seat.post, &seat);
  }
  if (!city) {
    const std::string slug = Slug(post);
    if (IsPersonalRank(slug)) {
      return InvalidArgument("\"" + std::string(post) +
                             "\" is a personal rank, not a post held on a day; name a post");
    }
    if (cache->by_id.count("pocom-post:" + slug) != 0)
      asked.emplace_back(slug, nullptr);
    else
      return InvalidArgument("unknown post \"" + std::string(post) +
                             "\": name a city of the post table (docs/authorities.md) or a POCOM "
                             "post id (russia, representative-to-un, secretary)");
  }
  std::vector<ChiefAnswer> out;
  for (const auto& [id, seat] : asked) {
    auto it = cache->by_post.find(id);
    if (it == cache->by_post.end())
      continue;
    std::vector<Tenure> all;
    for (size_t i : it->second) {
      for (const PostHeld& p : cache->all[i].posts) {
        if (p.post == id)
          all.push_back({i, &p, FirstDay(!p.started.empty() ? p.started : p.appointed)});
      }
    }
    const bool shared = Shared(all);
    for (const Tenure& t : all) {
      if (!Covers(*cache, all, shared, t, day))
        continue;
      if (seat != nullptr) {
        const std::string at = NormalizedName(t.post->seat);
        if (seat->stated_only ? at != seat->city : !at.empty() && at != seat->city)
          continue;  // resident elsewhere ("resident at Taipei" is not Peking)
      }
      out.push_back({cache->all[t.person], *t.post});
    }
  }
  std::sort(out.begin(), out.end(), [](const ChiefAnswer& x, const ChiefAnswer& y) {
    const std::string& a = !x.post.started.empty() ? x.post.started : x.post.appointed;
    const std::string& b = !y.post.started.empty() ? y.post.started : y.post.appointed;
    return a != b ? a > b : x.person.id < y.person.id;
  });
  return out;
}

Result<std::string> AuthoritiesImpl::ExpandQuery(std::string_view query) {
  if (query.find("person:") == std::string_view::npos)
    return std::string(query);  // nothing to expand: every search pays this test only
  // Errors name columns in what the reader wrote, not in the expansion (review L3).
  CHANCERY_RETURN_IF_ERROR(search::CheckQuerySyntax(query));
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
  size_t budget = kQueryTermCap;
  const size_t own = NameTokens(query).size();
  budget = own >= budget ? 0 : budget - own;
  std::string out;
  bool in_quote = false;
  size_t i = 0;
  auto clause_start = [&](size_t at) {
    return at == 0 || query[at - 1] == ' ' || query[at - 1] == '(' || query[at - 1] == '\t' ||
           query[at - 1] == '-' || query[at - 1] == '+';
  };
  while (i < query.size()) {
    const char c = query[i];
    if (c == '"')
      in_quote = !in_quote;
    if (in_quote || query.compare(i, 7, "person:") != 0 || !clause_start(i)) {
      out += c;
      ++i;
      continue;
    }
    // person:WORD or person:"PHRASE" (a group is left as written).
    size_t v = i + 7;
    size_t end = v;
    if (v < query.size() && query[v] == '"') {
      end = query.find('"', v + 1);
      end = end == std::string_view::npos ? query.size() : end + 1;
    } else {
      while (end < query.size() && query[end] != ' ' && query[end] != '\t' && query[end] != '(' &&
             query[end] != ')' && query[end] != '"') {
        ++end;
      }
    }
    const std::string_view clause = query.substr(i, end - i);
    const std::string_view value = query.substr(v, end - v);
    std::vector<size_t> found = Match(*cache, value, AuthorityKind::kPerson, nullptr);
    std::string names;
    if (!found.empty() && found.size() <= kMaxExpanded)
      names = NamesClause(*cache, found, NameTokens(value), budget);
    if (names.empty()) {
      out += clause;
    } else {
      budget -= NameTokens(names).size();
      out += "(" + std::string(clause) + " OR " + names + ")";
    }
    i = end;
  }
  return out;
}

Result<std::vector<Authority>> AuthoritiesImpl::Subjects() {
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
  std::vector<Authority> out;
  for (const Authority& a : cache->all) {
    if (a.kind == AuthorityKind::kSubject)
      out.push_back(a);
  }
  std::sort(out.begin(), out.end(),
            [](const Authority& a, const Authority& b) { return a.name < b.name; });
  return out;
}

Result<Authority> AuthoritiesImpl::CheckSubject(std::string_view term) {
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
  const std::string wanted = NormalizedName(term);
  for (const Authority& a : cache->all) {
    if (a.kind != AuthorityKind::kSubject)
      continue;
    if (a.id == term)
      return a;
    for (const std::string& n : AllNames(a)) {
      if (!wanted.empty() && NormalizedName(n) == wanted)
        return a;
    }
  }
  return NotFound("unknown subject \"" + std::string(term) + "\"");
}

}  // namespace chancery::archive::internal
