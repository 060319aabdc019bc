#include "common/id.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <set>
#include <thread>
#include <unordered_set>
#include <vector>

#include "common/clock.h"

namespace cw {
namespace {

// 2024-03-01T12:00:00Z
constexpr TimeMs kT = 1709294400000;

int NodeOf(Id id) { return static_cast<int>((id >> kIdSequenceBits) & ((1 << kIdNodeBits) - 1)); }

TEST(IdTest, IdsGrowWhileTheClockMoves) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1);
  Id prev = gen.Next();
  for (int i = 0; i < 1000; ++i) {
    clock.Advance(i % 3);  // sometimes the same millisecond, sometimes later
    Id id = gen.Next();
    EXPECT_GT(id, prev);
    prev = id;
  }
}

TEST(IdTest, IdsGrowWithinOneMillisecondPastTheSequenceLimit) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 7);
  const int n = 3 * (1 << kIdSequenceBits);  // exhausts the sequence twice
  Id prev = 0;
  for (int i = 0; i < n; ++i) {
    Id id = gen.Next();
    ASSERT_GT(id, prev) << "at " << i;
    EXPECT_EQ(NodeOf(id), 7);
    prev = id;
  }
  // Borrowed milliseconds are later than the clock, never earlier.
  EXPECT_GE(IdTimeMs(prev), kT);
}

TEST(IdTest, IdsKeepGrowingWhenTheClockGoesBack) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1);
  Id a = gen.Next();
  clock.Set(kT - 5000);
  Id b = gen.Next();
  clock.Set(kT - 10000);
  Id c = gen.Next();
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);
}

TEST(IdTest, IdsAreUniqueAcrossThreads) {
  SystemClock clock;
  IdGenerator gen(&clock, 3);
  constexpr int kThreads = 8;
  constexpr int kPerThread = 20000;
  std::vector<std::vector<Id>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      got[t].reserve(kPerThread);
      for (int i = 0; i < kPerThread; ++i) got[t].push_back(gen.Next());
    });
  }
  for (auto& th : threads) th.join();
  std::unordered_set<Id> all;
  for (const auto& v : got) {
    // Each thread sees its own ids increase.
    EXPECT_TRUE(std::is_sorted(v.begin(), v.end()));
    all.insert(v.begin(), v.end());
  }
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST(IdTest, IdsAreUniqueAcrossThreadsOnAStoppedClock) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 3);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 5000;
  std::vector<std::vector<Id>> got(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) got[t].push_back(gen.Next());
    });
  }
  for (auto& th : threads) th.join();
  std::unordered_set<Id> all;
  for (const auto& v : got) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
}

TEST(IdTest, AnIdEncodesItsCreationTime) {
  for (TimeMs t : {kIdEpochMs + 1, kT, kT + 123, TimeMs{2840140800000}}) {  // ... 2060-01-01
    ManualClock clock(t);
    IdGenerator gen(&clock, 5);
    Id id = gen.Next();
    EXPECT_EQ(IdTimeMs(id), t);
    EXPECT_EQ(NodeOf(id), 5);
    EXPECT_GT(id, 0);
  }
}

TEST(IdTest, MinIdAtBoundsEveryIdMadeAtThatTime) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1023);
  Id id = gen.Next();
  EXPECT_LE(MinIdAt(kT), id);
  EXPECT_GT(MinIdAt(kT + 1), id);
  EXPECT_EQ(IdTimeMs(MinIdAt(kT)), kT);
}

TEST(IdTest, TheNodeIsMaskedToItsBits) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, (1 << kIdNodeBits) + 9);
  EXPECT_EQ(NodeOf(gen.Next()), 9);
}

TEST(IdTest, DifferentNodesNeverCollideInTheSameMillisecond) {
  ManualClock clock(kT);
  IdGenerator a(&clock, 1);
  IdGenerator b(&clock, 2);
  std::set<Id> ids;
  for (int i = 0; i < 100; ++i) {
    ids.insert(a.Next());
    ids.insert(b.Next());
  }
  EXPECT_EQ(ids.size(), 200u);
}

