// The design is simple: Post queues and returns; one thread takes jobs in order and runs each
// on a fresh io_context with async operations, stopping the context at the deadline, so a
// receiver that never answers costs at most the timeout and blocks nobody but later webhooks.
#include "api/webhook_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <optional>

#include "common/log.h"

namespace cw::api {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct Target {
  std::string host, port = "80", path = "/";
};

std::optional<Target> ParseHttpUrl(const std::string& url) {
  if (url.rfind("http://", 0) != 0) return std::nullopt;
  std::string rest = url.substr(7);
  Target t;
  size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) t.path = rest.substr(slash);
  size_t colon = authority.rfind(':');
  t.host = authority.substr(0, colon);
  if (colon != std::string::npos) t.port = authority.substr(colon + 1);
  if (t.host.empty() || t.port.empty()) return std::nullopt;
  return t;
}

}  // namespace

WebhookClient::WebhookClient(WebhookClientOptions options) : options_(options) {
  thread_ = std::thread([this] { Loop(); });
}

WebhookClient::~WebhookClient() { Stop(); }

void WebhookClient::Post(std::string url, std::string body,
                         std::function<void(const WebhookResult&)> done) {
  {
    std::lock_guard lock(mu_);
    if (!stopping_ && queue_.size() < options_.max_queue) {
      queue_.push_back({std::move(url), std::move(body), std::move(done)});
      cv_.notify_one();
      return;
    }
  }
  if (done) done({false, 0, "webhook queue full or stopped"});
}

void WebhookClient::Stop() {
  std::deque<Job> left;
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
  {
    std::lock_guard lock(mu_);
    left.swap(queue_);
  }
  for (auto& j : left) {
    if (j.done) j.done({false, 0, "server stopping"});
  }
}

void WebhookClient::Loop() {
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    WebhookResult r = Deliver(job);
    if (job.done) job.done(r);
  }
}

WebhookResult WebhookClient::Deliver(const Job& job) {
  auto target = ParseHttpUrl(job.url);
  if (!target) return {false, 0, "not an http:// URL"};
  asio::io_context ioc;
  tcp::resolver resolver(ioc);
  beast::tcp_stream stream(ioc);
  http::request<http::string_body> req{http::verb::post, target->path, 11};
  req.set(http::field::host, target->host);
  req.set(http::field::user_agent, "clearwater-monitor");
  req.set(http::field::content_type, "application/json");
  req.body() = job.body;
  req.prepare_payload();
  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(options_.max_response_bytes);
  WebhookResult result{false, 0, "timed out"};
  tcp::resolver::results_type hosts;

  auto fail = [&](const char* what, beast::error_code ec) {
    result = {false, 0, std::string(what) + ": " + ec.message()};
  };
  resolver.async_resolve(
      target->host, target->port, [&](beast::error_code ec, tcp::resolver::results_type found) {
        if (ec) return fail("resolve", ec);
        hosts = std::move(found);
        stream.async_connect(hosts, [&](beast::error_code ec2, const tcp::endpoint&) {
          if (ec2) return fail("connect", ec2);
          http::async_write(stream, req, [&](beast::error_code ec3, size_t) {
            if (ec3) return fail("write", ec3);
            http::async_read(stream, buffer, parser, [&](beast::error_code ec4, size_t) {
              if (ec4) return fail("read", ec4);
              int status = static_cast<int>(parser.get().result_int());
              result = {status >= 200 && status < 300, status,
                        status >= 200 && status < 300 ? "" : "status " + std::to_string(status)};
              beast::error_code ignored;
              stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
            });
          });
        });
      });
  ioc.run_for(options_.timeout);
  return result;
}

}  // namespace cw::api
