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

#include "analytics/campaign.h"
#include "analytics/influence.h"
#include "analytics/seeding.h"
#include "analytics/store_graph.h"
#include "common/log.h"
#include "store/store.h"

namespace cw {

const char* const kSeedUsage =
    "usage: clearwater analytics seed --data DIR --k K --json FILE [--topic NAME]\n"
    "         [--epsilon E] [--budget B --cost uniform|fans] [--simulations R] [--threads T]\n"
    "         [--seed S] [--max-rr-entries N] [--min-rr-sets N] [--evaluate FILE]\n"
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
                            "simulations", "threads", "seed", "max-rr-entries", "min-rr-sets", "evaluate"});
  if (!flags.ok()) return Fail(flags.error().message() + "\n" + kSeedUsage);
  auto& kv = *flags;
  if (!kv.count("data") || !kv.count("k") || !kv.count("json")) return Fail(kSeedUsage);
  const uint64_t default_max_entries = analytics::SeedingOptions{}.max_rr_entries;
  auto k = Number<int>(kv, "k", 0, 1, 10'000);
  auto epsilon = Number<double>(kv, "epsilon", 0.1, 1e-3, 0.999);
  auto budget = Number<double>(kv, "budget", 0, 1e-9, 1e15);
  auto simulations = Number<int>(kv, "simulations", 1000, 1, 100'000);
  auto threads = Number<int>(kv, "threads", 1, 1, 64);
  auto seed = Number<uint64_t>(kv, "seed", 1, 0, UINT64_MAX);
  auto max_entries = Number<uint64_t>(kv, "max-rr-entries", default_max_entries, 1000, 1ULL << 32);
  auto min_sets = Number<uint64_t>(kv, "min-rr-sets", 0, 0, 1ULL << 32);
  for (const Status& st : {k.status(), epsilon.status(), budget.status(), simulations.status(),
                           threads.status(), seed.status(), max_entries.status(), min_sets.status()}) {
    if (!st.ok()) return Fail(st.error().message());
  }
  const std::string cost = kv.count("cost") ? kv["cost"] : "uniform";
  if (cost != "uniform" && cost != "fans") return Fail("--cost must be uniform or fans");
  if (kv.count("cost") && !kv.count("budget")) return Fail("--cost needs --budget");
  analytics::CampaignOptions options;
  options.k = *k;
  options.epsilon = *epsilon;
  options.simulations = *simulations;
  options.threads = *threads;
  options.seed = *seed;
  options.max_rr_entries = *max_entries;
  options.min_rr_sets = *min_sets;
  if (kv.count("budget")) options.budget = *budget;
  options.cost = cost == "fans" ? analytics::CostModel::kFans : analytics::CostModel::kUniform;

  log::SetLevel(log::Level::kWarn);
  auto start = std::chrono::steady_clock::now();
  auto loaded = Load(kv);
  if (!loaded.ok()) return Fail(loaded.error().message());
  const analytics::SocialGraph& graph = loaded->loaded.graph;
  options.topic = loaded->topic;
  const double load_s = Since(start);

  if (kv.count("evaluate")) {
    std::ifstream in(kv["evaluate"]);
    if (!in) return Fail("cannot read " + kv["evaluate"]);
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
      if (options.evaluate.size() >= 10'000) {
        return Fail(kv["evaluate"] + ": more than 10000 accounts");
      }
      options.evaluate.push_back(static_cast<analytics::Index>(it - graph.account_ids.begin()));
    }
  }

  // The influence baseline ranks by the KOL score (influence.h), as the API does.
  auto influence_start = std::chrono::steady_clock::now();
  analytics::InfluenceOptions influence_options;
  influence_options.topic = options.topic;
  analytics::InfluenceReport influence = analytics::ComputeInfluence(graph, influence_options);
  std::vector<double> scores(graph.size());
  for (size_t i = 0; i < graph.size(); ++i) scores[i] = influence.accounts[i].score;
  const double influence_s = Since(influence_start);

  auto run = analytics::RunCampaign(graph, options, scores);
  if (!run.ok()) return Fail(run.error().message());
  const analytics::CampaignResult& r = *run;
  const std::vector<double> costs =
      options.budget && options.cost == analytics::CostModel::kFans ? analytics::CostsByFans(graph)
                                                                      : std::vector<double>{};

  std::vector<Id> ids;
  for (const auto& s : r.choice.seeds) ids.push_back(graph.account_ids[s.account]);
  for (const auto* b : {&r.top_fans, &r.top_influence}) {
    for (analytics::Index v : b->seeds) ids.push_back(graph.account_ids[v]);
  }
  for (analytics::Index v : options.evaluate) ids.push_back(graph.account_ids[v]);
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
  auto cost_of = [&](analytics::Index v) { return costs.empty() ? 1.0 : costs[v]; };
  auto baseline = [&](const analytics::Baseline& b) {
    json::array seeds;
    for (analytics::Index v : b.seeds) {
      seeds.push_back(json::object{{"account", account(v)}, {"cost", cost_of(v)}});
    }
    return json::object{{"seeds", std::move(seeds)},
                        {"expected_reach", b.reach.mean},
                        {"reach_stderr", b.reach.std_error}};
  };
  json::object out;
  out["k"] = options.k;
  out["topic"] = options.topic ? json::value(graph.topics[*options.topic]) : json::value(nullptr);
  out["epsilon"] = options.epsilon;
  out["budget"] = options.budget ? json::value(*options.budget) : json::value(nullptr);
  out["cost"] = cost;
  json::array seeds;
  for (const auto& s : r.choice.seeds) {
    seeds.push_back(json::object{
        {"account", account(s.account)}, {"marginal_reach", s.marginal_reach}, {"cost", s.cost}});
  }
  out["seeds"] = std::move(seeds);
  out["expected_reach"] = r.reach.mean;
  out["reach_stderr"] = r.reach.std_error;
  out["rr_estimate"] = r.choice.estimated_reach;
  out["simulations"] = r.reach.simulations;
  json::object baselines;
  baselines["top_fans"] = baseline(r.top_fans);
  json::object top_influence = baseline(r.top_influence);
  top_influence["score"] = "kol_influence";
  baselines["top_influence"] = std::move(top_influence);
  if (r.evaluated) baselines["evaluated"] = baseline(*r.evaluated);
  out["baselines"] = std::move(baselines);
  out["algorithm"] = r.choice.algorithm;
  out["approximation"] = r.choice.approximation;
  out["guarantee"] = r.choice.guarantee;
  out["capped"] = r.choice.capped;
  out["rr_sets"] = r.choice.rr_sets;
  out["rr_entries"] = r.choice.rr_entries;
  out["rounds"] = r.choice.rounds;
  out["runtime_ms"] = r.choice.seconds * 1000;
  out["threads"] = options.threads;
  out["seed"] = options.seed;
  out["graph"] = json::object{{"accounts", graph.size()},
                              {"edges", graph.follow_count()},
                              {"counted", r.counted},
                              {"forwards", graph.forwards.size()},
                              {"roots", graph.roots.size()},
                              {"topics", graph.topics.size()}};
  out["model"] = json::object{{"global_rate", r.global_rate},
                              {"observed_edges", r.modelled_edges},
                              {"mean_probability", r.mean_probability}};
  out["load_ms"] = load_s * 1000;
  out["influence_ms"] = influence_s * 1000;
  out["model_ms"] = r.model_seconds * 1000;
  out["simulation_ms"] = r.simulation_seconds * 1000;
  out["peak_memory_mb"] = PeakMb();

  std::ofstream file(kv["json"], std::ios::binary | std::ios::trunc);
  file << json::serialize(out) << "\n";
  file.close();
  if (!file) return Fail("cannot write " + kv["json"]);
  std::printf(
      "graph: %zu accounts, %llu follows, %zu forwards; loaded in %.1f s, model in %.1f s, "
      "influence in %.1f s\n"
      "%s: %zu seeds in %.1f s (%llu RR sets, %d rounds, approximation %.3f%s)\n"
      "expected reach (%d simulations): chosen %.1f ± %.1f, top fans %.1f ± %.1f, "
      "top influence %.1f ± %.1f\npeak memory %.0f MB\n",
      graph.size(), static_cast<unsigned long long>(graph.follow_count()), graph.forwards.size(),
      load_s, r.model_seconds, influence_s, r.choice.algorithm.c_str(), r.choice.seeds.size(),
      r.choice.seconds, static_cast<unsigned long long>(r.choice.rr_sets), r.choice.rounds,
      r.choice.approximation, r.choice.capped ? ", capped" : "", r.reach.simulations, r.reach.mean,
      r.reach.std_error, r.top_fans.reach.mean, r.top_fans.reach.std_error,
      r.top_influence.reach.mean, r.top_influence.reach.std_error, PeakMb());
  if (r.evaluated) {
    std::printf("evaluated set of %zu: %.1f ± %.1f\n", r.evaluated->seeds.size(),
                r.evaluated->reach.mean, r.evaluated->reach.std_error);
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
