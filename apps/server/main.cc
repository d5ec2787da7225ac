// chanceryd: the HTTP API (docs/server.md). Modes:
//   chanceryd [--config FILE] [--db PATH] [--port N] ...   serve until SIGTERM/SIGINT
//   chanceryd --db PATH --set-password USER                 password from stdin (one line)
//   chanceryd --list-routes                                 METHOD PATTERN ACCESS, one a line
//   chanceryd --version                                     "chanceryd X.Y.Z"
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <string>
#include <thread>

#include <pthread.h>

#include "chancery/records/records.h"
#include "chancery/search/shard_files.h"

#include "chancery_version.h"
#include "config.h"
#include "credentials.h"
#include "install_paths.h"
#include "open_files.h"
#include "route_table.h"
#include "server.h"

namespace chancery::server {
namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;

int Fail(const Status& status) {
  std::fprintf(stderr, "chanceryd: %s\n", status.ToString().c_str());
  return kExitFailed;
}

int ListRoutes() {
  for (const Route& route : RouteTable()) {
    std::printf("%s %s %s\n", std::string(route.method).c_str(), std::string(route.pattern).c_str(),
                std::string(AccessName(route.access)).c_str());
  }
  return 0;
}

int SetPassword(const ServerConfig& config) {
  std::string password;
  if (!std::getline(std::cin, password)) {
    return Fail(InvalidArgument("--set-password: no password on standard input"));
  }
  if (!password.empty() && password.back() == '\r')
    password.pop_back();
  Result<std::unique_ptr<records::Records>> records =
      records::Records::Open(RecordsOptionsOf(config));
  if (!records.ok())
    return Fail(records.status());
  const std::string& user = config.set_password_user;
  if (Result<security::Subject> s = (*records)->ResolveSubject(std::string_view(user)); !s.ok()) {
    return Fail(s.status());
  }
  Result<std::unique_ptr<Credentials>> credentials =
      Credentials::Open((*records)->store(), nullptr);
  if (!credentials.ok())
    return Fail(credentials.status());
  const char* login = std::getenv("USER");
  const std::string actor = std::string("admin:") + (login != nullptr ? login : "operator");
  if (Status s = (*credentials)->SetPassword(actor, user, password); !s.ok())
    return Fail(s);
  std::fprintf(stderr, "chanceryd: password set for %s\n", user.c_str());
  return 0;
}

// Raises the open-file limit to what the index on disk needs (open_files.h) and warns when the
// hard limit does not allow it. Runs before the store opens, since catching the index up may
// already open a writer on every shard.
void PrepareOpenFiles(const ServerConfig& config) {
  Result<size_t> shards = search::CountShards(IndexDirFor(config));
  if (!shards.ok()) {
    std::fprintf(stderr, "chanceryd: warning: %s\n", shards.status().ToString().c_str());
    return;
  }
  const OpenFileNeed need = NeededOpenFiles(config, *shards);
  Result<OpenFileLimit> limit = RaiseOpenFileLimit(need.total);
  if (!limit.ok()) {
    std::fprintf(stderr, "chanceryd: warning: %s\n", limit.status().ToString().c_str());
    return;
  }
  if (const std::string warning = OpenFileWarning(need, *limit); !warning.empty()) {
    std::fprintf(stderr, "chanceryd: %s\n", warning.c_str());
  } else if (limit->soft != limit->soft_before) {
    std::fprintf(
        stderr, "chanceryd: open-file limit raised from %llu to %llu (%llu index shards)\n",
        static_cast<unsigned long long>(limit->soft_before),
        static_cast<unsigned long long>(limit->soft), static_cast<unsigned long long>(need.shards));
  }
}

// Resolves config.web_root (install_paths.h): the installed UI when unset.
Status ChooseWebRoot(ServerConfig& config) {
  Result<std::string> exe = SelfExecutable();
  std::string note;
  CHANCERY_ASSIGN_OR_RETURN(config.web_root,
                            ResolveWebRoot(config, exe.ok() ? *exe : std::string(), &note));
  if (!note.empty())
    std::fprintf(stderr, "chanceryd: %s\n", note.c_str());
  else if (!config.web_root.empty())
    std::fprintf(stderr, "chanceryd: web UI from %s\n", config.web_root.c_str());
  return Status::Ok();
}

int Serve(ServerConfig config) {
  if (Status s = ChooseWebRoot(config); !s.ok())
    return Fail(s);
  PrepareOpenFiles(config);
  // SIGTERM and SIGINT are taken by one thread with sigwait; block them before any thread starts.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::signal(SIGPIPE, SIG_IGN);

  Result<std::unique_ptr<Server>> server = Server::Open(std::move(config));
  if (!server.ok())
    return Fail(server.status());
  Result<int> port = (*server)->Bind();
  if (!port.ok())
    return Fail(port.status());
  std::fprintf(stderr, "chanceryd: listening on http://%s:%d\n", (*server)->config().host.c_str(),
               *port);
  Server* s = server->get();
  std::thread waiter([s, signals] {
    int signal = 0;
    sigwait(&signals, &signal);
    std::fprintf(stderr, "chanceryd: signal %d: finishing in-flight requests\n", signal);
    s->Stop();
  });
  const Status served = s->Serve();
  if (waiter.joinable()) {
    // Serve() may have ended on its own: wake the waiter so that it can be joined.
    pthread_kill(waiter.native_handle(), SIGTERM);
    waiter.join();
  }
  const Status closed = s->Close();
  if (!served.ok())
    return Fail(served);
  if (!closed.ok())
    return Fail(closed);
  std::fprintf(stderr, "chanceryd: stopped\n");
  return 0;
}

}  // namespace
}  // namespace chancery::server

int main(int argc, char** argv) {
  using namespace chancery::server;
  const std::vector<std::string> args(argv + 1, argv + argc);
  chancery::Result<ServerConfig> config = LoadConfig(args, ProcessEnvironment());
  if (!config.ok()) {
    std::fprintf(stderr, "chanceryd: %s\n", std::string(config.status().message()).c_str());
    return kExitUsage;
  }
  if (config->help) {
    chancery::Result<std::string> exe = SelfExecutable();
    std::fputs(Usage(exe.ok() ? InstalledWebRoot(*exe) : std::string()).c_str(), stdout);
    return 0;
  }
  if (config->version) {
    std::printf("chanceryd %s\n", chancery::kVersion);
    return 0;
  }
  if (config->list_routes)
    return ListRoutes();
  if (!config->set_password_user.empty())
    return SetPassword(*config);
  return Serve(std::move(config).value());
}
