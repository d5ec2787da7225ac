// One HTTP/1.1 connection: wait for a request (idle deadline), read its head (one deadline for
// the whole head, header_limit), ask the server for the body limit, read the body (chunked or
// not, stopping at the limit), run the handler on a worker, write the response, repeat.
#include <algorithm>
#include <limits>

#include <boost/beast/core/string.hpp>

#include "http_errors.h"
#include "http_listener_internal.h"

namespace chancery::server {

namespace {

constexpr auto kLinger = std::chrono::seconds(2);
constexpr size_t kFirstRead = 4096;

bool ConnectionGone(const beast::error_code& ec) {
  return ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
         ec == asio::error::connection_reset || ec == asio::error::operation_aborted ||
         ec == beast::error::timeout || ec == asio::error::bad_descriptor;
}

}  // namespace

Connection::Connection(HttpListener::Impl& listener, tcp::socket socket, std::string client)
    : listener_(listener), stream_(std::move(socket)), client_(std::move(client)) {}

Connection::~Connection() {
  listener_.Release(client_, this);
}

void Connection::Start() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->WaitForRequest(); });
}

void Connection::OnStop() {
  asio::dispatch(stream_.get_executor(), [self = shared_from_this()] {
    self->stopping_ = true;
    if (self->state_ == State::kWaiting || self->state_ == State::kHead)
      self->Close();
  });
}

void Connection::WaitForRequest() {
  state_ = State::kWaiting;
  if (stopping_ || listener_.stopping.load()) {
    Close();
    return;
  }
  if (first_ || buffer_.size() > 0) {  // a new connection gets the head deadline at once
    ReadHead();
    return;
  }
  stream_.expires_after(std::chrono::seconds(listener_.options.idle_timeout_seconds));
  stream_.async_read_some(buffer_.prepare(kFirstRead),
                          [self = shared_from_this()](beast::error_code ec, size_t n) {
                            if (ec) {
                              self->Close();
                              return;
                            }
                            self->buffer_.commit(n);
                            self->ReadHead();
                          });
}

void Connection::ReadHead() {
  state_ = State::kHead;
  head_request_ = false;
  exchange_ = std::make_unique<Exchange>();
  parser_.emplace();
  parser_->header_limit(static_cast<uint32_t>(listener_.options.header_limit));
  // No limit while the head is read: the route's limit is set once the route is known (else the
  // parser would refuse a large Content-Length by its own 1 MB default before we saw the route).
  // Not boost::none: Beast 1.74 compares the length with the optional, and none loses.
  parser_->body_limit(std::numeric_limits<uint64_t>::max());
  stream_.expires_after(std::chrono::seconds(listener_.options.head_timeout_seconds));
  bhttp::async_read_header(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnHead(ec); });
}

void Connection::OnHead(beast::error_code ec) {
  if (ec == bhttp::error::header_limit) {
    Refuse(431, "request line and headers over the limit of " +
                    std::to_string(listener_.options.header_limit) + " bytes");
    return;
  }
  if (ec) {
    if (ConnectionGone(ec)) {  // a silent or too slow client gets no answer, only a close
      Close();
      return;
    }
    Refuse(400, "malformed request head: " + ec.message());
    return;
  }
  const auto& message = parser_->get();
  HttpRequest& request = exchange_->request;
  request.method = std::string(message.method_string());
  request.target = std::string(message.target());
  request.path = DecodePath(std::string_view(request.target).substr(0, request.target.find('?')));
  for (const auto& field : message) {
    request.headers.emplace_back(std::string(field.name_string()), std::string(field.value()));
  }
  request.remote_addr = client_;
  head_request_ = request.method == "HEAD";
  const HeadDecision decision = listener_.hooks.on_head(*exchange_);
  if (decision.answered) {
    parser_.reset();
    Respond(true);
    return;
  }
  probe_ = decision.probe;
  limit_ = decision.body_limit;
  limit_owner_ = decision.limit_owner;
  parser_->body_limit(static_cast<uint64_t>(std::max<int64_t>(0, decision.body_limit)));
  if (beast::iequals(message[bhttp::field::expect], "100-continue") && !parser_->is_done()) {
    state_ = State::kBody;
    out_ = "HTTP/1.1 100 Continue\r\n\r\n";
    stream_.expires_after(std::chrono::seconds(listener_.options.write_timeout_seconds));
    asio::async_write(stream_, asio::buffer(out_),
                      [self = shared_from_this()](beast::error_code write_ec, size_t) {
                        if (write_ec) {
                          self->Done();
                          self->Close();
                          return;
                        }
                        self->ReadBody();
                      });
    return;
  }
  ReadBody();
}

