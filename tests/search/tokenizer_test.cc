#include "search/tokenizer.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace cw::search {
namespace {

using Terms = std::vector<std::string>;

TEST(TokenizerTest, ChineseRunBecomesOverlappingBigramsAndUnigrams) {
  Analysis a = Analyze("北京大学");
  EXPECT_EQ(a.stream, (Terms{"北京", "京大", "大学"}));
  EXPECT_EQ(a.unigrams, (Terms{"北", "京", "大", "学"}));
  EXPECT_TRUE(a.exact.empty());
}

TEST(TokenizerTest, PunctuationEndsACjkRun) {
  Analysis a = Analyze("谣言，医院。");
  EXPECT_EQ(a.stream, (Terms{"谣言", "医院"}));
}

TEST(TokenizerTest, LoneCjkCharacterStandsForItself) {
  Analysis a = Analyze("我 love 猫");
  EXPECT_EQ(a.stream, (Terms{"我", "love", "猫"}));
  EXPECT_EQ(a.unigrams, (Terms{"我", "猫"}));
}

TEST(TokenizerTest, EnglishSplitsOnWordBreaksAndFoldsCase) {
  Analysis a = Analyze("Hello, World! It's GREAT.");
  EXPECT_EQ(a.stream, (Terms{"hello", "world", "its", "great"}));
  EXPECT_TRUE(a.unigrams.empty());
}

TEST(TokenizerTest, MixedTextKeepsTextOrder) {
  Analysis a = Analyze("我用iPhone拍照2024年");
  EXPECT_EQ(a.stream, (Terms{"我用", "iphone", "拍照", "2024", "年"}));
}

TEST(TokenizerTest, FullWidthFormsBecomeAscii) {
  EXPECT_EQ(Analyze("ＡＢＣ１２３").stream, (Terms{"abc123"}));
  EXPECT_EQ(Normalize("ＡＢＣ１２３"), "abc123");
  // Half-width katakana become full-width, then bigrams.
  EXPECT_EQ(Analyze("ｶﾀｶﾅ").stream, (Terms{"カタ", "タカ", "カナ"}));
}

TEST(TokenizerTest, EmojiAndPunctuationAreDropped) {
  Analysis a = Analyze("好开心😀😀！！ party🎉time…");
  EXPECT_EQ(a.stream, (Terms{"好开", "开心", "party", "time"}));
  EXPECT_TRUE(Analyze("😀👍🏻❤️ ！？。、").stream.empty());
}

TEST(TokenizerTest, AccentsAndOtherScriptsAreWords) {
  EXPECT_EQ(Analyze("Café Straße Москва").stream, (Terms{"café", "strasse", "москва"}));
}

TEST(TokenizerTest, HangulAndKanaAreCjk) {
  EXPECT_EQ(Analyze("한국어").stream, (Terms{"한국", "국어"}));
  EXPECT_EQ(Analyze("ひらがな").stream, (Terms{"ひら", "らが", "がな"}));
}

TEST(TokenizerTest, TopicsAreExactTermsAndTheirWordsStayInTheStream) {
  Analysis a = Analyze("今天#新冠肺炎#很严重 #Tag2024 and ＃ＷＢ＃");
  EXPECT_EQ(a.exact, (Terms{"#新冠肺炎", "#tag2024", "#wb"}));
  EXPECT_EQ(a.topics, (Terms{"新冠肺炎", "tag2024", "wb"}));
  EXPECT_EQ(a.stream,
            (Terms{"今天", "新冠", "冠肺", "肺炎", "很严", "严重", "tag2024", "and", "wb"}));
}

TEST(TokenizerTest, MentionsAreExactTermsInLowerCase) {
  Analysis a = Analyze("谢谢@Alice_W 和 @bob!");
  EXPECT_EQ(a.exact, (Terms{"@alice_w", "@bob"}));
  EXPECT_EQ(a.stream, (Terms{"谢谢", "alice_w", "和", "bob"}));
}

TEST(TokenizerTest, RepeatedExactTermsAppearOnce) {
  EXPECT_EQ(Analyze("#a# @xy #A# @XY").exact, (Terms{"#a", "@xy"}));
}

TEST(TokenizerTest, LinksAreNotIndexed) {
  Analysis a = Analyze("看这个 https://t.cn/AbCdEf 好");
  EXPECT_EQ(a.stream, (Terms{"看这", "这个", "好"}));
}

TEST(TokenizerTest, IndexTextPutsStreamThenUnigramsThenExactTerms) {
  EXPECT_EQ(IndexText(Analyze("北京 #ab# hi")), "北京 ab hi 北 京 #ab");
}

TEST(TokenizerTest, VeryLongWordsAreCut) {
  std::string w(200, 'x');
  Analysis a = Analyze(w);
  ASSERT_EQ(a.stream.size(), 1u);
  EXPECT_EQ(a.stream[0].size(), 64u);
}

TEST(TokenizerTest, EmptyAndInvalidInputGiveNoTerms) {
  EXPECT_TRUE(Analyze("").stream.empty());
  EXPECT_TRUE(Analyze("   ").stream.empty());
  EXPECT_EQ(Analyze("a\xff" "b").stream.size(), 2u);  // U+FFFD splits the word
}

TEST(TokenizerTest, TopicAndMentionTerms) {
  EXPECT_EQ(TopicTerm("新冠 肺炎"), "#新冠肺炎");
  EXPECT_EQ(TopicTerm("ＡＢ"), "#ab");
  EXPECT_EQ(TopicTerm("!!"), "");
  EXPECT_EQ(MentionTerm("Bob"), "@bob");
  EXPECT_TRUE(IsCjkUnigram("猫"));
  EXPECT_FALSE(IsCjkUnigram("猫猫"));
  EXPECT_FALSE(IsCjkUnigram("a"));
}

}  // namespace
}  // namespace cw::search
