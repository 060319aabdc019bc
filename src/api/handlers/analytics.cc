// The analytics API (docs/analytics.md): a post's cascade, an account's analytics, the fan
// audit and audience overlap.
#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;
namespace {

Result<AnalyticsService*> Analytics(Call& call) {
  if (!call.services.analytics) return Unavailable("analytics is not available");
  return call.services.analytics;
}

template <typename T>
json::array Array(const std::vector<T>& v) {
  json::array a;
  a.reserve(v.size());
  for (const auto& x : v) a.push_back(json::value(x));
  return a;
}

json::object ShapeJson(const analytics::CascadeReport& r) {
  json::object o;
  o["size"] = r.shape.size;
  o["depth"] = r.shape.depth;
  o["breadth"] = Array(r.shape.breadth);
  o["exposure"] = r.exposure;
  o["exposure_exact"] = r.exposure_exact;
  return o;
}

json::value AccountOr(const std::unordered_map<Id, Account>& accounts, Id id) {
  auto it = accounts.find(id);
  if (it == accounts.end() || it->second.state == AccountState::kSuspended) return nullptr;
  return AccountJson(it->second);
}

Result<json::object> StatusObject(Call& call, const Post& post) {
  CW_ASSIGN_OR_RETURN(PostBundle b, call.services.posts->Hydrate(call.viewer(), {post}));
  return StatusJson(b.posts.front(), b, *call.services.posts);
}

json::object AuditJson(const FanAuditView& v) {
  const auto& c = v.counts;
  auto share = [&](int64_t n) {
    return c.fans > 0 ? static_cast<double>(n) / static_cast<double>(c.fans) : 0.0;
  };
  json::object o;
  o["account_id"] = IdString(v.account_id);
  o["fans"] = c.fans;
  o["real"] = c.real;
  o["suspicious"] = c.suspicious;
  o["zombie"] = c.zombie;
  o["real_share"] = share(c.real);
  o["suspicious_share"] = share(c.suspicious);
  o["zombie_share"] = share(c.zombie);
  o["scanned_at"] = c.scanned_at ? json::value(FormatIsoTime(c.scanned_at)) : nullptr;
  if (v.with_examples) {
    auto list = [](const std::vector<Account>& rows) {
      json::array a;
      for (const auto& x : rows) a.push_back(AccountJson(x));
      return a;
    };
    o["examples"] = json::object{{"zombie", list(v.zombie_examples)},
                                 {"suspicious", list(v.suspicious_examples)}};
  }
  return o;
}

}  // namespace

