// Rate limits: how many actions of one kind a key (an account, or a client address for sign-ups)
// may take per window. An interface, so scale-out can move the counters to Redis; the in-memory
// backend is InMemoryRateLimiter. Implementations are thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace cw {

// What is limited. kNone: not limited. The API's route table names one per route.
enum class RateAction { kNone, kPost, kForward, kComment, kFollow, kLike, kMessage, kSignup };
constexpr size_t kRateActionCount = 8;

const char* RateActionName(RateAction a);

// At most `limit` actions per `window_ms`.
struct RateRule {
  int64_t limit = 0;
  TimeMs window_ms = 0;
  bool operator==(const RateRule&) const = default;
};

// The rules of every action; an action with no rules is unlimited.
struct RateLimits {
  std::array<std::vector<RateRule>, kRateActionCount> rules;
  std::vector<RateRule>& operator[](RateAction a) { return rules[static_cast<size_t>(a)]; }
  const std::vector<RateRule>& operator[](RateAction a) const {
    return rules[static_cast<size_t>(a)];
  }
  // Defaults that a person never reaches and a script soon does.
  static RateLimits Defaults();
};

// "30/10m,300/1d" (units s, m, h, d; a bare number is seconds); "off" or "" for no rules.
// kInvalidArgument on anything else.
Result<std::vector<RateRule>> ParseRateRules(std::string_view text);
std::string FormatRateRules(const std::vector<RateRule>& rules);

// The outcome of one Acquire, for the client's X-RateLimit-* and Retry-After headers. When
// several rules apply, it describes the tightest: the one that refused (waiting longest), or
// else the one with the fewest actions left.
struct RateDecision {
  bool allowed = true;
  int64_t limit = 0;
  int64_t remaining = 0;
  TimeMs reset_at = 0;      // when that rule's full budget is back
  TimeMs retry_after_ms = 0;  // refused: when the next action would be allowed
};

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;
  // Takes one action from every rule's budget for `key`, or none if any rule refuses.
  // nullopt when `rules` is empty (nothing to limit).
  virtual std::optional<RateDecision> Acquire(const std::string& key,
                                              const std::vector<RateRule>& rules) = 0;
  // Gives back the action an allowed Acquire took (the request failed and did nothing).
  virtual void Refund(const std::string& key, const std::vector<RateRule>& rules) = 0;
};

}  // namespace cw
