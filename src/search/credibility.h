// How much one account's voice counts in hot search. StoreCredibility weighs by account state
// and age, and gives nothing to accounts the integrity layer marks not credible (detector labels
// or a moderator's limit).
// Implementations are thread-safe.
#pragma once

#include <mutex>
#include <unordered_map>
#include <vector>

#include "common/result.h"
#include "model/account.h"
#include "store/store.h"

namespace cw::search {

class CredibilityProvider {
 public:
  virtual ~CredibilityProvider() = default;
  // The weight in [0, 1] of each of `ids` at `now`. Ids missing from the result weigh 0.
  virtual Result<std::unordered_map<Id, double>> Weigh(const std::vector<Id>& ids, TimeMs now) = 0;
  // The account's standing changed (a moderator acted): weigh it afresh from now on.
  virtual void Forget(Id) {}
  // Every account's may have changed (an integrity scan was applied).
  virtual void ForgetAll() {}
};

// The default rule: a suspended or limited account weighs 0; an active one weighs 1 once it is a
// day old, and in proportion to its age before that (a minute-old account weighs 1/1440), so a
// crowd of accounts made for the occasion barely moves the hot list.
double DefaultCredibility(AccountState state, TimeMs created_at, TimeMs now);

// DefaultCredibility over the store's accounts. The facts it needs (state, creation time) are
// cached for `ttl_ms`, so a suspension counts within that time; the cache is bounded.
class StoreCredibility : public CredibilityProvider {
 public:
  explicit StoreCredibility(Store* store, TimeMs ttl_ms = 60'000)
      : store_(store), ttl_ms_(ttl_ms) {}
  Result<std::unordered_map<Id, double>> Weigh(const std::vector<Id>& ids, TimeMs now) override;
  void Forget(Id id) override;
  void ForgetAll() override;

 private:
  static constexpr size_t kMaxCached = 1'000'000;
  struct Facts {
    AccountState state = AccountState::kActive;
    TimeMs created_at = 0;
    TimeMs fetched_at = 0;
  };
  Store* store_;
  const TimeMs ttl_ms_;
  std::mutex mu_;
  std::unordered_map<Id, Facts> cache_;  // GUARDED_BY(mu_)
};

}  // namespace cw::search
