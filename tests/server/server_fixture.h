// An in-process chanceryd on an ephemeral loopback port over a fresh store: the desk fixture's
// directory and users (tests/support/desk_fixture.h), an administrator "root", and three
// records: pub-1 (PUBLIC), sec-1 (SECRET) and ts-1 (TOP SECRET + INTERNAL RESEARCH), all about
// a harbour. Clients talk HTTP with httplib::Client.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <thread>

#include <httplib.h>

#include "server.h"
#include "support/temp_dir.h"

namespace chancery::testing {

// Creates the fixture's store (users, directory, records) at <dir>/store.db.
void PrepareStore(const std::string& dir);

struct SignedIn {
  std::string session;  // the chancery_session cookie value
  std::string csrf;     // the chancery_csrf cookie value
};

class ServerFixture {
 public:
  // `tune` may change the configuration before the server starts. `clock` (not owned; nullptr =
  // the system clock) is the server's.
  explicit ServerFixture(const std::function<void(server::ServerConfig&)>& tune = {},
                         const Clock* clock = nullptr);
  ~ServerFixture();
  ServerFixture(const ServerFixture&) = delete;
  ServerFixture& operator=(const ServerFixture&) = delete;

  std::unique_ptr<httplib::Client> Client() const;

  server::Server& server() { return *server_; }

  const std::string& dir() const { return dir_.path(); }

  // Stops and closes the server, then serves the same store with the same configuration again.
  void Restart();

  // Sets the password through the server's credentials store.
  void SetPassword(const std::string& user, const std::string& password);
  // Signs in with POST /api/session; a failed sign-in is a test failure (empty result).
  SignedIn SignIn(const std::string& user, const std::string& password);
  // Headers carrying the session cookies, and the CSRF header when `csrf`.
  static httplib::Headers With(const SignedIn& s, bool csrf = true);
  static httplib::Headers Bearer(const std::string& token);

 private:
  void Start();
  void Shutdown();

  TempDir dir_;
  server::ServerConfig config_;
  const Clock* clock_ = nullptr;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
};

// Body of a response, or "<no response>" when the request failed.
std::string BodyOf(const httplib::Result& result);
int StatusOf(const httplib::Result& result);

}  // namespace chancery::testing

namespace chancery::testing {

// A raw TCP connection to the server for what httplib::Client cannot do: send a request byte by
// byte, from another loopback address (127.0.0.2), or a chunked body of any size.
class RawConnection {
 public:
  // Connects to 127.0.0.1:port from `source` (port 0); fd() < 0 if that failed.
  RawConnection(int port, const std::string& source = "127.0.0.1");
  ~RawConnection();

  RawConnection(RawConnection&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  int fd() const { return fd_; }

  // False once the server has closed or reset the connection.
  bool Send(std::string_view bytes);
  // Everything until the server closes, or until `seconds` pass.
  std::string ReadUntilClosed(double seconds);
  // True if the server has closed the connection (without waiting).
  bool ClosedByServer();

 private:
  int fd_ = -1;
};

// VmRSS of this process in kB (/proc/self/status).
long VmRssKb();

// An API token of the administrator "root", made through the server's credentials store.
std::string AdminToken(ServerFixture& f);

}  // namespace chancery::testing
