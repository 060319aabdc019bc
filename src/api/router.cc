#include "api/router.h"

namespace cw::api {
namespace {
std::vector<std::string> Split(const std::string& path) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos < path.size()) {
    size_t next = path.find('/', pos);
    if (next == std::string::npos) next = path.size();
    if (next > pos) out.push_back(path.substr(pos, next - pos));
    pos = next + 1;
  }
  return out;
}
}  // namespace

Route& Router::Add(std::string method, std::string pattern, Handler handler, RateAction action) {
  Route r;
  r.action = action;
  r.method = std::move(method);
  r.segments = Split(pattern);
  r.pattern = std::move(pattern);
  r.handler = handler;
  routes_.push_back(std::move(r));
  return routes_.back();
}

Router::Match Router::Find(const std::string& method, const std::string& path) const {
  std::vector<std::string> segments = Split(path);
  Match best;
  int best_score = -1;
  for (const auto& r : routes_) {
    if (r.segments.size() != segments.size()) continue;
    int score = 0;
    bool ok = true;
    std::map<std::string, std::string> params;
    for (size_t i = 0; i < segments.size() && ok; ++i) {
      const std::string& s = r.segments[i];
      if (!s.empty() && s[0] == ':') {
        params[s.substr(1)] = segments[i];
      } else if (s == segments[i]) {
        ++score;
      } else {
        ok = false;
      }
    }
    if (!ok) continue;
    if (r.method != method) {
      if (best.allow.find(r.method) == std::string::npos) {
        best.allow += (best.allow.empty() ? "" : ", ") + r.method;
      }
      continue;
    }
    if (score > best_score) {
      best_score = score;
      best.route = &r;
      best.params = std::move(params);
    }
  }
  return best;
}

}  // namespace cw::api
