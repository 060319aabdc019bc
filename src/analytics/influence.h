// KOL influence on the forward graph: who gets forwarded, how far and by whom, not how many fans
// an account has (Kwak, Lee, Park, Moon, "What is Twitter, a Social Network or a News Media?",
// WWW 2010, found the two rankings disagree). Pure functions over a SocialGraph (graph.h);
// thread-safe (no shared state).
//
// The score (docs/analytics.md, "KOL influence"): a weighted PageRank on the forwarded-from graph.
// Every forward by v of a post whose parent author is u (u ≠ v) is one vote of v for u, worth 1
// if v is credible and 0 otherwise (bought forwards buy no influence). Each forwarder splits its
// standing over the accounts it forwarded in proportion to its votes:
//   score(u) = (1 − d) · t(u) + d · Σ_v score(v) · w(v→u) / W(v)  +  d · t(u) · Σ_{W(v)=0} score(v)
// with d the damping (0.85), w(v→u) v's votes for u, W(v) all of v's votes, and t the teleport
// vector: uniform over credible accounts (uniform over all when none is credible). Scores sum to
// 1. Being forwarded by accounts that are themselves forwarded counts more: that is "how far".
//
// Per topic: only forwards in cascades whose root carries the topic vote, and reach, forwards and
// posts count those cascades only.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analytics/graph.h"

namespace cw::analytics {

struct InfluenceOptions {
  double damping = 0.85;
  int max_iterations = 100;
  double tolerance = 1e-10;  // stop when the L1 change of the scores falls below this
  // A topic's index into SocialGraph::topics: only its cascades count. Empty: every cascade.
  std::optional<uint32_t> topic;
};

struct AccountInfluence {
  double score = 0;          // the PageRank above
  int64_t rank = 0;          // 1 = most influential
  int64_t forwarded_by = 0;  // distinct credible accounts that forwarded this account
  int64_t forwards = 0;      // forwards of this account's posts by credible accounts
  int64_t raw_forwards = 0;  // the same counting every forwarder
  int64_t reach = 0;         // credible forwards in the cascades of this account's originals
  int64_t raw_reach = 0;     // every forward in those cascades
  int64_t posts = 0;         // originals (in the topic: its roots carrying the topic)
};

struct InfluenceReport {
  std::vector<AccountInfluence> accounts;  // by Index
  // Every account, most influential first: score, then forwarded_by, then reach, then index.
  std::vector<Index> ranking;
  int iterations = 0;
  bool converged = false;
  int64_t votes = 0;  // forwards that voted (credible, not self-forwards, in the topic)
};

InfluenceReport ComputeInfluence(const SocialGraph& graph, const InfluenceOptions& options = {});

// The index of a normalised topic term in graph.topics (sorted), or nothing; store_graph.h's
// FindTopic takes a name as a member types it.
std::optional<uint32_t> FindTopicTerm(const SocialGraph& graph, const std::string& term);

// Kendall's tau-b between two scorings of the same items (a[i] and b[i] score item i; higher or
// lower is better in both alike), ties handled as tau-b does; O(n log n) (Knight's algorithm).
// 0 when fewer than 2 items or when either side is all ties; sizes must match (else 0). NaN
// counts as the lowest score, here and in TopKOverlap.
double KendallTauB(const std::vector<double>& a, const std::vector<double>& b);

// The share of the top k by `a` that is also in the top k by `b` (both higher-is-better; ties at
// the cut go to the lower index). k is clamped to the item count; 0 items or sizes that differ
// give 0.
double TopKOverlap(const std::vector<double>& a, const std::vector<double>& b, size_t k);

}  // namespace cw::analytics
