#include "timeline/in_memory_timeline_cache.h"

#include <algorithm>

namespace cw {

InMemoryTimelineCache::InMemoryTimelineCache(size_t max_lists, size_t max_length)
    : max_lists_per_shard_(std::max<size_t>(1, max_lists / kShards)),
      max_length_(std::max<size_t>(1, max_length)) {}

InMemoryTimelineCache::Shard& InMemoryTimelineCache::ShardOf(Id account) {
  uint64_t h = static_cast<uint64_t>(account) * 0x9E3779B97F4A7C15ULL;
  return shards_[(h >> 32) % kShards];
}

void InMemoryTimelineCache::Trim(Shard& s, List& l) {
  if (l.entries.size() > max_length_) {
    s.entries -= l.entries.size() - max_length_;
    l.entries.resize(max_length_);
  }
}

uint64_t InMemoryTimelineCache::Version(Id account) {
  Shard& s = ShardOf(account);
  std::lock_guard lock(s.mu);
  auto it = s.lists.find(account);
  return it == s.lists.end() ? 0 : it->second.version;
}

std::optional<std::vector<TimelineEntry>> InMemoryTimelineCache::Get(Id account) {
  Shard& s = ShardOf(account);
  std::lock_guard lock(s.mu);
  auto it = s.lists.find(account);
  if (it == s.lists.end()) return std::nullopt;
  s.order.splice(s.order.begin(), s.order, it->second.position);
  return it->second.entries;
}

TimelineCache::Ticket InMemoryTimelineCache::Begin(Id account) {
  Shard& s = ShardOf(account);
  std::lock_guard lock(s.mu);
  return Ticket{s.epoch};
}

void InMemoryTimelineCache::Set(Id account, std::vector<TimelineEntry> entries, Ticket ticket) {
  Shard& s = ShardOf(account);
  std::lock_guard lock(s.mu);
  if (s.epoch != ticket.value) return;  // something arrived meanwhile; the next read rebuilds
  auto it = s.lists.find(account);
  if (it != s.lists.end()) {
    s.entries -= it->second.entries.size();
    it->second.entries = std::move(entries);
    it->second.version = next_version_++;
    s.entries += it->second.entries.size();
    Trim(s, it->second);
    s.order.splice(s.order.begin(), s.order, it->second.position);
    return;
  }
  s.order.push_front(account);
  List l{std::move(entries), s.order.begin(), next_version_++};
  s.entries += l.entries.size();
  Trim(s, l);
  s.lists.emplace(account, std::move(l));
  if (s.lists.size() > max_lists_per_shard_) {
    Id victim = s.order.back();
    s.order.pop_back();
    auto v = s.lists.find(victim);
    s.entries -= v->second.entries.size();
    s.lists.erase(v);
  }
}

void InMemoryTimelineCache::Push(Id account, TimelineEntry entry) {
  Shard& s = ShardOf(account);
  std::lock_guard lock(s.mu);
  auto it = s.lists.find(account);
  if (it == s.lists.end()) {
    ++s.epoch;  // a rebuild of this list in progress may predate the entry
    return;
  }
  auto& e = it->second.entries;
  // Newest first: find the place, skip if already there (a rebuild may have read it).
  auto pos = std::lower_bound(e.begin(), e.end(), entry.post_id,
                              [](const TimelineEntry& x, Id id) { return x.post_id > id; });
  if (pos != e.end() && pos->post_id == entry.post_id) return;
  if (pos == e.end() && e.size() >= max_length_) return;  // older than everything kept
  e.insert(pos, entry);
  it->second.version = next_version_++;
  ++s.entries;
  Trim(s, it->second);
}

void InMemoryTimelineCache::Invalidate(Id account) {
  Shard& s = ShardOf(account);
  std::lock_guard lock(s.mu);
  ++s.epoch;
  auto it = s.lists.find(account);
  if (it == s.lists.end()) return;
  s.entries -= it->second.entries.size();
  s.order.erase(it->second.position);
  s.lists.erase(it);
}

TimelineCacheStats InMemoryTimelineCache::Stats() {
  TimelineCacheStats st;
  for (auto& s : shards_) {
    std::lock_guard lock(s.mu);
    st.lists += s.lists.size();
    st.entries += s.entries;
  }
  st.bytes = st.entries * sizeof(TimelineEntry) + st.lists * (sizeof(List) + 64);
  return st;
}

}  // namespace cw
