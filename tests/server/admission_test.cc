// The admission gate in front of chanceryd's handlers: a bound on concurrent handlers, and
// first come, first served beyond it.
#include "admission.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace chancery::server {
namespace {

// Waits until gate.Waiting() reaches n (the threads have queued in this order).
void AwaitWaiting(AdmissionGate& gate, size_t n) {
  while (gate.Waiting() < n) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
}

TEST(AdmissionGateTest, NeverAdmitsMoreThanTheLimitAtOnce) {
  AdmissionGate gate(3);
  std::atomic<int> inside{0};
  std::atomic<int> most{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&] {
      for (int round = 0; round < 50; ++round) {
        AdmissionScope scope(gate);
        const int now = ++inside;
        int seen = most.load();
        while (now > seen && !most.compare_exchange_weak(seen, now)) {
        }
        std::this_thread::yield();
        --inside;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(most.load(), 3);
  EXPECT_EQ(gate.Waiting(), 0U);
}

TEST(AdmissionGateTest, WaitersEnterInArrivalOrder) {
  AdmissionGate gate(1);
  gate.Enter();
  std::mutex mu;
  std::vector<int> order;
  std::vector<std::thread> threads;
  for (int i = 0; i < 5; ++i) {
    threads.emplace_back([&, i] {
      AdmissionScope scope(gate);
      std::lock_guard lock(mu);
      order.push_back(i);
    });
    AwaitWaiting(gate, static_cast<size_t>(i) + 1);
  }
  gate.Leave();
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(order, (std::vector<int>{0, 1, 2, 3, 4}));
}

TEST(AdmissionGateTest, ALeaveWithNobodyWaitingFreesASlot) {
  AdmissionGate gate(1);
  gate.Enter();
  gate.Leave();
  std::thread other([&] { AdmissionScope scope(gate); });
  other.join();  // would hang if the slot had not been freed
  EXPECT_EQ(gate.Waiting(), 0U);
}

}  // namespace
}  // namespace chancery::server
