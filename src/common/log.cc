#include "common/log.h"

#include <atomic>
#include <chrono>
#include <cstdio>

#include "common/clock.h"

namespace cw::log {
namespace {
std::atomic<int> g_level{static_cast<int>(Level::kInfo)};

const char* LevelName(Level level) {
  switch (level) {
    case Level::kDebug: return "DEBUG";
    case Level::kInfo: return "INFO";
    case Level::kWarn: return "WARN";
    case Level::kError: return "ERROR";
  }
  return "INFO";
}
}  // namespace

void SetLevel(Level level) { g_level = static_cast<int>(level); }
bool Enabled(Level level) { return static_cast<int>(level) >= g_level.load(); }

void Write(Level level, const std::string& request_id, const std::string& message) {
  SystemClock clock;
  std::string line = FormatIsoTime(clock.NowMs());
  line += ' ';
  line += LevelName(level);
  if (!request_id.empty()) {
    line += " [";
    line += request_id;
    line += ']';
  }
  line += ' ';
  line += message;
  line += '\n';
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace cw::log
