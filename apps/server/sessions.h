// Sign-in sessions (in memory: a restart signs everyone out) and the login rate limiter.
// Thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "chancery/base/clock.h"

namespace chancery::server {

struct Session {
  std::string user;
  std::string csrf;  // the double-submit token: cookie chancery_csrf + header X-CSRF-Token
  int64_t created_micros = 0;
  int64_t last_seen_micros = 0;
  int64_t password_version = 0;  // Credentials::PasswordVersion at sign-in; a change ends it
};

struct SessionLimits {
  int64_t idle_micros = 30LL * 60 * 1000000;        // 30 minutes without a request
  int64_t absolute_micros = 12LL * 3600 * 1000000;  // 12 hours after sign-in
};

class SessionTable {
 public:
  // `clock` may be nullptr (the system clock); not owned.
  SessionTable(const Clock* clock, SessionLimits limits);

  // A new session for `user`, signed in with password `password_version`; returns its random
  // token (the cookie value).
  std::string Create(std::string_view user, int64_t password_version, Session* session);
  // The live session for `token`, its idle timer restarted; std::nullopt (and the session
  // forgotten) if unknown, idle too long or past its absolute lifetime.
  std::optional<Session> Lookup(std::string_view token);
  void Remove(std::string_view token);
  // Ends every session of `user`; returns how many there were.
  size_t RemoveUser(std::string_view user);

 private:
  const Clock& clock_;
  SessionLimits limits_;
  std::mutex mu_;
  std::map<std::string, Session, std::less<>> sessions_;  // GUARDED_BY(mu_)
};

// Failed sign-ins per key ("user:NAME", "ip:ADDR") in a sliding window; a key with
// `max_failures` failures in the window is refused until the oldest one leaves it.
class LoginLimiter {
 public:
  LoginLimiter(const Clock* clock, int max_failures, int64_t window_micros);

  // 0 if every key may try now, else the whole seconds until all of them may (Retry-After).
  int64_t RetryAfterSeconds(const std::vector<std::string>& keys);
  void RecordFailure(const std::vector<std::string>& keys);
  void Reset(const std::string& key);

 private:
  const Clock& clock_;
  size_t max_failures_;
  int64_t window_micros_;
  std::mutex mu_;
  std::map<std::string, std::deque<int64_t>> failures_;  // GUARDED_BY(mu_)
};

}  // namespace chancery::server
