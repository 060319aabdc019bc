#include "analytics/seismic.h"

#include <algorithm>
#include <cmath>

namespace cw::analytics {
namespace {

// The kernel's constant level c, so that φ integrates to 1.
double KernelLevel(const SeismicOptions& o) { return 1.0 / (o.s0_s * (1.0 + 1.0 / o.theta)); }

// ∫_L^U φ(u) du and ∫_L^U u φ(u) du, for 0 ≤ L ≤ U.
struct KernelMoments {
  double m0 = 0, m1 = 0;
};

KernelMoments Moments(double lo, double hi, const SeismicOptions& o) {
  KernelMoments m;
  if (hi <= lo) return m;
  const double c = KernelLevel(o);
  if (lo < o.s0_s) {
    const double b = std::min(hi, o.s0_s);
    m.m0 += c * (b - lo);
    m.m1 += c * (b * b - lo * lo) / 2.0;
  }
  if (hi > o.s0_s) {
    const double a = std::max(lo, o.s0_s);
    const double scale = c * std::pow(o.s0_s, 1.0 + o.theta);  // φ(u) = scale · u^-(1+θ)
    m.m0 += scale * (std::pow(a, -o.theta) - std::pow(hi, -o.theta)) / o.theta;
    m.m1 += scale * (std::pow(hi, 1.0 - o.theta) - std::pow(a, 1.0 - o.theta)) / (1.0 - o.theta);
  }
  return m;
}

// Bounds of the mean of a Poisson count k at normal quantile z (the chi-square quantiles of the
// exact interval, by the Wilson–Hilferty approximation).
double PoissonLow(double k, double z) {
  if (k <= 0) return 0;
  const double v = 1.0 - 1.0 / (9.0 * k) - z / (3.0 * std::sqrt(k));
  return v <= 0 ? 0 : k * v * v * v;
}

double PoissonHigh(double k, double z) {
  const double k1 = k + 1.0;
  const double v = 1.0 - 1.0 / (9.0 * k1) + z / (3.0 * std::sqrt(k1));
  return k1 * v * v * v;
}

bool Finite(double x) { return std::isfinite(x); }

double ClampOr(double x, double lo, double hi, double fallback) {
  return Finite(x) ? std::clamp(x, lo, hi) : fallback;
}

SeismicOptions Sanitized(const SeismicOptions& in) {
  SeismicOptions o = in;
  o.theta = ClampOr(o.theta, 0.01, 0.99, 0.242);
  o.s0_s = ClampOr(o.s0_s, 1.0, 1e9, 300.0);
  o.max_branching = ClampOr(o.max_branching, 0.01, 0.999, 0.95);
  o.min_window_s = ClampOr(o.min_window_s, 1.0, 1e12, 300.0);
  o.max_window_s = ClampOr(o.max_window_s, o.min_window_s, 1e12, o.min_window_s);
  o.alpha = ClampOr(o.alpha, 0.0, 1e9, 1.0);
  o.beta = ClampOr(o.beta, 0.0, 1e9, 1.0);
  o.n_star = ClampOr(o.n_star, 0.0, 1e15, 0.0);
  o.z = ClampOr(o.z, 0.0, 10.0, 1.96);
  return o;
}

}  // namespace

double SeismicKernel(double s, const SeismicOptions& raw) {
  const SeismicOptions options = Sanitized(raw);
  if (s < 0) return 0;
  const double c = KernelLevel(options);
  if (s <= options.s0_s) return c;
  return c * std::pow(s / options.s0_s, -(1.0 + options.theta));
}

double SeismicKernelIntegral(double s, const SeismicOptions& raw) {
  const SeismicOptions options = Sanitized(raw);
  if (s <= 0) return 0;
  return std::min(1.0, Moments(0, s, options).m0);
}

double SeismicFinal(int64_t observed_size, double p, double new_exposure, double n_star,
                    double alpha, double beta, double max_branching) {
  const double observed = static_cast<double>(observed_size);
  if (!(p > 0) || !(new_exposure > 0)) return observed;
  max_branching = ClampOr(max_branching, 0.01, 0.999, 0.95);
  double x = beta * n_star * p;
  if (!Finite(x) || x >= max_branching) x = max_branching;
  if (x < 0) x = 0;
  const double future = alpha * p * new_exposure / (1.0 - x);
  if (!Finite(future) || future < 0) return observed;
  return observed + future;
}

SeismicObservation ObserveSeismic(const Cascade& cascade, int64_t root_fans,
                                  const std::vector<int64_t>& forward_fans, int64_t observe_s,
                                  const SeismicOptions& raw) {
  const SeismicOptions o = Sanitized(raw);
  SeismicObservation obs;
  obs.observed_s = std::max<int64_t>(0, observe_s);
  const double t = static_cast<double>(obs.observed_s);
  const double floor_fans = static_cast<double>(std::max<int64_t>(0, o.min_fans));
  auto fans_of = [&](int64_t n) { return std::max(floor_fans, static_cast<double>(n)); };

  // The forwards seen by t: (seconds after the root, fans), in time order.
  std::vector<std::pair<double, double>> seen;
  for (size_t i = 0; i < cascade.forwards.size(); ++i) {
    const TimeMs delta_ms = cascade.forwards[i].at - cascade.root_at;
    const double at = delta_ms <= 0 ? 0.0 : static_cast<double>(delta_ms) / 1000.0;
    if (at > t) continue;
    seen.emplace_back(at, fans_of(i < forward_fans.size() ? forward_fans[i] : o.min_fans));
  }
  std::sort(seen.begin(), seen.end());
  obs.observed_size = static_cast<int64_t>(seen.size());
  obs.ready = obs.observed_size >= o.min_forwards && obs.observed_s >= o.min_observed_s &&
              obs.observed_size > 0 && t > 0;
  if (!obs.ready) return obs;

  // The window: t/2 clamped, widened so the last `window_forwards` forwards fall well inside.
  double w = std::clamp(t / 2.0, o.min_window_s, std::max(o.min_window_s, o.max_window_s));
  if (o.window_forwards > 0) {
    const size_t k = std::min(seen.size(), static_cast<size_t>(o.window_forwards));
    const double age = t - seen[seen.size() - k].first;
    w = std::max(w, 1.5 * age);
  }

  double weighted = 0, exposures = 0, remaining = 0, fan_sum = 0;
  auto add_exposure = [&](double at, double n) {
    const double hi = t - at;
    const double lo = std::max(0.0, hi - w);
    const KernelMoments m = Moments(lo, hi, o);
    exposures += n * ((w - hi) * m.m0 + m.m1) / w;
    remaining += n * std::max(0.0, 1.0 - std::min(1.0, Moments(0, hi, o).m0));
  };
  add_exposure(0.0, fans_of(root_fans));
  for (const auto& [at, n] : seen) {
    weighted += std::max(0.0, 1.0 - (t - at) / w);
    add_exposure(at, n);
    fan_sum += n;
  }
  obs.weighted_count = weighted;
  obs.infectiousness = exposures > 0 ? weighted / exposures : 0;
  obs.new_exposure = remaining;
  obs.n_star = o.n_star > 0 ? o.n_star : fan_sum / static_cast<double>(seen.size());
  if (!Finite(obs.infectiousness)) obs.infectiousness = 0;
  return obs;
}

SeismicPrediction PredictSeismic(const Cascade& cascade, int64_t root_fans,
                                 const std::vector<int64_t>& forward_fans, int64_t observe_s,
                                 const SeismicOptions& raw) {
  const SeismicOptions o = Sanitized(raw);
  const SeismicObservation obs = ObserveSeismic(cascade, root_fans, forward_fans, observe_s, o);
  SeismicPrediction p;
  p.ready = obs.ready;
  p.observed_s = obs.observed_s;
  p.observed_size = obs.observed_size;
  p.final_size = p.low = p.high = static_cast<double>(obs.observed_size);
  if (!obs.ready) return p;
  p.infectiousness = obs.infectiousness;
  p.branching = o.beta * obs.n_star * obs.infectiousness;
  p.capped = !(p.branching < o.max_branching);
  auto final_at = [&](double infectiousness) {
    return SeismicFinal(obs.observed_size, infectiousness, obs.new_exposure, obs.n_star, o.alpha,
                        o.beta, o.max_branching);
  };
  p.final_size = final_at(obs.infectiousness);
  const double k = obs.weighted_count;
  if (k > 0) {
    p.low = final_at(obs.infectiousness * PoissonLow(k, o.z) / k);
    p.high = final_at(obs.infectiousness * PoissonHigh(k, o.z) / k);
  }
  if (o.calibrated_low > 0 && o.calibrated_high >= o.calibrated_low) {
    // The interval measured on past cascades: final / predicted between the two factors.
    p.low = std::max(static_cast<double>(obs.observed_size), p.final_size * o.calibrated_low);
    p.high = p.final_size * o.calibrated_high;
  }
  p.low = std::min(p.low, p.final_size);
  p.high = std::max(p.high, p.final_size);
  if (!Finite(p.high)) p.high = p.final_size;
  return p;
}

SeismicPrediction PredictSeismic(const Cascade& cascade, const FanCount& fans, int64_t observe_s,
                                 const SeismicOptions& options) {
  const int64_t root_fans = fans ? fans(cascade.root_author_id) : options.min_fans;
  std::vector<int64_t> forward_fans(cascade.forwards.size(), options.min_fans);
  const TimeMs limit = cascade.root_at + std::max<int64_t>(0, observe_s) * 1000;
  if (fans) {
    for (size_t i = 0; i < cascade.forwards.size(); ++i) {
      if (cascade.forwards[i].at <= limit) forward_fans[i] = fans(cascade.forwards[i].author_id);
    }
  }
  return PredictSeismic(cascade, root_fans, forward_fans, observe_s, options);
}

double MedianApe(const std::vector<double>& predicted, const std::vector<double>& actual) {
  std::vector<double> errors;
  const size_t n = std::min(predicted.size(), actual.size());
  errors.reserve(n);
  for (size_t i = 0; i < n; ++i) {
    if (actual[i] > 0) errors.push_back(std::fabs(predicted[i] - actual[i]) / actual[i]);
  }
  if (errors.empty()) return 0;
  const size_t mid = errors.size() / 2;
  std::nth_element(errors.begin(), errors.begin() + static_cast<std::ptrdiff_t>(mid), errors.end());
  const double upper = errors[mid];
  if (errors.size() % 2 == 1) return upper;
  const double lower =
      *std::max_element(errors.begin(), errors.begin() + static_cast<std::ptrdiff_t>(mid));
  return (lower + upper) / 2.0;
}

SeismicFit FitSeismic(const std::vector<SeismicSample>& samples, const SeismicOptions& options) {
  std::vector<double> actual;
  for (const auto& s : samples) actual.push_back(static_cast<double>(s.final_size));
  auto score = [&](double alpha, double beta) {
    std::vector<double> predicted;
    predicted.reserve(samples.size());
    for (const auto& s : samples) {
      predicted.push_back(SeismicFinal(s.observed_size, s.infectiousness, s.new_exposure, s.n_star,
                                       alpha, beta, options.max_branching));
    }
    return MedianApe(predicted, actual);
  };
  SeismicFit best{1.0, 1.0, score(1.0, 1.0)};
  for (double alpha = 0.05; alpha <= 4.0 + 1e-9; alpha *= 1.1) {
    for (int b = 0; b <= 40; ++b) {
      const double beta = 0.05 * b;
      const double e = score(alpha, beta);
      if (e < best.median_ape - 1e-12) best = {alpha, beta, e};
    }
  }
  return best;
}

}  // namespace cw::analytics
