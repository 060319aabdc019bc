#include "analytics/seeding.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <thread>

namespace cw::analytics {
namespace {

constexpr double kOneMinusInvE = 1.0 - 1.0 / 2.718281828459045;
constexpr double kNoForwardsRate = 1e-3;  // the global rate when the history has no forwards

uint64_t Mix(uint64_t z) {
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

// Counter-based splitmix64: stream `i` of a run depends only on (seed, purpose, i), so the
// result does not depend on how the work is split between threads.
class Rng {
 public:
  Rng(uint64_t seed, uint64_t purpose, uint64_t i)
      : state_(Mix(seed ^ Mix(purpose * 0x9e3779b97f4a7c15ULL + Mix(i)))) {}
  uint64_t Next() { return Mix(state_ += 0x9e3779b97f4a7c15ULL); }
  uint32_t Next32() { return static_cast<uint32_t>(Next() >> 32); }
  uint64_t Below(uint64_t n) { return static_cast<uint64_t>((static_cast<__uint128_t>(Next()) * n) >> 64); }
  double Uniform() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }  // [0, 1)

 private:
  uint64_t state_;
};

uint32_t Threshold(double p) {
  if (!(p > 0)) return 0;
  if (p >= 1) return UINT32_MAX;
  return static_cast<uint32_t>(std::min(p * 4294967296.0, 4294967294.0));
}

bool Hidden(const SocialGraph& g, Index v) { return !g.hidden.empty() && g.hidden[v]; }

// Calls fire(e) for each edge e of [begin, end) that fires, each independently with its
// probability; the list is sorted by threshold, descending. Geometric jumps at the rate of the
// next edge (an upper bound of all after it), then thinning by p(e) / rate: the work grows with
// the edges that fire, not with the list's length (a Big V's 200,000 fans cost a few draws).
template <typename Fire>
void FireSorted(Rng& rng, const uint32_t* threshold, uint64_t begin, uint64_t end, Fire fire) {
  uint64_t i = begin;
  while (i < end) {
    const uint32_t q = threshold[i];
    if (q == 0) return;
    if (q != UINT32_MAX) {
      const double jump = std::floor(std::log1p(-rng.Uniform()) /
                                     std::log1p(-static_cast<double>(q) / 4294967296.0));
      if (!(jump < static_cast<double>(end - i))) return;
      i += static_cast<uint64_t>(jump);
      // Accept with threshold[i] / q.
      if (threshold[i] != q &&
          static_cast<uint64_t>(rng.Next32()) * q >= static_cast<uint64_t>(threshold[i]) << 32) {
        ++i;
        continue;
      }
    }
    fire(i);
    ++i;
  }
}

// Sorts each segment [offset[v], offset[v + 1]) of (index, threshold) by threshold, descending
// (ties by index).
void SortSegments(const std::vector<uint64_t>& offset, std::vector<Index>& index,
                  std::vector<uint32_t>& threshold) {
  std::vector<uint64_t> packed;
  for (size_t v = 0; v + 1 < offset.size(); ++v) {
    const uint64_t b = offset[v], e = offset[v + 1];
    if (e - b < 2) continue;
    bool sorted = true;
    for (uint64_t i = b + 1; i < e && sorted; ++i) sorted = threshold[i - 1] >= threshold[i];
    if (sorted) continue;
    packed.clear();
    for (uint64_t i = b; i < e; ++i) {
      packed.push_back((static_cast<uint64_t>(~threshold[i]) << 32) | index[i]);
    }
    std::sort(packed.begin(), packed.end());
    for (uint64_t i = b; i < e; ++i) {
      index[i] = static_cast<Index>(packed[i - b]);
      threshold[i] = ~static_cast<uint32_t>(packed[i - b] >> 32);
    }
  }
}

// From the out lists (set, sorted by threshold): the in lists and the counted accounts.
void FinishModel(const SocialGraph& g, IcModel& m) {
  const size_t n = g.size();
  m.graph = &g;
  SortSegments(g.fan_offset, m.out_index, m.out_threshold);
  m.in_offset.assign(n + 1, 0);
  for (Index fan : m.out_index) ++m.in_offset[fan + 1];
  for (size_t v = 0; v < n; ++v) m.in_offset[v + 1] += m.in_offset[v];
  m.in_index.resize(m.out_index.size());
  m.in_threshold.resize(m.out_index.size());
  {
    std::vector<uint64_t> next(m.in_offset.begin(), m.in_offset.end() - 1);
    for (Index u = 0; u < n; ++u) {
      for (uint64_t e = g.fan_offset[u]; e < g.fan_offset[u + 1]; ++e) {
        uint64_t at = next[m.out_index[e]]++;
        m.in_index[at] = u;
        m.in_threshold[at] = m.out_threshold[e];
      }
    }
  }
  SortSegments(m.in_offset, m.in_index, m.in_threshold);
  m.counted.assign(n, 0);
  m.counted_list.clear();
  for (Index v = 0; v < n; ++v) {
    if (g.credible[v] && !Hidden(g, v)) {
      m.counted[v] = 1;
      m.counted_list.push_back(v);
    }
  }
  double sum = 0;
  for (uint64_t e = 0; e < m.out_threshold.size(); ++e) sum += m.Probability(e);
  m.mean_probability = m.out_threshold.empty() ? 0 : sum / static_cast<double>(m.out_threshold.size());
}

// Runs fn(begin, end, part) over [0, count) split into `threads` contiguous parts.
template <typename Fn>
void Parallel(uint64_t count, int threads, Fn fn) {
  threads = static_cast<int>(std::max<uint64_t>(1, std::min<uint64_t>(threads, count)));
  if (threads <= 1) {
    fn(0, count, 0);
    return;
  }
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    uint64_t begin = count * t / threads, end = count * (t + 1) / threads;
    pool.emplace_back([=, &fn] { fn(begin, end, t); });
  }
  for (auto& th : pool) th.join();
}

// Reverse-reachable sets: only the eligible accounts of each set are kept (only they can be
// chosen); a set with none is counted in `count` and not stored, and a set with one (most of
// them: the start alone) only adds to that account's `singles`.
struct RrSets {
  uint64_t count = 0;
  std::vector<Index> entries;
  std::vector<uint64_t> offset{0};  // per stored set
  std::vector<uint32_t> singles;    // per account
  uint64_t single_total = 0;
  size_t stored() const { return offset.size() - 1; }
  uint64_t size_entries() const { return entries.size() + single_total; }
};

constexpr uint64_t kPurposeR1 = 1, kPurposeR2 = 2, kPurposeSpread = 3;

// Adds sets number [rr.count, rr.count + more) of the stream `purpose`.
void GenerateRr(const IcModel& m, uint64_t seed, uint64_t purpose, uint64_t more, int threads,
                RrSets& rr) {
  const SocialGraph& g = *m.graph;
  const uint64_t first = rr.count;
  if (rr.singles.size() != g.size()) rr.singles.assign(g.size(), 0);
  std::vector<RrSets> parts(static_cast<size_t>(std::max(1, threads)));
  Parallel(more, threads, [&](uint64_t begin, uint64_t end, int part) {
    RrSets& out = parts[static_cast<size_t>(part)];
    out.singles.assign(g.size(), 0);
    std::vector<uint32_t> stamp(g.size(), 0);
    uint32_t round = 0;
    std::vector<Index> queue;
    for (uint64_t i = begin; i < end; ++i) {
      Rng rng(seed, purpose, first + i);
      if (++round == 0) {
        std::fill(stamp.begin(), stamp.end(), 0);
        round = 1;
      }
      Index w = m.counted_list[rng.Below(m.counted_list.size())];
      queue.clear();
      queue.push_back(w);
      stamp[w] = round;
      const size_t set_begin = out.entries.size();
      for (size_t q = 0; q < queue.size(); ++q) {
        Index x = queue[q];
        if (g.eligible[x]) out.entries.push_back(x);
        FireSorted(rng, m.in_threshold.data(), m.in_offset[x], m.in_offset[x + 1], [&](uint64_t e) {
          Index u = m.in_index[e];
          if (stamp[u] == round || Hidden(g, u)) return;
          stamp[u] = round;
          queue.push_back(u);
        });
      }
      const size_t size = out.entries.size() - set_begin;
      if (size == 1) {
        ++out.singles[out.entries.back()];
        ++out.single_total;
        out.entries.pop_back();
      } else if (size > 1) {
        out.offset.push_back(out.entries.size());
      }
    }
  });
  for (RrSets& p : parts) {
    const uint64_t base = rr.entries.size();
    rr.entries.insert(rr.entries.end(), p.entries.begin(), p.entries.end());
    for (size_t s = 1; s < p.offset.size(); ++s) rr.offset.push_back(base + p.offset[s]);
    if (!p.singles.empty()) {
      for (size_t v = 0; v < g.size(); ++v) rr.singles[v] += p.singles[v];
    }
    rr.single_total += p.single_total;
  }
  rr.count += more;
}

// Sets of `rr` that contain a member of `seeds`, credited to the first member in seed order.
std::vector<uint64_t> CoverageBySeed(const RrSets& rr, const std::vector<Index>& seeds, size_t n) {
  std::vector<uint32_t> rank(n, UINT32_MAX);
  for (size_t i = 0; i < seeds.size(); ++i) rank[seeds[i]] = std::min<uint32_t>(rank[seeds[i]], i);
  std::vector<uint64_t> credit(seeds.size(), 0);
  for (size_t i = 0; i < seeds.size(); ++i) {
    if (rank[seeds[i]] == i && !rr.singles.empty()) credit[i] += rr.singles[seeds[i]];
  }
  for (size_t s = 0; s < rr.stored(); ++s) {
    uint32_t best = UINT32_MAX;
    for (uint64_t e = rr.offset[s]; e < rr.offset[s + 1]; ++e) best = std::min(best, rank[rr.entries[e]]);
    if (best != UINT32_MAX) ++credit[best];
  }
  return credit;
}

struct GreedyResult {
  std::vector<Index> seeds;
  uint64_t coverage = 0;     // of the returned seeds on these sets
  double upper_bound = 0;    // on the optimum's coverage on these sets
};

// Max coverage on `rr` over the candidates (cost < infinity). Without a budget: plain greedy of
// k; with one: the better of the ratio greedy and the best single candidate. The upper bound is
// the smallest over the greedy's steps of coverage(S_i) + the best marginal gains a feasible set
// could add (OPIM-C's tightened bound; submodularity makes it hold for any feasible set).
GreedyResult Greedy(const RrSets& rr, const std::vector<double>& cost, int k,
                    std::optional<double> budget) {
  const size_t n = cost.size();
  std::vector<uint64_t> inv_offset(n + 1, 0);
  for (Index v : rr.entries) ++inv_offset[v + 1];
  for (size_t v = 0; v < n; ++v) inv_offset[v + 1] += inv_offset[v];
  std::vector<uint32_t> inv(rr.entries.size());
  {
    std::vector<uint64_t> next(inv_offset.begin(), inv_offset.end() - 1);
    for (size_t s = 0; s < rr.stored(); ++s) {
      for (uint64_t e = rr.offset[s]; e < rr.offset[s + 1]; ++e) {
        inv[next[rr.entries[e]]++] = static_cast<uint32_t>(s);
      }
    }
  }
  std::vector<int64_t> gain(n, 0);
  std::vector<Index> touched;  // candidates in at least one set
  for (Index v = 0; v < n; ++v) {
    const uint64_t singles = rr.singles.empty() ? 0 : rr.singles[v];
    if (std::isfinite(cost[v]) && inv_offset[v + 1] - inv_offset[v] + singles > 0) {
      gain[v] = static_cast<int64_t>(inv_offset[v + 1] - inv_offset[v] + singles);
      touched.push_back(v);
    }
  }
  std::vector<int64_t> alone(gain);  // each candidate's coverage on its own
  std::vector<uint8_t> covered(rr.stored(), 0), chosen(n, 0);
  GreedyResult out;
  out.upper_bound = static_cast<double>(rr.count);
  double spent = 0;
  std::vector<int64_t> gains;
  std::vector<std::pair<double, Index>> by_ratio;

  auto bound_now = [&]() {
    // Top-k marginal gains among the unchosen candidates.
    gains.clear();
    for (Index v : touched) {
      if (!chosen[v] && gain[v] > 0) gains.push_back(gain[v]);
    }
    const size_t top = std::min<size_t>(static_cast<size_t>(k), gains.size());
    std::nth_element(gains.begin(), gains.begin() + static_cast<ptrdiff_t>(top), gains.end(),
                     std::greater<>());
    double add = 0;
    for (size_t i = 0; i < top; ++i) add += static_cast<double>(gains[i]);
    if (budget) {
      // Fractional knapsack of the marginal gains within the whole budget.
      by_ratio.clear();
      for (Index v : touched) {
        if (!chosen[v] && gain[v] > 0) by_ratio.push_back({static_cast<double>(gain[v]) / cost[v], v});
      }
      std::sort(by_ratio.begin(), by_ratio.end(), std::greater<>());
      double room = *budget, frac = 0;
      for (const auto& [ratio, v] : by_ratio) {
        if (room <= 0) break;
        double take = std::min(1.0, room / cost[v]);
        frac += take * static_cast<double>(gain[v]);
        room -= take * cost[v];
      }
      add = std::min(add, frac);
    }
    out.upper_bound = std::min(out.upper_bound, static_cast<double>(out.coverage) + add);
  };

  // The best single candidate within the budget (the cost-aware rule's other half).
  Index single = kNoIndex;
  if (budget) {
    for (Index v : touched) {
      if (cost[v] <= *budget && (single == kNoIndex || gain[v] > gain[single])) single = v;
    }
  }
  for (int step = 0; step < k; ++step) {
    bound_now();
    Index best = kNoIndex;
    double best_score = 0;
    for (Index v : touched) {
      if (chosen[v] || gain[v] <= 0) continue;
      if (budget && spent + cost[v] > *budget) continue;
      double score = budget ? static_cast<double>(gain[v]) / cost[v] : static_cast<double>(gain[v]);
      if (best == kNoIndex || score > best_score) {
        best = v;
        best_score = score;
      }
    }
    if (best == kNoIndex) break;
    chosen[best] = 1;
    spent += cost[best];
    out.seeds.push_back(best);
    out.coverage += static_cast<uint64_t>(gain[best]);
    for (uint64_t i = inv_offset[best]; i < inv_offset[best + 1]; ++i) {
      uint32_t s = inv[i];
      if (covered[s]) continue;
      covered[s] = 1;
      for (uint64_t e = rr.offset[s]; e < rr.offset[s + 1]; ++e) --gain[rr.entries[e]];
    }
  }
  bound_now();
  if (single != kNoIndex) {
    const auto single_cover = static_cast<uint64_t>(alone[single]);
    if (single_cover > out.coverage) {
      out.seeds = {single};
      out.coverage = single_cover;
    }
  }
  return out;
}

double LogChoose(double n, double k) {
  return std::lgamma(n + 1) - std::lgamma(k + 1) - std::lgamma(n - k + 1);
}

}  // namespace