TEST(IdTest, HistoricalIdsCarryTheirOwnTime) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1);
  TimeMs then = kT - 365LL * 24 * 3600 * 1000;
  Id a = gen.NextAt(then);
  Id b = gen.NextAt(then + 60000);
  EXPECT_EQ(IdTimeMs(a), then);
  EXPECT_EQ(IdTimeMs(b), then + 60000);
  EXPECT_LT(a, b);
  EXPECT_LT(b, gen.Next());
}

TEST(IdTest, HistoricalIdsInOneMillisecondAreDistinctAndGrow) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1);
  TimeMs then = kT - 86400000;
  Id prev = 0;
  for (int i = 0; i < 2 * (1 << kIdSequenceBits); ++i) {
    Id id = gen.NextAt(then);
    ASSERT_GT(id, prev) << "at " << i;
    prev = id;
  }
}

TEST(IdTest, HistoricalIdsBeforeTheEpochClampToIt) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1);
  Id id = gen.NextAt(0);
  EXPECT_GE(id, 0);
  EXPECT_EQ(IdTimeMs(id), kIdEpochMs);
}

// The two counters of one generator must not hand out the same id: an import running at the
// current time would otherwise collide with live posts.
TEST(IdTest, HistoricalAndLiveIdsOfOneGeneratorNeverCollide) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1);
  std::set<Id> ids;
  for (int i = 0; i < 10; ++i) {
    ids.insert(gen.Next());
    ids.insert(gen.NextAt(kT));
  }
  EXPECT_EQ(ids.size(), 20u);
}

// Imports are not always in time order; an id handed out once must not come back.
TEST(IdTest, HistoricalIdsNeverRepeatWhenImportsGoBackInTime) {
  ManualClock clock(kT);
  IdGenerator gen(&clock, 1);
  TimeMs then = kT - 86400000;
  std::set<Id> ids;
  ids.insert(gen.NextAt(then));
  ids.insert(gen.NextAt(then - 5000));
  ids.insert(gen.NextAt(then));
  EXPECT_EQ(ids.size(), 3u);
}

TEST(IdTest, ParseIdAcceptsPositiveDecimals) {
  Id id = 0;
  EXPECT_TRUE(ParseId("1", &id));
  EXPECT_EQ(id, 1);
  EXPECT_TRUE(ParseId("7169573482438656000", &id));
  EXPECT_EQ(id, 7169573482438656000);
  EXPECT_TRUE(ParseId("9223372036854775807", &id));  // INT64_MAX
  EXPECT_EQ(id, INT64_MAX);
}

TEST(IdTest, ParseIdRejectsJunk) {
  for (const char* bad :
       {"", " ", "abc", "12a", "a12", " 12", "12 ", "1.5", "1e5", "0x10", "+5", "1,000", "١٢"}) {
    Id id = 42;
    EXPECT_FALSE(ParseId(bad, &id)) << '"' << bad << '"';
    EXPECT_EQ(id, 42) << "output touched on failure for \"" << bad << '"';
  }
}

TEST(IdTest, ParseIdRejectsZeroAndNegatives) {
  Id id = 42;
  EXPECT_FALSE(ParseId("0", &id));
  EXPECT_FALSE(ParseId("-1", &id));
  EXPECT_FALSE(ParseId("-9223372036854775808", &id));
  EXPECT_EQ(id, 42);
}

TEST(IdTest, ParseIdRejectsOverflow) {
  Id id = 42;
  EXPECT_FALSE(ParseId("9223372036854775808", &id));   // INT64_MAX + 1
  EXPECT_FALSE(ParseId("18446744073709551616", &id));  // 2^64
  EXPECT_FALSE(ParseId("99999999999999999999999", &id));
  EXPECT_EQ(id, 42);
}

TEST(IdTest, ParseIdStopsAtAnEmbeddedNul) {
  Id id = 42;
  EXPECT_FALSE(ParseId(std::string_view("12\0"
                                        "3",
                                        4),
                       &id));
}

}  // namespace
}  // namespace cw
