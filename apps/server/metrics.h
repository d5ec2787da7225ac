// Request metrics in the Prometheus text exposition format (GET /metrics): requests by route
// pattern, method and status; a latency histogram by route; requests in flight. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace chancery::server {

class Metrics {
 public:
  // Histogram bucket upper bounds, in seconds.
  static constexpr std::array<double, 12> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5,   10.0};

  void Begin() { in_flight_.fetch_add(1); }

  // A finished request; `route` is its pattern ("/api/records/{id}"), never the raw path.
  void End(std::string_view method, std::string_view route, int status, double seconds);

  int64_t InFlight() const { return in_flight_.load(); }

  // `waiting` is the number of requests queued at the admission gate.
  std::string Render(size_t waiting) const;

 private:
  struct Histogram {
    std::array<uint64_t, kBuckets.size()> buckets{};
    uint64_t count = 0;
    double sum = 0;
  };

  std::atomic<int64_t> in_flight_{0};
  mutable std::mutex mu_;
  std::map<std::tuple<std::string, std::string, int>, uint64_t> requests_;  // GUARDED_BY(mu_)
  std::map<std::string, Histogram> latency_;                                // GUARDED_BY(mu_)
};

}  // namespace chancery::server
