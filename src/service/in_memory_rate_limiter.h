// RateLimiter in process memory: GCRA per (key, rule), sharded locks, a bounded number of keys.
// Thread-safe.
#pragma once

#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

#include "service/rate_limiter.h"

namespace cw {

class InMemoryRateLimiter : public RateLimiter {
 public:
  // `max_keys`: keys held at once across all shards (each costs about 100 bytes).
  explicit InMemoryRateLimiter(Clock* clock, size_t max_keys = 1 << 20);
  std::optional<RateDecision> Acquire(const std::string& key,
                                      const std::vector<RateRule>& rules) override;
  void Refund(const std::string& key, const std::vector<RateRule>& rules) override;
  // Keys currently held (for tests).
  size_t size();

 private:
  static constexpr size_t kShards = 64;
  struct Shard {
    std::mutex mu;
    // Theoretical arrival times in µs, one per rule (GUARDED_BY(mu)).
    std::unordered_map<std::string, std::vector<int64_t>> tats;
  };
  Shard& ShardFor(const std::string& key);
  void MakeRoom(Shard& s, int64_t now_us);  // REQUIRES(s.mu)
  Clock* clock_;
  size_t max_per_shard_;
  std::unique_ptr<Shard[]> shards_;
};

}  // namespace cw
