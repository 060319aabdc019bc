// Brand monitors (docs/analytics.md, "Monitors"): saved keywords and topics, the public posts that
// matched them, and the bursts found in their volume. Plain structs, no I/O.
#pragma once

#include <string>
#include <vector>

#include "common/id.h"

namespace cw {

struct Monitor {
  Id id = 0;
  Id owner_id = 0;
  std::string name;
  std::vector<std::string> keywords;  // as the owner wrote them
  std::vector<std::string> topics;    // topic names without '#'
  std::string webhook_url;            // empty: no webhook
  double burst_factor = 3;
  int64_t min_posts = 10;  // a burst needs at least this many posts in its interval
  TimeMs created_at = 0;
  TimeMs updated_at = 0;
};

// One public post that matched a monitor.
struct MonitorHit {
  Id monitor_id = 0;
  Id post_id = 0;
  Id author_id = 0;
  TimeMs at = 0;  // the post's time
};

// A hit as reports read it: only live posts, with whether its author counts as real (active and
// credible at the time of reading).
struct MonitorHitRow {
  Id post_id = 0;
  Id author_id = 0;
  TimeMs at = 0;
  bool real = true;
};

struct MonitorAlert {
  Id id = 0;
  Id monitor_id = 0;
  TimeMs at = 0;
  int64_t volume = 0;      // posts in the interval that burst
  double baseline = 0;     // mean posts per interval before it
  double spread = 0;       // their standard deviation
  int64_t interval_s = 0;  // the interval's length
  bool delivered = false;  // the webhook answered 2xx
  int status_code = 0;     // the webhook's HTTP status; 0: no answer or no webhook
};

}  // namespace cw
