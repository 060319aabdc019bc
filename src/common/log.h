// Line-oriented logging to stderr: "2024-03-01T12:00:00.000Z INFO [req-id] message".
// Thread-safe: each line is written with one call.
#pragma once

#include <sstream>
#include <string>

namespace cw::log {

enum class Level { kDebug = 0, kInfo = 1, kWarn = 2, kError = 3 };

void SetLevel(Level level);
bool Enabled(Level level);
void Write(Level level, const std::string& request_id, const std::string& message);

}  // namespace cw::log

// CW_LOG(kInfo, request_id) << "served " << n;
#define CW_LOG(level, request_id)                                   \
  if (!::cw::log::Enabled(::cw::log::Level::level)) {               \
  } else                                                            \
    ::cw::log::internal::Line(::cw::log::Level::level, (request_id)).stream()

namespace cw::log::internal {
class Line {
 public:
  Line(Level level, std::string request_id) : level_(level), request_id_(std::move(request_id)) {}
  ~Line() { Write(level_, request_id_, out_.str()); }
  std::ostringstream& stream() { return out_; }

 private:
  Level level_;
  std::string request_id_;
  std::ostringstream out_;
};
}  // namespace cw::log::internal
