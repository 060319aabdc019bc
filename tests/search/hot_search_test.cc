// Hot search on its own: the burst formula, the default credibility rule, and the tracker's
// counting (distinct accounts, windows against their baseline, words, bounds), fed posts directly
// with credibility from a table.
#include "search/hot_search.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>

#include "common/text/entities.h"

namespace cw::search {
namespace {

constexpr TimeMs kMinute = 60'000;
constexpr TimeMs kHour = 60 * kMinute;
constexpr TimeMs kDay = 24 * kHour;

// Every account weighs 1 unless the table says otherwise.
class TableCredibility : public CredibilityProvider {
 public:
  Result<std::unordered_map<Id, double>> Weigh(const std::vector<Id>& ids, TimeMs) override {
    std::unordered_map<Id, double> out;
    for (Id id : ids) out[id] = weights.count(id) ? weights[id] : 1.0;
    return out;
  }
  std::unordered_map<Id, double> weights;
};

class HotSearchTest : public ::testing::Test {
 protected:
  HotSearchTest() { Reset({}); }

  void Reset(HotOptions o) {
    o.refresh_ms = 0;
    hot_ = std::make_unique<HotSearch>(&clock_, &credibility_, o);
  }

  // A post by `account` at `at` (default: now).
  void Say(Id account, const std::string& text, TimeMs at = 0, Visibility v = Visibility::kPublic) {
    Post p;
    p.id = ++next_id_;
    p.author_id = account;
    p.text = text;
    p.visibility = v;
    p.entities = text::ExtractEntities(text);
    p.created_at = at ? at : clock_.NowMs();
    hot_->Observe(p);
  }

  std::vector<HotItem> Rank(const std::string& window = "1h", bool topics_only = true) {
    auto r = hot_->Rank(*ParseHotWindow(window), 50, topics_only);
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<HotItem>{};
  }
  static std::vector<std::string> Names(const std::vector<HotItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.name);
    return out;
  }
  static const HotItem* Find(const std::vector<HotItem>& items, const std::string& name) {
    for (const auto& i : items) {
      if (i.name == name) return &i;
    }
    return nullptr;
  }

