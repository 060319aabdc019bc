// The write-time spam check's near-duplicate lookup (integrity/simhash.h, RecentTextIndex) with
// its ring full: every post asks how many near-copies of its text were seen in the last day.
// Fingerprints are random (distinct texts, the common case: no early stop at enough matches), so
// each lookup walks its eight buckets to the window's edge.
//
//   build/release/bench/micro/cw_spam_bench
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <string>

#include "integrity/simhash.h"

namespace cw {
namespace {

void BM_RecentTextCheckAndAdd(benchmark::State& state) {
  integrity::RecentTextOptions options;
  options.capacity = static_cast<size_t>(state.range(0));
  integrity::RecentTextIndex index(options);
  std::mt19937_64 rng(7);
  TimeMs now = 1'000'000;
  for (size_t i = 0; i < options.capacity; ++i) index.CheckAndAdd(rng() % 100000, rng(), now++);
  for (auto _ : state) {
    benchmark::DoNotOptimize(index.CheckAndAdd(rng() % 100000, rng(), now++));
  }
}
BENCHMARK(BM_RecentTextCheckAndAdd)->Arg(20'000)->Arg(200'000);

// The fingerprint of a post (normalisation and SimHash): arg 0 a short Chinese post with a topic,
// 1 a short English one, 2 a long post (280 Chinese characters).
void BM_TextFingerprint(benchmark::State& state) {
  std::string text;
  if (state.range(0) == 0) text = "#春节# 今天终于有空了，大家怎么看？，分享给大家";
  if (state.range(0) == 1) text = "finally had some time today, what do you all think? #Travel";
  if (state.range(0) == 2) {
    for (int i = 0; i < 20; ++i) text += "春风又绿江南岸明月何时照我还";
  }
  for (auto _ : state) benchmark::DoNotOptimize(integrity::TextFingerprint(text));
}
BENCHMARK(BM_TextFingerprint)->Arg(0)->Arg(1)->Arg(2);

}  // namespace
}  // namespace cw

BENCHMARK_MAIN();
