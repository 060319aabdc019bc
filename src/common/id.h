// 64-bit time-ordered ids: milliseconds since 2000-01-01 (41 bits) | node (10 bits) | sequence
// (12 bits). Sorting by id sorts by creation time, so every list pages by max_id / since_id.
// Thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <string_view>
#include <unordered_map>

#include "common/clock.h"

namespace cw {

using Id = int64_t;

inline constexpr TimeMs kIdEpochMs = 946684800000;  // 2000-01-01T00:00:00Z
inline constexpr int kIdNodeBits = 10;
inline constexpr int kIdSequenceBits = 12;

// The creation time encoded in an id.
inline TimeMs IdTimeMs(Id id) { return (id >> (kIdNodeBits + kIdSequenceBits)) + kIdEpochMs; }
// The smallest id that any generator could produce at `ms`; for time-bounded range scans.
inline Id MinIdAt(TimeMs ms) { return (ms - kIdEpochMs) << (kIdNodeBits + kIdSequenceBits); }

class IdGenerator {
 public:
  IdGenerator(Clock* clock, int node) : clock_(clock), node_(node & ((1 << kIdNodeBits) - 1)) {}
  // Never returns the same id twice from one generator; ids grow monotonically.
  Id Next();
  // An id for something that happened at `ms` (imports keep historical order). Never equal to
  // an id from Next(); unique among historical ids while fewer than ~1M distinct milliseconds
  // have been used (then the memory resets, and the store's primary keys catch a repeat).
  Id NextAt(TimeMs ms);

 private:
  Id Compose(int64_t ms, int64_t sequence) const;
  Clock* clock_;
  const int node_;
  std::mutex mu_;
  int64_t last_ms_ = 0;  // GUARDED_BY(mu_)
  int64_t sequence_ = 0;  // GUARDED_BY(mu_)
  int64_t hist_last_ms_ = -1;  // GUARDED_BY(mu_): the running historical millisecond
  int64_t hist_sequence_ = 0;  // GUARDED_BY(mu_)
  std::unordered_map<int64_t, int64_t> historical_;  // GUARDED_BY(mu_): earlier ms -> last seq
};

// Parses a decimal id; false on anything else (ids arrive as strings in JSON and paths).
bool ParseId(std::string_view text, Id* out);

}  // namespace cw
