// Samples PostgreSQL's pg_locks while nodes write, to measure how busy the store's one write
// lock (the transaction-scoped advisory lock of src/store/postgres/pg_store.h) is: the fraction
// of samples in which some transaction holds it, and how many wait for it. Held fraction x wall
// time / operations = the time one operation holds the lock, which bounds the whole cluster's
// write rate at 1 / that time whatever the number of nodes.
#pragma once

#include <atomic>
#include <string>
#include <thread>

namespace chancery::bench {

struct LockUse {
  int samples = 0;
  double held = 0;     // fraction of samples with the advisory lock granted
  double waiters = 0;  // mean number of transactions waiting for it
};

class LockSampler {
 public:
  // Starts sampling every `interval_ms` on its own connection to `url` (any database of the
  // cluster: pg_locks is cluster-wide).
  LockSampler(const std::string& url, int interval_ms);
  ~LockSampler();
  LockSampler(const LockSampler&) = delete;
  LockSampler& operator=(const LockSampler&) = delete;

  // Stops sampling and returns what was seen. Call once.
  LockUse Stop();

 private:
  std::atomic<bool> stop_{false};
  LockUse use_;
  std::thread thread_;
};

}  // namespace chancery::bench
