#include "service/search_service.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <unordered_map>
#include <unordered_set>

#include "common/text/entities.h"
#include "search/query.h"

namespace cw {
namespace {

constexpr int kAccountCandidates = 200;
constexpr int kTopicCandidates = 200;
constexpr double kHalfLifeHours = 72;

double Recency(TimeMs age_ms) {
  double hours = static_cast<double>(std::max<TimeMs>(0, age_ms)) / 3'600'000.0;
  return 0.25 + 0.75 * std::exp2(-hours / kHalfLifeHours);
}

// Indices of `scores` best first (ties: the later index, i.e. the older row, last).
std::vector<size_t> RankOrder(const std::vector<double>& scores) {
  std::vector<size_t> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

}  // namespace

double PostSearchScore(double relevance, TimeMs age_ms, int64_t likes, int64_t forwards,
                       int64_t comments) {
  double engagement = static_cast<double>(std::max<int64_t>(0, likes + 2 * forwards + comments));
  return relevance * Recency(age_ms) * (1 + 0.2 * std::log1p(engagement));
}

struct SearchService::Context {
  Context(Store* store, const Account* v, SearchRequest r, search::ParsedQuery q)
      : viewer(v), scope(store, v), request(std::move(r)), query(std::move(q)) {}
  const Account* viewer;
  ViewerScope scope;
  SearchRequest request;
  search::ParsedQuery query;
  Id author_id = 0;
  bool unknown_author = false;  // from: names nobody: no posts or comments match
  std::unordered_set<Id> hidden;  // accounts the viewer mutes or blocks, or that block the viewer
  TimeMs now = 0;

