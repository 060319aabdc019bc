// The design is simple: rows (followers) and columns (followees) are nodes 0..n-1 and n..2n-1 of
// one bipartite graph. Every node's priority is the weight of its live edges; an indexed binary
// min-heap pops the node of least priority, its neighbours' priorities drop, and the density
// after each removal is tracked. The best prefix of the removal order decides the block. Memory is
// a few flat arrays per node; no per-node allocation, so 1M accounts / 30M follows fit easily.
#include "integrity/fraudar.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <iterator>
#include <unordered_map>

namespace cw::integrity {
namespace {

// A binary min-heap over node ids keyed by a priority array it does not own, with the position
// of every node so a priority can drop in O(log n).
class IndexedMinHeap {
 public:
  IndexedMinHeap(const std::vector<double>* keys, size_t nodes)
      : keys_(keys), pos_(nodes, kNone) {}

  bool Empty() const { return heap_.empty(); }

  // Pushes every node of `nodes` and heapifies in O(n).
  void Build(std::vector<Index> nodes) {
    heap_ = std::move(nodes);
    for (size_t i = 0; i < heap_.size(); ++i) pos_[heap_[i]] = static_cast<Index>(i);
    for (size_t i = heap_.size() / 2; i-- > 0;) SiftDown(i);
  }

  Index PopMin() {
    Index top = heap_.front();
    Move(heap_.back(), 0);
    heap_.pop_back();
    pos_[top] = kNone;
    if (!heap_.empty()) SiftDown(0);
    return top;
  }

  // Call after keys[node] went down.
  void Decreased(Index node) {
    if (pos_[node] != kNone) SiftUp(pos_[node]);
  }

 private:
  bool Less(Index a, Index b) const {
    double ka = (*keys_)[a];
    double kb = (*keys_)[b];
    return ka < kb || (ka == kb && a < b);
  }
  void Move(Index node, size_t i) {
    heap_[i] = node;
    pos_[node] = static_cast<Index>(i);
  }
  void SiftUp(size_t i) {
    Index node = heap_[i];
    while (i > 0) {
      size_t parent = (i - 1) / 2;
      if (!Less(node, heap_[parent])) break;
      Move(heap_[parent], i);
      i = parent;
    }
    Move(node, i);
  }
  void SiftDown(size_t i) {
    Index node = heap_[i];
    size_t n = heap_.size();
    while (true) {
      size_t child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && Less(heap_[child + 1], heap_[child])) ++child;
      if (!Less(heap_[child], node)) break;
      Move(heap_[child], i);
      i = child;
    }
    Move(node, i);
  }

