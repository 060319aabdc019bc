// Time as an injected dependency (Envoy's TimeSource), so tests can set it. Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <string>

namespace cw {

// Milliseconds since the Unix epoch.
using TimeMs = int64_t;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimeMs NowMs() = 0;
};

class SystemClock : public Clock {
 public:
  TimeMs NowMs() override;
};

// A clock that only moves when told to.
class ManualClock : public Clock {
 public:
  explicit ManualClock(TimeMs start) : now_(start) {}
  TimeMs NowMs() override { return now_.load(); }
  void Advance(TimeMs ms) { now_ += ms; }
  void Set(TimeMs ms) { now_ = ms; }

 private:
  std::atomic<TimeMs> now_;
};

// "2024-03-01T12:00:00.000Z"
std::string FormatIsoTime(TimeMs ms);
// Accepts "2024-03-01T12:00:00Z", with optional fraction and offset; returns false on bad input.
bool ParseIsoTime(const std::string& text, TimeMs* out);

}  // namespace cw
