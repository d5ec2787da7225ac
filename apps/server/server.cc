#include "server.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include "chancery/desk/desk.h"
#include "chancery/records/records.h"

#include "credentials.h"
#include "http_errors.h"
#include "login_limiter.h"
#include "metrics.h"
#include "sessions.h"

namespace chancery::server {

namespace {

// With a PostgreSQL store every node keeps an index of its own: a second chanceryd given the
// same --index folder (a copy-pasted unit file, two nodes on one shared volume) is refused here,
// naming the process that holds it, instead of two processes writing one index. Returns the
// locked file's descriptor (held until exit), or -1 for a SQLite store, whose processes share
// the index beside the file by design.
Result<int> LockNodeIndex(const ServerConfig& c) {
  if (!store::IsPostgresUrl(c.db) || c.index.empty()) {
    return -1;
  }
  const std::string path = c.index + ".node-lock";
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return IoError("cannot open " + path + ": " + std::strerror(errno));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    char held[128] = {};
    const ssize_t n = ::pread(fd, held, sizeof(held) - 1, 0);
    ::close(fd);
    std::string holder = n > 0 ? std::string(held, static_cast<size_t>(n)) : "another process";
    while (!holder.empty() && holder.back() == '\n') {
      holder.pop_back();
    }
    return FailedPrecondition("index folder " + c.index + " is in use by another chanceryd (" +
                              holder + "): each node needs an --index folder of its own");
  }
  char host[256] = {};
  ::gethostname(host, sizeof(host) - 1);
  const std::string me = "pid " + std::to_string(::getpid()) + " on " + host + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, me.data(), me.size(), 0) < 0) {
    // The lock holds without the note; only the message naming the holder is poorer.
  }
  return fd;
}

int FollowIntervalMs(const ServerConfig& c) {
  if (c.index_follow_ms >= 0) {
    return c.index_follow_ms;
  }
  return store::IsPostgresUrl(c.db) ? 250 : 0;
}

}  // namespace

Result<std::unique_ptr<Server>> Server::Open(ServerConfig config, const Clock* clock) {
  std::unique_ptr<Server> server(new Server(std::move(config)));
  const ServerConfig& c = server->config_;
  CHANCERY_ASSIGN_OR_RETURN(server->node_lock_fd_, LockNodeIndex(c));
  records::RecordsOptions options = RecordsOptionsOf(c);
  options.clock = clock;
  CHANCERY_ASSIGN_OR_RETURN(server->records_, records::Records::Open(std::move(options)));
  desk::DeskOptions desk_options;
  desk_options.db_path = c.db;
  desk_options.key_dir = KeyDirOf(c);
  desk_options.clock = clock;
  Result<std::unique_ptr<desk::Desk>> desk =
      desk::Desk::Open(std::move(desk_options), *server->records_);
  if (desk.ok()) {
    server->desk_ = std::move(desk).value();
  } else {
    std::fprintf(stderr, "chanceryd: desk unavailable: %s\n", desk.status().ToString().c_str());
  }
  // The archive borrows the same Records (one owner of the store, one audit log).
  archive::ArchiveOptions archive_options;
  archive_options.db_path = c.db;
  archive_options.key_dir = KeyDirOf(c);
  archive_options.clock = clock;
  archive_options.desk = server->desk_.get();  // one desk: the archive borrows it too
  Result<std::unique_ptr<archive::Archive>> archive =
      archive::Archive::Open(*server->records_, std::move(archive_options));
  if (archive.ok()) {
    server->archive_ = std::move(archive).value();
  } else {
    std::fprintf(stderr, "chanceryd: archive unavailable: %s\n",
                 archive.status().ToString().c_str());
  }
  CHANCERY_ASSIGN_OR_RETURN(server->authorities_, archive::Authorities::Open(*server->records_));
  CHANCERY_ASSIGN_OR_RETURN(server->alerts_, archive::Alerts::Open(*server->records_));
  CHANCERY_ASSIGN_OR_RETURN(server->credentials_,
                            Credentials::Open(server->records_->store(), clock));
  // Sessions and login failures live in the store, so that every node sharing it serves them.
  server->sessions_ =
      std::make_unique<SessionTable>(server->records_->store(), clock, SessionLimits{});
  server->limiter_ = std::make_unique<LoginLimiter>(server->records_->store(), clock,
                                                    c.login_failures, int64_t{60} * 1000000);
  server->metrics_ = std::make_unique<Metrics>();
  server->gate_ = std::make_unique<AdmissionGate>(c.ActiveRequestLimit());
  if (c.access_log.empty()) {
    server->log_ = stderr;
  } else if (c.access_log != "-") {
    server->log_ = std::fopen(c.access_log.c_str(), "a");
    if (server->log_ == nullptr) {
      return IoError("access log " + c.access_log + ": cannot open for appending");
    }
    server->own_log_ = true;
  }
  Services& s = server->services_;
  s.records = server->records_.get();
  s.desk = server->desk_.get();
  s.archive = server->archive_.get();
  s.authorities = server->authorities_.get();
  s.alerts = server->alerts_.get();
  s.credentials = server->credentials_.get();
  s.sessions = server->sessions_.get();
  s.limiter = server->limiter_.get();
  s.metrics = server->metrics_.get();
  s.gate = server->gate_.get();
  s.config = &server->config_;
  server->Install();
  return server;
}