double IcModel::Probability(uint64_t edge) const {
  uint32_t t = out_threshold[edge];
  return t == UINT32_MAX ? 1.0 : static_cast<double>(t) / 4294967296.0;
}

IcModel LearnForwardModel(const SocialGraph& g, const ForwardModelOptions& o) {
  const size_t n = g.size();
  // Per account: posts its fans saw (originals and forwards made), overall and in the topic.
  std::vector<double> posts(n, 0), topic_posts(n, 0);
  for (Index u = 0; u < n; ++u) posts[u] = g.originals[u];
  auto has_topic = [&](uint32_t root) {
    if (!o.topic) return false;
    const RootPost& r = g.roots[root];
    return std::find(g.root_topics.begin() + r.topic_begin, g.root_topics.begin() + r.topic_end,
                     *o.topic) != g.root_topics.begin() + r.topic_end;
  };
  if (o.topic) {
    for (uint32_t r = 0; r < g.roots.size(); ++r) {
      if (has_topic(r)) ++topic_posts[g.roots[r].author];
    }
  }
  // Forwards along each (author -> fan) pair, aggregated by sorting: (pair key, in topic).
  std::vector<std::pair<uint64_t, bool>> events;
  events.reserve(g.forwards.size());
  for (const ForwardEvent& f : g.forwards) {
    posts[f.forwarder] += 1;
    const bool in_topic = has_topic(f.root);
    if (in_topic) topic_posts[f.forwarder] += 1;
    events.push_back({(static_cast<uint64_t>(f.parent_author) << 32) | f.forwarder, in_topic});
  }
  std::sort(events.begin(), events.end());
  IcModel m;
  // The out lists, each sorted by fan so a pair finds its follow by binary search.
  m.out_index = g.fan_index;
  for (Index u = 0; u < n; ++u) {
    auto b = m.out_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[u]);
    auto e = m.out_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[u + 1]);
    if (!std::is_sorted(b, e)) std::sort(b, e);
  }
  struct Seen {
    uint64_t edge;
    uint32_t all, topic;
  };
  std::vector<Seen> seen;  // follows with forwards, in author order
  std::vector<double> received(n, 0);
  for (size_t i = 0; i < events.size();) {
    size_t j = i;
    uint32_t topic = 0;
    for (; j < events.size() && events[j].first == events[i].first; ++j) topic += events[j].second;
    const auto u = static_cast<Index>(events[i].first >> 32);
    const auto v = static_cast<Index>(events[i].first);
    auto b = m.out_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[u]);
    auto e = m.out_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[u + 1]);
    auto it = std::lower_bound(b, e, v);
    if (it != e && *it == v) {  // else v forwarded u without following it: no follow's evidence
      seen.push_back({static_cast<uint64_t>(it - m.out_index.begin()), static_cast<uint32_t>(j - i), topic});
      received[u] += static_cast<double>(j - i);
    }
    i = j;
  }
  m.observed_edges = seen.size();
  // The global rate per fan per post, then each author's rate and its follows' probabilities.
  double all_received = 0, exposures = 0;
  for (Index u = 0; u < n; ++u) {
    exposures += posts[u] * static_cast<double>(g.fan_offset[u + 1] - g.fan_offset[u]);
    all_received += received[u];
  }
  m.global_rate = all_received > 0 && exposures > 0 ? all_received / exposures : kNoForwardsRate;
  const double a = o.source_prior_forwards, mp = o.edge_prior_posts, mt = o.topic_prior_posts;
  auto probability = [&](Index u, double rate, double all, double topic) {
    double p = (all + mp * rate) / (posts[u] + mp);
    if (o.topic) p = (topic + mt * p) / (topic_posts[u] + mt);
    return p;
  };
  std::vector<double> rate(n);
  m.out_threshold.resize(m.out_index.size());
  for (Index u = 0; u < n; ++u) {
    const uint64_t fans = g.fan_offset[u + 1] - g.fan_offset[u];
    rate[u] = (received[u] + a) / (posts[u] * static_cast<double>(fans) + a / m.global_rate);
    const uint32_t unseen = Threshold(probability(u, rate[u], 0, 0));
    std::fill(m.out_threshold.begin() + static_cast<ptrdiff_t>(g.fan_offset[u]),
              m.out_threshold.begin() + static_cast<ptrdiff_t>(g.fan_offset[u + 1]), unseen);
  }
  for (const Seen& x : seen) {
    const auto u = static_cast<Index>(std::upper_bound(g.fan_offset.begin(), g.fan_offset.end(), x.edge) -
                                      g.fan_offset.begin() - 1);
    m.out_threshold[x.edge] = Threshold(probability(u, rate[u], x.all, x.topic));
  }
  FinishModel(g, m);
  return m;
}

