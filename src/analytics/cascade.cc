// The design is simple: the tree is resolved once into index arrays (parent, level, subtree
// size, a BFS order), and every figure is one pass over them. Exposure streams the fan lists in
// time order into a hash set, and moves to a HyperLogLog sketch once the lists read exceed the
// exact limit, so memory stays bounded however large the audience.
#include "analytics/cascade.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "analytics/hyperloglog.h"

namespace cw::analytics {

namespace {

// Children of each forward (and of the root, at index n) in compressed rows.
struct Children {
  std::vector<int32_t> start;  // n + 2 offsets
  std::vector<int32_t> list;

  Children(const std::vector<int32_t>& parent) {
    const size_t n = parent.size();
    start.assign(n + 2, 0);
    for (int32_t p : parent) ++start[static_cast<size_t>(p < 0 ? n : static_cast<size_t>(p)) + 1];
    for (size_t i = 1; i < start.size(); ++i) start[i] += start[i - 1];
    list.resize(n);
    std::vector<int32_t> fill(start.begin(), start.end() - 1);
    for (size_t i = 0; i < n; ++i) {
      size_t p = parent[i] < 0 ? n : static_cast<size_t>(parent[i]);
      list[static_cast<size_t>(fill[p]++)] = static_cast<int32_t>(i);
    }
  }
  const int32_t* begin(size_t node) const { return list.data() + start[node]; }
  const int32_t* end(size_t node) const { return list.data() + start[node + 1]; }
};

}  // namespace

CascadeTree BuildCascadeTree(const Cascade& cascade) {
  const auto& forwards = cascade.forwards;
  const size_t n = forwards.size();
  CascadeTree tree;
  tree.parent.assign(n, -1);
  tree.level.assign(n, 0);
  tree.subtree.assign(n, 0);
  tree.order.reserve(n);
  std::unordered_map<Id, int32_t> index;
  index.reserve(n);
  for (size_t i = 0; i < n; ++i) index.emplace(forwards[i].id, static_cast<int32_t>(i));
  for (size_t i = 0; i < n; ++i) {
    auto it = index.find(forwards[i].parent_id);
    if (it != index.end() && static_cast<size_t>(it->second) != i) tree.parent[i] = it->second;
  }
  Children children(tree.parent);
  std::vector<bool> seen(n, false);
  // BFS from the root; then from any forward left unreached (only a cycle of parents, which
  // real data cannot hold, leaves one), hung from the root.
  auto bfs_from = [&](size_t head) {
    for (; head < tree.order.size(); ++head) {
      const auto node = static_cast<size_t>(tree.order[head]);
      for (const int32_t* c = children.begin(node); c != children.end(node); ++c) {
        const auto child = static_cast<size_t>(*c);
        if (seen[child]) continue;
        seen[child] = true;
        tree.level[child] = tree.level[node] + 1;
        tree.order.push_back(*c);
      }
    }
  };
  for (const int32_t* c = children.begin(n); c != children.end(n); ++c) {
    seen[static_cast<size_t>(*c)] = true;
    tree.level[static_cast<size_t>(*c)] = 1;
    tree.order.push_back(*c);
  }
  bfs_from(0);
  for (size_t i = 0; i < n; ++i) {
    if (seen[i]) continue;
    const size_t head = tree.order.size();
    seen[i] = true;
    tree.parent[i] = -1;
    tree.level[i] = 1;
    tree.order.push_back(static_cast<int32_t>(i));
    bfs_from(head);
  }
  // The BFS order puts children after parents, so sizes add up from the back.
  for (auto it = tree.order.rbegin(); it != tree.order.rend(); ++it) {
    const auto node = static_cast<size_t>(*it);
    const int32_t p = tree.parent[node];
    if (p >= 0) tree.subtree[static_cast<size_t>(p)] += tree.subtree[node] + 1;
  }
  return tree;
}

CascadeShape ShapeOf(const CascadeTree& tree) {
  CascadeShape shape;
  shape.size = static_cast<int64_t>(tree.parent.size());
  for (int32_t level : tree.level) shape.depth = std::max(shape.depth, level);
  shape.breadth.assign(static_cast<size_t>(shape.depth), 0);
  for (int32_t level : tree.level) ++shape.breadth[static_cast<size_t>(level - 1)];
  return shape;
}

TimeCurve ForwardCurve(const Cascade& cascade, int64_t interval_s) {
  TimeCurve curve;
  TimeMs last = 0;  // the latest forward, in ms after the root
  for (const auto& f : cascade.forwards) last = std::max(last, f.at - cascade.root_at);
  if (interval_s <= 0) {
    static constexpr std::array<int64_t, 11> kLadder = {
        60, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 12 * 3600, 86400, 7 * 86400, 30 * 86400};
    interval_s = kLadder.back();
    for (int64_t step : kLadder) {
      if (last / (step * 1000) + 1 <= kMaxCurvePoints) {
        interval_s = step;
        break;
      }
    }
  }
  curve.interval_s = interval_s;
  if (cascade.forwards.empty()) return curve;
  const int64_t interval_ms = interval_s * 1000;
  curve.counts.assign(static_cast<size_t>(last / interval_ms + 1), 0);
  for (const auto& f : cascade.forwards) {
    const TimeMs offset = std::max<TimeMs>(0, f.at - cascade.root_at);
    ++curve.counts[static_cast<size_t>(offset / interval_ms)];
  }
  return curve;
}

int64_t RealSize(const Cascade& cascade, const CredibilityCheck& credible) {
  if (!credible) return static_cast<int64_t>(cascade.forwards.size());
  std::unordered_map<Id, bool> known;
  int64_t real = 0;
  for (const auto& f : cascade.forwards) {
    auto [it, fresh] = known.try_emplace(f.author_id, false);
    if (fresh) it->second = credible(f.author_id);
    if (it->second) ++real;
  }
  return real;
}

namespace {

// The union of fan lists: exact until the lists read pass the limit, then a sketch.
class FanUnion {
 public:
  explicit FanUnion(int64_t exact_limit) : exact_limit_(exact_limit) {}

