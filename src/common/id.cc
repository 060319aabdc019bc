#include "common/id.h"

#include <algorithm>
#include <charconv>

namespace cw {

namespace {
constexpr int64_t kSequenceHalf = 1 << (kIdSequenceBits - 1);  // live ids below, historical above
constexpr int64_t kSequenceQuarter = kSequenceHalf / 2;
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
  // Historical ids use the upper half of the sequence space, so they never meet live ids. Files
  // are mostly in time order: those ids come from a running (ms, sequence) pair in the third
  // quarter of the space. A time earlier than the running one takes the fourth quarter, with the
  // last sequence of each such millisecond remembered. A full millisecond spills into the next.
  int64_t ms = std::max<int64_t>(0, at - kIdEpochMs);
  // Within a second behind the running time (a dense burst that spilled over, jitter), stay on
  // the running pair: ids keep growing, their times off by less than a second.
  if (hist_last_ms_ >= 0 && ms < hist_last_ms_ && hist_last_ms_ - ms <= 1000) ms = hist_last_ms_;
  if (ms >= hist_last_ms_) {
    if (ms == hist_last_ms_) {
      if (++hist_sequence_ >= kSequenceQuarter) {
        hist_sequence_ = 0;
        ++ms;
      }
    } else {
      hist_sequence_ = 0;
    }
    hist_last_ms_ = ms;
    return Compose(ms, 2 * kSequenceQuarter + hist_sequence_);
  }
  if (historical_.size() >= kMaxHistoricalMillis) historical_.clear();
  for (;;) {
    auto [it, inserted] = historical_.try_emplace(ms, 0);
    if (!inserted && it->second + 1 >= kSequenceQuarter) {
      ++ms;
      continue;
    }
    if (!inserted) ++it->second;
    return Compose(ms, 3 * kSequenceQuarter + it->second);
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
