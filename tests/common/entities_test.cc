#include "common/text/entities.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/text/utf8.h"

namespace cw::text {
namespace {

using Kind = Entity::Kind;

std::vector<Entity> OfKind(const std::vector<Entity>& all, Kind kind) {
  std::vector<Entity> out;
  for (const auto& e : all) {
    if (e.kind == kind) out.push_back(e);
  }
  return out;
}

// The text an entity covers, cut by its code point offsets.
std::string Covered(const std::string& s, const Entity& e) {
  return Encode(Decode(s), e.start, e.end);
}

// --- mentions ---

TEST(EntitiesTest, FindsAMentionWithItsCodePointOffsets) {
  std::string s = "hi @bob_1 there";
  auto es = ExtractEntities(s);
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kMention);
  EXPECT_EQ(es[0].value, "bob_1");
  EXPECT_EQ(es[0].start, 3u);
  EXPECT_EQ(es[0].end, 9u);
  EXPECT_EQ(Covered(s, es[0]), "@bob_1");
}

TEST(EntitiesTest, FindsAMentionBetweenChineseTextAndPunctuation) {
  std::string s = "你好@bob:今天";
  auto es = ExtractEntities(s);
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kMention);
  EXPECT_EQ(es[0].value, "bob");
  EXPECT_EQ(es[0].start, 2u);  // code points, not bytes (你好 is six bytes)
  EXPECT_EQ(es[0].end, 6u);
  EXPECT_EQ(Covered(s, es[0]), "@bob");
}

TEST(EntitiesTest, FindsAMentionEndedByFullWidthPunctuation) {
  auto es = ExtractEntities("谢谢@Alice，明天见");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].value, "Alice");  // case is kept; comparison is the store's business
  EXPECT_EQ(es[0].start, 2u);
  EXPECT_EQ(es[0].end, 8u);
}

TEST(EntitiesTest, FindsSeveralMentionsInOrder) {
  auto es = ExtractEntities("@ann @bob and @carl_99!");
  ASSERT_EQ(es.size(), 3u);
  EXPECT_EQ(es[0].value, "ann");
  EXPECT_EQ(es[1].value, "bob");
  EXPECT_EQ(es[2].value, "carl_99");
  EXPECT_EQ(es[0].start, 0u);
  EXPECT_LT(es[0].end, es[1].start);
  EXPECT_LT(es[1].end, es[2].start);
}

TEST(EntitiesTest, AnEmailAddressIsNotAMention) {
  EXPECT_TRUE(ExtractEntities("a@b.com").empty());
  EXPECT_TRUE(ExtractEntities("write to bob@example.com today").empty());
  EXPECT_TRUE(ExtractEntities("first_last@example.org").empty());
}

TEST(EntitiesTest, AMentionNeedsTwoToThirtyHandleCharacters) {
  EXPECT_TRUE(ExtractEntities("@a").empty());
  EXPECT_TRUE(ExtractEntities("@ alone").empty());
  EXPECT_TRUE(ExtractEntities("trailing @").empty());
  std::string thirty(30, 'x');
  auto ok = ExtractEntities("@" + thirty);
  ASSERT_EQ(ok.size(), 1u);
  EXPECT_EQ(ok[0].value, thirty);
  // A 31-character run is not a handle, and is not cut to a 30-character one either.
  EXPECT_TRUE(ExtractEntities("@" + std::string(31, 'x')).empty());
}

TEST(EntitiesTest, ChineseCharactersAreNotPartOfAHandle) {
  auto es = ExtractEntities("@bob你好");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].value, "bob");
  EXPECT_EQ(es[0].end, 4u);
}

TEST(EntitiesTest, AnAtSignRightAfterAHandleStartsNoMention) {
  // "@bob@carl": the second '@' follows a handle character, as in an email address.
  auto es = ExtractEntities("@bob@carl");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].value, "bob");
}

// --- topics ---

TEST(EntitiesTest, FindsAClosedWeiboTopic) {
  std::string s = "今天#话题#真热";
  auto es = ExtractEntities(s);
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kTopic);
  EXPECT_TRUE(es[0].closed);
  EXPECT_EQ(es[0].value, "话题");
  EXPECT_EQ(es[0].start, 2u);
  EXPECT_EQ(es[0].end, 6u);
  EXPECT_EQ(Covered(s, es[0]), "#话题#");
}

