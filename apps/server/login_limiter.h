// The login rate limiter: failed sign-ins per key ("user:NAME", "ip:ADDR") in a sliding window,
// kept in the store (store::Store docs API) so that every chanceryd node sharing the store counts
// the same failures. A key with `max_failures` failures in the window is refused until the oldest
// of them leaves it.
//
// Collection "auth.login_failures": key = the limiter key (keys over 128 bytes, e.g. a long user
// name tried, are stored as "sha256:" + its hex SHA-256), body = JSON {"failures": [micros, ...]},
// the newest max_failures failure times, oldest first. A failure is recorded by a read and a
// write of the key's document that names the version read (optimistic concurrency), retried on
// kConflict, so failures counted at once by several threads or nodes are never lost. Keys whose
// failures have all left the window are deleted by SweepStale(), which RecordFailure() runs at
// most once per window of every 10 in each process, and by Reset().
//
// Thread-safe; several processes may share the store.
#pragma once

#include <atomic>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "chancery/base/clock.h"
#include "chancery/base/result.h"
#include "chancery/store/store.h"

namespace chancery::server {

class LoginLimiter {
 public:
  // Borrows `store` (Records::store()), which must outlive the limiter. `clock` may be nullptr
  // (the system clock); not owned. max_failures below 1 counts as 1.
  LoginLimiter(store::Store& store, const Clock* clock, int max_failures, int64_t window_micros);

  // 0 if every key may try now, else the whole seconds until all of them may (Retry-After).
  // Errors: those of the store.
  Result<int64_t> RetryAfterSeconds(const std::vector<std::string>& keys);
  // Records one failure now for each key, in one transaction. kConflict only if the keys'
  // documents kept changing under it through every retry (16); other errors: the store's.
  Status RecordFailure(const std::vector<std::string>& keys);
  // Forgets the failures of `key`.
  Status Reset(const std::string& key);
  // Deletes the keys whose failures have all left the window; returns how many.
  Result<size_t> SweepStale();

 private:
  // The failure times of `key` still in the window at `now`, from its stored document.
  Result<std::vector<int64_t>> InWindow(const std::optional<store::DocRow>& row, int64_t now) const;

  store::Store& store_;
  const Clock& clock_;
  size_t max_failures_;
  int64_t window_micros_;
  std::atomic<int64_t> last_sweep_micros_{0};
};

}  // namespace chancery::server