Result<Reply> PostCascade(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(AnalyticsService* a, Analytics(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  const auto& limits = a->limits();
  CW_ASSIGN_OR_RETURN(int tree_limit,
                      call.params.GetInt("tree_limit", limits.tree_default, 0, limits.tree_max));
  CW_ASSIGN_OR_RETURN(auto view, a->Cascade(*me, id));

  json::object o;
  CW_ASSIGN_OR_RETURN(o["post"], StatusObject(call, view->root));
  json::object all = ShapeJson(view->all);
  for (auto& [k, v] : all) o[k] = v;
  json::object real = ShapeJson(view->real);
  o["real_size"] = view->real.shape.size;
  o["real"] = std::move(real);
  o["credible_share"] = view->credible_share;
  o["curve"] = json::object{{"interval_s", view->all.curve.interval_s},
                            {"counts", Array(view->all.curve.counts)},
                            {"real_counts", Array(view->real_curve)}};

  constexpr size_t kSpreaders = 50;
  json::array spreaders;
  for (const auto& s : view->all.spreaders) {
    if (spreaders.size() == kSpreaders) break;
    json::value account = AccountOr(view->accounts, s.account_id);
    if (account.is_null()) continue;
    spreaders.push_back(json::object{{"account", std::move(account)},
                                     {"downstream", s.downstream},
                                     {"new_exposure", s.new_exposure},
                                     {"forwards", s.forwards}});
  }
  o["spreaders"] = std::move(spreaders);

  json::array nodes;
  const size_t shown = std::min<size_t>(view->tree.size(), static_cast<size_t>(tree_limit));
  for (size_t i = 0; i < shown; ++i) {
    const CascadeNode& n = view->tree[i];
    auto it = view->accounts.find(n.account_id);
    const bool hidden = it == view->accounts.end() ||
                        it->second.state == AccountState::kSuspended;
    nodes.push_back(json::object{{"id", IdString(n.id)},
                                 {"parent_id", IdString(n.parent_id)},
                                 {"account_id", IdString(n.account_id)},
                                 {"handle", hidden ? json::value(nullptr)
                                                   : json::value(it->second.handle)},
                                 {"at", FormatIsoTime(n.at)},
                                 {"level", n.level},
                                 {"downstream", n.downstream},
                                 {"credible", n.credible}});
  }
  o["tree"] = json::object{{"nodes", std::move(nodes)},
                           {"truncated", view->tree_truncated || shown < view->tree.size()}};
  o["computed_at"] = FormatIsoTime(view->computed_at);
  return JsonReply(std::move(o));
}

Result<Reply> AccountAnalyticsOverview(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(AnalyticsService* a, Analytics(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(int days, call.params.GetInt("days", 30, 1, a->limits().max_days));
  CW_ASSIGN_OR_RETURN(AccountAnalytics v, a->AccountOverview(*me, id, days));
  CW_ASSIGN_OR_RETURN(FanAuditView audit, a->Audit(*me, id));

  json::array day_names;
  for (TimeMs d : v.days) day_names.push_back(json::value(FormatIsoTime(d).substr(0, 10)));
  json::object o;
  o["account"] = AccountJson(v.account);
  o["fan_growth"] = json::object{{"interval", "day"},
                                 {"days", day_names},
                                 {"fans", Array(v.fans)},
                                 {"real_fans", Array(v.real_fans)}};
  o["posts"] = json::object{{"days", day_names},
                            {"posts", Array(v.posts)},
                            {"forwards", Array(v.forwards)},
                            {"comments", Array(v.comments)},
                            {"likes", Array(v.likes)},
                            {"real_forwards", Array(v.real_forwards)},
                            {"real_comments", Array(v.real_comments)},
                            {"real_likes", Array(v.real_likes)}};
  o["engagement_per_post"] = v.engagement_per_post;
  o["real_engagement_per_post"] = v.real_engagement_per_post;
  CW_ASSIGN_OR_RETURN(PostBundle b, call.services.posts->Hydrate(me, std::move(v.best_posts)));
  json::array best;
  for (const Post& p : b.posts) best.push_back(StatusJson(p, b, *call.services.posts));
  o["best_posts"] = std::move(best);
  o["audit"] = AuditJson(audit);
  return JsonReply(std::move(o));
}

Result<Reply> AccountAudit(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(AnalyticsService* a, Analytics(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(FanAuditView audit, a->Audit(*me, id));
  return JsonReply(AuditJson(audit));
}

Result<Reply> AudienceOverlap(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(AnalyticsService* a, Analytics(call));
  CW_ASSIGN_OR_RETURN(Id x, call.params.GetId("a"));
  CW_ASSIGN_OR_RETURN(Id y, call.params.GetId("b"));
  if (!x || !y) return InvalidArgument("a and b (account ids) are required");
  CW_ASSIGN_OR_RETURN(OverlapView v, a->Overlap(*me, x, y));
  json::object o;
  o["a"] = AccountJson(v.a);
  o["b"] = AccountJson(v.b);
  o["a_fans"] = v.a.fans_count;
  o["b_fans"] = v.b.fans_count;
  o["shared"] = v.shared;
  o["real_shared"] = v.real_shared;
  o["jaccard"] = v.jaccard;
  o["exact"] = true;
  return JsonReply(std::move(o));
}

}  // namespace cw::api
