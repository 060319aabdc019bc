// Names the calling thread (as `top -H`, `perf` and debuggers show it), so a profile tells the
// store's writers, the indexer and the HTTP threads apart. Linux keeps 15 bytes of a name; a
// longer one is cut.
#pragma once

#include <string_view>

namespace cw {

void SetThreadName(std::string_view name);

}  // namespace cw
