#include "analytics/influence.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cw::analytics {
namespace {

bool Credible(const SocialGraph& g, Index i) { return i < g.credible.size() && g.credible[i]; }

bool CarriesTopic(const SocialGraph& g, const RootPost& root, uint32_t topic) {
  const uint32_t end =
      std::min<uint32_t>(root.topic_end, static_cast<uint32_t>(g.root_topics.size()));
  for (uint32_t k = root.topic_begin; k < end; ++k) {
    if (g.root_topics[k] == topic) return true;
  }
  return false;
}

// NaN ranks below everything (a sort needs a strict weak order).
std::vector<double> WithoutNaN(const std::vector<double>& v) {
  std::vector<double> out(v);
  for (double& x : out) {
    if (std::isnan(x)) x = -std::numeric_limits<double>::infinity();
  }
  return out;
}

// Indexes of `scores`, best first; ties by index.
std::vector<size_t> Order(const std::vector<double>& raw) {
  const std::vector<double> scores = WithoutNaN(raw);
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t x, size_t y) { return scores[x] > scores[y]; });
  return order;
}

// Pairs of each run of equal values in sorted order: Σ t (t − 1) / 2.
template <typename Equal>
double TiedPairs(size_t n, Equal equal) {
  double pairs = 0;
  size_t run = 1;
  for (size_t i = 1; i <= n; ++i) {
    if (i < n && equal(i - 1, i)) {
      ++run;
    } else {
      pairs += static_cast<double>(run) * static_cast<double>(run - 1) / 2.0;
      run = 1;
    }
  }
  return pairs;
}

// Sorts `v` ascending and returns the number of inversions (pairs i < j with v[i] > v[j]).
double SortCountingInversions(std::vector<double>& v) {
  std::vector<double> buffer(v.size());
  double inversions = 0;
  for (size_t width = 1; width < v.size(); width *= 2) {
    for (size_t lo = 0; lo < v.size(); lo += 2 * width) {
      const size_t mid = std::min(lo + width, v.size());
      const size_t hi = std::min(lo + 2 * width, v.size());
      size_t i = lo, j = mid, k = lo;
      while (i < mid && j < hi) {
        if (v[i] <= v[j]) {
          buffer[k++] = v[i++];
        } else {
          inversions += static_cast<double>(mid - i);
          buffer[k++] = v[j++];
        }
      }
      while (i < mid) buffer[k++] = v[i++];
      while (j < hi) buffer[k++] = v[j++];
    }
    v.swap(buffer);
  }
  return inversions;
}

}  // namespace

std::optional<uint32_t> FindTopicTerm(const SocialGraph& graph, const std::string& term) {
  auto it = std::lower_bound(graph.topics.begin(), graph.topics.end(), term);
  if (it == graph.topics.end() || *it != term) return std::nullopt;
  return static_cast<uint32_t>(it - graph.topics.begin());
}

