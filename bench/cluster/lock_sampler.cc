#include "lock_sampler.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>

#include <libpq-fe.h>

namespace chancery::bench {

LockSampler::LockSampler(const std::string& url, int interval_ms) {
  thread_ = std::thread([this, url, interval_ms] {
    PGconn* conn = PQconnectdb(url.c_str());
    if (PQstatus(conn) != CONNECTION_OK) {
      std::fprintf(stderr, "cluster_bench: lock sampler: %s", PQerrorMessage(conn));
      PQfinish(conn);
      return;
    }
    long held = 0;
    long waiting = 0;
    while (!stop_.load()) {
      PGresult* r = PQexec(conn,
                           "SELECT count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT "
                           "granted) FROM pg_locks WHERE locktype = 'advisory'");
      if (PQresultStatus(r) == PGRES_TUPLES_OK) {
        held += std::atol(PQgetvalue(r, 0, 0)) > 0 ? 1 : 0;
        waiting += std::atol(PQgetvalue(r, 0, 1));
        ++use_.samples;
      }
      PQclear(r);
      std::this_thread::sleep_for(std::chrono::milliseconds(interval_ms));
    }
    PQfinish(conn);
    if (use_.samples > 0) {
      use_.held = static_cast<double>(held) / use_.samples;
      use_.waiters = static_cast<double>(waiting) / use_.samples;
    }
  });
}

LockSampler::~LockSampler() {
  if (thread_.joinable()) {
    stop_ = true;
    thread_.join();
  }
}

LockUse LockSampler::Stop() {
  stop_ = true;
  thread_.join();
  return use_;
}

}  // namespace chancery::bench
