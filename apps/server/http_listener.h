// chanceryd's HTTP/1.1 listener on Boost.Beast and Boost.Asio (docs/decisions/0005): a few I/O
// threads run every connection asynchronously, so a slow or idle client costs a socket and a few
// kB, never a thread. Each connection has deadlines: the whole request head must arrive within
// head_timeout, the next request of a keep-alive connection must start within idle_timeout, the
// body must arrive within body_timeout (and keep moving every read_timeout), a response must be
// written within write_timeout. Connections are capped in total and per client address; excess
// ones get a 503 JSON body and are closed. Once a head is read, Hooks::on_head says how large the
// body may be (Content-Length or chunked: reading stops at the limit with a 413) or answers at
// once; the body is then read and Hooks::handle runs on a worker thread (never on an I/O
// thread), on the probe workers when the head decision says so. Hooks::on_done runs once per
// request the server saw (and for malformed heads), after the response was written or the
// connection was lost.
//
// Thread safety: Bind() and Serve() from one thread; Stop() from any thread. The hooks are called
// concurrently from I/O and worker threads and must be thread-safe.
#pragma once

#include <atomic>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "chancery/base/result.h"

#include "http_exchange.h"

namespace chancery::server {

struct ListenerOptions {
  std::string host = "127.0.0.1";
  int port = 0;                             // 0 = an ephemeral port
  int io_threads = 1;                       // threads running the event loop
  int workers = 16;                         // threads running handlers
  int probe_workers = 2;                    // threads running probe handlers (/healthz, /metrics)
  int head_timeout_seconds = 10;            // request line and headers, in total
  int idle_timeout_seconds = 2;             // keep-alive: until the next request's first byte
  int read_timeout_seconds = 10;            // body: at most this long without a byte
  int body_timeout_seconds = 300;           // body: in total
  int write_timeout_seconds = 10;           // response, in total
  size_t header_limit = 8192;               // request line and headers, bytes (431 beyond)
  size_t max_connections = 10000;           // open connections in total
  size_t max_connections_per_client = 256;  // open connections per client IP address
  // Headers added to every response (security headers).
  std::vector<std::pair<std::string, std::string>> default_headers;
};

struct ListenerHooks {
  std::function<HeadDecision(Exchange&)> on_head;  // I/O thread
  std::function<void(Exchange&)> handle;           // worker thread: fills exchange.response
  std::function<void(Exchange&)> on_done;          // any thread
};

class HttpListener {
 public:
  HttpListener(ListenerOptions options, ListenerHooks hooks);
  ~HttpListener();
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Listens on host:port without SO_REUSEPORT, so a second server on the same port fails:
  // kUnavailable "cannot listen on HOST:PORT: address already in use" (or the system's reason).
  // Returns the bound port.
  Result<int> Bind();
  // Runs the I/O threads until Stop(), then waits for every connection to close and every
  // handler to finish. REQUIRES: Bind() succeeded; called once.
  Status Serve();
  // Stops accepting, closes connections waiting for a request, lets requests being read, handled
  // or answered finish (their connections close after the response). Idempotent.
  void Stop();

  bool running() const { return running_.load(); }

  // Open connections, for tests and metrics.
  size_t Connections();

  class Impl;  // http_listener.cc; shared with the connections (http_connection.cc)

 private:
  std::unique_ptr<Impl> impl_;
  std::atomic<bool> running_{false};
};

}  // namespace chancery::server
