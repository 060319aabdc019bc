#include "analytics/hyperloglog.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>

namespace cw::analytics {
namespace {

TEST(HyperLogLogTest, EmptySketchEstimatesZero) {
  HyperLogLog hll;
  EXPECT_EQ(hll.Estimate(), 0.0);
}

TEST(HyperLogLogTest, EstimatesWithinTwoPercentAcrossRanges) {
  for (int64_t n : {100, 1000, 10'000, 40'000, 60'000, 100'000, 1'000'000, 3'000'000}) {
    HyperLogLog hll;
    // Ids shaped like real ones: time-ordered 64-bit values with a stride.
    for (int64_t i = 0; i < n; ++i) hll.Add((int64_t{1} << 50) + i * 4099);
    const double estimate = hll.Estimate();
    EXPECT_NEAR(estimate, static_cast<double>(n), 0.02 * static_cast<double>(n)) << "n = " << n;
  }
}

TEST(HyperLogLogTest, DuplicatesDoNotCount) {
  HyperLogLog hll;
  for (int round = 0; round < 5; ++round) {
    for (int64_t i = 0; i < 5000; ++i) hll.Add(i);
  }
  EXPECT_NEAR(hll.Estimate(), 5000.0, 100.0);
}

TEST(HyperLogLogTest, MergeIsTheSketchOfTheUnion) {
  HyperLogLog a, b, both;
  for (int64_t i = 0; i < 300'000; ++i) {
    a.Add(i);
    both.Add(i);
  }
  for (int64_t i = 200'000; i < 500'000; ++i) {
    b.Add(i);
    both.Add(i);
  }
  a.Merge(b);
  EXPECT_EQ(a.Estimate(), both.Estimate());
  EXPECT_NEAR(a.Estimate(), 500'000.0, 10'000.0);
}

}  // namespace
}  // namespace cw::analytics