Server::Server(ServerConfig config) : config_(std::move(config)) {}

Server::~Server() {
  Stop();
  (void)Close();
  if (node_lock_fd_ >= 0) {
    ::close(node_lock_fd_);
  }
}

void Server::Install() {
  ListenerOptions o;
  o.host = config_.host;
  o.port = config_.port;
  o.io_threads = config_.io_threads > 0
                     ? config_.io_threads
                     : static_cast<int>(std::clamp(std::thread::hardware_concurrency(), 1U, 4U));
  o.workers = config_.threads;
  o.head_timeout_seconds = config_.head_timeout_seconds;
  o.idle_timeout_seconds = config_.idle_timeout_seconds;
  o.read_timeout_seconds = config_.read_timeout_seconds;
  o.body_timeout_seconds = config_.body_timeout_seconds;
  o.write_timeout_seconds = config_.write_timeout_seconds;
  o.max_connections = static_cast<size_t>(config_.max_connections);
  o.max_connections_per_client = static_cast<size_t>(config_.max_connections_per_client);
  o.default_headers = {
      {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  };
  ListenerHooks hooks;
  hooks.on_head = [this](Exchange& exchange) { return OnHead(exchange); };
  hooks.handle = [this](Exchange& exchange) { Dispatch(exchange); };
  hooks.on_done = [this](Exchange& exchange) { Log(exchange); };
  http_ = std::make_unique<HttpListener>(std::move(o), std::move(hooks));
}

Result<int> Server::Bind() {
  CHANCERY_ASSIGN_OR_RETURN(const int port, http_->Bind());
  bound_port_ = port;
  services_.port = port;
  return port;
}

Status Server::Serve() {
  if (desk_ != nullptr && config_.escalation_interval_seconds > 0 && !escalator_.joinable()) {
    escalator_ = std::thread([this] { EscalationLoop(); });
  }
  if (FollowIntervalMs(config_) > 0 && !follower_.joinable()) {
    follower_ = std::thread([this] { FollowLoop(); });
  }
  Status served = http_->Serve();
  StopEscalation();
  return served;
}

void Server::Stop() {
  {
    std::lock_guard<std::mutex> lock(escalator_mu_);
    escalator_stop_ = true;
  }
  escalator_cv_.notify_all();
  if (http_ != nullptr)
    http_->Stop();
}

// Escalation state lives in the store (Delivery::escalated_micros), so a tick after a restart
// escalates only what lapsed and was never escalated: nothing is repeated.
void Server::EscalationLoop() {
  const security::Subject scheduler = records_->Administrator("admin:chanceryd");
  const auto interval = std::chrono::seconds(config_.escalation_interval_seconds);
  std::unique_lock<std::mutex> lock(escalator_mu_);
  while (!escalator_stop_) {
    lock.unlock();
    Result<size_t> escalated = desk_->EscalateLapsed(scheduler);
    if (!escalated.ok()) {
      std::fprintf(stderr, "chanceryd: escalation failed: %s\n",
                   escalated.status().ToString().c_str());
    } else if (*escalated > 0) {
      std::fprintf(stderr, "chanceryd: escalation escalated=%zu\n", *escalated);
    }
    escalation_ticks_.fetch_add(1);
    lock.lock();
    escalator_cv_.wait_for(lock, interval, [this] { return escalator_stop_; });
  }
}

// Other nodes (or `chancery import` on the same file) write the store; this keeps the node's
// index close behind, so that a search does not have to index a large import by itself. A
// failure (another process holds the index's writer, a damaged shard) is reported by the next
// search, which retries; here it is only logged once per kind.
void Server::FollowLoop() {
  const auto interval = std::chrono::milliseconds(FollowIntervalMs(config_));
  std::string last_error;
  std::unique_lock<std::mutex> lock(escalator_mu_);
  while (!escalator_stop_) {
    lock.unlock();
    Status caught_up = records_->CatchUpIndex();
    if (!caught_up.ok() && caught_up.ToString() != last_error) {
      last_error = caught_up.ToString();
      std::fprintf(stderr, "chanceryd: index follower: %s\n", last_error.c_str());
    } else if (caught_up.ok()) {
      last_error.clear();
    }
    lock.lock();
    escalator_cv_.wait_for(lock, interval, [this] { return escalator_stop_; });
  }
}

void Server::StopEscalation() {
  {
    std::lock_guard<std::mutex> lock(escalator_mu_);
    escalator_stop_ = true;
  }
  escalator_cv_.notify_all();
  if (escalator_.joinable())
    escalator_.join();
  if (follower_.joinable())
    follower_.join();
}

Status Server::Close() {
  if (closed_.exchange(true))
    return Status::Ok();
  StopEscalation();
  Status status;
  if (records_ != nullptr)
    status = records_->Checkpoint();
  alerts_.reset();
  authorities_.reset();
  archive_.reset();
  desk_.reset();
  credentials_.reset();
  limiter_.reset();  // both borrow the records' store
  sessions_.reset();
  records_.reset();
  services_ = Services{};
  http_.reset();  // joins the handler threads
  if (own_log_ && log_ != nullptr)
    std::fclose(log_);
  log_ = nullptr;
  return status;
}

}  // namespace chancery::server
