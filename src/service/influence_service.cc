#include "service/influence_service.h"

#include <algorithm>
#include <boost/json.hpp>
#include <numeric>
#include <unordered_map>

#include "analytics/campaign.h"
#include "analytics/store_graph.h"
#include "common/log.h"

namespace cw {
namespace json = boost::json;

struct InfluenceService::Snapshot {
  analytics::SocialGraph graph;
  TimeMs loaded_at = 0;
  std::unordered_map<Id, analytics::Index> index_of;
  std::mutex mu;  // guards `influence`
  std::map<int64_t, std::shared_ptr<const analytics::InfluenceReport>> influence;  // -1: overall
};

namespace {

constexpr int64_t kDayMs = 86'400'000;
constexpr size_t kMaxCachedTopics = 64;
constexpr size_t kMaxTauCandidates = 5000;

json::array IdArray(const analytics::SocialGraph& g, const std::vector<analytics::Index>& seeds) {
  json::array a;
  for (analytics::Index i : seeds) a.push_back(json::value(std::to_string(g.account_ids[i])));
  return a;
}

json::object ReachJson(const analytics::SpreadEstimate& r) {
  return {{"expected_reach", r.mean}, {"reach_stderr", r.std_error},
          {"simulations", r.simulations}};
}

}  // namespace

InfluenceService::InfluenceService(const ServiceContext& ctx, InfluenceServiceOptions options)
    : ctx_(ctx), options_(options) {
  if (AnalyticsStore* a = ctx_.store->analytics()) {
    auto failed = a->FailRunningSeedingRuns("interrupted: the server stopped during the run",
                                            ctx_.clock->NowMs());
    if (failed.ok() && *failed > 0) {
      CW_LOG(kInfo, "") << "seeding: " << *failed << " interrupted runs marked failed";
    }
  }
  worker_ = std::thread([this] { WorkerLoop(); });
}

InfluenceService::~InfluenceService() {
  {
    std::lock_guard lock(queue_mu_);
    stopping_ = true;
  }
  queue_cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Result<std::shared_ptr<InfluenceService::Snapshot>> InfluenceService::Load() {
  std::lock_guard load(load_mu_);
  CW_ASSIGN_OR_RETURN(analytics::LoadedGraph loaded, analytics::LoadSocialGraph(*ctx_.store));
  auto s = std::make_shared<Snapshot>();
  s->graph = std::move(loaded.graph);
  s->loaded_at = ctx_.clock->NowMs();
  s->index_of.reserve(s->graph.size());
  for (analytics::Index i = 0; i < s->graph.size(); ++i) s->index_of[s->graph.account_ids[i]] = i;
  CW_LOG(kInfo, "") << "analytics graph: " << s->graph.size() << " accounts, "
                    << s->graph.follow_count() << " follows, " << s->graph.forwards.size()
                    << " forwards in " << loaded.seconds << " s";
  std::lock_guard lock(graph_mu_);
  snapshot_ = s;
  reloading_ = false;
  return s;
}

Result<std::shared_ptr<InfluenceService::Snapshot>> InfluenceService::Graph() {
  const int64_t max_age_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(options_.graph_max_age).count();
  {
    std::lock_guard lock(graph_mu_);
    if (snapshot_ && max_age_ms > 0) {
      if (ctx_.clock->NowMs() - snapshot_->loaded_at >= max_age_ms && !reloading_) {
        reloading_ = true;
        std::lock_guard q(queue_mu_);
        queue_.push_front(0);
        queue_cv_.notify_one();
      }
      return snapshot_;
    }
  }
  return Load();
}

std::shared_ptr<const analytics::InfluenceReport> InfluenceService::Influence(
    Snapshot& s, std::optional<uint32_t> topic) {
  const int64_t key = topic ? static_cast<int64_t>(*topic) : -1;
  {
    std::lock_guard lock(s.mu);
    auto it = s.influence.find(key);
    if (it != s.influence.end()) return it->second;
  }
  analytics::InfluenceOptions o;
  o.topic = topic;
  auto report =
      std::make_shared<const analytics::InfluenceReport>(analytics::ComputeInfluence(s.graph, o));
  std::lock_guard lock(s.mu);
  if (s.influence.size() >= kMaxCachedTopics) s.influence.clear();
  s.influence[key] = report;
  return report;
}

Result<KolPage> InfluenceService::Kols(const Account& viewer, const std::string& topic,
                                       int limit, int offset) {
  (void)viewer;  // any signed-in member
  if (topic.size() > 200) return InvalidArgument("topic is too long (at most 200 bytes)");
  limit = std::clamp(limit, 1, options_.kol_page_max);
  offset = std::clamp(offset, 0, 10'000);
  CW_ASSIGN_OR_RETURN(auto snap, Graph());
  const analytics::SocialGraph& g = snap->graph;
  KolPage page;
  page.topic = topic;
  page.computed_at = snap->loaded_at;
  std::optional<uint32_t> topic_index;
  if (!topic.empty()) {
    topic_index = analytics::FindTopic(g, topic);
    if (!topic_index) {
      page.topic_known = false;
      return page;
    }
  }
  auto report = Influence(*snap, topic_index);

  // Candidates: listed accounts someone credible forwarded, by influence rank.
  std::vector<analytics::Index> candidates;
  for (analytics::Index i : report->ranking) {
    if (g.eligible[i] && report->accounts[i].forwards > 0) candidates.push_back(i);
  }
  page.candidates = static_cast<int64_t>(candidates.size());
  // Fan rank among the candidates.
  std::vector<analytics::Index> by_fans = candidates;
  std::stable_sort(by_fans.begin(), by_fans.end(),
                   [&](analytics::Index a, analytics::Index b) { return g.fans[a] > g.fans[b]; });
  std::unordered_map<analytics::Index, int64_t> fans_rank;
  for (size_t r = 0; r < by_fans.size(); ++r) fans_rank[by_fans[r]] = static_cast<int64_t>(r + 1);
  {
    const size_t n = std::min(candidates.size(), kMaxTauCandidates);
    std::vector<double> influence(n), fans(n);
    for (size_t i = 0; i < n; ++i) {
      influence[i] = report->accounts[candidates[i]].score;
      fans[i] = static_cast<double>(g.fans[candidates[i]]);
    }
    if (n >= 2) {
      page.kendall_tau = analytics::KendallTauB(influence, fans);
      page.top100_overlap = analytics::TopKOverlap(influence, fans, 100);
    }
  }

  std::vector<Id> ids;
  for (size_t r = offset; r < candidates.size() && ids.size() < static_cast<size_t>(limit); ++r) {
    ids.push_back(g.account_ids[candidates[r]]);
  }
  CW_ASSIGN_OR_RETURN(auto accounts, ctx_.store->accounts().GetAccountsByIds(ids));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : accounts) by_id.emplace(a.id, std::move(a));
  AnalyticsStore* astore = ctx_.store->analytics();
  const TimeMs since = ctx_.clock->NowMs() - 30 * kDayMs;
  for (Id id : ids) {
    auto it = by_id.find(id);
    // Listed accounts only: one suspended or limited since the snapshot is left out.
    if (it == by_id.end() || it->second.state != AccountState::kActive) continue;
    const analytics::Index i = snap->index_of.at(id);
    KolEntry e;
    e.account = it->second;
    e.influence = report->accounts[i];
    e.fans_rank = fans_rank[i];
    const int64_t fans = e.account.fans_count;
    e.real_share = fans > 0 ? static_cast<double>(fans - e.account.suspect_fans_count) /
                                  static_cast<double>(fans)
                            : 1.0;
    if (astore) {
      CW_ASSIGN_OR_RETURN(auto buckets, astore->CountPostsByBucket(id, since, 1'000 * kDayMs));
      int64_t posts = 0, engagement = 0;
      for (const auto& b : buckets) {
        posts += b.posts;
        engagement += b.real_forwards + b.real_comments + b.real_likes;
      }
      e.engagement_per_post =
          posts > 0 ? static_cast<double>(engagement) / static_cast<double>(posts) : 0;
    }
    page.kols.push_back(std::move(e));
  }
  return page;
}

Result<SeedingRun> InfluenceService::StartSeeding(const Account& viewer,
                                                  const SeedingRequest& r) {
  AnalyticsStore* astore = ctx_.store->analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  if (r.k < 1 || r.k > options_.max_k) {
    return InvalidArgument("k must be between 1 and " + std::to_string(options_.max_k));
  }
  if (!(r.epsilon >= 0.05 && r.epsilon <= 0.5)) {
    return InvalidArgument("epsilon must be between 0.05 and 0.5");
  }
  if (r.budget && !(*r.budget > 0 && *r.budget <= 1e9)) {
    return InvalidArgument("budget must be positive (at most 1e9)");
  }
  if (r.cost != "uniform" && r.cost != "fans") return InvalidArgument("cost must be uniform or fans");
  if (r.topic.size() > 200) return InvalidArgument("topic is too long (at most 200 bytes)");
  {
    std::lock_guard lock(queue_mu_);
    if (active_by_owner_[viewer.id] >= options_.max_active_runs_per_account) {
      return Error{ErrorCode::kRateLimited,
                   "you have " + std::to_string(options_.max_active_runs_per_account) +
                       " seeding runs going; wait for one to finish"};
    }
    if (queue_.size() >= static_cast<size_t>(options_.max_queued_runs)) {
      return Unavailable("too many seeding runs are waiting; try again in a few minutes");
    }
  }
  json::object req{{"k", r.k}, {"topic", r.topic}, {"cost", r.cost}, {"epsilon", r.epsilon}};
  req["budget"] = r.budget ? json::value(*r.budget) : json::value(nullptr);
  SeedingRun run;
  run.id = ctx_.ids->Next();
  run.owner_id = viewer.id;
  run.state = "running";
  run.created_at = ctx_.clock->NowMs();
  run.request = json::serialize(req);
  CW_RETURN_IF_ERROR(astore->PutSeedingRun(run));
  {
    std::lock_guard lock(queue_mu_);
    ++active_by_owner_[viewer.id];
    queue_.push_back(run.id);
  }
  queue_cv_.notify_one();
  return run;
}

Result<std::vector<SeedingRun>> InfluenceService::ListRuns(const Account& viewer,
                                                           const Page& page) {
  AnalyticsStore* astore = ctx_.store->analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  return astore->ListSeedingRuns(viewer.id, page);
}

Result<SeedingRun> InfluenceService::GetRun(const Account& viewer, Id id) {
  AnalyticsStore* astore = ctx_.store->analytics();
  if (!astore) return Unavailable("analytics is not available on this store");
  CW_ASSIGN_OR_RETURN(SeedingRun run, astore->GetSeedingRun(id));
  if (run.owner_id != viewer.id) return NotFound("seeding run not found");
  return run;
}

void InfluenceService::WorkerLoop() {
  for (;;) {
    Id id = 0;
    {
      std::unique_lock lock(queue_mu_);
      queue_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      id = queue_.front();
      queue_.pop_front();
    }
    if (id == 0) {
      auto loaded = Load();
      if (!loaded.ok()) {
        CW_LOG(kWarn, "") << "analytics graph reload: " << loaded.error().message();
        std::lock_guard lock(graph_mu_);
        reloading_ = false;
      }
      continue;
    }
    Execute(id);
  }
}

void InfluenceService::Execute(Id run_id) {
  AnalyticsStore* astore = ctx_.store->analytics();
  auto run = astore->GetSeedingRun(run_id);
  if (!run.ok()) {
    CW_LOG(kWarn, "") << "seeding run " << run_id << ": " << run.error().message();
    return;
  }
  auto finish = [&](Status status, std::string result) {
    run->state = status.ok() ? "done" : "failed";
    run->error = status.ok() ? "" : status.error().message();
    run->result = std::move(result);
    run->finished_at = ctx_.clock->NowMs();
    if (Status s = astore->FinishSeedingRun(*run); !s.ok()) {
      CW_LOG(kWarn, "") << "seeding run " << run_id << ": " << s.error().message();
    }
    std::lock_guard lock(queue_mu_);
    if (--active_by_owner_[run->owner_id] <= 0) active_by_owner_.erase(run->owner_id);
  };

  boost::system::error_code ec;
  json::value req = json::parse(run->request, ec);
  if (ec || !req.is_object()) return finish(Internal("unreadable request"), "");
  const json::object& r = req.as_object();
  analytics::CampaignOptions o;
  o.k = static_cast<int>(r.at("k").to_number<int64_t>());
  o.epsilon = r.at("epsilon").to_number<double>();
  if (!r.at("budget").is_null()) o.budget = r.at("budget").to_number<double>();
  o.cost = r.at("cost").as_string() == "fans" ? analytics::CostModel::kFans
                                              : analytics::CostModel::kUniform;
  o.simulations = options_.seeding_simulations;
  o.threads = options_.seeding_threads;
  o.seed = static_cast<uint64_t>(run_id);
  const std::string topic(r.at("topic").as_string());

  auto snap = Graph();
  if (!snap.ok()) return finish(snap.error(), "");
  const analytics::SocialGraph& g = (*snap)->graph;
  if (!topic.empty()) {
    o.topic = analytics::FindTopic(g, topic);
    if (!o.topic) return finish(InvalidArgument("no post has the topic " + topic), "");
  }
  auto influence = Influence(**snap, o.topic);
  std::vector<double> scores(g.size());
  for (size_t i = 0; i < g.size(); ++i) scores[i] = influence->accounts[i].score;
  auto result = analytics::RunCampaign(g, o, scores);
  if (!result.ok()) return finish(result.error(), "");

  const analytics::CampaignResult& c = *result;
  json::object out;
  json::array seeds;
  for (const auto& s : c.choice.seeds) {
    seeds.push_back(json::object{{"account_id", std::to_string(g.account_ids[s.account])},
                                 {"marginal_reach", s.marginal_reach},
                                 {"cost", s.cost}});
  }
  out["seeds"] = std::move(seeds);
  out["expected_reach"] = c.reach.mean;
  out["reach_stderr"] = c.reach.std_error;
  out["simulations"] = c.reach.simulations;
  out["estimated_reach"] = c.choice.estimated_reach;
  json::object fans = ReachJson(c.top_fans.reach);
  fans["seeds"] = IdArray(g, c.top_fans.seeds);
  json::object infl = ReachJson(c.top_influence.reach);
  infl["seeds"] = IdArray(g, c.top_influence.seeds);
  out["baselines"] = json::object{{"top_fans", std::move(fans)},
                                  {"top_influence", std::move(infl)}};
  out["algorithm"] = c.choice.algorithm;
  out["approximation"] = c.choice.approximation;
  out["guarantee"] = c.choice.guarantee;
  out["rr_sets"] = c.choice.rr_sets;
  out["capped"] = c.choice.capped;
  out["runtime_ms"] = static_cast<int64_t>(c.seconds * 1000);
  out["graph"] = json::object{{"accounts", g.size()},
                              {"edges", g.follow_count()},
                              {"forwards", g.forwards.size()},
                              {"loaded_at", FormatIsoTime((*snap)->loaded_at)}};
  finish(OkStatus(), json::serialize(out));
}

}  // namespace cw