void Connection::ReadBody() {
  state_ = State::kBody;
  body_deadline_ = std::chrono::steady_clock::now() +
                   std::chrono::seconds(listener_.options.body_timeout_seconds);
  ReadSomeBody();
}

void Connection::ReadSomeBody() {
  if (parser_->is_done()) {
    RunHandler();
    return;
  }
  const auto left = body_deadline_ - std::chrono::steady_clock::now();
  if (left <= std::chrono::steady_clock::duration::zero()) {
    Refuse(408, "request body not received within " +
                    std::to_string(listener_.options.body_timeout_seconds) + " s");
    return;
  }
  const auto idle = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::seconds(listener_.options.read_timeout_seconds));
  stream_.expires_after(std::min(idle, left));
  bhttp::async_read_some(
      stream_, buffer_, *parser_,
      [self = shared_from_this()](beast::error_code ec, size_t) { self->OnBody(ec); });
}

void Connection::OnBody(beast::error_code ec) {
  if (ec == bhttp::error::body_limit) {
    Refuse(413, "request body over the limit of " + std::to_string(limit_) + " bytes for " +
                    limit_owner_);
    return;
  }
  if (ec) {
    if (ConnectionGone(ec)) {
      exchange_->response.status = 408;  // counted and logged as a request that never arrived
      Done();
      Close();
      return;
    }
    Refuse(400, "malformed request body: " + ec.message());
    return;
  }
  ReadSomeBody();
}

void Connection::RunHandler() {
  state_ = State::kHandling;
  exchange_->request.body = std::move(parser_->get().body());
  keep_alive_ = parser_->get().keep_alive();
  parser_.reset();
  auto work = asio::make_work_guard(listener_.io);  // Serve() returns only after the response
  asio::thread_pool& pool = probe_ ? listener_.probes : listener_.workers;
  asio::post(pool, [self = shared_from_this(), work = std::move(work)]() mutable {
    self->listener_.hooks.handle(*self->exchange_);
    asio::post(self->stream_.get_executor(),
               [self, work = std::move(work)] { self->Respond(!self->keep_alive_); });
  });
}

void Connection::Respond(bool close) {
  state_ = State::kWriting;
  close = close || stopping_ || listener_.stopping.load();
  out_ = SerializeResponse(exchange_->response, listener_.options, head_request_, close);
  stream_.expires_after(std::chrono::seconds(listener_.options.write_timeout_seconds));
  asio::async_write(stream_, asio::buffer(out_),
                    [self = shared_from_this(), close](beast::error_code ec, size_t) {
                      self->OnWritten(ec, close);
                    });
}

void Connection::OnWritten(beast::error_code ec, bool close) {
  std::string().swap(out_);
  Done();
  if (ec) {
    Close();
    return;
  }
  if (close) {
    Linger();
    return;
  }
  first_ = false;
  WaitForRequest();
}

void Connection::Refuse(int status, const std::string& message) {
  parser_.reset();
  if (!exchange_->begun)
    exchange_->route = "malformed";
  exchange_->response = HttpResponse{};
  exchange_->response.status = status;
  exchange_->response.content_type = "application/json";
  exchange_->response.body = ErrorBody(message);
  reported_ = true;
  Respond(true);
}

void Connection::Linger() {
  state_ = State::kClosing;
  beast::error_code ignored;
  stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
  drain_.resize(16384);
  stream_.expires_after(kLinger);
  DrainSome();
}

void Connection::DrainSome() {
  stream_.async_read_some(asio::buffer(drain_),
                          [self = shared_from_this()](beast::error_code ec, size_t) {
                            if (ec) {
                              self->Close();
                              return;
                            }
                            self->DrainSome();
                          });
}

void Connection::Close() {
  state_ = State::kClosing;
  stream_.close();
}

void Connection::Done() {
  if (exchange_ != nullptr && (exchange_->begun || reported_))
    listener_.hooks.on_done(*exchange_);
  reported_ = false;
  exchange_.reset();
}

}  // namespace chancery::server
