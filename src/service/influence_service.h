// Analytics on the whole social graph (docs/analytics.md): KOL discovery by influence on the
// forward graph, and campaign seeding runs. Both read a snapshot of the graph (analytics/graph.h)
// that is reloaded when older than `graph_max_age`; seeding runs go to one background worker and
// are kept in the store. Thread-safe.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analytics/graph.h"
#include "analytics/influence.h"
#include "common/result.h"
#include "model/account.h"
#include "service/context.h"
#include "store/page.h"

namespace cw {

struct InfluenceServiceOptions {
  // A snapshot older than this is reloaded: in the background while the old one answers, or in
  // the request when there is none. 0: reloaded for every request (small sites and tests).
  std::chrono::seconds graph_max_age{600};
  int seeding_threads = 1;
  int seeding_simulations = 1000;
  int max_k = 200;
  int max_active_runs_per_account = 2;
  int max_queued_runs = 16;
  int kol_page_max = 100;
};

struct KolEntry {
  Account account;
  analytics::AccountInfluence influence;
  int64_t fans_rank = 0;  // 1 = most fans among the accounts listed
  double real_share = 1;  // real fans / fans
  double engagement_per_post = 0;  // real forwards + comments + likes per post, last 30 days
};

struct KolPage {
  std::string topic;     // as asked; empty: overall
  bool topic_known = true;
  TimeMs computed_at = 0;
  std::vector<KolEntry> kols;
  int64_t candidates = 0;  // accounts ranked (forwarded at least once by a credible account)
  double kendall_tau = 0, top100_overlap = 0;  // influence ranking against fan ranking
};

struct SeedingRequest {
  int k = 20;
  std::string topic;
  std::optional<double> budget;
  std::string cost = "uniform";  // uniform | fans
  double epsilon = 0.1;
};

class InfluenceService {
 public:
  InfluenceService(const ServiceContext& ctx, InfluenceServiceOptions options = {});
  ~InfluenceService();
  InfluenceService(const InfluenceService&) = delete;
  InfluenceService& operator=(const InfluenceService&) = delete;

  // Any signed-in member. `topic` empty: overall.
  Result<KolPage> Kols(const Account& viewer, const std::string& topic, int limit, int offset);

  // Queues a run for `viewer` (stored as `running`); kInvalidArgument for a bad request,
  // kResourceExhausted when the viewer or the queue has too many runs going.
  Result<SeedingRun> StartSeeding(const Account& viewer, const SeedingRequest& request);
  Result<std::vector<SeedingRun>> ListRuns(const Account& viewer, const Page& page);
  // kNotFound for another member's run.
  Result<SeedingRun> GetRun(const Account& viewer, Id id);

  const InfluenceServiceOptions& options() const { return options_; }

 private:
  struct Snapshot;
  Result<std::shared_ptr<Snapshot>> Graph();
  Result<std::shared_ptr<Snapshot>> Load();
  // The influence report of `topic` (nullopt: overall), computed once per snapshot.
  std::shared_ptr<const analytics::InfluenceReport> Influence(Snapshot& s,
                                                             std::optional<uint32_t> topic);
  void Execute(Id run_id);
  void WorkerLoop();

  ServiceContext ctx_;
  InfluenceServiceOptions options_;

  std::mutex graph_mu_;  // guards snapshot_ and reloading_
  std::shared_ptr<Snapshot> snapshot_;
  bool reloading_ = false;
  std::mutex load_mu_;  // one load at a time

  std::mutex queue_mu_;
  std::condition_variable queue_cv_;
  std::deque<Id> queue_;  // run ids; 0: reload the graph
  std::map<Id, int> active_by_owner_;
  bool stopping_ = false;
  std::thread worker_;
};

}  // namespace cw
