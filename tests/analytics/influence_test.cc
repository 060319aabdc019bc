#include "analytics/influence.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

namespace cw::analytics {
namespace {

// A hand-built graph: accounts, roots with topics, forwards (no follow lists: influence does not
// read them).
class GraphBuilder {
 public:
  Index Account(int64_t fans, bool credible = true) {
    g_.account_ids.push_back(static_cast<Id>(1000 + g_.account_ids.size()));
    g_.fans.push_back(fans);
    g_.credible.push_back(credible ? 1 : 0);
    g_.eligible.push_back(credible ? 1 : 0);
    g_.originals.push_back(0);
    return static_cast<Index>(g_.account_ids.size() - 1);
  }
  // An original by `author` carrying `topics` (indexes into the topic list below).
  uint32_t Root(Index author, std::vector<uint32_t> topics = {}) {
    RootPost r;
    r.id = static_cast<Id>(50'000 + g_.roots.size());
    r.author = author;
    r.at = 0;
    r.topic_begin = static_cast<uint32_t>(g_.root_topics.size());
    for (uint32_t t : topics) g_.root_topics.push_back(t);
    r.topic_end = static_cast<uint32_t>(g_.root_topics.size());
    g_.roots.push_back(r);
    ++g_.originals[author];
    return static_cast<uint32_t>(g_.roots.size() - 1);
  }
  // `forwarder` forwards in `root`'s cascade, from `parent_author`.
  void Forward(Index forwarder, uint32_t root, Index parent_author) {
    g_.forwards.push_back(
        {forwarder, parent_author, root, static_cast<TimeMs>(g_.forwards.size())});
  }
  void Forward(Index forwarder, uint32_t root) { Forward(forwarder, root, g_.roots[root].author); }
  SocialGraph Build(std::vector<std::string> topics = {}) {
    g_.topics = std::move(topics);
    g_.fan_offset.assign(g_.account_ids.size() + 1, 0);
    return g_;
  }

 private:
  SocialGraph g_;
};

TEST(InfluenceTest, ForwardedByManyRanksHighFansAloneRankLow) {
  GraphBuilder b;
  const Index celebrity = b.Account(1'000'000);  // many fans, never forwarded
  const Index voice = b.Account(50);             // few fans, forwarded by many
  std::vector<Index> crowd;
  for (int i = 0; i < 8; ++i) crowd.push_back(b.Account(10));
  for (int i = 0; i < 5; ++i) b.Root(celebrity);
  const uint32_t post = b.Root(voice);
  for (Index c : crowd) b.Forward(c, post);
  const SocialGraph g = b.Build();

  const InfluenceReport r = ComputeInfluence(g);
  ASSERT_TRUE(r.converged);
  EXPECT_EQ(r.ranking[0], voice);
  EXPECT_EQ(r.accounts[voice].rank, 1);
  EXPECT_EQ(r.accounts[voice].forwarded_by, 8);
  EXPECT_EQ(r.accounts[voice].forwards, 8);
  EXPECT_EQ(r.accounts[voice].reach, 8);
  EXPECT_EQ(r.accounts[voice].posts, 1);
  EXPECT_EQ(r.accounts[celebrity].forwarded_by, 0);
  EXPECT_EQ(r.accounts[celebrity].posts, 5);
  EXPECT_GT(r.accounts[celebrity].rank, 1);
  EXPECT_LT(r.accounts[celebrity].score, r.accounts[voice].score);
  // The celebrity is no better than any other account nobody forwards.
  EXPECT_NEAR(r.accounts[celebrity].score, r.accounts[crowd[0]].score, 1e-15);

  double total = 0;
  for (const auto& a : r.accounts) total += a.score;
  EXPECT_NEAR(total, 1.0, 1e-9);
  for (size_t k = 0; k < r.ranking.size(); ++k)
    EXPECT_EQ(r.accounts[r.ranking[k]].rank, static_cast<int64_t>(k + 1));

  // Against the fan ranking the two disagree at the top.
  std::vector<double> influence, fans;
  for (size_t i = 0; i < g.size(); ++i) {
    influence.push_back(r.accounts[i].score);
    fans.push_back(static_cast<double>(g.fans[i]));
  }
  EXPECT_EQ(TopKOverlap(influence, fans, 1), 0.0);
}

TEST(InfluenceTest, HowFarCounts) {
  // a is forwarded once by b, who is forwarded by five; c is forwarded once by d, whom nobody
  // forwards. a's single forward is worth more.
  GraphBuilder b;
  const Index a = b.Account(1), bb = b.Account(1), c = b.Account(1), d = b.Account(1);
  const uint32_t pa = b.Root(a), pc = b.Root(c), pb = b.Root(bb);
  b.Forward(bb, pa);
  b.Forward(d, pc);
  for (int i = 0; i < 5; ++i) b.Forward(b.Account(1), pb);
  const InfluenceReport r = ComputeInfluence(b.Build());
  EXPECT_GT(r.accounts[a].score, r.accounts[c].score);
  EXPECT_EQ(r.accounts[a].forwarded_by, r.accounts[c].forwarded_by);
  EXPECT_LT(r.accounts[a].rank, r.accounts[c].rank);
}

TEST(InfluenceTest, ZombieForwardsAddNothing) {
  GraphBuilder b;
  const Index real = b.Account(100), bought = b.Account(100);
  std::vector<Index> fans;
  for (int i = 0; i < 3; ++i) fans.push_back(b.Account(5));
  const uint32_t real_post = b.Root(real), bought_post = b.Root(bought);
  for (Index f : fans) b.Forward(f, real_post);
  const SocialGraph before = b.Build();

  // Fifty zombies forward the buyer's post (and one of the real post's forwards: a chain).
  for (int i = 0; i < 50; ++i) {
    const Index z = b.Account(0, /*credible=*/false);
    b.Forward(z, bought_post);
    b.Forward(z, real_post, fans[0]);
  }
  const SocialGraph after = b.Build();

  const InfluenceReport r0 = ComputeInfluence(before), r1 = ComputeInfluence(after);
  for (Index i = 0; i < before.size(); ++i) {
    EXPECT_NEAR(r0.accounts[i].score, r1.accounts[i].score, 1e-12) << i;
    EXPECT_EQ(r0.accounts[i].rank, r1.accounts[i].rank) << i;
    EXPECT_EQ(r0.accounts[i].forwarded_by, r1.accounts[i].forwarded_by) << i;
    EXPECT_EQ(r0.accounts[i].forwards, r1.accounts[i].forwards) << i;
    EXPECT_EQ(r0.accounts[i].reach, r1.accounts[i].reach) << i;
  }
  EXPECT_EQ(r1.accounts[bought].raw_forwards, 50);
  EXPECT_EQ(r1.accounts[bought].raw_reach, 50);
  EXPECT_EQ(r1.accounts[bought].forwards, 0);
  EXPECT_EQ(r1.accounts[real].raw_reach, 53);
  EXPECT_EQ(r1.accounts[real].reach, 3);
  EXPECT_EQ(r1.votes, 3);
  for (Index i = static_cast<Index>(before.size()); i < after.size(); ++i) {
    EXPECT_EQ(r1.accounts[i].score, 0) << "zombies get no standing of their own";
  }
}

TEST(InfluenceTest, SelfForwardsDoNotVote) {
  GraphBuilder b;
  const Index a = b.Account(1), other = b.Account(1);
  const uint32_t p = b.Root(a);
  for (int i = 0; i < 10; ++i) b.Forward(a, p);
  const InfluenceReport r = ComputeInfluence(b.Build());
  EXPECT_EQ(r.votes, 0);
  EXPECT_EQ(r.accounts[a].forwards, 0);
  EXPECT_EQ(r.accounts[a].reach, 0);
  EXPECT_NEAR(r.accounts[a].score, r.accounts[other].score, 1e-15);
}

TEST(InfluenceTest, PerTopicRankingDiffers) {
  GraphBuilder b;
  const Index chef = b.Account(10), driver = b.Account(10);
  std::vector<Index> crowd;
  for (int i = 0; i < 12; ++i) crowd.push_back(b.Account(1));
  // Topics sorted: 0 "cars", 1 "food".
  const uint32_t food1 = b.Root(chef, {1}), food2 = b.Root(chef, {1});
  const uint32_t cars = b.Root(driver, {0});
  const uint32_t plain = b.Root(driver);
  for (int i = 0; i < 6; ++i) b.Forward(crowd[i], food1);
  for (int i = 0; i < 3; ++i) b.Forward(crowd[i], food2);
  for (int i = 0; i < 4; ++i) b.Forward(crowd[6 + i], cars);
  for (int i = 0; i < 12; ++i) b.Forward(crowd[i], plain);
  const SocialGraph g = b.Build({"cars", "food"});

  ASSERT_EQ(FindTopicTerm(g, "food").value_or(99), 1u);
  ASSERT_EQ(FindTopicTerm(g, "cars").value_or(99), 0u);
  EXPECT_FALSE(FindTopicTerm(g, "boats").has_value());

  const InfluenceReport all = ComputeInfluence(g);
  InfluenceOptions food_only;
  food_only.topic = 1;
  const InfluenceReport food = ComputeInfluence(g, food_only);
  InfluenceOptions cars_only;
  cars_only.topic = 0;
  const InfluenceReport car = ComputeInfluence(g, cars_only);

  EXPECT_EQ(all.ranking[0], driver);  // forwarded by all twelve overall
  EXPECT_EQ(food.ranking[0], chef);
  EXPECT_EQ(car.ranking[0], driver);
  EXPECT_EQ(food.accounts[chef].posts, 2);
  EXPECT_EQ(food.accounts[driver].posts, 0);
  EXPECT_EQ(food.accounts[chef].reach, 9);
  EXPECT_EQ(food.accounts[chef].forwarded_by, 6);
  EXPECT_EQ(food.accounts[driver].forwards, 0);
  EXPECT_EQ(car.accounts[driver].reach, 4);
  EXPECT_EQ(all.accounts[driver].posts, 2);
  EXPECT_EQ(all.accounts[driver].forwarded_by, 12);
}

TEST(InfluenceTest, EmptyGraphs) {
  const InfluenceReport empty = ComputeInfluence(SocialGraph{});
  EXPECT_TRUE(empty.accounts.empty());
  GraphBuilder b;
  b.Account(5, false);
  b.Account(5, false);
  const InfluenceReport none_credible = ComputeInfluence(b.Build());
  EXPECT_NEAR(none_credible.accounts[0].score, 0.5, 1e-12);
  EXPECT_EQ(none_credible.ranking.size(), 2u);
}

TEST(InfluenceTest, LargeGraphTiming) {
  // 200,000 accounts (10% zombies), 20,000 roots, 2,000,000 forwards with heavy-tailed parents.
  std::mt19937_64 rng(11);
  GraphBuilder b;
  const Index n = 200'000;
  for (Index i = 0; i < n; ++i) b.Account(static_cast<int64_t>(rng() % 1000), rng() % 10 != 0);
  std::vector<uint32_t> roots;
  for (int r = 0; r < 20'000; ++r) {
    const auto u = static_cast<double>(rng() % 1'000'000 + 1) / 1'000'000.0;
    roots.push_back(b.Root(static_cast<Index>(static_cast<double>(n - 1) * u * u * u), {0}));
  }
  const SocialGraph base = b.Build({"t"});
  SocialGraph g = base;
  for (int f = 0; f < 2'000'000; ++f) {
    const uint32_t root = roots[rng() % roots.size()];
    const Index forwarder = static_cast<Index>(rng() % n);
    const Index parent = rng() % 4 == 0 ? static_cast<Index>(rng() % n) : g.roots[root].author;
    g.forwards.push_back({forwarder, parent, root, f});
  }
  const auto start = std::chrono::steady_clock::now();
  const InfluenceReport r = ComputeInfluence(g);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::vector<double> influence(n), fans(n);
  for (Index i = 0; i < n; ++i) {
    influence[i] = r.accounts[i].score;
    fans[i] = static_cast<double>(g.fans[i]);
  }
  const auto tau_start = std::chrono::steady_clock::now();
  const double tau = KendallTauB(influence, fans);
  const double tau_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - tau_start).count();
  std::printf(
      "influence on %u accounts, %zu forwards: %.2f s, %d iterations; tau-b against "
      "fans over all accounts %.3f in %.2f s\n",
      n, g.forwards.size(), seconds, r.iterations, tau, tau_seconds);
  EXPECT_TRUE(r.converged);
  EXPECT_LT(seconds, 30.0);
  EXPECT_LT(std::fabs(tau), 0.05);  // fans were drawn independently of forwards

