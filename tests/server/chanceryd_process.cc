#include "chanceryd_process.h"

#include <cstdio>
#include <thread>

#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace chancery::testing {

ChancerydProcess::ChancerydProcess(std::string db, std::vector<std::string> extra)
    : db_(std::move(db)), extra_(std::move(extra)) {
  Start();
}

ChancerydProcess::~ChancerydProcess() {
  (void)Stop();
}

void ChancerydProcess::Start() {
  int pipefd[2];
  if (pipe(pipefd) != 0) {
    return;
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
  posix_spawn_file_actions_addclose(&actions, pipefd[0]);
  std::vector<std::string> args = {CHANCERYD_PATH, "--db", db_, "--port", "0", "--access-log", "-"};
  args.insert(args.end(), extra_.begin(), extra_.end());
  std::vector<char*> argv;
  for (std::string& a : args) {
    argv.push_back(a.data());
  }
  argv.push_back(nullptr);
  const int spawned = posix_spawn(&pid_, CHANCERYD_PATH, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(pipefd[1]);
  if (spawned != 0) {
    pid_ = -1;
    close(pipefd[0]);
    return;
  }
  std::FILE* err = fdopen(pipefd[0], "r");
  char line[512];
  port_ = 0;
  while (port_ == 0 && std::fgets(line, sizeof(line), err) != nullptr) {
    std::sscanf(line, "chanceryd: listening on http://127.0.0.1:%d", &port_);
  }
  std::thread([err] {  // drain the rest so that the child never blocks on stderr
    char buffer[512];
    while (std::fgets(buffer, sizeof(buffer), err) != nullptr) {
    }
    std::fclose(err);
  })
      .detach();
}

std::unique_ptr<httplib::Client> ChancerydProcess::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", port_);
  client->set_read_timeout(10, 0);
  return client;
}

int ChancerydProcess::Stop() {
  if (pid_ > 0) {
    kill(pid_, SIGTERM);
  }
  return Wait();
}

int ChancerydProcess::Wait() {
  if (pid_ <= 0) {
    return -1;
  }
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  port_ = 0;
  return status;
}

void ChancerydProcess::Restart() {
  (void)Stop();
  Start();
}

}  // namespace chancery::testing
