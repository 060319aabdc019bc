// Early prediction of a cascade's final forward count: SEISMIC (Zhao, Erdogdu, He, Rajaraman,
// Leskovec, "SEISMIC: A Self-Exciting Point Process Model for Predicting Tweet Popularity",
// KDD 2015). Pure functions over plain data; thread-safe (no shared state).
//
// The model. The root (posted at time 0) and each forward i (at t_i) expose the n_i fans of
// their authors; a fan exposed at time s after the exposure reacts with the delay density φ(s),
// the memory kernel:
//   φ(s) = c                          for 0 ≤ s ≤ s0 (5 min),
//   φ(s) = c · (s / s0)^-(1 + θ)      for s > s0,        θ = 0.242 (the paper's fit),
// with c = 1 / (s0 · (1 + 1/θ)) so that φ integrates to 1. Forwards arrive with intensity
// λ(t) = p_t · Σ_{t_i ≤ t} n_i · φ(t − t_i), where p_t is the infectiousness: the chance that one
// exposure turns into a forward.
//
// The estimate p̂_t (the paper's time-varying estimator): forwards weighted by a triangular kernel
// K(u) = max(0, 1 − u/w) looking back from t, over the exposures the kernel sees:
//   p̂_t = Σ_{i ≥ 1} K(t − t_i) / Σ_{i ≥ 0} n_i ∫_{t_i}^{t} K(t − s) φ(s − t_i) ds   (closed form).
// The window w is t/2 clamped to [5 min, 2 h], widened to 1.5 times the age of the 5th-last
// forward, so the last 5 forwards always weigh in.
//
// The prediction:  final = R_t + α · p̂_t · N^e_t / (1 − β · n* · p̂_t), where R_t is the
// forwards seen by t, N^e_t = Σ_{i ≥ 0} n_i · (1 − Φ(t − t_i)) the exposures still to come from
// the accounts seen so far (Φ the integral of φ), and n* the fans of a typical future forwarder
// (1 / (1 − n* p̂) sums the generations a new forward starts). α and β are the correction factors
// (1 and 1: the uncorrected model; `clearwater analytics predict` fits them on half the CED
// cascades). n* is `SeismicOptions::n_star`, or when 0 the mean fan count of the forwarders seen.
//
// Supercritical cascades: when β · n* · p̂ ≥ `max_branching` (0.95 by default; the model
// says ≥ 1 grows without bound) the generations factor is capped at 1 / (1 − max_branching) = 20
// and `capped` is set: the prediction is then a floor, not an estimate.
//
// The interval: the kernel-weighted forward count k = Σ K(t − t_i) is treated as a Poisson count
// (a point process counts so, approximately, over a short window); its 95% Poisson interval
// (chi-square bounds via Wilson–Hilferty) gives p̂_low and p̂_high, each put through the same
// prediction formula. It covers the uncertainty of p̂ alone; `calibrated_low/high` replace it with
// factors measured on past cascades. Fan counts below `min_fans` (1) count as `min_fans`: an
// account without fans still shows its forward on its page.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "analytics/cascade.h"

