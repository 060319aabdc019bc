#include "app/seed_command.h"

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include <boost/json.hpp>

#include "analytics/seeding.h"
#include "analytics/store_graph.h"
#include "common/log.h"
#include "store/store.h"

namespace cw {

const char* const kSeedUsage =
    "usage: clearwater analytics seed --data DIR --k K --json FILE [--topic NAME]\n"
    "         [--epsilon E] [--budget B --cost uniform|fans] [--simulations R] [--threads T]\n"
    "         [--seed S] [--max-rr-entries N] [--evaluate FILE]\n"
    "  K 1..10000 seeds; E in (0, 1), default 0.1; cost fans: 1 + fans / 1000 per account;\n"
    "  R Monte-Carlo runs per seed set (1..100000, default 1000); T 1..64 threads (default 1);\n"
    "  --evaluate FILE: account ids, one a line (at most 10000), simulated beside the baselines";
const char* const kExportGraphUsage =
    "usage: clearwater analytics export-graph --data DIR --out FILE [--topic NAME]\n"
    "  writes \"n m\" and then one \"author fan probability\" line per follow (dense indexes,\n"
    "  the learned forward probabilities), and FILE.ids with the account id of each index";

namespace {

int Fail(const std::string& message) {
  std::fprintf(stderr, "clearwater: %s\n", message.c_str());
  return 2;
}

double Since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double PeakMb() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_maxrss) / 1024.0;
}

// --name value pairs, each name at most once and from `known`.
Result<std::map<std::string, std::string>> Flags(const std::vector<std::string>& args,
                                                 const std::set<std::string>& known) {
  std::map<std::string, std::string> out;
  for (size_t i = 0; i < args.size(); ++i) {
    if (args[i].rfind("--", 0) != 0) return InvalidArgument("unexpected argument '" + args[i] + "'");
    std::string name = args[i].substr(2), value;
    if (size_t eq = name.find('='); eq != std::string::npos) {
      value = name.substr(eq + 1);
      name.resize(eq);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return InvalidArgument("--" + name + " needs a value");
    }
    if (!known.count(name)) return InvalidArgument("unknown option --" + name);
    if (!out.emplace(name, value).second) return InvalidArgument("--" + name + " given twice");
  }
  return out;
}

template <typename T>
Result<T> Number(const std::map<std::string, std::string>& flags, const std::string& name, T fallback,
                 T low, T high) {
  auto it = flags.find(name);
  if (it == flags.end()) return fallback;
  T v{};
  auto [end, ec] = std::from_chars(it->second.data(), it->second.data() + it->second.size(), v);
  if (ec != std::errc() || end != it->second.data() + it->second.size() || !(v >= low && v <= high)) {
    return InvalidArgument("--" + name + " must be a number in [" + std::to_string(low) + ", " +
                           std::to_string(high) + "]");
  }
  return v;
}

Result<std::unique_ptr<Store>> OpenData(const std::string& dir) {
  std::filesystem::path db = std::filesystem::path(dir) / "clearwater.db";
  if (!std::filesystem::exists(db)) return NotFound("no store at " + db.string());
  StoreOptions so;
  so.path = db.string();
  return OpenStore(so);
}

struct Graph {
  std::unique_ptr<Store> store;
  analytics::LoadedGraph loaded;
  std::optional<uint32_t> topic;
};

Result<Graph> Load(const std::map<std::string, std::string>& kv) {
  Graph g;
  CW_ASSIGN_OR_RETURN(g.store, OpenData(kv.at("data")));
  CW_ASSIGN_OR_RETURN(g.loaded, analytics::LoadSocialGraph(*g.store));
  if (auto it = kv.find("topic"); it != kv.end()) {
    g.topic = analytics::FindTopic(g.loaded.graph, it->second);
    if (!g.topic) return NotFound("no post has the topic " + it->second);
  }
  return g;
}

boost::json::string IdString(Id id) { return boost::json::string(std::to_string(id)); }

}  // namespace

