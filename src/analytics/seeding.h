// Campaign seeding: choose the accounts that maximise expected real reach under the
// independent-cascade model, with forward probabilities learned from past forwards.
//
//   LearnForwardModel  per-edge probabilities from the forward history (docs/analytics.md,
//                      "Campaign seeding", gives the estimator)
//   ChooseSeeds        OPIM-C (Tang, Tang, Xiao, Yuan, SIGMOD 2018) on reverse-reachable sets:
//                      a (1 - 1/e - epsilon)-approximation with probability 1 - delta, and an
//                      instance-specific bound that is usually much better; with a budget, the
//                      cost-aware greedy (the better of ratio greedy and the best single account)
//   EstimateSpread     Monte-Carlo simulation of the cascade from a seed set
//   TopByScore         the baselines: top-k eligible accounts by fans or by an influence score
//
// Pure functions over a SocialGraph; deterministic for a given `seed` whatever the thread count.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analytics/graph.h"
#include "common/result.h"

namespace cw::analytics {

struct ForwardModelOptions {
  // Pseudo-forwards pulling an account's forward rate per fan per post towards the global rate.
  double source_prior_forwards = 2;
  // Pseudo-posts pulling one fan's forward probability towards its author's rate.
  double edge_prior_posts = 5;
  // Pseudo-posts pulling the probability within a topic towards the overall one.
  double topic_prior_posts = 5;
  std::optional<uint32_t> topic;  // an index into SocialGraph::topics
};

// The independent-cascade model on a graph: a probability per follow, in both directions.
// Keeps a pointer to the graph, which must outlive it. Probabilities are stored as 32-bit
// thresholds (p * 2^32; UINT32_MAX: certain); each list is sorted by probability, descending,
// which lets the sampler jump over the follows that do not fire.
struct IcModel {
  const SocialGraph* graph = nullptr;
  // The fans of author u: out_index[graph->fan_offset[u] .. graph->fan_offset[u + 1]), each
  // with its threshold in out_threshold (the same fans as the graph's list, reordered).
  std::vector<Index> out_index;
  std::vector<uint32_t> out_threshold;
  std::vector<uint64_t> in_offset;      // per account v: the accounts v follows,
  std::vector<Index> in_index;          // in_index[in_offset[v] .. in_offset[v + 1])
  std::vector<uint32_t> in_threshold;   // aligned with in_index
  std::vector<uint8_t> counted;         // 1: reaching it counts (credible, not hidden)
  std::vector<Index> counted_list;      // the counted accounts, in index order
  double global_rate = 0;               // forwards per fan per post, over the whole graph
  uint64_t observed_edges = 0;          // follows along which at least one forward was seen
  double mean_probability = 0;          // over all follows

  double Probability(uint64_t edge) const;  // of out_index[edge]
};

IcModel LearnForwardModel(const SocialGraph& graph, const ForwardModelOptions& options);

// A model with given probabilities, aligned with graph.fan_index (for tests).
IcModel ModelWithProbabilities(const SocialGraph& graph, const std::vector<double>& p);

struct SeedingOptions {
  int k = 50;              // at most k seeds (1 .. 10,000)
  double epsilon = 0.1;    // (0, 1)
  double delta = 0;        // failure probability; 0: 1 / (counted accounts)
  // With a budget: total cost at most `budget`, per-account `costs` (empty: 1 each).
  std::optional<double> budget;
  std::vector<double> costs;
  int threads = 1;         // RR-set generation (1 .. 64)
  uint64_t seed = 1;
  // Memory bound: RR-set entries (4 bytes each, twice: the sets and the inverted index) kept;
  // a set holding one eligible account is a counter, not an entry.
  // When the next doubling would pass it, the run stops with the best set so far and reports
  // the bound it reached (`capped`).
  uint64_t max_rr_entries = 400'000'000;
};

struct ChosenSeed {
  Index account = kNoIndex;
  double marginal_reach = 0;  // the reach it adds to the seeds before it (validation sets)
  double cost = 1;
};

struct SeedingResult {
  std::string algorithm;         // "OPIM-C" or "OPIM-C, cost-aware greedy"
  std::vector<ChosenSeed> seeds;
  double estimated_reach = 0;    // on the validation RR sets (independent of the choice)
  double approximation = 0;      // the instance bound: reach >= approximation * optimum (w.p. 1 - delta)
  double guarantee = 0;          // the a-priori ratio the run aimed at (1 - 1/e - epsilon, ...)
  uint64_t rr_sets = 0;          // generated, both halves
  uint64_t rr_entries = 0;       // eligible accounts stored in them (one-account sets included)
  int rounds = 0;
  bool capped = false;           // stopped by max_rr_entries before reaching `guarantee`
  double seconds = 0;
};

// kInvalidArgument for options out of range or costs of the wrong size.
Result<SeedingResult> ChooseSeeds(const IcModel& model, const SeedingOptions& options);

struct SpreadEstimate {
  double mean = 0;       // counted accounts reached, seeds included
  double std_error = 0;  // of the mean
  int simulations = 0;
};

SpreadEstimate EstimateSpread(const IcModel& model, const std::vector<Index>& seeds,
                              int simulations, uint64_t seed, int threads = 1);

// Baselines. The k eligible accounts with the highest scores (ties: lower index first); with a
// budget, in that order, those that still fit.
std::vector<Index> TopByScore(const SocialGraph& graph, const std::vector<double>& scores, int k,
                              std::optional<double> budget = std::nullopt,
                              const std::vector<double>& costs = {});
std::vector<double> FanScores(const SocialGraph& graph);
// A stand-in influence score: the forwards each account received (from anyone it reached).
std::vector<double> ForwardsReceived(const SocialGraph& graph);
// Cost of an account priced by audience: 1 + fans / 1000.
std::vector<double> CostsByFans(const SocialGraph& graph);

}  // namespace cw::analytics
