#include "app/platform.h"

#include <sodium.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "api/webhook_client.h"
#include "common/log.h"
#include "store/cache/caching_store.h"
#include "service/in_memory_rate_limiter.h"
#include "timeline/in_memory_timeline_cache.h"

namespace cw {
namespace {

// The key that authenticates sign-up challenges: `signup.key` in the data directory, created
// (owner-only) on first start. Nodes that share a data directory, or a copy of the file, accept
// each other's challenges.
Result<std::string> LoadOrCreateSignupKey(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    std::ifstream in(path, std::ios::binary);
    std::string key((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (key.size() != ProofOfWork::kKeyBytes) {
      return Unavailable(path.string() + " must hold " + std::to_string(ProofOfWork::kKeyBytes) +
                         " bytes; delete it to make a new one");
    }
    return key;
  }
  CW_CHECK(sodium_init() >= 0);
  std::string key(ProofOfWork::kKeyBytes, '\0');
  randombytes_buf(key.data(), key.size());
  std::filesystem::path tmp = path;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(key.data(), static_cast<std::streamsize>(key.size()));
    if (!out) return Unavailable("cannot write " + tmp.string());
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Unavailable("cannot create " + path.string() + ": " + ec.message());
  return key;
}

}  // namespace

Result<std::unique_ptr<Platform>> Platform::Open(const PlatformOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.data_dir, ec);
  if (ec) return Unavailable("cannot create data directory " + options.data_dir + ": " + ec.message());
  std::unique_ptr<Platform> p(new Platform());
  p->ids_ = std::make_unique<IdGenerator>(&p->clock_, options.node_id);
  StoreOptions so;
  so.path = (std::filesystem::path(options.data_dir) / "clearwater.db").string();
  so.read_connections = options.read_connections;
  so.synchronous_full = options.synchronous_full;
  so.read_mmap = options.read_mmap;
  CW_ASSIGN_OR_RETURN(auto raw, OpenStore(so));
  p->store_ = std::make_unique<CachingStore>(std::move(raw), CacheOptions{});
  p->ctx_.store = p->store_.get();
  p->ctx_.clock = &p->clock_;
  p->ctx_.ids = p->ids_.get();
  p->ctx_.limits = options.limits;
  p->ctx_.password_cost = options.password_cost;
  const TimelineOptions& t = options.timeline;
  p->timeline_ = std::make_unique<TimelineEngine>(
      p->store_.get(), std::make_unique<InMemoryTimelineCache>(t.max_lists, t.max_length), t);
  p->notifications_ = std::make_unique<NotificationService>(p->ctx_);
  p->accounts_ = std::make_unique<AccountService>(p->ctx_);
  p->relations_ = std::make_unique<RelationService>(p->ctx_, p->notifications_.get());
  p->posts_ = std::make_unique<PostService>(p->ctx_, p->notifications_.get());
  p->comments_ =
      std::make_unique<CommentService>(p->ctx_, p->notifications_.get(), p->posts_.get());
  p->posts_->set_comments(p->comments_.get());
  p->posts_->set_timeline(p->timeline_.get());
  p->relations_->set_timeline(p->timeline_.get());
  p->messages_ = std::make_unique<MessageService>(p->ctx_, p->notifications_.get());
  p->search_ = std::make_unique<SearchService>(p->ctx_);
  p->moderation_ = std::make_unique<ModerationService>(p->ctx_, p->notifications_.get(),
                                                       p->relations_.get());
  p->integrity_ = std::make_unique<IntegrityService>(p->ctx_, p->moderation_.get());
  p->spam_guard_ = std::make_unique<SpamGuard>(p->ctx_, p->moderation_.get());
  p->posts_->set_spam_guard(p->spam_guard_.get());
  p->comments_->set_spam_guard(p->spam_guard_.get());
  p->credibility_ = std::make_unique<search::StoreCredibility>(p->store_.get());
  p->hot_ = std::make_unique<search::HotSearch>(&p->clock_, p->credibility_.get());
  search::CredibilityProvider* credibility = p->credibility_.get();
  search::HotSearch* hot_search = p->hot_.get();
  p->moderation_->set_on_account_changed([credibility, hot_search](Id id) {
    credibility->Forget(id);
    hot_search->ForgetRankings();
  });
  p->integrity_->set_on_applied([credibility, hot_search] {
    credibility->ForgetAll();
    hot_search->ForgetRankings();
  });
  p->analytics_ = std::make_unique<AnalyticsService>(p->ctx_, p->posts_.get());
  p->topics_ = std::make_unique<TopicService>(p->ctx_, p->hot_.get());
  p->search_indexer_ = std::make_unique<search::SearchIndexer>(p->store_.get());
  // Challenges are issued even at difficulty 0 (then not asked for), so clients need no branch.
  CW_ASSIGN_OR_RETURN(std::string key, LoadOrCreateSignupKey(std::filesystem::path(
                                           options.data_dir) / "signup.key"));
  p->pow_ = std::make_unique<ProofOfWork>(&p->clock_, std::move(key), options.signup_pow_bits);
  p->signup_ = std::make_unique<SignupService>(p->ctx_, p->accounts_.get(), p->pow_.get(),
                                               options.signup_mode);
  if (options.rate_limits_on) {
    p->rate_limiter_ = std::make_unique<InMemoryRateLimiter>(&p->clock_);
    p->rate_limits_ = options.rate_limits;
  }
  api::WebhookClientOptions webhook_options;
  webhook_options.allow_private = options.monitor_webhook_private;
  p->webhooks_ = std::make_unique<api::WebhookClient>(webhook_options);
  p->monitors_ = std::make_unique<MonitorService>(p->ctx_, p->notifications_.get(),
                                                  p->webhooks_.get(), options.monitors);
  CW_RETURN_IF_ERROR(p->monitors_->Load());
  search::HotSearch* hot = p->hot_.get();
  MonitorService* monitors = p->monitors_.get();
  p->search_indexer_->set_post_observer([hot, monitors](const Post& post, const search::Analysis& a) {
    hot->Observe(post, a);
    monitors->Observe(post, a);
  });
  p->search_indexer_->set_batch_observer([monitors] {
    if (Status st = monitors->Flush(); !st.ok()) {
      CW_LOG(kWarn, "") << "monitor hits: " << st.error().message();
    }
  });
  return p;
}

Platform::~Platform() {
  if (monitors_) monitors_->Stop();
  if (search_indexer_) search_indexer_->Stop();
  // Deliveries still queued record their answer in the store: stop them while it is open.
  if (webhooks_) webhooks_.reset();
  if (store_) store_->Close();
}

}  // namespace cw
