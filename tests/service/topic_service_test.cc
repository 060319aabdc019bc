// Topics and hot search on the real store and services: the manipulation test of the issue (a
// crowd of fresh accounts against established ones), the startup rebuild, tag timelines under
// the visibility policy, hot ordering, and the topic page's volume and contributors.
#include "service/topic_service.h"

#include <algorithm>

#include "search/credibility.h"
#include "search/hot_search.h"
#include "search/search_indexer.h"
#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kDay = 24 * kHour;

class TopicServiceTest : public TestRig {
 protected:
  void SetUp() override {
    TestRig::SetUp();
    credibility_ = std::make_unique<search::StoreCredibility>(store_.get());
    search::HotOptions o;
    o.refresh_ms = 0;
    hot_ = std::make_unique<search::HotSearch>(&clock_, credibility_.get(), o);
    topics_ = std::make_unique<TopicService>(ctx_, hot_.get());
  }

  // Indexes what was posted, feeding hot search as `serve` does.
  void Index() {
    search::SearchIndexer indexer(store_.get());
    indexer.set_post_observer(
        [this](const Post& p, const search::Analysis& a) { hot_->Observe(p, a); });
    ASSERT_OK(indexer.CatchUp());
  }

  std::vector<std::string> HotNames(const std::string& window) {
    auto items = topics_->Hot(window, 50, true);
    EXPECT_TRUE(items.ok()) << items.error().message();
    std::vector<std::string> out;
    if (items.ok()) {
      for (const auto& i : *items) out.push_back(i.name);
    }
    return out;
  }
  static int RankOf(const std::vector<std::string>& names, const std::string& name) {
    auto it = std::find(names.begin(), names.end(), name);
    return it == names.end() ? 1'000'000 : static_cast<int>(it - names.begin());
  }
  std::vector<Id> Ids(const std::vector<Post>& posts) {
    std::vector<Id> out;
    for (const auto& p : posts) out.push_back(p.id);
    return out;
  }

  std::unique_ptr<search::StoreCredibility> credibility_;
  std::unique_ptr<search::HotSearch> hot_;
  std::unique_ptr<TopicService> topics_;
};