  const std::vector<double>* keys_;
  std::vector<Index> heap_;
  std::vector<Index> pos_;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::span<const Index> RowOrEmpty(const Csr& csr, size_t r) {
  if (r >= csr.Rows()) return {};
  return csr.Row(r);
}

// The transpose of `csr` with `cols` rows; each output row ends sorted.
Csr Transpose(const Csr& csr, size_t cols) {
  Csr out;
  out.offsets.assign(cols + 1, 0);
  for (Index t : csr.targets) ++out.offsets[t + 1];
  for (size_t c = 0; c < cols; ++c) out.offsets[c + 1] += out.offsets[c];
  out.targets.resize(csr.targets.size());
  std::vector<uint64_t> next(out.offsets.begin(), out.offsets.end() - 1);
  for (size_t r = 0; r < csr.Rows(); ++r) {
    for (Index t : csr.Row(r)) out.targets[next[t]++] = static_cast<Index>(r);
  }
  return out;
}

// `by_row` without the edges from block.rows to block.cols.
Csr WithoutBlock(const Csr& by_row, const FraudarBlock& block, size_t num_accounts) {
  std::vector<uint8_t> in_rows(num_accounts, 0);
  std::vector<uint8_t> in_cols(num_accounts, 0);
  for (Index r : block.rows) in_rows[r] = 1;
  for (Index c : block.cols) in_cols[c] = 1;
  Csr out;
  out.offsets.assign(by_row.Rows() + 1, 0);
  out.targets.reserve(by_row.Edges() - block.edges);
  for (size_t r = 0; r < by_row.Rows(); ++r) {
    for (Index c : by_row.Row(r)) {
      if (!(in_rows[r] && in_cols[c])) out.targets.push_back(c);
    }
    out.offsets[r + 1] = out.targets.size();
  }
  return out;
}

// A block holding the rows and columns of both.
FraudarBlock Union(const FraudarBlock& a, const FraudarBlock& b) {
  FraudarBlock u;
  std::set_union(a.rows.begin(), a.rows.end(), b.rows.begin(), b.rows.end(),
                 std::back_inserter(u.rows));
  std::set_union(a.cols.begin(), a.cols.end(), b.cols.begin(), b.cols.end(),
                 std::back_inserter(u.cols));
  return u;
}

uint64_t CountBlockEdges(const Csr& by_row, const FraudarBlock& block, size_t num_accounts) {
  std::vector<uint8_t> in_cols(num_accounts, 0);
  for (Index c : block.cols) in_cols[c] = 1;
  uint64_t edges = 0;
  for (Index r : block.rows) {
    for (Index c : RowOrEmpty(by_row, r)) edges += in_cols[c];
  }
  return edges;
}

}  // namespace

std::vector<double> FraudarColumnWeights(const Csr& following, size_t num_accounts, double c) {
  std::vector<uint32_t> fans(num_accounts, 0);
  for (Index t : following.targets) ++fans[t];
  std::vector<double> weight(num_accounts);
  for (size_t i = 0; i < num_accounts; ++i) weight[i] = 1.0 / std::log(fans[i] + c);
  return weight;
}

FraudarBlock PeelDensestBlock(const Csr& by_row, const Csr& by_col,
                              const std::vector<double>& col_weight) {
  auto start = std::chrono::steady_clock::now();
  const size_t n = col_weight.size();
  // Node v < n is follower v; node n + c is followee c.
  std::vector<double> priority(2 * n, 0.0);
  std::vector<Index> live;
  double total = 0;
  for (size_t r = 0; r < n; ++r) {
    for (Index c : RowOrEmpty(by_row, r)) priority[r] += col_weight[c];
    total += priority[r];
  }
  for (size_t c = 0; c < n; ++c) {
    priority[n + c] = static_cast<double>(RowOrEmpty(by_col, c).size()) * col_weight[c];
  }
  for (size_t v = 0; v < 2 * n; ++v) {
    bool has_edges = v < n ? !RowOrEmpty(by_row, v).empty() : !RowOrEmpty(by_col, v - n).empty();
    if (has_edges) live.push_back(static_cast<Index>(v));
  }
  FraudarBlock block;
  if (live.empty()) return block;

  std::vector<uint8_t> removed(2 * n, 0);
  std::vector<Index> order;
  order.reserve(live.size());
  size_t size = live.size();
  double best_density = total / static_cast<double>(size);
  size_t best_prefix = 0;  // nodes removed before the best moment
  IndexedMinHeap heap(&priority, 2 * n);
  heap.Build(std::move(live));
  while (!heap.Empty()) {
    Index v = heap.PopMin();
    removed[v] = 1;
    order.push_back(v);
    total -= priority[v];
    if (v < n) {
      for (Index c : RowOrEmpty(by_row, v)) {
        if (removed[n + c]) continue;
        priority[n + c] -= col_weight[c];
        heap.Decreased(static_cast<Index>(n + c));
      }
    } else {
      Index c = static_cast<Index>(v - n);
      for (Index r : RowOrEmpty(by_col, c)) {
        if (removed[r]) continue;
        priority[r] -= col_weight[c];
        heap.Decreased(r);
      }
    }
    --size;
    if (size > 0 && total / static_cast<double>(size) > best_density) {
      best_density = total / static_cast<double>(size);
      best_prefix = order.size();
    }
  }
  for (size_t i = best_prefix; i < order.size(); ++i) {
    Index v = order[i];
    if (v < n) {
      block.rows.push_back(v);
    } else {
      block.cols.push_back(static_cast<Index>(v - n));
    }
  }
  std::sort(block.rows.begin(), block.rows.end());
  std::sort(block.cols.begin(), block.cols.end());
  block.density = best_density;
  block.edges = CountBlockEdges(by_row, block, n);
  block.seconds = SecondsSince(start);
  return block;
}

namespace {

// The followees of `candidates` with at least min_customer_share of their fans in `rows`.
std::vector<Index> DominatedColumns(const std::vector<Index>& candidates,
                                    const std::vector<uint8_t>& in_rows, const Csr& by_col,
                                    double min_share) {
  std::vector<Index> cols;
  for (Index c : candidates) {
    auto fans = RowOrEmpty(by_col, c);
    size_t inside = 0;
    for (Index r : fans) inside += in_rows[r];
    if (!fans.empty() && static_cast<double>(inside) >= min_share * fans.size()) cols.push_back(c);
  }
  return cols;
}

// Every follower of at least row_fraction × the median (over `reference` rows) count of `cols`.
std::vector<Index> RowsFollowing(const std::vector<Index>& cols,
                                 const std::vector<Index>& reference, const Csr& by_col,
                                 double row_fraction, std::vector<uint32_t>* followed) {
  std::fill(followed->begin(), followed->end(), 0);
  std::vector<Index> touched;
  for (Index c : cols) {
    for (Index r : RowOrEmpty(by_col, c)) {
      if ((*followed)[r]++ == 0) touched.push_back(r);
    }
  }
  std::vector<uint32_t> counts;
  for (Index r : reference) counts.push_back((*followed)[r]);
  auto middle = counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2);
  std::nth_element(counts.begin(), middle, counts.end());
  double median = counts.empty() ? 0 : *middle;
  auto needed = std::max<uint32_t>(1, static_cast<uint32_t>(std::ceil(row_fraction * median)));
  std::vector<Index> rows;
  for (Index r : touched) {
    if ((*followed)[r] >= needed) rows.push_back(r);
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// A union-find over block-local node numbers, for splitting a block into its components.
class DisjointSets {
 public:
  explicit DisjointSets(size_t n) : parent_(n) {
    for (size_t i = 0; i < n; ++i) parent_[i] = static_cast<Index>(i);
  }
  Index Find(Index x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Join(Index a, Index b) { parent_[Find(a)] = Find(b); }

 private:
  std::vector<Index> parent_;
};

}  // namespace

std::vector<FraudarBlock> SplitComponents(const FraudarBlock& block, const Csr& by_col,
                                          const std::vector<double>& col_weight,
                                          double row_fraction) {
  const size_t k_cols = block.cols.size();
  auto row_number = [&](Index r) -> Index {
    auto it = std::lower_bound(block.rows.begin(), block.rows.end(), r);
    return it != block.rows.end() && *it == r ? static_cast<Index>(it - block.rows.begin()) : kNone;
  };
  // The block's own edges in both directions, in block-local numbers.
  std::vector<std::pair<Index, Index>> col_row;
  for (size_t k = 0; k < k_cols; ++k) {
    for (Index r : RowOrEmpty(by_col, block.cols[k])) {
      Index i = row_number(r);
      if (i != kNone) col_row.emplace_back(static_cast<Index>(k), i);
    }
  }
  std::vector<std::pair<Index, Index>> row_col;
  row_col.reserve(col_row.size());
  for (auto [k, i] : col_row) row_col.emplace_back(i, k);
  Csr cols_rows = BuildCsr(k_cols, std::move(col_row));
  Csr rows_cols = BuildCsr(block.rows.size(), std::move(row_col));

  // Link two customers when most of either one's block fans also follow the other (measured against
  // the larger, so an account that two zombies followed as camouflage links to nothing).
  DisjointSets sets(k_cols);
  std::vector<uint32_t> shared(k_cols, 0);
  std::vector<Index> touched;
  for (size_t k = 0; k < k_cols; ++k) {
    for (Index i : cols_rows.Row(k)) {
      for (Index other : rows_cols.Row(i)) {
        if (other > k && shared[other]++ == 0) touched.push_back(other);
      }
    }
    for (Index other : touched) {
      size_t larger = std::max(cols_rows.Row(k).size(), cols_rows.Row(other).size());
      if (2 * shared[other] >= larger) sets.Join(static_cast<Index>(k), other);
      shared[other] = 0;
    }
    touched.clear();
  }

  // One part per group of customers; each row joins the part it follows most, if it follows at
  // least row_fraction × the part's median.
  std::vector<Index> part_of_root(k_cols, kNone);
  std::vector<Index> part_of_col(k_cols);
  std::vector<FraudarBlock> parts;
  for (size_t k = 0; k < k_cols; ++k) {
    Index root = sets.Find(static_cast<Index>(k));
    if (part_of_root[root] == kNone) {
      part_of_root[root] = static_cast<Index>(parts.size());
      parts.emplace_back();
    }
    part_of_col[k] = part_of_root[root];
    parts[part_of_col[k]].cols.push_back(block.cols[k]);
  }
  std::vector<std::vector<std::pair<Index, uint32_t>>> members(parts.size());
  std::vector<uint32_t> per_part(parts.size(), 0);
  for (size_t i = 0; i < block.rows.size(); ++i) {
    Index best = kNone;
    for (Index k : rows_cols.Row(i)) {
      Index p = part_of_col[k];
      if (++per_part[p] > (best == kNone ? 0 : per_part[best])) best = p;
    }
    if (best != kNone) members[best].emplace_back(block.rows[i], per_part[best]);
    for (Index k : rows_cols.Row(i)) per_part[part_of_col[k]] = 0;
  }
  for (size_t p = 0; p < parts.size(); ++p) {
    std::vector<uint32_t> counts;
    for (auto [r, count] : members[p]) counts.push_back(count);
    if (counts.empty()) continue;
    auto middle = counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2);
    std::nth_element(counts.begin(), middle, counts.end());
    double needed = row_fraction * *middle;
    for (auto [r, count] : members[p]) {
      if (count >= needed) parts[p].rows.push_back(r);
    }
  }
  for (FraudarBlock& part : parts) {
    double weight = 0;
    for (Index c : part.cols) {
      for (Index r : RowOrEmpty(by_col, c)) {
        if (!std::binary_search(part.rows.begin(), part.rows.end(), r)) continue;
        ++part.edges;
        weight += col_weight[c];
      }
    }
    part.density = weight / static_cast<double>(part.rows.size() + part.cols.size());
    part.seconds = block.seconds;
  }
  std::sort(parts.begin(), parts.end(),
            [](const FraudarBlock& a, const FraudarBlock& b) { return a.density > b.density; });
  return parts;
}

// The median over a block's rows of the share of its customers each row follows.
double RowCoverage(const FraudarBlock& block, const Csr& by_col) {
  if (block.rows.empty() || block.cols.empty()) return 0;
  std::unordered_map<Index, uint32_t> count;
  for (Index c : block.cols) {
    for (Index r : RowOrEmpty(by_col, c)) {
      if (std::binary_search(block.rows.begin(), block.rows.end(), r)) ++count[r];
    }
  }
  std::vector<uint32_t> counts;
  counts.reserve(block.rows.size());
  for (Index r : block.rows) counts.push_back(count[r]);
  auto middle = counts.begin() + static_cast<std::ptrdiff_t>(counts.size() / 2);
  std::nth_element(counts.begin(), middle, counts.end());
  return static_cast<double>(*middle) / static_cast<double>(block.cols.size());
}

FraudarBlock RefineBlock(const FraudarBlock& peeled, const Csr& by_col,
                         const std::vector<double>& col_weight, const FraudarOptions& options,
                         const Csr* share_fans) {
  const size_t n = col_weight.size();
  std::vector<uint8_t> in_rows(n, 0);
  std::vector<uint32_t> followed(n, 0);
  FraudarBlock block;
  block.seconds = peeled.seconds;
  block.rows = peeled.rows;
  // Alternate until stable: organic heavy followers inflate the celebrities' share at first;
  // once the rows are those following the customers, the celebrities fall out.
  for (int round = 0; round < 5; ++round) {
    for (Index r : block.rows) in_rows[r] = 1;
    std::vector<Index> cols =
        DominatedColumns(peeled.cols, in_rows, by_col, options.min_customer_share);
    for (Index r : block.rows) in_rows[r] = 0;
    if (cols.empty()) return FraudarBlock{};
    std::vector<Index> rows = RowsFollowing(cols, block.rows, share_fans ? *share_fans : by_col,
                                            options.row_fraction, &followed);
    bool stable = cols == block.cols && rows == block.rows;
    block.cols = std::move(cols);
    block.rows = std::move(rows);
    if (stable) break;
  }
  double weight = 0;
  block.edges = 0;
  for (Index c : block.cols) {
    size_t inside = 0;
    for (Index r : RowOrEmpty(share_fans ? *share_fans : by_col, c)) {
      inside += std::binary_search(block.rows.begin(), block.rows.end(), r);
    }
    block.edges += inside;
    weight += static_cast<double>(inside) * col_weight[c];
  }
  block.density = weight / static_cast<double>(block.rows.size() + block.cols.size());
  return block;
}

FraudarResult DetectDenseBlocks(const Csr& following, size_t num_accounts,
                                const FraudarOptions& options, const Csr* share_fans) {
  FraudarResult result;
  std::vector<double> weight =
      FraudarColumnWeights(following, num_accounts, options.log_offset);
  {
    double total = 0;
    std::vector<uint8_t> touched(num_accounts, 0);
    size_t nodes = 0;
    for (size_t r = 0; r < following.Rows(); ++r) {
      nodes += !following.Row(r).empty();
      for (Index c : following.Row(r)) {
        total += weight[c];
        if (!touched[c]) touched[c] = 1, ++nodes;
      }
    }
    result.background_density = nodes == 0 ? 0 : total / static_cast<double>(nodes);
  }
  if (result.background_density == 0) return result;

  Csr by_row = following;
  Csr by_col = Transpose(by_row, num_accounts);
  for (size_t peel = 0; peel < options.max_peels && result.blocks.size() < options.max_blocks;
       ++peel) {
    FraudarBlock peeled = PeelDensestBlock(by_row, by_col, weight);
    if (peeled.rows.empty() ||
        peeled.density < options.stop_density_ratio * result.background_density) {
      break;
    }
    FraudarBlock block = RefineBlock(peeled, by_col, weight, options, share_fans);
    block.density_ratio = block.density / result.background_density;
    bool accepted = block.rows.size() >= options.min_rows && block.cols.size() >= options.min_cols &&
                    block.density_ratio >= options.min_density_ratio;
    // Remove what the peel found, so the next peel looks elsewhere; the refined block's edges
    // are inside the peeled block's or go to the same customers.
    // The block's shape is judged on the fan lists the refinement used.
    Csr by_col_before = accepted && !share_fans ? by_col : Csr{};
    const Csr& shape_fans = share_fans ? *share_fans : by_col_before;
    by_row = WithoutBlock(by_row, accepted ? Union(peeled, block) : peeled, num_accounts);
    by_col = Transpose(by_row, num_accounts);
    if (!accepted) continue;
    for (FraudarBlock& part : SplitComponents(block, shape_fans, weight, options.row_fraction)) {
      part.density_ratio = part.density / result.background_density;
      if (part.rows.size() >= options.min_rows && part.cols.size() >= options.min_cols &&
          part.density_ratio >= options.min_density_ratio &&
          RowCoverage(part, shape_fans) >= options.min_row_coverage &&
          result.blocks.size() < options.max_blocks) {
        result.blocks.push_back(std::move(part));
      }
    }
  }
  return result;
}

}  // namespace cw::integrity
