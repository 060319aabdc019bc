#include "common/text/utf8.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace cw::text {
namespace {

// Spells raw bytes without the compiler re-encoding them.
std::string Bytes(std::initializer_list<unsigned char> bytes) {
  return std::string(bytes.begin(), bytes.end());
}

TEST(Utf8Test, AcceptsEmptyAsciiChineseAndEmoji) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("hello, world"));
  EXPECT_TRUE(IsValidUtf8("你好，世界"));
  EXPECT_TRUE(IsValidUtf8("😀👍🏽"));
  EXPECT_TRUE(IsValidUtf8("mixed 中文 and émoji 🐱"));
}

TEST(Utf8Test, AcceptsTheBoundariesOfEachSequenceLength) {
  EXPECT_TRUE(IsValidUtf8(Bytes({0x7F})));                    // U+007F
  EXPECT_TRUE(IsValidUtf8(Bytes({0xC2, 0x80})));              // U+0080
  EXPECT_TRUE(IsValidUtf8(Bytes({0xDF, 0xBF})));              // U+07FF
  EXPECT_TRUE(IsValidUtf8(Bytes({0xE0, 0xA0, 0x80})));        // U+0800
  EXPECT_TRUE(IsValidUtf8(Bytes({0xED, 0x9F, 0xBF})));        // U+D7FF, just below surrogates
  EXPECT_TRUE(IsValidUtf8(Bytes({0xEE, 0x80, 0x80})));        // U+E000, just above surrogates
  EXPECT_TRUE(IsValidUtf8(Bytes({0xEF, 0xBF, 0xBF})));        // U+FFFF
  EXPECT_TRUE(IsValidUtf8(Bytes({0xF0, 0x90, 0x80, 0x80})));  // U+10000
  EXPECT_TRUE(IsValidUtf8(Bytes({0xF4, 0x8F, 0xBF, 0xBF})));  // U+10FFFF
}

TEST(Utf8Test, RejectsOverlongEncodings) {
  EXPECT_FALSE(IsValidUtf8(Bytes({0xC0, 0xAF})));  // '/' in two bytes
  EXPECT_FALSE(IsValidUtf8(Bytes({0xC1, 0xBF})));
  EXPECT_FALSE(IsValidUtf8(Bytes({0xC0, 0x80})));              // NUL in two bytes
  EXPECT_FALSE(IsValidUtf8(Bytes({0xE0, 0x80, 0xAF})));        // '/' in three bytes
  EXPECT_FALSE(IsValidUtf8(Bytes({0xE0, 0x9F, 0xBF})));        // U+07FF in three bytes
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF0, 0x80, 0x80, 0xAF})));  // '/' in four bytes
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF0, 0x8F, 0xBF, 0xBF})));  // U+FFFF in four bytes
}

TEST(Utf8Test, RejectsSurrogates) {
  EXPECT_FALSE(IsValidUtf8(Bytes({0xED, 0xA0, 0x80})));  // U+D800
  EXPECT_FALSE(IsValidUtf8(Bytes({0xED, 0xAD, 0xBF})));  // U+DB7F
  EXPECT_FALSE(IsValidUtf8(Bytes({0xED, 0xB0, 0x80})));  // U+DC00
  EXPECT_FALSE(IsValidUtf8(Bytes({0xED, 0xBF, 0xBF})));  // U+DFFF
  // A CESU-8 style surrogate pair for U+1F600.
  EXPECT_FALSE(IsValidUtf8(Bytes({0xED, 0xA0, 0xBD, 0xED, 0xB8, 0x80})));
}

TEST(Utf8Test, RejectsCodePointsAboveU10FFFF) {
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF4, 0x90, 0x80, 0x80})));  // U+110000
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF5, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF7, 0xBF, 0xBF, 0xBF})));
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF8, 0x88, 0x80, 0x80, 0x80})));  // old five-byte form
  EXPECT_FALSE(IsValidUtf8(Bytes({0xFC, 0x84, 0x80, 0x80, 0x80, 0x80})));
  EXPECT_FALSE(IsValidUtf8(Bytes({0xFE})));
  EXPECT_FALSE(IsValidUtf8(Bytes({0xFF})));
}

TEST(Utf8Test, RejectsTruncatedSequences) {
  EXPECT_FALSE(IsValidUtf8(Bytes({0xC3})));
  EXPECT_FALSE(IsValidUtf8(Bytes({0xE4, 0xBD})));              // 你 without its last byte
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF0, 0x9F, 0x98})));        // 😀 without its last byte
  EXPECT_FALSE(IsValidUtf8("abc" + Bytes({0xE4, 0xBD})));      // truncated at the very end
  EXPECT_FALSE(IsValidUtf8(Bytes({0xE4, 0xBD}) + "abc"));      // lead byte followed by ASCII
  EXPECT_FALSE(IsValidUtf8(Bytes({0xF0, 0x9F, 0x98, 0x41})));  // continuation replaced by 'A'
}

