#include "service/post_service.h"

#include <algorithm>

#include "common/text/utf8.h"
#include "service/account_service.h"
#include "service/honest_counts.h"
#include "service/mentions.h"
#include "service/spam_guard.h"
#include "service/comment_service.h"

namespace cw {
bool Forwardable(const Post& post) {
  return post.visibility == Visibility::kPublic || post.visibility == Visibility::kUnlisted ||
         post.visibility == Visibility::kFans;
}

const Post* PostBundle::Related(Id id) const {
  auto it = related.find(id);
  return it == related.end() ? nullptr : it->second.get();
}

const Account* PostBundle::AccountOf(Id id) const {
  auto it = accounts.find(id);
  return it == accounts.end() ? nullptr : it->second.get();
}

Result<std::vector<text::Entity>> PostService::PrepareText(const std::string& text,
                                                           size_t max_chars, const char* what,
                                                           bool allow_empty) {
  CW_RETURN_IF_ERROR(CheckText(text, max_chars, what, true));
  if (!allow_empty && text::TrimAscii(text).empty()) {
    return InvalidArgument(std::string(what) + " must not be empty");
  }
  std::vector<text::Entity> entities = text::ExtractEntities(text);
  CW_RETURN_IF_ERROR(ResolveMentions(*ctx_.store, &entities));
  return entities;
}

Status PostService::NotifyMentions(const Post& post, const std::vector<text::Entity>& entities,
                                   Id from_account, Id comment_id) {
  std::unordered_set<Id> done;
  for (const auto& e : entities) {
    if (e.kind != text::Entity::Kind::kMention || e.ref == 0 || !done.insert(e.ref).second) {
      continue;
    }
    // Only those who can read the post hear of it.
    auto mentioned = ctx_.store->accounts().GetAccountById(e.ref);
    if (!mentioned.ok()) continue;
    ViewerScope scope(ctx_.store, &mentioned.value());
    CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSee(post));
    if (!can_see) continue;
    Notification n;
    n.account_id = e.ref;
    n.type = NotificationType::kMention;
    n.from_account_id = from_account;
    n.post_id = post.id;
    n.comment_id = comment_id;
    CW_RETURN_IF_ERROR(notifications_->Notify(n));
  }
  return OkStatus();
}

Result<Post> PostService::Create(const Account& author, const NewPost& np) {
  size_t max = np.is_long ? ctx_.limits.long_post_chars : ctx_.limits.post_chars;
  auto vis = ParseVisibility(np.visibility);
  if (!vis) {
    return InvalidArgument(
        "visibility must be public, unlisted, fans, friends, group, only_me or direct");
  }
  Post p;
  if (*vis == Visibility::kGroup) {
    auto g = ctx_.store->relations().GetGroupById(np.group_id);
    if (!g.ok() || g->owner_id != author.id) {
      return InvalidArgument("group visibility needs group_id of one of your groups");
    }
    p.group_id = np.group_id;
  }
  Audience policy = author.comment_policy;
  if (np.comment_policy) {
    auto a = ParseAudience(*np.comment_policy);
    if (!a || *a == Audience::kFollowing) {
      return InvalidArgument("comment_policy must be everyone, fans, friends or nobody");
    }
    policy = *a;
  }
  auto entities = PrepareText(np.text, max, "status", false);
  if (!entities.ok()) {
    if (entities.error().code() == ErrorCode::kInvalidArgument && !np.is_long &&
        text::IsValidUtf8(np.text) && text::CountCodePoints(np.text) > max &&
        text::CountCodePoints(np.text) <= ctx_.limits.long_post_chars) {
      return InvalidArgument("status is longer than " + std::to_string(max) +
                             " characters; set long=true for a long post (up to " +
                             std::to_string(ctx_.limits.long_post_chars) + ")");
    }
    return entities.error();
  }
  p.author_id = author.id;
  p.text = np.text;
  p.visibility = *vis;
  p.is_long = np.is_long && text::CountCodePoints(np.text) > ctx_.limits.post_chars;
  p.comment_policy = policy;
  p.entities = std::move(entities).value();
  std::vector<Id> mentioned;
  for (const auto& e : p.entities) {
    if (e.ref) mentioned.push_back(e.ref);
  }
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    // The id is taken inside the write unit, so ids commit in order and a reader polling with
    // since_id never skips a post that commits late.
    p.id = ctx_.ids->Next();
    p.created_at = IdTimeMs(p.id);
    CW_RETURN_IF_ERROR(ctx_.store->posts().PutPost(p, mentioned));
    CW_RETURN_IF_ERROR(ctx_.store->accounts().AddAccountCounters(author.id, 0, 0, 1));
    return NotifyMentions(p, p.entities, author.id, 0);
  }));
  if (timeline_) CW_RETURN_IF_ERROR(timeline_->OnPostCreated(p));
  if (spam_) spam_->Check(author, p.text);
  return p;
}

