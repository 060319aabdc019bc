// The analytics API (docs/analytics.md): a post's cascade, an account's analytics, the fan
// audit and audience overlap.
#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cstdlib>
#include <unordered_map>

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

  json::array spreaders;
  for (const auto& s : view->all.spreaders) {
    if (spreaders.size() == limits.spreaders) break;
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
  std::vector<Id> node_authors;
  for (size_t i = 0; i < shown; ++i) node_authors.push_back(view->tree[i].account_id);
  std::sort(node_authors.begin(), node_authors.end());
  node_authors.erase(std::unique(node_authors.begin(), node_authors.end()), node_authors.end());
  CW_ASSIGN_OR_RETURN(auto author_rows, call.services.accounts->GetAccounts(node_authors));
  std::unordered_map<Id, Account> authors;
  for (auto& x : author_rows) authors.emplace(x.id, std::move(x));
  for (size_t i = 0; i < shown; ++i) {
    const CascadeNode& n = view->tree[i];
    auto it = authors.find(n.account_id);
    const bool hidden = it == authors.end() || it->second.state == AccountState::kSuspended;
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
  const analytics::SeismicPrediction& pr = view->prediction;
  o["prediction"] = json::object{{"ready", pr.ready},
                                 {"observed_s", pr.observed_s},
                                 {"observed_size", pr.observed_size},
                                 {"final_size", pr.final_size},
                                 {"low", pr.low},
                                 {"high", pr.high},
                                 {"infectiousness", pr.infectiousness},
                                 {"capped", pr.capped}};
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

namespace cw::api {
namespace {

Result<InfluenceService*> Influence(Call& call) {
  if (!call.services.influence) return Unavailable("KOL discovery and seeding are not available");
  return call.services.influence;
}

// A stored run as the API shows it: its request and result with account ids made accounts.
Result<json::object> RunJson(Call& call, const SeedingRun& run) {
  json::object o;
  o["id"] = IdString(run.id);
  o["state"] = run.state;
  o["created_at"] = FormatIsoTime(run.created_at);
  o["finished_at"] = run.finished_at ? json::value(FormatIsoTime(run.finished_at)) : nullptr;
  o["error"] = run.error.empty() ? json::value(nullptr) : json::value(run.error);
  boost::system::error_code ec;
  json::value req = json::parse(run.request, ec);
  if (!ec && req.is_object()) {
    for (auto& [k, v] : req.as_object()) o[k] = v;
    if (o["topic"].is_string() && o["topic"].as_string().empty()) o["topic"] = nullptr;
  }
  if (run.result.empty()) return o;
  json::value res = json::parse(run.result, ec);
  if (ec || !res.is_object()) return o;
  json::object& r = res.as_object();
  // Every account the result names, read once.
  std::vector<Id> ids;
  auto collect = [&](const json::array& a, bool objects) {
    for (const auto& x : a) {
      const json::string& s = objects ? x.as_object().at("account_id").as_string() : x.as_string();
      Id id = 0;
      if (ParseId(std::string(s), &id)) ids.push_back(id);
    }
  };
  collect(r["seeds"].as_array(), true);
  auto& baselines = r["baselines"].as_object();
  for (auto& [name, b] : baselines) collect(b.as_object()["seeds"].as_array(), false);
  CW_ASSIGN_OR_RETURN(auto rows, call.services.accounts->GetAccounts(ids));
  std::unordered_map<std::string, json::value> accounts;
  for (const auto& a : rows) {
    if (a.state != AccountState::kSuspended) accounts[IdString(a.id)] = AccountJson(a);
  }
  auto account = [&](const json::string& id) {
    auto it = accounts.find(std::string(id));
    return it == accounts.end() ? json::value(nullptr) : it->second;
  };
  for (auto& s : r["seeds"].as_array()) {
    json::object& seed = s.as_object();
    seed["account"] = account(seed["account_id"].as_string());
  }
  for (auto& [name, b] : baselines) {
    json::array seeds;
    for (const auto& id : b.as_object()["seeds"].as_array()) {
      seeds.push_back(json::object{{"account_id", id}, {"account", account(id.as_string())}});
    }
    b.as_object()["seeds"] = std::move(seeds);
  }
  for (auto& [k, v] : r) o[k] = v;
  return o;
}

}  // namespace

Result<Reply> SearchKols(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(InfluenceService* s, Influence(call));
  const std::string topic = call.params.GetOr("topic", "");
  CW_ASSIGN_OR_RETURN(int limit, call.params.GetInt("limit", 20, 1, s->options().kol_page_max));
  CW_ASSIGN_OR_RETURN(int offset, call.params.GetInt("offset", 0, 0, 10'000));
  CW_ASSIGN_OR_RETURN(KolPage page, s->Kols(*me, topic, limit, offset));
  json::array kols;
  for (const KolEntry& e : page.kols) {
    const int64_t fans = e.account.fans_count;
    kols.push_back(json::object{{"account", AccountJson(e.account)},
                                {"influence", e.influence.score},
                                {"rank", e.influence.rank},
                                {"fans_rank", e.fans_rank},
                                {"fans", fans},
                                {"real_fans", fans - e.account.suspect_fans_count},
                                {"real_share", e.real_share},
                                {"engagement_per_post", e.engagement_per_post},
                                {"posts", e.influence.posts},
                                {"forwarded_by", e.influence.forwarded_by},
                                {"forwards", e.influence.forwards},
                                {"reach", e.influence.reach}});
  }
  json::object o;
  o["topic"] = page.topic.empty() ? json::value(nullptr) : json::value(page.topic);
  o["topic_known"] = page.topic_known;
  o["computed_at"] = FormatIsoTime(page.computed_at);
  o["candidates"] = page.candidates;
  o["kols"] = std::move(kols);
  o["rank_correlation"] = json::object{{"kendall_tau", page.kendall_tau},
                                       {"top100_overlap", page.top100_overlap}};
  return JsonReply(std::move(o));
}

Result<Reply> StartSeeding(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(InfluenceService* s, Influence(call));
  SeedingRequest r;
  CW_ASSIGN_OR_RETURN(r.k, call.params.GetInt("k", 20, INT32_MIN, INT32_MAX));
  r.topic = call.params.GetOr("topic", "");
  r.cost = call.params.GetOr("cost", "uniform");
  if (auto v = call.params.Get("epsilon"); v && !v->empty()) {
    char* end = nullptr;
    r.epsilon = std::strtod(v->c_str(), &end);
    if (end != v->c_str() + v->size()) return Malformed("epsilon must be a number");
  }
  if (auto v = call.params.Get("budget"); v && !v->empty()) {
    char* end = nullptr;
    r.budget = std::strtod(v->c_str(), &end);
    if (end != v->c_str() + v->size()) return Malformed("budget must be a number");
  }
  CW_ASSIGN_OR_RETURN(SeedingRun run, s->StartSeeding(*me, r));
  CW_ASSIGN_OR_RETURN(json::object o, RunJson(call, run));
  return JsonReply(std::move(o), 202);
}

Result<Reply> ListSeedingRuns(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(InfluenceService* s, Influence(call));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto runs, s->ListRuns(*me, page));
  json::array out;
  std::vector<Id> ids;
  for (const auto& run : runs) {
    CW_ASSIGN_OR_RETURN(json::object o, RunJson(call, run));
    out.push_back(std::move(o));
    ids.push_back(run.id);
  }
  Reply reply = JsonReply(std::move(out));
  AddLinkHeader(call, ids, &reply);
  return reply;
}

Result<Reply> GetSeedingRun(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(InfluenceService* s, Influence(call));
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(SeedingRun run, s->GetRun(*me, id));
  CW_ASSIGN_OR_RETURN(json::object o, RunJson(call, run));
  return JsonReply(std::move(o));
}

}  // namespace cw::api
