#include "service/comment_service.h"

#include <algorithm>

#include "common/text/utf8.h"
#include "service/honest_counts.h"
#include "service/spam_guard.h"

namespace cw {
const Account* CommentBundle::AccountOf(Id id) const {
  auto it = accounts.find(id);
  return it == accounts.end() ? nullptr : &it->second;
}

Status CommentService::CheckMayComment(const Account& author, const Post& post) {
  if (author.id == post.author_id) return OkStatus();
  CW_ASSIGN_OR_RETURN(RelationFacts f,
                      ctx_.store->relations().GetRelationFacts(author.id, post.author_id));
  if (f.blocking || f.blocked_by) return PermissionDenied("you cannot comment on this post");
  switch (post.comment_policy) {
    case Audience::kEveryone:
    case Audience::kFollowing: return OkStatus();
    case Audience::kFans:
      if (f.following) return OkStatus();
      return PermissionDenied("only fans of the author may comment on this post");
    case Audience::kFriends:
      if (f.friends()) return OkStatus();
      return PermissionDenied("only friends of the author may comment on this post");
    case Audience::kNobody: return PermissionDenied("comments are closed on this post");
  }
  return PermissionDenied("comments are closed on this post");
}

Result<Comment> CommentService::InsertComment(const Account& author, const Post& post,
                                              const std::string& text, const Comment* reply_to,
                                              const std::vector<text::Entity>& entities,
                                              bool notify_mentions) {
  Comment c;
  c.id = ctx_.ids->Next();
  c.post_id = post.id;
  c.author_id = author.id;
  if (reply_to) {
    c.reply_to_id = reply_to->id;
    c.reply_to_account_id = reply_to->author_id;
  }
  c.text = text;
  c.entities = entities;
  c.created_at = ctx_.clock->NowMs();
  CW_RETURN_IF_ERROR(ctx_.store->comments().PutComment(c));
  CW_RETURN_IF_ERROR(ctx_.store->posts().AddPostCounters(post.id, 0, 1, 0));
  if (!author.credible) CW_RETURN_IF_ERROR(ctx_.store->posts().AddSuspectCounters(post.id, 0, 1, 0));
  Notification n;
  n.from_account_id = author.id;
  n.post_id = post.id;
  n.comment_id = c.id;
  n.created_at = c.created_at;
  if (reply_to) {
    CW_RETURN_IF_ERROR(ctx_.store->comments().AddCommentCounters(reply_to->id, 0, 1));
    n.account_id = reply_to->author_id;
    n.type = NotificationType::kReply;
    CW_RETURN_IF_ERROR(notifications_->Notify(n));
  }
  if (!reply_to || reply_to->author_id != post.author_id) {
    n.account_id = post.author_id;
    n.type = NotificationType::kComment;
    CW_RETURN_IF_ERROR(notifications_->Notify(n));
  }
  if (notify_mentions) CW_RETURN_IF_ERROR(posts_->NotifyMentions(post, entities, author.id, c.id));
  return c;
}

Result<std::pair<Comment, Id>> CommentService::Create(const Account& author, const NewComment& nc) {
  CW_ASSIGN_OR_RETURN(auto entities,
                      posts_->PrepareText(nc.text, ctx_.limits.comment_chars, "text", false));
  Comment out;
  Id forward_id = 0;
  // The checks run inside the write unit, so a block or delete that commits first is honoured.
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(Post post, posts_->Get(&author, nc.post_id));
    std::optional<Comment> reply_to;
    if (nc.reply_to_id) {
      // Get applies the comment rules: a blocked or suspended commenter's words are not there.
      auto r = Get(&author, nc.reply_to_id);
      if (!r.ok() || r->post_id != post.id) {
        return NotFound("the comment you reply to was not found on this post");
      }
      reply_to = std::move(r).value();
    }
    CW_RETURN_IF_ERROR(CheckMayComment(author, post));
    if (nc.also_forward && !Forwardable(post)) {
      return InvalidArgument("this post's audience does not allow forwarding");
    }
    CW_ASSIGN_OR_RETURN(out, InsertComment(author, post, nc.text,
                                           reply_to ? &*reply_to : nullptr, entities));
    if (nc.also_forward) {
      NewForward f;
      f.parent_id = post.id;
      f.comment = nc.text;
      CW_ASSIGN_OR_RETURN(Post fwd, posts_->Forward(author, f));
      forward_id = fwd.id;
    }
    return OkStatus();
  }));
  // With also_forward, the forward's own check scores the same words.
  if (spam_ && !nc.also_forward) spam_->Check(author, nc.text);
  return std::pair{out, forward_id};
}

Status CommentService::Delete(const Account& actor, Id comment_id) {
  auto c = ctx_.store->comments().GetCommentById(comment_id);
  if (!c.ok() || c->deleted()) return NotFound("comment not found");
  auto post = ctx_.store->posts().GetPostById(c->post_id);
  if (!post.ok()) return NotFound("comment not found");
  if (c->author_id != actor.id && post->author_id != actor.id && !IsModerator(actor)) {
    CW_RETURN_IF_ERROR(Get(&actor, comment_id).status());
    return PermissionDenied("you cannot delete this comment");
  }
  return ctx_.store->Write([&]() -> Status {
    CW_RETURN_IF_ERROR(ctx_.store->comments().MarkCommentDeleted(c->id, ctx_.clock->NowMs()));
    CW_RETURN_IF_ERROR(ctx_.store->posts().AddPostCounters(c->post_id, 0, -1, 0));
    CW_ASSIGN_OR_RETURN(bool credible, IsCredible(*ctx_.store, c->author_id));
    if (!credible) CW_RETURN_IF_ERROR(ctx_.store->posts().AddSuspectCounters(c->post_id, 0, -1, 0));
    if (c->reply_to_id) {
      CW_RETURN_IF_ERROR(ctx_.store->comments().AddCommentCounters(c->reply_to_id, 0, -1));
    }
    return OkStatus();
  });
}

