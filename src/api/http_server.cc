// The design is simple: io threads run the acceptor and the sessions' reads and writes; each
// complete request is posted to a worker pool (reads and writes have one each), whose thread runs
// the (possibly blocking) handler and posts the response back to the session. One request per
// connection is in flight at a time (HTTP/1.1 without pipelining), so a session needs no locking.
// Stop closes the acceptor, waits for the in-flight count to reach zero (bounded by a grace
// period), then stops the io_context, which drops idle keep-alive connections.
#include "api/http_server.h"

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <chrono>
#include <optional>
#include <random>
#include <thread>

#include "common/log.h"
#include "common/thread_name.h"

namespace cw::api {
namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

namespace {

// Pool threads are the pool's own; each names itself when it first runs a handler.
void NameThisWorker(const char* name) {
  thread_local bool named = false;
  if (named) return;
  named = true;
  SetThreadName(name);
}

std::string ErrorBody(const std::string& message, const char* code) {
  return "{\"error\":\"" + message + "\",\"code\":\"" + code + "\"}";
}

bool IsSaneRequestId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') return false;
  }
  return true;
}

}  // namespace

struct HttpServer::Impl {
  Impl(HttpServerOptions o, HttpHandler h, QuickTest q)
      : options(std::move(o)),
        handler(std::move(h)),
        quick(std::move(q)),
        strand(net::make_strand(ioc)),
        acceptor(strand),
        workers(static_cast<size_t>(std::max(1, options.worker_threads))),
        write_workers(static_cast<size_t>(std::max(1, options.write_worker_threads))),
        signals(ioc, SIGINT, SIGTERM) {
    std::random_device rd;
    id_prefix = static_cast<uint32_t>(rd());
  }

  void Accept();
  void BeginStop();
  HttpResponse Run(HttpRequest& r) {
    try {
      return handler(r);
    } catch (const std::exception& e) {
      CW_LOG(kError, r.request_id) << "handler threw: " << e.what();
      HttpResponse resp;
      resp.status = 500;
      resp.body = ErrorBody("internal error", "internal");
      return resp;
    }
  }
  void WaitDrain(std::chrono::steady_clock::time_point deadline);
  std::string NextRequestId() {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%08x-%06llx", id_prefix,
                  static_cast<unsigned long long>(++next_request));
    return buf;
  }

  HttpServerOptions options;
  HttpHandler handler;
  QuickTest quick;
  std::function<void(int)> on_refused;
  net::io_context ioc;
  // The acceptor, its timers and the stop sequence all run on this strand, so closing the
  // acceptor never races an accept completing on another I/O thread.
  net::strand<net::io_context::executor_type> strand;
  tcp::acceptor acceptor;
  // Reads and writes have pools of their own: a write's handler holds its thread while its
  // commit is made and synced, so writes want many threads to share each commit, while reads
  // are CPU-bound and want few; one pool could not size for both, and waiting writes would
  // queue reads behind them.
  net::thread_pool workers;
  net::thread_pool write_workers;
  net::signal_set signals;
  std::atomic<int> in_flight{0};
  std::atomic<bool> stopping{false};
  std::atomic<uint64_t> next_request{0};
  uint32_t id_prefix = 0;
  std::optional<net::steady_timer> drain_timer;
  std::optional<net::steady_timer> accept_timer;
  int idle_checks = 0;
};