Result<Post> PostService::InsertForward(const Account& author, const NewForward& f,
                                        const Post& parent, const Post& root,
                                        Visibility visibility,
                                        const std::vector<text::Entity>& entities) {
  Post p;
  p.id = ctx_.ids->Next();
  p.created_at = IdTimeMs(p.id);
  p.author_id = author.id;
  p.text = f.comment;
  p.visibility = visibility;
  p.comment_policy = author.comment_policy;
  p.root_id = root.id;
  p.parent_id = parent.id;
  p.source_comment_id = f.source_comment_id;
  if (parent.is_forward()) {
    p.chain = parent.chain;
    p.chain.push_back(parent.id);
    if (static_cast<int>(p.chain.size()) > ctx_.limits.max_chain_hops) {
      p.chain.erase(p.chain.begin(),
                    p.chain.end() - static_cast<ptrdiff_t>(ctx_.limits.max_chain_hops));
    }
  }
  p.entities = entities;
  std::vector<Id> mentioned;
  for (const auto& e : p.entities) {
    if (e.ref) mentioned.push_back(e.ref);
  }
  CW_RETURN_IF_ERROR(ctx_.store->posts().PutPost(p, mentioned));
  CW_RETURN_IF_ERROR(ctx_.store->accounts().AddAccountCounters(author.id, 0, 0, 1));
  CW_RETURN_IF_ERROR(CountForward(*ctx_.store, p, author.credible, +1));
  Notification n;
  n.type = NotificationType::kForward;
  n.from_account_id = author.id;
  n.post_id = p.id;
  std::unordered_set<Id> told;
  auto tell = [&](Id who, Id comment_id) -> Status {
    if (!told.insert(who).second) return OkStatus();
    n.account_id = who;
    n.comment_id = comment_id;
    return NotifyIfVisible(n, p);
  };
  CW_RETURN_IF_ERROR(tell(parent.author_id, 0));
  CW_RETURN_IF_ERROR(tell(root.author_id, 0));
  if (f.source_comment_id) {
    auto c = ctx_.store->comments().GetCommentById(f.source_comment_id);
    if (c.ok()) CW_RETURN_IF_ERROR(tell(c->author_id, c->id));
  }
  CW_RETURN_IF_ERROR(NotifyMentions(p, p.entities, author.id, 0));
  return p;
}

Status PostService::NotifyIfVisible(Notification n, const Post& post) {
  auto recipient = ctx_.store->accounts().GetAccountById(n.account_id);
  if (!recipient.ok()) return OkStatus();
  ViewerScope scope(ctx_.store, &recipient.value());
  CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSee(post));
  if (!can_see) return OkStatus();
  return notifications_->Notify(n);
}

Result<Post> PostService::Forward(const Account& author, const NewForward& f) {
  auto vis = ParseVisibility(f.visibility);
  if (!vis || *vis == Visibility::kGroup || *vis == Visibility::kDirect) {
    return InvalidArgument("a forward's visibility must be public, unlisted, fans, friends or only_me");
  }
  CW_ASSIGN_OR_RETURN(auto entities,
                      PrepareText(f.comment, ctx_.limits.post_chars, "status", true));
  Post out;
  // Every check runs inside the write unit, which sees the serialised state: a block or delete
  // that commits first is honoured.
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(Post parent, Get(&author, f.parent_id));
    Post root = parent;
    if (parent.is_forward()) {
      auto r = Get(&author, parent.root_id);
      if (!r.ok()) {
        if (r.error().code() == ErrorCode::kNotFound) {
          return NotFound("the original post has been deleted");
        }
        return r.error();
      }
      root = std::move(r).value();
    }
    if (!Forwardable(parent) || !Forwardable(root)) {
      return InvalidArgument("this post's audience does not allow forwarding");
    }
    if (f.source_comment_id) {
      auto c = comments_->Get(&author, f.source_comment_id);
      if (!c.ok() || c->post_id != parent.id) return NotFound("comment not found");
    }
    CW_ASSIGN_OR_RETURN(out, InsertForward(author, f, parent, root, *vis, entities));
    if (f.also_comment && !text::TrimAscii(f.comment).empty()) {
      CW_RETURN_IF_ERROR(comments_->CheckMayComment(author, parent));
      CW_RETURN_IF_ERROR(comments_
                             ->InsertComment(author, parent, f.comment, nullptr, entities,
                                             /*notify_mentions=*/false)
                             .status());
    }
    return OkStatus();
  }));
  if (timeline_) CW_RETURN_IF_ERROR(timeline_->OnPostCreated(out));
  if (spam_ && !f.comment.empty()) spam_->Check(author, f.comment);
  return out;
}