InfluenceReport ComputeInfluence(const SocialGraph& g, const InfluenceOptions& options) {
  const size_t n = g.size();
  InfluenceReport report;
  report.accounts.resize(n);
  if (n == 0) return report;
  auto& acc = report.accounts;

  // Which roots count, and the posts per author.
  std::vector<uint8_t> root_counts(g.roots.size(), 1);
  if (options.topic) {
    for (size_t r = 0; r < g.roots.size(); ++r) {
      root_counts[r] = CarriesTopic(g, g.roots[r], *options.topic) ? 1 : 0;
      if (root_counts[r] && g.roots[r].author < n) ++acc[g.roots[r].author].posts;
    }
  } else {
    for (size_t i = 0; i < n; ++i) acc[i].posts = i < g.originals.size() ? g.originals[i] : 0;
  }

  // The votes: (forwarder, forwarded) of credible forwards, then counted per pair.
  std::vector<std::pair<Index, Index>> votes;
  for (const ForwardEvent& e : g.forwards) {
    if (e.root >= g.roots.size() || !root_counts[e.root] || e.forwarder >= n) continue;
    const bool credible = Credible(g, e.forwarder);
    const Index author = g.roots[e.root].author;
    if (author < n && author != e.forwarder) {
      ++acc[author].raw_reach;
      if (credible) ++acc[author].reach;
    }
    const Index to = e.parent_author;
    if (to >= n || to == e.forwarder) continue;
    ++acc[to].raw_forwards;
    if (!credible) continue;
    ++acc[to].forwards;
    votes.emplace_back(e.forwarder, to);
  }
  report.votes = static_cast<int64_t>(votes.size());
  std::sort(votes.begin(), votes.end());

  // CSR by forwarder: the accounts it voted for, with the votes, and its total.
  std::vector<uint64_t> offset(n + 1, 0);
  std::vector<Index> target;
  std::vector<double> weight;
  std::vector<double> total(n, 0);
  for (size_t i = 0; i < votes.size();) {
    size_t j = i;
    while (j < votes.size() && votes[j] == votes[i]) ++j;
    const auto [from, to] = votes[i];
    target.push_back(to);
    weight.push_back(static_cast<double>(j - i));
    ++offset[from + 1];
    total[from] += static_cast<double>(j - i);
    ++acc[to].forwarded_by;
    i = j;
  }
  for (size_t v = 0; v < n; ++v) offset[v + 1] += offset[v];

  // The teleport vector: credible accounts, else everyone.
  std::vector<double> teleport(n, 0);
  size_t credible_count = 0;
  for (size_t i = 0; i < n; ++i) credible_count += Credible(g, static_cast<Index>(i)) ? 1 : 0;
  for (size_t i = 0; i < n; ++i) {
    if (credible_count == 0) {
      teleport[i] = 1.0 / static_cast<double>(n);
    } else if (Credible(g, static_cast<Index>(i))) {
      teleport[i] = 1.0 / static_cast<double>(credible_count);
    }
  }

  const double d = std::clamp(options.damping, 0.0, 1.0);
  std::vector<double> score = teleport, next(n);
  for (int it = 0; it < options.max_iterations; ++it) {
    double dangling = 0;
    for (size_t v = 0; v < n; ++v) {
      if (total[v] == 0) dangling += score[v];
    }
    const double base = (1.0 - d) + d * dangling;
    for (size_t u = 0; u < n; ++u) next[u] = base * teleport[u];
    for (size_t v = 0; v < n; ++v) {
      if (total[v] == 0) continue;
      const double share = d * score[v] / total[v];
      for (uint64_t k = offset[v]; k < offset[v + 1]; ++k) next[target[k]] += share * weight[k];
    }
    double change = 0;
    for (size_t u = 0; u < n; ++u) change += std::fabs(next[u] - score[u]);
    score.swap(next);
    report.iterations = it + 1;
    if (change < options.tolerance) {
      report.converged = true;
      break;
    }
  }
  for (size_t u = 0; u < n; ++u) acc[u].score = score[u];

  report.ranking.resize(n);
  std::iota(report.ranking.begin(), report.ranking.end(), Index{0});
  std::sort(report.ranking.begin(), report.ranking.end(), [&](Index x, Index y) {
    const auto& a = acc[x];
    const auto& b = acc[y];
    if (a.score != b.score) return a.score > b.score;
    if (a.forwarded_by != b.forwarded_by) return a.forwarded_by > b.forwarded_by;
    if (a.reach != b.reach) return a.reach > b.reach;
    return x < y;
  });
  for (size_t r = 0; r < n; ++r) acc[report.ranking[r]].rank = static_cast<int64_t>(r + 1);
  return report;
}

double KendallTauB(const std::vector<double>& raw_a, const std::vector<double>& raw_b) {
  const size_t n = raw_a.size();
  if (n < 2 || raw_b.size() != n) return 0;
  const std::vector<double> a = WithoutNaN(raw_a), b = WithoutNaN(raw_b);
  std::vector<size_t> idx(n);
  std::iota(idx.begin(), idx.end(), size_t{0});
  std::sort(idx.begin(), idx.end(), [&](size_t x, size_t y) {
    if (a[x] != a[y]) return a[x] < a[y];
    return b[x] < b[y];
  });
  const double n0 = static_cast<double>(n) * static_cast<double>(n - 1) / 2.0;
  const double n1 = TiedPairs(n, [&](size_t i, size_t j) { return a[idx[i]] == a[idx[j]]; });
  const double n3 = TiedPairs(
      n, [&](size_t i, size_t j) { return a[idx[i]] == a[idx[j]] && b[idx[i]] == b[idx[j]]; });
  std::vector<double> ys(n);
  for (size_t i = 0; i < n; ++i) ys[i] = b[idx[i]];
  const double swaps = SortCountingInversions(ys);
  const double n2 = TiedPairs(n, [&](size_t i, size_t j) { return ys[i] == ys[j]; });
  const double denominator = std::sqrt((n0 - n1) * (n0 - n2));
  if (!(denominator > 0)) return 0;
  const double tau = (n0 - n1 - n2 + n3 - 2.0 * swaps) / denominator;
  return std::clamp(tau, -1.0, 1.0);
}

double TopKOverlap(const std::vector<double>& a, const std::vector<double>& b, size_t k) {
  const size_t n = a.size();
  if (b.size() != n) return 0;
  k = std::min(k, n);
  if (k == 0) return 0;
  const std::vector<size_t> by_a = Order(a), by_b = Order(b);
  std::vector<uint8_t> in_a(a.size(), 0);
  for (size_t i = 0; i < k; ++i) in_a[by_a[i]] = 1;
  size_t shared = 0;
  for (size_t i = 0; i < k; ++i) shared += in_a[by_b[i]];
  return static_cast<double>(shared) / static_cast<double>(k);
}

}  // namespace cw::analytics
