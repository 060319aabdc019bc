// Outgoing webhooks: the interface the services post through (the Beast client is in
// api/webhook_client.h; tests use a fake). Implementations are thread-safe and never block the
// caller: a delivery runs later, on a thread of the sender's own.
#pragma once

#include <functional>
#include <string>

namespace cw {

struct WebhookResult {
  bool delivered = false;  // the receiver answered 2xx
  int status_code = 0;     // its HTTP status; 0 when it never answered
  std::string error;       // why not, when not delivered
};

class WebhookSender {
 public:
  virtual ~WebhookSender() = default;
  // Queues a POST of the JSON `body` to `url` (http:// only). `done` is called once, on the
  // sender's thread, with the outcome; a full queue answers at once with delivered = false.
  virtual void Post(std::string url, std::string body,
                    std::function<void(const WebhookResult&)> done) = 0;
};

}  // namespace cw