TEST(EntitiesTest, AClosedTopicMayContainSpaces) {
  auto es = ExtractEntities("new #Apple iPhone# today");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kTopic);
  EXPECT_TRUE(es[0].closed);
  EXPECT_EQ(es[0].value, "Apple iPhone");
  EXPECT_EQ(es[0].start, 4u);
  EXPECT_EQ(es[0].end, 18u);
}

TEST(EntitiesTest, FindsAnOpenTag) {
  auto es = ExtractEntities("loving #tag today");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kTopic);
  EXPECT_FALSE(es[0].closed);
  EXPECT_EQ(es[0].value, "tag");
  EXPECT_EQ(es[0].start, 7u);
  EXPECT_EQ(es[0].end, 11u);
}

TEST(EntitiesTest, TwoOpenTagsWithWordsBetweenAreTwoTagsNotOneTopic) {
  auto es = ExtractEntities("#cats and #dogs");
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[0].value, "cats");
  EXPECT_FALSE(es[0].closed);
  EXPECT_EQ(es[0].start, 0u);
  EXPECT_EQ(es[0].end, 5u);
  EXPECT_EQ(es[1].value, "dogs");
  EXPECT_FALSE(es[1].closed);
  EXPECT_EQ(es[1].start, 10u);
  EXPECT_EQ(es[1].end, 15u);
}

TEST(EntitiesTest, AdjacentOpenTagsSeparatedBySpaceAreTwoTags) {
  auto es = ExtractEntities("#cats #dogs");
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[0].value, "cats");
  EXPECT_EQ(es[1].value, "dogs");
}

TEST(EntitiesTest, FullWidthHashMarksATopic) {
  auto closed = ExtractEntities("＃微博之夜＃好看");
  ASSERT_EQ(closed.size(), 1u);
  EXPECT_EQ(closed[0].kind, Kind::kTopic);
  EXPECT_TRUE(closed[0].closed);
  EXPECT_EQ(closed[0].value, "微博之夜");
  EXPECT_EQ(closed[0].start, 0u);
  EXPECT_EQ(closed[0].end, 6u);

  auto open = ExtractEntities("看 ＃电影 吧");
  ASSERT_EQ(open.size(), 1u);
  EXPECT_FALSE(open[0].closed);
  EXPECT_EQ(open[0].value, "电影");
}

TEST(EntitiesTest, AnOpenTagEndsAtChineseOrAsciiPunctuation) {
  auto es = ExtractEntities("#标签，然后 #tag! end");
  ASSERT_EQ(es.size(), 2u);
  EXPECT_EQ(es[0].value, "标签");
  EXPECT_EQ(es[1].value, "tag");
}

TEST(EntitiesTest, AnAllDigitTagIsNotATopic) {
  EXPECT_TRUE(ExtractEntities("we are #1 again").empty());
  auto es = ExtractEntities("the #1st place");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].value, "1st");
}

TEST(EntitiesTest, AHashInsideAWordIsNotATag) {
  EXPECT_TRUE(ExtractEntities("I write C# code").empty());
  EXPECT_TRUE(ExtractEntities("issue a#b").empty());
}

TEST(EntitiesTest, AClosedTopicDoesNotCrossALineBreak) {
  auto es = ExtractEntities("#first\nsecond#");
  ASSERT_FALSE(es.empty());
  for (const auto& e : es) EXPECT_FALSE(e.closed);
  EXPECT_EQ(es[0].value, "first");
}

TEST(EntitiesTest, ALoneOrEmptyHashIsNothing) {
  EXPECT_TRUE(ExtractEntities("#").empty());
  EXPECT_TRUE(ExtractEntities("##").empty());
  EXPECT_TRUE(ExtractEntities("# #").empty());
}

// --- links ---

TEST(EntitiesTest, FindsALink) {
  std::string s = "see https://example.com/a?b=c now";
  auto es = ExtractEntities(s);
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kLink);
  EXPECT_EQ(es[0].value, "https://example.com/a?b=c");
  EXPECT_EQ(es[0].start, 4u);
  EXPECT_EQ(es[0].end, 4u + es[0].value.size());
}

