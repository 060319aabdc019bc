// `clearwater gen`: writes a realistic world in the world file format. Accounts join over a
// year; fan counts follow a power law (at a million accounts the biggest have several hundred
// thousand fans — Big V); most follows stay inside a community with its own topics, and small
// accounts often follow back (friends); activity is heavy-tailed; forwards spread along follows
// as cascades (independent-cascade style, each spreader's reach growing with its fans); comments
// and likes come from fans; text is Chinese and English with #topics# and @mentions. On request
// it injects adversaries — zombie-fan farms, water-army crews, spam bots — that differ from
// ordinary accounts only in behaviour, and writes their ground truth to a labels file. The same
// seed and options give the same files byte for byte. Not thread-safe.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>

#include "common/result.h"

namespace cw::world {

struct GeneratorOptions {
  int64_t accounts = 1000;     // ordinary (organic) accounts
  uint64_t seed = 1;
  double mean_following = 30;  // follows made per account, on average
  double mean_posts = 3;       // originals per account, on average
  // Adversary accounts, added on top of `accounts`. With all three at 0 the world is exactly
  // what the generator wrote before adversaries existed.
  int64_t zombies = 0;     // zombie fans, in farms of about 50 to 5,000
  int64_t water_army = 0;  // water-army members, in crews of 10 to 60
  int64_t spam_bots = 0;   // auto-posting ad accounts, run by operators of 5 to 40
};

// Sets the adversary counts from a preset relative to `accounts`: "standard" is 3% zombies, 1%
// water army, 0.5% spam bots; "none" is zero of each. kInvalidArgument for other names.
Status ApplyAdversaryPreset(std::string_view preset, GeneratorOptions* options);

struct GeneratorReport {
  int64_t accounts = 0, follows = 0, posts = 0, forwards = 0, comments = 0, likes = 0;
  int64_t max_fans = 0;
  int64_t accounts_over_100k_fans = 0;
  int64_t zombies = 0, water_army = 0, spam_bots = 0;
  int64_t farms = 0, crews = 0, spam_operators = 0;
  std::string Summary() const;
};

// Writes the world to `out`. When `labels` is given, writes the ground truth there: `//` lines
// describing each group, then one `label` line per adversary account (organic accounts are not
// listed).
Result<GeneratorReport> GenerateWorld(const GeneratorOptions& options, std::ostream& out,
                                      std::ostream* labels = nullptr);

}  // namespace cw::world
