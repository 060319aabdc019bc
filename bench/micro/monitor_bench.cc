// The cost of matching a post against brand monitors (analytics/monitor_match.h), beside the
// analysis the search indexer already does for every post. Keywords are random two-character
// Chinese words (three per monitor) plus one topic each; posts are 60 random Chinese characters
// with one monitor's keyword inside.
//
//   build/release/bench/micro/cw_monitor_bench
#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "analytics/monitor_match.h"
#include "common/text/utf8.h"
#include "search/tokenizer.h"

namespace cw {
namespace {

std::string RandomHan(std::mt19937_64& rng, int n) {
  std::uniform_int_distribution<int> cp(0x4E00, 0x9FA5);
  std::string out;
  for (int i = 0; i < n; ++i) text::AppendUtf8(static_cast<char32_t>(cp(rng)), &out);
  return out;
}

struct World {
  std::vector<analytics::MonitorTerms> monitors;
  std::vector<std::string> posts;
};

World MakeWorld(int monitors) {
  std::mt19937_64 rng(42);
  World w;
  std::vector<std::string> words;
  for (int i = 0; i < monitors; ++i) {
    analytics::MonitorTerms t;
    t.monitor_id = i + 1;
    for (int k = 0; k < 3; ++k) {
      std::string word = RandomHan(rng, 2);
      words.push_back(word);
      t.phrases.push_back(search::Analyze(word).stream);
    }
    t.topics.push_back(search::TopicTerm(RandomHan(rng, 4)));
    w.monitors.push_back(std::move(t));
  }
  while (words.size() < 10) words.push_back(RandomHan(rng, 2));  // posts need words to hold
  for (int i = 0; i < 1000; ++i) {
    w.posts.push_back(RandomHan(rng, 30) + words[rng() % words.size()] + RandomHan(rng, 28) +
                      " #话题" + std::to_string(i % 10) + "#");
  }
  return w;
}

void BM_Analyze(benchmark::State& state) {
  World w = MakeWorld(10);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(search::Analyze(w.posts[i++ % w.posts.size()]));
  }
}
BENCHMARK(BM_Analyze);

void BM_Match(benchmark::State& state) {
  World w = MakeWorld(static_cast<int>(state.range(0)));
  analytics::MonitorMatcher matcher(w.monitors);
  std::vector<search::Analysis> docs;
  for (const auto& p : w.posts) docs.push_back(search::Analyze(p));
  size_t i = 0;
  int64_t matched = 0;
  for (auto _ : state) {
    const auto& a = docs[i++ % docs.size()];
    auto ids = matcher.Match({&a.stream, &a.unigrams, &a.exact});
    matched += static_cast<int64_t>(ids.size());
    benchmark::DoNotOptimize(ids);
  }
  state.counters["matches/post"] =
      static_cast<double>(matched) / static_cast<double>(state.iterations());
}
BENCHMARK(BM_Match)->Arg(0)->Arg(100)->Arg(10000)->Arg(100000);

void BM_Build(benchmark::State& state) {
  World w = MakeWorld(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    analytics::MonitorMatcher matcher(w.monitors);
    benchmark::DoNotOptimize(matcher.monitors());
  }
}
BENCHMARK(BM_Build)->Arg(10000);

}  // namespace
}  // namespace cw

BENCHMARK_MAIN();
