// ReadAggregator: the audit log's per-interval counts of public reads (policy `audit-reads
// aggregate`, docs/format/policy.md §7d, docs/format/audit-log.md §13).
//
// A successful show or search whose results the anonymous public may read is not an entry of its
// own: it is counted here, per (actor, action), and once the interval has passed the counts
// become one audit entry each, with the number of reads, the first and last time and the
// distinct ids returned (at most kMaxIds of them). Records calls Add() on each such read and
// appends what Take() returns; it also takes everything at close and from a timer, so an idle
// server does not hold counts for long.
//
// What this gives up, by design: the query texts of aggregated searches, and (on kill -9 or
// power loss) the counts of at most one interval. Denials, errors and every read of a record
// above the public level are never aggregated (records_read.cc decides).
//
// Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "chancery/model/audit_event.h"

namespace chancery::records::internal {

class ReadAggregator {
 public:
  static constexpr size_t kMaxIds = 256;

  // `interval_micros` > 0.
  explicit ReadAggregator(int64_t interval_micros) : interval_micros_(interval_micros) {}

  // Counts one read at `now_micros` by `actor` of `action` ("show", "search") that returned
  // `ids`.
  void Add(const std::string& actor, const std::string& action, const std::vector<std::string>& ids,
           int64_t now_micros);

  // The aggregate entries to append (seq, prev_hash and hash unset, time = `now_micros`) if the
  // interval that began with the first read counted has passed, or `all` is set; empty
  // otherwise. What is returned is forgotten here.
  std::vector<model::AuditEvent> Take(int64_t now_micros, bool all);

  int64_t interval_micros() const { return interval_micros_; }

 private:
  struct Bucket {
    int64_t reads = 0;
    int64_t first_micros = 0;
    int64_t last_micros = 0;
    std::set<std::string> ids;  // at most kMaxIds
    bool ids_truncated = false;
  };

  const int64_t interval_micros_;
  std::mutex mu_;
  std::map<std::pair<std::string, std::string>, Bucket> buckets_;  // guarded by mu_
  int64_t window_start_micros_ = 0;                                // guarded by mu_
};

// "allow aggregated reads=12 first=2026-12-02T07:45:01Z last=...": the decision text of an
// aggregate entry; a reader of the log sees from it that the entry is not a single read.
std::string AggregateDecision(int64_t reads, int64_t first_micros, int64_t last_micros,
                              bool ids_truncated);

}  // namespace chancery::records::internal
