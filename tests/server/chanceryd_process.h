// The real chanceryd binary (CHANCERYD_PATH) as a child process on an ephemeral loopback port,
// for tests of what only separate processes show: several nodes on one store file, restarts.
// Its stderr is drained on a thread so that it never blocks. Not thread-safe.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <httplib.h>
#include <sys/types.h>

namespace chancery::testing {

class ChancerydProcess {
 public:
  // Starts `chanceryd --db DB --port 0 --access-log - EXTRA...` and waits until it listens;
  // port() is 0 if it did not (it exited first).
  explicit ChancerydProcess(std::string db, std::vector<std::string> extra = {});
  // Stop() if still running.
  ~ChancerydProcess();
  ChancerydProcess(const ChancerydProcess&) = delete;
  ChancerydProcess& operator=(const ChancerydProcess&) = delete;

  int port() const { return port_; }

  pid_t pid() const { return pid_; }

  std::unique_ptr<httplib::Client> Client() const;
  // SIGTERM, then Wait().
  int Stop();
  // Waits for the process to exit (after a signal sent to pid()); returns its status as waitpid
  // reports it, -1 if it was not running.
  int Wait();
  // Stop(), then start again on the same store with the same arguments (a new port).
  void Restart();

 private:
  void Start();

  std::string db_;
  std::vector<std::string> extra_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace chancery::testing
