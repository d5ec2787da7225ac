// Serials are gapless and unique under concurrent releases (issue 4 §4).
#include <algorithm>
#include <mutex>
#include <numeric>
#include <thread>

#include <gtest/gtest.h>

#include "release_fixture.h"

namespace chancery::desk::testing {
namespace {

TEST_F(ReleaseTest, ConcurrentReleasesTakeSerialsOneToTwoHundredExactly) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 25;
  std::vector<std::string> drafts;
  for (int i = 0; i < kThreads * kPerThread; ++i) {
    drafts.push_back(Approve(
        Spec("Cable " + std::to_string(i), model::PrecedenceRank::kRoutine, {"EMB-MOSCOW"})));
  }
  std::mutex mu;
  std::vector<int64_t> numbers;
  std::vector<std::string> errors;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        auto r = desk().ReleaseDraft(releaser_, drafts[static_cast<size_t>(t * kPerThread + i)]);
        std::lock_guard<std::mutex> lock(mu);
        if (r.ok()) {
          numbers.push_back(r->serial.number);
        } else {
          errors.push_back(r.status().ToString());
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_TRUE(errors.empty()) << errors.front();
  std::sort(numbers.begin(), numbers.end());
  std::vector<int64_t> expected(kThreads * kPerThread);
  std::iota(expected.begin(), expected.end(), 1);
  EXPECT_EQ(numbers, expected);
}

}  // namespace
}  // namespace chancery::desk::testing
