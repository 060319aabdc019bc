#include "common/clock.h"

#include <gtest/gtest.h>

#include <string>

namespace cw {
namespace {

// 2024-03-01T12:00:00Z
constexpr TimeMs kT = 1709294400000;

TimeMs Parse(const std::string& s) {
  TimeMs out = -1;
  EXPECT_TRUE(ParseIsoTime(s, &out)) << s;
  return out;
}

bool Rejects(const std::string& s) {
  TimeMs out = 12345;
  return !ParseIsoTime(s, &out);
}

TEST(ClockTest, FormatsUtcWithMilliseconds) {
  EXPECT_EQ(FormatIsoTime(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoTime(kT), "2024-03-01T12:00:00.000Z");
  EXPECT_EQ(FormatIsoTime(kT + 7), "2024-03-01T12:00:00.007Z");
  EXPECT_EQ(FormatIsoTime(kT + 59999), "2024-03-01T12:00:59.999Z");
  EXPECT_EQ(FormatIsoTime(951782400000), "2000-02-29T00:00:00.000Z");  // leap day
}

TEST(ClockTest, FormatsTimesBeforeTheUnixEpoch) {
  EXPECT_EQ(FormatIsoTime(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(FormatIsoTime(-1000), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(FormatIsoTime(-1001), "1969-12-31T23:59:58.999Z");
}

TEST(ClockTest, FormatThenParseRoundTrips) {
  for (TimeMs t : {TimeMs{0}, TimeMs{1}, kT, kT + 999, kT + TimeMs{86400000} * 365 + 123,
                   TimeMs{946684800000}, TimeMs{4102444799999}, TimeMs{-1}, TimeMs{-86400001}}) {
    TimeMs back = -42;
    ASSERT_TRUE(ParseIsoTime(FormatIsoTime(t), &back)) << FormatIsoTime(t);
    EXPECT_EQ(back, t) << FormatIsoTime(t);
  }
}

TEST(ClockTest, ParsesWithoutAFraction) { EXPECT_EQ(Parse("2024-03-01T12:00:00Z"), kT); }

TEST(ClockTest, ParsesFractionsOfAnyLength) {
  EXPECT_EQ(Parse("2024-03-01T12:00:00.5Z"), kT + 500);
  EXPECT_EQ(Parse("2024-03-01T12:00:00.05Z"), kT + 50);
  EXPECT_EQ(Parse("2024-03-01T12:00:00.123Z"), kT + 123);
  EXPECT_EQ(Parse("2024-03-01T12:00:00.123456789Z"), kT + 123);  // truncated, not rounded
}

TEST(ClockTest, AppliesPositiveAndNegativeOffsets) {
  EXPECT_EQ(Parse("2024-03-01T20:00:00+08:00"), kT);  // Beijing
  EXPECT_EQ(Parse("2024-03-01T07:00:00-05:00"), kT);
  EXPECT_EQ(Parse("2024-03-01T17:30:00+05:30"), kT);
  EXPECT_EQ(Parse("2024-03-01T12:00:00+00:00"), kT);
  EXPECT_EQ(Parse("2024-03-01T12:00:00-00:00"), kT);
  EXPECT_EQ(Parse("2024-03-01T20:00:00.250+08:00"), kT + 250);
}

TEST(ClockTest, AnOffsetCanCrossTheDayBoundary) {
  EXPECT_EQ(Parse("2024-03-02T02:00:00+14:00"), kT);
  EXPECT_EQ(Parse("2024-03-01T00:00:00-12:00"), kT);
}

TEST(ClockTest, ParsesLeapDays) { EXPECT_EQ(Parse("2024-02-29T00:00:00Z"), 1709164800000); }

TEST(ClockTest, RejectsGarbage) {
  EXPECT_TRUE(Rejects(""));
  EXPECT_TRUE(Rejects("yesterday"));
  EXPECT_TRUE(Rejects("2024"));
  EXPECT_TRUE(Rejects("2024-03-01"));
  EXPECT_TRUE(Rejects("2024-03-01 12:00:00Z"));  // a space, not 'T'
  EXPECT_TRUE(Rejects("1709294400000"));
}

TEST(ClockTest, RejectsAMissingOrUnknownZone) {
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00 UTC"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00z+"));
}

TEST(ClockTest, RejectsTrailingCharacters) {
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00Zjunk"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00ZZ"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+08:00x"));
}

TEST(ClockTest, RejectsAnEmptyFraction) { EXPECT_TRUE(Rejects("2024-03-01T12:00:00.Z")); }

TEST(ClockTest, RejectsOutOfRangeFields) {
  EXPECT_TRUE(Rejects("2024-13-01T12:00:00Z"));
  EXPECT_TRUE(Rejects("2024-00-01T12:00:00Z"));
  EXPECT_TRUE(Rejects("2024-03-00T12:00:00Z"));
  EXPECT_TRUE(Rejects("2024-03-32T12:00:00Z"));
  EXPECT_TRUE(Rejects("2024-03-01T24:00:00Z"));
  EXPECT_TRUE(Rejects("2024-03-01T12:60:00Z"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:61Z"));
}

TEST(ClockTest, RejectsNegativeFields) {
  EXPECT_TRUE(Rejects("2024-03-01T-1:00:00Z"));
  EXPECT_TRUE(Rejects("2024-03-01T12:-1:00Z"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:-1Z"));
}

TEST(ClockTest, RejectsDaysThatTheMonthDoesNotHave) {
  EXPECT_TRUE(Rejects("2024-02-30T00:00:00Z"));
  EXPECT_TRUE(Rejects("2023-02-29T00:00:00Z"));
  EXPECT_TRUE(Rejects("2024-04-31T00:00:00Z"));
}

TEST(ClockTest, RejectsMalformedOffsets) {
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+08"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+0800"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+8:00"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+08:0"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+ab:cd"));
}

TEST(ClockTest, RejectsOffsetsOutOfRange) {
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+24:00"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+08:60"));
  EXPECT_TRUE(Rejects("2024-03-01T12:00:00+99:99"));
}

TEST(ClockTest, LeavesTheOutputAloneOnFailure) {
  TimeMs out = 777;
  EXPECT_FALSE(ParseIsoTime("nope", &out));
  EXPECT_EQ(out, 777);
}

TEST(ClockTest, ManualClockMovesOnlyWhenTold) {
  ManualClock clock(kT);
  EXPECT_EQ(clock.NowMs(), kT);
  EXPECT_EQ(clock.NowMs(), kT);
  clock.Advance(1500);
  EXPECT_EQ(clock.NowMs(), kT + 1500);
  clock.Set(5);
  EXPECT_EQ(clock.NowMs(), 5);
}

TEST(ClockTest, SystemClockIsNearTheRealTime) {
  SystemClock clock;
  TimeMs now = clock.NowMs();
  EXPECT_GT(now, kT);                     // after this test was written
  EXPECT_LT(now, TimeMs{4102444800000});  // before 2100
  EXPECT_LE(now, clock.NowMs());
}

}  // namespace
}  // namespace cw