  // Adds the fans and returns how many were new.
  int64_t Add(const std::vector<Id>& fans) {
    read_ += static_cast<int64_t>(fans.size());
    if (exact_ && read_ > exact_limit_) {
      exact_ = false;
      for (Id id : set_) sketch_.Add(id);
      set_ = {};
      estimate_ = sketch_.Estimate();
    }
    if (exact_) {
      const size_t before = set_.size();
      set_.insert(fans.begin(), fans.end());
      return static_cast<int64_t>(set_.size() - before);
    }
    for (Id id : fans) sketch_.Add(id);
    const double before = estimate_;
    estimate_ = sketch_.Estimate();
    return std::max<int64_t>(0, std::llround(estimate_ - before));
  }
  int64_t Size() const {
    return exact_ ? static_cast<int64_t>(set_.size()) : std::llround(estimate_);
  }
  bool exact() const { return exact_; }

 private:
  const int64_t exact_limit_;
  int64_t read_ = 0;
  bool exact_ = true;
  std::unordered_set<Id> set_;
  HyperLogLog sketch_;
  double estimate_ = 0;
};

}  // namespace

CascadeReport AnalyseCascade(const Cascade& cascade, const FanLister& fans,
                             const CredibilityCheck& credible, const CascadeOptions& options) {
  const auto& forwards = cascade.forwards;
  const size_t n = forwards.size();
  CascadeReport report;
  const CascadeTree tree = BuildCascadeTree(cascade);
  report.shape = ShapeOf(tree);
  report.curve = ForwardCurve(cascade, options.curve_interval_s);
  report.real_size = RealSize(cascade, credible);

  // Forwards in time order (ties by id); forwarders numbered by their first forward.
  std::vector<int32_t> by_time(n);
  for (size_t i = 0; i < n; ++i) by_time[i] = static_cast<int32_t>(i);
  std::sort(by_time.begin(), by_time.end(), [&](int32_t a, int32_t b) {
    const auto& fa = forwards[static_cast<size_t>(a)];
    const auto& fb = forwards[static_cast<size_t>(b)];
    return fa.at != fb.at ? fa.at < fb.at : fa.id < fb.id;
  });
  std::unordered_map<Id, int32_t> account_index;
  std::vector<int32_t> author_of(n);  // forward -> forwarder number
  for (int32_t i : by_time) {
    const Id author = forwards[static_cast<size_t>(i)].author_id;
    auto [it, fresh] =
        account_index.try_emplace(author, static_cast<int32_t>(report.spreaders.size()));
    if (fresh) report.spreaders.push_back(Spreader{author, 0, 0, 0});
    author_of[static_cast<size_t>(i)] = it->second;
    ++report.spreaders[static_cast<size_t>(it->second)].forwards;
  }

  // Downstream: a forward adds its subtree to its author unless an ancestor forward has the same
  // author (that subtree is already inside the ancestor's). A DFS keeps the authors on the path.
  {
    Children children(tree.parent);
    std::vector<int32_t> on_path(report.spreaders.size(), 0);
    std::vector<std::pair<int32_t, const int32_t*>> stack;  // node, next child
    auto enter = [&](int32_t node) {
      const auto a = static_cast<size_t>(author_of[static_cast<size_t>(node)]);
      if (on_path[a]++ == 0)
        report.spreaders[a].downstream += tree.subtree[static_cast<size_t>(node)];
      stack.emplace_back(node, children.begin(static_cast<size_t>(node)));
    };
    for (const int32_t* c = children.begin(n); c != children.end(n); ++c) {
      enter(*c);
      while (!stack.empty()) {
        auto& [node, next] = stack.back();
        if (next == children.end(static_cast<size_t>(node))) {
          --on_path[static_cast<size_t>(author_of[static_cast<size_t>(node)])];
          stack.pop_back();
        } else {
          enter(*next++);
        }
      }
    }
  }

  // Exposure: the root's author first, then each forwarder at its first forward.
  FanUnion reached(options.exposure.exact_limit);
  if (fans) {
    reached.Add(fans(cascade.root_author_id));
    for (auto& s : report.spreaders) {
      if (s.account_id != cascade.root_author_id) s.new_exposure = reached.Add(fans(s.account_id));
    }
  }
  report.exposure = reached.Size();
  report.exposure_exact = reached.exact();

  // Stable: among equals, the earlier forwarder first.
  std::stable_sort(report.spreaders.begin(), report.spreaders.end(),
                   [](const Spreader& a, const Spreader& b) {
                     return a.downstream != b.downstream ? a.downstream > b.downstream
                                                         : a.new_exposure > b.new_exposure;
                   });
  return report;
}

}  // namespace cw::analytics
