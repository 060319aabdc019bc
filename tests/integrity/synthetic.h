// Synthetic graphs and snapshots shared by the integrity tests: a power-law follow graph with
// planted adversaries whose members are known. Deterministic for a given seed.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <set>
#include <utility>
#include <vector>

#include "integrity/snapshot.h"

namespace cw::integrity::testing {

// Draws account indexes with probability ∝ 1 / (rank + 10): a few celebrities, a long tail.
class PopularityDraw {
 public:
  explicit PopularityDraw(size_t n) : cumulative_(n) {
    double sum = 0;
    for (size_t i = 0; i < n; ++i) cumulative_[i] = sum += 1.0 / (static_cast<double>(i) + 10);
  }
  Index operator()(std::mt19937_64& rng) const {
    std::uniform_real_distribution<double> u(0, cumulative_.back());
    return static_cast<Index>(
        std::upper_bound(cumulative_.begin(), cumulative_.end(), u(rng)) - cumulative_.begin());
  }

 private:
  std::vector<double> cumulative_;
};

// Follow pairs of an organic power-law graph: out-degrees heavy-tailed (Pareto, minimum 3, capped
// at `max_out`), followees drawn by popularity, a third of them uniformly.
inline std::vector<std::pair<Index, Index>> OrganicFollows(size_t n, std::mt19937_64& rng,
                                                          size_t max_out = 500) {
  PopularityDraw popular(n);
  std::uniform_int_distribution<Index> uniform(0, static_cast<Index>(n - 1));
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::vector<std::pair<Index, Index>> pairs;
  for (Index a = 0; a < n; ++a) {
    size_t degree = std::min<size_t>(max_out, static_cast<size_t>(3.0 / std::pow(1 - u(rng), 0.8)));
    for (size_t k = 0; k < degree; ++k) {
      Index b = u(rng) < 0.33 ? uniform(rng) : popular(rng);
      if (b != a) pairs.emplace_back(a, b);
    }
  }
  return pairs;
}

// The fraction of `found` that is in `truth` (precision) and of `truth` that is found (recall).
inline std::pair<double, double> PrecisionRecall(const std::vector<Index>& found,
                                                 const std::set<Index>& truth) {
  size_t hit = 0;
  for (Index i : found) hit += truth.count(i);
  double precision = found.empty() ? 0 : static_cast<double>(hit) / found.size();
  double recall = truth.empty() ? 1 : static_cast<double>(hit) / truth.size();
  return {precision, recall};
}

}  // namespace cw::integrity::testing