  // The cross-check: among accounts with originals, the score agrees with the reach of their
  // posts and with their credible forwarders.
  std::vector<double> score, reach, by;
  for (Index i = 0; i < n; ++i) {
    if (r.accounts[i].posts == 0) continue;
    score.push_back(r.accounts[i].score);
    reach.push_back(static_cast<double>(r.accounts[i].reach));
    by.push_back(static_cast<double>(r.accounts[i].forwarded_by));
  }
  const double tau_reach = KendallTauB(score, reach), tau_by = KendallTauB(score, by);
  std::printf(
      "%zu authors: tau-b of the score against reach %.3f, against forwarded_by %.3f; "
      "top-100 overlap with reach %.2f\n",
      score.size(), tau_reach, tau_by, TopKOverlap(score, reach, 100));
  EXPECT_GT(tau_reach, 0.2);  // noisy at the bottom: most authors have a few forwards
  EXPECT_GT(tau_by, 0.2);
  EXPECT_GT(TopKOverlap(score, reach, 100), 0.5);
}

// The O(n²) definition of tau-b, to check the O(n log n) one.
double SlowTauB(const std::vector<double>& a, const std::vector<double>& b) {
  double concordant = 0, discordant = 0, ties_a = 0, ties_b = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j = i + 1; j < a.size(); ++j) {
      const double da = a[i] - a[j], db = b[i] - b[j];
      if (da == 0 && db == 0) continue;
      if (da == 0) {
        ++ties_a;
      } else if (db == 0) {
        ++ties_b;
      } else if ((da > 0) == (db > 0)) {
        ++concordant;
      } else {
        ++discordant;
      }
    }
  }
  const double d =
      std::sqrt((concordant + discordant + ties_a) * (concordant + discordant + ties_b));
  return d > 0 ? (concordant - discordant) / d : 0;
}

