#include "metrics.h"

#include <cstdio>

namespace chancery::server {

namespace {

// Label values are route patterns and methods: escape \, " and newlines anyway.
std::string Escape(std::string_view value) {
  std::string out;
  for (char c : value) {
    if (c == '\\' || c == '"') {
      out.push_back('\\');
      out.push_back(c);
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof(buffer), "%.6g", value);
  return buffer;
}

}  // namespace

void Metrics::End(std::string_view method, std::string_view route, int status, double seconds) {
  in_flight_.fetch_sub(1);
  std::lock_guard<std::mutex> lock(mu_);
  ++requests_[{std::string(route), std::string(method), status}];
  ++by_class_[status >= 100 && status < 600 ? static_cast<size_t>(status / 100) : 0];
  Histogram& h = latency_[std::string(route)];
  for (size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i])
      ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::Render(size_t waiting, bool per_route) const {
  std::string out;
  std::lock_guard<std::mutex> lock(mu_);
  out += "# HELP chancery_http_responses_total HTTP responses by status class.\n";
  out += "# TYPE chancery_http_responses_total counter\n";
  for (size_t c = 1; c < by_class_.size(); ++c) {
    out += "chancery_http_responses_total{class=\"" + std::to_string(c) + "xx\"} " +
           std::to_string(by_class_[c]) + "\n";
  }
  out += "# HELP chancery_http_requests_in_flight Requests being served.\n";
  out += "# TYPE chancery_http_requests_in_flight gauge\n";
  out += "chancery_http_requests_in_flight " + std::to_string(in_flight_.load()) + "\n";
  out += "# HELP chancery_http_requests_waiting Requests waiting for a handler slot.\n";
  out += "# TYPE chancery_http_requests_waiting gauge\n";
  out += "chancery_http_requests_waiting " + std::to_string(waiting) + "\n";
  if (!per_route)
    return out;
  out += "# HELP chancery_http_requests_total HTTP requests by route pattern, method and status.\n";
  out += "# TYPE chancery_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [route, method, status] = key;
    out += "chancery_http_requests_total{route=\"" + Escape(route) + "\",method=\"" +
           Escape(method) + "\",status=\"" + std::to_string(status) + "\"} " +
           std::to_string(count) + "\n";
  }
  out += "# HELP chancery_http_request_duration_seconds Request latency by route pattern.\n";
  out += "# TYPE chancery_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    const std::string label = "route=\"" + Escape(route) + "\"";
    for (size_t i = 0; i < kBuckets.size(); ++i) {
      out += "chancery_http_request_duration_seconds_bucket{" + label + ",le=\"" +
             Number(kBuckets[i]) + "\"} " + std::to_string(h.buckets[i]) + "\n";
    }
    out += "chancery_http_request_duration_seconds_bucket{" + label + ",le=\"+Inf\"} " +
           std::to_string(h.count) + "\n";
    out += "chancery_http_request_duration_seconds_sum{" + label + "} " + Number(h.sum) + "\n";
    out += "chancery_http_request_duration_seconds_count{" + label + "} " +
           std::to_string(h.count) + "\n";
  }
  return out;
}

}  // namespace chancery::server
