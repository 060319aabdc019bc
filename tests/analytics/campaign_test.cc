#include "analytics/campaign.h"

#include <gtest/gtest.h>

#include <vector>

namespace cw::analytics {
namespace {

// Account 0 has 9 fans who never forward its 5 posts; account 10 has 5 fans (11..15) who forwarded
// every one of its 5 posts. Everyone is eligible and credible.
SocialGraph History() {
  const size_t n = 16;
  SocialGraph g;
  for (size_t i = 0; i < n; ++i) g.account_ids.push_back(static_cast<Id>(1000 + i));
  g.credible.assign(n, 1);
  g.eligible.assign(n, 1);
  g.hidden.assign(n, 0);
  g.originals.assign(n, 0);
  g.fans.assign(n, 0);
  g.fan_offset.assign(n + 1, 0);
  for (Index v = 0; v < n; ++v) {
    if (v == 0) {
      for (Index f = 1; f <= 9; ++f) g.fan_index.push_back(f);
    } else if (v == 10) {
      for (Index f = 11; f <= 15; ++f) g.fan_index.push_back(f);
    }
    g.fan_offset[v + 1] = g.fan_index.size();
    g.fans[v] = static_cast<int64_t>(g.fan_offset[v + 1] - g.fan_offset[v]);
  }
  TimeMs at = 1'000'000;
  for (Index author : {Index{0}, Index{10}}) {
    for (int i = 0; i < 5; ++i) {
      g.roots.push_back({static_cast<Id>(g.roots.size() + 1), author, at += 1000, 0, 0});
      ++g.originals[author];
      if (author != 10) continue;
      for (Index fan = 11; fan <= 15; ++fan) {
        g.forwards.push_back({fan, author, static_cast<uint32_t>(g.roots.size() - 1), at += 10});
      }
    }
  }
  return g;
}

TEST(CampaignTest, ChoosesWhoGetsForwardedAndScoresEverySetAlike) {
  SocialGraph g = History();
  CampaignOptions o;
  o.k = 1;
  o.simulations = 4000;
  o.seed = 3;
  o.evaluate = {5};
  std::vector<double> influence(g.size(), 0);
  influence[3] = 1;  // the influence baseline follows the scores given
  auto r = RunCampaign(g, o, influence);
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->choice.seeds.size(), 1u);
  EXPECT_EQ(r->choice.seeds[0].account, 10u);
  EXPECT_EQ(r->top_fans.seeds, std::vector<Index>{0});
  EXPECT_EQ(r->top_influence.seeds, std::vector<Index>{3});
  ASSERT_TRUE(r->evaluated.has_value());
  EXPECT_EQ(r->evaluated->seeds, std::vector<Index>{5});
  EXPECT_NEAR(r->evaluated->reach.mean, 1.0, 1e-9) << "a fan with no fans reaches itself";
  EXPECT_GT(r->reach.mean, r->top_fans.reach.mean + 1.0);
  EXPECT_GT(r->reach.mean, r->top_influence.reach.mean);
  EXPECT_EQ(r->reach.simulations, 4000);
  EXPECT_EQ(r->counted, g.size());
}

TEST(CampaignTest, RefusesBadOptions) {
  SocialGraph g = History();
  CampaignOptions o;
  o.simulations = 0;
  EXPECT_FALSE(RunCampaign(g, o, {}).ok());
  o.simulations = 10;
  EXPECT_FALSE(RunCampaign(g, o, std::vector<double>(3, 0)).ok()) << "one score per account";
  o.evaluate = {99};
  EXPECT_FALSE(RunCampaign(g, o, {}).ok());
  o.evaluate.clear();
  o.k = 0;
  EXPECT_FALSE(RunCampaign(g, o, {}).ok());
}

}  // namespace
}  // namespace cw::analytics