namespace {

class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpServer::Impl& server)
      : stream_(std::move(socket)), server_(server) {
    beast::error_code ec;
    auto ep = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_ip_ = ep.address().to_string();
  }

  void Start() {
    net::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Read, shared_from_this()));
  }

 private:
  void Read() {
    parser_.emplace();
    parser_->body_limit(server_.options.body_limit);
    parser_->header_limit(static_cast<uint32_t>(server_.options.header_limit));
    stream_.expires_after(std::chrono::seconds(server_.options.idle_timeout_seconds));
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Session::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof) {
      return Close();
    }
    if (ec) {
      HttpResponse r;
      if (ec == http::error::body_limit) {
        r.status = 413;
        r.body = ErrorBody("request body is larger than " +
                               std::to_string(server_.options.body_limit) + " bytes",
                           "too_large");
      } else if (ec == http::error::header_limit) {
        r.status = 431;
        r.body = ErrorBody("request headers are too large", "too_large");
      } else if (ec.category() == http::make_error_code(http::error::bad_target).category()) {
        r.status = 400;
        r.body = ErrorBody("malformed HTTP request", "malformed");
      } else {
        return Close();
      }
      if (server_.on_refused) server_.on_refused(r.status);
      keep_alive_ = false;
      drain_ = true;
      version_ = 11;
      server_.in_flight++;
      return Write(std::move(r), server_.NextRequestId());
    }
    auto req = parser_->release();
    keep_alive_ = req.keep_alive();
    version_ = req.version();
    HttpRequest r;
    r.method = std::string(req.method_string());
    r.target = std::string(req.target());
    size_t q = r.target.find('?');
    r.path = r.target.substr(0, q);
    if (q != std::string::npos) r.query = r.target.substr(q + 1);
    for (const auto& field : req) {
      std::string name(field.name_string());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = std::string(field.value());
    }
    r.body = std::move(req.body());
    r.remote_ip = remote_ip_;
    std::string given = r.Header("x-request-id");
    r.request_id = IsSaneRequestId(given) ? given : server_.NextRequestId();
    server_.in_flight++;
    if (server_.quick && server_.quick(r)) {
      // Answered from memory: a hop to a worker and back would cost more than the answer.
      HttpResponse resp = server_.Run(r);
      return Write(std::move(resp), r.request_id);
    }
    const bool read = r.method == "GET" || r.method == "HEAD" || r.method == "OPTIONS";
    auto run = [self = shared_from_this(), r = std::move(r), read]() mutable {
      NameThisWorker(read ? "http-read" : "http-write");
      HttpResponse resp = self->server_.Run(r);
      net::post(self->stream_.get_executor(),
                [self, resp = std::move(resp), id = r.request_id]() mutable {
                  self->Write(std::move(resp), id);
                });
    };
    if (read) {
      net::post(server_.workers, std::move(run));
    } else {
      net::post(server_.write_workers, std::move(run));
    }
  }

  void Write(HttpResponse resp, const std::string& request_id) {
    // The body is sent from where it is: a shared one (a kept page) without a copy.
    using Response = http::response<http::span_body<const char>>;
    auto res = std::make_shared<Response>(static_cast<http::status>(resp.status), version_);
    try {
      res->set(http::field::server, "clearwater");
      res->set(http::field::content_type, resp.content_type);
      res->set("X-Request-Id", request_id);
      for (const auto& [name, value] : resp.headers) res->set(name, value);
    } catch (const std::exception& e) {
      // A header Beast refuses (too long, bad characters) must not take the process down.
      CW_LOG(kError, request_id) << "bad response header: " << e.what();
      res = std::make_shared<Response>(http::status::internal_server_error, version_);
      res->set(http::field::content_type, "application/json; charset=utf-8");
      resp.shared_body = nullptr;
      resp.body = ErrorBody("internal error", "internal");
    }
    std::shared_ptr<const std::string> body =
        resp.shared_body ? std::move(resp.shared_body)
                         : std::make_shared<const std::string>(std::move(resp.body));
    bool keep = keep_alive_ && !server_.stopping.load();
    res->keep_alive(keep);
    res->body() = {body->data(), body->size()};
    res->prepare_payload();
    stream_.expires_after(std::chrono::seconds(30));
    http::async_write(stream_, *res,
                      [self = shared_from_this(), res, body, keep](beast::error_code ec, size_t) {
                        self->server_.in_flight--;
                        if (!ec && self->drain_) return self->StartDrain();
                        if (ec || !keep) return self->Close();
                        self->Read();
                      });
  }

  // After refusing a request whose body we did not read (413, 431, 400), the client may still be
  // sending it; closing at once would reset the connection before it reads our answer. So: stop
  // sending, read and discard what still comes (bounded in bytes and time), then close.
  void StartDrain() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.expires_after(std::chrono::seconds(5));
    drain_buffer_.resize(64 << 10);
    DrainMore();
  }

  void DrainMore() {
    stream_.async_read_some(net::buffer(drain_buffer_),
                            [self = shared_from_this()](beast::error_code ec, size_t n) {
                              self->drained_ += n;
                              if (ec || self->drained_ > (64u << 20)) return self->Close();
                              self->DrainMore();
                            });
  }

  void Close() {
    beast::error_code ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    stream_.socket().close(ec);
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  HttpServer::Impl& server_;
  std::string remote_ip_;
  bool keep_alive_ = true;
  bool drain_ = false;
  std::vector<char> drain_buffer_;
  size_t drained_ = 0;
  unsigned version_ = 11;
};

}  // namespace

