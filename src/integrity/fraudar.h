// Dense-block detection on the follower -> followee graph: FRAUDAR (Hooi et al., "FRAUDAR:
// Bounding Graph Fraud in the Face of Camouflage", KDD 2016). Greedy peeling maximises the
// weighted density of a (fans, followees) block; edges into popular followees weigh
// 1 / log(fans + c), so zombies that also follow celebrities or random accounts (camouflage) do not
// dilute the block they were bought for. Pure functions over plain data, thread-safe.
#pragma once

#include <cstddef>
#include <vector>

#include "integrity/snapshot.h"

namespace cw::integrity {

struct FraudarOptions {
  double log_offset = 5.0;        // c in 1 / log(x + c), x = the followee's fan count
  size_t max_blocks = 10;         // stop after this many blocks
  double min_density_ratio = 2.0; // a block must be at least this × the background density
  double stop_density_ratio = 2.0; // stop peeling when the densest rest falls below this
  size_t min_rows = 10;           // stop when a block has fewer fans than this
  size_t min_cols = 1;            // ... or fewer followees than this
  // Refinement after each peel (see RefineBlock): a followee stays a customer only if at least
  // this share of its fans are block rows; ...
  double min_customer_share = 0.2;
  // ... and a follower is a bought fan if it follows at least this fraction of the median block
  // row's count of customers.
  double row_fraction = 0.5;
  size_t max_peels = 20;          // peels in all, counting blocks refinement rejected
  // A block's median fan must follow at least this share of its customers (a farm delivers to
  // most of its customers; an organic crowd follows a few of many accounts each).
  double min_row_coverage = 0;
};

struct FraudarBlock {
  std::vector<Index> rows;  // the followers (the bought fans), sorted
  std::vector<Index> cols;  // the followees (the customers), sorted
  uint64_t edges = 0;       // follow edges inside the block
  double density = 0;       // weighted edges / (rows + cols): the peeling objective
  double density_ratio = 0; // density / the whole graph's density
  double seconds = 0;       // time this peel took
};

struct FraudarResult {
  std::vector<FraudarBlock> blocks;  // in the order found, densest first
  double background_density = 0;     // weighted edges / non-isolated nodes of the whole graph
};

// The column weights 1 / log(fans + c) for every followee of `following` (rows = followers).
std::vector<double> FraudarColumnWeights(const Csr& following, size_t num_accounts, double c);

// One greedy peel (O(E log V) with an indexed heap): the block of greatest weighted density.
// `by_row` holds each follower's followees, `by_col` the transpose; both cover `num_accounts`.
FraudarBlock PeelDensestBlock(const Csr& by_row, const Csr& by_col,
                              const std::vector<double>& col_weight);

// The peel's densest block can include celebrities the zombies follow as camouflage (and, with
// them, heavy organic followers), and it drops zombies with a few edges fewer than the rest.
// Refinement keeps the followees whose fans are dominated by the block (the customers) and then
// takes as rows every follower of at least row_fraction × the median row's count of customers.
// Returns a block without columns when no followee is dominated: an organic dense core.
// `share_fans` (optional): the fan lists that "share of its fans" is measured on, when `by_col`
// holds only part of the graph.
FraudarBlock RefineBlock(const FraudarBlock& peeled, const Csr& by_col,
                         const std::vector<double>& col_weight, const FraudarOptions& options,
                         const Csr* share_fans = nullptr);

// Splits a block into farms, densest first: customers are grouped when most of each one's block
// fans also follow the other, and each fan goes with the group it follows most (if it follows at least
// row_fraction × that group's median). A peel can return two farms linked by camouflage edges,
// or a farm beside an organic core whose followees share few fans, as one block.
std::vector<FraudarBlock> SplitComponents(const FraudarBlock& block, const Csr& by_col,
                                          const std::vector<double>& col_weight,
                                          double row_fraction);

// Finds up to max_blocks blocks in turn: after each peel the block's internal edges are removed
// and the peel runs again on what is left (also after a peel refinement rejected, so an organic
// core does not hide a farm behind it). Weights stay those of the whole graph. `share_fans` as in
// RefineBlock.
FraudarResult DetectDenseBlocks(const Csr& following, size_t num_accounts,
                                const FraudarOptions& options, const Csr* share_fans = nullptr);

}  // namespace cw::integrity