Result<Post> PostService::Delete(const Account& actor, Id post_id) {
  auto p = ctx_.store->posts().GetPostById(post_id);
  if (!p.ok() || p->deleted()) return NotFound("post not found");
  if (p->author_id != actor.id) {
    if (!IsModerator(actor)) {
      // Hidden posts stay hidden; visible ones are simply not yours.
      ViewerScope scope(ctx_.store, &actor);
      CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSee(*p));
      if (!can_see) return NotFound("post not found");
      return PermissionDenied("you can only delete your own posts");
    }
  }
  p->deleted_at = ctx_.clock->NowMs();
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_RETURN_IF_ERROR(ctx_.store->posts().MarkPostDeleted(p->id, p->deleted_at));
    CW_RETURN_IF_ERROR(ctx_.store->accounts().AddAccountCounters(p->author_id, 0, 0, -1));
    if (p->is_forward()) {
      CW_ASSIGN_OR_RETURN(bool credible, IsCredible(*ctx_.store, p->author_id));
      CW_RETURN_IF_ERROR(CountForward(*ctx_.store, *p, credible, -1));
    }
    return OkStatus();
  }));
  if (timeline_) timeline_->OnPostDeleted(*p);
  return p;
}

Result<Post> PostService::Get(const Account* viewer, Id post_id) {
  auto p = ctx_.store->posts().GetPostById(post_id);
  if (!p.ok()) return p.error();
  ViewerScope scope(ctx_.store, viewer);
  CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSee(*p));
  if (!can_see) return NotFound("post not found");
  return p;
}

Result<std::vector<Post>> PostService::GetVisible(const Account* viewer,
                                                  const std::vector<Id>& ids) {
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->posts().GetPostsByIds(ids));
  ViewerScope scope(ctx_.store, viewer);
  std::vector<Post> out;
  for (auto& p : rows) {
    CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSee(p));
    if (can_see) out.push_back(std::move(p));
  }
  return out;
}

// Fetch in batches larger than the page (some rows will be hidden), and keep going until the
// page is full or the source runs out — bounded, so a long run of hidden rows cannot make one
// request scan forever. An empty page then really means the end.
size_t PostService::BatchSize(const Page& page, bool mostly_visible) const {
  const size_t want = static_cast<size_t>(std::clamp(page.limit, 1, ctx_.limits.page_max));
  return mostly_visible ? want + 2 : want + want / 4 + 5;
}

Result<std::vector<Post>> PostService::CollectVisible(
    ViewerScope& scope, Page page,
    const std::function<Result<std::vector<Post>>(const Page&)>& fetch,
    const std::function<bool(const Post&)>& keep, bool mostly_visible) {
  const size_t want = static_cast<size_t>(std::clamp(page.limit, 1, ctx_.limits.page_max));
  const size_t batch = BatchSize(page, mostly_visible);
  constexpr size_t kMaxScanned = 5000;
  page.limit = static_cast<int>(batch);
  std::vector<Post> out;
  size_t scanned = 0;
  for (;;) {
    CW_ASSIGN_OR_RETURN(auto rows, fetch(page));
    scanned += rows.size();
    std::vector<Post> visible;
    for (auto& p : rows) {
      if (keep && !keep(p)) continue;
      CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSee(p));
      if (can_see) visible.push_back(std::move(p));
    }
    if (page.min_id > 0) {
      // Rows right after min_id, newest first: keep the oldest `want` of them.
      if (visible.size() > want) visible.erase(visible.begin(), visible.end() - static_cast<ptrdiff_t>(want));
      return visible;
    }
    for (auto& p : visible) {
      if (out.size() < want) out.push_back(std::move(p));
    }
    if (out.size() >= want || rows.size() < batch || scanned >= kMaxScanned) break;
    page.max_id = rows.back().id;
  }
  return out;
}

