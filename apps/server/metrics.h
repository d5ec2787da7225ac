// Request metrics in the Prometheus text exposition format (GET /metrics): responses by status
// class, requests in flight and waiting for anyone; requests by route pattern, method and status
// and a latency histogram by route for administrators only (per-route counts reveal others'
// desk activity). Thread-safe.
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

  // `waiting` is the number of requests queued at the admission gate. The aggregates
  // (chancery_http_responses_total{class="2xx"}, _in_flight, _waiting) always; the per-route
  // series (chancery_http_requests_total, chancery_http_request_duration_seconds) only when
  // `per_route`.
  std::string Render(size_t waiting, bool per_route) const;

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
  std::array<uint64_t, 6> by_class_{};  // GUARDED_BY(mu_); [1..5] = 1xx..5xx, [0] = other
};

}  // namespace chancery::server
