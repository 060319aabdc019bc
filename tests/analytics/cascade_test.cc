#include "analytics/cascade.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>

namespace cw::analytics {
namespace {

constexpr Id kRoot = 1000;
constexpr Id kRootAuthor = 1;
constexpr TimeMs kT0 = 1'600'000'000'000;

// A cascade from (id, author, parent) triples; forward k is stamped k minutes after the root.
Cascade Make(const std::vector<std::array<Id, 3>>& forwards) {
  Cascade c{kRoot, kRootAuthor, kT0, {}};
  TimeMs at = kT0;
  for (const auto& [id, author, parent] : forwards) {
    at += 60'000;
    c.forwards.push_back(CascadeForward{id, author, parent, at});
  }
  return c;
}

// Fan lists from a table; accounts not in it have none.
FanLister Fans(std::map<Id, std::vector<Id>> table) {
  return [table = std::move(table)](Id account) {
    auto it = table.find(account);
    return it == table.end() ? std::vector<Id>{} : it->second;
  };
}

int64_t DownstreamOf(const CascadeReport& r, Id account) {
  for (const auto& s : r.spreaders) {
    if (s.account_id == account) return s.downstream;
  }
  return -1;
}

TEST(CascadeTest, ChainHasOneForwardPerLevel) {
  Cascade c = Make({{1001, 2, kRoot}, {1002, 3, 1001}, {1003, 4, 1002}});
  CascadeReport r = AnalyseCascade(c, Fans({}), {});
  EXPECT_EQ(r.shape.size, 3);
  EXPECT_EQ(r.shape.depth, 3);
  EXPECT_EQ(r.shape.breadth, (std::vector<int64_t>{1, 1, 1}));
  ASSERT_EQ(r.spreaders.size(), 3u);
  EXPECT_EQ(r.spreaders[0].account_id, 2);
  EXPECT_EQ(r.spreaders[0].downstream, 2);
  EXPECT_EQ(r.spreaders[1].account_id, 3);
  EXPECT_EQ(r.spreaders[1].downstream, 1);
  EXPECT_EQ(r.spreaders[2].account_id, 4);
  EXPECT_EQ(r.spreaders[2].downstream, 0);
}

TEST(CascadeTest, StarIsOneLevelWide) {
  Cascade c = Make({{1001, 2, kRoot}, {1002, 3, kRoot}, {1003, 4, kRoot}, {1004, 5, kRoot}});
  CascadeReport r = AnalyseCascade(c, Fans({}), {});
  EXPECT_EQ(r.shape.size, 4);
  EXPECT_EQ(r.shape.depth, 1);
  EXPECT_EQ(r.shape.breadth, (std::vector<int64_t>{4}));
  for (const auto& s : r.spreaders) EXPECT_EQ(s.downstream, 0);
}

TEST(CascadeTest, MixedTreeFigures) {
  // root -> a, b; a -> c, d; c -> e; b -> f
  Cascade c = Make({{1001, 2, kRoot},
                    {1002, 3, kRoot},
                    {1003, 4, 1001},
                    {1004, 5, 1001},
                    {1005, 6, 1003},
                    {1006, 7, 1002}});
  CascadeReport r = AnalyseCascade(c, Fans({}), {});
  EXPECT_EQ(r.shape.size, 6);
  EXPECT_EQ(r.shape.depth, 3);
  EXPECT_EQ(r.shape.breadth, (std::vector<int64_t>{2, 3, 1}));
  EXPECT_EQ(DownstreamOf(r, 2), 3);
  EXPECT_EQ(DownstreamOf(r, 3), 1);
  EXPECT_EQ(DownstreamOf(r, 4), 1);
  EXPECT_EQ(DownstreamOf(r, 5), 0);
  EXPECT_EQ(DownstreamOf(r, 6), 0);
  EXPECT_EQ(r.spreaders.front().account_id, 2);
  CascadeTree tree = BuildCascadeTree(c);
  EXPECT_EQ(tree.parent, (std::vector<int32_t>{-1, -1, 0, 0, 2, 1}));
  EXPECT_EQ(tree.level, (std::vector<int32_t>{1, 1, 2, 2, 3, 2}));
  EXPECT_EQ(tree.subtree, (std::vector<int64_t>{3, 1, 1, 0, 0, 0}));
}

TEST(CascadeTest, ForwardOfADeletedForwardHangsFromTheRoot) {
  // 1001 was deleted, so it is not in the cascade; 1002 forwarded it and 1003 forwarded 1002.
  Cascade c = Make({{1002, 3, 1001}, {1003, 4, 1002}});
  CascadeReport r = AnalyseCascade(c, Fans({}), {});
  EXPECT_EQ(r.shape.size, 2);
  EXPECT_EQ(r.shape.depth, 2);
  EXPECT_EQ(r.shape.breadth, (std::vector<int64_t>{1, 1}));
  EXPECT_EQ(DownstreamOf(r, 3), 1);
}

TEST(CascadeTest, EmptyCascadeStillReachesTheAuthorsFans) {
  Cascade c = Make({});
  CascadeReport r = AnalyseCascade(c, Fans({{kRootAuthor, {10, 11, 12}}}), {});
  EXPECT_EQ(r.shape.size, 0);
  EXPECT_EQ(r.shape.depth, 0);
  EXPECT_TRUE(r.shape.breadth.empty());
  EXPECT_EQ(r.exposure, 3);
  EXPECT_TRUE(r.exposure_exact);
  EXPECT_EQ(r.real_size, 0);
  EXPECT_TRUE(r.spreaders.empty());
  EXPECT_TRUE(r.curve.counts.empty());
}

TEST(CascadeTest, ExposureIsTheUnionOfFansAndSpreadersGetWhatTheyAdded) {
  // root -> 1001 (account 2) -> 1002 (account 3); 1003 (account 2 again) from the root.
  Cascade c = Make({{1001, 2, kRoot}, {1002, 3, 1001}, {1003, 2, kRoot}});
  auto fans = Fans({{kRootAuthor, {10, 11, 12}}, {2, {12, 13}}, {3, {13, 14, 15, 10}}});
  CascadeReport r = AnalyseCascade(c, fans, {});
  EXPECT_EQ(r.exposure, 6);  // 10..15
  EXPECT_TRUE(r.exposure_exact);
  ASSERT_EQ(r.spreaders.size(), 2u);
  EXPECT_EQ(r.spreaders[0].account_id, 2);
  EXPECT_EQ(r.spreaders[0].downstream, 1);
  EXPECT_EQ(r.spreaders[0].new_exposure, 1);  // 13
  EXPECT_EQ(r.spreaders[0].forwards, 2);
  EXPECT_EQ(r.spreaders[1].account_id, 3);
  EXPECT_EQ(r.spreaders[1].new_exposure, 2);  // 14, 15
}

TEST(CascadeTest, ASpreaderForwardingInsideItsOwnSubtreeCountsItOnce) {
  // account 2 forwards the root, account 3 forwards that, account 2 forwards 3's forward.
  Cascade c = Make({{1001, 2, kRoot}, {1002, 3, 1001}, {1003, 2, 1002}, {1004, 5, 1003}});
  CascadeReport r = AnalyseCascade(c, Fans({}), {});
  EXPECT_EQ(DownstreamOf(r, 2), 3);
  EXPECT_EQ(DownstreamOf(r, 3), 2);
  EXPECT_EQ(DownstreamOf(r, 5), 0);
}

TEST(CascadeTest, TheRootsAuthorForwardingAddsNoExposure) {
  Cascade c = Make({{1001, kRootAuthor, kRoot}});
  CascadeReport r = AnalyseCascade(c, Fans({{kRootAuthor, {10, 11}}}), {});
  EXPECT_EQ(r.exposure, 2);
  ASSERT_EQ(r.spreaders.size(), 1u);
  EXPECT_EQ(r.spreaders[0].new_exposure, 0);
}

TEST(CascadeTest, RealSizeCountsCredibleForwardersOnly) {
  Cascade c = Make({{1001, 2, kRoot}, {1002, 3, 1001}, {1003, 4, 1001}, {1004, 3, kRoot}});
  auto credible = [](Id account) { return account != 3; };
  EXPECT_EQ(RealSize(c, credible), 2);
  EXPECT_EQ(AnalyseCascade(c, Fans({}), credible).real_size, 2);
  EXPECT_EQ(AnalyseCascade(c, Fans({}), {}).real_size, 4);
}

TEST(CascadeTest, CurveCountsForwardsPerInterval) {
  Cascade c = Make({{1001, 2, kRoot}, {1002, 3, kRoot}, {1003, 4, kRoot}});  // at 1, 2, 3 min
  TimeCurve curve = ForwardCurve(c, 120);
  EXPECT_EQ(curve.interval_s, 120);
  EXPECT_EQ(curve.counts, (std::vector<int64_t>{1, 2}));
  TimeCurve chosen = ForwardCurve(c);
  EXPECT_EQ(chosen.interval_s, 60);
  EXPECT_EQ(chosen.counts, (std::vector<int64_t>{0, 1, 1, 1}));
  c.forwards.push_back(CascadeForward{1004, 5, kRoot, kT0 + 3 * 86'400'000});  // three days on
  TimeCurve wide = ForwardCurve(c);
  EXPECT_EQ(wide.interval_s, 3600);
  EXPECT_EQ(wide.counts.size(), 73u);
  EXPECT_EQ(wide.counts.front(), 3);
  EXPECT_EQ(wide.counts.back(), 1);
}

TEST(CascadeTest, ACycleOfParentsIsBrokenAtTheRoot) {
  Cascade c = Make({{1001, 2, 1002}, {1002, 3, 1001}});
  CascadeReport r = AnalyseCascade(c, Fans({}), {});
  EXPECT_EQ(r.shape.size, 2);
  EXPECT_EQ(r.shape.depth, 2);
}

// 2,000 forwarders whose fan lists overlap: forwarder k's fans are the ids [500k, 500k + 1000),
// so the union holds exactly 1,000,500 ids.
struct OverlapCase {
  Cascade cascade = Make({});
  FanLister fans;
  int64_t exact = 1'000'500;
  OverlapCase() {
    for (Id k = 0; k < 2000; ++k) {
      cascade.forwards.push_back(CascadeForward{2000 + k, 100 + k, kRoot, kT0 + k * 1000});
    }
    fans = [](Id account) {
      std::vector<Id> out;
      if (account < 100) return out;
      const Id base = (account - 100) * 500;
      for (Id i = 0; i < 1000; ++i) out.push_back((int64_t{7} << 48) + (base + i) * 131);
      return out;
    };
  }
};

TEST(CascadeTest, LargeExposureIsAHyperLogLogEstimateWithinTwoPercent) {
  OverlapCase big;
  CascadeOptions options;
  options.exposure.exact_limit = 100'000;
  CascadeReport r = AnalyseCascade(big.cascade, big.fans, {}, options);
  EXPECT_FALSE(r.exposure_exact);
  EXPECT_NEAR(static_cast<double>(r.exposure), static_cast<double>(big.exact), 0.02 * big.exact);
  std::printf("HyperLogLog exposure %lld, exact %lld (%.2f%%)\n",
              static_cast<long long>(r.exposure), static_cast<long long>(big.exact),
              100.0 * static_cast<double>(r.exposure - big.exact) / static_cast<double>(big.exact));
}

TEST(CascadeTest, ExposureIsExactBelowTheLimit) {
  OverlapCase big;  // 2,000,000 ids in the lists: at the default limit, still exact
  CascadeReport r = AnalyseCascade(big.cascade, big.fans, {});
  EXPECT_TRUE(r.exposure_exact);
  EXPECT_EQ(r.exposure, big.exact);
  int64_t added = 0;
  for (const auto& s : r.spreaders) added += s.new_exposure;
  EXPECT_EQ(added, big.exact);
}

TEST(CascadeTest, AHundredThousandForwardsAnalyseInWellUnderASecond) {
  std::mt19937_64 rng(7);
  Cascade c = Make({});
  const int n = 100'000;
  for (int i = 0; i < n; ++i) {
    // Preferential: most forwards hang near the top, some chains run deep.
    Id parent = kRoot;
    if (i > 0 && rng() % 3 != 0) parent = 2000 + static_cast<Id>(rng() % static_cast<uint64_t>(i));
    c.forwards.push_back(
        CascadeForward{2000 + i, static_cast<Id>(100 + rng() % 60'000), parent, kT0 + i * 500});
  }
  auto fans = [](Id account) {
    std::vector<Id> out(20);
    for (Id i = 0; i < 20; ++i) out[static_cast<size_t>(i)] = account * 37 + i * 1'000'003;
    return out;
  };
  auto credible = [](Id account) { return account % 10 != 0; };
  auto start = std::chrono::steady_clock::now();
  CascadeReport r = AnalyseCascade(c, fans, credible);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("100k-forward cascade: depth %d, %zu spreaders, exposure %lld, in %.3f s\n",
              r.shape.depth, r.spreaders.size(), static_cast<long long>(r.exposure), seconds);
  EXPECT_EQ(r.shape.size, n);
  int64_t sum = 0;
  for (int64_t b : r.shape.breadth) sum += b;
  EXPECT_EQ(sum, n);
  EXPECT_LT(seconds, 5.0);
}

}  // namespace
}  // namespace cw::analytics