TEST_F(TopicServiceTest, TwoHundredFreshAccountsRankBelowFiftyEstablishedOnes) {
  // Fifty established accounts: made months ago, with posts and fans.
  const TimeMs start = clock_.NowMs();
  std::vector<Account> established;
  for (int i = 0; i < 50; ++i) established.push_back(Member("old" + std::to_string(i)));
  for (int i = 0; i < 50; ++i) {
    Original(established[i], "日常分享第" + std::to_string(i) + "条");
    Follow(established[(i + 1) % 50], established[i]);
    Follow(established[(i + 7) % 50], established[i]);
  }
  clock_.Set(start + 120 * kDay);

  // Two hundred accounts made a few minutes ago.
  std::vector<Account> fresh;
  for (int i = 0; i < 200; ++i) fresh.push_back(Member("new" + std::to_string(i)));
  clock_.Advance(3 * kMinute);

  // Within ten minutes: every fresh account posts one topic, the established ones another.
  for (int i = 0; i < 200; ++i) {
    Original(fresh[i], "#买来的热搜# 快来看 " + std::to_string(i));
    clock_.Advance(2'000);
    if (i % 4 == 0) {
      Original(established[i / 4], "#真实的讨论# 我的看法 " + std::to_string(i));
      clock_.Advance(1'000);
    }
  }
  ASSERT_LT(clock_.NowMs() - (start + 120 * kDay), 15 * kMinute);
  Index();

  for (const std::string window : {"1h", "24h"}) {
    auto items = topics_->Hot(window, 50, true);
    ASSERT_OK(items);
    std::vector<std::string> names = HotNames(window);
    ASSERT_NE(RankOf(names, "真实的讨论"), 1'000'000) << window;
    EXPECT_LT(RankOf(names, "真实的讨论"), RankOf(names, "买来的热搜")) << window;
    for (const auto& it : *items) {
      if (it.name == "买来的热搜") {
        EXPECT_EQ(it.accounts, 200);  // more voices, but they weigh little
        EXPECT_LT(it.weight, 5);
      }
      if (it.name == "真实的讨论") {
        EXPECT_EQ(it.accounts, 50);
        EXPECT_NEAR(it.weight, 50, 1e-9);
      }
    }
  }
  auto trending = topics_->Trending(10);
  ASSERT_OK(trending);
  ASSERT_FALSE(trending->empty());
  EXPECT_EQ(trending->front().first.name, "真实的讨论");
  EXPECT_EQ(trending->front().second.front().accounts, 50);
}

TEST_F(TopicServiceTest, RebuildFromTheStoreCountsWhatTheIndexerFed) {
  clock_.Advance(-2 * kDay);
  Account a = Member("alpha"), b = Member("bravo"), c = Member("charlie");
  clock_.Advance(2 * kDay);
  Original(a, "#周末# 去爬山");
  Original(b, "#周末# 看电影");
  Original(c, "#加班# 又是周末加班");
  Original(c, "#周末# 私下说", "friends");
  Index();
  auto fed = topics_->Hot("1h", 50, false);
  ASSERT_OK(fed);

  search::HotSearch rebuilt(&clock_, credibility_.get());
  ASSERT_OK(rebuilt.Rebuild(store_.get()));
  auto again = rebuilt.Rank(*search::ParseHotWindow("1h"), 50, false);
  ASSERT_OK(again);
  ASSERT_EQ(fed->size(), again->size());
  for (size_t i = 0; i < fed->size(); ++i) {
    EXPECT_EQ((*fed)[i].name, (*again)[i].name);
    EXPECT_EQ((*fed)[i].accounts, (*again)[i].accounts);
    EXPECT_EQ((*fed)[i].posts, (*again)[i].posts);
  }
  EXPECT_EQ(HotNames("1h"), (std::vector<std::string>{"周末", "加班"}));
}

TEST_F(TopicServiceTest, SuspendedAccountsStopCounting) {
  clock_.Advance(-2 * kDay);
  Account admin = Member("admin");
  ASSERT_OK(store_->accounts().UpdateAccount([&] {
    Account x = admin;
    x.role = Role::kAdmin;
    return x;
  }()));
  admin = Reload(admin);
  std::vector<Account> crowd;
  for (int i = 0; i < 3; ++i) crowd.push_back(Member("crowd" + std::to_string(i)));
  Account solo = Member("solo");
  clock_.Advance(2 * kDay);
  for (const auto& a : crowd) Original(a, "#三人行#");
  Original(solo, "#独行#");
  Index();
  EXPECT_EQ(HotNames("1h"), (std::vector<std::string>{"三人行", "独行"}));
  for (const auto& a : crowd) ASSERT_OK(accounts_->SetSuspended(&admin, a.id, true));
  clock_.Advance(2 * kMinute);  // past the credibility cache
  EXPECT_EQ(HotNames("1h"), std::vector<std::string>{"独行"});
}

TEST_F(TopicServiceTest, TagTimelineIsNewestFirstPagedAndVisibilityChecked) {
  Account author = Member("author"), friend_ = Member("friendly"), stranger = Member("stranger");
  Follow(author, friend_);
  Follow(friend_, author);
  Post p1 = Original(author, "#读书# 第一本");
  Post p2 = Original(author, "#读书# 第二本");
  Post secret = Original(author, "#读书# 只给朋友", "friends");
  Post p3 = Original(stranger, "今天 #读书# 了");
  Post other = Original(stranger, "#看书# 不是同一个话题");
  auto fwd = ForwardOf(friend_, p1.id, "转发 #读书#");
  ASSERT_OK(fwd);
  Post gone = Original(author, "#读书# 删掉的");
  ASSERT_OK(posts_->Delete(author, gone.id));
  Index();

  Page page;
  auto all = topics_->Latest(&stranger, "读书", page);
  ASSERT_OK(all);
  EXPECT_EQ(Ids(*all), (std::vector<Id>{fwd->id, p3.id, p2.id, p1.id}));
  auto as_friend = topics_->Latest(&friend_, "#读书#", page);
  ASSERT_OK(as_friend);
  EXPECT_EQ(Ids(*as_friend), (std::vector<Id>{fwd->id, p3.id, secret.id, p2.id, p1.id}));
  auto anonymous = topics_->Latest(nullptr, "读书", page);
  ASSERT_OK(anonymous);
  EXPECT_EQ(anonymous->size(), 4u);

  page.limit = 2;
  auto first = topics_->Latest(&stranger, "读书", page);
  ASSERT_OK(first);
  EXPECT_EQ(Ids(*first), (std::vector<Id>{fwd->id, p3.id}));
  page.max_id = p3.id;
  auto second = topics_->Latest(&stranger, "读书", page);
  ASSERT_OK(second);
  EXPECT_EQ(Ids(*second), (std::vector<Id>{p2.id, p1.id}));
  Page newer;
  newer.since_id = p2.id;
  auto since = topics_->Latest(&stranger, "读书", newer);
  ASSERT_OK(since);
  EXPECT_EQ(Ids(*since), (std::vector<Id>{fwd->id, p3.id}));
  (void)other;
}

TEST_F(TopicServiceTest, HotOrderPutsEngagementFirst) {
  Account a = Member("writer"), b = Member("reader1"), c = Member("reader2");
  Post quiet = Original(a, "#美食# 早饭");
  Post loved = Original(a, "#美食# 红烧肉");
  Post newest = Original(a, "#美食# 晚饭");
  ASSERT_OK(posts_->Like(b, quiet.id));
  ASSERT_OK(posts_->Like(c, quiet.id));
  ASSERT_OK(ForwardOf(b, quiet.id, ""));
  ASSERT_OK(posts_->Like(b, loved.id));
  Index();
  auto hot = topics_->Hottest(&c, "美食", 10, 0);
  ASSERT_OK(hot);
  EXPECT_EQ(Ids(*hot), (std::vector<Id>{quiet.id, loved.id, newest.id}));
  auto paged = topics_->Hottest(&c, "美食", 1, 1);
  ASSERT_OK(paged);
  EXPECT_EQ(Ids(*paged), std::vector<Id>{loved.id});
  EXPECT_GT(TopicPostHeat(0, 10, 0, 0), TopicPostHeat(0, 1, 0, 0));
  EXPECT_NEAR(TopicPostHeat(24 * kHour, 0, 0, 0), 0.5, 1e-9);
}

TEST_F(TopicServiceTest, TopicPageHasHourlyVolumeAndTopContributors) {
  const TimeMs now = clock_.NowMs();
  clock_.Advance(-2 * kDay);
  Account a = Member("anna"), b = Member("bert"), viewer = Member("viewer");
  clock_.Set(now / kHour * kHour + 10 * kMinute);
  Original(a, "#世界杯# 开赛");
  clock_.Advance(kHour);
  Original(a, "#世界杯# 进球了");
  Original(a, "#世界杯# 又进了");
  Original(b, "#世界杯# 好球");
  Original(b, "#世界杯# 不公开", "only_me");
  Index();
  auto page = topics_->Get(&viewer, "世界杯", 3);
  ASSERT_OK(page);
  EXPECT_EQ(page->topic.name, "世界杯");
  EXPECT_EQ(page->topic.posts_count, 4);
  ASSERT_EQ(page->volume.size(), 3u);
  EXPECT_EQ(page->volume[0].posts, 0);
  EXPECT_EQ(page->volume[1].posts, 1);
  EXPECT_EQ(page->volume[2].posts, 3);
  EXPECT_EQ(page->volume[2].accounts, 2);
  EXPECT_EQ(page->volume[2].hour % kHour, 0);
  ASSERT_EQ(page->contributors.size(), 2u);
  EXPECT_EQ(page->contributors[0].account.id, a.id);
  EXPECT_EQ(page->contributors[0].posts, 3);
  EXPECT_EQ(page->contributors[1].posts, 1);
  ASSERT_EQ(page->history.size(), 7u);
  EXPECT_EQ(page->hot_rank, 1);
  ASSERT_TRUE(page->hot.has_value());
  EXPECT_EQ(page->hot->accounts, 2);

  // A viewer who blocked anna does not see her among the contributors.
  ASSERT_OK(relations_->Block(viewer, a.id));
  auto blocked = topics_->Get(&viewer, "世界杯", 3);
  ASSERT_OK(blocked);
  ASSERT_EQ(blocked->contributors.size(), 1u);
  EXPECT_EQ(blocked->contributors[0].account.id, b.id);

  // A topic last used long ago shows the hours up to its last use.
  clock_.Advance(30 * kDay);
  auto old = topics_->Get(nullptr, "世界杯", 3);
  ASSERT_OK(old);
  EXPECT_EQ(old->volume[2].posts, 3);
}

TEST_F(TopicServiceTest, BadNamesAndWindowsAreRefused) {
  EXPECT_CODE(topics_->Get(nullptr, "", 24), ErrorCode::kInvalidArgument);
  EXPECT_CODE(topics_->Get(nullptr, "##", 24), ErrorCode::kInvalidArgument);
  EXPECT_CODE(topics_->Get(nullptr, std::string(65, 'a'), 24), ErrorCode::kInvalidArgument);
  EXPECT_CODE(topics_->Get(nullptr, "\xff\xfe", 24), ErrorCode::kInvalidArgument);
  EXPECT_CODE(topics_->Get(nullptr, "无人用过", 24), ErrorCode::kNotFound);
  EXPECT_CODE(topics_->Get(nullptr, "好", 0), ErrorCode::kInvalidArgument);
  EXPECT_CODE(topics_->Latest(nullptr, "!!!", Page{}), ErrorCode::kInvalidArgument);
  EXPECT_CODE(topics_->Hot("2h", 10, true), ErrorCode::kInvalidArgument);
  auto ok = topics_->Latest(nullptr, std::string(64, 'a'), Page{});
  ASSERT_OK(ok);
  EXPECT_TRUE(ok->empty());
  EXPECT_EQ(*TopicTermOfName("#ＡＢＣ#"), "#abc");
}

}  // namespace
}  // namespace cw::testing
