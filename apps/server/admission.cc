#include "admission.h"

namespace chancery::server {

AdmissionGate::AdmissionGate(size_t limit) : limit_(limit == 0 ? 1 : limit) {}

void AdmissionGate::Enter() {
  std::unique_lock lock(mu_);
  if (inside_ < limit_ && waiters_.empty()) {
    ++inside_;
    return;
  }
  Waiter self;
  waiters_.push_back(&self);
  self.cv.wait(lock, [&self] { return self.admitted; });
  // Leave() handed its place over: inside_ already counts this thread.
}

void AdmissionGate::Leave() {
  std::lock_guard lock(mu_);
  if (waiters_.empty()) {
    --inside_;
    return;
  }
  Waiter* next = waiters_.front();
  waiters_.pop_front();
  next->admitted = true;
  next->cv.notify_one();
}

size_t AdmissionGate::Waiting() {
  std::lock_guard lock(mu_);
  return waiters_.size();
}

}  // namespace chancery::server