Result<std::vector<Post>> PostService::UserTimeline(const Account* viewer, Id author_id,
                                                    const Page& page, bool include_forwards) {
  auto author = ctx_.store->accounts().GetAccountById(author_id);
  if (!author.ok()) return author.error();
  if (author->state == AccountState::kSuspended && !(viewer && IsModerator(*viewer))) {
    return NotFound("account not found");
  }
  ViewerScope scope(ctx_.store, viewer);
  return CollectVisible(scope, page, [&](const Page& p) {
    return ctx_.store->posts().ListPostsByAuthor(author_id, p, include_forwards);
  });
}

Result<std::optional<std::vector<Id>>> PostService::HomeFirstCandidates(const Account& viewer,
                                                                       const Page& page) {
  if (!timeline_) return std::optional<std::vector<Id>>();
  Page first = page;
  first.limit = static_cast<int>(BatchSize(page, /*mostly_visible=*/true));
  CW_ASSIGN_OR_RETURN(auto ids, timeline_->HomeCandidates(viewer, first, static_cast<size_t>(first.limit)));
  return std::optional<std::vector<Id>>(std::move(ids));
}

Result<std::optional<TimelineEngine::SourcesStamp>> PostService::HomeSourcesStamp(
    const Account& viewer) {
  if (!timeline_) return std::optional<TimelineEngine::SourcesStamp>();
  return timeline_->Stamp(viewer);
}

Result<std::vector<Post>> PostService::HomeTimeline(
    const Account& viewer, const Page& page, HomeSources* sources,
    std::optional<std::vector<Id>> first_candidates) {
  if (timeline_) {
    ViewerScope scope(ctx_.store, &viewer);
    return CollectVisible(scope, page, [&](const Page& p) -> Result<std::vector<Post>> {
      std::vector<Id> ids;
      if (first_candidates) {  // the first batch (the same page and limit), merged already
        ids = std::move(*first_candidates);
        first_candidates.reset();
      } else {
        CW_ASSIGN_OR_RETURN(ids,
                            timeline_->HomeCandidates(viewer, p, static_cast<size_t>(p.limit)));
      }
      CW_ASSIGN_OR_RETURN(auto posts, ctx_.store->posts().GetPostsByIds(ids));
      if (sources) {
        sources->batches.push_back(std::move(ids));
        for (const auto& post : posts) sources->authors.push_back(post.author_id);
      }
      return posts;
    }, nullptr, /*mostly_visible=*/true);
  }
  CW_ASSIGN_OR_RETURN(auto authors, ctx_.store->relations().ListFolloweeIds(viewer.id));
  CW_ASSIGN_OR_RETURN(auto hidden, ctx_.store->relations().FilterMutedOrBlocked(viewer.id, authors));
  std::erase_if(authors, [&](Id id) { return hidden.count(id) > 0; });
  authors.push_back(viewer.id);
  ViewerScope scope(ctx_.store, &viewer);
  return CollectVisible(scope, page, [&](const Page& p) {
    return ctx_.store->posts().ListPostsByAuthors(authors, p);
  });
}

Result<std::vector<Post>> PostService::GroupTimeline(const Account& viewer, Id group_id,
                                                     const Page& page) {
  auto g = ctx_.store->relations().GetGroupById(group_id);
  if (!g.ok() || g->owner_id != viewer.id) return NotFound("group not found");
  CW_ASSIGN_OR_RETURN(auto authors, ctx_.store->relations().ListGroupMemberIds(group_id));
  if (authors.empty()) return std::vector<Post>{};
  ViewerScope scope(ctx_.store, &viewer);
  return CollectVisible(scope, page, [&](const Page& p) {
    return ctx_.store->posts().ListPostsByAuthors(authors, p);
  });
}

