// The Authorities implementation (include/chancery/archive/authorities.h): loads and the cache
// in authority_store.cc, reading in authority_read.cc, FRUS linking in authority_link.cc.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "chancery/archive/authorities.h"
#include "chancery/store/store.h"

#include "archive/authority_internal.h"

namespace chancery::archive::internal {

// A (volume, name) pair seen in public records and the authority it links to.
struct LinkRow {
  std::string volume;
  std::string name;
  std::string authority;  // "pocom:...", a file's id, or "frus:<slug>"
  int64_t records = 0;    // public records naming it
};

std::string LinkToJson(const LinkRow& row);
Result<LinkRow> LinkFromJson(std::string_view json);
std::string LinkKey(std::string_view volume, std::string_view name);

// Everything in memory: the stored authorities, plus the FRUS-only ones and the linked variants
// that the link rows imply.
struct AuthorityCache {
  int64_t generation = -1;
  std::vector<Authority> all;
  std::unordered_map<std::string, size_t> by_id;
  std::unordered_map<std::string, std::vector<size_t>> by_token;  // name word -> authorities
  std::map<std::string, std::vector<size_t>> by_post;             // post id -> people holding it

  // Per authority (as `all`), per name of AllNames(): its NameTokens and its NormalizedName,
  // so a look-up or a person: expansion does not re-tokenize every candidate's names.
  struct Name {
    std::vector<std::string> tokens;
    std::string normalized;
  };

  std::vector<std::vector<Name>> names;
};

// Picks the authority a (volume, name) pair links to among `cache`'s people (not FRUS-only
// ones): surname equal, given names compatible, alive and adult in the volume's years, and a
// career (posts held) overlapping them preferred; "" when none or several fit equally.
std::string MatchPerson(const AuthorityCache& cache, std::string_view volume,
                        std::string_view name);

class AuthoritiesImpl : public Authorities {
 public:
  explicit AuthoritiesImpl(records::Records& records) : records_(records) {}

  Result<LoadResult> LoadPocom(const security::Subject& actor, const std::string& path) override;
  Result<LoadResult> LoadFile(const security::Subject& actor, const std::string& path) override;
  Result<LinkResult> Link(const security::Subject& actor) override;
  Result<AuthorityView> Show(const security::Subject& reader, std::string_view name_or_id,
                             uint32_t limit) override;
  Result<std::vector<Authority>> Find(std::string_view text, std::optional<AuthorityKind> kind,
                                      size_t limit) override;
  Result<std::vector<ChiefAnswer>> Chief(std::string_view post, std::string_view day) override;
  Result<std::string> ExpandQuery(std::string_view query) override;
  Result<std::vector<Authority>> Subjects() override;
  Result<Authority> CheckSubject(std::string_view term) override;

 private:
  store::Store& store() { return records_.store(); }

  // Fresh cache (reloaded when the generation counter moved), under mu_.
  Result<const AuthorityCache*> Cache();
  // Stores `authorities` in one transaction audited as loaded from `target` (an absolute path)
  // with `digest` ("sha256 <hex>").
  Status Load(const security::Subject& actor, const std::string& target, const std::string& digest,
              std::vector<Authority> authorities, LoadResult* result);
  model::AuditEvent Event(const security::Subject& actor, std::string action, std::string target,
                          std::string decision) const;
  // Every link row's target chosen again against `cache` (after a load), inside `txn`.
  Status Relink(store::Txn& txn, const AuthorityCache& cache);
  // Authorities the query's words match, best first (see Find), unlocked.
  std::vector<size_t> Match(const AuthorityCache& cache, std::string_view text,
                            std::optional<AuthorityKind> kind, std::vector<int>* ranks) const;
  // The names to search the text for, for `ids`, minimized, within `budget` words; "" when
  // none. A name holding `asked` (the words the reader typed, searched in the person fields by
  // the caller) as a run is left out: only other spellings become phrases.
  std::string NamesClause(const AuthorityCache& cache, const std::vector<size_t>& ids,
                          const std::vector<std::string>& asked, size_t budget) const;

  records::Records& records_;
  std::mutex mu_;
  AuthorityCache cache_;
};

Status AdministrativeOnly(const security::Subject& actor, std::string_view what);

}  // namespace chancery::archive::internal
