// Brand monitors (docs/analytics.md, "Monitors"): CRUD for their owner, matching of new public
// posts (fed by the search indexer with each post's analysis), the report, and the periodic burst
// check that raises alerts (a row, a monitor_alert notification and a webhook). Thread-safe.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "analytics/monitor_match.h"
#include "model/monitor.h"
#include "search/tokenizer.h"
#include "service/context.h"
#include "service/notification_service.h"
#include "service/webhook.h"

namespace cw {

struct MonitorOptions {
  int64_t interval_s = 3600;        // the burst check's interval (also its cooldown)
  int baseline_intervals = 24;      // intervals before it that make the baseline
  int64_t check_every_s = 60;       // how often Start's thread checks; 0: never
  int64_t retention_ms = 31LL * 24 * 3600 * 1000;  // hits kept (the report reaches 720 hours)
  int64_t backfill_ms = 7LL * 24 * 3600 * 1000;    // a new monitor looks this far back
  int backfill_per_term = 2000;     // newest matches read per keyword or topic when backfilling
  int report_hits = 20000;          // newest hits a report reads
  int check_hits = 100000;          // newest hits a burst check reads per monitor
  // Input limits.
  int max_per_account = 20;
  int max_keywords = 20;
  int max_topics = 20;
  size_t term_chars = 50;  // code points per keyword or topic
  size_t name_chars = 50;
  size_t url_chars = 500;
  double min_burst_factor = 1.5, max_burst_factor = 100;
  int64_t max_min_posts = 100000;
};

// Fields of a create or update; absent ones keep their value (or the default on create).
struct MonitorInput {
  std::optional<std::string> name;
  std::optional<std::vector<std::string>> keywords;
  std::optional<std::vector<std::string>> topics;
  std::optional<std::string> webhook_url;  // "": none
  std::optional<double> burst_factor;
  std::optional<int64_t> min_posts;
};

struct MonitorReport {
  Monitor monitor;
  int64_t interval_s = 3600;
  struct Point {
    TimeMs at = 0;  // start of the interval
    int64_t posts = 0;
    int64_t real_posts = 0;  // by active, credible authors
  };
  std::vector<Point> volume;
  int64_t posts = 0, real_posts = 0;
  bool truncated = false;            // more hits than report_hits: the oldest were not read
  std::vector<Post> top_posts;       // by engagement, best first (up to 30 candidates)
  struct Author {
    Id account_id = 0;
    int64_t posts = 0;
  };
  std::vector<Author> top_accounts;  // by matching posts, most first (up to 30 candidates)
  std::vector<MonitorAlert> alerts;  // newest first
};

class MonitorService {
 public:
  // `webhooks` may be null (webhooks are then recorded as not delivered).
  MonitorService(const ServiceContext& ctx, NotificationService* notifications,
                 WebhookSender* webhooks, MonitorOptions options = {});
  ~MonitorService();  // stops the thread
  MonitorService(const MonitorService&) = delete;
  MonitorService& operator=(const MonitorService&) = delete;

  const MonitorOptions& options() const { return options_; }

  // Builds the matcher from the stored monitors; call once before posts are observed.
  Status Load();

  // kInvalidArgument for bad fields or too many monitors.
  Result<Monitor> Create(const Account& owner, const MonitorInput& in);
  Result<std::vector<Monitor>> List(const Account& owner);
  // kNotFound unless `viewer` owns it (another member learns nothing of it).
  Result<Monitor> Get(const Account& viewer, Id id);
  Result<Monitor> Update(const Account& viewer, Id id, const MonitorInput& in);
  Status Delete(const Account& viewer, Id id);
  // `hours` in [1, 720] (kInvalidArgument otherwise).
  Result<MonitorReport> Report(const Account& viewer, Id id, int hours);
  // An alert of one of the viewer's monitors (a notification's); kNotFound otherwise.
  Result<std::pair<MonitorAlert, Monitor>> GetAlert(const Account& viewer, Id alert_id);

  // The search indexer's observer: records the monitors `post` matches (public, live, recent
  // posts only). Hits are buffered until Flush, which the indexer calls after each batch.
  void Observe(const Post& post, const search::Analysis& analysis);
  Status Flush();

  // One burst check of every monitor, now; returns the alerts raised.
  Result<std::vector<MonitorAlert>> CheckBursts();
  // Runs CheckBursts every check_every_s on a thread of its own (and prunes old hits).
  void Start();
  void Stop();

 private:
  Result<Monitor> Validate(Monitor m, const MonitorInput& in);
  Status Rebuild();
  Status Backfill(const Monitor& m);
  Result<std::vector<MonitorAlert>> CheckOne(const Monitor& m, TimeMs now);
  void Loop();

  ServiceContext ctx_;
  MonitorStore* store_;
  NotificationService* notifications_;
  WebhookSender* webhooks_;
  MonitorOptions options_;

  std::mutex matcher_mu_;
  // Shared so the indexer can match against a snapshot while a change builds the next one.
  std::shared_ptr<const analytics::MonitorMatcher> matcher_;  // GUARDED_BY(matcher_mu_)

  std::mutex pending_mu_;
  std::vector<MonitorHit> pending_;  // GUARDED_BY(pending_mu_)

  std::mutex check_mu_;  // one burst check at a time

  std::mutex loop_mu_;
  std::condition_variable loop_cv_;
  bool stopping_ = false;  // GUARDED_BY(loop_mu_)
  std::thread thread_;
};

// The terms of a monitor, as the matcher wants them (exposed for tests).
analytics::MonitorTerms MonitorTermsOf(const Monitor& m);

}  // namespace cw
