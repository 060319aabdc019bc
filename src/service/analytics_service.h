// Marketing analytics for members (docs/analytics.md): the cascade of a post, an account's growth
// and engagement, the fan authenticity audit and audience overlap. Reads the store, calls the
// pure functions of src/analytics/, and applies who may see what. Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "analytics/cascade.h"
#include "analytics/seismic.h"
#include "common/result.h"
#include "model/account.h"
#include "model/post.h"
#include "service/context.h"
#include "service/post_service.h"

namespace cw {

// One forward of a cascade, as drawn in the tree.
struct CascadeNode {
  Id id = 0;
  Id parent_id = 0;  // the root's id for a forward whose parent was deleted
  Id account_id = 0;
  TimeMs at = 0;
  int32_t level = 0;
  int64_t downstream = 0;
  bool credible = true;
};

struct CascadeView {
  Post root;
  analytics::CascadeReport all;
  // Counting credible forwarders only: a non-credible forward is removed and its children hang
  // from the nearest credible ancestor; exposure counts credible fans.
  analytics::CascadeReport real;
  double credible_share = 1;          // real.size / all.size (1 for no forwards)
  std::vector<int64_t> real_curve;    // credible forwards, on all.curve's intervals
  std::vector<CascadeNode> tree;      // parents before children (breadth first), at most the limit
  bool tree_truncated = false;
  // SEISMIC's final size from what was observed up to computed_at.
  analytics::SeismicPrediction prediction;
  std::unordered_map<Id, Account> accounts;  // the top spreaders
  TimeMs computed_at = 0;
};

struct AccountAnalytics {
  Account account;
  std::vector<TimeMs> days;  // the start of each UTC day of the window, oldest first
  std::vector<int64_t> fans, real_fans;  // at the end of each day
  std::vector<int64_t> posts, forwards, comments, likes;  // by the day the post was made
  std::vector<int64_t> real_forwards, real_comments, real_likes;
  double engagement_per_post = 0, real_engagement_per_post = 0;
  std::vector<Post> best_posts;
};

struct FanAuditView {
  Id account_id = 0;
  AnalyticsStore::FanAudit counts;
  bool with_examples = false;  // the owner or a moderator asked
  std::vector<Account> zombie_examples, suspicious_examples;
};

struct OverlapView {
  Account a, b;
  int64_t shared = 0, real_shared = 0;
  double jaccard = 0;
};

struct AnalyticsLimits {
  int64_t max_cascade_forwards = 1'000'000;
  int tree_default = 2000;
  int tree_max = 20000;
  int max_days = 365;
  int examples = 20;
  size_t spreaders = 50;  // spreaders shown with their accounts
  int best_posts = 10;
  int max_ended_follows = 1'000'000;
  std::chrono::seconds cascade_cache_ttl{60};
  size_t cascade_cache_entries = 64;
};

class AnalyticsService {
 public:
  AnalyticsService(const ServiceContext& ctx, PostService* posts, AnalyticsLimits limits = {});

  // The cascade of `post_id` (a forward names its root's). Public posts: any signed-in member;
  // others: the author and moderators (kPermissionDenied); invisible posts: kNotFound.
  Result<std::shared_ptr<const CascadeView>> Cascade(const Account& viewer, Id post_id);
  // Fan growth, posts and engagement over the last `days` days: the account and moderators.
  Result<AccountAnalytics> AccountOverview(const Account& viewer, Id account_id, int days);
  // Shares for anyone signed in; examples for the account itself and moderators.
  Result<FanAuditView> Audit(const Account& viewer, Id account_id);
  Result<OverlapView> Overlap(const Account& viewer, Id a, Id b);
  // The cascade of the root post `root`, computed now, for whoever may see it (no visibility
  // check, no cache): `clearwater analytics cascade` and Cascade() both use it.
  Result<std::shared_ptr<const CascadeView>> Analyse(const Post& root);
  // The live forwards of the root post `root` (at most max_cascade_forwards) as links.
  Result<analytics::Cascade> LoadCascade(const Post& root);

  const AnalyticsLimits& limits() const { return limits_; }

 private:
  Result<Account> VisibleAccount(Id id);
  // The post as `viewer` may see it; moderators see every post that is not deleted.
  Result<Post> PostFor(const Account& viewer, Id post_id);

  ServiceContext ctx_;
  PostService* posts_;
  AnalyticsLimits limits_;
  std::mutex mu_;
  std::unordered_map<Id, std::shared_ptr<const CascadeView>> cascades_;  // by root id
};

}  // namespace cw
