// A whole campaign seeding run, as the API and `clearwater analytics seed` report it: learn the
// forward model, choose the seeds (seeding.h), and estimate by Monte-Carlo simulation the reach
// of the choice and of the two baselines (top-k by fans, top-k by influence score). Pure.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analytics/graph.h"
#include "analytics/seeding.h"
#include "common/result.h"

namespace cw::analytics {

enum class CostModel { kUniform, kFans };

struct CampaignOptions {
  int k = 50;
  std::optional<uint32_t> topic;  // an index into SocialGraph::topics
  double epsilon = 0.1;
  std::optional<double> budget;   // with `cost`: total cost at most this
  CostModel cost = CostModel::kUniform;
  int simulations = 1000;         // Monte-Carlo runs per seed set
  int threads = 1;
  uint64_t seed = 1;
  uint64_t max_rr_entries = 400'000'000;
  uint64_t min_rr_sets = 0;
  // A seed set from elsewhere (another implementation, a planner's list), simulated the same way.
  std::vector<Index> evaluate;
};

struct Baseline {
  std::vector<Index> seeds;
  SpreadEstimate reach;
};

struct CampaignResult {
  SeedingResult choice;
  SpreadEstimate reach;     // of the chosen seeds, simulated
  Baseline top_fans, top_influence;
  std::optional<Baseline> evaluated;  // CampaignOptions::evaluate, when given
  // The learned model (seeding.h's IcModel).
  double global_rate = 0;
  uint64_t modelled_edges = 0;    // follows along which a forward was seen
  double mean_probability = 0;
  uint64_t counted = 0;           // accounts whose reach counts
  double model_seconds = 0, simulation_seconds = 0;
  double seconds = 0;             // model, choice and simulations
};

// `influence`: a score per account (by Index) for the influence baseline (influence.h's
// PageRank); empty: the forwards each account received. kInvalidArgument for options out of
// range.
Result<CampaignResult> RunCampaign(const SocialGraph& graph, const CampaignOptions& options,
                                   const std::vector<double>& influence);

}  // namespace cw::analytics
