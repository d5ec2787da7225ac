// chanceryd against hostile or broken clients (issue 11): chunked bodies over a route's limit,
// slowloris, connection caps, a second server on a port in use, HEAD, and a JSON body on every
// refusal.
#include <chrono>
#include <cstdio>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include "server_fixture.h"

extern char** environ;

namespace chancery::testing {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The JSON body of a raw HTTP response ("" when it has none or it is not JSON).
json BodyJson(const std::string& response) {
  const size_t at = response.find("\r\n\r\n");
  return at == std::string::npos ? json() : json::parse(response.substr(at + 4), nullptr, false);
}

std::string ChunkedHead(const std::string& path) {
  return "POST " + path +
         " HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
         "Transfer-Encoding: chunked\r\n\r\n";
}

TEST(HostileClients, ChunkedBodyOverTheRouteLimitIs413AfterAboutTheLimit) {
  ServerFixture f;
  const long before = VmRssKb();
  RawConnection c(f.server().port());
  ASSERT_TRUE(c.Send(ChunkedHead("/api/session")));
  const std::string chunk(64 * 1024, 'x');
  char size[16];
  std::snprintf(size, sizeof(size), "%zx\r\n", chunk.size());
  for (int i = 0; i < 160 && c.Send(size + chunk + "\r\n"); ++i) {  // 10 MB if all is taken
  }
  (void)c.Send("0\r\n\r\n");
  const std::string response = c.ReadUntilClosed(10);
  EXPECT_EQ(response.rfind("HTTP/1.1 413 ", 0), 0u) << response.substr(0, 200);
  EXPECT_EQ(BodyJson(response)["error"],
            "request body over the limit of 8192 bytes for /api/session");
#ifndef __SANITIZE_ADDRESS__
  // Under AddressSanitizer freed memory sits in its quarantine and RSS says nothing about what
  // the server kept (29 MB growth measured with nothing kept); the plain build checks it.
  EXPECT_LT(VmRssKb() - before, 4 * 1024) << "the server kept the body it refused";
#else
  (void)before;
#endif
}

TEST(HostileClients, ChunkedBodyUnderTheLimitIsServed) {
  ServerFixture f;
  RawConnection c(f.server().port());
  const std::string body = R"({"user":"nobody","password":"x"})";
  char size[16];
  std::snprintf(size, sizeof(size), "%zx\r\n", body.size());
  ASSERT_TRUE(c.Send(ChunkedHead("/api/session") + size + body + "\r\n0\r\n\r\n"));
  EXPECT_EQ(c.ReadUntilClosed(0.5).rfind("HTTP/1.1 401 ", 0), 0u);
}

TEST(HostileClients, SlowHeadsNeitherStarveOthersNorOutliveTheHeadDeadline) {
  ServerFixture f([](server::ServerConfig& c) {
    c.head_timeout_seconds = 2;
    c.max_connections_per_client = 100;
  });
  std::vector<RawConnection> slow;
  for (int i = 0; i < 300; ++i) {
    slow.emplace_back(f.server().port(), "127.0.0.2");
    ASSERT_GE(slow.back().fd(), 0);
    (void)slow.back().Send("GET /healthz HTTP/1.1\r\n");
  }
  const Clock::time_point opened = Clock::now();
  int refused = 0;
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  for (RawConnection& c : slow)
    refused += c.ReadUntilClosed(0.001).rfind("HTTP/1.1 503 ", 0) == 0 ? 1 : 0;
  EXPECT_EQ(refused, 200);  // over the cap of 100 connections from 127.0.0.2
  for (const char* path : {"/healthz", "/api/search?q=harbour"}) {
    const Clock::time_point start = Clock::now();
    EXPECT_EQ(StatusOf(f.Client()->Get(path)), 200) << path;
    EXPECT_LT(SecondsSince(start), 1.0) << path;
  }
  int open = 0;  // a header line every 100 ms: a per-read timeout would never fire
  while (SecondsSince(opened) < 3.5) {
    open = 0;
    for (RawConnection& c : slow)
      open += c.Send("X-Slow: 1\r\n") && !c.ClosedByServer() ? 1 : 0;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_EQ(open, 0) << "slow heads still open after the 2 s head deadline";
}

TEST(HostileClients, ConnectionCapRefusesWithAJson503) {
  ServerFixture f([](server::ServerConfig& c) { c.max_connections = 2; });
  RawConnection a(f.server().port()), b(f.server().port()), c(f.server().port());
  const std::string response = c.ReadUntilClosed(2);
  EXPECT_EQ(response.rfind("HTTP/1.1 503 ", 0), 0u) << response;
  EXPECT_EQ(BodyJson(response)["error"], "too many connections: try again later");
}

// Runs chanceryd with `args` until it exits (at most 10 s); returns its stderr and exit code.
std::pair<std::string, int> RunChanceryd(std::vector<std::string> args) {
  int pipefd[2];
  EXPECT_EQ(pipe(pipefd), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipefd[1], 2);
  posix_spawn_file_actions_addclose(&actions, pipefd[0]);
  args.insert(args.begin(), CHANCERYD_PATH);
  std::vector<char*> argv;
  for (std::string& a : args)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  EXPECT_EQ(posix_spawn(&pid, CHANCERYD_PATH, &actions, nullptr, argv.data(), environ), 0);
  posix_spawn_file_actions_destroy(&actions);
  close(pipefd[1]);
  std::string err;
  const Clock::time_point start = Clock::now();
  for (char buffer[512]; SecondsSince(start) < 10;) {
    pollfd p{pipefd[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0)
      continue;
    const ssize_t n = read(pipefd[0], buffer, sizeof(buffer));
    if (n <= 0)
      break;
    err.append(buffer, static_cast<size_t>(n));
  }
  close(pipefd[0]);
  kill(pid, SIGKILL);  // if it is still running, it bound the port: the test fails below
  int status = 0;
  waitpid(pid, &status, 0);
  return {err, WIFEXITED(status) ? WEXITSTATUS(status) : -1};
}

TEST(HostileClients, SecondServerOnAPortInUseFailsWithAClearMessage) {
  ServerFixture f;
  TempDir other(FastTempParent());
  PrepareStore(other.path());
  const std::string port = std::to_string(f.server().port());
  auto [err, code] = RunChanceryd({"--db", other.File("store.db"), "--port", port});
  EXPECT_EQ(code, 1) << err;
  EXPECT_NE(err.find("cannot listen on 127.0.0.1:" + port + ": address already in use"),
            std::string::npos)
      << err;
}

TEST(HostileClients, HeadWorksWhereGetDoesWithTheSameHeadersAndNoBody) {
  ServerFixture f;
  for (const char* path : {"/api/records/pub-1", "/healthz", "/api/search?q=harbour", "/"}) {
    auto get = f.Client()->Get(path);
    auto head = f.Client()->Head(path);
    ASSERT_EQ(StatusOf(head), 200) << path;
    EXPECT_EQ(head->get_header_value("Content-Length"), std::to_string(BodyOf(get).size()));
    EXPECT_EQ(head->get_header_value("Content-Type"), get->get_header_value("Content-Type"));
    EXPECT_EQ(BodyOf(head), "") << path;
  }
}

TEST(HostileClients, HeadWithoutAGetRouteIs405) {
  ServerFixture f;
  EXPECT_EQ(StatusOf(f.Client()->Head("/api/import")), 405);
}

json Error(const httplib::Result& r) {
  return json::parse(BodyOf(r), nullptr, false).value("error", json());
}

TEST(HostileClients, EveryRefusalHasAJsonErrorBody) {
  ServerFixture f;
  auto c = f.Client();
  EXPECT_EQ(Error(c->Post("/api/session", "", "application/json")).is_string(), true);
  EXPECT_EQ(Error(c->Post("/api/session", "{oops", "application/json")).is_string(), true);
  auto form = c->Post("/api/session", std::string(9000, 'a'), "application/x-www-form-urlencoded");
  EXPECT_EQ(StatusOf(form), 413);
  EXPECT_EQ(Error(form), "request body of 9000 bytes over the limit of 8192 for /api/session");
  EXPECT_EQ(Error(c->Get("/api/nothing")), "no route /api/nothing");
  EXPECT_EQ(Error(c->Delete("/api/search")), "method DELETE not allowed on /api/search");
}

TEST(HostileClients, MalformedAndOversizedHeadsGetJsonErrors) {
  ServerFixture f;
  RawConnection garbage(f.server().port());
  ASSERT_TRUE(garbage.Send("NOT HTTP AT ALL\r\n\r\n"));
  const std::string bad = garbage.ReadUntilClosed(2);
  EXPECT_EQ(bad.rfind("HTTP/1.1 400 ", 0), 0u) << bad;
  EXPECT_TRUE(BodyJson(bad)["error"].is_string()) << bad;
  RawConnection huge(f.server().port());
  ASSERT_TRUE(huge.Send("GET /healthz HTTP/1.1\r\nX-Big: " + std::string(9000, 'b') + "\r\n\r\n"));
  const std::string big = huge.ReadUntilClosed(2);
  EXPECT_EQ(big.rfind("HTTP/1.1 431 ", 0), 0u) << big.substr(0, 100);
  EXPECT_EQ(BodyJson(big)["error"], "request line and headers over the limit of 8192 bytes");
}

}  // namespace
}  // namespace chancery::testing