TEST(RankCorrelationTest, KendallTauB) {
  const std::vector<double> x = {1, 2, 3, 4, 5, 6};
  EXPECT_DOUBLE_EQ(KendallTauB(x, x), 1.0);
  EXPECT_DOUBLE_EQ(KendallTauB(x, {6, 5, 4, 3, 2, 1}), -1.0);
  EXPECT_NEAR(KendallTauB({1, 2, 3, 4}, {1, 1, 2, 2}), 4.0 / std::sqrt(24.0), 1e-12);
  EXPECT_EQ(KendallTauB({1, 1, 1}, {1, 2, 3}), 0);  // all ties on one side
  EXPECT_EQ(KendallTauB({1}, {1}), 0);
  EXPECT_EQ(KendallTauB({1, 2}, {1}), 0);
  const double nan = std::nan("");
  EXPECT_DOUBLE_EQ(KendallTauB({nan, 1, 2}, {0, 1, 2}), 1.0);  // NaN ranks lowest
  EXPECT_DOUBLE_EQ(TopKOverlap({nan, 1, 2}, {0, 1, 2}, 2), 1.0);

  std::mt19937_64 rng(3);
  for (int trial = 0; trial < 50; ++trial) {
    const size_t n = 2 + rng() % 300;
    std::vector<double> a(n), b(n);
    for (size_t i = 0; i < n; ++i) {
      a[i] = static_cast<double>(rng() % 20);  // many ties
      b[i] = static_cast<double>(rng() % (trial % 2 ? 5 : 1000));
    }
    EXPECT_NEAR(KendallTauB(a, b), SlowTauB(a, b), 1e-12) << trial;
  }
}