  TextSearch Text(int limit) const {
    TextSearch s;
    s.terms.must = query.must;
    s.terms.must_not = query.must_not;
    s.author_id = author_id;
    if (query.since) s.min_id = MinIdAt(query.since);
    if (query.until) s.max_id = MinIdAt(query.until);
    s.viewer_id = viewer ? viewer->id : 0;
    s.limit = limit;
    return s;
  }
  TermQuery Names() const {
    TermQuery t;
    t.must = query.must;
    t.must_not = query.must_not;
    t.prefix_last = query.last_is_open;
    return t;
  }
  // Unlisted posts stay out of search for everyone but their author, as out of public lists.
  bool Listed(const Post& p) const {
    return p.visibility != Visibility::kUnlisted || (viewer && viewer->id == p.author_id);
  }
  // The single word typed, lower-cased without '@' / '#', for exact-name boosts.
  std::string Exact() const {
    if (query.must.size() != 1 || query.must[0].size() != 1) return {};
    std::string s = query.must[0][0];
    if (!s.empty() && (s[0] == '@' || s[0] == '#')) s.erase(0, 1);
    return s;
  }
};

Result<SearchResults> SearchService::Search(const Account* viewer, const SearchRequest& r) {
  static const char* kTypes[] = {"", "statuses", "accounts", "hashtags", "comments"};
  if (std::find(std::begin(kTypes), std::end(kTypes), r.type) == std::end(kTypes)) {
    return InvalidArgument("type must be statuses, accounts, hashtags or comments");
  }
  if (!ctx_.store->search()) return Unavailable("search is not available on this store");
  CW_ASSIGN_OR_RETURN(search::ParsedQuery query, search::ParseQuery(r.q));
  Context c(ctx_.store, viewer, r, std::move(query));
  c.request.limit = std::clamp(r.limit, 1, ctx_.limits.page_max);
  c.request.offset = std::clamp(r.offset, 0, kCandidates);
  c.now = ctx_.clock->NowMs();
  if (!c.query.from.empty()) {
    auto author = ctx_.store->accounts().GetAccountByHandle(c.query.from);
    if (author.ok()) {
      c.author_id = author->id;
    } else if (author.error().code() == ErrorCode::kNotFound) {
      c.unknown_author = true;
    } else {
      return author.error();
    }
  }
  if (viewer) {
    CW_ASSIGN_OR_RETURN(c.hidden, ctx_.store->relations().ListMutedOrBlocked(viewer->id));
  }
  SearchResults out;
  auto want = [&](const char* type) { return r.type.empty() || r.type == type; };
  if (want("accounts")) {
    CW_ASSIGN_OR_RETURN(out.accounts, Accounts(c));
  }
  if (want("statuses")) {
    CW_ASSIGN_OR_RETURN(out.statuses, Statuses(c));
  }
  if (want("hashtags")) {
    CW_ASSIGN_OR_RETURN(out.hashtags, Hashtags(c));
  }
  if (r.type == "comments") {  // a Weibo extension: only when asked for
    CW_ASSIGN_OR_RETURN(out.comments, Comments(c));
  }
  return out;
}

Result<std::vector<Post>> SearchService::Statuses(Context& c) {
  if (c.unknown_author || (!c.query.has_terms() && c.author_id == 0)) return std::vector<Post>{};
  CW_ASSIGN_OR_RETURN(std::vector<PostHit> hits, ctx_.store->search()->SearchPosts(c.Text(kCandidates)));
  std::vector<double> scores;
  scores.reserve(hits.size());
  for (const auto& h : hits) {
    const Post& p = h.post;
    scores.push_back(c.request.latest
                         ? static_cast<double>(p.id)
                         : PostSearchScore(h.relevance > 0 ? h.relevance : 1.0, c.now - p.created_at,
                                           p.likes_count, p.forwards_count, p.comments_count));
  }
  std::vector<Id> ids;
  int skipped = 0;
  for (size_t i : RankOrder(scores)) {
    if (static_cast<int>(ids.size()) >= c.request.limit) break;
    const Post& p = hits[i].post;
    if (c.hidden.count(p.author_id) || !c.Listed(p)) continue;
    CW_ASSIGN_OR_RETURN(bool listed, c.scope.IsListedAuthor(p.author_id));
    CW_ASSIGN_OR_RETURN(bool visible, c.scope.CanSee(p));
    if (!visible || !listed) continue;
    if (skipped < c.request.offset) {
      ++skipped;
      continue;
    }
    ids.push_back(p.id);
  }
  CW_ASSIGN_OR_RETURN(std::vector<Post> posts, ctx_.store->posts().GetPostsByIds(ids));
  std::erase_if(posts, [](const Post& p) { return p.deleted(); });
  return posts;
}

Result<std::vector<Comment>> SearchService::Comments(Context& c) {
  if (c.unknown_author || !c.query.has_terms()) return std::vector<Comment>{};
  CW_ASSIGN_OR_RETURN(std::vector<CommentHit> hits,
                      ctx_.store->search()->SearchComments(c.Text(kCandidates / 2)));
  std::vector<double> scores;
  for (const auto& h : hits) {
    const Comment& m = h.comment;
    scores.push_back(c.request.latest ? static_cast<double>(m.id)
                                      : PostSearchScore(h.relevance, c.now - m.created_at,
                                                        m.likes_count, 0, m.replies_count));
  }
  std::vector<Id> post_ids;
  for (const auto& h : hits) post_ids.push_back(h.comment.post_id);
  std::sort(post_ids.begin(), post_ids.end());
  post_ids.erase(std::unique(post_ids.begin(), post_ids.end()), post_ids.end());
  CW_ASSIGN_OR_RETURN(std::vector<Post> posts, ctx_.store->posts().GetPostsByIds(post_ids));
  std::unordered_map<Id, Post> post_by_id;
  for (auto& p : posts) post_by_id.emplace(p.id, std::move(p));
  std::vector<Id> ids;
  int skipped = 0;
  for (size_t i : RankOrder(scores)) {
    if (static_cast<int>(ids.size()) >= c.request.limit) break;
    const Comment& m = hits[i].comment;
    auto post = post_by_id.find(m.post_id);
    if (post == post_by_id.end() || c.hidden.count(m.author_id) ||
        c.hidden.count(post->second.author_id) || !c.Listed(post->second)) {
      continue;
    }
    CW_ASSIGN_OR_RETURN(bool post_visible, c.scope.CanSee(post->second));
    CW_ASSIGN_OR_RETURN(bool visible, c.scope.CanSeeComment(m, post_visible));
    CW_ASSIGN_OR_RETURN(bool listed, c.scope.IsListedAuthor(m.author_id));
    if (!visible || !listed) continue;
    if (skipped < c.request.offset) {
      ++skipped;
      continue;
    }
    ids.push_back(m.id);
  }
  CW_ASSIGN_OR_RETURN(std::vector<Comment> rows, ctx_.store->comments().GetCommentsByIds(ids));
  std::unordered_map<Id, Comment> by_id;
  for (auto& m : rows) by_id.emplace(m.id, std::move(m));
  std::vector<Comment> out;
  for (Id id : ids) {
    auto it = by_id.find(id);
    if (it != by_id.end() && !it->second.deleted()) out.push_back(std::move(it->second));
  }
  return out;
}

Result<std::vector<Account>> SearchService::Accounts(Context& c) {
  if (!c.query.has_terms()) return std::vector<Account>{};
  CW_ASSIGN_OR_RETURN(std::vector<AccountHit> hits,
                      ctx_.store->search()->SearchAccounts(c.Names(), kAccountCandidates));
  std::vector<Id> ids;
  for (const auto& h : hits) ids.push_back(h.id);
  CW_ASSIGN_OR_RETURN(std::vector<Account> rows, ctx_.store->accounts().GetAccountsByIds(ids));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : rows) by_id.emplace(a.id, std::move(a));
  std::string exact = c.Exact();
  std::vector<const Account*> found;
  std::vector<double> scores;
  for (const auto& h : hits) {
    auto it = by_id.find(h.id);
    if (it == by_id.end()) continue;
    const Account& a = it->second;
    double score = h.relevance * (1 + 0.1 * std::log1p(static_cast<double>(std::max<int64_t>(0, a.fans_count))));
    if (!exact.empty() && text::AsciiLower(a.handle) == exact) score += 1e9;
    found.push_back(&a);
    scores.push_back(score);
  }
  std::vector<Account> out;
  int skipped = 0;
  for (size_t i : RankOrder(scores)) {
    if (static_cast<int>(out.size()) >= c.request.limit) break;
    const Account& a = *found[i];
    if (c.hidden.count(a.id)) continue;
    CW_ASSIGN_OR_RETURN(bool visible, c.scope.CanSeeAuthor(a.id));
    CW_ASSIGN_OR_RETURN(bool listed, c.scope.IsListedAuthor(a.id));
    if (!visible || !listed) continue;
    if (skipped < c.request.offset) {
      ++skipped;
      continue;
    }
    out.push_back(a);
  }
  return out;
}

Result<std::vector<TopicHit>> SearchService::Hashtags(Context& c) {
  if (!c.query.has_terms()) return std::vector<TopicHit>{};
  CW_ASSIGN_OR_RETURN(std::vector<TopicHit> hits,
                      ctx_.store->search()->SearchTopics(c.Names(), kTopicCandidates));
  std::string exact = c.Exact();
  std::vector<double> scores;
  for (const auto& h : hits) {
    double score = h.relevance * std::log(std::numbers::e + static_cast<double>(h.posts_count));
    if (!exact.empty() && h.term == "#" + exact) score += 1e9;
    scores.push_back(score);
  }
  std::vector<TopicHit> out;
  int skipped = 0;
  for (size_t i : RankOrder(scores)) {
    if (static_cast<int>(out.size()) >= c.request.limit) break;
    if (skipped < c.request.offset) {
      ++skipped;
      continue;
    }
    out.push_back(hits[i]);
  }
  return out;
}

}  // namespace cw
