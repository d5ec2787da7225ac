#include "server.h"

#include <algorithm>
#include <thread>

#include <sys/socket.h>

#include "chancery/desk/desk.h"
#include "chancery/records/records.h"

#include "credentials.h"
#include "http_errors.h"
#include "metrics.h"
#include "sessions.h"

namespace chancery::server {

namespace {

size_t ActiveRequestLimit(const ServerConfig& config) {
  if (config.active_requests > 0)
    return static_cast<size_t>(config.active_requests);
  return std::max<size_t>(8, size_t{8} * std::max(1U, std::thread::hardware_concurrency()));
}

}  // namespace

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
  CHANCERY_ASSIGN_OR_RETURN(server->credentials_, Credentials::Open(server->records_->store(), clock));
  server->sessions_ = std::make_unique<SessionTable>(clock, SessionLimits{});
  server->limiter_ = std::make_unique<LoginLimiter>(clock, c.login_failures, int64_t{60} * 1000000);
  server->metrics_ = std::make_unique<Metrics>();
  server->gate_ = std::make_unique<AdmissionGate>(ActiveRequestLimit(c));
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
  const size_t threads = static_cast<size_t>(config_.threads);
  http_.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http_.set_read_timeout(config_.read_timeout_seconds, 0);
  http_.set_write_timeout(config_.write_timeout_seconds, 0);
  http_.set_keep_alive_timeout(config_.idle_timeout_seconds);
  http_.set_keep_alive_max_count(1000);
  http_.set_tcp_nodelay(true);
  // Remember the listening socket, so that Bind() can raise cpp-httplib's listen backlog of 5.
  http_.set_socket_options([this](socket_t sock) {
    httplib::default_socket_options(sock);
    listen_socket_ = sock;
  });  // else delayed ACKs add ~40 ms to every keep-alive response
  http_.set_payload_max_length(
      static_cast<size_t>(std::max(config_.max_body_bytes, config_.max_import_bytes)));
  http_.set_default_headers({
      {"Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  });
  const auto dispatch = [this](const httplib::Request& req, httplib::Response& res) {
    Dispatch(req, res);
  };
  http_.Get(".*", dispatch);
  http_.Post(".*", dispatch);
  http_.Put(".*", dispatch);
  http_.Delete(".*", dispatch);
  http_.Patch(".*", dispatch);
  http_.Options(".*", dispatch);
  http_.set_pre_routing_handler([this](const httplib::Request& req, httplib::Response& res) {
    return PreRoute(req, res) ? httplib::Server::HandlerResponse::Handled
                              : httplib::Server::HandlerResponse::Unhandled;
  });
  http_.set_logger(
      [this](const httplib::Request& req, const httplib::Response& res) { Log(req, res); });
  http_.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        res.status = 500;
        res.set_content(ErrorBody("internal error"), "application/json");
      });
}

Result<int> Server::Bind() {
  const int port = config_.port == 0
                       ? http_.bind_to_any_port(config_.host)
                       : (http_.bind_to_port(config_.host, config_.port) ? config_.port : -1);
  if (port < 0) {
    return Unavailable("cannot listen on " + config_.host + ":" + std::to_string(config_.port));
  }
  // cpp-httplib listens with a backlog of 5: a burst of connections (a browser opening six, a
  // load balancer's pool) would overflow it, and the kernel drops the SYNs it cannot queue, so
  // clients retry after 1 s, 3 s, 7 s. Listening again on the bound socket raises the backlog.
  if (listen_socket_ >= 0 && ::listen(listen_socket_, SOMAXCONN) != 0) {
    return Unavailable("cannot raise the listen backlog on " + config_.host + ":" +
                       std::to_string(port));
  }
  bound_port_ = port;
  return port;
}

Status Server::Serve() {
  if (!http_.listen_after_bind()) {
    return Unavailable("listener on " + config_.host + " stopped with an error");
  }
  return Status::Ok();
}

void Server::Stop() {
  if (http_.is_running())
    http_.stop();
}

Status Server::Close() {
  if (closed_.exchange(true))
    return Status::Ok();
  Status status;
  if (records_ != nullptr)
    status = records_->Checkpoint();
  desk_.reset();
  credentials_.reset();
  records_.reset();
  services_ = Services{};
  if (own_log_ && log_ != nullptr)
    std::fclose(log_);
  log_ = nullptr;
  return status;
}

}  // namespace chancery::server
