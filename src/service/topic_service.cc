#include "service/topic_service.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>
#include <unordered_set>

#include "common/text/utf8.h"
#include "search/tokenizer.h"

namespace cw {
namespace {

constexpr TimeMs kHourMs = 3'600'000;
constexpr int kMaxTopicChars = 64;       // as text/entities.cc extracts them
constexpr int kMaxVolumePosts = 20'000;  // posts read to draw one topic's volume
constexpr size_t kMaxScanned = 5000;     // rows one timeline page may scan past hidden ones

TimeMs FloorHour(TimeMs t) { return t - ((t % kHourMs) + kHourMs) % kHourMs; }

TextSearch TopicSearch(const std::string& term, Id viewer_id, int limit) {
  TextSearch s;
  s.terms.must = {{term}};
  s.viewer_id = viewer_id;
  s.limit = limit;
  return s;
}

}  // namespace

Result<std::string> TopicTermOfName(std::string_view name) {
  if (!text::IsValidUtf8(name)) return InvalidArgument("topic name is not valid UTF-8");
  std::string_view n = name;
  if (n.starts_with("#")) n.remove_prefix(1);
  if (n.ends_with("#")) n.remove_suffix(1);
  if (n.empty()) return InvalidArgument("topic name is empty");
  if (text::CountCodePoints(n) > static_cast<size_t>(kMaxTopicChars)) {
    return InvalidArgument("topic name is longer than 64 characters");
  }
  std::string term = search::TopicTerm(n);
  if (term.empty()) return InvalidArgument("topic name has no letters or digits");
  return term;
}

double TopicPostHeat(TimeMs age_ms, int64_t likes, int64_t forwards, int64_t comments) {
  double engagement = static_cast<double>(std::max<int64_t>(0, likes + 2 * forwards + comments));
  double hours = static_cast<double>(std::max<TimeMs>(0, age_ms)) / static_cast<double>(kHourMs);
  return (1 + engagement) * std::exp2(-hours / 24);
}

Result<SearchStore*> TopicService::Index() {
  SearchStore* s = ctx_.store->search();
  if (!s) return Unavailable("topics are not available on this store");
  return s;
}

Result<std::vector<search::HotItem>> TopicService::Hot(std::string_view window, int limit,
                                                       bool topics_only) {
  auto w = search::ParseHotWindow(window);
  if (!w) return InvalidArgument("window must be 1h or 24h");
  if (!hot_) return Unavailable("hot search is not running");
  return hot_->Rank(*w, std::clamp(limit, 1, kMaxHotItems), topics_only);
}

Result<std::vector<std::pair<search::HotItem, std::vector<search::DayUse>>>> TopicService::Trending(
    int limit) {
  CW_ASSIGN_OR_RETURN(auto items, Hot("24h", limit, true));
  std::vector<std::pair<search::HotItem, std::vector<search::DayUse>>> out;
  for (auto& it : items) {
    auto history = hot_->History(it.term, 7);
    out.emplace_back(std::move(it), std::move(history));
  }
  return out;
}

Result<TopicPage> TopicService::Get(const Account* viewer, std::string_view name, int hours) {
  CW_ASSIGN_OR_RETURN(std::string term, TopicTermOfName(name));
  if (hours < 1 || hours > kMaxHours) return InvalidArgument("hours must be 1 to 168");
  CW_ASSIGN_OR_RETURN(SearchStore * index, Index());
  TopicPage page;
  auto topic = index->GetTopicByTerm(term);
  if (!topic.ok()) {
    if (topic.error().code() == ErrorCode::kNotFound) return NotFound("topic not found");
    return topic.error();
  }
  page.topic = std::move(topic).value();

  const TimeMs now = ctx_.clock->NowMs();
  TimeMs end = FloorHour(now) + kHourMs;
  if (page.topic.last_at < end - hours * kHourMs) end = FloorHour(page.topic.last_at) + kHourMs;
  const TimeMs start = end - hours * kHourMs;
  TextSearch s = TopicSearch(term, 0, kMaxVolumePosts);  // viewer 0: public posts only
  s.min_id = MinIdAt(start);
  s.max_id = MinIdAt(end);
  CW_ASSIGN_OR_RETURN(std::vector<PostHit> hits, index->SearchPosts(s));

  std::vector<Id> authors;
  for (const auto& h : hits) authors.push_back(h.post.author_id);
  std::sort(authors.begin(), authors.end());
  authors.erase(std::unique(authors.begin(), authors.end()), authors.end());
  CW_ASSIGN_OR_RETURN(std::vector<AccountBrief> briefs,
                      ctx_.store->accounts().GetAccountBriefs(authors));
  std::unordered_set<Id> suspended;
  for (const auto& b : briefs) {
    if (b.state != AccountState::kActive) suspended.insert(b.id);  // limited: unlisted too
  }

  page.volume.resize(static_cast<size_t>(hours));
  std::vector<std::unordered_set<Id>> crowds(static_cast<size_t>(hours));
  std::unordered_map<Id, int64_t> per_author;
  for (size_t i = 0; i < page.volume.size(); ++i)
    page.volume[i].hour = start + static_cast<TimeMs>(i) * kHourMs;
  for (const auto& h : hits) {
    if (suspended.count(h.post.author_id)) continue;
    TimeMs at = h.post.created_at;
    if (at < start || at >= end) continue;
    size_t i = static_cast<size_t>((at - start) / kHourMs);
    ++page.volume[i].posts;
    crowds[i].insert(h.post.author_id);
    ++per_author[h.post.author_id];
  }
  for (size_t i = 0; i < crowds.size(); ++i)
    page.volume[i].accounts = static_cast<int64_t>(crowds[i].size());

  std::unordered_set<Id> hidden;
  if (viewer) {
    CW_ASSIGN_OR_RETURN(hidden, ctx_.store->relations().ListMutedOrBlocked(viewer->id));
  }
  std::vector<std::pair<Id, int64_t>> ranked(per_author.begin(), per_author.end());
  std::erase_if(ranked, [&](const auto& r) { return hidden.count(r.first) > 0; });
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (ranked.size() > static_cast<size_t>(kMaxContributors)) ranked.resize(kMaxContributors);
  std::vector<Id> ids;
  for (const auto& r : ranked) ids.push_back(r.first);
  CW_ASSIGN_OR_RETURN(std::vector<Account> accounts, ctx_.store->accounts().GetAccountsByIds(ids));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : accounts) by_id.emplace(a.id, std::move(a));
  for (const auto& [id, posts] : ranked) {
    auto it = by_id.find(id);
    if (it == by_id.end() || it->second.state != AccountState::kActive) continue;
    page.contributors.push_back({std::move(it->second), posts});
  }

