// A bounded, sharded LRU map for read caches in front of the store. Thread-safe.
//
// Filling a cache from the store races with writers: a reader that read the old row just before a
// commit must not put it back after the writer invalidated it. So every shard keeps an epoch that
// each invalidation bumps; a reader takes a ticket (the epoch) before reading the store and its
// Put is dropped if the epoch moved meanwhile. A writer that knows exactly how it changed a row
// (a counter moved by one) edits the cached copy in place instead of dropping it: it notes the
// entry's stamp before its write and, after the commit, edits the entry only if nothing replaced
// it meanwhile (UpdateIf), so a copy read before or during the commit is never edited twice.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <list>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <vector>

namespace cw {

template <typename Key, typename Value, typename Hash = std::hash<Key>>
class ShardedLru {
 public:
  // `capacity` entries in all, spread over `shards`.
  explicit ShardedLru(size_t capacity, size_t shards = 16)
      : shards_(shards), per_shard_(std::max<size_t>(1, capacity / shards)) {}

  struct Ticket {
    size_t shard;
    uint64_t epoch;
  };

  std::optional<Value> Get(const Key& key) {
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) {
      ++s.misses;
      return std::nullopt;
    }
    ++s.hits;
    Touch(s, it->second);
    return it->second.value;
  }

  // Calls f(value) under the shard's lock, without copying the value; false on a miss. `f` must
  // be quick and must not use the cache.
  template <typename F>
  bool Visit(const Key& key, F&& f) {
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) {
      ++s.misses;
      return false;
    }
    ++s.hits;
    Touch(s, it->second);
    f(static_cast<const Value&>(it->second.value));
    return true;
  }

  // Take before reading the store for `key`.
  Ticket Begin(const Key& key) {
    size_t i = ShardIndex(key);
    std::lock_guard lock(shards_[i].mu);
    return Ticket{i, shards_[i].epoch};
  }

  // Stores `value` unless `key`'s shard was invalidated since `ticket`.
  void Put(const Key& key, Value value, Ticket ticket) {
    Shard& s = shards_[ticket.shard];
    std::lock_guard lock(s.mu);
    if (s.epoch != ticket.epoch) return;
    auto it = s.map.find(key);
    if (it != s.map.end()) {
      it->second.value = std::move(value);
      it->second.stamp = ++s.stamps;
      Touch(s, it->second);
      return;
    }
    s.order.push_front(key);
    s.map.emplace(key, Entry{std::move(value), s.order.begin(), ++s.clock, ++s.stamps});
    if (s.map.size() > per_shard_) {
      s.map.erase(s.order.back());
      s.order.pop_back();
    }
  }

  // The stamp of `key`'s entry (each Put gives a new one), or nullopt when it is not cached.
  std::optional<uint64_t> StampOf(const Key& key) {
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    auto it = s.map.find(key);
    if (it == s.map.end()) return std::nullopt;
    return it->second.stamp;
  }

  // Calls f(value&) under the shard's lock if `key`'s entry still has `stamp`; otherwise drops
  // the entry. Either way, reads in flight for the shard cannot put what they read (as
  // Invalidate). Returns whether `f` ran.
  template <typename F>
  bool UpdateIf(const Key& key, std::optional<uint64_t> stamp, F&& f) {
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    ++s.epoch;
    auto it = s.map.find(key);
    if (it == s.map.end()) return false;
    if (stamp && it->second.stamp == *stamp) {
      f(it->second.value);
      return true;
    }
    s.order.erase(it->second.position);
    s.map.erase(it);
    return false;
  }

  void Invalidate(const Key& key) {
    Shard& s = ShardOf(key);
    std::lock_guard lock(s.mu);
    ++s.epoch;
    auto it = s.map.find(key);
    if (it == s.map.end()) return;
    s.order.erase(it->second.position);
    s.map.erase(it);
  }

  void Clear() {
    for (auto& s : shards_) {
      std::lock_guard lock(s.mu);
      ++s.epoch;
      s.map.clear();
      s.order.clear();
    }
  }

  size_t size() {
    size_t n = 0;
    for (auto& s : shards_) {
      std::lock_guard lock(s.mu);
      n += s.map.size();
    }
    return n;
  }

  std::pair<uint64_t, uint64_t> HitsAndMisses() {
    uint64_t h = 0, m = 0;
    for (auto& s : shards_) {
      std::lock_guard lock(s.mu);
      h += s.hits;
      m += s.misses;
    }
    return {h, m};
  }

 private:
  struct Entry {
    Value value;
    typename std::list<Key>::iterator position;
    uint64_t moved = 0;  // the shard's clock when it was last moved to the front
    uint64_t stamp = 0;  // which Put stored the value (see UpdateIf)
  };
  struct Shard {
    std::mutex mu;
    std::unordered_map<Key, Entry, Hash> map;  // GUARDED_BY(mu)
    std::list<Key> order;                      // GUARDED_BY(mu): most recent first
    uint64_t epoch = 0;                        // GUARDED_BY(mu)
    uint64_t stamps = 0;                       // GUARDED_BY(mu): the last stamp given
    uint64_t hits = 0, misses = 0;             // GUARDED_BY(mu)
    uint64_t clock = 0;                        // GUARDED_BY(mu): moves to the front so far
  };
  // Marks an entry used. Moving a list node touches three scattered nodes (cache misses on
  // every hit), so an entry still among the most recent quarter of the shard is left in place:
  // the order is exact up to that quarter, which is all eviction needs.
  void Touch(Shard& s, Entry& e) {
    if (s.clock - e.moved <= per_shard_ / 4) return;
    s.order.splice(s.order.begin(), s.order, e.position);
    e.moved = ++s.clock;
  }
  size_t ShardIndex(const Key& key) const {
    // std::hash of an integer is the integer: mix it so neighbouring ids spread over shards.
    uint64_t h = static_cast<uint64_t>(Hash{}(key)) * 0x9E3779B97F4A7C15ULL;
    return static_cast<size_t>(h >> 32) % shards_.size();
  }
  Shard& ShardOf(const Key& key) { return shards_[ShardIndex(key)]; }

  std::vector<Shard> shards_;
  size_t per_shard_;
};

}  // namespace cw
