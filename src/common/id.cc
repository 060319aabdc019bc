#include "common/id.h"

#include <algorithm>
#include <charconv>

namespace cw {

namespace {
constexpr int64_t kSequenceHalf = 1 << (kIdSequenceBits - 1);  // live ids below, historical above
constexpr size_t kMaxHistoricalMillis = 1 << 20;
}  // namespace

Id IdGenerator::Compose(int64_t ms, int64_t sequence) const {
  return (ms << (kIdNodeBits + kIdSequenceBits)) |
         (static_cast<int64_t>(node_) << kIdSequenceBits) | sequence;
}

Id IdGenerator::Next() {
  std::lock_guard lock(mu_);
  int64_t ms = clock_->NowMs() - kIdEpochMs;
  if (ms <= last_ms_) {
    ms = last_ms_;
    if (++sequence_ >= kSequenceHalf) {
      // Sequence exhausted within this millisecond: borrow the next one.
      ++ms;
      sequence_ = 0;
    }
  } else {
    sequence_ = 0;
  }
  last_ms_ = ms;
  return Compose(ms, sequence_);
}

Id IdGenerator::NextAt(TimeMs at) {
  std::lock_guard lock(mu_);
  // Historical ids use the upper half of the sequence space, so they never meet live ids, and
  // remember the last sequence of each millisecond, so imports may go back in time. A full
  // millisecond spills into the next one.
  int64_t ms = std::max<int64_t>(0, at - kIdEpochMs);
  if (historical_.size() >= kMaxHistoricalMillis) historical_.clear();
  for (;;) {
    auto [it, inserted] = historical_.try_emplace(ms, 0);
    if (!inserted && it->second + 1 >= kSequenceHalf) {
      ++ms;
      continue;
    }
    if (!inserted) ++it->second;
    return Compose(ms, kSequenceHalf + it->second);
  }
}

bool ParseId(std::string_view text, Id* out) {
  if (text.empty() || text.size() > 19) return false;
  Id value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value <= 0) return false;
  *out = value;
  return true;
}

}  // namespace cw
