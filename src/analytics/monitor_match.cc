// The matcher keys every phrase by its first term: a post walks its stream once, and only the
// phrases starting with the term at hand are compared further, so cost grows with the post's
// length and the few phrases sharing a first term, not with the number of monitors. Unigram
// keywords (one CJK character) and topics need no position and are looked up directly.
#include "analytics/monitor_match.h"

#include <algorithm>
#include <cmath>

namespace cw::analytics {

MonitorMatcher::MonitorMatcher(const std::vector<MonitorTerms>& monitors)
    : monitors_(monitors.size()) {
  for (const auto& m : monitors) {
    for (const auto& p : m.phrases) {
      if (p.empty()) continue;
      phrases_[p.front()].push_back({m.monitor_id, {p.begin() + 1, p.end()}});
    }
    for (const auto& u : m.unigrams) unigrams_[u].push_back(m.monitor_id);
    for (const auto& t : m.topics) topics_[t].push_back(m.monitor_id);
  }
}

std::vector<Id> MonitorMatcher::Match(const DocTerms& doc) const {
  std::vector<Id> out;
  if (doc.stream && !phrases_.empty()) {
    const auto& s = *doc.stream;
    for (size_t i = 0; i < s.size(); ++i) {
      auto it = phrases_.find(s[i]);
      if (it == phrases_.end()) continue;
      for (const Phrase& p : it->second) {
        if (i + 1 + p.rest.size() > s.size()) continue;
        if (std::equal(p.rest.begin(), p.rest.end(), s.begin() + static_cast<ptrdiff_t>(i + 1))) {
          out.push_back(p.monitor_id);
        }
      }
    }
  }
  auto singles = [&](const std::vector<std::string>* terms,
                     const std::unordered_map<std::string, std::vector<Id>>& index) {
    if (!terms || index.empty()) return;
    for (const auto& t : *terms) {
      auto it = index.find(t);
      if (it != index.end()) out.insert(out.end(), it->second.begin(), it->second.end());
    }
  };
  singles(doc.unigrams, unigrams_);
  singles(doc.exact, topics_);
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

BurstVerdict JudgeBurst(int64_t volume, const std::vector<int64_t>& history, double factor,
                        int64_t min_posts) {
  BurstVerdict v;
  if (!history.empty()) {
    double sum = 0;
    for (int64_t h : history) sum += static_cast<double>(h);
    v.baseline = sum / static_cast<double>(history.size());
    double sq = 0;
    for (int64_t h : history) {
      double d = static_cast<double>(h) - v.baseline;
      sq += d * d;
    }
    v.spread = std::sqrt(sq / static_cast<double>(history.size()));
  }
  const auto x = static_cast<double>(volume);
  v.burst = volume >= min_posts && x >= factor * v.baseline && x >= v.baseline + 3 * v.spread;
  return v;
}

}  // namespace cw::analytics
