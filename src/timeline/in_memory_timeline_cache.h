// TimelineCache in this process's memory: sharded maps of bounded lists, evicting the least
// recently read list when the budget of lists is spent. Thread-safe.
#pragma once

#include <atomic>
#include <list>
#include <mutex>
#include <unordered_map>

#include "timeline/timeline_cache.h"

namespace cw {

class InMemoryTimelineCache : public TimelineCache {
 public:
  // At most `max_lists` lists of at most `max_length` entries each.
  InMemoryTimelineCache(size_t max_lists, size_t max_length);
  std::optional<std::vector<TimelineEntry>> Get(Id account) override;
  Ticket Begin(Id account) override;
  void Set(Id account, std::vector<TimelineEntry> entries, Ticket ticket) override;
  void Push(Id account, TimelineEntry entry) override;
  void Invalidate(Id account) override;
  uint64_t Version(Id account) override;
  TimelineCacheStats Stats() override;

 private:
  static constexpr size_t kShards = 64;
  struct List {
    std::vector<TimelineEntry> entries;  // newest first
    std::list<Id>::iterator position;    // in the shard's recency order
    uint64_t version = 0;                // from next_version_, at every change
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<Id, List> lists;  // GUARDED_BY(mu)
    std::list<Id> order;                 // GUARDED_BY(mu): most recently read first
    uint64_t epoch = 0;                  // GUARDED_BY(mu): bumped by pushes to cold lists
    size_t entries = 0;                  // GUARDED_BY(mu)
  };
  Shard& ShardOf(Id account);
  void Trim(Shard& s, List& l);

  std::atomic<uint64_t> next_version_{1};
  const size_t max_lists_per_shard_;
  const size_t max_length_;
  Shard shards_[kShards];
};

}  // namespace cw
