#include "service/analytics_service.h"

#include <algorithm>
#include <future>
#include <unordered_set>

namespace cw {
namespace {

constexpr int64_t kDayMs = 86'400'000;
// SEISMIC's correction factors and its 95% interval as final / predicted quantiles, fitted on
// half of the CED cascades observed for an hour (docs/benchmarks.md, "Prediction (SEISMIC) on
// CED"): the model's own Poisson interval covers only p̂'s noise and holds half the finals.
constexpr double kSeismicAlpha = 1.70, kSeismicBeta = 0.10;
constexpr double kSeismicLowFactor = 0.60, kSeismicHighFactor = 19.2;

bool IsPublic(const Post& p) {
  return p.visibility == Visibility::kPublic || p.visibility == Visibility::kUnlisted;
}

bool CanSeePrivateFigures(const Account& viewer, Id owner) {
  return viewer.id == owner || IsModerator(viewer);
}

// The cascade counting credible forwarders only: each credible forward hangs from its nearest
// credible ancestor (or the root).
analytics::Cascade RealCascade(const analytics::Cascade& all,
                               const std::unordered_map<Id, bool>& credible_forward) {
  std::unordered_map<Id, Id> parent_of;
  parent_of.reserve(all.forwards.size());
  for (const auto& f : all.forwards) parent_of.emplace(f.id, f.parent_id);
  analytics::Cascade real{all.root_id, all.root_author_id, all.root_at, {}};
  for (const auto& f : all.forwards) {
    if (!credible_forward.at(f.id)) continue;
    Id parent = f.parent_id;
    // Walks up past non-credible forwards; a chain is at most the cascade's depth long.
    for (size_t hops = 0; hops <= all.forwards.size(); ++hops) {
      auto c = credible_forward.find(parent);
      if (c == credible_forward.end() || c->second) break;  // the root, a deleted one, or real
      parent = parent_of.at(parent);
    }
    real.forwards.push_back({f.id, f.author_id, parent, f.at});
  }
  return real;
}

}  // namespace

AnalyticsService::AnalyticsService(const ServiceContext& ctx, PostService* posts,
                                   AnalyticsLimits limits)
    : ctx_(ctx), posts_(posts), limits_(limits) {}

Result<std::shared_ptr<const CascadeView>> AnalyticsService::Cascade(const Account& viewer,
                                                                     Id post_id) {
  CW_ASSIGN_OR_RETURN(Post post, PostFor(viewer, post_id));
  if (post.is_forward()) {
    CW_ASSIGN_OR_RETURN(post, PostFor(viewer, post.root_id));
  }
  if (!IsPublic(post) && !CanSeePrivateFigures(viewer, post.author_id)) {
    return PermissionDenied("only the author and moderators can see this post's cascade");
  }
  const TimeMs now = ctx_.clock->NowMs();
  {
    std::lock_guard lock(mu_);
    auto it = cascades_.find(post.id);
    if (it != cascades_.end() &&
        now - it->second->computed_at <
            std::chrono::duration_cast<std::chrono::milliseconds>(limits_.cascade_cache_ttl)
                .count()) {
      return it->second;
    }
  }
  CW_ASSIGN_OR_RETURN(auto view, Analyse(post));
  std::lock_guard lock(mu_);
  if (cascades_.size() >= limits_.cascade_cache_entries) cascades_.clear();
  cascades_[post.id] = view;
  return view;
}

Result<std::shared_ptr<const CascadeView>> AnalyticsService::Analyse(const Post& root) {
  Store& store = *ctx_.store;
  AnalyticsStore* astore = store.analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  auto view = std::make_shared<CascadeView>();
  view->root = root;
  view->computed_at = ctx_.clock->NowMs();

  CW_ASSIGN_OR_RETURN(const analytics::Cascade all, LoadCascade(root));
  std::vector<Id> owners{root.author_id};  // whose fans had the post in a timeline
  for (const auto& f : all.forwards) owners.push_back(f.author_id);
  std::sort(owners.begin(), owners.end());
  owners.erase(std::unique(owners.begin(), owners.end()), owners.end());

  // Every fan list in a few queries (one per account would be 100,000 round trips for a big
  // cascade), half on another reader connection, and the few accounts that are not credible.
  const size_t half = owners.size() / 2;
  auto second_half = std::async(std::launch::async, [&] {
    return astore->ListFansOf(std::vector<Id>(owners.begin() + half, owners.end()));
  });
  CW_ASSIGN_OR_RETURN(auto fan_pairs,
                      astore->ListFansOf(std::vector<Id>(owners.begin(), owners.begin() + half)));
  CW_ASSIGN_OR_RETURN(auto more_pairs, second_half.get());
  fan_pairs.insert(fan_pairs.end(), more_pairs.begin(), more_pairs.end());
  CW_ASSIGN_OR_RETURN(auto not_credible_ids, astore->ListNotCredibleIds());
  const std::unordered_set<Id> not_credible(not_credible_ids.begin(), not_credible_ids.end());
  auto credible = [&](Id account) { return !not_credible.count(account); };
  std::unordered_map<Id, std::pair<size_t, size_t>> fan_range;  // rows of fan_pairs
  fan_range.reserve(owners.size());
  for (size_t i = 0; i < fan_pairs.size();) {
    size_t j = i;
    while (j < fan_pairs.size() && fan_pairs[j].first == fan_pairs[i].first) ++j;
    fan_range[fan_pairs[i].first] = {i, j};
    i = j;
  }
  auto fans = [&](Id account, bool real_only) {
    std::vector<Id> out;
    auto it = fan_range.find(account);
    if (it == fan_range.end()) return out;
    out.reserve(it->second.second - it->second.first);
    for (size_t i = it->second.first; i < it->second.second; ++i) {
      if (!real_only || credible(fan_pairs[i].second)) out.push_back(fan_pairs[i].second);
    }
    return out;
  };
  std::unordered_map<Id, bool> credible_forward;
  credible_forward.reserve(all.forwards.size());
  for (const auto& f : all.forwards) credible_forward[f.id] = credible(f.author_id);

  // With nobody in it who is not credible (the common case), the real figures are the same;
  // otherwise both analyses run at once, on the same curve intervals.
  bool all_real = true;
  if (!not_credible.empty()) {
    for (const auto& [owner, fan] : fan_pairs) {
      if (!credible(owner) || !credible(fan)) {
        all_real = false;
        break;
      }
    }
  }
  const int64_t interval_s = analytics::ForwardCurve(all).interval_s;
  analytics::CascadeOptions options;
  options.curve_interval_s = interval_s;
  if (all_real) {
    view->all = analytics::AnalyseCascade(
        all, [&](Id a) { return fans(a, false); }, credible, options);
    view->real = view->all;
  } else {
    auto real_done = std::async(std::launch::async, [&] {
      analytics::Cascade real = RealCascade(all, credible_forward);
      return analytics::AnalyseCascade(
          real, [&](Id a) { return fans(a, true); }, {}, options);
    });
    view->all = analytics::AnalyseCascade(
        all, [&](Id a) { return fans(a, false); }, credible, options);
    view->real = real_done.get();
  }
  view->real_curve = view->real.curve.counts;
  view->real_curve.resize(view->all.curve.counts.size(), 0);
  view->credible_share =
      all.forwards.empty() ? 1.0
                           : static_cast<double>(view->real.shape.size) /
                                 static_cast<double>(view->all.shape.size);

  // The tree, breadth first, up to the limit.
  analytics::CascadeTree tree = analytics::BuildCascadeTree(all);
  const size_t shown = std::min<size_t>(tree.order.size(), limits_.tree_max);
  view->tree.reserve(shown);
  for (size_t i = 0; i < shown; ++i) {
    const int32_t k = tree.order[i];
    const auto& f = all.forwards[k];
    CascadeNode n;
    n.id = f.id;
    n.parent_id = tree.parent[k] < 0 ? root.id : all.forwards[tree.parent[k]].id;
    n.account_id = f.author_id;
    n.at = f.at;
    n.level = tree.level[k];
    n.downstream = tree.subtree[k];
    n.credible = credible(f.author_id);
    view->tree.push_back(n);
  }
  view->tree_truncated = shown < tree.order.size();
  std::vector<Id> named;  // the top spreaders (the handler reads the tree's accounts it shows)
  for (size_t i = 0; i < view->all.spreaders.size() && i < limits_.spreaders; ++i) {
    named.push_back(view->all.spreaders[i].account_id);
  }
  CW_ASSIGN_OR_RETURN(auto named_rows, store.accounts().GetAccountsByIds(named));
  for (auto& a : named_rows) view->accounts.emplace(a.id, std::move(a));

  // The prediction sees every forward so far, with each author's fan count now.
  analytics::SeismicOptions seismic;
  seismic.alpha = kSeismicAlpha;
  seismic.beta = kSeismicBeta;
  seismic.calibrated_low = kSeismicLowFactor;
  seismic.calibrated_high = kSeismicHighFactor;
  view->prediction = analytics::PredictSeismic(
      all,
      [&](Id a) {
        auto it = fan_range.find(a);
        return it == fan_range.end() ? int64_t{0}
                                     : static_cast<int64_t>(it->second.second - it->second.first);
      },
      (view->computed_at - root.created_at) / 1000, seismic);
  return std::shared_ptr<const CascadeView>(std::move(view));
}

Result<analytics::Cascade> AnalyticsService::LoadCascade(const Post& root) {
  AnalyticsStore* astore = ctx_.store->analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  CW_ASSIGN_OR_RETURN(auto forwards,
                      astore->ListCascadeLinks(root.id, limits_.max_cascade_forwards));
  analytics::Cascade cascade{root.id, root.author_id, root.created_at, {}};
  cascade.forwards.reserve(forwards.size());
  for (const auto& f : forwards) cascade.forwards.push_back({f.id, f.author_id, f.parent_id, f.at});
  return cascade;
}

Result<Post> AnalyticsService::PostFor(const Account& viewer, Id post_id) {
  auto post = posts_->Get(&viewer, post_id);
  if (post.ok() || !IsModerator(viewer) || post.error().code() != ErrorCode::kNotFound) {
    return post;
  }
  // Moderators see every post's figures, even one its audience setting hides from them.
  CW_ASSIGN_OR_RETURN(Post p, ctx_.store->posts().GetPostById(post_id));
  if (p.deleted()) return NotFound("post not found");
  return p;
}

Result<Account> AnalyticsService::VisibleAccount(Id id) {
  CW_ASSIGN_OR_RETURN(Account a, ctx_.store->accounts().GetAccountById(id));
  if (a.state != AccountState::kActive && a.state != AccountState::kLimited) {
    return NotFound("account not found");
  }
  return a;
}

Result<AccountAnalytics> AnalyticsService::AccountOverview(const Account& viewer, Id account_id,
                                                           int days) {
  if (days < 1 || days > limits_.max_days) {
    return InvalidArgument("days must be between 1 and " + std::to_string(limits_.max_days));
  }
  AnalyticsStore* astore = ctx_.store->analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  CW_ASSIGN_OR_RETURN(Account account, VisibleAccount(account_id));
  if (!CanSeePrivateFigures(viewer, account_id)) {
    return PermissionDenied("only the account itself and moderators can see its analytics");
  }
  AccountAnalytics out;
  const int64_t today = ctx_.clock->NowMs() / kDayMs;
  const int64_t first = today - days + 1;
  const TimeMs since = first * kDayMs;
  for (int64_t d = first; d <= today; ++d) out.days.push_back(d * kDayMs);

  // Fans at the end of day d: current fans who followed by then, plus the follows that had begun
  // by then and ended later.
  CW_ASSIGN_OR_RETURN(auto buckets, astore->CountFansByBucket(account_id, kDayMs));
  CW_ASSIGN_OR_RETURN(auto ended,
                      astore->ListEndedFollows(account_id, since, limits_.max_ended_follows));
  out.fans.assign(days, 0);
  out.real_fans.assign(days, 0);
  {
    int64_t fans = 0, real = 0;
    size_t b = 0;
    for (int i = 0; i < days; ++i) {
      const int64_t day = first + i;
      for (; b < buckets.size() && buckets[b].bucket <= day; ++b) {
        fans += buckets[b].fans;
        real += buckets[b].real;
      }
      out.fans[i] = fans;
      out.real_fans[i] = real;
    }
  }
  for (const auto& e : ended) {
    const int64_t began_day = e.began / kDayMs;  // 0: before the window
    const int64_t ended_day = e.ended / kDayMs;
    for (int64_t d = std::max(first, began_day); d < std::min(ended_day, today + 1); ++d) {
      out.fans[d - first] += 1;
      if (e.real) out.real_fans[d - first] += 1;
    }
  }

  CW_ASSIGN_OR_RETURN(auto post_buckets, astore->CountPostsByBucket(account_id, since, kDayMs));
  for (auto* v : {&out.posts, &out.forwards, &out.comments, &out.likes, &out.real_forwards,
                  &out.real_comments, &out.real_likes}) {
    v->assign(days, 0);
  }
  int64_t posts = 0, engagement = 0, real_engagement = 0;
  for (const auto& p : post_buckets) {
    if (p.bucket < first || p.bucket > today) continue;
    const size_t i = p.bucket - first;
    out.posts[i] = p.posts;
    out.forwards[i] = p.forwards;
    out.comments[i] = p.comments;
    out.likes[i] = p.likes;
    out.real_forwards[i] = p.real_forwards;
    out.real_comments[i] = p.real_comments;
    out.real_likes[i] = p.real_likes;
    posts += p.posts;
    engagement += p.forwards + p.comments + p.likes;
    real_engagement += p.real_forwards + p.real_comments + p.real_likes;
  }
  if (posts > 0) {
    out.engagement_per_post = static_cast<double>(engagement) / static_cast<double>(posts);
    out.real_engagement_per_post =
        static_cast<double>(real_engagement) / static_cast<double>(posts);
  }
  CW_ASSIGN_OR_RETURN(auto best, astore->ListBestPostIds(account_id, since, limits_.best_posts));
  CW_ASSIGN_OR_RETURN(out.best_posts, posts_->GetVisible(&viewer, best));
  out.account = std::move(account);
  return out;
}

Result<FanAuditView> AnalyticsService::Audit(const Account& viewer, Id account_id) {
  AnalyticsStore* astore = ctx_.store->analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  CW_ASSIGN_OR_RETURN(Account account, VisibleAccount(account_id));
  FanAuditView out;
  out.account_id = account.id;
  out.with_examples = CanSeePrivateFigures(viewer, account_id);
  CW_ASSIGN_OR_RETURN(out.counts,
                      astore->AuditFans(account_id, out.with_examples ? limits_.examples : 0));
  auto load = [&](const std::vector<Id>& ids, std::vector<Account>* into) -> Status {
    if (ids.empty()) return OkStatus();
    CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->accounts().GetAccountsByIds(ids));
    for (auto& a : rows) {
      if (a.state != AccountState::kSuspended) into->push_back(std::move(a));
    }
    return OkStatus();
  };
  CW_RETURN_IF_ERROR(load(out.counts.zombie_examples, &out.zombie_examples));
  CW_RETURN_IF_ERROR(load(out.counts.suspicious_examples, &out.suspicious_examples));
  return out;
}

Result<OverlapView> AnalyticsService::Overlap(const Account& viewer, Id a, Id b) {
  (void)viewer;  // any signed-in member
  AnalyticsStore* astore = ctx_.store->analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  if (a == b) return InvalidArgument("a and b must be two different accounts");
  OverlapView out;
  CW_ASSIGN_OR_RETURN(out.a, VisibleAccount(a));
  CW_ASSIGN_OR_RETURN(out.b, VisibleAccount(b));
  // The smaller fan list drives the join.
  const bool swap = out.a.fans_count > out.b.fans_count;
  CW_ASSIGN_OR_RETURN(auto shared, astore->CountSharedFans(swap ? b : a, swap ? a : b));
  out.shared = shared.shared;
  out.real_shared = shared.real;
  const int64_t either = out.a.fans_count + out.b.fans_count - out.shared;
  out.jaccard = either > 0 ? static_cast<double>(out.shared) / static_cast<double>(either) : 0;
  return out;
}

}  // namespace cw
