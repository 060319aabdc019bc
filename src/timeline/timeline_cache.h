// Home timelines of recently active members as bounded lists of (post, author), newest first.
// An interface so the scale-out backend can keep them in Redis; InMemoryTimelineCache is the
// embedded one. Implementations are thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/id.h"

namespace cw {

struct TimelineEntry {
  Id post_id = 0;
  Id author_id = 0;
};

struct TimelineCacheStats {
  size_t lists = 0;
  size_t entries = 0;
  size_t bytes = 0;
};

class TimelineCache {
 public:
  virtual ~TimelineCache() = default;
  // A reader's ticket: a rebuilt list is only stored if nothing touched the account since.
  struct Ticket {
    uint64_t value = 0;
  };
  // The account's list, newest first, or nullopt when it is cold. Marks it recently read.
  virtual std::optional<std::vector<TimelineEntry>> Get(Id account) = 0;
  virtual Ticket Begin(Id account) = 0;
  // Stores a rebuilt list (trimmed to the length bound) unless a push or invalidation for this
  // account came after `ticket`.
  virtual void Set(Id account, std::vector<TimelineEntry> entries, Ticket ticket) = 0;
  // Adds the entry to the list of `account` if it is warm (once, in id order).
  virtual void Push(Id account, TimelineEntry entry) = 0;
  virtual void Invalidate(Id account) = 0;
  // A number that changes whenever the account's list changes and is never used twice for the
  // same account; 0 when the list is cold. Does not mark the list read.
  virtual uint64_t Version(Id account) = 0;
  virtual TimelineCacheStats Stats() = 0;
};

}  // namespace cw
