// chanceryd: the HTTP/1.1 JSON API over Records and the Desk (docs/server.md). One Server owns
// the records store, the desk, the credentials store, sessions, metrics and the HTTP listener.
//
// Life cycle: Open() → Bind() → Serve() (blocks; on any thread) → Stop() (from any thread:
// stops accepting, lets in-flight requests finish, Serve() returns) → Close() (checkpoints the
// audit log and closes the stores). Destruction does Stop() and Close() if not done.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "chancery/archive/alerts.h"
#include "chancery/archive/archive.h"
#include "chancery/archive/authorities.h"
#include "chancery/base/clock.h"
#include "chancery/base/result.h"

#include "admission.h"
#include "config.h"
#include "http_listener.h"
#include "route_table.h"

namespace chancery::server {

class Server {
 public:
  // Opens the records store at config.db (kNotFound if there is none), the desk and the archive
  // on it (either one that cannot be opened leaves its routes answering 503) and the
  // credentials store.
  // `clock` (nullptr = system clock; not owned) drives sessions and rate limits.
  static Result<std::unique_ptr<Server>> Open(ServerConfig config, const Clock* clock = nullptr);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Binds config.host:config.port (port 0 = ephemeral) and returns the bound port.
  // kUnavailable "cannot listen on HOST:PORT: address already in use" (or another reason) if it
  // cannot: a port in use is never shared (no SO_REUSEPORT).
  Result<int> Bind();
  // Serves until Stop(). REQUIRES: Bind() succeeded. While serving, a scheduler thread runs
  // Desk::EscalateLapsed once at start and then every config.escalation_interval_seconds (none
  // when 0 or when the desk is unavailable), as the administrator "admin:chanceryd"; and an
  // index follower catches this node's search index up with the store's change log every
  // config.index_follow_ms (by default 250 ms with a PostgreSQL store, none with SQLite), so that
  // what other nodes or processes commit is indexed before a search asks for it (a search still
  // catches up itself first).
  Status Serve();
  // Stops accepting and the scheduler, and wakes Serve(), which returns once in-flight requests
  // have finished.
  void Stop();
  // Checkpoints the audit log and closes the stores. REQUIRES: Serve() has returned or never
  // ran. Idempotent.
  Status Close();

  Services& services() { return services_; }

  const ServerConfig& config() const { return config_; }

  int port() const { return bound_port_; }

  bool running() const { return http_ != nullptr && http_->running(); }

  // Escalation-scheduler runs completed since Open (tests wait on it instead of sleeping).
  uint64_t EscalationTicks() const { return escalation_ticks_.load(); }

  // Open HTTP connections.
  size_t Connections() { return http_ != nullptr ? http_->Connections() : 0; }

 private:
  explicit Server(ServerConfig config);
  void Install();
  // Once the head is read (I/O thread): starts the request's clock, picks the route's body limit
  // and refuses (413) a declared Content-Length over it before any of the body is read.
  HeadDecision OnHead(Exchange& exchange);
  // On a worker thread: admission gate, route, authentication, handler; fills the response.
  void Dispatch(Exchange& exchange);
  Status Authenticate(const HttpRequest& req, Call& call);
  void Finish(const Route* route, Call* call, const Result<Reply>& reply, HttpResponse& res);
  void ServeStatic(const HttpRequest& req, HttpResponse& res);
  // After the response was sent (or the connection lost): metrics and the access log.
  void Log(const Exchange& exchange);
  // The escalation scheduler: ticks until StopEscalation(). Runs on escalator_.
  void EscalationLoop();
  // Wakes and joins the scheduler threads, if running. Idempotent.
  void StopEscalation();
  // The index follower: Records::CatchUpIndex until StopEscalation(). Runs on follower_.
  void FollowLoop();

  ServerConfig config_;
  Services services_;
  // With a PostgreSQL store: an exclusive lock on <index>.node-lock for the process's life, so
  // that two nodes never share one index folder (LockNodeIndex in server.cc). -1 otherwise.
  int node_lock_fd_ = -1;
  std::unique_ptr<records::Records> records_;
  std::unique_ptr<desk::Desk> desk_;
  std::unique_ptr<archive::Archive> archive_;
  std::unique_ptr<archive::Authorities> authorities_;
  std::unique_ptr<archive::Alerts> alerts_;
  std::unique_ptr<Credentials> credentials_;
  std::unique_ptr<AdmissionGate> gate_;
  std::unique_ptr<SessionTable> sessions_;
  std::unique_ptr<LoginLimiter> limiter_;
  std::unique_ptr<Metrics> metrics_;
  std::unique_ptr<HttpListener> http_;
  std::FILE* log_ = nullptr;  // nullptr = no access log
  bool own_log_ = false;
  std::mutex log_mu_;
  std::atomic<bool> closed_{false};
  std::thread escalator_;
  std::thread follower_;
  std::mutex escalator_mu_;
  std::condition_variable escalator_cv_;
  bool escalator_stop_ = false;  // guarded by escalator_mu_; stops the follower too
  std::atomic<uint64_t> escalation_ticks_{0};
  int bound_port_ = 0;
};

}  // namespace chancery::server
