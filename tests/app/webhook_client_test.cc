#include "api/webhook_client.h"

#include <gtest/gtest.h>

#include <future>

namespace cw::api {
namespace {

TEST(WebhookClientTest, InternalAddressesAreRecognised) {
  for (const char* a : {"127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1",
                        "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "::", "fe80::1",
                        "fd00::1", "::ffff:127.0.0.1", "224.0.0.1", "not an address"}) {
    EXPECT_TRUE(IsInternalAddress(a)) << a;
  }
  for (const char* a :
       {"8.8.8.8", "172.32.0.1", "192.169.0.1", "100.128.0.1", "2001:db8::1", "::ffff:8.8.8.8"}) {
    EXPECT_FALSE(IsInternalAddress(a)) << a;
  }
}

TEST(WebhookClientTest, RefusesInternalAddressesUnlessAllowed) {
  WebhookClient client;
  std::promise<WebhookResult> done;
  client.Post("http://127.0.0.1:9/hook", "{}", [&](const WebhookResult& r) { done.set_value(r); });
  WebhookResult r = done.get_future().get();
  EXPECT_FALSE(r.delivered);
  EXPECT_EQ(r.status_code, 0);
  EXPECT_NE(r.error.find("internal address"), std::string::npos) << r.error;
}

TEST(WebhookClientTest, AnUnansweredDeliveryEndsAtTheDeadline) {
  WebhookClientOptions o;
  o.allow_private = true;
  o.timeout = std::chrono::milliseconds(200);
  WebhookClient client(o);
  std::promise<WebhookResult> done;
  // Port 9 (discard) on loopback is closed here: refused at once, or timed out, never delivered.
  client.Post("http://127.0.0.1:9/hook", "{}", [&](const WebhookResult& r) { done.set_value(r); });
  auto f = done.get_future();
  ASSERT_EQ(f.wait_for(std::chrono::seconds(5)), std::future_status::ready);
  EXPECT_FALSE(f.get().delivered);
}

}  // namespace
}  // namespace cw::api