namespace cw::analytics {

// Out-of-range values are clamped: θ to [0.01, 0.99], s0 to ≥ 1 s, max_branching to
// [0.01, 0.999], the windows to ≥ 1 s, α and β to ≥ 0.
struct SeismicOptions {
  double theta = 0.242;          // power-law exponent of the memory kernel
  double s0_s = 300.0;           // the kernel's constant part, seconds
  double alpha = 1.0;            // correction of the new-exposure term
  double beta = 1.0;             // correction of the branching term
  double n_star = 0.0;           // fans of a typical future forwarder; 0: mean of those seen
  double max_branching = 0.95;   // cap of β · n* · p̂ (must be in (0, 1))
  double z = 1.96;               // the interval's normal quantile (1.96: 95%)
  int64_t min_forwards = 5;      // fewer observed forwards: not ready
  int64_t min_observed_s = 300;  // a shorter observation: not ready
  int64_t min_fans = 1;          // floor of every fan count
  double min_window_s = 300.0;   // the estimator's window: t/2 clamped to [min, max]
  double max_window_s = 7200.0;
  int64_t window_forwards = 5;  // the window takes in at least this many of the last forwards
  // When both are set (0 < low ≤ high), the interval is [final · low, final · high] (low never
  // below the observed size) instead of the Poisson one: factors measured on past cascades, as
  // `clearwater analytics predict` does on its training half.
  double calibrated_low = 0, calibrated_high = 0;
};

struct SeismicPrediction {
  bool ready = false;         // false: too few forwards or too short an observation; the size
                              // fields then hold the observed size
  int64_t observed_s = 0;     // seconds observed after the root was posted
  int64_t observed_size = 0;  // forwards made by then (R_t)
  double final_size = 0;      // predicted forwards at the end, ≥ observed_size
  double low = 0, high = 0;   // the interval of final_size (low ≤ final_size ≤ high)
  double infectiousness = 0;  // p̂_t: forwards per exposure (above 1 when the fan counts are
                              // floored, as on data without a follow graph)
  double branching = 0;       // β · n* · p̂_t, before capping: ≥ 1 means supercritical
  bool capped = false;        // the branching factor was capped (see above)
};

// The fan count of an account.
using FanCount = std::function<int64_t(Id account)>;

// `fans` is asked once for the root's author and once per forward made by `observe_s`.
// Forwards stamped before the root count at time 0. `observe_s` < 0 counts as 0.
SeismicPrediction PredictSeismic(const Cascade& cascade, const FanCount& fans, int64_t observe_s,
                                 const SeismicOptions& options = {});

// The same with the fan counts given: `root_fans` for the root's author and `forward_fans[i]`
// for cascade.forwards[i] (same length, else the missing ones count as min_fans).
SeismicPrediction PredictSeismic(const Cascade& cascade, int64_t root_fans,
                                 const std::vector<int64_t>& forward_fans, int64_t observe_s,
                                 const SeismicOptions& options = {});

// The memory kernel φ(s) and its integral Φ(s) = ∫_0^s φ (0 for s ≤ 0), for `options`.
double SeismicKernel(double s, const SeismicOptions& options = {});
double SeismicKernelIntegral(double s, const SeismicOptions& options = {});

// One cascade's observation, for fitting α and β: what the prediction formula needs besides α
// and β, and the true final size.
struct SeismicSample {
  int64_t observed_size = 0;
  double infectiousness = 0;
  double new_exposure = 0;  // N^e_t
  double n_star = 0;
  int64_t final_size = 0;
};

// The prediction formula alone (used by PredictSeismic and by the fit): R_t + α p N / (1 − β n* p)
// with the cap of `options.max_branching`.
double SeismicFinal(int64_t observed_size, double p, double new_exposure, double n_star,
                    double alpha, double beta, double max_branching);

// The observation behind a prediction (what SeismicFinal needs); ready as in PredictSeismic.
struct SeismicObservation {
  bool ready = false;
  int64_t observed_s = 0;
  int64_t observed_size = 0;
  double infectiousness = 0;
  double weighted_count = 0;  // Σ K(t − t_i): the count the interval treats as Poisson
  double new_exposure = 0;
  double n_star = 0;
};
SeismicObservation ObserveSeismic(const Cascade& cascade, int64_t root_fans,
                                  const std::vector<int64_t>& forward_fans, int64_t observe_s,
                                  const SeismicOptions& options = {});

// α and β minimising the median of |predicted − final| / final over `samples` (finals > 0), by a
// fixed grid search (α in 0.05 .. 4 geometric, β in 0 .. 2 by 0.05): deterministic.
struct SeismicFit {
  double alpha = 1.0, beta = 1.0;
  double median_ape = 0;  // on the samples
};
SeismicFit FitSeismic(const std::vector<SeismicSample>& samples,
                      const SeismicOptions& options = {});

// The median of |predicted[i] − actual[i]| / actual[i] over the pairs with actual > 0 (0 when
// none).
double MedianApe(const std::vector<double>& predicted, const std::vector<double>& actual);

}  // namespace cw::analytics
