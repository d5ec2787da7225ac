#include "server.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include "chancery/desk/desk.h"
#include "chancery/records/records.h"

#include "credentials.h"
#include "http_errors.h"
#include "metrics.h"
#include "sessions.h"

namespace chancery::server {

Result<std::unique_ptr<Server>> Server::Open(ServerConfig config, const Clock* clock) {
  std::unique_ptr<Server> server(new Server(std::move(config)));
  const ServerConfig& c = server->config_;
  records::RecordsOptions options;
  options.db_path = c.db;
  options.clock = clock;
  CHANCERY_ASSIGN_OR_RETURN(server->records_, records::Records::Open(std::move(options)));
  desk::DeskOptions desk_options;
  desk_options.db_path = c.db;
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
  server->sessions_ = std::make_unique<SessionTable>(clock, SessionLimits{});
  server->limiter_ = std::make_unique<LoginLimiter>(clock, c.login_failures, int64_t{60} * 1000000);
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

void Server::StopEscalation() {
  {
    std::lock_guard<std::mutex> lock(escalator_mu_);
    escalator_stop_ = true;
  }
  escalator_cv_.notify_all();
  if (escalator_.joinable())
    escalator_.join();
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
  records_.reset();
  services_ = Services{};
  http_.reset();  // joins the handler threads
  if (own_log_ && log_ != nullptr)
    std::fclose(log_);
  log_ = nullptr;
  return status;
}

}  // namespace chancery::server
