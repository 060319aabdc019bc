// Paging of id-ordered lists (newest first), as Mastodon's max_id / since_id / min_id / limit.
#pragma once

#include "common/id.h"

namespace cw {

struct Page {
  Id max_id = 0;    // only items with id < max_id (0: no bound)
  Id since_id = 0;  // only items with id > since_id (0: no bound), newest first
  // Only items with id > min_id, and the ones right after it (the oldest of them), rather than
  // the newest; results still come newest first, as in Mastodon.
  Id min_id = 0;
  int limit = 20;
};

}  // namespace cw
