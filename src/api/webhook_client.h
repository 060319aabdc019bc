// WebhookSender over plain HTTP with Boost.Beast: a bounded queue drained by one thread of its
// own, each delivery bounded by a deadline (connect, write and read together). https is not
// supported (MonitorService rejects such URLs). Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "service/webhook.h"

namespace cw::api {

struct WebhookClientOptions {
  std::chrono::milliseconds timeout{5000};
  size_t max_queue = 1000;
  size_t max_response_bytes = 64 * 1024;
};

class WebhookClient : public WebhookSender {
 public:
  explicit WebhookClient(WebhookClientOptions options = {});
  ~WebhookClient() override;  // stops; queued deliveries are answered as not delivered
  WebhookClient(const WebhookClient&) = delete;
  WebhookClient& operator=(const WebhookClient&) = delete;

  void Post(std::string url, std::string body,
            std::function<void(const WebhookResult&)> done) override;
  void Stop();

 private:
  struct Job {
    std::string url, body;
    std::function<void(const WebhookResult&)> done;
  };
  void Loop();
  WebhookResult Deliver(const Job& job);

  WebhookClientOptions options_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace cw::api
