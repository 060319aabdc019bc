// Viewer-independent JSON of accounts and posts, rendered once and reused while the fields it was
// rendered from stay the same.
//
// The design is simple: a timeline page is mostly the same accounts and posts read again and
// again, and escaping and formatting them was most of a warm read's time. Each entry keeps a
// stamp of the fields that can change (counters, state, names); a lookup compares the stamp of
// the object in hand with the entry's and renders again when they differ, so no write path has
// to invalidate anything. What depends on the viewer (liked? forwarded? a forward's chain, which
// hides hops the viewer may not see) is never cached. Bounded LRU; thread-safe.
#pragma once

#include <array>
#include <memory>
#include <string>

#include "model/account.h"
#include "model/post.h"
#include "store/cache/sharded_lru.h"

namespace cw::api {

struct RenderCacheOptions {
  size_t accounts = 100'000;  // about 0.7 kB each
  size_t posts = 100'000;     // about 1 kB each
};

// A post's status object in the pieces that do not depend on the viewer; between them go the
// author's account object and the viewer's flags (see WriteStatus).
struct RenderedStatus {
  std::string head;    // {"id":…,"created_at":…,"account":
  std::string middle;  // "visibility":… up to the real counts
  std::string tail;    // "muted":… to the closing brace; originals only (a forward's depends on the viewer)
};

class RenderCache {
 public:
  explicit RenderCache(const RenderCacheOptions& options = {});

  // The account's public object, as WriteAccount(w, a) writes it.
  std::shared_ptr<const std::string> Account(const cw::Account& a);
  std::shared_ptr<const RenderedStatus> Status(const Post& p);

 private:
  // The fields an entry was rendered from that may change; equal stamps render equal JSON.
  using Stamp = std::array<int64_t, 10>;
  template <typename Value>
  struct Entry {
    Stamp stamp;
    std::shared_ptr<const Value> value;
  };
  static Stamp StampOf(const cw::Account& a);
  static Stamp StampOf(const Post& p);

  ShardedLru<Id, Entry<std::string>> accounts_;
  ShardedLru<Id, Entry<RenderedStatus>> posts_;
};

}  // namespace cw::api
