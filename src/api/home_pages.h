// Whole home-timeline pages, kept per viewer and served again while nothing they were built from
// has changed.
//
// The design is simple: a member who comes back to their home timeline mostly finds the same
// page. A kept page remembers the engine's candidates it was built from (and a stamp of the
// engine's sources, which spares merging them again while they stay the same) and the sum of the change
// epochs (store/cache/change_epochs.h) of every post and account it depended on: the candidates
// and their authors, the posts and accounts of forward chains, and the viewer, whose epoch moves
// with their relations, group memberships, likes and forwards. A read asks the engine for the
// candidates again (a merge of cached lists) and sums the epochs; when both are as they were, the
// kept page is the page. Kept: first pages only (no max_id, since_id or min_id), built from one
// batch of candidates and showing no forwarded comment (comments are not cached). A page built
// while any epoch moved is not kept. Bounded LRU; thread-safe.
#pragma once

#include <atomic>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api/call.h"
#include "service/post_service.h"
#include "store/cache/change_epochs.h"
#include "store/cache/sharded_lru.h"

namespace cw::api {

class HomePages {
 public:
  // At most `capacity` pages (a 20-post page is about 36 kB).
  HomePages(size_t capacity, const ChangeEpochs* epochs) : epochs_(epochs), pages_(capacity) {}

  // The viewer's home timeline page, as StatusesReply renders it.
  Result<Reply> Serve(Call& call, const Account& viewer, const Page& page);

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  Stats stats() const { return {hits_.load(), misses_.load()}; }

 private:
  struct Kept {
    int limit = 0;
    std::vector<Id> candidates;   // the engine's first batch
    // The engine's sources, stamped before the candidates were taken: while they are the same,
    // so are the candidates, and the merge need not run again.
    std::optional<TimelineEngine::SourcesStamp> sources;
    std::vector<Id> posts;        // every post the page depended on
    std::vector<Id> accounts;     // every account the page depended on
    uint64_t signature = 0;       // epochs_->Sum(posts, accounts), unchanged while it was built
    std::vector<Id> page_ids;     // the statuses shown, for the Link header
    std::shared_ptr<const std::string> body;
  };
  Reply ReplyOf(const Call& call, const Kept& kept) const;

  const ChangeEpochs* epochs_;
  ShardedLru<Id, std::shared_ptr<const Kept>> pages_;
  std::atomic<uint64_t> hits_{0}, misses_{0};
};

}  // namespace cw::api
