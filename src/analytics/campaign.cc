#include "analytics/campaign.h"

#include <chrono>

namespace cw::analytics {

Result<CampaignResult> RunCampaign(const SocialGraph& graph, const CampaignOptions& options,
                                   const std::vector<double>& influence) {
  if (options.simulations < 1 || options.simulations > 100'000) {
    return InvalidArgument("simulations must be between 1 and 100000");
  }
  if (!influence.empty() && influence.size() != graph.size()) {
    return InvalidArgument("one influence score per account is needed");
  }
  for (Index v : options.evaluate) {
    if (v >= graph.size()) return InvalidArgument("an evaluated seed is not in the graph");
  }
  using Clock = std::chrono::steady_clock;
  auto since = [](Clock::time_point t) {
    return std::chrono::duration<double>(Clock::now() - t).count();
  };
  const auto start = Clock::now();
  ForwardModelOptions model_options;
  model_options.topic = options.topic;
  IcModel model = LearnForwardModel(graph, model_options);
  CampaignResult out;
  out.model_seconds = since(start);

  SeedingOptions s;
  s.k = options.k;
  s.epsilon = options.epsilon;
  s.budget = options.budget;
  if (options.budget && options.cost == CostModel::kFans) s.costs = CostsByFans(graph);
  s.threads = options.threads;
  s.seed = options.seed;
  s.max_rr_entries = options.max_rr_entries;
  s.min_rr_sets = options.min_rr_sets;
  CW_ASSIGN_OR_RETURN(out.choice, ChooseSeeds(model, s));

  std::vector<Index> chosen;
  for (const auto& c : out.choice.seeds) chosen.push_back(c.account);
  // Every set is simulated with the same random seed: the comparison sees the same coin flips.
  auto simulate = [&](const std::vector<Index>& seeds) {
    return EstimateSpread(model, seeds, options.simulations, options.seed, options.threads);
  };
  const auto simulations = Clock::now();
  out.reach = simulate(chosen);
  out.top_fans.seeds = TopByScore(graph, FanScores(graph), options.k, s.budget, s.costs);
  out.top_fans.reach = simulate(out.top_fans.seeds);
  out.top_influence.seeds = TopByScore(
      graph, influence.empty() ? ForwardsReceived(graph) : influence, options.k, s.budget, s.costs);
  out.top_influence.reach = simulate(out.top_influence.seeds);
  if (!options.evaluate.empty()) {
    out.evaluated = Baseline{options.evaluate, simulate(options.evaluate)};
  }
  out.simulation_seconds = since(simulations);
  out.global_rate = model.global_rate;
  out.modelled_edges = model.observed_edges;
  out.mean_probability = model.mean_probability;
  out.counted = model.counted_list.size();
  out.seconds = since(start);
  return out;
}

}  // namespace cw::analytics
