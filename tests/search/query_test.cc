#include "search/query.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cw::search {
namespace {

using Phrases = std::vector<std::vector<std::string>>;

ParsedQuery Parse(const std::string& q) {
  auto r = ParseQuery(q);
  EXPECT_TRUE(r.ok()) << q << ": " << (r.ok() ? "" : r.error().message());
  return r.ok() ? *r : ParsedQuery{};
}

TEST(QueryTest, EachWordIsAPhraseOfItsTerms) {
  ParsedQuery q = Parse("北京大学 hello");
  EXPECT_EQ(q.must, (Phrases{{"北京", "京大", "大学"}, {"hello"}}));
  EXPECT_TRUE(q.must_not.empty());
  EXPECT_TRUE(q.last_is_open);
}

TEST(QueryTest, QuotedPhraseKeepsWordsTogether) {
  ParsedQuery q = Parse("\"hot deal\" “北京 大学”");
  EXPECT_EQ(q.must, (Phrases{{"hot", "deal"}, {"北京", "大学"}}));
  EXPECT_FALSE(q.last_is_open);
}

TEST(QueryTest, SingleCjkCharactersStandAlone) {
  EXPECT_EQ(Parse("猫").must, (Phrases{{"猫"}}));
  EXPECT_EQ(Parse("iphone手机a猫b").must, (Phrases{{"iphone", "手机", "a"}, {"猫"}, {"b"}}));
}

TEST(QueryTest, MinusExcludes) {
  ParsedQuery q = Parse("医院 -广告 -\"free money\"");
  EXPECT_EQ(q.must, (Phrases{{"医院"}}));
  EXPECT_EQ(q.must_not, (Phrases{{"广告"}, {"free", "money"}}));
  EXPECT_FALSE(q.last_is_open);
}

TEST(QueryTest, TopicsAndMentionsAreExactTerms) {
  EXPECT_EQ(Parse("#新冠肺炎#").must, (Phrases{{"#新冠肺炎"}}));
  EXPECT_EQ(Parse("#Tag").must, (Phrases{{"#tag"}}));
  EXPECT_EQ(Parse("@Alice 你好").must, (Phrases{{"@alice"}, {"你好"}}));
  EXPECT_EQ(Parse("-#spam#").must_not, (Phrases{{"#spam"}}));
}

TEST(QueryTest, FullWidthQueryMatchesAsciiTerms) {
  EXPECT_EQ(Parse("ＡＢＣ１２３").must, (Phrases{{"abc123"}}));
}

TEST(QueryTest, Filters) {
  ParsedQuery q = Parse("谣言 from:@Weibo_Rumor since:2013-05-01 until:2013-05-02");
  EXPECT_EQ(q.must, (Phrases{{"谣言"}}));
  EXPECT_EQ(q.from, "Weibo_Rumor");
  EXPECT_EQ(q.since, 1367366400000);
  EXPECT_EQ(q.until, 1367366400000 + 86'400'000);
  EXPECT_FALSE(q.last_is_open);
}

TEST(QueryTest, FilterOnlyQueryHasNoTerms) {
  ParsedQuery q = Parse("FROM:bob");
  EXPECT_FALSE(q.has_terms());
  EXPECT_EQ(q.from, "bob");
}

TEST(QueryTest, MalformedFiltersAreRefused) {
  EXPECT_FALSE(ParseQuery("since:2013-02-30").ok());
  EXPECT_FALSE(ParseQuery("until:yesterday").ok());
  EXPECT_FALSE(ParseQuery("from:a").ok());
  EXPECT_FALSE(ParseQuery("from:bad-handle!").ok());
  EXPECT_FALSE(ParseQuery(std::string(2000, 'a')).ok());
  EXPECT_FALSE(ParseQuery("\xff").ok());
}

TEST(QueryTest, PunctuationAndEmojiOnlyGiveNoTerms) {
  EXPECT_FALSE(Parse("😀 ！！ ...").has_terms());
  EXPECT_FALSE(Parse("").has_terms());
}

TEST(QueryTest, AMinusAloneIsPunctuation) {
  ParsedQuery q = Parse("a - b");
  EXPECT_EQ(q.must, (Phrases{{"a"}, {"b"}}));
  EXPECT_TRUE(q.must_not.empty());
}

TEST(QueryTest, ParseDate) {
  TimeMs t = 0;
  EXPECT_TRUE(ParseDate("1970-01-02", &t));
  EXPECT_EQ(t, 86'400'000);
  EXPECT_TRUE(ParseDate("2024-02-29", &t));
  EXPECT_FALSE(ParseDate("2023-02-29", &t));
  EXPECT_FALSE(ParseDate("2023-1-01", &t));
}

}  // namespace
}  // namespace cw::search
