// The one visibility policy: who may see a post. Every read path — timelines, single posts,
// forward chains, notifications, later search and analytics — asks ViewerScope::CanSee, which
// gathers the facts (memoised per scope) and applies the pure rule PostVisible.
// A ViewerScope is for one request on one thread; not thread-safe.
#pragma once

#include <unordered_map>

#include "common/result.h"
#include "model/account.h"
#include "model/post.h"
#include "store/store.h"

namespace cw {

// Facts about a viewer and one post's author that the rule needs.
struct VisibilityFacts {
  bool is_author = false;
  bool author_suspended = false;
  bool blocked_either = false;  // viewer blocks author or author blocks viewer
  bool fan = false;             // viewer follows author
  bool followed_by = false;     // author follows viewer
  bool in_group = false;        // viewer is in the post's group (kGroup only)
  bool mentioned = false;       // viewer is mentioned (kDirect only)
};

// The rule itself. Pure.
bool PostVisible(const Post& post, const VisibilityFacts& facts);
// A comment is visible when it is live, its post is visible, and its author is neither suspended
// nor blocked either way (facts are about the comment's author). Pure.
bool CommentVisible(const Comment& comment, bool post_visible, const VisibilityFacts& facts);

class ViewerScope {
 public:
  // `viewer` may be null (anonymous). The store must outlive the scope.
  ViewerScope(Store* store, const Account* viewer) : store_(store), viewer_(viewer) {}
  Id viewer_id() const { return viewer_ ? viewer_->id : 0; }
  const Account* viewer() const { return viewer_; }

  // True if the viewer may see `post` (deleted posts: false).
  Result<bool> CanSee(const Post& post);
  // Relation facts between the viewer and `account_id` (memoised).
  Result<RelationFacts> Facts(Id account_id);
  // The state of the author's account (memoised); kNotFound if missing.
  Result<AccountState> AuthorState(Id account_id);
  // May the viewer see what `account_id` wrote at all (not suspended, no block either way)?
  Result<bool> CanSeeAuthor(Id account_id);
  // Whether the account may appear in search, hot lists and recommendations: not limited by a
  // moderator (a limited account's own searches still find it; moderators see everything).
  Result<bool> IsListedAuthor(Id account_id);
  // True if the viewer may see `comment`, whose post visibility is `post_visible`.
  Result<bool> CanSeeComment(const Comment& comment, bool post_visible);

 private:
  Store* store_;
  const Account* viewer_;
  std::unordered_map<Id, RelationFacts> facts_;
  std::unordered_map<Id, AccountState> authors_;
  std::unordered_map<Id, bool> groups_;  // group id -> viewer is a member
};

}  // namespace cw
