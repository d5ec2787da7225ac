// Sign-in credentials kept in the store's workflow documents (store::Store docs API): Argon2id
// password hashes (collection "auth.password", key = user name) and API tokens (collection
// "auth.token", key = hex SHA-256 of the token: the token itself is never stored). Changes are
// audited in the same transaction, and so are sign-ins and sign-outs (the sessions themselves are
// store documents too: sessions.h). A password's document version is its "password version": a
// session remembers the one it signed in with, so that any password change (the API, another
// node, or `chanceryd --set-password` in another process) ends the user's sessions at their next
// request on any node. Thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/store/store.h"

namespace chancery::server {

struct TokenInfo {
  std::string id;  // first 16 hex digits of the token's SHA-256; names it for revocation
  std::string user;
  std::string name;  // what the user called it ("nightly export")
  int64_t created_micros = 0;
};

class Credentials {
 public:
  // Borrows the records store (Records::store()), which must outlive it. `clock` may be nullptr
  // (the system clock); not owned.
  static Result<std::unique_ptr<Credentials>> Open(store::Store& store, const Clock* clock);

  // Sets `user`'s password (HashPassword's limits apply) and revokes all of `user`'s API tokens,
  // in one transaction that audits each change with `actor`. The password version changes, which
  // ends `user`'s sessions (SessionTable::Lookup's caller compares it).
  Status SetPassword(std::string_view actor, std::string_view user, std::string_view password);
  // True iff `user` has a password and `password` matches it. For a user without one, a dummy
  // hash is verified instead, so both refusals take about as long (no user enumeration).
  Result<bool> CheckPassword(std::string_view user, std::string_view password);
  // As CheckPassword, but returns the password version on a match and std::nullopt otherwise.
  Result<std::optional<int64_t>> MatchPassword(std::string_view user, std::string_view password);
  // The version of `user`'s password document; 0 when the user has no password.
  Result<int64_t> PasswordVersion(std::string_view user);

  // Audit entries for sessions. A sign-in is committed with the default durability; a failed
  // one (client address and user name tried) as a read audit is (kProcessCrash), since the login
  // limiter bounds how many there are. `client` is the peer address.
  Status AuditSignIn(std::string_view user, std::string_view client);
  Status AuditFailedSignIn(std::string_view user, std::string_view client);
  Status AuditSignOut(std::string_view user, std::string_view why);

  // A new random token for `user`: returns the token (shown once) and its info.
  Result<std::pair<std::string, TokenInfo>> CreateToken(std::string_view user,
                                                        std::string_view name);
  Result<std::vector<TokenInfo>> ListTokens(std::string_view user);
  // kNotFound "no token ID" when `user` has no token with this id. `actor` (the user or an
  // administrator) is recorded in the audit log.
  Status RevokeToken(std::string_view actor, std::string_view user, std::string_view id);
  // The token's owner, or std::nullopt for an unknown or revoked token.
  Result<std::optional<std::string>> UserForToken(std::string_view token);

 private:
  Credentials(store::Store& store, const Clock* clock, std::string dummy_hash);
  model::AuditEvent Event(std::string_view actor, std::string_view action, std::string_view target,
                          std::string_view decision) const;
  Status Audit(store::Txn& txn, std::string_view actor, std::string_view action,
               std::string_view target);

  store::Store& store_;
  const Clock* clock_;
  std::string dummy_hash_;
};

}  // namespace chancery::server
