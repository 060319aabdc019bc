// Hot search (热搜): the topics and words that are bursting now, counted by distinct accounts
// weighted by credibility, never by actions. Fed with public posts as the search indexer
// analyses them, rebuilt from the store at startup; everything lives in memory, bounded.
// Thread-safe.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.h"
#include "common/result.h"
#include "model/post.h"
#include "search/credibility.h"
#include "search/tokenizer.h"
#include "store/store.h"

namespace cw::search {

enum class HotKind { kTopic, kTerm };

struct HotOptions {
  TimeMs bucket_ms = 10 * 60'000;              // counting granularity
  TimeMs retention_ms = 8 * 24 * 3'600'000LL;  // the longest window plus its baseline
  double smoothing = 1.0;                      // α of the burst ratio, in weighted accounts
  size_t max_series = 50'000;                  // topics and words tracked at once
  size_t max_bucket_accounts = 4096;           // distinct accounts kept per series per bucket
  size_t max_terms_per_post = 32;              // salient words taken from one post
  int min_term_accounts = 3;                   // a word needs this many distinct accounts...
  double min_term_burst = 2.0;                 // ...and this burst to be listed
  double max_term_overlap = 0.8;               // a word sharing this much of its crowd with a
                                               // listed item says nothing new (Jaccard)
  TimeMs refresh_ms = 1000;                    // a ranking is reused for this long
};

// A ranking window: the last `length_ms` against the `baseline_periods` windows before it.
struct HotWindow {
  std::string name;
  TimeMs length_ms = 0;
  int baseline_periods = 0;
};
// "1h" (against the 24 hours before) and "24h" (against the 7 days before); nullopt otherwise.
std::optional<HotWindow> ParseHotWindow(std::string_view name);

struct HotItem {
  HotKind kind = HotKind::kTopic;
  std::string term;      // "#" + normalised topic name, or the word
  std::string name;      // the topic as first written, or the word
  double score = 0;      // HotScore(weight, baseline)
  double weight = 0;     // W: credibility-weighted distinct accounts in the window
  int64_t accounts = 0;  // distinct accounts in the window
  int64_t posts = 0;     // posts in the window
  double baseline = 0;   // B: mean W per window over the baseline periods
  double burst = 0;      // BurstRatio(W, B)
};

// (W + α) / (B + α): how far the window is above the series' own normal.
double BurstRatio(double weight, double baseline, double smoothing);
// W × ln(1 + burst): the crowd's size, lifted by how unusual it is. Size comes first so a small
// spike cannot outrank a large real discussion; the logarithm keeps a term that is always
// talked about below one that suddenly is.
double HotScore(double weight, double baseline, double smoothing);

// One UTC day of a topic (Mastodon's tag history).
struct DayUse {
  TimeMs day = 0;  // the day's first millisecond
  int64_t posts = 0;
  int64_t accounts = 0;
};

class HotSearch {
 public:
  // `clock` and `credibility` must outlive the tracker.
  HotSearch(Clock* clock, CredibilityProvider* credibility, HotOptions options = {});

  // Counts a post's topics and salient words (public, live posts with text only; others and
  // posts the last Rebuild already counted are ignored). `analysis` is Analyze(post.text,
  // post.entities).
  void Observe(const Post& post, const Analysis& analysis);
  void Observe(const Post& post);
  // Forgets everything and re-reads the public posts of the retention period from `store`. Meant
  // for startup, before anything calls Observe.
  Status Rebuild(Store* store);

  // The ranking for `window`, best first, at most `limit` items; words only unless `topics_only`.
  Result<std::vector<HotItem>> Rank(const HotWindow& window, int limit, bool topics_only);
  // Drops the reused rankings, so the next Rank weighs afresh (after a moderator's action).
  void ForgetRankings();
  // Posts and distinct accounts of a topic per UTC day over the last `days` days, today first.
  std::vector<DayUse> History(const std::string& term, int days);
  // How many topics and words are tracked (for tests and metrics).
  size_t series_count();

 private:
  struct Bucket {
    // Distinct, at most max_bucket_accounts: a sorted run of the first `sorted`, then a short
    // unsorted tail (see AddDistinct).
    std::vector<Id> accounts;
    size_t sorted = 0;
    int64_t extra = 0;  // distinct accounts beyond the cap (an estimate)
    int64_t posts = 0;
  };
  struct Series {
    HotKind kind = HotKind::kTopic;
    std::string name;
    std::map<int64_t, Bucket> buckets;  // by bucket index
    int64_t last_bucket = 0;
  };
  struct Cached {
    TimeMs computed_at = 0;
    std::vector<HotItem> items;
  };
  using SeriesMap = std::unordered_map<std::string, Series>;

  int64_t BucketOf(TimeMs t) const;
  void Add(SeriesMap& map, const Post& post, const Analysis& analysis);
  void AddUse(SeriesMap& map, HotKind kind, const std::string& term, const std::string& name,
              Id account, int64_t bucket);
  void Prune(SeriesMap& map, int64_t now_bucket);
  Result<std::vector<HotItem>> Compute(const HotWindow& window, bool topics_only, TimeMs now);

  Clock* clock_;
  CredibilityProvider* credibility_;
  const HotOptions options_;
  std::mutex mu_;
  SeriesMap series_;                     // GUARDED_BY(mu_)
  Id watermark_ = 0;                     // GUARDED_BY(mu_): the newest post Rebuild counted
  int64_t pruned_bucket_ = 0;            // GUARDED_BY(mu_)
  std::map<std::string, Cached> cache_;  // GUARDED_BY(mu_): by window name and kind filter
};

}  // namespace cw::search
