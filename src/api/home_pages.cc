#include "api/home_pages.h"

#include <algorithm>

#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {

Reply HomePages::ReplyOf(const Call& call, const Kept& kept) const {
  Reply r = RawJsonReply(std::string());
  r.shared_raw = kept.body;
  AddLinkHeader(call, kept.page_ids, &r);
  return r;
}

Result<Reply> HomePages::Serve(Call& call, const Account& viewer, const Page& page) {
  PostService& posts = *call.services.posts;
  const bool first = !page.max_id && !page.since_id && !page.min_id;
  // Read before anything the page is built from: a page is kept only if no epoch moved since.
  const uint64_t total = epochs_->Total();
  std::optional<TimelineEngine::SourcesStamp> stamp;
  std::optional<std::vector<Id>> candidates;  // the first batch's, when merged to compare
  if (first) {
    CW_ASSIGN_OR_RETURN(stamp, posts.HomeSourcesStamp(viewer));
    std::shared_ptr<const Kept> kept;
    if (auto hit = pages_.Get(viewer.id)) kept = std::move(*hit);
    if (kept && kept->limit == page.limit) {
      bool same = stamp && kept->sources == stamp;
      if (!same) {
        CW_ASSIGN_OR_RETURN(candidates, posts.HomeFirstCandidates(viewer, page));
        same = candidates && kept->candidates == *candidates;
      }
      if (same && kept->signature == epochs_->Sum(kept->posts, kept->accounts)) {
        hits_.fetch_add(1, std::memory_order_relaxed);
        return ReplyOf(call, *kept);
      }
    }
  }
  misses_.fetch_add(1, std::memory_order_relaxed);
  auto ticket = pages_.Begin(viewer.id);
  PostService::HomeSources sources;
  CW_ASSIGN_OR_RETURN(auto shown,
                      posts.HomeTimeline(viewer, page, &sources, std::move(candidates)));
  auto kept = std::make_shared<Kept>();
  for (const auto& p : shown) kept->page_ids.push_back(p.id);
  CW_ASSIGN_OR_RETURN(PostBundle b, posts.Hydrate(&viewer, std::move(shown)));
  kept->body = std::make_shared<const std::string>(StatusesBody(b, posts, call.services.render_cache));
  if (first && sources.batches.size() == 1 && b.comments.empty()) {
    kept->limit = page.limit;
    kept->sources = std::move(stamp);
    kept->candidates = std::move(sources.batches.front());
    kept->posts = kept->candidates;
    for (const auto& [id, p] : b.related) kept->posts.push_back(id);
    kept->accounts = std::move(sources.authors);
    for (const auto& [id, a] : b.accounts) kept->accounts.push_back(id);
    kept->accounts.push_back(viewer.id);
    for (auto* ids : {&kept->posts, &kept->accounts}) {
      std::sort(ids->begin(), ids->end());
      ids->erase(std::unique(ids->begin(), ids->end()), ids->end());
    }
    kept->signature = epochs_->Sum(kept->posts, kept->accounts);
    if (epochs_->Total() == total) pages_.Put(viewer.id, kept, ticket);
  }
  return ReplyOf(call, *kept);
}

}  // namespace cw::api
