// The design is simple: every topic and salient word is a series of time buckets (10 minutes),
// and each bucket holds the ids of the distinct accounts that used it then, plus a post
// count. A window's crowd is the union of its buckets' ids, so one account posting a hundred
// times counts once. Weights are asked of the CredibilityProvider when a ranking is computed, not
// when a post arrives, so a suspension or an account growing older changes the list at once.
//
//   W = Σ weight(account) over the window's distinct accounts
//   B = mean of W over the `baseline_periods` windows just before (the series' own normal)
//   burst = (W + α) / (B + α)        score = W × ln(1 + burst)
//
// Memory is bounded three ways: buckets older than the retention period are dropped, a bucket
// keeps at most max_bucket_accounts ids (beyond that it only counts, weighted like the ids it
// kept), and past max_series the least recently used series go, words before topics. A ranking
// is computed at most once per refresh_ms and served from a cache in between.
//
// Words: the tokenizer's stream terms that can carry meaning alone — CJK bigrams and other words
// of three letters or more, not numbers. Overlapping bigrams of one phrase (and a topic's own
// words) share the same crowd, so a word whose crowd is mostly that of an item already listed
// is skipped.
#include "search/hot_search.h"

#include <algorithm>
#include <cmath>
#include <unordered_set>

#include "common/log.h"

namespace cw::search {
namespace {

constexpr TimeMs kDayMs = 24 * 3'600'000LL;

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }

size_t Utf8Length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  return 4;
}

bool IsSalientWord(const std::string& term) {
  if (term.empty() || term[0] == '#' || term[0] == '@') return false;
  size_t first = Utf8Length(static_cast<unsigned char>(term[0]));
  if (first < term.size() && IsCjkUnigram(term.substr(0, first))) {
    return IsCjkUnigram(term.substr(first));  // a bigram
  }
  if (IsCjkUnigram(term) || term.size() < 3) return false;
  return !std::all_of(term.begin(), term.end(),
                      [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; });
}

// Whether `ids` (a sorted run of the first `sorted`, then an unsorted tail) holds `id`.
bool HasId(const std::vector<Id>& ids, size_t sorted, Id id) {
  auto run_end = ids.begin() + static_cast<ptrdiff_t>(sorted);
  return std::binary_search(ids.begin(), run_end, id) ||
         std::find(run_end, ids.end(), id) != ids.end();
}

// Adds `id` unless it is there. New ids go to the tail, which is merged into the run once it is
// 32 long: a popular word's bucket holds thousands of ids, and inserting each in order would move
// half of them.
void AddDistinct(std::vector<Id>& ids, size_t& sorted, Id id) {
  if (HasId(ids, sorted, id)) return;
  ids.push_back(id);
  if (ids.size() - sorted < 32) return;
  auto run_end = ids.begin() + static_cast<ptrdiff_t>(sorted);
  std::sort(run_end, ids.end());
  std::inplace_merge(ids.begin(), run_end, ids.end());
  sorted = ids.size();
}

// The crowd of a span of buckets: distinct ids, and the extra accounts beyond the caps.
struct Crowd {
  std::vector<Id> ids;
  int64_t extra = 0;
  int64_t posts = 0;
};

template <typename Buckets>
Crowd Union(const Buckets& buckets, int64_t first, int64_t last) {
  Crowd c;
  for (auto it = buckets.lower_bound(first); it != buckets.end() && it->first <= last; ++it) {
    c.ids.insert(c.ids.end(), it->second.accounts.begin(), it->second.accounts.end());
    c.extra += it->second.extra;
    c.posts += it->second.posts;
  }
  std::sort(c.ids.begin(), c.ids.end());
  c.ids.erase(std::unique(c.ids.begin(), c.ids.end()), c.ids.end());
  return c;
}

double Weigh(const Crowd& c, const std::unordered_map<Id, double>& weights) {
  double sum = 0;
  for (Id id : c.ids) {
    auto it = weights.find(id);
    if (it != weights.end()) sum += it->second;
  }
  // Accounts beyond a bucket's cap are unknown: they weigh what the known ones weigh on average.
  if (c.extra > 0 && !c.ids.empty()) sum += static_cast<double>(c.extra) * sum / c.ids.size();
  return sum;
}

double Jaccard(const std::vector<Id>& a, const std::vector<Id>& b) {
  if (a.empty() || b.empty()) return 0;
  size_t common = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] < b[j]) {
      ++i;
    } else if (b[j] < a[i]) {
      ++j;
    } else {
      ++common, ++i, ++j;
    }
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

}  // namespace

std::optional<HotWindow> ParseHotWindow(std::string_view name) {
  if (name == "1h") return HotWindow{"1h", 3'600'000, 24};
  if (name == "24h") return HotWindow{"24h", kDayMs, 7};
  return std::nullopt;
}

double BurstRatio(double weight, double baseline, double smoothing) {
  return (std::max(0.0, weight) + smoothing) / (std::max(0.0, baseline) + smoothing);
}

double HotScore(double weight, double baseline, double smoothing) {
  if (weight <= 0) return 0;
  return weight * std::log1p(BurstRatio(weight, baseline, smoothing));
}

