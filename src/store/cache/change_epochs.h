// Counters that say "something about this post (account) may have changed".
//
// The design is simple: the caching store bumps a post's (account's) counter after every change
// it makes to what a reader can see of it — the object itself, and for an account also its
// relations, group memberships, likes and forwards. A reader that built something from cached
// objects keeps the sum of the counters it depended on; while the sum is the same, what it built
// is still current. Counters are shared by buckets of ids (a false alarm only costs building
// again) and only grow, so any bump in a bucket grows the sum. Every bump also grows `Total`:
// a reader that sees Total move while it builds does not keep the result. Thread-safe.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <vector>

#include "common/id.h"

namespace cw {

class ChangeEpochs {
 public:
  // Call after the change is visible to readers (the cache edited or invalidated).
  void Post(Id id) { Bump(posts_[Bucket(id)]); }
  void Account(Id id) { Bump(accounts_[Bucket(id)]); }
  // Anything may have changed (caches dropped, another process wrote).
  void All() { Bump(all_); }

  uint64_t Total() const { return total_.load(std::memory_order_acquire); }
  // The sum of the counters of these posts and accounts (ids may repeat).
  uint64_t Sum(const std::vector<Id>& posts, const std::vector<Id>& accounts) const {
    uint64_t sum = all_.load(std::memory_order_acquire);
    for (Id id : posts) sum += posts_[Bucket(id)].load(std::memory_order_acquire);
    for (Id id : accounts) sum += accounts_[Bucket(id)].load(std::memory_order_acquire);
    return sum;
  }

 private:
  static constexpr int kBucketBits = 16;
  static size_t Bucket(Id id) {
    return static_cast<size_t>((static_cast<uint64_t>(id) * 0x9E3779B97F4A7C15ULL) >> (64 - kBucketBits));
  }
  void Bump(std::atomic<uint64_t>& counter) {
    counter.fetch_add(1, std::memory_order_acq_rel);
    total_.fetch_add(1, std::memory_order_acq_rel);
  }

  std::array<std::atomic<uint64_t>, size_t{1} << kBucketBits> posts_{}, accounts_{};
  std::atomic<uint64_t> all_{0}, total_{0};
};

}  // namespace cw
