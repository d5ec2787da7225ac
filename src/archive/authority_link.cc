// Name authorities, linking: the persons named in public records (FRUS persons lists) linked to
// authorities by name and dates, as a step derived from the store's change log
// (docs/decisions/0008-name-authorities.md).
#include <algorithm>
#include <map>
#include <set>

#include <nlohmann/json.hpp>

#include "chancery/format/json.h"
#include "chancery/security/policy.h"

#include "archive/authority_impl.h"

namespace chancery::archive::internal {
namespace {

using Json = nlohmann::json;

int Year(std::string_view iso) {
  return iso.size() >= 4 ? std::stoi(std::string(iso.substr(0, 4))) : 0;
}

// How well authority `a` fits a name seen in a volume covering [from, to]: -1 not at all,
// 0 the name fits (every given name seen has its counterpart in one of the authority's names), 1
// the name fits and the career (posts held) overlaps the volume's years. A name seen with a given
// name that none of the authority's names has ("Robert B." against POCOM's "Robert", who has no
// middle name) fits only with the career: without it they are as likely two people (adversarial
// review H1: Eisenhower's Treasury Secretary Robert B. Anderson is not the 1970s ambassador
// Robert Anderson). A seen name shorter than the authority's ("George" for "George Stanley
// McGovern") is how persons lists abbreviate, and fits.
int Fit(const Authority& a, const PersonName& seen, bool dated, int from, int to) {
  bool loose = false;
  bool exact = false;
  const std::string whole = NormalizedName(seen.display);
  for (const std::string& n : AllNames(a)) {
    PersonName p = ParsePersonName(n);
    if (NormalizedName(p.display) == whole) {
      exact = true;
    } else if (p.surname == seen.surname && GivenCompatible(p.given, seen.given)) {
      loose = true;
      exact = exact || p.given.size() >= seen.given.size();
    }
  }
  if (!loose && !exact)
    return -1;
  if (!dated)
    return exact ? 0 : -1;
  if (!a.birth.empty() && Year(a.birth) + 18 > to)
    return -1;  // not yet of age
  if (!a.death.empty() && Year(a.death) < from)
    return -1;  // dead before the volume
  for (const PostHeld& p : a.posts) {
    const std::string& start = !p.started.empty() ? p.started : p.appointed;
    const int s = start.empty() ? 0 : Year(start);
    const int e = p.ended.empty() ? 9999 : Year(p.ended);
    if (s != 0 && s <= to + 1 && e >= from - 1)
      return 1;
  }
  return exact ? 0 : -1;
}

}  // namespace

std::string MatchPerson(const AuthorityCache& cache, std::string_view volume,
                        std::string_view name) {
  const PersonName seen = ParsePersonName(name);
  if (!LinkableName(name) || seen.given.empty())
    return {};  // a surname alone, or a redaction marker, links nothing
  const std::vector<std::string> words = NameTokens(seen.surname);
  auto it = words.empty() ? cache.by_token.end() : cache.by_token.find(words.back());
  if (it == cache.by_token.end())
    return {};
  int from = 0;
  int to = 0;
  const bool dated = VolumeYears(volume, &from, &to);
  int best = -1;
  std::vector<std::string> at_best;
  for (size_t i : it->second) {
    const Authority& a = cache.all[i];
    if (a.kind != AuthorityKind::kPerson || a.origin == "frus")
      continue;
    const int fit = Fit(a, seen, dated, from, to);
    if (fit < 0 || fit < best)
      continue;
    if (fit > best)
      at_best.clear();
    best = fit;
    at_best.push_back(a.id);
  }
  return at_best.size() == 1 ? at_best[0] : std::string();
}

Result<LinkResult> AuthoritiesImpl::Link(const security::Subject& actor) {
  CHANCERY_RETURN_IF_ERROR(AdministrativeOnly(actor, "authority link"));
  std::lock_guard<std::mutex> lock(mu_);
  CHANCERY_ASSIGN_OR_RETURN(const AuthorityCache* cache, Cache());
  const security::Policy& policy = records_.policy();
  const security::Subject reader = security::Subject::PublicReader(policy);
  LinkResult result;
  CHANCERY_ASSIGN_OR_RETURN(std::optional<std::string> marker, store().GetMeta(kLinkedSeqMeta));
  int64_t seq = marker.has_value() ? std::stoll(*marker) : 0;
  std::map<int64_t, bool> public_class;  // access class id -> the public reader may read it
  for (;;) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::Change> changes, store().ChangesSince(seq, 2000));
    if (changes.empty())
      break;
    // What each changed record now contributes: its (volume, name) pairs if it is public.
    std::map<std::string, std::set<std::string>> now;                  // record id -> link keys
    std::map<std::string, std::pair<std::string, std::string>> names;  // key -> (volume, name)
    for (const store::Change& ch : changes) {
      ++result.records;
      std::set<std::string>& keys = now[ch.record_id];
      keys.clear();
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::StoredRecord> rec,
                                store().GetRecord(ch.record_id));
      if (!rec.has_value())
        continue;
      auto known = public_class.find(rec->access_class);
      Result<model::Cable> cable = format::CableFromJson(rec->payload);
      if (!cable.ok())
        return cable.status();
      if (known == public_class.end()) {
        const bool ok = security::Decide(policy, reader, security::ClassOf(policy, *cable),
                                         security::Action::kRead)
                            .allowed;
        known = public_class.emplace(rec->access_class, ok).first;
      }
      if (!known->second)
        continue;  // never linked: no leak through authorities
      for (const std::string& person : cable->persons) {
        if (!LinkableName(person))
          continue;  // a surname alone or a withheld name is no person to link (review A3, H2)
        const std::string key = LinkKey(cable->archival.collection, person);
        keys.insert(key);
        names.emplace(key, std::make_pair(cable->archival.collection, person));
      }
    }
    Status done = store().Transact([&](store::Txn& txn) -> Status {
      std::map<std::string, LinkRow> rows;  // touched link rows
      auto row = [&](const std::string& key) -> Result<LinkRow*> {
        auto it = rows.find(key);
        if (it != rows.end())
          return &it->second;
        CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> doc,
                                  txn.GetDoc(kLinkCollection, key));
        LinkRow r;
        if (doc.has_value()) {
          CHANCERY_ASSIGN_OR_RETURN(r, LinkFromJson(doc->body));
        } else {
          r.volume = names[key].first;
          r.name = names[key].second;
        }
        return &rows.emplace(key, std::move(r)).first->second;
      };
      for (auto& [id, keys] : now) {
        CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> old,
                                  txn.GetDoc(kLinkRecCollection, id));
        std::set<std::string> before;
        if (old.has_value()) {
          for (const Json& k : Json::parse(old->body))
            before.insert(k.get<std::string>());
        }
        for (const std::string& k : before) {
          if (keys.count(k) == 0) {
            CHANCERY_ASSIGN_OR_RETURN(LinkRow * r, row(k));
            --r->records;
          }
        }
        for (const std::string& k : keys) {
          if (before.count(k) == 0) {
            CHANCERY_ASSIGN_OR_RETURN(LinkRow * r, row(k));
            ++r->records;
          }
        }
        if (keys.empty()) {
          if (old.has_value())
            CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kLinkRecCollection, id));
        } else if (keys != before) {
          store::DocRow doc;
          doc.collection = std::string(kLinkRecCollection);
          doc.key = id;
          doc.body = Json(std::vector<std::string>(keys.begin(), keys.end())).dump();
          CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
        }
      }
      for (auto& [key, r] : rows) {
        if (r.records <= 0) {
          CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kLinkCollection, key));
          continue;
        }
        if (r.authority.empty()) {
          ++result.names;
          r.authority = MatchPerson(*cache, r.volume, r.name);
          ++(r.authority.empty() ? result.created : result.matched);
          if (r.authority.empty())
            r.authority = "frus:" + Slug(ParsePersonName(r.name).display);
        }
        store::DocRow doc;
        doc.collection = std::string(kLinkCollection);
        doc.key = key;
        doc.group = r.authority;
        doc.sort = key;
        doc.body = LinkToJson(r);
        CHANCERY_RETURN_IF_ERROR(txn.PutDoc(doc).status());
      }
      store::WriteBatch batch;
      batch.meta.emplace_back(std::string(kLinkedSeqMeta), std::to_string(changes.back().seq));
      if (!rows.empty())
        CHANCERY_RETURN_IF_ERROR(txn.NextSequence(kGeneration).status());
      model::AuditEvent e =
          Event(actor, "authority.link",
                "changes " + std::to_string(seq + 1) + ".." + std::to_string(changes.back().seq),
                "ok: " + std::to_string(rows.size()) + " names");
      batch.audit.push_back(std::move(e));
      return txn.Write(std::move(batch)).status();
    });
    CHANCERY_RETURN_IF_ERROR(done);
    seq = changes.back().seq;
  }
  result.last_seq = seq;
  return result;
}

}  // namespace chancery::archive::internal