HotSearch::HotSearch(Clock* clock, CredibilityProvider* credibility, HotOptions options)
    : clock_(clock), credibility_(credibility), options_(options) {}

int64_t HotSearch::BucketOf(TimeMs t) const { return FloorDiv(t, options_.bucket_ms); }

void HotSearch::Observe(const Post& post) { Observe(post, Analyze(post.text, post.entities)); }

void HotSearch::Observe(const Post& post, const Analysis& analysis) {
  std::lock_guard lock(mu_);
  if (post.id <= watermark_) return;
  Add(series_, post, analysis);
  Prune(series_, BucketOf(clock_->NowMs()));
}

void HotSearch::Add(SeriesMap& map, const Post& post, const Analysis& analysis) {
  if (post.visibility != Visibility::kPublic || post.deleted() || post.text.empty()) return;
  int64_t bucket = BucketOf(post.created_at);
  if (post.created_at < clock_->NowMs() - options_.retention_ms) return;
  std::vector<std::string> done;
  for (const auto& e : post.entities) {
    if (e.kind != text::Entity::Kind::kTopic) continue;
    std::string term = TopicTerm(e.value);
    if (term.empty() || std::find(done.begin(), done.end(), term) != done.end()) continue;
    done.push_back(term);
    AddUse(map, HotKind::kTopic, term, e.value, post.author_id, bucket);
  }
  std::unordered_set<std::string> exact(analysis.exact.begin(), analysis.exact.end());
  std::unordered_set<std::string> words;
  for (const auto& w : analysis.stream) {
    if (words.size() >= options_.max_terms_per_post) break;
    if (!IsSalientWord(w) || exact.count("@" + w) || !words.insert(w).second) continue;
    AddUse(map, HotKind::kTerm, w, w, post.author_id, bucket);
  }
}

void HotSearch::AddUse(SeriesMap& map, HotKind kind, const std::string& term,
                       const std::string& name, Id account, int64_t bucket) {
  // A word that is also a topic's term cannot collide: topic terms start with '#'.
  auto [it, fresh] = map.try_emplace(term);
  Series& s = it->second;
  if (fresh) {
    s.kind = kind;
    s.name = name;
  }
  s.last_bucket = std::max(s.last_bucket, bucket);
  Bucket& b = s.buckets[bucket];
  ++b.posts;
  if (b.accounts.size() < options_.max_bucket_accounts) {
    AddDistinct(b.accounts, b.sorted, account);
  } else if (!HasId(b.accounts, b.sorted, account)) {
    ++b.extra;  // may count a repeat poster again: the price of the bound
  }
}

void HotSearch::Prune(SeriesMap& map, int64_t now_bucket) {
  if (map.size() > options_.max_series) {
    // Drop a tenth beyond the bound, least recently used first, words before topics.
    std::vector<std::pair<std::pair<int, int64_t>, std::string>> order;
    order.reserve(map.size());
    for (const auto& [term, s] : map) {
      order.push_back({{s.kind == HotKind::kTopic ? 1 : 0, s.last_bucket}, term});
    }
    size_t drop = map.size() - options_.max_series + options_.max_series / 10;
    drop = std::min(drop, order.size());
    std::nth_element(order.begin(), order.begin() + static_cast<ptrdiff_t>(drop), order.end());
    for (size_t i = 0; i < drop; ++i) map.erase(order[i].second);
  }
  if (now_bucket == pruned_bucket_) return;
  pruned_bucket_ = now_bucket;
  const int64_t oldest = now_bucket - options_.retention_ms / options_.bucket_ms;
  for (auto it = map.begin(); it != map.end();) {
    auto& buckets = it->second.buckets;
    buckets.erase(buckets.begin(), buckets.lower_bound(oldest));
    it = buckets.empty() ? map.erase(it) : std::next(it);
  }
}

Status HotSearch::Rebuild(Store* store) {
  const TimeMs now = clock_->NowMs();
  const TimeMs horizon = now - options_.retention_ms;
  SeriesMap fresh;
  Id newest = 0;
  Page page;
  page.limit = 200;
  int64_t scanned = 0;
  for (bool more = true; more;) {
    CW_ASSIGN_OR_RETURN(std::vector<Post> rows, store->posts().ListPublicPosts(page));
    more = static_cast<int>(rows.size()) >= page.limit;
    for (const auto& p : rows) {
      if (p.created_at < horizon) {
        more = false;
        break;
      }
      newest = std::max(newest, p.id);
      ++scanned;
      if (!p.text.empty()) Add(fresh, p, Analyze(p.text, p.entities));
    }
    if (!rows.empty()) page.max_id = rows.back().id;
  }
  std::lock_guard lock(mu_);
  series_ = std::move(fresh);
  watermark_ = newest;
  cache_.clear();
  Prune(series_, BucketOf(now));
  CW_LOG(kInfo, "") << "hot search: " << scanned << " recent public posts, " << series_.size()
                    << " topics and words";
  return OkStatus();
}

size_t HotSearch::series_count() {
  std::lock_guard lock(mu_);
  return series_.size();
}

