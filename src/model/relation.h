// Follows, blocks, mutes and followee groups. Plain data, no I/O.
#pragma once

#include <string>

#include "common/clock.h"
#include "common/id.h"

namespace cw {

struct Follow {
  Id id = 0;  // time-ordered; fans and following lists page by it
  Id follower_id = 0;
  Id followee_id = 0;
  TimeMs created_at = 0;
};

// What one account is to another, from the viewer's side.
struct RelationFacts {
  bool following = false;    // viewer follows target (viewer is a fan)
  bool followed_by = false;  // target follows viewer
  bool blocking = false;     // viewer blocks target
  bool blocked_by = false;   // target blocks viewer
  bool muting = false;       // viewer mutes target
  bool friends() const { return following && followed_by; }
};

struct FolloweeGroup {
  Id id = 0;
  Id owner_id = 0;
  std::string title;
  TimeMs created_at = 0;
  int64_t members_count = 0;
};

}  // namespace cw
