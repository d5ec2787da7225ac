#include "http_listener.h"

#include <algorithm>
#include <cstdio>

#include "http_errors.h"
#include "http_listener_internal.h"

namespace chancery::server {

namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size())
    return false;
  for (size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + 32) : c; };
    if (lower(a[i]) != lower(b[i]))
      return false;
  }
  return true;
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

// A connection over the caps: a 503 with a JSON body, written within a second, then closed.
void RefuseConnection(tcp::socket socket, const ListenerOptions& options) {
  HttpResponse response;
  response.status = 503;
  response.content_type = "application/json";
  response.body = ErrorBody("too many connections: try again later");
  response.set_header("Retry-After", "1");
  auto stream = std::make_shared<beast::tcp_stream>(std::move(socket));
  auto text = std::make_shared<std::string>(SerializeResponse(response, options, false, true));
  stream->expires_after(std::chrono::seconds(1));
  asio::async_write(*stream, asio::buffer(*text), [stream, text](beast::error_code, size_t) {
    beast::error_code ignored;
    stream->socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream->close();
  });
}

}  // namespace

std::string HttpRequest::get_header_value(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name))
      return value;
  }
  return "";
}

bool HttpRequest::has_header(std::string_view name) const {
  for (const auto& header : headers) {
    if (EqualsIgnoreCase(header.first, name))
      return true;
  }
  return false;
}

std::string DecodePath(std::string_view path) {
  std::string out;
  out.reserve(path.size());
  for (size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '%' && i + 2 < path.size()) {
      const int high = HexDigit(path[i + 1]), low = HexDigit(path[i + 2]);
      if (high >= 0 && low >= 0) {
        out.push_back(static_cast<char>(high * 16 + low));
        i += 2;
        continue;
      }
    }
    out.push_back(path[i]);
  }
  return out;
}

std::string SerializeResponse(const HttpResponse& response, const ListenerOptions& options,
                              bool head, bool close) {
  const auto status = static_cast<unsigned>(response.status);
  std::string out = "HTTP/1.1 " + std::to_string(status) + " ";
  const beast::string_view reason = bhttp::obsolete_reason(bhttp::int_to_status(status));
  out.append(reason.data(), reason.size());
  out += "\r\n";
  // A response's own header replaces the default of that name (a file's CSP, X-Frame-Options).
  for (const auto& [name, value] : options.default_headers) {
    const bool replaced = std::any_of(response.headers.begin(), response.headers.end(),
                                      [&](const auto& h) { return beast::iequals(h.first, name); });
    if (!replaced)
      out += name + ": " + value + "\r\n";
  }
  if (!response.content_type.empty())
    out += "Content-Type: " + response.content_type + "\r\n";
  for (const auto& [name, value] : response.headers)
    out += name + ": " + value + "\r\n";
  // A HEAD response has the GET response's headers, Content-Length included, and no body.
  out += "Content-Length: " + std::to_string(response.body.size()) + "\r\n";
  out += close ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
  if (!head)
    out += response.body;
  return out;
}

HttpListener::Impl::Impl(ListenerOptions options_in, ListenerHooks hooks_in)
    : options(std::move(options_in)),
      hooks(std::move(hooks_in)),
      io(std::max(1, options.io_threads)),
      acceptor(asio::make_strand(io)),
      accept_retry(acceptor.get_executor()),
      workers(static_cast<size_t>(std::max(1, options.workers))),
      probes(static_cast<size_t>(std::max(1, options.probe_workers))) {}

