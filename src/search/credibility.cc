#include "search/credibility.h"

#include <algorithm>

namespace cw::search {

double DefaultCredibility(AccountState state, TimeMs created_at, TimeMs now) {
  if (state != AccountState::kActive) return 0;
  constexpr double kDayMs = 24.0 * 3600 * 1000;
  double age = static_cast<double>(std::max<TimeMs>(0, now - created_at));
  return std::min(1.0, age / kDayMs);
}

Result<std::unordered_map<Id, double>> StoreCredibility::Weigh(const std::vector<Id>& ids,
                                                               TimeMs now) {
  std::unordered_map<Id, double> out;
  std::vector<Id> missing;
  {
    std::lock_guard lock(mu_);
    for (Id id : ids) {
      auto it = cache_.find(id);
      if (it != cache_.end() && now - it->second.fetched_at < ttl_ms_ &&
          it->second.fetched_at <= now) {
        out[id] = DefaultCredibility(it->second.state, it->second.created_at, now);
      } else {
        missing.push_back(id);
      }
    }
  }
  if (missing.empty()) return out;
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  // Read in slices so one refresh never builds a giant IN list.
  constexpr size_t kSlice = 1000;
  std::vector<std::pair<Id, Facts>> fetched;
  for (size_t pos = 0; pos < missing.size(); pos += kSlice) {
    std::vector<Id> slice(
        missing.begin() + static_cast<ptrdiff_t>(pos),
        missing.begin() + static_cast<ptrdiff_t>(std::min(missing.size(), pos + kSlice)));
    CW_ASSIGN_OR_RETURN(std::vector<Account> rows, store_->accounts().GetAccountsByIds(slice));
    for (const auto& a : rows) {
      // An account the integrity layer finds not credible weighs as little as a limited one.
      AccountState state = a.credible ? a.state : AccountState::kLimited;
      fetched.push_back({a.id, Facts{state, a.created_at, now}});
      out[a.id] = DefaultCredibility(state, a.created_at, now);
    }
  }
  std::lock_guard lock(mu_);
  if (cache_.size() + fetched.size() > kMaxCached) cache_.clear();
  for (auto& [id, f] : fetched) cache_[id] = f;
  return out;
}

void StoreCredibility::Forget(Id id) {
  std::lock_guard lock(mu_);
  cache_.erase(id);
}

void StoreCredibility::ForgetAll() {
  std::lock_guard lock(mu_);
  cache_.clear();
}

}  // namespace cw::search
