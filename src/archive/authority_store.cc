// Name authorities: the store rows, the in-memory cache, and the two loads (one transaction
// each, with its audit entry).
#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"
#include "chancery/format/frus_tei.h"
#include "chancery/format/pocom.h"

#include "archive/authority_impl.h"

namespace chancery::archive {

Result<std::unique_ptr<Authorities>> Authorities::Open(records::Records& records) {
  return std::unique_ptr<Authorities>(new internal::AuthoritiesImpl(records));
}

namespace internal {

using Json = nlohmann::json;

std::string LinkKey(std::string_view volume, std::string_view name) {
  return std::string(volume) + "|" + NormalizedName(name);
}

std::string LinkToJson(const LinkRow& row) {
  return Json{{"volume", row.volume},
              {"name", row.name},
              {"authority", row.authority},
              {"records", row.records}}
      .dump();
}

Result<LinkRow> LinkFromJson(std::string_view json) {
  try {
    const Json j = Json::parse(json);
    return LinkRow{j.at("volume").get<std::string>(), j.at("name").get<std::string>(),
                   j.at("authority").get<std::string>(), j.at("records").get<int64_t>()};
  } catch (const std::exception& e) {
    return Corruption(std::string("stored authority link: ") + e.what());
  }
}

Status AdministrativeOnly(const security::Subject& actor, std::string_view what) {
  if (actor.administrator || actor.local_operator)
    return Status::Ok();
  return PermissionDenied(std::string(what) + ": administrators only");
}

namespace {

Result<std::vector<store::DocRow>> ListAll(store::Store& s, std::string_view collection) {
  std::vector<store::DocRow> out;
  store::DocQuery q;
  q.collection = std::string(collection);
  q.limit = 5000;
  for (;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> page, s.ListDocs(q));
    const bool more = page.size() == q.limit;
    if (!page.empty())
      q.after = page.back().key;
    for (store::DocRow& r : page)
      out.push_back(std::move(r));
    if (!more)
      break;
  }
  return out;
}

void Index(AuthorityCache* c) {
  c->by_id.clear();
  c->by_token.clear();
  c->by_post.clear();
  c->names.assign(c->all.size(), {});
  for (size_t i = 0; i < c->all.size(); ++i) {
    const Authority& a = c->all[i];
    c->by_id[a.id] = i;
    std::set<std::string> words;
    for (const std::string& n : AllNames(a)) {
      c->names[i].push_back({NameTokens(n), NormalizedName(n)});
      for (const std::string& t : c->names[i].back().tokens)
        words.insert(t);
    }
    for (const std::string& w : words)
      c->by_token[w].push_back(i);
    for (const PostHeld& p : a.posts) {
      auto& v = c->by_post[p.post];
      if (v.empty() || v.back() != i)
        v.push_back(i);
    }
  }
}

}  // namespace

Result<const AuthorityCache*> AuthoritiesImpl::Cache() {
  CHANCERY_ASSIGN_OR_RETURN(int64_t generation, store().PeekSequence(kGeneration));
  if (generation == cache_.generation)
    return &cache_;
  AuthorityCache c;
  c.generation = generation;
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> rows,
                            ListAll(store(), kAuthorityCollection));
  for (const store::DocRow& r : rows) {
    CHANCERY_ASSIGN_OR_RETURN(Authority a, AuthorityFromJson(r.body));
    c.all.push_back(std::move(a));
  }
  Index(&c);
  // Link rows: FRUS-only authorities, and the volumes' spellings as variants.
  CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> links, ListAll(store(), kLinkCollection));
  for (const store::DocRow& r : links) {
    CHANCERY_ASSIGN_OR_RETURN(LinkRow link, LinkFromJson(r.body));
    if (link.records <= 0 || !LinkableName(link.name))
      continue;  // rows a store linked before surnames alone and markers were refused
    auto it = c.by_id.find(link.authority);
    if (it == c.by_id.end()) {
      Authority a;
      a.id = link.authority;
      a.kind = AuthorityKind::kPerson;
      a.name = ParsePersonName(link.name).display.empty() ? link.name : link.name;
      a.origin = "frus";
      c.by_id[a.id] = c.all.size();
      c.all.push_back(std::move(a));
      it = c.by_id.find(link.authority);
    }
    Authority& a = c.all[it->second];
    // The list's "Surname, Given" and the running text's "Given Surname" (review L5).
    std::vector<std::string> forms = RunningForms(link.name);
    forms.insert(forms.begin(), link.name);
    for (const std::string& form : forms) {
      const std::string norm = NormalizedName(form);
      const std::vector<std::string> names = AllNames(a);
      if (std::none_of(names.begin(), names.end(),
                       [&](const std::string& n) { return NormalizedName(n) == norm; })) {
        a.variants.push_back(form);
      }
    }
    if (std::find(a.sources.begin(), a.sources.end(), link.volume) == a.sources.end()) {
      a.sources.push_back(link.volume);
    }
    int from = 0;
    int to = 0;
    if (VolumeYears(link.volume, &from, &to)) {
      const std::string f = std::to_string(from);
      const std::string t = std::to_string(to);
      if (a.active_from.empty() || f < a.active_from)
        a.active_from = f;
      if (a.active_to.empty() || t > a.active_to)
        a.active_to = t;
    }
  }
  Index(&c);
  cache_ = std::move(c);
  return &cache_;
}

model::AuditEvent AuthoritiesImpl::Event(const security::Subject& actor, std::string action,
                                         std::string target, std::string decision) const {
  model::AuditEvent e;
  e.time_micros = SystemClock().NowMicros();
  e.actor = actor.name;
  e.action = std::move(action);
  e.target = std::move(target);
  e.decision = std::move(decision);
  return e;
}