void HttpListener::Impl::Accept() {
  acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket socket) {
    if (ec == asio::error::operation_aborted || stopping.load() || !acceptor.is_open())
      return;
    if (ec) {
      // Out of descriptors (EMFILE) and the like: wait a moment rather than spin.
      std::fprintf(stderr, "chanceryd: accept: %s\n", ec.message().c_str());
      accept_retry.expires_after(std::chrono::milliseconds(50));
      accept_retry.async_wait([this](beast::error_code wait_ec) {
        if (!wait_ec)
          Accept();
      });
      return;
    }
    beast::error_code endpoint_ec;
    const tcp::endpoint peer = socket.remote_endpoint(endpoint_ec);
    const std::string client = endpoint_ec ? std::string("unknown") : peer.address().to_string();
    if (!Admit(client)) {
      RefuseConnection(std::move(socket), options);
    } else {
      socket.set_option(tcp::no_delay(true), endpoint_ec);  // else delayed ACKs add ~40 ms
      auto connection = std::make_shared<Connection>(*this, std::move(socket), client);
      Track(connection);
      connection->Start();
    }
    Accept();
  });
}

bool HttpListener::Impl::Admit(const std::string& client) {
  std::lock_guard<std::mutex> lock(mu);
  size_t& mine = per_client[client];
  if (total >= options.max_connections || mine >= options.max_connections_per_client) {
    if (mine == 0)
      per_client.erase(client);
    return false;
  }
  ++mine;
  ++total;
  return true;
}

void HttpListener::Impl::Track(const std::shared_ptr<Connection>& connection) {
  std::lock_guard<std::mutex> lock(mu);
  live[connection.get()] = connection;
}

void HttpListener::Impl::Release(const std::string& client, Connection* connection) {
  std::lock_guard<std::mutex> lock(mu);
  live.erase(connection);
  --total;
  auto it = per_client.find(client);
  if (it != per_client.end() && --it->second == 0)
    per_client.erase(it);
}

void HttpListener::Impl::StopAll() {
  std::vector<std::shared_ptr<Connection>> connections;
  {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& entry : live) {
      if (auto connection = entry.second.lock())
        connections.push_back(std::move(connection));
    }
  }
  for (const auto& connection : connections)
    connection->OnStop();
}

HttpListener::HttpListener(ListenerOptions options, ListenerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(hooks))) {}

HttpListener::~HttpListener() {
  Stop();
  impl_->workers.join();
  impl_->probes.join();
}

Result<int> HttpListener::Bind() {
  const ListenerOptions& o = impl_->options;
  const std::string where = o.host + ":" + std::to_string(o.port);
  beast::error_code ec;
  const asio::ip::address address = asio::ip::make_address(o.host, ec);
  if (ec)
    return InvalidArgument("cannot listen on " + where + ": not an IP address");
  const tcp::endpoint endpoint(address, static_cast<uint16_t>(o.port));
  tcp::acceptor& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  // SO_REUSEADDR only (restarts while old connections sit in TIME_WAIT); never SO_REUSEPORT,
  // which would let a second server share the port and answer every other connection.
  if (!ec)
    acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec)
    acceptor.bind(endpoint, ec);
  if (!ec)
    acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    beast::error_code ignored;
    acceptor.close(ignored);
    const std::string reason =
        ec == asio::error::address_in_use ? std::string("address already in use") : ec.message();
    return Unavailable("cannot listen on " + where + ": " + reason);
  }
  return static_cast<int>(acceptor.local_endpoint().port());
}

Status HttpListener::Serve() {
  Impl& impl = *impl_;
  asio::post(impl.acceptor.get_executor(), [&impl] { impl.Accept(); });
  running_.store(true);
  std::vector<std::thread> threads;
  for (int i = 1; i < impl.options.io_threads; ++i)
    threads.emplace_back([&impl] { impl.io.run(); });
  impl.io.run();
  for (std::thread& thread : threads)
    thread.join();
  impl.workers.join();
  impl.probes.join();
  running_.store(false);
  return Status::Ok();
}

void HttpListener::Stop() {
  Impl& impl = *impl_;
  if (impl.stopping.exchange(true))
    return;
  asio::post(impl.acceptor.get_executor(), [&impl] {
    beast::error_code ignored;
    impl.acceptor.close(ignored);
    impl.accept_retry.cancel();
  });
  impl.StopAll();
}

size_t HttpListener::Connections() {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->total;
}

}  // namespace chancery::server
