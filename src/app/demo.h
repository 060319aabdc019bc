// Demo content for `make run`: a handful of members, a Big V and a brand, follows, Chinese and
// English posts with #topics# and @mentions, a forward chain, comments and a private message —
// so a new user sees a living site. Written through the services, like any client would.
#pragma once

#include "app/platform.h"

namespace cw {

// Seeds unless the demo accounts are there already, so an imported world (`make run` imports the
// CED cascades first) still gets accounts one can log in as. Demo passwords are "clearwater-demo".
Status SeedDemo(Platform& platform);

}  // namespace cw