TEST(EntitiesTest, TrailingPunctuationIsNotPartOfALink) {
  for (const char* tail : {".", ",", ";", ":", "!", "?", ")", "]", "'", "...", ")."}) {
    std::string s = std::string("go to http://example.com/x") + tail;
    auto es = ExtractEntities(s);
    ASSERT_EQ(es.size(), 1u) << s;
    EXPECT_EQ(es[0].value, "http://example.com/x") << s;
  }
}

TEST(EntitiesTest, ALinkInParenthesesLosesTheClosingParenthesis) {
  auto es = ExtractEntities("(see https://example.com/page)");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].value, "https://example.com/page");
}

TEST(EntitiesTest, ALinkEndsAtChineseText) {
  std::string s = "链接https://example.com/中文";
  auto es = ExtractEntities(s);
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kLink);
  EXPECT_EQ(es[0].value, "https://example.com/");
  EXPECT_EQ(es[0].start, 2u);
  EXPECT_EQ(es[0].end, 22u);
}

TEST(EntitiesTest, ALinkSwallowsHashesAndAtSignsInside) {
  auto es = ExtractEntities("https://example.com/@bob/#top");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].kind, Kind::kLink);
  EXPECT_EQ(es[0].value, "https://example.com/@bob/#top");
}

TEST(EntitiesTest, TheSchemeAloneIsNotALink) {
  EXPECT_TRUE(ExtractEntities("https://").empty());
  EXPECT_TRUE(ExtractEntities("http:// x").empty());
  EXPECT_TRUE(ExtractEntities("ftp://example.com").empty());
}

TEST(EntitiesTest, TheSchemeIsCaseInsensitive) {
  auto es = ExtractEntities("HTTPS://Example.com");
  ASSERT_EQ(es.size(), 1u);
  EXPECT_EQ(es[0].value, "HTTPS://Example.com");
}

// --- together ---

TEST(EntitiesTest, MixedEntitiesComeOutInTextOrderWithCodePointOffsets) {
  std::string s = "😀@ann 看#话题# https://x.cn/a #tag";
  auto es = ExtractEntities(s);
  ASSERT_EQ(es.size(), 4u);
  EXPECT_EQ(es[0].kind, Kind::kMention);
  EXPECT_EQ(es[0].start, 1u);  // the emoji is one code point
  EXPECT_EQ(es[1].kind, Kind::kTopic);
  EXPECT_TRUE(es[1].closed);
  EXPECT_EQ(es[2].kind, Kind::kLink);
  EXPECT_EQ(es[3].kind, Kind::kTopic);
  EXPECT_FALSE(es[3].closed);
  for (size_t i = 0; i + 1 < es.size(); ++i) EXPECT_LE(es[i].end, es[i + 1].start);
  EXPECT_EQ(Covered(s, es[0]), "@ann");
  EXPECT_EQ(Covered(s, es[1]), "#话题#");
  EXPECT_EQ(Covered(s, es[2]), "https://x.cn/a");
  EXPECT_EQ(Covered(s, es[3]), "#tag");
  EXPECT_EQ(OfKind(es, Kind::kMention).size(), 1u);
}

TEST(EntitiesTest, NoEntitiesInPlainText) {
  EXPECT_TRUE(ExtractEntities("").empty());
  EXPECT_TRUE(ExtractEntities("just words, 中文 and 😀").empty());
}

// --- handles ---

TEST(EntitiesTest, ValidHandlesAreTwoToThirtyWordCharacters) {
  EXPECT_TRUE(IsValidHandle("bo"));
  EXPECT_TRUE(IsValidHandle("Bob_1"));
  EXPECT_TRUE(IsValidHandle(std::string(30, 'a')));
  EXPECT_FALSE(IsValidHandle("b"));
  EXPECT_FALSE(IsValidHandle(""));
  EXPECT_FALSE(IsValidHandle(std::string(31, 'a')));
  EXPECT_FALSE(IsValidHandle("bob smith"));
  EXPECT_FALSE(IsValidHandle("bob-smith"));
  EXPECT_FALSE(IsValidHandle("鲍勃"));
  EXPECT_FALSE(IsValidHandle("bob@x"));
}

TEST(EntitiesTest, AsciiLowerLeavesNonAsciiAlone) {
  EXPECT_EQ(AsciiLower("BoB_1"), "bob_1");
  EXPECT_EQ(AsciiLower("ÉCOLE中文"), "École中文");
}

}  // namespace
}  // namespace cw::text
