// Paging of id-ordered lists (newest first), as Mastodon's max_id / since_id / min_id / limit.
#pragma once

#include "common/id.h"

namespace cw {

struct Page {
  Id max_id = 0;    // only items with id < max_id (0: no bound)
  Id since_id = 0;  // only items with id > since_id (0: no bound), newest first
  Id min_id = 0;    // only items with id > min_id, oldest first (the page right after min_id)
  int limit = 20;
};

}  // namespace cw
