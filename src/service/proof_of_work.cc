// A challenge token is base64url(nonce_seed[16] | expires_at[8, big-endian ms] | difficulty[1] |
// HMAC-SHA-512-256 of those 25 bytes[32]). Verifying costs one HMAC and one SHA-256; solving
// costs the client about 2^difficulty SHA-256s. Used challenges are kept in a map until they
// expire, which bounds it by the sign-ups of one TTL.
#include "service/proof_of_work.h"

#include <sodium.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace cw {
namespace {

constexpr size_t kSeedBytes = 16;
constexpr size_t kPayloadBytes = kSeedBytes + 8 + 1;
constexpr size_t kTokenBytes = kPayloadBytes + crypto_auth_BYTES;

std::string Base64Url(const unsigned char* data, size_t n) {
  std::string out(sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, n, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

}  // namespace

int LeadingZeroBits(std::string_view challenge, std::string_view nonce) {
  crypto_hash_sha256_state st;
  crypto_hash_sha256_init(&st);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(challenge.data()),
                            challenge.size());
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(":"), 1);
  crypto_hash_sha256_update(&st, reinterpret_cast<const unsigned char*>(nonce.data()),
                            nonce.size());
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_final(&st, digest);
  int bits = 0;
  for (unsigned char byte : digest) {
    if (byte == 0) {
      bits += 8;
      continue;
    }
    for (int b = 7; b >= 0 && !(byte & (1u << b)); --b) ++bits;
    break;
  }
  return bits;
}

ProofOfWork::ProofOfWork(Clock* clock, std::string key, int difficulty, TimeMs ttl_ms,
                         size_t max_used)
    : clock_(clock),
      key_(std::move(key)),
      difficulty_(std::clamp(difficulty, 0, 64)),
      ttl_ms_(ttl_ms),
      max_used_(max_used) {
  CW_CHECK(sodium_init() >= 0);
  CW_CHECK(key_.size() == kKeyBytes);
}

Challenge ProofOfWork::Issue() {
  unsigned char buf[kTokenBytes];
  randombytes_buf(buf, kSeedBytes);
  TimeMs expires_at = clock_->NowMs() + ttl_ms_;
  for (int i = 0; i < 8; ++i) {
    buf[kSeedBytes + i] = static_cast<unsigned char>(static_cast<uint64_t>(expires_at) >> (56 - 8 * i));
  }
  buf[kSeedBytes + 8] = static_cast<unsigned char>(difficulty_);
  crypto_auth(buf + kPayloadBytes, buf, kPayloadBytes,
              reinterpret_cast<const unsigned char*>(key_.data()));
  return {Base64Url(buf, sizeof buf), difficulty_, expires_at};
}

Status ProofOfWork::Redeem(std::string_view token, std::string_view nonce) {
  if (token.empty()) {
    return InvalidArgument("a sign-up challenge is required: GET /api/v1/challenge and solve it");
  }
  if (nonce.empty() || nonce.size() > 20 ||
      !std::all_of(nonce.begin(), nonce.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Malformed("nonce must be a decimal number of at most 20 digits");
  }
  unsigned char buf[kTokenBytes];
  size_t len = 0;
  if (token.size() > 2 * kTokenBytes ||
      sodium_base642bin(buf, sizeof buf, token.data(), token.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len != kTokenBytes ||
      crypto_auth_verify(buf + kPayloadBytes, buf, kPayloadBytes,
                         reinterpret_cast<const unsigned char*>(key_.data())) != 0) {
    return InvalidArgument("the challenge is not one this server issued");
  }
  uint64_t expires = 0;
  for (int i = 0; i < 8; ++i) expires = (expires << 8) | buf[kSeedBytes + i];
  auto expires_at = static_cast<TimeMs>(expires);
  int difficulty = buf[kSeedBytes + 8];
  TimeMs now = clock_->NowMs();
  if (expires_at <= now) return InvalidArgument("the challenge has expired; ask for a new one");
  if (difficulty < difficulty_) {
    return InvalidArgument("the challenge is easier than the server now asks; ask for a new one");
  }
  if (LeadingZeroBits(token, nonce) < difficulty) {
    return InvalidArgument("the nonce does not solve the challenge");
  }
  std::lock_guard lock(mu_);
  if (used_.size() >= max_used_) {
    std::erase_if(used_, [&](const auto& kv) { return kv.second <= now; });
    if (used_.size() >= max_used_) return Unavailable("too many sign-ups right now; try again soon");
  }
  // Keyed by the random part: two spellings of one token are one challenge.
  if (!used_.emplace(std::string(reinterpret_cast<const char*>(buf), kSeedBytes), expires_at)
           .second) {
    return InvalidArgument("the challenge was used already; ask for a new one");
  }
  return OkStatus();
}

void ProofOfWork::Release(std::string_view token) {
  unsigned char buf[kTokenBytes];
  size_t len = 0;
  if (token.size() > 2 * kTokenBytes ||
      sodium_base642bin(buf, sizeof buf, token.data(), token.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      len != kTokenBytes) {
    return;
  }
  std::lock_guard lock(mu_);
  used_.erase(std::string(reinterpret_cast<const char*>(buf), kSeedBytes));
}

}  // namespace cw
