#include "integrity/fraudar.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "tests/integrity/synthetic.h"

namespace cw::integrity {
namespace {

using testing::OrganicFollows;
using testing::PopularityDraw;
using testing::PrecisionRecall;

enum class Camouflage { kNone, kRandom, kPopular };

// An organic graph of `organic` accounts plus farms of zombies appended after them. Each farm's
// zombies follow each of its customers with probability 0.8, and as many camouflage accounts.
struct PlantedGraph {
  size_t accounts = 0;
  Csr following;
  std::vector<std::set<Index>> zombies;
  std::vector<std::set<Index>> customers;
};

// Farm f > 0 has 3/4 the zombies and customers of farm f - 1, so the farms differ in density.
PlantedGraph Plant(size_t organic, size_t farms, size_t zombies_per_farm,
                   size_t customers_per_farm, Camouflage camouflage, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pairs = OrganicFollows(organic, rng);
  PopularityDraw popular(organic);
  std::uniform_int_distribution<Index> uniform(0, static_cast<Index>(organic - 1));
  std::uniform_real_distribution<double> u(0.0, 1.0);
  PlantedGraph g;
  Index next = static_cast<Index>(organic);
  for (size_t f = 0; f < farms; ++f) {
    std::set<Index> customers;
    // Customers are ordinary accounts from the long tail, not celebrities.
    while (customers.size() < customers_per_farm) customers.insert(uniform(rng));
    std::set<Index> zombies;
    for (size_t z = 0; z < zombies_per_farm; ++z) {
      Index zombie = next++;
      zombies.insert(zombie);
      size_t bought = 0;
      for (Index c : customers) {
        if (u(rng) < 0.8) pairs.emplace_back(zombie, c), ++bought;
      }
      for (size_t k = 0; k < bought && camouflage != Camouflage::kNone; ++k) {
        pairs.emplace_back(zombie, camouflage == Camouflage::kRandom ? uniform(rng) : popular(rng));
      }
    }
    g.zombies.push_back(zombies);
    g.customers.push_back(customers);
    zombies_per_farm = zombies_per_farm * 3 / 4;
    customers_per_farm = customers_per_farm * 3 / 4;
  }
  g.accounts = next;
  g.following = BuildCsr(g.accounts, std::move(pairs));
  return g;
}

void ExpectFound(const FraudarBlock& block, const std::set<Index>& zombies,
                 const std::set<Index>& customers) {
  auto [row_precision, row_recall] = PrecisionRecall(block.rows, zombies);
  auto [col_precision, col_recall] = PrecisionRecall(block.cols, customers);
  EXPECT_GE(row_precision, 0.95);
  EXPECT_GE(row_recall, 0.95);
  EXPECT_GE(col_precision, 0.95);
  EXPECT_GE(col_recall, 0.95);
}

TEST(BuildCsrTest, SortsAndDropsRepeatedPairs) {
  Csr csr = BuildCsr(4, {{2, 1}, {0, 3}, {2, 0}, {0, 3}, {0, 1}});
  ASSERT_EQ(csr.Rows(), 4u);
  EXPECT_EQ(std::vector<Index>(csr.Row(0).begin(), csr.Row(0).end()), (std::vector<Index>{1, 3}));
  EXPECT_TRUE(csr.Row(1).empty());
  EXPECT_EQ(std::vector<Index>(csr.Row(2).begin(), csr.Row(2).end()), (std::vector<Index>{0, 1}));
  EXPECT_TRUE(csr.Row(3).empty());
  EXPECT_EQ(csr.Edges(), 4u);
}

TEST(BuildCsrTest, FansAreTheTransposeOfFollowing) {
  Snapshot s;
  s.accounts.resize(3);
  s.following = BuildCsr(3, {{0, 2}, {1, 2}, {2, 0}});
  s.BuildFans();
  ASSERT_EQ(s.fans.Rows(), 3u);
  EXPECT_EQ(std::vector<Index>(s.fans.Row(2).begin(), s.fans.Row(2).end()),
            (std::vector<Index>{0, 1}));
  EXPECT_EQ(std::vector<Index>(s.fans.Row(0).begin(), s.fans.Row(0).end()),
            (std::vector<Index>{2}));
  EXPECT_TRUE(s.fans.Row(1).empty());
}

class FraudarCamouflageTest : public ::testing::TestWithParam<Camouflage> {};

TEST_P(FraudarCamouflageTest, FindsAnInjectedFarmInAPowerLawGraph) {
  PlantedGraph g = Plant(20000, 1, 400, 50, GetParam(), 7);
  FraudarResult result = DetectDenseBlocks(g.following, g.accounts, FraudarOptions{});
  ASSERT_FALSE(result.blocks.empty());
  ExpectFound(result.blocks[0], g.zombies[0], g.customers[0]);
  EXPECT_GE(result.blocks[0].density_ratio, FraudarOptions{}.min_density_ratio);
}

INSTANTIATE_TEST_SUITE_P(AllCamouflage, FraudarCamouflageTest,
                         ::testing::Values(Camouflage::kNone, Camouflage::kRandom,
                                           Camouflage::kPopular));

TEST(FraudarTest, FindsTwoFarmsInTurn) {
  PlantedGraph g = Plant(20000, 2, 400, 50, Camouflage::kRandom, 11);
  FraudarResult result = DetectDenseBlocks(g.following, g.accounts, FraudarOptions{});
  ASSERT_GE(result.blocks.size(), 2u);
  // The denser farm comes out first, then the other.
  ExpectFound(result.blocks[0], g.zombies[0], g.customers[0]);
  ExpectFound(result.blocks[1], g.zombies[1], g.customers[1]);
}

// An organic power-law graph has a dense core too (heavy followers of popular accounts); the
// peel finds it, but the column weights keep it less dense than a bought farm, and Scan's
// per-account signals keep its active, complete accounts from being called zombies.
TEST(FraudarTest, OrganicCoreIsLessDenseThanAFarm) {
  PlantedGraph g = Plant(20000, 1, 400, 50, Camouflage::kPopular, 3);
  std::mt19937_64 rng(3);
  Csr organic = BuildCsr(20000, OrganicFollows(20000, rng));
  FraudarOptions one;
  one.max_blocks = 1;
  one.min_density_ratio = 0;
  FraudarResult with_farm = DetectDenseBlocks(g.following, g.accounts, one);
  FraudarResult without = DetectDenseBlocks(organic, 20000, one);
  ASSERT_EQ(with_farm.blocks.size(), 1u);
  ASSERT_EQ(without.blocks.size(), 1u);
  EXPECT_GT(with_farm.blocks[0].density, 1.2 * without.blocks[0].density);
}

TEST(FraudarTest, OrganicGraphAloneYieldsNoBlock) {
  for (uint64_t seed : {3, 4, 5}) {
    std::mt19937_64 rng(seed);
    Csr following = BuildCsr(20000, OrganicFollows(20000, rng));
    FraudarResult result = DetectDenseBlocks(following, 20000, FraudarOptions{});
    for (const auto& block : result.blocks) {
      ADD_FAILURE() << "seed " << seed << ": organic block " << block.rows.size() << " x "
                    << block.cols.size() << " ratio " << block.density_ratio;
    }
  }
}

TEST(FraudarTest, EmptyGraphYieldsNothing) {
  Csr following = BuildCsr(5, {});
  EXPECT_TRUE(DetectDenseBlocks(following, 5, FraudarOptions{}).blocks.empty());
}

}  // namespace
}  // namespace cw::integrity
