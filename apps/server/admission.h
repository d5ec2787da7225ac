// A FIFO admission gate: at most `limit` requests run their handlers at once; the rest wait in
// arrival order. chanceryd runs handlers on `threads` worker threads (http_listener.h); the gate
// keeps the CPU-bound handlers to a few per core, so each finishes quickly instead of all of them
// time-slicing.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>

namespace chancery::server {

class AdmissionGate {
 public:
  // REQUIRES: limit >= 1.
  explicit AdmissionGate(size_t limit);

  AdmissionGate(const AdmissionGate&) = delete;
  AdmissionGate& operator=(const AdmissionGate&) = delete;

  // Blocks until fewer than `limit` holders are inside and everyone who arrived earlier has
  // entered. Every Enter() must be paired with one Leave().
  void Enter();
  // Lets the longest waiter in, if any.
  void Leave();

  // Requests waiting to enter; for /metrics.
  size_t Waiting();

 private:
  struct Waiter {
    std::condition_variable cv;
    bool admitted = false;
  };

  const size_t limit_;
  std::mutex mu_;
  size_t inside_ = 0;            // guarded by mu_
  std::deque<Waiter*> waiters_;  // guarded by mu_; oldest first
};

// Enter() on construction, Leave() on destruction; neither when `gated` is false.
class AdmissionScope {
 public:
  explicit AdmissionScope(AdmissionGate& gate, bool gated = true) : gate_(gate), gated_(gated) {
    if (gated_) {
      gate_.Enter();
    }
  }

  ~AdmissionScope() {
    if (gated_) {
      gate_.Leave();
    }
  }

  AdmissionScope(const AdmissionScope&) = delete;
  AdmissionScope& operator=(const AdmissionScope&) = delete;

 private:
  AdmissionGate& gate_;
  const bool gated_;
};

}  // namespace chancery::server
