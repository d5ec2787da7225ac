#include "records/read_aggregate.h"

#include "chancery/base/clock.h"

namespace chancery::records::internal {

void ReadAggregator::Add(const std::string& actor, const std::string& action,
                         const std::vector<std::string>& ids, int64_t now_micros) {
  std::lock_guard<std::mutex> lock(mu_);
  if (buckets_.empty()) {
    window_start_micros_ = now_micros;
  }
  Bucket& b = buckets_[{actor, action}];
  if (b.reads == 0) {
    b.first_micros = now_micros;
  }
  ++b.reads;
  b.last_micros = now_micros;
  for (const std::string& id : ids) {
    if (b.ids.size() >= kMaxIds && b.ids.count(id) == 0) {
      b.ids_truncated = true;
      continue;
    }
    b.ids.insert(id);
  }
}

std::vector<model::AuditEvent> ReadAggregator::Take(int64_t now_micros, bool all) {
  std::map<std::pair<std::string, std::string>, Bucket> taken;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (buckets_.empty() || (!all && now_micros - window_start_micros_ < interval_micros_)) {
      return {};
    }
    taken.swap(buckets_);
  }
  std::vector<model::AuditEvent> events;
  events.reserve(taken.size());
  for (auto& [key, bucket] : taken) {
    model::AuditEvent ev;
    ev.time_micros = now_micros;
    ev.actor = key.first;
    ev.action = key.second;
    ev.decision = AggregateDecision(bucket.reads, bucket.first_micros, bucket.last_micros,
                                    bucket.ids_truncated);
    ev.ids.assign(bucket.ids.begin(), bucket.ids.end());
    events.push_back(std::move(ev));
  }
  return events;
}

std::string AggregateDecision(int64_t reads, int64_t first_micros, int64_t last_micros,
                              bool ids_truncated) {
  std::string out = "allow aggregated reads=" + std::to_string(reads) +
                    " first=" + FormatIsoUtc(first_micros) + " last=" + FormatIsoUtc(last_micros);
  if (ids_truncated) {
    out += " ids=first-" + std::to_string(ReadAggregator::kMaxIds);
  }
  return out;
}

}  // namespace chancery::records::internal
