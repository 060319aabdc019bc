#include "analytics/monitor_match.h"

#include <gtest/gtest.h>

namespace cw::analytics {
namespace {

using Terms = std::vector<std::string>;

DocTerms Doc(const Terms& stream, const Terms& unigrams = {}, const Terms& exact = {}) {
  return DocTerms{&stream, &unigrams, &exact};
}

TEST(MonitorMatcherTest, PhraseMatchesOnlyConsecutiveTerms) {
  MonitorMatcher m({{1, {{"iphone", "15"}}, {}, {}}});
  Terms hit = {"new", "iphone", "15", "pro"};
  Terms apart = {"iphone", "pro", "15"};
  Terms cut = {"buy", "iphone"};
  EXPECT_EQ(m.Match(Doc(hit)), std::vector<Id>{1});
  EXPECT_TRUE(m.Match(Doc(apart)).empty());
  EXPECT_TRUE(m.Match(Doc(cut)).empty()) << "a phrase running past the end must not match";
}

TEST(MonitorMatcherTest, UnigramsAndTopicsMatchWithoutPosition) {
  MonitorMatcher m({{1, {}, {"猫"}, {}}, {2, {}, {}, {"#新品"}}, {3, {{"奶茶"}}, {}, {"#新品"}}});
  Terms stream = {"小猫", "猫咪"};
  Terms unigrams = {"小", "猫", "咪"};
  Terms exact = {"#新品"};
  EXPECT_EQ(m.Match(Doc(stream, unigrams)), std::vector<Id>{1});
  EXPECT_EQ(m.Match(Doc({}, {}, exact)), (std::vector<Id>{2, 3}));
}

TEST(MonitorMatcherTest, EachMonitorIsReportedOnceHoweverOftenItMatches) {
  MonitorMatcher m({{7, {{"a"}, {"b"}}, {}, {"#a"}}});
  Terms stream = {"a", "b", "a"};
  Terms exact = {"#a"};
  EXPECT_EQ(m.Match(Doc(stream, {}, exact)), std::vector<Id>{7});
}

TEST(MonitorMatcherTest, ManyMonitorsSharingAFirstTermAreAllChecked) {
  std::vector<MonitorTerms> monitors;
  for (Id i = 1; i <= 100; ++i) monitors.push_back({i, {{"brand", std::to_string(i)}}, {}, {}});
  MonitorMatcher m(monitors);
  Terms stream = {"brand", "42", "and", "brand", "7"};
  EXPECT_EQ(m.Match(Doc(stream)), (std::vector<Id>{7, 42}));
}

TEST(JudgeBurstTest, QuietHistoryBurstsAtTheMinimumCount) {
  std::vector<int64_t> zeros(24, 0);
  EXPECT_FALSE(JudgeBurst(9, zeros, 3, 10).burst);
  BurstVerdict v = JudgeBurst(10, zeros, 3, 10);
  EXPECT_TRUE(v.burst);
  EXPECT_DOUBLE_EQ(v.baseline, 0);
  EXPECT_DOUBLE_EQ(v.spread, 0);
}

TEST(JudgeBurstTest, NeedsTheFactorTimesTheMean) {
  std::vector<int64_t> steady(24, 10);
  EXPECT_FALSE(JudgeBurst(29, steady, 3, 5).burst);
  EXPECT_TRUE(JudgeBurst(30, steady, 3, 5).burst);
}

TEST(JudgeBurstTest, ANoisySeriesNeedsToClearThreeStandardDeviations) {
  // Mean 10, standard deviation 10: three times the mean (30) is not enough, mean + 3 sd (40) is.
  std::vector<int64_t> noisy;
  for (int i = 0; i < 12; ++i) {
    noisy.push_back(0);
    noisy.push_back(20);
  }
  BurstVerdict v = JudgeBurst(39, noisy, 3, 5);
  EXPECT_DOUBLE_EQ(v.baseline, 10);
  EXPECT_DOUBLE_EQ(v.spread, 10);
  EXPECT_FALSE(v.burst);
  EXPECT_TRUE(JudgeBurst(40, noisy, 3, 5).burst);
}

TEST(JudgeBurstTest, NoHistoryJudgesByTheMinimumAlone) {
  EXPECT_TRUE(JudgeBurst(3, {}, 3, 3).burst);
  EXPECT_FALSE(JudgeBurst(2, {}, 3, 3).burst);
}

}  // namespace
}  // namespace cw::analytics
