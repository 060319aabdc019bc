// The home-timeline engine: hybrid push/pull (design brief §3).
//
// The design is simple: an ordinary author's new post is pushed, right after it commits, onto
// the cached lists of its author and of its author's fans whose lists are warm. Authors above the
// Big V threshold are never pushed; their recent posts (kept per author) are merged in at read
// time. A cold list is rebuilt on first read from the followees' posts in the store. Reads filter
// by the viewer's current followees, mutes and blocks, so follow, unfollow, mute and block take
// effect on the next read; deleted and hidden posts are dropped later by the visibility policy.
// Thread-safe.
#pragma once

#include <algorithm>
#include <atomic>
#include <memory>
#include <optional>
#include <unordered_set>
#include <vector>

#include "store/cache/sharded_lru.h"
#include "store/store.h"
#include "timeline/timeline_cache.h"

namespace cw {

struct TimelineOptions {
  size_t max_length = 800;        // entries per cached home timeline
  size_t max_lists = 100'000;     // cached home timelines (least recently read evicted)
  int64_t big_v_threshold = 10'000;  // authors with at least this many fans are pulled
  size_t recent_per_author = 100;    // recent posts kept per pulled author
  size_t recent_authors = 20'000;    // authors whose recent posts are kept
};

class TimelineEngine {
 public:
  TimelineEngine(Store* store, std::unique_ptr<TimelineCache> cache, const TimelineOptions& options);

  // Call after a post or forward commits.
  Status OnPostCreated(const Post& post);
  // Call after a post is deleted (it leaves its author's recent list at once).
  void OnPostDeleted(const Post& post);
  // Call after `follower` follows `followee`: the follower's list must gain the newcomer's older
  // posts, and the followee may have just become a Big V.
  Status OnFollow(Id follower, Id followee);
  // Call after `author` lost a fan. When that takes the author below the Big V threshold, the
  // posts made while pulled were never pushed: the fans' lists are dropped to be rebuilt.
  Status OnFanLost(Id author);

  // Up to `want` candidate post ids for the viewer's home timeline, newest first, after `page`
  // (max_id / since_id / min_id): their own posts and their followees', without muted or blocked
  // authors. Visibility is the caller's job (ViewerScope).
  Result<std::vector<Id>> HomeCandidates(const Account& viewer, const Page& page, size_t want);

  // What HomeCandidates' answer depends on, as the identities of the engine's shared objects and
  // the version of the viewer's list: for the same page, equal stamps give equal candidates. It
  // holds what it compares, so no address is reused while it lives. Take it before the candidates.
  struct SourcesStamp {
    std::shared_ptr<const void> authors;
    uint64_t list_version = 0;
    std::vector<std::shared_ptr<const void>> recent;  // per pulled author
    bool operator==(const SourcesStamp&) const = default;
  };
  // nullopt when a source is cold (its next read builds it anew).
  Result<std::optional<SourcesStamp>> Stamp(const Account& viewer);

  TimelineCacheStats CacheStats() { return cache_->Stats(); }
  const TimelineOptions& options() const { return options_; }

 private:
  // The authors whose posts belong in the viewer's home: self and followees, minus muted and
  // blocked; split into pushed and pulled (Big V).
  struct Authors {
    std::vector<Id> pushed;   // self and ordinary followees, muted ones included
    std::vector<Id> pulled;   // Big V followees (and self if Big V), not muted
    std::vector<Id> allowed;  // sorted: whose posts may show now
    bool Allows(Id author) const { return std::binary_search(allowed.begin(), allowed.end(), author); }
  };
  // Kept per viewer for as long as the viewer's followee list and mute/block set are the same
  // objects in the store's cache and no account crossed the Big V threshold.
  struct AuthorsEntry {
    std::shared_ptr<const std::vector<Id>> followees;
    std::shared_ptr<const std::unordered_set<Id>> hidden;
    uint64_t big_v_epoch = 0;
    std::shared_ptr<const Authors> authors;
  };
  Result<std::shared_ptr<const Authors>> HomeAuthors(const Account& viewer);
  // Called with an account's fan count after it changed by one: near the threshold, the split of
  // every viewer's authors may have changed.
  void FansChanged(int64_t fans_count);
  // The viewer's cached list, rebuilt from the store when cold.
  Result<std::vector<TimelineEntry>> PushedList(const Account& viewer, const Authors& authors);
  // Reads whose follows raced a threshold crossing can be off by a few; a window catches them.
  static constexpr int64_t kCrossingWindow = 64;
  // Recent posts of a pulled author, newest first; shared with the cache (every fan merges them).
  using EntryList = std::shared_ptr<const std::vector<TimelineEntry>>;
  Result<EntryList> Recent(Id author);
  bool IsPulled(int64_t fans_count) const { return fans_count >= options_.big_v_threshold; }
  bool IsPulled(const Account& a) const { return IsPulled(a.fans_count); }

  Store* store_;
  std::unique_ptr<TimelineCache> cache_;
  TimelineOptions options_;
  ShardedLru<Id, EntryList> recent_;
  ShardedLru<Id, AuthorsEntry> authors_;
  std::atomic<uint64_t> big_v_epoch_{0};
};

}  // namespace cw