  ManualClock clock_{1'700'000'000'000};
  TableCredibility credibility_;
  std::unique_ptr<HotSearch> hot_;
  Id next_id_ = 1000;
};

TEST(BurstScoreTest, BurstIsTheSmoothedRatioOfWindowToBaseline) {
  EXPECT_DOUBLE_EQ(BurstRatio(9, 0, 1), 10);
  EXPECT_DOUBLE_EQ(BurstRatio(9, 9, 1), 1);
  EXPECT_DOUBLE_EQ(BurstRatio(0, 4, 1), 0.2);
  EXPECT_DOUBLE_EQ(HotScore(9, 0, 1), 9 * std::log(11.0));
  EXPECT_EQ(HotScore(0, 0, 1), 0);
}

TEST(BurstScoreTest, ALargeCrowdOutranksASmallSpike) {
  // 50 ordinary voices, even at their usual level, beat 2 voices out of nowhere.
  EXPECT_GT(HotScore(50, 50, 1), HotScore(2, 0, 1));
}

TEST(BurstScoreTest, AtEqualSizeTheSuddenOutranksTheUsual) {
  EXPECT_GT(HotScore(30, 0, 1), HotScore(30, 10, 1));
  EXPECT_GT(HotScore(30, 10, 1), HotScore(30, 30, 1));
}

TEST(BurstScoreTest, ScoreGrowsWithTheCrowd) {
  for (double w = 1; w < 100; w += 7) EXPECT_LT(HotScore(w, 5, 1), HotScore(w + 1, 5, 1));
}

TEST(CredibilityTest, DefaultWeighsByStateAndAge) {
  const TimeMs now = 10 * kDay;
  EXPECT_DOUBLE_EQ(DefaultCredibility(AccountState::kActive, now - 90 * kDay, now), 1);
  EXPECT_DOUBLE_EQ(DefaultCredibility(AccountState::kActive, now - kDay, now), 1);
  EXPECT_DOUBLE_EQ(DefaultCredibility(AccountState::kActive, now - kDay / 2, now), 0.5);
  EXPECT_NEAR(DefaultCredibility(AccountState::kActive, now - kMinute, now), 1.0 / 1440, 1e-12);
  EXPECT_EQ(DefaultCredibility(AccountState::kActive, now, now), 0);
  EXPECT_EQ(DefaultCredibility(AccountState::kSuspended, now - 90 * kDay, now), 0);
  EXPECT_EQ(DefaultCredibility(AccountState::kLimited, now - 90 * kDay, now), 0);
}

TEST_F(HotSearchTest, CountsDistinctAccountsNotPosts) {
  for (int i = 0; i < 20; ++i) Say(1, "刷屏 #一个人的话题#");
  Say(2, "#三个人的话题#");
  Say(3, "#三个人的话题#");
  Say(4, "#三个人的话题#");
  auto items = Rank();
  ASSERT_EQ(Names(items), (std::vector<std::string>{"三个人的话题", "一个人的话题"}));
  EXPECT_EQ(items[1].accounts, 1);
  EXPECT_EQ(items[1].posts, 20);
  EXPECT_EQ(items[0].accounts, 3);
  EXPECT_DOUBLE_EQ(items[0].weight, 3);
}

// Enough accounts that a bucket's ids are merged in several rounds, each account posting again
// before and after its id was merged; a repeat never takes a place under the cap.
TEST_F(HotSearchTest, RepeatPostersCountOnceInALargeCrowd) {
  HotOptions o;
  o.max_bucket_accounts = 120;
  Reset(o);
  for (int round = 0; round < 3; ++round) {
    for (Id a = 220; a > 100; --a) Say(a * 7 % 211 + 1000, "#大家的话题#");
  }
  auto items = Rank();
  ASSERT_EQ(Names(items), (std::vector<std::string>{"大家的话题"}));
  EXPECT_EQ(items[0].accounts, 120);
  EXPECT_EQ(items[0].posts, 360);
}

TEST_F(HotSearchTest, AccountsAreWeighedByCredibility) {
  for (Id a = 100; a < 130; ++a) {
    credibility_.weights[a] = 0.01;  // thirty accounts made minutes ago
    Say(a, "#水军话题#");
  }
  for (Id a = 200; a < 205; ++a) Say(a, "#真话题#");
  credibility_.weights[300] = 0;  // suspended
  Say(300, "#封号话题#");
  auto items = Rank();
  EXPECT_EQ(Names(items), (std::vector<std::string>{"真话题", "水军话题"}));
  EXPECT_EQ(Find(items, "水军话题")->accounts, 30);
  EXPECT_NEAR(Find(items, "水军话题")->weight, 0.3, 1e-9);
}

TEST_F(HotSearchTest, BaselineIsTheMeanOverThePeriodsBeforeTheWindow) {
  // #日常# has the same 6 accounts every hour of the past day; #突发# appears now with 6.
  const TimeMs now = clock_.NowMs();
  for (int h = 1; h <= 24; ++h) {
    for (Id a = 1; a <= 6; ++a) Say(a, "#日常#", now - h * kHour + 5 * kMinute);
  }
  for (Id a = 1; a <= 6; ++a) Say(a, "#日常#");
  for (Id a = 11; a <= 16; ++a) Say(a, "#突发#");
  auto items = Rank("1h");
  ASSERT_EQ(Names(items), (std::vector<std::string>{"突发", "日常"}));
  EXPECT_NEAR(items[1].baseline, 6, 1e-9);
  EXPECT_NEAR(items[1].burst, 1, 1e-9);
  EXPECT_EQ(items[0].baseline, 0);
  EXPECT_NEAR(items[0].burst, 7, 1e-9);
}

TEST_F(HotSearchTest, WindowsSlideWithTheClock) {
  Say(1, "#早上的事#");
  clock_.Advance(2 * kHour);
  EXPECT_TRUE(Rank("1h").empty());
  EXPECT_EQ(Names(Rank("24h")), std::vector<std::string>{"早上的事"});
  clock_.Advance(kDay);
  EXPECT_TRUE(Rank("24h").empty());
}

TEST_F(HotSearchTest, OnlyPublicPostsCount) {
  Say(1, "#秘密话题#", 0, Visibility::kFriends);
  Say(2, "#秘密话题#", 0, Visibility::kOnlyMe);
  Say(3, "#秘密话题#", 0, Visibility::kUnlisted);
  EXPECT_TRUE(Rank().empty());
  EXPECT_EQ(hot_->series_count(), 0u);
}

TEST_F(HotSearchTest, HistoryCountsEachUtcDay) {
  const TimeMs today = clock_.NowMs() / kDay * kDay;
  Say(1, "#历史#", today + kMinute);
  Say(1, "#历史#", today + 2 * kMinute);
  Say(2, "#历史#", today - kHour);
  auto days = hot_->History("#历史", 7);
  ASSERT_EQ(days.size(), 7u);
  EXPECT_EQ(days[0].day, today);
  EXPECT_EQ(days[0].posts, 2);
  EXPECT_EQ(days[0].accounts, 1);
  EXPECT_EQ(days[1].posts, 1);
  EXPECT_EQ(days[2].posts, 0);
}

TEST_F(HotSearchTest, BurstingWordsAreListedOnceWithoutTheirFragments) {
  // Five accounts suddenly say 地震了; the bigrams 地震 and 震了 share one crowd.
  for (Id a = 1; a <= 5; ++a) Say(a, "刚才地震了");
  Say(9, "今天天气不错");
  auto items = Rank("1h", false);
  ASSERT_EQ(items.size(), 1u) << ::testing::PrintToString(Names(items));
  EXPECT_EQ(items[0].kind, HotKind::kTerm);
  EXPECT_EQ(items[0].accounts, 5);
}

TEST_F(HotSearchTest, ATopicsOwnWordsDoNotRepeatIt) {
  for (Id a = 1; a <= 5; ++a) Say(a, "#春节快乐#");
  EXPECT_EQ(Names(Rank("1h", false)), std::vector<std::string>{"春节快乐"});
}

TEST_F(HotSearchTest, WordsNeedACrowdAndABurst) {
  Say(1, "独角兽");
  Say(2, "独角兽");
  EXPECT_TRUE(Rank("1h", false).empty());  // two accounts are not a crowd
  const TimeMs now = clock_.NowMs();
  for (int h = 1; h <= 24; ++h) {
    for (Id a = 10; a <= 15; ++a) Say(a, "早安", now - h * kHour);
  }
  for (Id a = 10; a <= 15; ++a) Say(a, "早安");
  EXPECT_EQ(Find(Rank("1h", false), "早安"), nullptr);  // said every hour: no burst
}

TEST_F(HotSearchTest, OldBucketsAreDropped) {
  Say(1, "#很久以前#", clock_.NowMs() - 9 * kDay);  // beyond retention: never counted
  EXPECT_EQ(hot_->series_count(), 0u);
  Say(2, "#上周#", clock_.NowMs() - 6 * kDay);
  EXPECT_GT(hot_->series_count(), 0u);
  clock_.Advance(3 * kDay);
  Rank();
  EXPECT_EQ(hot_->series_count(), 0u);
}

TEST_F(HotSearchTest, MemoryIsBoundedBySeriesAndBucketCaps) {
  HotOptions o;
  o.max_series = 100;
  o.max_bucket_accounts = 4;
  Reset(o);
  for (int i = 0; i < 500; ++i) Say(1, "#话题" + std::to_string(i) + "#");
  EXPECT_LE(hot_->series_count(), 100u);
  for (Id a = 10; a < 20; ++a) Say(a, "#人多#");
  const HotItem* many = Find(Rank(), "人多");
  ASSERT_NE(many, nullptr);
  EXPECT_EQ(many->accounts, 10);  // 4 kept, 6 counted
  EXPECT_NEAR(many->weight, 10, 1e-9);
}

TEST(HotWindowTest, OnlyOneHourAndOneDay) {
  EXPECT_EQ(ParseHotWindow("1h")->baseline_periods, 24);
  EXPECT_EQ(ParseHotWindow("24h")->length_ms, kDay);
  EXPECT_FALSE(ParseHotWindow("2h"));
  EXPECT_FALSE(ParseHotWindow(""));
}

}  // namespace
}  // namespace cw::search
