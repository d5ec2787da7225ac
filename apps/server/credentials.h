// Sign-in credentials kept in the store's workflow documents (store::Store docs API): Argon2id
// password hashes (collection "auth.password", key = user name) and API tokens (collection
// "auth.token", key = hex SHA-256 of the token: the token itself is never stored). Changes are
// audited in the same transaction. Thread-safe.
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

  // Sets `user`'s password (HashPassword's limits apply). `actor` is recorded in the audit log.
  Status SetPassword(std::string_view actor, std::string_view user, std::string_view password);
  // True iff `user` has a password and `password` matches it. For a user without one, a dummy
  // hash is verified instead, so both refusals take about as long (no user enumeration).
  Result<bool> CheckPassword(std::string_view user, std::string_view password);

  // A new random token for `user`: returns the token (shown once) and its info.
  Result<std::pair<std::string, TokenInfo>> CreateToken(std::string_view user,
                                                        std::string_view name);
  Result<std::vector<TokenInfo>> ListTokens(std::string_view user);
  // kNotFound "no token ID" when `user` has no token with this id.
  Status RevokeToken(std::string_view user, std::string_view id);
  // The token's owner, or std::nullopt for an unknown or revoked token.
  Result<std::optional<std::string>> UserForToken(std::string_view token);

 private:
  Credentials(store::Store& store, const Clock* clock, std::string dummy_hash);
  Status Audit(store::Txn& txn, std::string_view actor, std::string_view action,
               std::string_view target);

  store::Store& store_;
  const Clock* clock_;
  std::string dummy_hash_;
};

}  // namespace chancery::server