Status AuthoritiesImpl::Relink(store::Txn& txn, const AuthorityCache& cache) {
  store::DocQuery q;
  q.collection = std::string(kLinkCollection);
  q.limit = 5000;
  for (;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> page, txn.ListDocs(q));
    for (store::DocRow& r : page) {
      CHANCERY_ASSIGN_OR_RETURN(LinkRow link, LinkFromJson(r.body));
      std::string target = MatchPerson(cache, link.volume, link.name);
      if (target.empty())
        target = "frus:" + Slug(ParsePersonName(link.name).display);
      if (target != link.authority) {
        link.authority = target;
        r.body = LinkToJson(link);
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(r).status());
      }
    }
    if (page.size() < q.limit)
      break;
    q.after = page.back().key;
  }
  return Status::Ok();
}

Status AuthoritiesImpl::Load(const security::Subject& actor, const std::string& target,
                             const std::string& digest, std::vector<Authority> authorities,
                             LoadResult* result) {
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* before, Cache());
  AuthorityCache after = *before;  // the cache as it will be, for relinking
  Status done = store().Transact([&](store::Txn& txn) -> Status {
    *result = LoadResult{};
    for (const Authority& a : authorities) {
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> old,
                                txn.GetDoc(kAuthorityCollection, a.id));
      ++(old.has_value() ? result->updated : result->added);
      if (a.kind == AuthorityKind::kPerson)
        ++result->people;
      store::DocRow row;
      row.collection = std::string(kAuthorityCollection);
      row.key = a.id;
      row.group = std::string(AuthorityKindName(a.kind));
      row.sort = NormalizedName(a.name) + "\x1f" + a.id;
      row.body = AuthorityToJson(a);
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row).status());
      if (auto it = after.by_id.find(a.id); it != after.by_id.end() && a.origin != "frus") {
        after.all[it->second] = a;
      } else {
        after.all.push_back(a);
      }
    }
    after.all.erase(std::remove_if(after.all.begin(), after.all.end(),
                                   [](const Authority& a) { return a.origin == "frus"; }),
                    after.all.end());
    Index(&after);
    CHANCERY_RETURN_IF_ERROR(Relink(txn, after));
    CHANCERY_RETURN_IF_ERROR(txn.NextSequence(kGeneration).status());
    store::WriteBatch batch;
    batch.audit.push_back(Event(actor, "authority.load", target,
                                "ok: " + std::to_string(result->added) + " added, " +
                                    std::to_string(result->updated) + " updated, " + digest));
    return txn.Write(std::move(batch)).status();
  });
  return done;
}

namespace {

// The audit target of a load: the path made absolute (symbolic links resolved), so that the
// log says which file was read whatever directory the operator typed it from.
std::string AbsolutePath(const std::string& path) {
  std::error_code ec;
  std::filesystem::path p = std::filesystem::weakly_canonical(path, ec);
  if (ec)
    p = std::filesystem::absolute(path, ec).lexically_normal();
  return ec ? path : p.string();
}

}  // namespace

Result<LoadResult> AuthoritiesImpl::LoadPocom(const security::Subject& actor,
                                              const std::string& path) {
  LoadResult result;
  const std::string target = AbsolutePath(path);
  audit::Sha256Hasher hasher;
  bool read = false;
  std::string digest;
  Status done = [&]() -> Status {
    CHANCERY_RETURN_IF_ERROR(AdministrativeOnly(actor, "authority load"));
    // A file: its bytes as stored (what sha256sum says); a directory: name, NUL, bytes, NUL of
    // each XML file in name order.
    auto observe = [&](std::string_view name, std::string_view bytes) {
      read = true;
      if (!name.empty()) {
        hasher.Update(name);
        hasher.Update(std::string_view("\0", 1));
      }
      hasher.Update(bytes);
      if (!name.empty())
        hasher.Update(std::string_view("\0", 1));
    };
    Result<format::PocomData> data = format::ReadPocom(path, observe);
    digest = read ? "sha256 " + hasher.HexDigest() : "";
    if (!data.ok())
      return data.status();
    return Load(actor, target, digest, AuthoritiesFromPocom(*data), &result);
  }();
  if (!done.ok()) {
    store::WriteBatch batch;
    batch.audit.push_back(
        Event(actor, "authority.load", target,
              "deny: " + done.ToString() + (digest.empty() ? "" : ", " + digest)));
    (void)store().Write(std::move(batch));
    return done;
  }
  return result;
}

Result<LoadResult> AuthoritiesImpl::LoadFile(const security::Subject& actor,
                                             const std::string& path) {
  LoadResult result;
  const std::string target = AbsolutePath(path);
  std::string digest;
  Status done = [&]() -> Status {
    CHANCERY_RETURN_IF_ERROR(AdministrativeOnly(actor, "authority load"));
    std::ifstream in(path, std::ios::binary);
    if (!in)
      return IoError(path + ": " + std::strerror(errno));
    std::ostringstream raw;
    raw << in.rdbuf();
    if (in.bad())
      return IoError(path + ": read error");
    std::string bytes = raw.str();
    digest = "sha256 " + audit::Sha256Hex(bytes);
    CHANCERY_ASSIGN_OR_RETURN(std::string text,
                              format::DecompressMaybeZstd(std::move(bytes), path));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<Authority> authorities, ParseAuthorityFile(text, path));
    return Load(actor, target, digest, std::move(authorities), &result);
  }();
  if (!done.ok()) {
    store::WriteBatch batch;
    batch.audit.push_back(
        Event(actor, "authority.load", target,
              "deny: " + done.ToString() + (digest.empty() ? "" : ", " + digest)));
    (void)store().Write(std::move(batch));
    return done;
  }
  return result;
}

}  // namespace internal
}  // namespace chancery::archive
