#include "app/platform.h"

#include <filesystem>

#include "store/cache/caching_store.h"
#include "timeline/in_memory_timeline_cache.h"

namespace cw {

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
  p->credibility_ = std::make_unique<search::StoreCredibility>(p->store_.get());
  p->hot_ = std::make_unique<search::HotSearch>(&p->clock_, p->credibility_.get());
  p->topics_ = std::make_unique<TopicService>(p->ctx_, p->hot_.get());
  p->search_indexer_ = std::make_unique<search::SearchIndexer>(p->store_.get());
  search::HotSearch* hot = p->hot_.get();
  p->search_indexer_->set_post_observer(
      [hot](const Post& post, const search::Analysis& a) { hot->Observe(post, a); });
  return p;
}

Platform::~Platform() {
  if (search_indexer_) search_indexer_->Stop();
  if (store_) store_->Close();
}

}  // namespace cw
