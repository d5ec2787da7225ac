// Sign-in sessions, kept in the store (store::Store docs API) so that any chanceryd node sharing
// the store serves any session, and a session ended on one node is refused by every node at its
// next request (there is no per-process cache: each lookup reads the store).
//
// Collection "auth.session": key = hex SHA-256 of the session token (the token itself, the
// cookie value, is never stored), group = user name, sort = key, body = JSON {user, csrf,
// created, last_seen, password_version} (times in microseconds since the epoch). Sessions survive
// a chanceryd restart, as they must when several nodes share the load; a password change still
// ends them (the caller compares password_version with Credentials::PasswordVersion).
//
// Idle precision: a lookup writes last_seen back only when the stored one is at least
// SessionLimits::touch_micros old, so most requests only read. The stored last_seen may thus lag
// the last request by up to touch_micros, and a session may end up to touch_micros before
// idle_micros after its last request (29 to 30 minutes with the defaults), never later.
//
// Expired sessions are deleted when a lookup finds them, and by SweepExpired(), which Create()
// runs at most once per SessionLimits::sweep_micros in each process.
//
// Thread-safe; several processes may share the store (every write is one Transact, and a
// last_seen write names the version it read, so it never brings back a session deleted since).
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/store/store.h"

namespace chancery::server {

struct Session {
  std::string user;
  std::string csrf;  // the double-submit token: cookie chancery_csrf + header X-CSRF-Token
  int64_t created_micros = 0;
  int64_t last_seen_micros = 0;  // as stored: may lag the last request by up to touch_micros
  int64_t password_version = 0;  // Credentials::PasswordVersion at sign-in; a change ends it
};

struct SessionLimits {
  int64_t idle_micros = 30LL * 60 * 1000000;        // 30 minutes without a request
  int64_t absolute_micros = 12LL * 3600 * 1000000;  // 12 hours after sign-in
  // A lookup writes last_seen only when the stored one is at least this old (0 = on every
  // lookup). Default 60 s: one write per session per minute at most.
  int64_t touch_micros = 60LL * 1000000;
  // Create() sweeps expired sessions out of the store at most this often per process.
  // Default 10 minutes.
  int64_t sweep_micros = 10LL * 60 * 1000000;
};

class SessionTable {
 public:
  // Borrows `store` (Records::store()), which must outlive the table. `clock` may be nullptr
  // (the system clock); not owned.
  SessionTable(store::Store& store, const Clock* clock, SessionLimits limits);

  // Stores a new session for `user`, signed in with password `password_version`, and returns its
  // random token (the cookie value); *session is the stored session. Sweeps first when a sweep
  // is due (SweepExpired's errors are returned). Errors: those of the store.
  Result<std::string> Create(std::string_view user, int64_t password_version, Session* session);
  // The live session for `token`; std::nullopt if unknown (an empty or over-long token too),
  // signed out, idle too long or past its absolute lifetime (an expired one is deleted). Writes
  // last_seen = now when the stored one is at least touch_micros old; if that write fails (a
  // busy writer), the session is still returned and the next lookup writes it. Errors: those of
  // the store's reads and of deleting an expired session; kCorruption for a stored body that is
  // not a session.
  Result<std::optional<Session>> Lookup(std::string_view token);
  // Deletes the session of `token`, if any.
  Status Remove(std::string_view token);
  // Deletes every session of `user`; returns how many there were.
  Result<size_t> RemoveUser(std::string_view user);
  // Deletes every expired session, and any row whose body is not a session (a page of them per
  // transaction; a row changed since its page was read is kept); returns how many.
  Result<size_t> SweepExpired();

 private:
  bool Expired(const Session& s, int64_t now) const;
  // Writes last_seen = now if `row` is still the stored version; false if the session has been
  // deleted since `row` was read.
  Result<bool> Touch(store::DocRow row, Session& session, int64_t now);
  // Deletes `row` if it is still the stored version.
  Status DeleteIfUnchanged(const store::DocRow& row);

  store::Store& store_;
  const Clock& clock_;
  SessionLimits limits_;
  std::atomic<int64_t> last_sweep_micros_{0};
};

}  // namespace chancery::server