Result<std::vector<Post>> PostService::PublicTimeline(const Account* viewer, const Page& page) {
  ViewerScope scope(ctx_.store, viewer);
  std::unordered_set<Id> hidden;  // authors the viewer mutes or blocks, among those seen so far
  auto fetch = [&](const Page& p) -> Result<std::vector<Post>> {
    CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->posts().ListPublicPosts(p));
    if (viewer) {
      std::vector<Id> authors;
      for (const auto& r : rows) authors.push_back(r.author_id);
      CW_ASSIGN_OR_RETURN(auto more, ctx_.store->relations().FilterMutedOrBlocked(viewer->id, authors));
      hidden.insert(more.begin(), more.end());
    }
    return rows;
  };
  return CollectVisible(scope, page, fetch,
                        [&](const Post& p) { return hidden.count(p.author_id) == 0; });
}

Result<std::vector<Post>> PostService::Forwards(const Account* viewer, Id post_id,
                                                const Page& page) {
  CW_RETURN_IF_ERROR(Get(viewer, post_id).status());
  ViewerScope scope(ctx_.store, viewer);
  return CollectVisible(scope, page,
                        [&](const Page& p) { return ctx_.store->posts().ListForwardsOf(post_id, p); });
}

Result<Post> PostService::Like(const Account& viewer, Id post_id) {
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(Post p, Get(&viewer, post_id));
    TimeMs now = ctx_.clock->NowMs();
    Status st = ctx_.store->posts().PutPostLike(ctx_.ids->Next(), p.id, viewer.id, now);
    if (HasCode(st, ErrorCode::kAlreadyExists)) return OkStatus();
    CW_RETURN_IF_ERROR(st);
    CW_RETURN_IF_ERROR(ctx_.store->posts().AddPostCounters(p.id, 0, 0, 1));
    if (!viewer.credible) CW_RETURN_IF_ERROR(ctx_.store->posts().AddSuspectCounters(p.id, 0, 0, 1));
    Notification n;
    n.account_id = p.author_id;
    n.type = NotificationType::kLike;
    n.from_account_id = viewer.id;
    n.post_id = p.id;
    n.created_at = now;
    return notifications_->Notify(n);
  }));
  return Get(&viewer, post_id);
}

Result<Post> PostService::Unlike(const Account& viewer, Id post_id) {
  CW_ASSIGN_OR_RETURN(Post p, Get(&viewer, post_id));
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    Status st = ctx_.store->posts().DeletePostLike(p.id, viewer.id);
    if (HasCode(st, ErrorCode::kNotFound)) return OkStatus();
    CW_RETURN_IF_ERROR(st);
    if (!viewer.credible) CW_RETURN_IF_ERROR(ctx_.store->posts().AddSuspectCounters(p.id, 0, 0, -1));
    return ctx_.store->posts().AddPostCounters(p.id, 0, 0, -1);
  }));
  return Get(&viewer, post_id);
}

Result<std::vector<std::pair<Id, Account>>> PostService::Likers(const Account* viewer, Id post_id,
                                                                const Page& page) {
  CW_RETURN_IF_ERROR(Get(viewer, post_id).status());
  Page p = page;
  p.limit = std::clamp(p.limit, 1, ctx_.limits.page_max);
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->posts().ListPostLikers(post_id, p));
  std::vector<Id> ids;
  for (const auto& [like_id, account_id] : rows) ids.push_back(account_id);
  CW_ASSIGN_OR_RETURN(auto accounts, ctx_.store->accounts().GetAccountsByIds(ids));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : accounts) by_id.emplace(a.id, std::move(a));
  std::vector<std::pair<Id, Account>> out;
  for (const auto& [like_id, account_id] : rows) {
    auto it = by_id.find(account_id);
    if (it != by_id.end() && it->second.state != AccountState::kSuspended) {
      out.emplace_back(like_id, it->second);
    }
  }
  return out;
}

