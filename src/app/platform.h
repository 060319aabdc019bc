// The composition root: the only place concrete classes are built and wired (Envoy's exe/).
// `serve`, `admin` and the demo seeder all start from a Platform. Thread-safe once built.
#pragma once

#include <memory>
#include <string>

#include "service/account_service.h"
#include "service/comment_service.h"
#include "service/integrity_service.h"
#include "service/message_service.h"
#include "service/analytics_service.h"
#include "service/monitor_service.h"
#include "service/moderation_service.h"
#include "service/notification_service.h"
#include "service/post_service.h"
#include "search/credibility.h"
#include "search/hot_search.h"
#include "search/search_indexer.h"
#include "service/relation_service.h"
#include "service/proof_of_work.h"
#include "service/rate_limiter.h"
#include "service/search_service.h"
#include "service/spam_guard.h"
#include "service/signup_service.h"
#include "service/topic_service.h"
#include "store/store.h"
#include "timeline/timeline_engine.h"

namespace cw {

struct PlatformOptions {
  TimelineOptions timeline;
  std::string data_dir = "./data";
  int node_id = 0;
  int read_connections = 4;
  bool synchronous_full = true;
  bool read_mmap = true;  // read connections map the database file (StoreOptions::read_mmap)
  Limits limits;
  PasswordCost password_cost = PasswordCost::kInteractive;
  // Sign-up and rate protection (the API applies the limits; see service/rate_limiter.h).
  RateLimits rate_limits = RateLimits::Defaults();
  bool rate_limits_on = true;
  SignupMode signup_mode = SignupMode::kOpen;
  int signup_pow_bits = 18;  // 0: no challenge
  MonitorOptions monitors;   // brand monitors: burst interval, check period, limits
  bool monitor_webhook_private = false;  // webhooks may reach loopback and private addresses
};

class Platform {
 public:
  // Creates the data directory if needed and opens (and migrates) the store.
  static Result<std::unique_ptr<Platform>> Open(const PlatformOptions& options);
  ~Platform();

  Store& store() { return *store_; }
  const ServiceContext& context() const { return ctx_; }
  AccountService& accounts() { return *accounts_; }
  RelationService& relations() { return *relations_; }
  PostService& posts() { return *posts_; }
  CommentService& comments() { return *comments_; }
  MessageService& messages() { return *messages_; }
  NotificationService& notifications() { return *notifications_; }
  TimelineEngine& timeline() { return *timeline_; }
  SearchService& search() { return *search_; }
  // Drains the search outbox; `serve` starts its thread, commands may run CatchUp.
  search::SearchIndexer& search_indexer() { return *search_indexer_; }
  // Hot search, fed by the indexer with every public post it indexes; `serve` rebuilds it from
  // the store before starting the indexer.
  search::HotSearch& hot() { return *hot_; }
  TopicService& topics() { return *topics_; }
  ModerationService& moderation() { return *moderation_; }
  IntegrityService& integrity() { return *integrity_; }
  SignupService& signup() { return *signup_; }
  AnalyticsService& analytics() { return *analytics_; }
  // Brand monitors, fed by the search indexer; `serve` starts its burst check thread.
  MonitorService& monitors() { return *monitors_; }
  // Null when rate limits are off.
  RateLimiter* rate_limiter() { return rate_limiter_.get(); }
  const RateLimits& rate_limits() const { return rate_limits_; }

 private:
  Platform() = default;
  SystemClock clock_;
  std::unique_ptr<IdGenerator> ids_;
  std::unique_ptr<Store> store_;
  ServiceContext ctx_;
  std::unique_ptr<TimelineEngine> timeline_;
  std::unique_ptr<NotificationService> notifications_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<RelationService> relations_;
  std::unique_ptr<PostService> posts_;
  std::unique_ptr<CommentService> comments_;
  std::unique_ptr<MessageService> messages_;
  std::unique_ptr<SearchService> search_;
  std::unique_ptr<search::CredibilityProvider> credibility_;
  std::unique_ptr<search::HotSearch> hot_;
  std::unique_ptr<TopicService> topics_;
  std::unique_ptr<ModerationService> moderation_;
  std::unique_ptr<IntegrityService> integrity_;
  std::unique_ptr<SpamGuard> spam_guard_;
  std::unique_ptr<search::SearchIndexer> search_indexer_;
  std::unique_ptr<ProofOfWork> pow_;
  std::unique_ptr<SignupService> signup_;
  std::unique_ptr<AnalyticsService> analytics_;
  std::unique_ptr<RateLimiter> rate_limiter_;
  std::unique_ptr<WebhookSender> webhooks_;
  std::unique_ptr<MonitorService> monitors_;
  RateLimits rate_limits_;
};

}  // namespace cw
