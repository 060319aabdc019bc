#include "analytics/store_graph.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "analytics/seeding.h"
#include "tests/store/store_fixture.h"

namespace cw::analytics {
namespace {

class StoreGraphTest : public cw::testing::StoreTest {
 protected:
  // The index of an account in the graph.
  static Index IndexOf(const SocialGraph& g, Id id) {
    auto it = std::find(g.account_ids.begin(), g.account_ids.end(), id);
    return it == g.account_ids.end() ? kNoIndex : static_cast<Index>(it - g.account_ids.begin());
  }
  static std::vector<Index> FansOf(const SocialGraph& g, Index v) {
    return {g.fan_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[v]),
            g.fan_index.begin() + static_cast<ptrdiff_t>(g.fan_offset[v + 1])};
  }
};

TEST_F(StoreGraphTest, LoadsAccountsFollowsForwardsAndTopics) {
  Account brand = AddAccount("brand");
  Account ann = AddAccount("ann");
  Account bob = AddAccount("bob");
  Account zed = MakeAccount("zed");  // a zombie: not credible
  zed.credible = false;
  CW_ASSERT_OK(accounts().PutAccount(zed));
  Account sus = MakeAccount("sus");  // suspended
  sus.state = AccountState::kSuspended;
  sus.credible = false;
  CW_ASSERT_OK(accounts().PutAccount(sus));
  Account lim = MakeAccount("lim");  // limited: credible flag cleared by the moderator
  lim.state = AccountState::kLimited;
  lim.credible = false;
  CW_ASSERT_OK(accounts().PutAccount(lim));
  for (const Account* fan : {&ann, &bob, &zed, &sus}) AddFollow(fan->id, brand.id);
  AddFollow(bob.id, ann.id);
  AddFollow(brand.id, lim.id);

  Post launch = AddPost(brand.id, "new phone #手机# and #Launch#");
  Post plain = AddPost(brand.id, "no topic here");
  AddPost(ann.id, "#手机# is great #launch");
  Post f1 = AddForward(ann.id, launch);
  Post f2 = AddForward(bob.id, f1);  // forwarded from ann
  // An import with ids out of time order: a forward whose parent has a larger id.
  Post late_parent = MakePost(ann.id, "later id, earlier time");
  late_parent.id = 900'000;
  late_parent.root_id = launch.id;
  late_parent.parent_id = launch.id;
  CW_ASSERT_OK(posts().PutPost(late_parent, {}));
  Post early_child = MakePost(bob.id, "");
  early_child.id = 5;
  early_child.root_id = launch.id;
  early_child.parent_id = late_parent.id;
  CW_ASSERT_OK(posts().PutPost(early_child, {}));
  // A forward of a deleted forward counts as forwarded from the root's author.
  Post gone = AddForward(zed.id, launch);
  Post orphan = AddForward(bob.id, gone);
  CW_ASSERT_OK(posts().MarkPostDeleted(gone.id, Now()));
  // A forward of a deleted original is left out.
  Post dead = AddPost(lim.id, "deleted later");
  AddForward(brand.id, dead);
  CW_ASSERT_OK(posts().MarkPostDeleted(dead.id, Now()));

  CW_ASSERT_OK_AND_ASSIGN(LoadedGraph loaded, LoadSocialGraph(store()));
  const SocialGraph& g = loaded.graph;
  ASSERT_EQ(g.size(), 6u);
  EXPECT_TRUE(std::is_sorted(g.account_ids.begin(), g.account_ids.end()));
  const Index b = IndexOf(g, brand.id), a = IndexOf(g, ann.id), o = IndexOf(g, bob.id),
              z = IndexOf(g, zed.id), s = IndexOf(g, sus.id), l = IndexOf(g, lim.id);
  EXPECT_EQ(g.follow_count(), 6u);
  std::vector<Index> brand_fans = FansOf(g, b);
  std::vector<Index> want{a, o, z, s};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(brand_fans, want);
  EXPECT_EQ(g.fans[b], 4);
  EXPECT_EQ(FansOf(g, a), std::vector<Index>{o});
  EXPECT_EQ(FansOf(g, l), std::vector<Index>{b});

  EXPECT_EQ(g.credible[b], 1);
  EXPECT_EQ(g.eligible[b], 1);
  EXPECT_EQ(g.credible[z], 0);
  EXPECT_EQ(g.eligible[z], 0);
  EXPECT_EQ(g.hidden[z], 0);
  EXPECT_EQ(g.credible[s], 0);
  EXPECT_EQ(g.eligible[s], 0);
  EXPECT_EQ(g.hidden[s], 1);
  EXPECT_EQ(g.eligible[l], 0);
  EXPECT_EQ(g.hidden[l], 0);
  EXPECT_EQ(g.originals[b], 2u);
  EXPECT_EQ(g.originals[a], 1u);

  // Topics: normalised and sorted; "#Launch#" and "#launch" are one topic.
  ASSERT_EQ(g.topics.size(), 2u);
  auto phone = FindTopic(g, "#手机#"), launch_topic = FindTopic(g, "LAUNCH");
  ASSERT_TRUE(phone && launch_topic);
  EXPECT_FALSE(FindTopic(g, "nothing"));
  // Roots: originals with a topic or a forward (the plain post has neither).
  ASSERT_EQ(g.roots.size(), 2u);
  EXPECT_EQ(g.roots[0].id, launch.id);
  EXPECT_EQ(g.roots[0].author, b);
  std::vector<uint32_t> topics(g.root_topics.begin() + g.roots[0].topic_begin,
                               g.root_topics.begin() + g.roots[0].topic_end);
  std::sort(topics.begin(), topics.end());
  std::vector<uint32_t> both{*phone, *launch_topic};
  std::sort(both.begin(), both.end());
  EXPECT_EQ(topics, both);
  for (const RootPost& r : g.roots) EXPECT_NE(r.id, plain.id);

  // Forwards in time order, with whom each was forwarded from.
  std::vector<std::pair<Index, Index>> edges;
  for (const ForwardEvent& f : g.forwards) {
    EXPECT_EQ(f.root, 0u);
    edges.push_back({f.parent_author, f.forwarder});
  }
  EXPECT_TRUE(std::is_sorted(g.forwards.begin(), g.forwards.end(),
                             [](const ForwardEvent& x, const ForwardEvent& y) { return x.at < y.at; }));
  std::vector<std::pair<Index, Index>> want_edges{{b, a}, {a, o}, {b, a}, {a, o}, {b, o}};
  std::sort(edges.begin(), edges.end());
  std::sort(want_edges.begin(), want_edges.end());
  EXPECT_EQ(edges, want_edges);
  (void)f2;
  (void)orphan;

  IcModel m = LearnForwardModel(g, {});
  EXPECT_EQ(m.observed_edges, 3u);  // b->a, a->o, b->o
  EXPECT_GT(loaded.seconds, 0);
}

TEST_F(StoreGraphTest, AnEmptyStoreGivesAnEmptyGraph) {
  CW_ASSERT_OK_AND_ASSIGN(LoadedGraph loaded, LoadSocialGraph(store()));
  EXPECT_EQ(loaded.graph.size(), 0u);
  EXPECT_EQ(loaded.graph.fan_offset.size(), 1u);
  IcModel m = LearnForwardModel(loaded.graph, {});
  SeedingOptions o;
  auto r = ChooseSeeds(m, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->seeds.empty());
}

}  // namespace
}  // namespace cw::analytics
