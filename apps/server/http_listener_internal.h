// Private to http_listener.cc and http_connection.cc: the listener's shared state and one
// connection's state machine. A Connection lives in a shared_ptr kept alive by its pending
// asynchronous operation (or the handler job running for it); all of its members are touched only
// on its strand.
#pragma once

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <utility>  // before Asio: Boost 1.74's awaitable.hpp uses std::exchange unincluded
#include <vector>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include "http_listener.h"

namespace chancery::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;

class Connection;

class HttpListener::Impl {
 public:
  Impl(ListenerOptions options, ListenerHooks hooks);

  void Accept();
  // Registers a new connection if the caps allow it; false when it must be refused.
  bool Admit(const std::string& client);
  void Release(const std::string& client, Connection* connection);
  void Track(const std::shared_ptr<Connection>& connection);
  void StopAll();

  const ListenerOptions options;
  const ListenerHooks hooks;
  std::atomic<bool> stopping{false};
  // Declared before the I/O objects: a connection destroyed with the io_context releases its
  // slot here.
  std::mutex mu;
  size_t total = 0;                                                 // guarded by mu
  std::unordered_map<std::string, size_t> per_client;               // guarded by mu
  std::unordered_map<Connection*, std::weak_ptr<Connection>> live;  // guarded by mu

  asio::io_context io;
  tcp::acceptor acceptor;
  asio::steady_timer accept_retry;
  asio::thread_pool workers;
  asio::thread_pool probes;
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(HttpListener::Impl& listener, tcp::socket socket, std::string client);
  ~Connection();

  void Start();
  // Closes the connection if it is waiting for a request; otherwise it closes after the response.
  void OnStop();

 private:
  enum class State { kWaiting, kHead, kBody, kHandling, kWriting, kClosing };

  void WaitForRequest();
  void ReadHead();
  void OnHead(beast::error_code ec);
  void ReadBody();
  void ReadSomeBody();
  void OnBody(beast::error_code ec);
  void RunHandler();
  // Writes exchange_->response (keep-alive unless `close`), then reads the next request.
  void Respond(bool close);
  void OnWritten(beast::error_code ec, bool close);
  // Answers an error found by the HTTP layer itself with a JSON body and closes.
  void Refuse(int status, const std::string& message);
  // Half-closes, discards what the client still sends for a moment (so that it can read the
  // response instead of getting a reset), then closes.
  void Linger();
  void DrainSome();
  void Close();
  // Reports the exchange (on_done) if the server saw it or the HTTP layer answered it.
  void Done();

  HttpListener::Impl& listener_;
  beast::tcp_stream stream_;
  const std::string client_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  std::unique_ptr<Exchange> exchange_;
  std::string out_;  // the serialized response being written
  std::vector<char> drain_;
  State state_ = State::kWaiting;
  bool first_ = true;      // the first request of the connection
  bool stopping_ = false;  // Stop() was called: close after this response
  bool head_request_ = false;
  bool keep_alive_ = true;
  bool probe_ = false;
  bool reported_ = false;  // the HTTP layer answered this exchange itself (Refuse)
  int64_t limit_ = 0;      // the body limit of the request being read
  std::string limit_owner_;
  std::chrono::steady_clock::time_point body_deadline_;
};

// "HTTP/1.1 413 Payload Too Large\r\n..." with the default headers; no body when `head`.
std::string SerializeResponse(const HttpResponse& response, const ListenerOptions& options,
                              bool head, bool close);

}  // namespace chancery::server