Result<Comment> CommentService::Get(const Account* viewer, Id comment_id) {
  auto c = ctx_.store->comments().GetCommentById(comment_id);
  if (!c.ok() || c->deleted()) return NotFound("comment not found");
  auto post = posts_->Get(viewer, c->post_id);
  ViewerScope scope(ctx_.store, viewer);
  CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSeeComment(*c, post.ok()));
  if (!can_see) return NotFound("comment not found");
  return c;
}

Result<std::vector<Comment>> CommentService::GetVisible(const Account* viewer,
                                                        const std::vector<Id>& ids) {
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->comments().GetCommentsByIds(ids));
  std::vector<Id> post_ids;
  for (const auto& c : rows) post_ids.push_back(c.post_id);
  CW_ASSIGN_OR_RETURN(auto posts, posts_->GetVisible(viewer, post_ids));
  std::unordered_set<Id> visible;
  for (const auto& p : posts) visible.insert(p.id);
  std::erase_if(rows, [&](const Comment& c) { return c.deleted() || !visible.count(c.post_id); });
  return FilterHidden(viewer, std::move(rows));
}

Result<std::vector<Comment>> CommentService::FilterHidden(const Account* viewer,
                                                          std::vector<Comment> rows) {
  // The comment rule (suspended or blocked authors), then the viewer's mutes.
  ViewerScope scope(ctx_.store, viewer);
  std::vector<Comment> out;
  std::vector<Id> authors;
  for (auto& c : rows) {
    CW_ASSIGN_OR_RETURN(bool can_see, scope.CanSeeComment(c, true));
    if (!can_see) continue;
    authors.push_back(c.author_id);
    out.push_back(std::move(c));
  }
  if (!viewer) return out;
  CW_ASSIGN_OR_RETURN(auto hidden, ctx_.store->relations().FilterMutedOrBlocked(viewer->id, authors));
  std::erase_if(out, [&](const Comment& c) { return hidden.count(c.author_id) > 0; });
  return out;
}

Result<std::vector<Comment>> CommentService::ListByPost(const Account* viewer, Id post_id,
                                                        const Page& page) {
  CW_RETURN_IF_ERROR(posts_->Get(viewer, post_id).status());
  Page p = page;
  p.limit = std::clamp(p.limit, 1, ctx_.limits.page_max);
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->comments().ListCommentsByPost(post_id, p));
  return FilterHidden(viewer, std::move(rows));
}

Result<std::vector<Comment>> CommentService::ListReplies(const Account* viewer, Id comment_id,
                                                         const Page& page) {
  CW_RETURN_IF_ERROR(Get(viewer, comment_id).status());
  Page p = page;
  p.limit = std::clamp(p.limit, 1, ctx_.limits.page_max);
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->comments().ListRepliesTo(comment_id, p));
  return FilterHidden(viewer, std::move(rows));
}

Result<Comment> CommentService::Like(const Account& viewer, Id comment_id) {
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(Comment c, Get(&viewer, comment_id));
    TimeMs now = ctx_.clock->NowMs();
    Status st = ctx_.store->comments().PutCommentLike(c.id, viewer.id, now);
    if (HasCode(st, ErrorCode::kAlreadyExists)) return OkStatus();
    CW_RETURN_IF_ERROR(st);
    CW_RETURN_IF_ERROR(ctx_.store->comments().AddCommentCounters(c.id, 1, 0));
    Notification n;
    n.account_id = c.author_id;
    n.type = NotificationType::kLike;
    n.from_account_id = viewer.id;
    n.post_id = c.post_id;
    n.comment_id = c.id;
    n.created_at = now;
    return notifications_->Notify(n);
  }));
  return Get(&viewer, comment_id);
}

Result<Comment> CommentService::Unlike(const Account& viewer, Id comment_id) {
  CW_ASSIGN_OR_RETURN(Comment c, Get(&viewer, comment_id));
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    Status st = ctx_.store->comments().DeleteCommentLike(c.id, viewer.id);
    if (HasCode(st, ErrorCode::kNotFound)) return OkStatus();
    CW_RETURN_IF_ERROR(st);
    return ctx_.store->comments().AddCommentCounters(c.id, -1, 0);
  }));
  return Get(&viewer, comment_id);
}

Result<Post> CommentService::Forward(const Account& author, Id comment_id,
                                     const std::string& own_words) {
  CW_ASSIGN_OR_RETURN(Comment c, Get(&author, comment_id));
  NewForward f;
  f.parent_id = c.post_id;
  f.comment = own_words;
  f.source_comment_id = c.id;
  return posts_->Forward(author, f);
}

Result<CommentBundle> CommentService::Hydrate(const Account* viewer, std::vector<Comment> comments) {
  CommentBundle b;
  b.comments = std::move(comments);
  std::vector<Id> account_ids, ids;
  for (const auto& c : b.comments) {
    account_ids.push_back(c.author_id);
    if (c.reply_to_account_id) account_ids.push_back(c.reply_to_account_id);
    ids.push_back(c.id);
  }
  CW_ASSIGN_OR_RETURN(auto accounts, ctx_.store->accounts().GetAccountsByIds(account_ids));
  for (auto& a : accounts) b.accounts.emplace(a.id, std::move(a));
  if (viewer) {
    CW_ASSIGN_OR_RETURN(b.liked, ctx_.store->comments().FilterLikedComments(viewer->id, ids));
  }
  return b;
}

}  // namespace cw
