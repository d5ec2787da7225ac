#include "pg_server.h"

#include <chrono>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace chancery::bench {
namespace {

constexpr const char* kBinDir = "/usr/lib/postgresql/15/bin";
constexpr const char* kRunAs = "chancery-bench";

Result<int> FreePort() {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return Unavailable("pg: socket() failed");
  }
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof(addr);
  if (bind(fd, reinterpret_cast<sockaddr*>(&addr), len) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    close(fd);
    return Unavailable("pg: cannot find a free loopback port");
  }
  close(fd);
  return static_cast<int>(ntohs(addr.sin_port));
}

// In a forked child: drops root for the postgres user, then execs `argv`. Never returns.
[[noreturn]] void ExecAs(const std::vector<std::string>& args, const passwd* user) {
  if (user != nullptr && (setgid(user->pw_gid) != 0 || setuid(user->pw_uid) != 0)) {
    _exit(126);
  }
  std::vector<char*> argv;
  for (const std::string& arg : args) {
    argv.push_back(const_cast<char*>(arg.c_str()));
  }
  argv.push_back(nullptr);
  execv(argv[0], argv.data());
  _exit(127);
}

Result<pid_t> Spawn(const std::vector<std::string>& args, const passwd* user,
                    const std::string& log) {
  pid_t pid = fork();
  if (pid < 0) {
    return Unavailable("pg: fork failed for " + args[0]);
  }
  if (pid == 0) {
    FILE* out = freopen(log.c_str(), "a", stdout);
    FILE* err = freopen(log.c_str(), "a", stderr);
    (void)out;
    (void)err;
    ExecAs(args, user);
  }
  return pid;
}

}  // namespace

PgServer::~PgServer() {
  (void)Stop();
}

Status PgServer::Start(const std::string& dir) {
  dir_ = std::filesystem::absolute(dir).string();
  data_dir_ = dir_ + "/data";
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  const passwd* user = nullptr;
  if (geteuid() == 0) {
    user = getpwnam(kRunAs);
    if (user == nullptr) {
      return Unavailable(std::string("pg: running as root needs the user ") + kRunAs +
                         " (scripts/bootstrap-bench creates it)");
    }
    if (chown(dir_.c_str(), user->pw_uid, user->pw_gid) != 0) {
      return Unavailable("pg: cannot chown " + dir_);
    }
  }
  const std::string log = dir_ + "/server.log";
  CHANCERY_ASSIGN_OR_RETURN(
      pid_t initdb, Spawn({std::string(kBinDir) + "/initdb", "-D", data_dir_, "-U", "bench", "-A",
                           "trust", "-E", "UTF8", "--locale=C", "--no-sync"},
                          user, log));
  int status = 0;
  waitpid(initdb, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    return Unavailable("pg: initdb failed, see " + log);
  }
  CHANCERY_ASSIGN_OR_RETURN(port_, FreePort());
  CHANCERY_ASSIGN_OR_RETURN(
      pid_, Spawn({std::string(kBinDir) + "/postgres", "-D", data_dir_, "-p", std::to_string(port_),
                   "-k", dir_, "-c", "listen_addresses=127.0.0.1"},
                  user, log));
  for (int attempt = 0; attempt < 300; ++attempt) {
    if (PQping(ConnInfo().c_str()) == PQPING_OK) {
      return Status::Ok();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Unavailable("pg: server did not accept connections within 30 s, see " + log);
}

Status PgServer::Stop() {
  if (pid_ <= 0) {
    return Status::Ok();
  }
  kill(pid_, SIGINT);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  rusage usage{};
  getrusage(RUSAGE_CHILDREN, &usage);
  peak_rss_kib_ = static_cast<uint64_t>(usage.ru_maxrss);
  return Status::Ok();
}

std::string PgServer::ConnInfo() const {
  return "host=127.0.0.1 port=" + std::to_string(port_) + " user=bench dbname=postgres";
}

}  // namespace chancery::bench
