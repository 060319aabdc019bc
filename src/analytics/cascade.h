// The cascade of a post: the tree of its forwards and the figures a brand asks of it (size,
// depth, breadth per level, the time curve, exposure, key spreaders, the real size). Pure
// functions over plain data: the fan lists and the credibility of accounts come in as callbacks,
// so the store stays outside. Thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "common/clock.h"
#include "common/id.h"

namespace cw::analytics {

struct CascadeForward {
  Id id = 0;
  Id author_id = 0;
  Id parent_id = 0;  // the post forwarded: the root or another forward
  TimeMs at = 0;
};

// The root post and its forwards, in any order. A forward whose parent is not in the cascade
// (a deleted forward) hangs from the root.
struct Cascade {
  Id root_id = 0;
  Id root_author_id = 0;
  TimeMs root_at = 0;
  std::vector<CascadeForward> forwards;
};

// The resolved tree. Forwards are numbered by their index in Cascade::forwards; -1 is the root.
struct CascadeTree {
  std::vector<int32_t> parent;   // per forward: its parent's index, or -1 (the root)
  std::vector<int32_t> level;    // per forward: 1 for the root's direct forwards, ...
  std::vector<int64_t> subtree;  // per forward: the forwards below it (itself not counted)
  std::vector<int32_t> order;    // the forwards, parents before children (BFS from the root)
};

CascadeTree BuildCascadeTree(const Cascade& cascade);

struct CascadeShape {
  int64_t size = 0;   // forwards in the tree
  int32_t depth = 0;  // the longest path in forwards: the root is at 0, its direct forwards at 1
  std::vector<int64_t> breadth;  // forwards per level, from level 1
};

CascadeShape ShapeOf(const CascadeTree& tree);

struct TimeCurve {
  int64_t interval_s = 0;
  std::vector<int64_t> counts;  // forwards in [i, i + 1) intervals after the root was posted
};

// `interval_s` 0: the smallest of 1 min, 5 min, 10 min, 30 min, 1 h, 3 h, 6 h, 12 h, 1 day,
// 1 week, 30 days that cuts the span into at most kMaxCurvePoints intervals (else 30 days).
// Forwards stamped before the root count in the first interval.
inline constexpr int64_t kMaxCurvePoints = 100;
TimeCurve ForwardCurve(const Cascade& cascade, int64_t interval_s = 0);

// Every fan of an account (may hold duplicates; they are counted once).
using FanLister = std::function<std::vector<Id>(Id account)>;
// Whether an account is credible (real).
using CredibilityCheck = std::function<bool(Id account)>;

// Forwards made by credible accounts.
int64_t RealSize(const Cascade& cascade, const CredibilityCheck& credible);

struct Spreader {
  Id account_id = 0;
  // The forwards below this account's forwards (each counted once, even when the account
  // forwarded again inside its own subtree).
  int64_t downstream = 0;
  // Fans of this account that had not yet been reached (by the root's author or an earlier
  // forwarder) when it first forwarded. Exact while the exposure is exact; afterwards the
  // growth of the estimate, clamped at zero.
  int64_t new_exposure = 0;
  int64_t forwards = 0;  // forwards this account made in the cascade
};

struct ExposureOptions {
  // Exact (a hash set) while the fan lists read so far hold at most this many ids in all;
  // beyond it the union goes on as a HyperLogLog estimate.
  int64_t exact_limit = 2'000'000;
};

struct CascadeReport {
  CascadeShape shape;
  TimeCurve curve;
  int64_t exposure = 0;  // distinct fans of the root's author and of every forwarder
  bool exposure_exact = true;
  int64_t real_size = 0;
  // Every forwarder, by downstream forwards, then new exposure, then first forward.
  std::vector<Spreader> spreaders;
};

struct CascadeOptions {
  ExposureOptions exposure;
  int64_t curve_interval_s = 0;  // 0: chosen from the span
};

// Reads each account's fans once (the root's author first, then the forwarders in time order).
// `credible` may be empty: every account counts as real.
CascadeReport AnalyseCascade(const Cascade& cascade, const FanLister& fans,
                             const CredibilityCheck& credible, const CascadeOptions& options = {});

}  // namespace cw::analytics