TEST(Utf8Test, RejectsStrayContinuationBytes) {
  EXPECT_FALSE(IsValidUtf8(Bytes({0x80})));
  EXPECT_FALSE(IsValidUtf8(Bytes({0xBF})));
  EXPECT_FALSE(IsValidUtf8("a" + Bytes({0x80}) + "b"));
  EXPECT_FALSE(IsValidUtf8("你" + Bytes({0x80})));  // one continuation too many
}

TEST(Utf8Test, AcceptsEmbeddedNul) { EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3))); }

TEST(Utf8Test, CountsCodePointsNotBytes) {
  EXPECT_EQ(CountCodePoints(""), 0u);
  EXPECT_EQ(CountCodePoints("hello"), 5u);
  EXPECT_EQ(CountCodePoints("你好"), 2u);
  EXPECT_EQ(CountCodePoints("你好，世界！"), 6u);
  EXPECT_EQ(CountCodePoints("😀"), 1u);
  EXPECT_EQ(CountCodePoints("a😀b你"), 4u);
  EXPECT_EQ(CountCodePoints("é"), 1u);  // precomposed U+00E9
  // A skin-tone modifier is its own code point.
  EXPECT_EQ(CountCodePoints("👍🏽"), 2u);
}

TEST(Utf8Test, DecodeAndEncodeRoundTrip) {
  std::string s = "a你😀é";
  std::vector<char32_t> cps = Decode(s);
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps[0], U'a');
  EXPECT_EQ(cps[1], U'你');
  EXPECT_EQ(cps[2], U'\U0001F600');
  EXPECT_EQ(cps[3], U'é');
  EXPECT_EQ(Encode(cps, 0, cps.size()), s);
  EXPECT_EQ(Encode(cps, 1, 3), "你😀");
  EXPECT_EQ(Encode(cps, 3, 99), "é");  // an end past the last code point is clamped
}

TEST(Utf8Test, AppendUtf8EncodesEachLength) {
  std::string out;
  AppendUtf8(U'A', &out);
  AppendUtf8(U'\u00E9', &out);
  AppendUtf8(U'\u4F60', &out);
  AppendUtf8(U'\U0001F600', &out);
  EXPECT_EQ(out, "Aé你😀");
  EXPECT_TRUE(IsValidUtf8(out));
}

TEST(Utf8Test, DecodeReplacesInvalidBytes) {
  std::vector<char32_t> cps = Decode("a" + Bytes({0xFF}) + "b");
  ASSERT_EQ(cps.size(), 3u);
  EXPECT_EQ(cps[1], U'\uFFFD');
}

TEST(Utf8Test, TruncationKeepsWholeCodePoints) {
  EXPECT_EQ(TruncateCodePoints("你好世界", 2), "你好");
  EXPECT_EQ(TruncateCodePoints("a😀b", 2), "a😀");
  EXPECT_EQ(TruncateCodePoints("😀😀😀", 1), "😀");
  EXPECT_TRUE(IsValidUtf8(TruncateCodePoints("中文测试", 3)));
}

TEST(Utf8Test, TruncationAtOrBeyondTheLengthReturnsTheWholeString) {
  EXPECT_EQ(TruncateCodePoints("你好", 2), "你好");
  EXPECT_EQ(TruncateCodePoints("你好", 100), "你好");
  EXPECT_EQ(TruncateCodePoints("", 3), "");
}

TEST(Utf8Test, TruncationToZeroIsEmpty) {
  EXPECT_EQ(TruncateCodePoints("你好", 0), "");
  EXPECT_EQ(TruncateCodePoints("abc", 0), "");
}

TEST(Utf8Test, ForbiddenControlsAreThoseOtherThanTabNewlineAndReturn) {
  EXPECT_FALSE(HasForbiddenControls("line one\nline two\r\n\tindented"));
  EXPECT_FALSE(HasForbiddenControls("你好😀"));
  EXPECT_TRUE(HasForbiddenControls(std::string_view("a\0b", 3)));
  EXPECT_TRUE(HasForbiddenControls("bell\a"));
  EXPECT_TRUE(HasForbiddenControls("escape\x1b[31m"));
  EXPECT_TRUE(HasForbiddenControls("delete\x7f"));
}

TEST(Utf8Test, TrimAsciiStripsOnlyAsciiWhitespaceAtTheEdges) {
  EXPECT_EQ(TrimAscii("  hello \t\r\n"), "hello");
  EXPECT_EQ(TrimAscii("a b"), "a b");
  EXPECT_EQ(TrimAscii("   "), "");
  EXPECT_EQ(TrimAscii(""), "");
  // U+3000 (ideographic space) is not ASCII whitespace.
  EXPECT_EQ(TrimAscii("\u3000你好\u3000"), "\u3000你好\u3000");
}

}  // namespace
}  // namespace cw::text
