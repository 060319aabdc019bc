#include "analytics/seismic.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

namespace cw::analytics {
namespace {

constexpr TimeMs kT0 = 1'600'000'000'000;

// A cascade whose forward k is made `seconds[k]` after the root, by account 100 + k.
Cascade At(const std::vector<double>& seconds) {
  Cascade c{1, 7, kT0, {}};
  Id id = 2;
  for (double s : seconds) {
    c.forwards.push_back({id, 100 + id, 1, kT0 + static_cast<TimeMs>(s * 1000.0)});
    ++id;
  }
  return c;
}

// ∫_lo^hi f by the midpoint rule: the independent check of the closed forms.
template <typename F>
double Integrate(F f, double lo, double hi, int steps = 400'000) {
  if (hi <= lo) return 0;
  const double h = (hi - lo) / steps;
  double sum = 0;
  for (int i = 0; i < steps; ++i) sum += f(lo + (i + 0.5) * h);
  return sum * h;
}

TEST(SeismicTest, KernelIsTheFittedMemoryKernel) {
  const SeismicOptions o;
  const double c = SeismicKernel(0, o);
  EXPECT_NEAR(c, 6.4955e-4, 1e-7);  // 1 / (300 (1 + 1/0.242))
  EXPECT_DOUBLE_EQ(SeismicKernel(300, o), c);
  EXPECT_NEAR(SeismicKernel(600, o), c * std::pow(2.0, -1.242), 1e-15);
  EXPECT_EQ(SeismicKernel(-1, o), 0);
  EXPECT_NEAR(SeismicKernelIntegral(300, o), 0.242 / 1.242, 1e-12);
  // The tail beyond s is (1 / (1 + θ)) (s / s0)^-θ.
  EXPECT_NEAR(1 - SeismicKernelIntegral(3600, o), std::pow(12.0, -0.242) / 1.242, 1e-12);
  EXPECT_NEAR(SeismicKernelIntegral(3600, o),
              Integrate([&](double s) { return SeismicKernel(s, o); }, 0, 3600), 1e-6);
  EXPECT_LE(SeismicKernelIntegral(1e15, o), 1.0);
}

TEST(SeismicTest, NotReadyBeforeFiveForwardsOrFiveMinutes) {
  auto four = PredictSeismic(At({10, 20, 30, 40}), 100, {5, 5, 5, 5}, 3600);
  EXPECT_FALSE(four.ready);
  EXPECT_EQ(four.observed_size, 4);
  EXPECT_EQ(four.final_size, 4);
  EXPECT_EQ(four.low, 4);
  EXPECT_EQ(four.high, 4);

  auto early = PredictSeismic(At({10, 20, 30, 40, 50, 60}), 100, std::vector<int64_t>(6, 5), 299);
  EXPECT_FALSE(early.ready);
  EXPECT_EQ(early.observed_size, 6);

  // Forwards after the observation do not count.
  auto later =
      PredictSeismic(At({10, 20, 30, 40, 4000, 5000}), 100, std::vector<int64_t>(6, 5), 3600);
  EXPECT_FALSE(later.ready);
  EXPECT_EQ(later.observed_size, 4);

  auto ready = PredictSeismic(At({10, 20, 30, 40, 50}), 100, std::vector<int64_t>(5, 5), 300);
  EXPECT_TRUE(ready.ready);
}

// p̂, N^e and the prediction computed by numerical integration of the definitions.
TEST(SeismicTest, MatchesTheDefinitionsIntegratedNumerically) {
  const std::vector<double> times = {30, 90, 200, 400, 900, 1500, 2400, 3000};
  const std::vector<int64_t> fans = {50, 10, 300, 5, 80, 20, 1000, 3};
  const int64_t root_fans = 2000;
  const double t = 3600;
  SeismicOptions o;
  const Cascade c = At(times);
  const SeismicObservation obs = ObserveSeismic(c, root_fans, fans, 3600, o);
  ASSERT_TRUE(obs.ready);

  // The window: t/2 = 1800 (inside [300, 7200]); the 5th-last forward is 3200 s old, so 4800.
  const double w = 1.5 * (t - times[3]);
  auto kernel_weight = [&](double age) { return std::max(0.0, 1.0 - age / w); };
  double numerator = 0, denominator = 0, remaining = 0, fan_sum = 0;
  auto exposure = [&](double at, double n) {
    denominator +=
        n * Integrate([&](double s) { return kernel_weight(t - s) * SeismicKernel(s - at, o); },
                      std::max(at, t - w), t);
    remaining += n * (1 - SeismicKernelIntegral(t - at, o));
  };
  exposure(0, root_fans);
  for (size_t i = 0; i < times.size(); ++i) {
    numerator += kernel_weight(t - times[i]);
    exposure(times[i], static_cast<double>(fans[i]));
    fan_sum += static_cast<double>(fans[i]);
  }
  const double p = numerator / denominator;
  EXPECT_NEAR(obs.weighted_count, numerator, 1e-12);
  EXPECT_NEAR(obs.infectiousness / p, 1.0, 1e-5);
  EXPECT_NEAR(obs.new_exposure, remaining, 1e-9);
  const double n_star = fan_sum / static_cast<double>(times.size());
  EXPECT_NEAR(obs.n_star, n_star, 1e-12);

  const SeismicPrediction pred = PredictSeismic(c, root_fans, fans, 3600, o);
  const double branching = n_star * p;
  ASSERT_LT(branching, 0.95);
  EXPECT_NEAR(pred.final_size / (8 + p * remaining / (1 - branching)), 1.0, 1e-5);
  EXPECT_NEAR(pred.branching / branching, 1.0, 1e-5);
  EXPECT_FALSE(pred.capped);
  EXPECT_LE(pred.low, pred.final_size);
  EXPECT_GE(pred.high, pred.final_size);
  EXPECT_GE(pred.low, 8);
}

TEST(SeismicTest, ScaleFreeInTheFanCounts) {
  const Cascade c = At({20, 50, 70, 300, 600, 1200, 1800, 2000, 3300});
  std::vector<int64_t> fans = {3, 40, 7, 7, 120, 2, 9, 60, 15};
  auto a = PredictSeismic(c, 500, fans, 3600);
  for (auto& f : fans) f *= 10;
  auto b = PredictSeismic(c, 5000, fans, 3600);
  EXPECT_NEAR(a.final_size / b.final_size, 1.0, 1e-9);
  EXPECT_NEAR(a.branching / b.branching, 1.0, 1e-9);
  EXPECT_NEAR(a.infectiousness / b.infectiousness, 10.0, 1e-9);
}

TEST(SeismicTest, MonotoneInForwardsAndCorrections) {
  std::vector<double> times;
  for (int m = 1; m <= 20; ++m) times.push_back(60.0 * m);
  const std::vector<int64_t> fans(40, 30);
  SeismicOptions o;
  o.n_star = 30;
  // With the window pinned, each forward arriving at the moment of observation raises p̂ (its
  // kernel weight is 1, its exposure so far 0), the exposures to come and the prediction. (The
  // adaptive window may lower it instead: a burst of recent forwards narrows the window to the
  // recent past, which can hold fewer forwards per exposure than the whole history.)
  SeismicOptions pinned = o;
  pinned.min_window_s = pinned.max_window_s = 3600;
  pinned.window_forwards = 0;
  pinned.n_star = 5;
  double previous = 0, previous_p = 0;
  for (int extra = 0; extra < 10; ++extra) {
    std::vector<double> more = times;
    for (int k = 0; k < extra; ++k) more.push_back(3600);
    auto p = PredictSeismic(At(more), 30, fans, 3600, pinned);
    ASSERT_TRUE(p.ready);
    EXPECT_FALSE(p.capped);
    EXPECT_GT(p.final_size, previous);
    EXPECT_GT(p.infectiousness, previous_p);
    previous = p.final_size;
    previous_p = p.infectiousness;
  }
  // More alpha, more beta: larger predictions.
  double last = 0;
  for (double alpha : {0.5, 1.0, 2.0}) {
    o.alpha = alpha;
    auto p = PredictSeismic(At(times), 30, fans, 3600, o);
    EXPECT_GT(p.final_size, last);
    last = p.final_size;
  }
  o.alpha = 1;
  o.beta = 0;
  auto no_branching = PredictSeismic(At(times), 30, fans, 3600, o);
  o.beta = 1;
  auto branching = PredictSeismic(At(times), 30, fans, 3600, o);
  EXPECT_GT(branching.final_size, no_branching.final_size);
  // The longer the same cascade is watched without new forwards, the lower the estimate of
  // what is to come.
  auto later = PredictSeismic(At(times), 30, fans, 7200, o);
  EXPECT_LT(later.final_size - 20, branching.final_size - 20);
}

TEST(SeismicTest, SupercriticalIsCappedAndSaysSo) {
  // 200 forwards in 10 minutes by accounts with many fans: n* p̂ far above 1.
  std::vector<double> times;
  for (int k = 0; k < 200; ++k) times.push_back(3.0 * k);
  const std::vector<int64_t> fans(200, 1000);
  SeismicOptions o;
  auto p = PredictSeismic(At(times), 10, fans, 600, o);
  ASSERT_TRUE(p.ready);
  EXPECT_TRUE(p.capped);
  EXPECT_GE(p.branching, 1.0);
  const auto obs = ObserveSeismic(At(times), 10, fans, 600, o);
  EXPECT_NEAR(p.final_size, 200 + obs.infectiousness * obs.new_exposure / (1 - 0.95), 1e-6);
  EXPECT_TRUE(std::isfinite(p.high));
}

TEST(SeismicTest, DeterministicAndIndependentOfInputOrder) {
  Cascade c = At({5, 15, 45, 100, 250, 700, 1300, 2100, 2900, 3500});
  std::vector<int64_t> fans = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
  auto a = PredictSeismic(c, 77, fans, 3600);
  auto b = PredictSeismic(c, 77, fans, 3600);
  EXPECT_EQ(a.final_size, b.final_size);
  EXPECT_EQ(a.low, b.low);
  EXPECT_EQ(a.high, b.high);
  std::reverse(c.forwards.begin(), c.forwards.end());
  std::reverse(fans.begin(), fans.end());
  auto r = PredictSeismic(c, 77, fans, 3600);
  EXPECT_EQ(a.final_size, r.final_size);
  EXPECT_EQ(a.infectiousness, r.infectiousness);

  // The callback form asks for the same counts.
  auto by_callback = PredictSeismic(
      c,
      [](Id account) { return account == 7 ? int64_t{77} : static_cast<int64_t>(account - 101); },
      3600);
  EXPECT_EQ(by_callback.final_size, a.final_size);
}

TEST(SeismicTest, NeverNaNOnOddInput) {
  std::mt19937_64 rng(42);
  for (int trial = 0; trial < 300; ++trial) {
    const int n = static_cast<int>(rng() % 60);
    std::vector<double> times;
    std::vector<int64_t> fans;
    const int shape = trial % 4;
    for (int k = 0; k < n; ++k) {
      double s = static_cast<double>(rng() % 20000) - 2000;  // some before the root
      if (shape == 0) s = 0;                                 // all at once
      if (shape == 1) s = 1e9;                               // all long after
      times.push_back(s);
      int64_t f = static_cast<int64_t>(rng() % 4);
      if (f == 3) f = 2'000'000'000;
      fans.push_back(f);
    }
    for (int64_t observe :
         {int64_t{-5}, int64_t{0}, int64_t{300}, int64_t{3600}, int64_t{100'000'000}}) {
      auto p = PredictSeismic(At(times), static_cast<int64_t>(rng() % 3), fans, observe);
      ASSERT_TRUE(std::isfinite(p.final_size));
      ASSERT_TRUE(std::isfinite(p.low));
      ASSERT_TRUE(std::isfinite(p.high));
      ASSERT_TRUE(std::isfinite(p.infectiousness));
      ASSERT_LE(p.low, p.final_size);
      ASSERT_GE(p.high, p.final_size);
      ASSERT_GE(p.final_size, static_cast<double>(p.observed_size));
    }
  }
  // Options out of range are clamped, not trusted.
  SeismicOptions bad;
  bad.theta = 1.0;
  bad.max_branching = 1.5;
  bad.s0_s = 0;
  bad.min_window_s = -3;
  bad.alpha = std::nan("");
  auto clamped =
      PredictSeismic(At({10, 20, 30, 40, 50, 60}), 5, std::vector<int64_t>(6, 5), 600, bad);
  EXPECT_TRUE(clamped.ready);
  EXPECT_TRUE(std::isfinite(clamped.final_size));
  EXPECT_TRUE(std::isfinite(clamped.high));
  // No forwards at all.
  auto empty = PredictSeismic(At({}), 0, {}, 3600);
  EXPECT_FALSE(empty.ready);
  EXPECT_EQ(empty.final_size, 0);
}

TEST(SeismicTest, CalibratedInterval) {
  const Cascade c = At({20, 50, 70, 300, 600, 1200, 1800, 2000, 3300});
  const std::vector<int64_t> fans(9, 10);
  SeismicOptions o;
  o.calibrated_low = 0.5;
  o.calibrated_high = 3;
  const auto p = PredictSeismic(c, 10, fans, 3600, o);
  ASSERT_TRUE(p.ready);
  EXPECT_DOUBLE_EQ(p.high, 3 * p.final_size);
  EXPECT_DOUBLE_EQ(p.low, std::max(9.0, 0.5 * p.final_size));
  EXPECT_EQ(p.final_size, PredictSeismic(c, 10, fans, 3600).final_size);
}

TEST(SeismicTest, LargeCascadeTiming) {
  // 100,000 forwards over a day; the API predicts on every cascade request.
  std::mt19937_64 rng(9);
  std::vector<double> times;
  for (int k = 0; k < 100'000; ++k) times.push_back(static_cast<double>(rng() % 86'400));
  std::vector<int64_t> fans;
  for (int k = 0; k < 100'000; ++k) fans.push_back(static_cast<int64_t>(rng() % 5000));
  const Cascade c = At(times);
  const auto start = std::chrono::steady_clock::now();
  const auto p = PredictSeismic(c, 1'000'000, fans, 43'200);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("SEISMIC on %zu forwards (%lld observed): %.3f s\n", times.size(),
              static_cast<long long>(p.observed_size), seconds);
  EXPECT_TRUE(p.ready);
  EXPECT_LT(seconds, 1.0);
}

TEST(SeismicTest, MedianApe) {
  EXPECT_DOUBLE_EQ(MedianApe({1, 2, 3}, {2, 2, 2}), 0.5);
  EXPECT_DOUBLE_EQ(MedianApe({1, 3, 2, 2}, {2, 2, 2, 2}), 0.25);
  EXPECT_DOUBLE_EQ(MedianApe({5, 1}, {0, 2}), 0.5);  // actual 0 is skipped
  EXPECT_DOUBLE_EQ(MedianApe({}, {}), 0);
}

TEST(SeismicTest, FitRecoversTheCorrection) {
  // Finals made with α = 2, β = 0.5: the grid search finds a fit with almost no error.
  std::vector<SeismicSample> samples;
  std::mt19937_64 rng(7);
  for (int i = 0; i < 200; ++i) {
    SeismicSample s;
    s.observed_size = 5 + static_cast<int64_t>(rng() % 100);
    s.n_star = 10 + static_cast<double>(rng() % 50);
    s.infectiousness = (0.1 + 0.8 * static_cast<double>(rng() % 1000) / 1000.0) / s.n_star;
    s.new_exposure = 100 + static_cast<double>(rng() % 5000);
    s.final_size = static_cast<int64_t>(std::llround(
        SeismicFinal(s.observed_size, s.infectiousness, s.new_exposure, s.n_star, 2.0, 0.5, 0.95)));
    samples.push_back(s);
  }
  const SeismicFit fit = FitSeismic(samples);
  EXPECT_LT(fit.median_ape, 0.03);
  EXPECT_NEAR(fit.alpha, 2.0, 0.25);
  EXPECT_EQ(FitSeismic(samples).alpha, fit.alpha);  // deterministic
}

}  // namespace
}  // namespace cw::analytics
