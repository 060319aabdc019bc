#include "integrity/spam.h"

#include <gtest/gtest.h>

#include <string>

namespace cw::integrity {
namespace {

constexpr TimeMs kDay = 24 * 3600 * 1000;
constexpr TimeMs kStart = 1700000000000;

// A snapshot of `accounts` accounts made a month before kStart, with complete profiles.
Snapshot People(size_t accounts) {
  Snapshot s;
  s.taken_at = kStart + kDay;
  s.accounts.resize(accounts);
  for (size_t i = 0; i < accounts; ++i) {
    s.accounts[i].created_at = kStart - 30 * kDay;
    s.accounts[i].has_avatar = s.accounts[i].has_bio = s.accounts[i].has_name = true;
  }
  s.following = BuildCsr(accounts, {});
  s.BuildFans();
  return s;
}

void AddPost(Snapshot* s, Index author, TimeMs at, std::string text) {
  PostFacts p;
  p.author = author;
  p.at = at;
  p.text = std::move(text);
  s->posts.push_back(std::move(p));
}

TEST(CountTextFeaturesTest, CountsLinksAndOwnMentions) {
  TextCounts c = CountTextFeatures("看这里 http://t.cn/A1 和 https://x.com @alice @bob//@carol: 好");
  EXPECT_EQ(c.links, 2u);
  EXPECT_EQ(c.mentions, 2u);
}

TEST(ScoreSpamTest, ManyMentionsScoreHigherThanNone) {
  SpamSignals none;
  none.account_age_ms = 100 * kDay;
  none.has_avatar = true;
  none.fans = 50;
  SpamSignals many = none;
  many.mentions = 8;
  EXPECT_GT(ScoreSpam(many).score, ScoreSpam(none).score + 0.1);
  EXPECT_LT(ScoreSpam(none).score, 0.1);
}

TEST(ScoreSpamTest, PostingRateAloneIsNotSpam) {
  SpamSignals busy;
  busy.posts_last_hour = 100;
  busy.account_age_ms = 2 * kDay;
  EXPECT_LT(ScoreSpam(busy).score, 0.5);
}

TEST(ScoreSpamTest, RepeatedTemplateWithALinkIsSpamAndSaysWhy) {
  SpamSignals bot;
  bot.own_duplicates = 5;
  bot.links = 1;
  bot.account_age_ms = 3 * kDay;
  SpamScore score = ScoreSpam(bot);
  EXPECT_GE(score.score, 0.5);
  ASSERT_FALSE(score.reasons.empty());
  EXPECT_NE(score.reasons[0].find("near-duplicates of own"), std::string::npos);
}

TEST(ScoreAccountsForSpamTest, AdBotScoresHighAndForwarderDoesNot) {
  Snapshot s = People(3);
  s.accounts[0].has_avatar = s.accounts[0].has_bio = false;  // the bot
  s.accounts[0].created_at = kStart - 2 * kDay;
  for (int i = 0; i < 50; ++i) {
    TimeMs at = kStart + i * 60 * 1000;
    AddPost(&s, 0, at,
            "限时特价，名牌手表只要九十九元，质量保证假一赔十，点击链接立即抢购 http://t.cn/R" +
                std::to_string(i) + " 编号" + std::to_string(i % 7));
    AddPost(&s, 1, at + 1000, "转发微博");
    AddPost(&s, 2, at + 2000, i % 2 ? "我信" : "[哈哈] 转发微博 //@someone: 今天天气真好啊大家快出来玩");
  }
  std::vector<AccountSpam> result = ScoreAccountsForSpam(s, SpamOptions{});
  EXPECT_GE(result[0].score, 0.8);
  EXPECT_GE(result[0].spam_posts, 40u);
  EXPECT_FALSE(result[0].example.empty());
  EXPECT_EQ(result[1].spam_posts, 0u);
  EXPECT_EQ(result[2].spam_posts, 0u);
  EXPECT_EQ(result[1].posts, 50u);
}

TEST(ScoreAccountsForSpamTest, ManyPeopleForwardingWithStockPhrasesFlagNobody) {
  // 500 people, each forwarding a few posts a day for ten days with the texts real Weibo users
  // write: stock phrases, a quoted chain, one popular topic, and a few words of their own.
  Snapshot s = People(500);
  const char* stock[] = {"转发微博", "//@大V: 太好了，支持一下", "#热门话题# 转发微博",
                         "说得好", "哈哈哈哈哈哈哈", "[心][心][心]", "+1", "同意楼上的观点"};
  uint64_t x = 1;
  for (int day = 0; day < 10; ++day) {
    for (Index a = 0; a < 500; ++a) {
      for (int k = 0; k < 3; ++k) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        AddPost(&s, a, kStart + day * kDay + (x >> 40) % kDay, stock[(x >> 20) % 8]);
      }
    }
  }
  std::stable_sort(s.posts.begin(), s.posts.end(),
                   [](const PostFacts& a, const PostFacts& b) { return a.at < b.at; });
  std::vector<AccountSpam> result = ScoreAccountsForSpam(s, SpamOptions{});
  size_t flagged = 0;
  for (const AccountSpam& a : result) flagged += a.score >= 0.5;
  EXPECT_EQ(flagged, 0u);
}

}  // namespace
}  // namespace cw::integrity
