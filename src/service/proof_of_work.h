// Proof-of-work challenges for sign-up. A challenge is stateless — random bytes, an expiry and
// the difficulty, authenticated with a server key — so any node holding the key can check it;
// each is accepted once (used ones are remembered until they expire, bounded). Thread-safe.
#pragma once

#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"
#include "common/result.h"

namespace cw {

struct Challenge {
  std::string token;  // URL-safe base64, no ':'
  int difficulty = 0;
  TimeMs expires_at = 0;
};

// Leading zero bits of SHA-256 of the UTF-8 string `challenge + ":" + nonce`.
int LeadingZeroBits(std::string_view challenge, std::string_view nonce);

class ProofOfWork {
 public:
  static constexpr size_t kKeyBytes = 32;  // crypto_auth_KEYBYTES
  static constexpr TimeMs kDefaultTtlMs = 10 * 60 * 1000;
  // `key`: kKeyBytes secret bytes. `difficulty`: leading zero bits asked for (0: off).
  ProofOfWork(Clock* clock, std::string key, int difficulty, TimeMs ttl_ms = kDefaultTtlMs,
              size_t max_used = 100'000);

  int difficulty() const { return difficulty_; }
  TimeMs ttl_ms() const { return ttl_ms_; }
  Challenge Issue();
  // Checks `nonce` against `token` and reserves the challenge so it cannot be used again.
  // kMalformed: the nonce is not a decimal number. kInvalidArgument: the challenge is missing,
  // forged, expired, asks less than the current difficulty, was used already, or the nonce does
  // not solve it. kUnavailable: too many challenges in use right now.
  Status Redeem(std::string_view token, std::string_view nonce);
  // Makes a redeemed challenge usable again (the sign-up failed for another reason).
  void Release(std::string_view token);

 private:
  Clock* clock_;
  std::string key_;
  int difficulty_;
  TimeMs ttl_ms_;
  size_t max_used_;
  std::mutex mu_;
  std::unordered_map<std::string, TimeMs> used_;  // random part -> expiry (GUARDED_BY(mu_))
};

}  // namespace cw
