#include "api/render_cache.h"

#include <functional>

#include "api/views.h"

namespace cw::api {
namespace {

int64_t HashTexts(std::initializer_list<std::string_view> texts) {
  uint64_t h = 0;
  for (std::string_view t : texts) {
    h = (h ^ std::hash<std::string_view>{}(t)) * 0x9E3779B97F4A7C15ULL;
  }
  return static_cast<int64_t>(h);
}

template <typename Value, typename Cache, typename Render>
std::shared_ptr<const Value> Lookup(Cache& cache, Id id, const std::array<int64_t, 10>& stamp,
                                    Render&& render) {
  std::shared_ptr<const Value> found;
  cache.Visit(id, [&](const auto& e) {
    if (e.stamp == stamp) found = e.value;
  });
  if (found) return found;
  auto ticket = cache.Begin(id);
  found = std::make_shared<const Value>(render());
  cache.Put(id, {stamp, found}, ticket);
  return found;
}

}  // namespace

RenderCache::RenderCache(const RenderCacheOptions& options)
    : accounts_(options.accounts), posts_(options.posts) {}

RenderCache::Stamp RenderCache::StampOf(const cw::Account& a) {
  return {a.fans_count,
          a.suspect_fans_count,
          a.following_count,
          a.posts_count,
          static_cast<int64_t>(a.kind),
          static_cast<int64_t>(a.verification),
          static_cast<int64_t>(a.role),
          static_cast<int64_t>(a.state),
          a.created_at,
          HashTexts({a.handle, a.display_name, a.bio, a.location, a.verification_reason,
                     a.external_id})};
}

RenderCache::Stamp RenderCache::StampOf(const Post& p) {
  // Text, entities, times and forward links never change once a post is written.
  return {p.forwards_count,
          p.comments_count,
          p.likes_count,
          p.suspect_forwards_count,
          p.suspect_comments_count,
          p.suspect_likes_count,
          p.deleted_at,
          static_cast<int64_t>(p.visibility),
          static_cast<int64_t>(p.comment_policy),
          p.group_id};
}

std::shared_ptr<const std::string> RenderCache::Account(const cw::Account& a) {
  return Lookup<std::string>(accounts_, a.id, StampOf(a), [&] {
    std::string out;
    JsonWriter w(&out);
    WriteAccount(w, a);
    return out;
  });
}

std::shared_ptr<const RenderedStatus> RenderCache::Status(const Post& p) {
  return Lookup<RenderedStatus>(posts_, p.id, StampOf(p), [&] {
    RenderedStatus r;
    JsonWriter head(&r.head), middle(&r.middle), tail(&r.tail);
    WriteStatusHead(head, p);
    WriteStatusMiddle(middle, p);
    if (!p.is_forward()) WriteOriginalTail(tail, p);
    return r;
  });
}

}  // namespace cw::api