IcModel ModelWithProbabilities(const SocialGraph& g, const std::vector<double>& p) {
  IcModel m;
  m.out_index = g.fan_index;
  m.out_threshold.resize(g.fan_index.size());
  for (size_t e = 0; e < m.out_threshold.size(); ++e) m.out_threshold[e] = Threshold(p[e]);
  FinishModel(g, m);
  return m;
}

Result<SeedingResult> ChooseSeeds(const IcModel& m, const SeedingOptions& o) {
  auto start = std::chrono::steady_clock::now();
  const SocialGraph& g = *m.graph;
  const size_t n = g.size();
  if (o.k < 1 || o.k > 10'000) return InvalidArgument("k must be 1 to 10000");
  if (!(o.epsilon > 0 && o.epsilon < 1)) return InvalidArgument("epsilon must be in (0, 1)");
  if (o.delta < 0 || o.delta >= 1) return InvalidArgument("delta must be in [0, 1)");
  if (o.threads < 1 || o.threads > 64) return InvalidArgument("threads must be 1 to 64");
  if (!o.costs.empty() && o.costs.size() != n) return InvalidArgument("one cost per account");
  if (o.budget && !(*o.budget > 0)) return InvalidArgument("the budget must be positive");
  SeedingResult out;
  out.algorithm = o.budget ? "OPIM-C, cost-aware greedy" : "OPIM-C";
  // Candidates: eligible accounts within the budget (cost infinity marks the others).
  std::vector<double> cost(n, HUGE_VAL);
  std::vector<double> candidate_costs;
  for (Index v = 0; v < n; ++v) {
    if (!g.eligible[v] || !m.counted[v]) continue;
    const double c = o.costs.empty() ? 1.0 : o.costs[v];
    if (!(c > 0)) return InvalidArgument("costs must be positive");
    if (o.budget && c > *o.budget) continue;
    cost[v] = c;
    candidate_costs.push_back(c);
  }
  const double ratio = o.budget ? kOneMinusInvE / 2 : kOneMinusInvE;
  out.guarantee = std::max(0.0, ratio - o.epsilon);
  if (candidate_costs.empty() || m.counted_list.empty()) {
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  }
  // The most seeds a feasible set can hold: also a lower bound on the optimum (each seed counts).
  size_t k_max = std::min<size_t>(static_cast<size_t>(o.k), candidate_costs.size());
  if (o.budget) {
    std::sort(candidate_costs.begin(), candidate_costs.end());
    double sum = 0;
    size_t fit = 0;
    while (fit < candidate_costs.size() && sum + candidate_costs[fit] <= *o.budget) sum += candidate_costs[fit++];
    k_max = std::min(k_max, fit);
  }
  const double nc = static_cast<double>(m.counted_list.size());
  const double kk = static_cast<double>(k_max);
  const double delta = o.delta > 0 ? o.delta : 1.0 / nc;
  const double e2 = o.epsilon * o.epsilon;
  const double log6 = std::log(6.0 / delta);
  const double root = ratio * std::sqrt(log6) +
                      std::sqrt(ratio * (LogChoose(static_cast<double>(candidate_costs.size()), kk) + log6));
  const double theta_max = 2.0 * nc * root * root / (e2 * kk);
  const double theta_0 = std::max(1.0, theta_max * e2 * kk / nc);
  const int i_max = std::max(1, static_cast<int>(std::ceil(std::log2(theta_max / theta_0))));
  const double a = std::log(3.0 * i_max / delta);

  RrSets r1, r2;
  uint64_t batch = static_cast<uint64_t>(std::ceil(theta_0));
  GreedyResult best;
  uint64_t covered2 = 0;
  for (int i = 1;; ++i) {
    GenerateRr(m, o.seed, kPurposeR1, batch, o.threads, r1);
    GenerateRr(m, o.seed, kPurposeR2, batch, o.threads, r2);
    out.rounds = i;
    best = Greedy(r1, cost, static_cast<int>(k_max), o.budget);
    auto credit = CoverageBySeed(r2, best.seeds, n);
    covered2 = std::accumulate(credit.begin(), credit.end(), uint64_t{0});
    const double t1 = static_cast<double>(r1.count), t2 = static_cast<double>(r2.count);
    const double low_root = std::sqrt(static_cast<double>(covered2) + 2 * a / 9) - std::sqrt(a / 2);
    const double lower = std::max(0.0, (low_root * low_root - a / 18) * nc / t2);
    const double up_root = std::sqrt(best.upper_bound + a / 2) + std::sqrt(a / 2);
    const double upper = up_root * up_root * nc / t1;
    out.approximation = upper > 0 ? std::min(1.0, lower / upper) : 0;
    out.estimated_reach = static_cast<double>(covered2) * nc / t2;
    out.seeds.clear();
    for (size_t s = 0; s < best.seeds.size(); ++s) {
      out.seeds.push_back({best.seeds[s], static_cast<double>(credit[s]) * nc / t2, cost[best.seeds[s]]});
    }
    if (out.approximation >= out.guarantee || i >= i_max) break;
    // The next round doubles both halves; stop first if that would pass the memory bound.
    const double kept = static_cast<double>(r1.entries.size() + r2.entries.size());
    if (kept + kept / (t1 + t2) * 2 * static_cast<double>(r1.count) > static_cast<double>(o.max_rr_entries)) {
      out.capped = true;
      break;
    }
    batch = r1.count;
  }
  out.rr_sets = r1.count + r2.count;
  out.rr_entries = r1.size_entries() + r2.size_entries();
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

SpreadEstimate EstimateSpread(const IcModel& m, const std::vector<Index>& seeds, int simulations,
                              uint64_t seed, int threads) {
  const SocialGraph& g = *m.graph;
  SpreadEstimate out;
  out.simulations = std::max(0, simulations);
  if (out.simulations == 0) return out;
  std::vector<double> reached(static_cast<size_t>(out.simulations), 0);
  Parallel(static_cast<uint64_t>(out.simulations), std::max(1, threads),
           [&](uint64_t begin, uint64_t end, int) {
    std::vector<uint32_t> stamp(g.size(), 0);
    std::vector<Index> queue;
    uint32_t round = 0;
    for (uint64_t r = begin; r < end; ++r) {
      Rng rng(seed, kPurposeSpread, r);
      ++round;
      queue.clear();
      for (Index s : seeds) {
        if (s < g.size() && stamp[s] != round) {
          stamp[s] = round;
          queue.push_back(s);
        }
      }
      uint64_t count = 0;
      for (size_t q = 0; q < queue.size(); ++q) {
        Index x = queue[q];
        count += m.counted[x];
        if (Hidden(g, x)) continue;
        FireSorted(rng, m.out_threshold.data(), g.fan_offset[x], g.fan_offset[x + 1], [&](uint64_t e) {
          Index v = m.out_index[e];
          if (stamp[v] == round || Hidden(g, v)) return;
          stamp[v] = round;
          queue.push_back(v);
        });
      }
      reached[r] = static_cast<double>(count);
    }
  });
  double sum = 0, sq = 0;
  for (double x : reached) sum += x;
  out.mean = sum / out.simulations;
  for (double x : reached) sq += (x - out.mean) * (x - out.mean);
  if (out.simulations > 1) {
    out.std_error = std::sqrt(sq / (out.simulations - 1) / out.simulations);
  }
  return out;
}

std::vector<Index> TopByScore(const SocialGraph& g, const std::vector<double>& scores, int k,
                              std::optional<double> budget, const std::vector<double>& costs) {
  std::vector<Index> order;
  for (Index v = 0; v < g.size() && v < scores.size(); ++v) {
    if (g.eligible[v]) order.push_back(v);
  }
  std::stable_sort(order.begin(), order.end(), [&](Index a, Index b) { return scores[a] > scores[b]; });
  std::vector<Index> out;
  double spent = 0;
  for (Index v : order) {
    if (static_cast<int>(out.size()) >= k) break;
    const double c = costs.empty() ? 1.0 : costs[v];
    if (budget && spent + c > *budget) continue;
    spent += c;
    out.push_back(v);
  }
  return out;
}

std::vector<double> FanScores(const SocialGraph& g) {
  return std::vector<double>(g.fans.begin(), g.fans.end());
}

std::vector<double> ForwardsReceived(const SocialGraph& g) {
  std::vector<double> out(g.size(), 0);
  for (const ForwardEvent& f : g.forwards) out[f.parent_author] += 1;
  return out;
}

std::vector<double> CostsByFans(const SocialGraph& g) {
  std::vector<double> out(g.size(), 1);
  for (Index v = 0; v < g.size(); ++v) out[v] = 1.0 + static_cast<double>(g.fans[v]) / 1000.0;
  return out;
}

}  // namespace cw::analytics
