// InMemoryRateLimiter (GCRA) and the rule syntax, on a manual clock.
#include "service/in_memory_rate_limiter.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

namespace cw {
namespace {

constexpr TimeMs kMin = 60'000;
constexpr TimeMs kHour = 60 * kMin;
constexpr TimeMs kDay = 24 * kHour;

class RateLimiterTest : public ::testing::Test {
 protected:
  ManualClock clock_{1'700'000'000'000};
  InMemoryRateLimiter limiter_{&clock_};
};

TEST_F(RateLimiterTest, AllowsTheLimitAtOnceThenRefusesWithRetryAfter) {
  std::vector<RateRule> rules = {{3, kMin}};
  for (int i = 0; i < 3; ++i) {
    auto d = limiter_.Acquire("post:1", rules);
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->allowed);
    EXPECT_EQ(d->limit, 3);
    EXPECT_EQ(d->remaining, 2 - i);
  }
  auto refused = limiter_.Acquire("post:1", rules);
  ASSERT_TRUE(refused);
  EXPECT_FALSE(refused->allowed);
  EXPECT_EQ(refused->remaining, 0);
  // One action comes back every 20 s.
  EXPECT_EQ(refused->retry_after_ms, 20'000);
  EXPECT_EQ(refused->reset_at, clock_.NowMs() + kMin);
}

TEST_F(RateLimiterTest, BudgetComesBackOverTheWindow) {
  std::vector<RateRule> rules = {{3, kMin}};
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(limiter_.Acquire("k", rules)->allowed);
  clock_.Advance(19'999);
  EXPECT_FALSE(limiter_.Acquire("k", rules)->allowed);
  clock_.Advance(1);
  EXPECT_TRUE(limiter_.Acquire("k", rules)->allowed);
  EXPECT_FALSE(limiter_.Acquire("k", rules)->allowed);
  clock_.Advance(kMin);
  EXPECT_EQ(limiter_.Acquire("k", rules)->remaining, 2);
}

TEST_F(RateLimiterTest, RefusedRequestsDoNotConsume) {
  std::vector<RateRule> rules = {{2, kMin}};
  ASSERT_TRUE(limiter_.Acquire("k", rules)->allowed);
  ASSERT_TRUE(limiter_.Acquire("k", rules)->allowed);
  for (int i = 0; i < 100; ++i) ASSERT_FALSE(limiter_.Acquire("k", rules)->allowed);
  clock_.Advance(30'000);
  EXPECT_TRUE(limiter_.Acquire("k", rules)->allowed);
}

TEST_F(RateLimiterTest, EveryRuleMustAllowAndTheTightestIsReported) {
  // 30 per 10 minutes and 40 per day: the day's budget runs out after two bursts.
  std::vector<RateRule> rules = {{30, 10 * kMin}, {40, kDay}};
  auto first = limiter_.Acquire("k", rules);
  EXPECT_EQ(first->limit, 30);
  EXPECT_EQ(first->remaining, 29);
  for (int i = 1; i < 30; ++i) ASSERT_TRUE(limiter_.Acquire("k", rules)->allowed);
  auto burst_over = limiter_.Acquire("k", rules);
  EXPECT_FALSE(burst_over->allowed);
  EXPECT_EQ(burst_over->limit, 30);
  clock_.Advance(10 * kMin);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(limiter_.Acquire("k", rules)->allowed) << i;
  auto day_over = limiter_.Acquire("k", rules);
  EXPECT_FALSE(day_over->allowed);
  EXPECT_EQ(day_over->limit, 40);
  EXPECT_GT(day_over->retry_after_ms, 10 * kMin);
  // The refusal took nothing from the 10-minute rule either.
  clock_.Advance(day_over->retry_after_ms);
  EXPECT_TRUE(limiter_.Acquire("k", rules)->allowed);
}

TEST_F(RateLimiterTest, KeysAreIndependentAndRefundGivesBack) {
  std::vector<RateRule> rules = {{1, kHour}};
  EXPECT_TRUE(limiter_.Acquire("follow:1", rules)->allowed);
  EXPECT_TRUE(limiter_.Acquire("follow:2", rules)->allowed);
  EXPECT_FALSE(limiter_.Acquire("follow:1", rules)->allowed);
  limiter_.Refund("follow:1", rules);
  EXPECT_TRUE(limiter_.Acquire("follow:1", rules)->allowed);
}

TEST_F(RateLimiterTest, NoRulesMeansNoLimit) {
  EXPECT_FALSE(limiter_.Acquire("k", {}).has_value());
}

TEST_F(RateLimiterTest, MemoryStaysBoundedAndIdleKeysGoFirst) {
  InMemoryRateLimiter small(&clock_, 64 * 10);  // 10 keys per shard
  std::vector<RateRule> rules = {{1, kHour}};
  // A busy key that must survive a flood of keys that go idle.
  ASSERT_TRUE(small.Acquire("busy", rules)->allowed);
  clock_.Advance(1);
  for (int i = 0; i < 5000; ++i) {
    ASSERT_TRUE(small.Acquire("idle:" + std::to_string(i), {{1000, kMin}})->allowed);
  }
  EXPECT_LE(small.size(), 64u * 10);
  clock_.Advance(kMin);  // every idle key's budget is full again
  for (int i = 0; i < 5000; ++i) ASSERT_TRUE(small.Acquire("new:" + std::to_string(i), {{1000, kMin}})->allowed);
  EXPECT_LE(small.size(), 64u * 10);
}

TEST_F(RateLimiterTest, ConcurrentCallersNeverExceedTheLimit) {
  std::vector<RateRule> rules = {{1000, kHour}};
  std::atomic<int> allowed{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        if (limiter_.Acquire("shared", rules)->allowed) ++allowed;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(allowed.load(), 1000);
}

TEST(RateRulesTest, ParsesAndFormats) {
  auto r = ParseRateRules("30/10m, 300/1d");
  ASSERT_TRUE(r.ok()) << r.error().message();
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0], (RateRule{30, 10 * kMin}));
  EXPECT_EQ((*r)[1], (RateRule{300, kDay}));
  EXPECT_EQ(FormatRateRules(*r), "30/10m,300/1d");
  EXPECT_EQ(ParseRateRules("5/h")->at(0), (RateRule{5, kHour}));
  EXPECT_EQ(ParseRateRules("2/90")->at(0), (RateRule{2, 90'000}));
  EXPECT_TRUE(ParseRateRules("off")->empty());
  EXPECT_TRUE(ParseRateRules("")->empty());
  for (const char* bad : {"30", "0/1m", "x/1m", "30/1w", "30/", "30/1m,", "-1/1m", "30/m5"}) {
    EXPECT_FALSE(ParseRateRules(bad).ok()) << bad;
  }
  EXPECT_EQ(FormatRateRules(RateLimits::Defaults()[RateAction::kPost]), "30/10m,300/1d");
}

}  // namespace
}  // namespace cw