std::vector<DayUse> HotSearch::History(const std::string& term, int days) {
  const TimeMs now = clock_->NowMs();
  const TimeMs today = FloorDiv(now, kDayMs) * kDayMs;
  std::vector<DayUse> out;
  std::lock_guard lock(mu_);
  auto it = series_.find(term);
  for (int d = 0; d < days; ++d) {
    DayUse u;
    u.day = today - d * kDayMs;
    if (it != series_.end()) {
      Crowd c = Union(it->second.buckets, BucketOf(u.day), BucketOf(u.day + kDayMs) - 1);
      u.posts = c.posts;
      u.accounts = static_cast<int64_t>(c.ids.size()) + c.extra;
    }
    out.push_back(u);
  }
  return out;
}

void HotSearch::ForgetRankings() {
  std::lock_guard lock(mu_);
  cache_.clear();
}

Result<std::vector<HotItem>> HotSearch::Rank(const HotWindow& window, int limit, bool topics_only) {
  const TimeMs now = clock_->NowMs();
  const std::string key = window.name + (topics_only ? "/topics" : "/all");
  {
    std::lock_guard lock(mu_);
    Prune(series_, BucketOf(now));
    auto it = cache_.find(key);
    if (it != cache_.end() && now >= it->second.computed_at &&
        now - it->second.computed_at < options_.refresh_ms) {
      std::vector<HotItem> items = it->second.items;
      if (static_cast<int>(items.size()) > limit)
        items.resize(static_cast<size_t>(std::max(0, limit)));
      return items;
    }
  }
  CW_ASSIGN_OR_RETURN(std::vector<HotItem> items, Compute(window, topics_only, now));
  std::lock_guard lock(mu_);
  cache_[key] = Cached{now, items};
  if (static_cast<int>(items.size()) > limit) items.resize(static_cast<size_t>(std::max(0, limit)));
  return items;
}

Result<std::vector<HotItem>> HotSearch::Compute(const HotWindow& window, bool topics_only,
                                                TimeMs now) {
  struct Candidate {
    HotItem item;
    Crowd recent;
    std::vector<Crowd> baseline;
  };
  const int64_t now_bucket = BucketOf(now);
  const int64_t span = std::max<int64_t>(1, window.length_ms / options_.bucket_ms);
  std::vector<Candidate> candidates;
  {
    std::lock_guard lock(mu_);
    for (const auto& [term, s] : series_) {
      if (topics_only && s.kind != HotKind::kTopic) continue;
      if (s.last_bucket <= now_bucket - span) continue;
      Candidate c;
      c.recent = Union(s.buckets, now_bucket - span + 1, now_bucket);
      const int64_t distinct = static_cast<int64_t>(c.recent.ids.size()) + c.recent.extra;
      if (distinct == 0) continue;
      if (s.kind == HotKind::kTerm && distinct < options_.min_term_accounts) continue;
      for (int k = 1; k <= window.baseline_periods; ++k) {
        c.baseline.push_back(
            Union(s.buckets, now_bucket - span * (k + 1) + 1, now_bucket - span * k));
      }
      c.item.kind = s.kind;
      c.item.term = term;
      c.item.name = s.name;
      c.item.accounts = distinct;
      c.item.posts = c.recent.posts;
      candidates.push_back(std::move(c));
    }
  }
  std::vector<Id> ids;
  for (const auto& c : candidates) {
    ids.insert(ids.end(), c.recent.ids.begin(), c.recent.ids.end());
    for (const auto& b : c.baseline) ids.insert(ids.end(), b.ids.begin(), b.ids.end());
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  CW_ASSIGN_OR_RETURN(auto weights, credibility_->Weigh(ids, now));

  const double a = options_.smoothing;
  for (auto& c : candidates) {
    HotItem& it = c.item;
    it.weight = Weigh(c.recent, weights);
    double sum = 0;
    for (const auto& b : c.baseline) sum += Weigh(b, weights);
    it.baseline = window.baseline_periods > 0 ? sum / window.baseline_periods : 0;
    it.burst = BurstRatio(it.weight, it.baseline, a);
    it.score = HotScore(it.weight, it.baseline, a);
  }
  std::erase_if(candidates, [&](const Candidate& c) {
    return c.item.score <= 0 ||
           (c.item.kind == HotKind::kTerm && c.item.burst < options_.min_term_burst);
  });
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& x, const Candidate& y) {
    if (x.item.score != y.item.score) return x.item.score > y.item.score;
    return x.item.term < y.item.term;
  });
  constexpr size_t kMaxListed = 100;
  std::vector<HotItem> out;
  std::vector<const Crowd*> listed;
  for (const auto& c : candidates) {
    if (out.size() >= kMaxListed) break;
    if (c.item.kind == HotKind::kTerm) {
      bool repeats = std::any_of(listed.begin(), listed.end(), [&](const Crowd* l) {
        return Jaccard(l->ids, c.recent.ids) >= options_.max_term_overlap;
      });
      if (repeats) continue;
    }
    listed.push_back(&c.recent);
    out.push_back(c.item);
  }
  return out;
}

}  // namespace cw::search
