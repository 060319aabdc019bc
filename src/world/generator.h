// `clearwater gen`: writes a realistic world in the world file format. Accounts join over a
// year; fan counts follow a power law (at a million accounts the biggest have several hundred
// thousand fans — Big V); most follows stay inside a community with its own topics, and small
// accounts often follow back (friends); activity is heavy-tailed; forwards spread along follows
// as cascades (independent-cascade style, each spreader's reach growing with its fans); comments
// and likes come from fans; text is Chinese and English with #topics# and @mentions. The same
// seed gives the same file byte for byte. Not thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>

#include "common/result.h"

namespace cw::world {

struct GeneratorOptions {
  int64_t accounts = 1000;
  uint64_t seed = 1;
  double mean_following = 30;  // follows made per account, on average
  double mean_posts = 3;       // originals per account, on average
};

struct GeneratorReport {
  int64_t accounts = 0, follows = 0, posts = 0, forwards = 0, comments = 0, likes = 0;
  int64_t max_fans = 0;
  int64_t accounts_over_100k_fans = 0;
  std::string Summary() const;
};

Result<GeneratorReport> GenerateWorld(const GeneratorOptions& options, std::ostream& out);

}  // namespace cw::world
