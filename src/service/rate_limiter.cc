#include "service/rate_limiter.h"

#include <charconv>

namespace cw {

const char* RateActionName(RateAction a) {
  switch (a) {
    case RateAction::kNone: return "none";
    case RateAction::kPost: return "post";
    case RateAction::kForward: return "forward";
    case RateAction::kComment: return "comment";
    case RateAction::kFollow: return "follow";
    case RateAction::kLike: return "like";
    case RateAction::kMessage: return "message";
    case RateAction::kSignup: return "signup";
  }
  return "none";
}

RateLimits RateLimits::Defaults() {
  constexpr TimeMs kMin = 60'000;
  constexpr TimeMs kHour = 60 * kMin;
  constexpr TimeMs kDay = 24 * kHour;
  RateLimits l;
  l[RateAction::kPost] = {{30, 10 * kMin}, {300, kDay}};
  l[RateAction::kForward] = {{60, 10 * kMin}, {600, kDay}};
  l[RateAction::kComment] = {{60, 10 * kMin}, {600, kDay}};
  l[RateAction::kFollow] = {{100, kHour}, {1000, kDay}};
  l[RateAction::kLike] = {{300, kHour}, {3000, kDay}};
  l[RateAction::kMessage] = {{60, 10 * kMin}, {1000, kDay}};
  l[RateAction::kSignup] = {{5, kHour}, {20, kDay}};
  return l;
}

Result<std::vector<RateRule>> ParseRateRules(std::string_view text) {
  std::vector<RateRule> out;
  if (text.empty() || text == "off") return out;
  auto bad = [&] {
    return InvalidArgument("rate limit must look like 30/10m,300/1d (units s, m, h, d) or off, got '" +
                           std::string(text) + "'");
  };
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find(',', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view part = text.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    size_t slash = part.find('/');
    if (slash == std::string_view::npos) return bad();
    RateRule r;
    const char* p = part.data();
    auto [lp, lec] = std::from_chars(p, p + slash, r.limit);
    if (lec != std::errc() || lp != p + slash || r.limit < 1) return bad();
    std::string_view w = part.substr(slash + 1);
    int64_t count = 1;
    size_t digits = 0;
    while (digits < w.size() && w[digits] >= '0' && w[digits] <= '9') ++digits;
    if (digits > 0) {
      auto [cp, cec] = std::from_chars(w.data(), w.data() + digits, count);
      if (cec != std::errc() || count < 1 || count > 365 * 86400) return bad();
    }
    std::string_view unit = w.substr(digits);
    TimeMs unit_ms = 0;
    if (unit.empty() || unit == "s") {
      unit_ms = 1000;
      if (digits == 0) return bad();
    } else if (unit == "m") {
      unit_ms = 60'000;
    } else if (unit == "h") {
      unit_ms = 3'600'000;
    } else if (unit == "d") {
      unit_ms = 86'400'000;
    } else {
      return bad();
    }
    r.window_ms = count * unit_ms;
    if (r.window_ms > 366LL * 86'400'000) return bad();
    out.push_back(r);
    pos = end + 1;
  }
  return out;
}

std::string FormatRateRules(const std::vector<RateRule>& rules) {
  if (rules.empty()) return "off";
  std::string out;
  for (const auto& r : rules) {
    if (!out.empty()) out += ",";
    out += std::to_string(r.limit) + "/";
    if (r.window_ms % 86'400'000 == 0) {
      out += std::to_string(r.window_ms / 86'400'000) + "d";
    } else if (r.window_ms % 3'600'000 == 0) {
      out += std::to_string(r.window_ms / 3'600'000) + "h";
    } else if (r.window_ms % 60'000 == 0) {
      out += std::to_string(r.window_ms / 60'000) + "m";
    } else {
      out += std::to_string(r.window_ms / 1000) + "s";
    }
  }
  return out;
}

}  // namespace cw
