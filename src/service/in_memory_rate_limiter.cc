// The design is simple: GCRA (the generic cell rate algorithm, a token bucket kept as one
// number). A rule of L actions per window W lets an action through every T = W / L on average
// with bursts of up to L; per (key, rule) we keep only the "theoretical arrival time" (TAT), the
// time at which the bucket would be full again. An action at `now` is allowed when
// max(TAT, now) + T - now <= W, and then TAT becomes max(TAT, now) + T. A key whose TATs are all
// in the past is in the same state as a key never seen, so it can be forgotten: that is how the
// maps stay bounded. When a shard is full, idle keys go first; if that is not enough, the keys
// closest to idle (an evicted key starts again with a full budget — the limiter fails open).
#include "service/in_memory_rate_limiter.h"

#include <algorithm>
#include <functional>

namespace cw {
namespace {

constexpr int64_t kUsPerMs = 1000;

struct Gcra {
  int64_t t;    // emission interval, µs
  int64_t tau;  // burst tolerance, µs
};

Gcra GcraFor(const RateRule& r) {
  int64_t window = r.window_ms * kUsPerMs;
  int64_t t = std::max<int64_t>(1, window / std::max<int64_t>(1, r.limit));
  return {t, window - t};
}

TimeMs CeilMs(int64_t us) { return (us + kUsPerMs - 1) / kUsPerMs; }

}  // namespace

InMemoryRateLimiter::InMemoryRateLimiter(Clock* clock, size_t max_keys)
    : clock_(clock),
      max_per_shard_(std::max<size_t>(1, max_keys / kShards)),
      shards_(std::make_unique<Shard[]>(kShards)) {}

InMemoryRateLimiter::Shard& InMemoryRateLimiter::ShardFor(const std::string& key) {
  return shards_[std::hash<std::string>()(key) % kShards];
}

void InMemoryRateLimiter::MakeRoom(Shard& s, int64_t now_us) {
  std::erase_if(s.tats, [&](const auto& kv) {
    return std::all_of(kv.second.begin(), kv.second.end(), [&](int64_t t) { return t <= now_us; });
  });
  if (s.tats.size() < max_per_shard_ - max_per_shard_ / 10) return;
  // Still full of busy keys: forget the tenth closest to idle, so this runs once per many inserts.
  std::vector<std::pair<int64_t, const std::string*>> by_idle;
  by_idle.reserve(s.tats.size());
  for (const auto& [key, tats] : s.tats) {
    by_idle.emplace_back(*std::max_element(tats.begin(), tats.end()), &key);
  }
  size_t drop = std::max<size_t>(1, s.tats.size() / 10);
  std::nth_element(by_idle.begin(), by_idle.begin() + static_cast<ptrdiff_t>(drop - 1),
                   by_idle.end());
  std::vector<std::string> victims;
  victims.reserve(drop);
  for (size_t i = 0; i < drop; ++i) victims.push_back(*by_idle[i].second);
  for (const auto& k : victims) s.tats.erase(k);
}

std::optional<RateDecision> InMemoryRateLimiter::Acquire(const std::string& key,
                                                         const std::vector<RateRule>& rules) {
  if (rules.empty()) return std::nullopt;
  int64_t now = clock_->NowMs() * kUsPerMs;
  Shard& s = ShardFor(key);
  std::lock_guard lock(s.mu);
  auto it = s.tats.find(key);
  if (it == s.tats.end()) {
    if (s.tats.size() >= max_per_shard_) MakeRoom(s, now);
    it = s.tats.emplace(key, std::vector<int64_t>(rules.size(), 0)).first;
  }
  std::vector<int64_t>& tats = it->second;
  tats.resize(rules.size(), 0);

  RateDecision refused{false, 0, 0, 0, -1};
  for (size_t i = 0; i < rules.size(); ++i) {
    Gcra g = GcraFor(rules[i]);
    int64_t tat = std::max(tats[i], now);
    if (tat - now > g.tau) {
      int64_t wait = tat - g.tau - now;
      if (wait > refused.retry_after_ms) {
        refused = {false, rules[i].limit, 0, CeilMs(tat), wait};
      }
    }
  }
  if (refused.retry_after_ms >= 0) {
    refused.retry_after_ms = CeilMs(refused.retry_after_ms);
    return refused;
  }
  RateDecision best;
  bool first = true;
  for (size_t i = 0; i < rules.size(); ++i) {
    Gcra g = GcraFor(rules[i]);
    tats[i] = std::max(tats[i], now) + g.t;
    int64_t slack = g.tau - (tats[i] - now);
    int64_t remaining = slack < 0 ? 0 : std::min(rules[i].limit, slack / g.t + 1);
    RateDecision d{true, rules[i].limit, remaining, CeilMs(tats[i]), 0};
    if (first || d.remaining < best.remaining ||
        (d.remaining == best.remaining && d.reset_at > best.reset_at)) {
      best = d;
      first = false;
    }
  }
  return best;
}

void InMemoryRateLimiter::Refund(const std::string& key, const std::vector<RateRule>& rules) {
  Shard& s = ShardFor(key);
  std::lock_guard lock(s.mu);
  auto it = s.tats.find(key);
  if (it == s.tats.end()) return;
  for (size_t i = 0; i < rules.size() && i < it->second.size(); ++i) {
    it->second[i] -= GcraFor(rules[i]).t;
  }
}

size_t InMemoryRateLimiter::size() {
  size_t n = 0;
  for (size_t i = 0; i < kShards; ++i) {
    std::lock_guard lock(shards_[i].mu);
    n += shards_[i].tats.size();
  }
  return n;
}

}  // namespace cw