  if (hot_) {
    page.history = hot_->History(term, 7);
    CW_ASSIGN_OR_RETURN(auto ranking, Hot("1h", kMaxHotItems, true));
    for (size_t i = 0; i < ranking.size(); ++i) {
      if (ranking[i].term != term) continue;
      page.hot = ranking[i];
      page.hot_rank = static_cast<int>(i) + 1;
    }
  }
  return page;
}

Result<std::vector<Post>> TopicService::Latest(const Account* viewer, std::string_view name,
                                               const Page& page) {
  CW_ASSIGN_OR_RETURN(std::string term, TopicTermOfName(name));
  CW_ASSIGN_OR_RETURN(SearchStore * index, Index());
  const size_t want = static_cast<size_t>(std::clamp(page.limit, 1, ctx_.limits.page_max));
  std::unordered_set<Id> hidden;
  if (viewer) {
    CW_ASSIGN_OR_RETURN(hidden, ctx_.store->relations().ListMutedOrBlocked(viewer->id));
  }
  ViewerScope scope(ctx_.store, viewer);
  TextSearch s = TopicSearch(term, viewer ? viewer->id : 0, static_cast<int>(want + want / 4 + 5));
  s.max_id = page.max_id;
  Id after = std::max(page.since_id, page.min_id);
  if (after > 0) s.min_id = after + 1;
  std::vector<Post> out;
  size_t scanned = 0;
  for (;;) {
    CW_ASSIGN_OR_RETURN(std::vector<PostHit> hits, index->SearchPosts(s));
    scanned += hits.size();
    std::vector<Id> ids;
    for (const auto& h : hits) {
      if (!hidden.count(h.post.author_id)) ids.push_back(h.post.id);
    }
    CW_ASSIGN_OR_RETURN(std::vector<Post> rows, ctx_.store->posts().GetPostsByIds(ids));
    for (auto& p : rows) {
      if (out.size() >= want) break;
      // Unlisted posts stay out of lists for everyone but their author.
      if (p.visibility == Visibility::kUnlisted && !(viewer && viewer->id == p.author_id)) continue;
      CW_ASSIGN_OR_RETURN(bool visible, scope.CanSee(p));
      if (visible) out.push_back(std::move(p));
    }
    if (out.size() >= want || hits.size() < static_cast<size_t>(s.limit) ||
        scanned >= kMaxScanned) {
      break;
    }
    s.max_id = hits.back().post.id;
  }
  return out;
}

Result<std::vector<Post>> TopicService::Hottest(const Account* viewer, std::string_view name,
                                                int limit, int offset) {
  CW_ASSIGN_OR_RETURN(std::string term, TopicTermOfName(name));
  CW_ASSIGN_OR_RETURN(SearchStore * index, Index());
  limit = std::clamp(limit, 1, ctx_.limits.page_max);
  offset = std::clamp(offset, 0, kHotCandidates);
  std::unordered_set<Id> hidden;
  if (viewer) {
    CW_ASSIGN_OR_RETURN(hidden, ctx_.store->relations().ListMutedOrBlocked(viewer->id));
  }
  CW_ASSIGN_OR_RETURN(
      std::vector<PostHit> hits,
      index->SearchPosts(TopicSearch(term, viewer ? viewer->id : 0, kHotCandidates)));
  const TimeMs now = ctx_.clock->NowMs();
  std::vector<std::pair<double, size_t>> order;
  for (size_t i = 0; i < hits.size(); ++i) {
    const Post& p = hits[i].post;
    order.push_back(
        {TopicPostHeat(now - p.created_at, p.likes_count, p.forwards_count, p.comments_count), i});
  }
  // Best first; ties newest first (hits come newest first).
  std::stable_sort(order.begin(), order.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  ViewerScope scope(ctx_.store, viewer);
  std::vector<Id> ids;
  int skipped = 0;
  for (const auto& [score, i] : order) {
    if (static_cast<int>(ids.size()) >= limit) break;
    const Post& p = hits[i].post;
    if (hidden.count(p.author_id)) continue;
    if (p.visibility == Visibility::kUnlisted && !(viewer && viewer->id == p.author_id)) continue;
    CW_ASSIGN_OR_RETURN(bool visible, scope.CanSee(p));
    if (!visible) continue;
    if (skipped < offset) {
      ++skipped;
      continue;
    }
    ids.push_back(p.id);
  }
  CW_ASSIGN_OR_RETURN(std::vector<Post> posts, ctx_.store->posts().GetPostsByIds(ids));
  std::erase_if(posts, [](const Post& p) { return p.deleted(); });
  return posts;
}

}  // namespace cw
