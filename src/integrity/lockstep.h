// Water-army detection: groups of accounts that act on the same posts within the same short
// windows, again and again (CopyCatch, Beutel et al., WWW 2013; SynchroTrap, Cao et al., CCS
// 2014). One viral post gathers thousands of unrelated accounts once; a crew gathers the same
// accounts on many posts. Near-identical forward and comment text inside a group is extra
// evidence (SimHash). Pure function over a Snapshot; uses two threads internally.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/clock.h"
#include "integrity/simhash.h"
#include "integrity/snapshot.h"

namespace cw::integrity {

struct LockstepOptions {
  TimeMs window_ms = 30 * 60 * 1000;  // Δt: acting on a post within this of each other
  uint32_t min_shared_posts = 5;      // n: distinct posts a pair, and each member, must share
  uint32_t min_members = 5;           // m: the smallest group reported
  // Per action, how many co-actors nearest in time are compared; bounds the work on viral posts.
  uint32_t max_neighbours = 64;
  bool include_likes = true;
  // A post is one of a group's targets if at least this share of the group acted on it in one
  // window (and at least 3 members).
  double post_member_share = 0.3;
  int max_text_distance = kDefaultMaxDistance;
};

struct LockstepWindow {
  Index post = kNone;  // the target: the original post (forwards, comments and likes of a
                       // forward count for the original at the top of its chain)
  TimeMs begin = 0;    // the group's first and last action on it inside the window
  TimeMs end = 0;
  uint32_t members = 0;  // members acting on it inside the window
};

struct LockstepGroup {
  std::vector<Index> members;        // sorted account indexes
  std::vector<uint32_t> member_posts;  // per member: target posts it acted on in lockstep
  std::vector<Index> posts;          // the target posts, sorted
  std::vector<LockstepWindow> windows;  // one per target post
  double duplicate_text_share = 0;   // of the members' texts on the targets, the share that
                                     // near-duplicates another member's text
  std::vector<std::string> example_texts;  // a few of those near-duplicate texts
  double tightness = 0;  // the median window span / window_ms (small: a burst)
  double score = 0;      // in [0.5, 1] for a reported group
};

std::vector<LockstepGroup> DetectLockstep(const Snapshot& snapshot, const LockstepOptions& options);

}  // namespace cw::integrity
