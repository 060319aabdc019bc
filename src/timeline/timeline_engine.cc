#include "timeline/timeline_engine.h"

#include <algorithm>
#include <span>
#include <unordered_set>

namespace cw {
namespace {
std::vector<TimelineEntry> Entries(const std::vector<Post>& posts) {
  std::vector<TimelineEntry> out;
  out.reserve(posts.size());
  for (const auto& p : posts) out.push_back({p.id, p.author_id});
  return out;
}
}  // namespace

TimelineEngine::TimelineEngine(Store* store, std::unique_ptr<TimelineCache> cache,
                               const TimelineOptions& options)
    : store_(store),
      cache_(std::move(cache)),
      options_(options),
      recent_(options.recent_authors),
      authors_(options.max_lists) {}

void TimelineEngine::FansChanged(int64_t fans_count) {
  int64_t t = options_.big_v_threshold;
  int64_t window = std::clamp<int64_t>(t / 4, 1, kCrossingWindow);
  if (fans_count >= t - window && fans_count < t + window) ++big_v_epoch_;
}

Status TimelineEngine::OnFollow(Id follower, Id followee) {
  cache_->Invalidate(follower);
  CW_ASSIGN_OR_RETURN(auto a, store_->accounts().GetAccountBriefs({followee}));
  if (!a.empty()) FansChanged(a[0].fans_count);
  return OkStatus();
}

Status TimelineEngine::OnPostCreated(const Post& post) {
  TimelineEntry entry{post.id, post.author_id};
  cache_->Push(post.author_id, entry);
  recent_.Invalidate(post.author_id);
  CW_ASSIGN_OR_RETURN(auto author, store_->accounts().GetAccountBriefs({post.author_id}));
  if (author.empty() || IsPulled(author[0].fans_count)) return OkStatus();  // Big V: merged at read
  // Fan-out to fans, all below the threshold in number (a stale list does no harm: a new fan's
  // list was dropped when they followed, and reads filter out authors no longer followed).
  CW_ASSIGN_OR_RETURN(auto fans, store_->relations().ListFanIds(post.author_id));
  for (Id fan : fans) cache_->Push(fan, entry);
  return OkStatus();
}

void TimelineEngine::OnPostDeleted(const Post& post) { recent_.Invalidate(post.author_id); }

Status TimelineEngine::OnFanLost(Id author) {
  CW_ASSIGN_OR_RETURN(auto a, store_->accounts().GetAccountBriefs({author}));
  if (!a.empty()) FansChanged(a[0].fans_count);
  if (a.empty() || a[0].fans_count != options_.big_v_threshold - 1) return OkStatus();
  cache_->Invalidate(author);  // their own list was built without their own posts too
  CW_ASSIGN_OR_RETURN(auto fans, store_->relations().ListFanIds(author));
  for (Id fan : fans) cache_->Invalidate(fan);
  return OkStatus();
}

Result<std::shared_ptr<const TimelineEngine::Authors>> TimelineEngine::HomeAuthors(
    const Account& viewer) {
  // The epoch first: a split computed from fan counts read after it is stored under it.
  uint64_t epoch = big_v_epoch_.load();
  CW_ASSIGN_OR_RETURN(auto followees, store_->relations().SharedFolloweeIds(viewer.id));
  CW_ASSIGN_OR_RETURN(auto hidden_ptr, store_->relations().SharedMutedOrBlocked(viewer.id));
  std::shared_ptr<const Authors> kept;
  authors_.Visit(viewer.id, [&](const AuthorsEntry& e) {
    if (e.followees == followees && e.hidden == hidden_ptr && e.big_v_epoch == epoch) kept = e.authors;
  });
  if (kept) return kept;
  auto ticket = authors_.Begin(viewer.id);
  const std::unordered_set<Id>& hidden = *hidden_ptr;
  CW_ASSIGN_OR_RETURN(auto briefs, store_->accounts().GetAccountBriefs(*followees));
  auto out_ptr = std::make_shared<Authors>();
  Authors& out = *out_ptr;
  out.pushed.push_back(viewer.id);
  // Muted followees stay in the pushed set (their posts keep arriving in the list, so an unmute
  // shows them at once) and leave only `allowed`.
  for (const auto& a : briefs) {
    if (IsPulled(a.fans_count)) {
      if (!hidden.count(a.id)) out.pulled.push_back(a.id);
    } else {
      out.pushed.push_back(a.id);
    }
  }
  if (IsPulled(viewer)) {  // a Big V's own posts are not pushed either
    out.pushed.erase(out.pushed.begin());
    out.pulled.push_back(viewer.id);
  }
  for (Id id : out.pushed) {
    if (!hidden.count(id)) out.allowed.push_back(id);
  }
  out.allowed.insert(out.allowed.end(), out.pulled.begin(), out.pulled.end());
  std::sort(out.allowed.begin(), out.allowed.end());
  out.allowed.erase(std::unique(out.allowed.begin(), out.allowed.end()), out.allowed.end());
  std::shared_ptr<const Authors> result = std::move(out_ptr);
  authors_.Put(viewer.id, {std::move(followees), std::move(hidden_ptr), epoch, result}, ticket);
  return result;
}

Result<std::optional<TimelineEngine::SourcesStamp>> TimelineEngine::Stamp(const Account& viewer) {
  CW_ASSIGN_OR_RETURN(auto authors, HomeAuthors(viewer));
  SourcesStamp stamp;
  stamp.list_version = cache_->Version(viewer.id);
  if (stamp.list_version == 0) return std::optional<SourcesStamp>();
  for (Id author : authors->pulled) {
    auto recent = recent_.Get(author);
    if (!recent) return std::optional<SourcesStamp>();
    stamp.recent.push_back(std::move(*recent));
  }
  stamp.authors = std::move(authors);
  return std::optional<SourcesStamp>(std::move(stamp));
}

Result<std::vector<TimelineEntry>> TimelineEngine::PushedList(const Account& viewer,
                                                              const Authors& authors) {
  if (auto cached = cache_->Get(viewer.id)) return std::move(*cached);
  auto ticket = cache_->Begin(viewer.id);
  Page page;
  page.limit = static_cast<int>(options_.max_length);
  std::vector<TimelineEntry> list;
  if (!authors.pushed.empty()) {
    CW_ASSIGN_OR_RETURN(auto posts, store_->posts().ListPostsByAuthors(authors.pushed, page));
    list = Entries(posts);
  }
  cache_->Set(viewer.id, list, ticket);
  return list;
}

Result<TimelineEngine::EntryList> TimelineEngine::Recent(Id author) {
  if (auto cached = recent_.Get(author)) return std::move(*cached);
  auto ticket = recent_.Begin(author);
  Page page;
  page.limit = static_cast<int>(options_.recent_per_author);
  CW_ASSIGN_OR_RETURN(auto posts, store_->posts().ListPostsByAuthor(author, page, true));
  EntryList list = std::make_shared<const std::vector<TimelineEntry>>(Entries(posts));
  recent_.Put(author, list, ticket);
  return list;
}

Result<std::vector<Id>> TimelineEngine::HomeCandidates(const Account& viewer, const Page& page,
                                                       size_t want) {
  CW_ASSIGN_OR_RETURN(auto authors_ptr, HomeAuthors(viewer));
  const Authors& authors = *authors_ptr;

  // Every source is newest first and may be a truncated window: below its oldest entry, posts
  // can be missing. The merge is exact above the highest such floor.
  std::vector<std::span<const TimelineEntry>> sources;
  Id floor = 0;
  CW_ASSIGN_OR_RETURN(auto pushed, PushedList(viewer, authors));
  if (pushed.size() >= options_.max_length) floor = std::max(floor, pushed.back().post_id);
  sources.emplace_back(pushed);
  std::vector<EntryList> pulled;  // held while `sources` points into them
  for (Id author : authors.pulled) {
    CW_ASSIGN_OR_RETURN(auto recent, Recent(author));
    if (recent->size() >= options_.recent_per_author) floor = std::max(floor, recent->back().post_id);
    sources.emplace_back(*recent);
    pulled.push_back(std::move(recent));
  }
  Id lower = page.min_id ? page.min_id : page.since_id;
  // Entries a page may show: allowed authors, below max_id, above the lower bound.
  auto wanted = [&](const TimelineEntry& e) {
    return authors.Allows(e.author_id) && !(page.max_id && e.post_id >= page.max_id) &&
           !(lower && e.post_id <= lower);
  };
  std::vector<Id> merged;
  if (page.min_id) {
    // The page right after min_id is the oldest of the newer ones: every candidate is needed.
    for (const auto& source : sources) {
      for (const auto& e : source) {
        if (wanted(e)) merged.push_back(e.post_id);
      }
    }
    std::sort(merged.begin(), merged.end(), std::greater<>());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
  } else {
    // Newest first from every source at once, stopping at `want`: a warm read touches about
    // `want` entries, however long the lists are.
    std::vector<size_t> at(sources.size(), 0);
    while (merged.size() < want) {
      size_t best = sources.size();
      for (size_t s = 0; s < sources.size(); ++s) {
        const auto& source = sources[s];
        while (at[s] < source.size() && !wanted(source[at[s]])) {
          if (lower && source[at[s]].post_id <= lower) at[s] = source.size();  // nothing newer
          else ++at[s];
        }
        if (at[s] < source.size() &&
            (best == sources.size() || source[at[s]].post_id > sources[best][at[best]].post_id)) {
          best = s;
        }
      }
      if (best == sources.size()) break;
      Id id = sources[best][at[best]++].post_id;
      if (merged.empty() || merged.back() != id) merged.push_back(id);  // a post in two lists
    }
  }
  size_t exact = static_cast<size_t>(
      std::find_if(merged.begin(), merged.end(), [&](Id id) { return id <= floor; }) -
      merged.begin());
  bool complete = floor == 0 || (lower && lower >= floor);
  if (page.min_id && complete) {
    // The page right after min_id: the oldest of the newer ones, still listed newest first.
    if (merged.size() > want) merged.erase(merged.begin(), merged.end() - static_cast<ptrdiff_t>(want));
    return merged;
  }
  if (!page.min_id && (complete || exact >= want)) {
    if (merged.size() > want) merged.resize(want);
    return merged;
  }
  // Past the cached windows: ask the store for this page.
  const std::vector<Id>& all = authors.allowed;
  Page deeper = page;
  deeper.limit = static_cast<int>(want);
  CW_ASSIGN_OR_RETURN(auto posts, store_->posts().ListPostsByAuthors(all, deeper));
  std::vector<Id> out;
  for (const auto& p : posts) out.push_back(p.id);
  return out;
}

}  // namespace cw