int AnalyticsSeed(const std::vector<std::string>& args) {
  auto flags = Flags(args, {"data", "k", "json", "topic", "epsilon", "budget", "cost",
                            "simulations", "threads", "seed", "max-rr-entries", "evaluate"});
  if (!flags.ok()) return Fail(flags.error().message() + "\n" + kSeedUsage);
  auto& kv = *flags;
  if (!kv.count("data") || !kv.count("k") || !kv.count("json")) return Fail(kSeedUsage);
  analytics::SeedingOptions options;
  auto k = Number<int>(kv, "k", 0, 1, 10'000);
  auto epsilon = Number<double>(kv, "epsilon", 0.1, 1e-3, 0.999);
  auto budget = Number<double>(kv, "budget", 0, 1e-9, 1e15);
  auto simulations = Number<int>(kv, "simulations", 1000, 1, 100'000);
  auto threads = Number<int>(kv, "threads", 1, 1, 64);
  auto seed = Number<uint64_t>(kv, "seed", 1, 0, UINT64_MAX);
  auto max_entries = Number<uint64_t>(kv, "max-rr-entries", options.max_rr_entries, 1000, 1ULL << 32);
  for (const Status& st : {k.status(), epsilon.status(), budget.status(), simulations.status(),
                           threads.status(), seed.status(), max_entries.status()}) {
    if (!st.ok()) return Fail(st.error().message());
  }
  const std::string cost = kv.count("cost") ? kv["cost"] : "uniform";
  if (cost != "uniform" && cost != "fans") return Fail("--cost must be uniform or fans");
  if (kv.count("cost") && !kv.count("budget")) return Fail("--cost needs --budget");
  options.k = *k;
  options.epsilon = *epsilon;
  options.threads = *threads;
  options.seed = *seed;
  options.max_rr_entries = *max_entries;
  if (kv.count("budget")) options.budget = *budget;

  log::SetLevel(log::Level::kWarn);
  auto start = std::chrono::steady_clock::now();
  auto loaded = Load(kv);
  if (!loaded.ok()) return Fail(loaded.error().message());
  const analytics::SocialGraph& graph = loaded->loaded.graph;
  const double load_s = Since(start);

  auto model_start = std::chrono::steady_clock::now();
  analytics::ForwardModelOptions model_options;
  model_options.topic = loaded->topic;
  analytics::IcModel model = analytics::LearnForwardModel(graph, model_options);
  const double model_s = Since(model_start);

  if (cost == "fans") options.costs = analytics::CostsByFans(graph);
  auto result = analytics::ChooseSeeds(model, options);
  if (!result.ok()) return Fail(result.error().message());

  // The baselines, within the same k and budget; every set scored by the same simulations.
  std::vector<analytics::Index> chosen;
  for (const auto& s : result->seeds) chosen.push_back(s.account);
  auto top_fans = analytics::TopByScore(graph, analytics::FanScores(graph), options.k,
                                        options.budget, options.costs);
  auto top_influence = analytics::TopByScore(graph, analytics::ForwardsReceived(graph), options.k,
                                             options.budget, options.costs);
  // A seed set from elsewhere (another implementation, a planner's list), scored the same way.
  std::optional<std::vector<analytics::Index>> evaluated;
  if (kv.count("evaluate")) {
    std::ifstream in(kv["evaluate"]);
    if (!in) return Fail("cannot read " + kv["evaluate"]);
    evaluated.emplace();
    std::string line;
    while (std::getline(in, line)) {
      if (line.empty()) continue;
      Id id = 0;
      auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), id);
      if (ec != std::errc() || end != line.data() + line.size()) {
        return Fail(kv["evaluate"] + ": not an account id: " + line);
      }
      auto it = std::lower_bound(graph.account_ids.begin(), graph.account_ids.end(), id);
      if (it == graph.account_ids.end() || *it != id) {
        return Fail(kv["evaluate"] + ": no account " + line);
      }
      if (evaluated->size() >= 10'000) return Fail(kv["evaluate"] + ": more than 10000 accounts");
      evaluated->push_back(static_cast<analytics::Index>(it - graph.account_ids.begin()));
    }
  }
  auto sim_start = std::chrono::steady_clock::now();
  auto spread = analytics::EstimateSpread(model, chosen, *simulations, options.seed, options.threads);
  auto fans_spread =
      analytics::EstimateSpread(model, top_fans, *simulations, options.seed, options.threads);
  auto influence_spread =
      analytics::EstimateSpread(model, top_influence, *simulations, options.seed, options.threads);
  std::optional<analytics::SpreadEstimate> evaluated_spread;
  if (evaluated) {
    evaluated_spread =
        analytics::EstimateSpread(model, *evaluated, *simulations, options.seed, options.threads);
  }
  const double sim_s = Since(sim_start);

  std::vector<Id> ids;
  for (const auto* set : {&chosen, &top_fans, &top_influence}) {
    for (analytics::Index v : *set) ids.push_back(graph.account_ids[v]);
  }
  if (evaluated) {
    for (analytics::Index v : *evaluated) ids.push_back(graph.account_ids[v]);
  }
  auto accounts = loaded->store->accounts().GetAccountsByIds(ids);
  if (!accounts.ok()) return Fail("accounts: " + accounts.error().message());
  std::map<Id, const Account*> by_id;
  for (const Account& a : *accounts) by_id[a.id] = &a;

  namespace json = boost::json;
  auto account = [&](analytics::Index v) {
    json::object o{{"id", IdString(graph.account_ids[v])}, {"fans", graph.fans[v]}};
    auto it = by_id.find(graph.account_ids[v]);
    o["handle"] = it == by_id.end() ? "" : it->second->handle;
    o["external_id"] = it == by_id.end() ? "" : it->second->external_id;
    return o;
  };
  auto cost_of = [&](analytics::Index v) { return options.costs.empty() ? 1.0 : options.costs[v]; };
  auto baseline = [&](const std::vector<analytics::Index>& set,
                      const analytics::SpreadEstimate& s) {
    json::array seeds;
    for (analytics::Index v : set) seeds.push_back(json::object{{"account", account(v)}, {"cost", cost_of(v)}});
    return json::object{{"seeds", std::move(seeds)},
                        {"expected_reach", s.mean},
                        {"reach_stderr", s.std_error}};
  };
  json::object out;
  out["k"] = options.k;
  out["topic"] = loaded->topic ? json::value(graph.topics[*loaded->topic]) : json::value(nullptr);
  out["epsilon"] = options.epsilon;
  out["budget"] = options.budget ? json::value(*options.budget) : json::value(nullptr);
  out["cost"] = cost;
  json::array seeds;
  for (const auto& s : result->seeds) {
    seeds.push_back(json::object{
        {"account", account(s.account)}, {"marginal_reach", s.marginal_reach}, {"cost", s.cost}});
  }
  out["seeds"] = std::move(seeds);
  out["expected_reach"] = spread.mean;
  out["reach_stderr"] = spread.std_error;
  out["rr_estimate"] = result->estimated_reach;
  out["simulations"] = spread.simulations;
  json::object baselines;
  baselines["top_fans"] = baseline(top_fans, fans_spread);
  json::object influence = baseline(top_influence, influence_spread);
  influence["score"] = "forwards_received";
  baselines["top_influence"] = std::move(influence);
  if (evaluated) baselines["evaluated"] = baseline(*evaluated, *evaluated_spread);
  out["baselines"] = std::move(baselines);
  out["algorithm"] = result->algorithm;
  out["approximation"] = result->approximation;
  out["guarantee"] = result->guarantee;
  out["capped"] = result->capped;
  out["rr_sets"] = result->rr_sets;
  out["rr_entries"] = result->rr_entries;
  out["rounds"] = result->rounds;
  out["runtime_ms"] = result->seconds * 1000;
  out["threads"] = options.threads;
  out["seed"] = options.seed;
  out["graph"] = json::object{{"accounts", graph.size()},
                              {"edges", graph.follow_count()},
                              {"counted", model.counted_list.size()},
                              {"forwards", graph.forwards.size()},
                              {"roots", graph.roots.size()},
                              {"topics", graph.topics.size()}};
  out["model"] = json::object{{"global_rate", model.global_rate},
                              {"observed_edges", model.observed_edges},
                              {"mean_probability", model.mean_probability}};
  out["load_ms"] = load_s * 1000;
  out["model_ms"] = model_s * 1000;
  out["simulation_ms"] = sim_s * 1000;
  out["peak_memory_mb"] = PeakMb();

  std::ofstream file(kv["json"], std::ios::binary | std::ios::trunc);
  file << json::serialize(out) << "\n";
  file.close();
  if (!file) return Fail("cannot write " + kv["json"]);
  std::printf(
      "graph: %zu accounts, %llu follows, %zu forwards; loaded in %.1f s, model in %.1f s\n"
      "%s: %zu seeds in %.1f s (%llu RR sets, %d rounds, approximation %.3f%s)\n"
      "expected reach (%d simulations): chosen %.1f ± %.1f, top fans %.1f ± %.1f, "
      "top influence %.1f ± %.1f\npeak memory %.0f MB\n",
      graph.size(), static_cast<unsigned long long>(graph.follow_count()), graph.forwards.size(),
      load_s, model_s, result->algorithm.c_str(), result->seeds.size(), result->seconds,
      static_cast<unsigned long long>(result->rr_sets), result->rounds, result->approximation,
      result->capped ? ", capped" : "", spread.simulations, spread.mean, spread.std_error,
      fans_spread.mean, fans_spread.std_error, influence_spread.mean, influence_spread.std_error,
      PeakMb());
  if (evaluated) {
    std::printf("evaluated set of %zu: %.1f ± %.1f\n", evaluated->size(), evaluated_spread->mean,
                evaluated_spread->std_error);
  }
  return 0;
}

int AnalyticsExportGraph(const std::vector<std::string>& args) {
  auto flags = Flags(args, {"data", "out", "topic"});
  if (!flags.ok()) return Fail(flags.error().message() + "\n" + kExportGraphUsage);
  auto& kv = *flags;
  if (!kv.count("data") || !kv.count("out")) return Fail(kExportGraphUsage);
  log::SetLevel(log::Level::kWarn);
  auto start = std::chrono::steady_clock::now();
  auto loaded = Load(kv);
  if (!loaded.ok()) return Fail(loaded.error().message());
  const analytics::SocialGraph& g = loaded->loaded.graph;
  analytics::ForwardModelOptions model_options;
  model_options.topic = loaded->topic;
  analytics::IcModel model = analytics::LearnForwardModel(g, model_options);
  std::FILE* f = std::fopen(kv["out"].c_str(), "w");
  if (!f) return Fail("cannot write " + kv["out"]);
  std::fprintf(f, "%zu %llu\n", g.size(), static_cast<unsigned long long>(g.follow_count()));
  for (analytics::Index u = 0; u < g.size(); ++u) {
    for (uint64_t e = g.fan_offset[u]; e < g.fan_offset[u + 1]; ++e) {
      std::fprintf(f, "%u %u %.9g\n", u, g.fan_index[e], model.Probability(e));
    }
  }
  const bool ok = std::fclose(f) == 0;
  std::ofstream ids(kv["out"] + ".ids", std::ios::trunc);
  for (Id id : g.account_ids) ids << id << "\n";
  ids.close();
  if (!ok || !ids) return Fail("cannot write " + kv["out"]);
  std::printf("%zu accounts, %llu follows written in %.1f s\n", g.size(),
              static_cast<unsigned long long>(g.follow_count()), Since(start));
  return 0;
}

}  // namespace cw
