#include "common/id.h"

#include <charconv>

namespace cw {

Id IdGenerator::Next() {
  std::lock_guard lock(mu_);
  int64_t ms = clock_->NowMs() - kIdEpochMs;
  if (ms <= last_ms_) {
    ms = last_ms_;
    if (++sequence_ >= (1 << kIdSequenceBits)) {
      // Sequence exhausted within this millisecond: borrow the next one.
      ++ms;
      sequence_ = 0;
    }
  } else {
    sequence_ = 0;
  }
  last_ms_ = ms;
  return (ms << (kIdNodeBits + kIdSequenceBits)) | (static_cast<int64_t>(node_) << kIdSequenceBits) |
         sequence_;
}

Id IdGenerator::NextAt(TimeMs at) {
  std::lock_guard lock(mu_);
  // Historical ids keep their own counter so several imported objects in one millisecond still
  // get distinct ids; an exhausted sequence spills into the next millisecond.
  int64_t ms = at - kIdEpochMs;
  if (ms < 0) ms = 0;
  if (ms <= hist_last_ms_ && hist_last_ms_ - ms < 1000) {
    ms = hist_last_ms_;
    if (++hist_sequence_ >= (1 << kIdSequenceBits)) {
      ++ms;
      hist_sequence_ = 0;
    }
  } else {
    hist_sequence_ = 0;
  }
  hist_last_ms_ = ms;
  return (ms << (kIdNodeBits + kIdSequenceBits)) | (static_cast<int64_t>(node_) << kIdSequenceBits) |
         hist_sequence_;
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