void HttpServer::Impl::Accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || stopping || !acceptor.is_open()) return;
      CW_LOG(kWarn, "") << "accept failed: " << ec.message() << "; retrying in 100 ms";
      // Out of descriptors and the like: wait rather than spin.
      accept_timer.emplace(strand, std::chrono::milliseconds(100));
      accept_timer->async_wait([this](beast::error_code) {
        if (!stopping) Accept();
      });
      return;
    } else {
      std::make_shared<Session>(std::move(socket), *this)->Start();
    }
    if (!stopping) Accept();
  });
}

void HttpServer::Impl::BeginStop() {
  if (stopping.exchange(true)) return;
  CW_LOG(kInfo, "") << "shutting down: finishing " << in_flight.load() << " in-flight requests";
  beast::error_code ec;
  acceptor.close(ec);
  signals.clear(ec);  // a second Ctrl-C gets the default action: stop now
  WaitDrain(std::chrono::steady_clock::now() +
            std::chrono::seconds(options.shutdown_grace_seconds));
}

void HttpServer::Impl::WaitDrain(std::chrono::steady_clock::time_point deadline) {
  // Idle twice in a row (20 ms apart) so a request being read right now gets its turn.
  idle_checks = in_flight.load() == 0 ? idle_checks + 1 : 0;
  if (idle_checks >= 2 || std::chrono::steady_clock::now() >= deadline) {
    ioc.stop();
    return;
  }
  drain_timer.emplace(strand, std::chrono::milliseconds(20));
  drain_timer->async_wait([this, deadline](beast::error_code) { WaitDrain(deadline); });
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler, QuickTest quick)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(handler), std::move(quick))) {}

void HttpServer::OnRefused(std::function<void(int status)> fn) {
  impl_->on_refused = std::move(fn);
}

HttpServer::~HttpServer() {
  impl_->workers.join();
  impl_->write_workers.join();
}

Result<uint16_t> HttpServer::Start() {
  beast::error_code ec;
  auto address = net::ip::make_address(impl_->options.host, ec);
  if (ec) return InvalidArgument("bad listen address: " + impl_->options.host);
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acc = impl_->acceptor;
  acc.open(endpoint.protocol(), ec);
  if (!ec) acc.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acc.bind(endpoint, ec);
  if (!ec) acc.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return Unavailable("cannot listen on " + impl_->options.host + ":" +
                       std::to_string(impl_->options.port) + ": " + ec.message());
  }
  impl_->Accept();
  return acc.local_endpoint().port();
}

void HttpServer::Run() {
  std::vector<std::thread> threads;
  for (int i = 1; i < impl_->options.io_threads; ++i) {
    threads.emplace_back([this] {
      SetThreadName("http-io");
      impl_->ioc.run();
    });
  }
  impl_->ioc.run();
  for (auto& t : threads) t.join();
  impl_->workers.join();
  impl_->write_workers.join();
}

void HttpServer::Stop() {
  net::post(impl_->strand, [this] { impl_->BeginStop(); });
}

void HttpServer::StopOnSignals() {
  impl_->signals.async_wait([this](beast::error_code ec, int signo) {
    if (ec) return;
    CW_LOG(kInfo, "") << "received signal " << signo;
    net::post(impl_->strand, [this] { impl_->BeginStop(); });
  });
}

}  // namespace cw::api
