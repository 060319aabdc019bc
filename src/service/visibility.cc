#include "service/visibility.h"

namespace cw {

bool PostVisible(const Post& post, const VisibilityFacts& f) {
  if (post.deleted()) return false;
  if (f.is_author) return true;
  if (f.author_suspended || f.blocked_either) return false;
  switch (post.visibility) {
    case Visibility::kPublic:
    case Visibility::kUnlisted: return true;
    case Visibility::kFans: return f.fan;
    case Visibility::kFriends: return f.fan && f.followed_by;
    case Visibility::kGroup: return f.in_group;
    case Visibility::kDirect: return f.mentioned;
    case Visibility::kOnlyMe: return false;
  }
  return false;
}

bool CommentVisible(const Comment& comment, bool post_visible, const VisibilityFacts& f) {
  if (comment.deleted() || !post_visible) return false;
  if (f.is_author) return true;
  return !f.author_suspended && !f.blocked_either;
}

Result<bool> ViewerScope::CanSeeAuthor(Id account_id) {
  if (viewer_ && viewer_->id == account_id) return true;
  auto state = AuthorState(account_id);
  if (!state.ok()) {
    if (state.error().code() == ErrorCode::kNotFound) return false;
    return state.error();
  }
  if (*state == AccountState::kSuspended) return false;
  CW_ASSIGN_OR_RETURN(RelationFacts r, Facts(account_id));
  return !r.blocking && !r.blocked_by;
}

Result<bool> ViewerScope::IsListedAuthor(Id account_id) {
  if (viewer_ && (viewer_->id == account_id || IsModerator(*viewer_))) return true;
  auto state = AuthorState(account_id);
  if (!state.ok()) {
    if (state.error().code() == ErrorCode::kNotFound) return false;
    return state.error();
  }
  return *state == AccountState::kActive;
}

Result<bool> ViewerScope::CanSeeComment(const Comment& comment, bool post_visible) {
  VisibilityFacts f;
  f.is_author = viewer_ && viewer_->id == comment.author_id;
  if (!f.is_author) {
    CW_ASSIGN_OR_RETURN(bool author_ok, CanSeeAuthor(comment.author_id));
    f.blocked_either = !author_ok;  // suspended or blocked: either way hidden
  }
  return CommentVisible(comment, post_visible, f);
}

Result<RelationFacts> ViewerScope::Facts(Id account_id) {
  if (!viewer_ || account_id == viewer_->id) return RelationFacts{};
  auto it = facts_.find(account_id);
  if (it != facts_.end()) return it->second;
  CW_ASSIGN_OR_RETURN(RelationFacts f, store_->relations().GetRelationFacts(viewer_->id, account_id));
  facts_.emplace(account_id, f);
  return f;
}

Result<AccountState> ViewerScope::AuthorState(Id account_id) {
  auto it = authors_.find(account_id);
  if (it != authors_.end()) return it->second;
  CW_ASSIGN_OR_RETURN(auto briefs, store_->accounts().GetAccountBriefs({account_id}));
  if (briefs.empty()) return NotFound("account not found");
  authors_.emplace(account_id, briefs[0].state);
  return briefs[0].state;
}

Result<bool> ViewerScope::CanSee(const Post& post) {
  if (post.deleted()) return false;
  VisibilityFacts f;
  f.is_author = viewer_ && viewer_->id == post.author_id;
  if (f.is_author) return PostVisible(post, f);
  CW_ASSIGN_OR_RETURN(AccountState author_state, AuthorState(post.author_id));
  f.author_suspended = author_state == AccountState::kSuspended;
  if (viewer_) {
    CW_ASSIGN_OR_RETURN(RelationFacts r, Facts(post.author_id));
    f.blocked_either = r.blocking || r.blocked_by;
    f.fan = r.following;
    f.followed_by = r.followed_by;
    if (post.visibility == Visibility::kGroup) {
      auto it = groups_.find(post.group_id);
      if (it == groups_.end()) {
        CW_ASSIGN_OR_RETURN(bool member,
                            store_->relations().IsGroupMember(post.group_id, viewer_->id));
        it = groups_.emplace(post.group_id, member).first;
      }
      f.in_group = it->second;
    }
    if (post.visibility == Visibility::kDirect) {
      CW_ASSIGN_OR_RETURN(f.mentioned, store_->posts().IsMentioned(post.id, viewer_->id));
    }
  }
  return PostVisible(post, f);
}

}  // namespace cw
