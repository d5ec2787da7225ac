#include "sessions.h"

#include <algorithm>

#include "chancery/audit/signing.h"

namespace chancery::server {

namespace {

constexpr size_t kMaxKeys = 100000;

const Clock& ClockOrSystem(const Clock* clock) {
  static const SystemClock system;
  return clock != nullptr ? *clock : system;
}

}  // namespace

SessionTable::SessionTable(const Clock* clock, SessionLimits limits)
    : clock_(ClockOrSystem(clock)), limits_(limits) {}

std::string SessionTable::Create(std::string_view user, int64_t password_version,
                                 Session* session) {
  const int64_t now = clock_.NowMicros();
  Session s{std::string(user), audit::RandomToken(), now, now, password_version};
  std::string token = audit::RandomToken();
  std::lock_guard<std::mutex> lock(mu_);
  // Forget expired sessions now and then so that the table stays small.
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    const bool expired = now - it->second.last_seen_micros > limits_.idle_micros ||
                         now - it->second.created_micros > limits_.absolute_micros;
    it = expired ? sessions_.erase(it) : std::next(it);
  }
  sessions_[token] = s;
  *session = std::move(s);
  return token;
}

std::optional<Session> SessionTable::Lookup(std::string_view token) {
  const int64_t now = clock_.NowMicros();
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token);
  if (it == sessions_.end()) {
    return std::nullopt;
  }
  Session& s = it->second;
  if (now - s.last_seen_micros > limits_.idle_micros ||
      now - s.created_micros > limits_.absolute_micros) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.last_seen_micros = now;
  return s;
}

void SessionTable::Remove(std::string_view token) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = sessions_.find(token);
  if (it != sessions_.end()) {
    sessions_.erase(it);
  }
}

size_t SessionTable::RemoveUser(std::string_view user) {
  std::lock_guard<std::mutex> lock(mu_);
  return std::erase_if(sessions_, [user](const auto& entry) { return entry.second.user == user; });
}

LoginLimiter::LoginLimiter(const Clock* clock, int max_failures, int64_t window_micros)
    : clock_(ClockOrSystem(clock)),
      max_failures_(static_cast<size_t>(std::max(1, max_failures))),
      window_micros_(window_micros) {}

int64_t LoginLimiter::RetryAfterSeconds(const std::vector<std::string>& keys) {
  const int64_t now = clock_.NowMicros();
  int64_t wait_micros = 0;
  std::lock_guard<std::mutex> lock(mu_);
  for (const std::string& key : keys) {
    auto it = failures_.find(key);
    if (it == failures_.end())
      continue;
    std::deque<int64_t>& times = it->second;
    while (!times.empty() && now - times.front() >= window_micros_) {
      times.pop_front();
    }
    if (times.size() >= max_failures_) {
      // The oldest failure that must leave the window before one more try is allowed.
      const int64_t oldest = times[times.size() - max_failures_];
      wait_micros = std::max(wait_micros, oldest + window_micros_ - now);
    }
  }
  return wait_micros <= 0 ? 0 : (wait_micros + 999999) / 1000000;
}

void LoginLimiter::RecordFailure(const std::vector<std::string>& keys) {
  const int64_t now = clock_.NowMicros();
  std::lock_guard<std::mutex> lock(mu_);
  if (failures_.size() > kMaxKeys) {  // forget keys whose failures have all left the window
    for (auto it = failures_.begin(); it != failures_.end();) {
      const bool stale = it->second.empty() || now - it->second.back() >= window_micros_;
      it = stale ? failures_.erase(it) : std::next(it);
    }
  }
  for (const std::string& key : keys) {
    std::deque<int64_t>& times = failures_[key];
    times.push_back(now);
    while (times.size() > max_failures_) {
      times.pop_front();
    }
  }
}

void LoginLimiter::Reset(const std::string& key) {
  std::lock_guard<std::mutex> lock(mu_);
  failures_.erase(key);
}

}  // namespace chancery::server
