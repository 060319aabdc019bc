// Comments under posts, replies to comments, likes of comments, and the combined actions
// "comment and also forward" and "forward a comment". Thread-safe.
#pragma once

#include <unordered_map>
#include <unordered_set>

#include "service/context.h"
#include "service/notification_service.h"
#include "service/post_service.h"

namespace cw {

struct NewComment {
  Id post_id = 0;
  std::string text;
  Id reply_to_id = 0;
  bool also_forward = false;
};

struct CommentBundle {
  std::vector<Comment> comments;
  std::unordered_map<Id, Account> accounts;  // authors and replied-to accounts
  std::unordered_set<Id> liked;
  const Account* AccountOf(Id id) const;
};

class SpamGuard;

class CommentService {
 public:
  CommentService(const ServiceContext& ctx, NotificationService* notifications,
                 PostService* posts)
      : ctx_(ctx), notifications_(notifications), posts_(posts) {}
  // Scores every new comment at write time (may be null).
  void set_spam_guard(SpamGuard* spam) { spam_ = spam; }

  // Returns the comment and, with also_forward, the id of the forward made with it.
  Result<std::pair<Comment, Id>> Create(const Account& author, const NewComment& c);
  // By the comment's author, the post's author or a moderator.
  Status Delete(const Account& actor, Id comment_id);
  // kNotFound if deleted or its post is hidden from the viewer.
  Result<Comment> Get(const Account* viewer, Id comment_id);
  // The live comments among `ids` on posts the viewer may see.
  Result<std::vector<Comment>> GetVisible(const Account* viewer, const std::vector<Id>& ids);
  Result<std::vector<Comment>> ListByPost(const Account* viewer, Id post_id, const Page& page);
  Result<std::vector<Comment>> ListReplies(const Account* viewer, Id comment_id, const Page& page);
  Result<Comment> Like(const Account& viewer, Id comment_id);
  Result<Comment> Unlike(const Account& viewer, Id comment_id);
  // A forward of the comment's post carrying the comment in its chain.
  Result<Post> Forward(const Account& author, Id comment_id, const std::string& own_words);
  Result<CommentBundle> Hydrate(const Account* viewer, std::vector<Comment> comments);

  // kPermissionDenied unless the post's comment policy admits `author`.
  Status CheckMayComment(const Account& author, const Post& post);
  // Stores a comment and its side effects; call inside Store::Write after the checks.
  // `notify_mentions` false: the caller notifies the text's mentions itself (a forward that is
  // also a comment carries the same text; the mentioned hear of it once).
  Result<Comment> InsertComment(const Account& author, const Post& post, const std::string& text,
                                const Comment* reply_to, const std::vector<text::Entity>& entities,
                                bool notify_mentions = true);

 private:
  Result<std::vector<Comment>> FilterHidden(const Account* viewer, std::vector<Comment> rows);
  ServiceContext ctx_;
  NotificationService* notifications_;
  PostService* posts_;
  SpamGuard* spam_ = nullptr;
};

}  // namespace cw
