#include "login_limiter.h"

#include <algorithm>
#include <optional>

#include <nlohmann/json.hpp>

#include "chancery/audit/signing.h"

#include "request_parse.h"

namespace chancery::server {

namespace {

constexpr std::string_view kFailures = "auth.login_failures";
constexpr size_t kMaxKeyBytes = 128;
constexpr int kAttempts = 16;
constexpr size_t kSweepPage = 500;

const Clock& ClockOrSystem(const Clock* clock) {
  static const SystemClock system;
  return clock != nullptr ? *clock : system;
}

std::string DocKey(const std::string& key) {
  return key.size() <= kMaxKeyBytes ? key : "sha256:" + audit::Sha256Hex(key);
}

}  // namespace

LoginLimiter::LoginLimiter(store::Store& store, const Clock* clock, int max_failures,
                           int64_t window_micros)
    : store_(store),
      clock_(ClockOrSystem(clock)),
      max_failures_(static_cast<size_t>(std::max(1, max_failures))),
      window_micros_(window_micros) {}

Result<std::vector<int64_t>> LoginLimiter::InWindow(const std::optional<store::DocRow>& row,
                                                    int64_t now) const {
  std::vector<int64_t> times;
  if (!row) {
    return times;
  }
  const std::string not_a_list = "login failures " + row->key + ": stored body is not a list";
  Result<nlohmann::json> j = ParseJsonObject(row->body);
  if (!j.ok()) {
    return Corruption(not_a_list);
  }
  auto failures = j->find("failures");
  if (failures == j->end() || !failures->is_array()) {
    return Corruption(not_a_list);
  }
  for (const nlohmann::json& t : *failures) {
    if (!t.is_number_integer()) {
      return Corruption("login failures " + row->key + ": a failure time is not an integer");
    }
    if (now - t.get<int64_t>() < window_micros_) {
      times.push_back(t.get<int64_t>());
    }
  }
  std::sort(times.begin(), times.end());
  return times;
}

Result<int64_t> LoginLimiter::RetryAfterSeconds(const std::vector<std::string>& keys) {
  const int64_t now = clock_.NowMicros();
  int64_t wait_micros = 0;
  for (const std::string& key : keys) {
    CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> row,
                              store_.GetDoc(kFailures, DocKey(key)));
    CHANCERY_ASSIGN_OR_RETURN(std::vector<int64_t> times, InWindow(row, now));
    if (times.size() >= max_failures_) {
      // The oldest failure that must leave the window before one more try is allowed.
      const int64_t oldest = times[times.size() - max_failures_];
      wait_micros = std::max(wait_micros, oldest + window_micros_ - now);
    }
  }
  return wait_micros <= 0 ? int64_t{0} : (wait_micros + 999999) / 1000000;
}

Status LoginLimiter::RecordFailure(const std::vector<std::string>& keys) {
  const int64_t now = clock_.NowMicros();
  int64_t last_sweep = last_sweep_micros_.load();
  if (now - last_sweep >= 10 * window_micros_ &&
      last_sweep_micros_.compare_exchange_strong(last_sweep, now)) {
    CHANCERY_RETURN_IF_ERROR(SweepStale().status());
  }
  const auto record = [&](store::Txn& txn) -> Status {
    for (const std::string& key : keys) {
      store::DocRow row;
      row.collection = std::string(kFailures);
      row.key = DocKey(key);
      CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> stored,
                                txn.GetDoc(kFailures, row.key));
      CHANCERY_ASSIGN_OR_RETURN(std::vector<int64_t> times, InWindow(stored, now));
      times.push_back(now);
      if (times.size() > max_failures_) {
        times.erase(times.begin(), times.end() - static_cast<std::ptrdiff_t>(max_failures_));
      }
      row.body = Dump(nlohmann::json{{"failures", times}});
      // The version read: a failure another node recorded meanwhile is a conflict, not lost.
      CHANCERY_RETURN_IF_ERROR(txn.PutDoc(row, stored ? stored->version : 0).status());
    }
    return Status::Ok();
  };
  Status status;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    status = store_.Transact(record);
    if (status.code() != StatusCode::kConflict) {
      return status;
    }
  }
  return status;
}

Status LoginLimiter::Reset(const std::string& key) {
  const std::string doc_key = DocKey(key);
  return store_.Transact([&](store::Txn& txn) { return txn.DeleteDoc(kFailures, doc_key); });
}

Result<size_t> LoginLimiter::SweepStale() {
  const int64_t now = clock_.NowMicros();
  size_t removed = 0;
  store::DocQuery query;
  query.collection = std::string(kFailures);
  query.limit = kSweepPage;
  while (true) {
    CHANCERY_ASSIGN_OR_RETURN(std::vector<store::DocRow> page, store_.ListDocs(query));
    std::vector<store::DocRow> stale;
    for (const store::DocRow& row : page) {
      Result<std::vector<int64_t>> times = InWindow(row, now);
      if (!times.ok() || times->empty()) {
        stale.push_back(row);
      }
    }
    if (!stale.empty()) {
      size_t deleted = 0;
      // Only rows unchanged since the page was read: a failure recorded meanwhile stays.
      const Status swept = store_.Transact([&](store::Txn& txn) -> Status {
        for (const store::DocRow& row : stale) {
          CHANCERY_ASSIGN_OR_RETURN(std::optional<store::DocRow> stored,
                                    txn.GetDoc(kFailures, row.key));
          if (stored && stored->version == row.version) {
            CHANCERY_RETURN_IF_ERROR(txn.DeleteDoc(kFailures, row.key));
            ++deleted;
          }
        }
        return Status::Ok();
      });
      CHANCERY_RETURN_IF_ERROR(swept);
      removed += deleted;
    }
    if (page.size() < kSweepPage) {
      return removed;
    }
    query.after = page.back().key;
  }
}

}  // namespace chancery::server
