// An in-process chanceryd on an ephemeral loopback port over a fresh store: the desk fixture's
// directory and users (tests/support/desk_fixture.h), an administrator "root", and three
// records: pub-1 (PUBLIC), sec-1 (SECRET) and ts-1 (TOP SECRET + INTERNAL RESEARCH), all about
// a harbour. Clients talk HTTP with httplib::Client.
#pragma once

#include <memory>
#include <string>
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
  // `tune` may change the configuration before the server starts.
  explicit ServerFixture(const std::function<void(server::ServerConfig&)>& tune = {});
  ~ServerFixture();
  ServerFixture(const ServerFixture&) = delete;
  ServerFixture& operator=(const ServerFixture&) = delete;

  std::unique_ptr<httplib::Client> Client() const;

  server::Server& server() { return *server_; }

  const std::string& dir() const { return dir_.path(); }

  // Sets the password through the server's credentials store.
  void SetPassword(const std::string& user, const std::string& password);
  // Signs in with POST /api/session; a failed sign-in is a test failure (empty result).
  SignedIn SignIn(const std::string& user, const std::string& password);
  // Headers carrying the session cookies, and the CSRF header when `csrf`.
  static httplib::Headers With(const SignedIn& s, bool csrf = true);
  static httplib::Headers Bearer(const std::string& token);

 private:
  TempDir dir_;
  std::unique_ptr<server::Server> server_;
  std::thread thread_;
};

// Body of a response, or "<no response>" when the request failed.
std::string BodyOf(const httplib::Result& result);
int StatusOf(const httplib::Result& result);

}  // namespace chancery::testing
