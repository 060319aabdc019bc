#include "integrity/simhash.h"

#include <gtest/gtest.h>

#include <random>
#include <set>
#include <string>
#include <thread>

#include "common/text/utf8.h"

namespace cw::integrity {
namespace {

const std::string kAd = "新品上市全场五折包邮，加微信领取优惠券，数量有限先到先得，错过再等一年，快来抢购吧朋友们";

// `text` with the code point at `position` replaced by `replacement`.
std::string Replace(const std::string& text, size_t position, char32_t replacement) {
  std::vector<char32_t> cps = text::Decode(text);
  cps[position] = replacement;
  return text::Encode(cps, 0, cps.size());
}

TEST(SimHashTest, NormalisationKeepsOnlyTheWordsThatCarryMeaning) {
  EXPECT_EQ(NormalizeForDuplicates("Hello, 世界！！ @someone [哈哈] #话题# http://t.cn/abc"),
            std::u32string(U"hello世界") + char32_t{0xE000});
  EXPECT_EQ(NormalizeForDuplicates("说得好//@张三: 转发微博"), U"说得好");
  EXPECT_EQ(NormalizeForDuplicates("哈哈哈哈哈哈"), U"哈哈");
}

// The definition, written plainly: each unigram and bigram hashed (splitmix64's finaliser) votes
// +1 for each bit it has and -1 for each it has not; a bit is set when its votes are positive.
uint64_t PlainSimHash(const std::u32string& cps) {
  auto mix = [](uint64_t x) {
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
  };
  int votes[64] = {};
  auto vote = [&](uint64_t feature) {
    uint64_t h = mix(feature);
    for (int b = 0; b < 64; ++b) votes[b] += (h >> b) & 1 ? 1 : -1;
  };
  for (size_t i = 0; i < cps.size(); ++i) {
    vote(cps[i]);
    if (i + 1 < cps.size()) vote((uint64_t{cps[i]} << 32 | cps[i + 1]) ^ 0x5bd1e995ULL);
  }
  uint64_t hash = 0;
  for (int b = 0; b < 64; ++b) hash |= votes[b] > 0 ? uint64_t{1} << b : 0;
  return hash;
}

TEST(SimHashTest, MatchesItsDefinitionOnShortAndLongTexts) {
  std::mt19937 rng(3);
  for (size_t length : {1, 2, 7, 40, 127, 128, 129, 300, 1000}) {
    for (int round = 0; round < 20; ++round) {
      std::u32string cps;
      for (size_t i = 0; i < length; ++i) cps.push_back(0x4E00 + rng() % (round < 10 ? 8 : 3000));
      EXPECT_EQ(SimHash(cps), PlainSimHash(cps)) << length << " " << round;
    }
  }
}

TEST(SimHashTest, OneCharacterChangedInAFortyCharacterTextIsANearDuplicate) {
  auto base = TextFingerprint(kAd);
  ASSERT_TRUE(base.has_value());
  size_t length = text::CountCodePoints(kAd);
  ASSERT_GE(length, 40u);
  for (size_t position = 0; position < length; ++position) {
    auto changed = TextFingerprint(Replace(kAd, position, U'猫'));
    ASSERT_TRUE(changed.has_value());
    EXPECT_LE(HammingDistance(*base, *changed), kDefaultMaxDistance) << "position " << position;
  }
}

TEST(SimHashTest, LinksAndMentionsDoNotHideADuplicate) {
  auto a = TextFingerprint("@alice " + kAd + " http://t.cn/AAAA");
  auto b = TextFingerprint("@bob_2 " + kAd + " https://t.cn/ZZZZZZ");
  ASSERT_TRUE(a && b);
  EXPECT_EQ(*a, *b);
}

TEST(SimHashTest, DifferentTextsAreFarApart) {
  const char* texts[] = {
      "今天天气真好，我们一起去公园散步吧，顺便买点水果回家",
      "这部电影的剧情太感人了，看完之后久久不能平静，推荐大家去看",
      "公司年会抽奖抽到了一台笔记本电脑，运气真是好到爆了",
      "明天早上八点的高铁去上海出差，希望一路顺利不要晚点",
      kAd.c_str(),
  };
  for (size_t i = 0; i < std::size(texts); ++i) {
    for (size_t j = i + 1; j < std::size(texts); ++j) {
      EXPECT_GT(HammingDistance(*TextFingerprint(texts[i]), *TextFingerprint(texts[j])),
                kDefaultMaxDistance)
          << i << " vs " << j;
    }
  }
}

TEST(SimHashTest, ShortCommonPhrasesHaveNoFingerprint) {
  for (const char* phrase : {"转发微博", "我信", "[哈哈]", "好", "+1", "转发微博 [哈哈][哈哈]",
                             "哈哈哈哈哈哈哈哈哈哈哈哈", "//@张三: 转发微博", "顶顶顶顶顶顶顶顶",
                             "#热门话题# 转发微博", "@someone @other 好的"}) {
    EXPECT_FALSE(TextFingerprint(phrase).has_value()) << phrase;
  }
}

TEST(NearDuplicateIndexTest, FindsNearDuplicatesOnly) {
  NearDuplicateIndex index;
  index.Add(*TextFingerprint(kAd), 1);
  index.Add(*TextFingerprint("今天天气真好，我们一起去公园散步吧，顺便买点水果回家"), 2);
  EXPECT_EQ(index.Find(*TextFingerprint(Replace(kAd, 7, U'狗'))), (std::vector<uint32_t>{1}));
  EXPECT_TRUE(index.Find(*TextFingerprint("这部电影的剧情太感人了，看完之后久久不能平静")).empty());
}

TEST(RecentTextIndexTest, CountsByAuthorAndByOthers) {
  RecentTextIndex index;
  EXPECT_EQ(index.CheckAndAdd(1, kAd, 0).by_author, 0u);
  index.CheckAndAdd(1, Replace(kAd, 3, U'大'), 1000);
  index.CheckAndAdd(2, Replace(kAd, 9, U'小'), 2000);
  DuplicateCounts counts = index.Check(1, Replace(kAd, 20, U'中'), 3000);
  EXPECT_TRUE(counts.meaningful);
  EXPECT_EQ(counts.by_author, 2u);
  EXPECT_EQ(counts.by_others, 1u);
  EXPECT_EQ(counts.other_authors, 1u);
}

// Against a plain scan of everything added: a text counts when it is within the distance and
// shares one of the eight 8-bit bands (the index's candidate rule), once however many it shares.
TEST(RecentTextIndexTest, CountsMatchAPlainScan) {
  std::mt19937_64 rng(11);
  RecentTextIndex index;
  std::vector<std::pair<uint64_t, int64_t>> added;
  std::vector<uint64_t> bases;
  for (int b = 0; b < 6; ++b) bases.push_back(rng());
  auto near = [&](uint64_t base, int flips) {
    for (int k = 0; k < flips; ++k) base ^= uint64_t{1} << (rng() % 64);
    return base;
  };
  auto shared_bands = [](uint64_t x, uint64_t y) {
    int shared = 0;
    for (int band = 0; band < 8; ++band) shared += ((x ^ y) >> (8 * band) & 0xFF) == 0;
    return shared;
  };
  TimeMs now = 0;
  int compared = 0;
  for (int i = 0; i < 3001; ++i) {  // buckets of every length modulo eight
    uint64_t f = i % 3 == 0 ? rng() : near(bases[rng() % bases.size()], 4 + rng() % 16);
    int64_t author = static_cast<int64_t>(rng() % 7);
    DuplicateCounts got = index.CheckAndAdd(author, std::optional<uint64_t>(f), now++);
    if (i % 50 == 0) {
      DuplicateCounts expected;
      std::set<int64_t> others;
      int hits = 0;  // a match is found once per band it shares
      for (const auto& [g, who] : added) {
        if (HammingDistance(f, g) > kDefaultMaxDistance || shared_bands(f, g) == 0) continue;
        hits += shared_bands(f, g);
        if (who == author) {
          ++expected.by_author;
        } else {
          ++expected.by_others;
          others.insert(who);
        }
      }
      if (hits < 64) {  // below the point where counting stops
        EXPECT_EQ(got.by_author, expected.by_author) << i;
        EXPECT_EQ(got.by_others, expected.by_others) << i;
        EXPECT_EQ(got.other_authors, others.size()) << i;
        ++compared;
      }
    }
    added.emplace_back(f, author);
  }
  EXPECT_GE(compared, 40);
}

TEST(RecentTextIndexTest, ShortPhrasesNeverCount) {
  RecentTextIndex index;
  for (int i = 0; i < 50; ++i) index.CheckAndAdd(1, "转发微博", i);
  DuplicateCounts counts = index.CheckAndAdd(1, "转发微博", 100);
  EXPECT_FALSE(counts.meaningful);
  EXPECT_EQ(counts.by_author, 0u);
}

TEST(RecentTextIndexTest, ForgetsOldTextsByCapacityAndWindow) {
  RecentTextOptions options;
  options.capacity = 100;
  options.window_ms = 10000;
  RecentTextIndex index(options);
  index.CheckAndAdd(1, kAd, 0);
  EXPECT_EQ(index.Check(1, kAd, 5000).by_author, 1u);
  EXPECT_EQ(index.Check(1, kAd, 20000).by_author, 0u);  // outside the window
  std::mt19937_64 rng(1);
  for (int i = 0; i < 1000; ++i) {
    std::string noise;
    for (int k = 0; k < 12; ++k) text::AppendUtf8(0x4E00 + rng() % 20000, &noise);
    index.CheckAndAdd(2, noise, 1000);
  }
  EXPECT_EQ(index.Check(1, kAd, 1000).by_author, 0u);  // pushed out of the ring
}

TEST(RecentTextIndexTest, IsSafeForConcurrentUse) {
  RecentTextIndex index;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&index, t] {
      for (int i = 0; i < 200; ++i) index.CheckAndAdd(t, Replace(kAd, i % 40, U'甲' + t), i);
    });
  }
  for (auto& thread : threads) thread.join();
  // Counting stops at a few dozen matches, newest first (the score saturates long before), so
  // which threads' copies are counted depends on how they interleaved; that copies are, not.
  DuplicateCounts counts = index.Check(0, kAd, 300);
  EXPECT_GE(counts.by_author + counts.by_others, 32u);
  EXPECT_GE(index.Check(9, kAd, 300).other_authors, 1u);
}

}  // namespace
}  // namespace cw::integrity
