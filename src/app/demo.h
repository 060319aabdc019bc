// Demo content for `make run`: a handful of members, a Big V and a brand, follows, Chinese and
// English posts with #topics# and @mentions, a forward chain, comments and a private message —
// so a new user sees a living site. Written through the services, like any client would.
#pragma once

#include "app/platform.h"

namespace cw {

// Seeds only when the store has no accounts. Demo passwords are "clearwater-demo".
Status SeedDemo(Platform& platform);

}  // namespace cw