TEST(RankCorrelationTest, KendallTauBIsFastEnough) {
  std::mt19937_64 rng(5);
  const size_t n = 200'000;
  std::vector<double> a(n), b(n);
  for (size_t i = 0; i < n; ++i) {
    a[i] = static_cast<double>(rng() % 100'000);
    b[i] = a[i] + static_cast<double>(rng() % 1000);
  }
  const double tau = KendallTauB(a, b);
  EXPECT_GT(tau, 0.9);
  EXPECT_LE(tau, 1.0);
}

TEST(RankCorrelationTest, TopKOverlap) {
  const std::vector<double> a = {9, 8, 7, 6, 5, 4};
  const std::vector<double> b = {1, 8, 7, 2, 9, 3};
  EXPECT_DOUBLE_EQ(TopKOverlap(a, a, 3), 1.0);
  EXPECT_DOUBLE_EQ(TopKOverlap(a, b, 3), 2.0 / 3.0);  // {0,1,2} vs {4,1,2}
  EXPECT_DOUBLE_EQ(TopKOverlap(a, b, 100), 1.0);      // k clamped to 6
  EXPECT_DOUBLE_EQ(TopKOverlap({}, {}, 5), 0.0);
  EXPECT_DOUBLE_EQ(TopKOverlap({1, 2}, {1}, 1), 0.0);
}

}  // namespace
}  // namespace cw::analytics
