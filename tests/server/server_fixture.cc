#include "server_fixture.h"

#include <chrono>
#include <filesystem>

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "credentials.h"
#include "support/desk_fixture.h"
#include "support/records_fixture.h"

namespace chancery::testing {

void PrepareStore(const std::string& dir) {
  DeskFixture desk(dir);
  records::UserSpec root;
  root.name = "root";
  root.clearance.level = "TOP SECRET";
  root.clearance.categories = {"INTERNAL RESEARCH"};
  root.administrator = true;
  root.security_officer = true;  // changes clearances alone (docs/security.md)
  ASSERT_TRUE(desk.records().AddUser(desk.Admin(), root).ok());
  std::vector<model::Cable> cables = {
      MakeCable("pub-1", "Public harbour report", "The harbour is open.", "PUBLIC"),
      MakeCable("sec-1", "Secret harbour plan", "The harbour will be mined.", "SECRET", {},
                "1962-05-01"),
      MakeCable("ts-1", "Top secret harbour talks", "The harbour talks began.", "TOP SECRET",
                {"INTERNAL RESEARCH"}, "1961-01-01")};
  cables[0].archival.repository = "Wilson Center Digital Archive";
  cables[0].archival.reference.verbatim = "PRC FMA 109-03861-03, 13-17";
  ASSERT_TRUE(desk.records().Import(desk.Admin(), cables, {}).ok());
}

ServerFixture::ServerFixture(const std::function<void(server::ServerConfig&)>& tune,
                             const Clock* clock)
    : dir_(FastTempParent()), clock_(clock) {
  PrepareStore(dir_.path());
  std::filesystem::create_directories(dir_.File("web/assets"));
  WriteFileOrDie(dir_.File("web/index.html"), "<!doctype html><title>Chancery</title>");
  WriteFileOrDie(dir_.File("web/assets/app.js"), "console.log('reading room');");
  WriteFileOrDie(dir_.File("secret.txt"), "outside the web root");
  server::ServerConfig config;
  config.db = dir_.File("store.db");
  config.port = 0;
  config.threads = 4;
  config.access_log = dir_.File("access.log");
  config.web_root = dir_.File("web");
  config.max_body_bytes = 4096;
  config.max_import_bytes = 65536;
  if (tune)
    tune(config);
  config_ = config;
  Start();
}

void ServerFixture::Start() {
  auto opened = server::Server::Open(config_, clock_);
  if (!opened.ok()) {
    ADD_FAILURE() << opened.status().ToString();
    std::abort();
  }
  server_ = std::move(opened).value();
  if (!server_->Bind().ok())
    std::abort();
  thread_ = std::thread([this] { (void)server_->Serve(); });
  for (int i = 0; i < 500 && !server_->running(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

ServerFixture::~ServerFixture() {
  Shutdown();
}

void ServerFixture::Shutdown() {
  server_->Stop();
  thread_.join();
  EXPECT_TRUE(server_->Close().ok());
}

void ServerFixture::Restart() {
  Shutdown();
  server_.reset();
  Start();
}

std::unique_ptr<httplib::Client> ServerFixture::Client() const {
  auto client = std::make_unique<httplib::Client>("127.0.0.1", server_->port());
  client->set_read_timeout(10, 0);
  return client;
}

void ServerFixture::SetPassword(const std::string& user, const std::string& password) {
  ASSERT_TRUE(server_->services().credentials->SetPassword("admin:test", user, password).ok());
}

SignedIn ServerFixture::SignIn(const std::string& user, const std::string& password) {
  const std::string body = "{\"user\":\"" + user + "\",\"password\":\"" + password + "\"}";
  httplib::Result r = Client()->Post("/api/session", body, "application/json");
  SignedIn s;
  if (!r || r->status != 200) {
    ADD_FAILURE() << "sign-in of " << user << " failed: " << BodyOf(r);
    return s;
  }
  for (auto [it, end] = r->headers.equal_range("Set-Cookie"); it != end; ++it) {
    const std::string& c = it->second;
    const std::string value = c.substr(c.find('=') + 1, c.find(';') - c.find('=') - 1);
    if (c.rfind("chancery_session=", 0) == 0)
      s.session = value;
    if (c.rfind("chancery_csrf=", 0) == 0)
      s.csrf = value;
  }
  return s;
}

httplib::Headers ServerFixture::With(const SignedIn& s, bool csrf) {
  httplib::Headers h = {{"Cookie", "chancery_session=" + s.session + "; chancery_csrf=" + s.csrf}};
  if (csrf)
    h.emplace("X-CSRF-Token", s.csrf);
  return h;
}

httplib::Headers ServerFixture::Bearer(const std::string& token) {
  return {{"Authorization", "Bearer " + token}};
}

std::string BodyOf(const httplib::Result& result) {
  return result ? result->body : std::string("<no response>");
}

int StatusOf(const httplib::Result& result) {
  return result ? result->status : -1;
}

}  // namespace chancery::testing

namespace chancery::testing {

RawConnection::RawConnection(int port, const std::string& source) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in from{};
  from.sin_family = AF_INET;
  inet_pton(AF_INET, source.c_str(), &from.sin_addr);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
  if (::bind(fd_, reinterpret_cast<sockaddr*>(&from), sizeof(from)) != 0 ||
      ::connect(fd_, reinterpret_cast<sockaddr*>(&to), sizeof(to)) != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

RawConnection::~RawConnection() {
  if (fd_ >= 0)
    ::close(fd_);
}

bool RawConnection::Send(std::string_view bytes) {
  while (!bytes.empty()) {
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n <= 0)
      return false;
    bytes.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

std::string RawConnection::ReadUntilClosed(double seconds) {
  std::string out;
  const auto end = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  for (auto now = std::chrono::steady_clock::now(); now < end;
       now = std::chrono::steady_clock::now()) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(end - now).count();
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(std::min<long>(50, left + 1))) <= 0)
      continue;
    char buffer[4096];
    const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), 0);
    if (n <= 0)
      break;
    out.append(buffer, static_cast<size_t>(n));
  }
  return out;
}

bool RawConnection::ClosedByServer() {
  char buffer[4096];
  while (true) {
    const ssize_t n = ::recv(fd_, buffer, sizeof(buffer), MSG_DONTWAIT);
    if (n == 0)
      return true;
    if (n < 0)
      return errno != EAGAIN && errno != EWOULDBLOCK;
  }
}

long VmRssKb() {
  const std::string status = ReadFileOrDie("/proc/self/status");
  const size_t at = status.find("VmRSS:");
  return at == std::string::npos ? -1 : std::stol(status.substr(at + 6));
}

std::string AdminToken(ServerFixture& f) {
  auto created = f.server().services().credentials->CreateToken("root", "test");
  EXPECT_TRUE(created.ok());
  return created.ok() ? created->first : std::string();
}

}  // namespace chancery::testing
