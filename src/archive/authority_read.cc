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

Result<std::vector<ChiefAnswer>> AuthoritiesImpl::Chief(std::string_view post,
                                                        std::string_view day) {
  if (day.size() != 10 || !IsIsoDate(day)) {
    return InvalidArgument("--on: not a day (YYYY-MM-DD): \"" + std::string(day) + "\"");
  }
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
  const std::string wanted = NormalizedName(post);
  std::string id;
  for (const auto& [city, territory] : PostTable()) {
    if (city == wanted)
      id = territory;
  }
  if (id.empty()) {
    std::string slug = Slug(post);
    if (cache->by_id.count("pocom-post:" + slug) != 0)
      id = slug;
  }
  if (id.empty()) {
    return InvalidArgument("unknown post \"" + std::string(post) +
                           "\": name a city of the post table (docs/authorities.md) or a POCOM "
                           "post id (russia, representative-to-un, secretary)");
  }
  std::vector<ChiefAnswer> out;
  auto it = cache->by_post.find(id);
  if (it == cache->by_post.end())
    return out;
  for (size_t i : it->second) {
    const Authority& a = cache->all[i];
    for (const PostHeld& p : a.posts) {
      const std::string& start = !p.started.empty() ? p.started : p.appointed;
      if (p.post != id || start.empty() || FirstDay(start) > day)
        continue;
      if (!p.ended.empty() && LastDay(p.ended) < day)
        continue;
      out.push_back({a, p});
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