Result<PostBundle> PostService::Hydrate(const Account* viewer, std::vector<Post> posts,
                                        bool fresh) {
  PostBundle b;
  b.posts = std::move(posts);
  std::vector<Id> related_ids, comment_ids;
  for (const auto& p : b.posts) {
    if (!p.is_forward()) continue;
    related_ids.push_back(p.root_id);
    related_ids.insert(related_ids.end(), p.chain.begin(), p.chain.end());
    if (p.source_comment_id) comment_ids.push_back(p.source_comment_id);
  }
  std::sort(related_ids.begin(), related_ids.end());
  related_ids.erase(std::unique(related_ids.begin(), related_ids.end()), related_ids.end());
  CW_ASSIGN_OR_RETURN(auto related, ctx_.store->posts().GetSharedPosts(related_ids));
  ViewerScope scope(ctx_.store, viewer);
  for (auto& r : related) {
    CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSee(*r));
    if (can_see) b.visible.insert(r->id);
    // A hop that was itself a forward of a comment carries that comment too.
    if (r->source_comment_id) comment_ids.push_back(r->source_comment_id);
    b.related.emplace(r->id, std::move(r));
  }
  CW_ASSIGN_OR_RETURN(auto comments, ctx_.store->comments().GetCommentsByIds(comment_ids));
  std::unordered_set<Id> page_ids;
  for (const auto& p : b.posts) page_ids.insert(p.id);
  for (auto& c : comments) {
    // The comment's post is a forward's parent: a page post, a related post, or neither.
    bool post_visible = b.visible.count(c.post_id) > 0 || page_ids.count(c.post_id) > 0;
    CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSeeComment(c, post_visible));
    if (can_see) b.visible_comments.insert(c.id);
    b.comments.emplace(c.id, std::move(c));
  }

  std::vector<Id> account_ids, flag_ids;
  for (const auto& p : b.posts) {
    account_ids.push_back(p.author_id);
    if (!fresh) flag_ids.push_back(p.id);
  }
  for (const auto& [id, p] : b.related) {
    account_ids.push_back(p->author_id);
    flag_ids.push_back(id);
  }
  for (const auto& [id, c] : b.comments) account_ids.push_back(c.author_id);
  std::sort(account_ids.begin(), account_ids.end());
  account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
  CW_ASSIGN_OR_RETURN(auto accounts, ctx_.store->accounts().GetSharedAccounts(account_ids));
  for (auto& a : accounts) b.accounts.emplace(a->id, std::move(a));
  if (viewer && !flag_ids.empty()) {
    CW_ASSIGN_OR_RETURN(b.liked, ctx_.store->posts().FilterLikedPosts(viewer->id, flag_ids));
    CW_ASSIGN_OR_RETURN(b.forwarded, ctx_.store->posts().FilterForwardedPosts(viewer->id, flag_ids));
  }
  return b;
}

std::vector<ChainHop> PostService::Chain(const Post& forward, const PostBundle& b) const {
  std::vector<ChainHop> hops;
  if (!forward.is_forward()) return hops;
  // A comment hop: "//@commenter: comment", shown only when the viewer may see the comment.
  auto comment_hop = [&](Id comment_id) {
    ChainHop h;
    h.comment_id = comment_id;
    auto it = b.comments.find(comment_id);
    if (it != b.comments.end() && b.visible_comments.count(comment_id)) {
      h.account_id = it->second.author_id;
      h.comment = it->second.text;
    } else {
      h.available = false;
      h.deleted = it != b.comments.end() && it->second.deleted();
    }
    hops.push_back(std::move(h));
  };
  if (forward.source_comment_id) comment_hop(forward.source_comment_id);
  for (auto it = forward.chain.rbegin(); it != forward.chain.rend(); ++it) {
    ChainHop h;
    h.post_id = *it;
    const Post* p = b.Related(*it);
    if (p && b.visible.count(*it)) {
      h.account_id = p->author_id;
      h.comment = p->text;
    } else {
      h.available = false;
      h.deleted = p && p->deleted();
    }
    hops.push_back(std::move(h));
    if (p && p->source_comment_id) comment_hop(p->source_comment_id);
  }
  return hops;
}

std::string PostService::DisplayText(const Post& post, const std::vector<ChainHop>& chain,
                                     const PostBundle& b) const {
  std::string out = post.text;
  size_t used = text::CountCodePoints(out);
  for (const auto& hop : chain) {
    if (!hop.available) continue;
    const Account* a = b.AccountOf(hop.account_id);
    if (!a) continue;
    std::string part = " //@" + a->handle + ": " + hop.comment;
    size_t n = text::CountCodePoints(part);
    if (used + n > ctx_.limits.long_post_chars) break;  // older hops are dropped first
    out += part;
    used += n;
  }
  if (!out.empty() && out[0] == ' ') out.erase(0, 1);
  return out;
}

}  // namespace cw
