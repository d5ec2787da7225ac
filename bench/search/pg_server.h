// A throw-away PostgreSQL 15 server for the benchmark: initdb into a directory, `postgres` run
// as a child process listening on 127.0.0.1 at a free port (and a socket in the same
// directory), stopped with a fast shutdown. When the benchmark runs as root, the server runs
// as the user `chancery-bench` (scripts/bootstrap-bench creates it; initdb refuses root).
#pragma once

#include <cstdint>
#include <string>

#include <sys/types.h>

#include "chancery/base/result.h"

namespace chancery::bench {

class PgServer {
 public:
  PgServer() = default;
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;
  ~PgServer();

  // Creates the cluster under `dir` (which must be empty or missing) and starts the server;
  // returns once it accepts connections. Errors: kUnavailable naming the command that failed.
  Status Start(const std::string& dir);
  // Fast shutdown; waits for the server to exit. Idempotent.
  Status Stop();
  // libpq connection string for the superuser `bench`, database `postgres`.
  std::string ConnInfo() const;

  // Peak RSS (KiB) of the largest server process that has exited; meaningful after Stop().
  uint64_t PeakRssKib() const { return peak_rss_kib_; }

  const std::string& DataDir() const { return data_dir_; }

 private:
  std::string dir_;
  std::string data_dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  uint64_t peak_rss_kib_ = 0;
};

}  // namespace chancery::bench
