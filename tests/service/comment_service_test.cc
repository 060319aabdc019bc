#include "service/comment_service.h"

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class CommentServiceTest : public TestRig {
 protected:
  Result<std::pair<Comment, Id>> CommentOn(const Account& who, Id post, const std::string& text,
                                           Id reply_to = 0, bool also_forward = false) {
    NewComment c;
    c.post_id = post;
    c.text = text;
    c.reply_to_id = reply_to;
    c.also_forward = also_forward;
    clock_.Advance(1);
    return comments_->Create(who, c);
  }
};

TEST_F(CommentServiceTest, CommentAndReplyNotifyTheRightPeople) {
  Account a = Member("author"), b = Member("bob"), c = Member("carol");
  Post p = Original(a, "话题");
  auto first = CommentOn(b, p.id, "沙发");
  ASSERT_OK(first);
  auto reply = CommentOn(c, p.id, "回复一下", first->first.id);
  ASSERT_OK(reply);
  EXPECT_EQ(reply->first.reply_to_account_id, b.id);
  EXPECT_EQ(posts_->Get(&a, p.id)->comments_count, 2);
  EXPECT_EQ(comments_->Get(&a, first->first.id)->replies_count, 1);
  EXPECT_EQ(NotificationTypes(b), std::vector<NotificationType>{NotificationType::kReply});
  auto types = NotificationTypes(a);
  EXPECT_EQ(std::count(types.begin(), types.end(), NotificationType::kComment), 2);
  auto replies = comments_->ListReplies(&a, first->first.id, Page{});
  ASSERT_OK(replies);
  ASSERT_EQ(replies->size(), 1u);
}

TEST_F(CommentServiceTest, ReplyMustBeOnTheSamePost) {
  Account a = Member("author");
  Post p1 = Original(a, "one"), p2 = Original(a, "two");
  auto c = CommentOn(a, p1.id, "x");
  ASSERT_OK(c);
  EXPECT_CODE(CommentOn(a, p2.id, "y", c->first.id), ErrorCode::kNotFound);
}

TEST_F(CommentServiceTest, CommentPolicyDecidesWhoMayComment) {
  Account a = Member("author"), fan = Member("fan"), stranger = Member("stranger");
  Follow(fan, a);
  NewPost np;
  np.text = "fans only comments";
  np.comment_policy = "fans";
  auto p = posts_->Create(a, np);
  ASSERT_OK(p);
  EXPECT_CODE(CommentOn(stranger, p->id, "hi"), ErrorCode::kPermissionDenied);
  ASSERT_OK(CommentOn(fan, p->id, "hi"));
  np.comment_policy = "nobody";
  auto closed = posts_->Create(a, np);
  EXPECT_CODE(CommentOn(fan, closed->id, "hi"), ErrorCode::kPermissionDenied);
  ASSERT_OK(CommentOn(a, closed->id, "the author still may"));
}

TEST_F(CommentServiceTest, CommentAndAlsoForwardIsOneAction) {
  Account a = Member("author"), b = Member("bob");
  Post p = Original(a, "原帖");
  auto c = CommentOn(b, p.id, "说得好", 0, true);
  ASSERT_OK(c);
  ASSERT_NE(c->second, 0);
  auto fwd = posts_->Get(&b, c->second);
  ASSERT_OK(fwd);
  EXPECT_EQ(fwd->text, "说得好");
  EXPECT_EQ(fwd->root_id, p.id);
  auto after = posts_->Get(&a, p.id);
  EXPECT_EQ(after->comments_count, 1);
  EXPECT_EQ(after->forwards_count, 1);
}

TEST_F(CommentServiceTest, ForwardAndAlsoCommentIsOneAction) {
  Account a = Member("author"), b = Member("bob");
  Post p = Original(a, "原帖");
  NewForward f;
  f.parent_id = p.id;
  f.comment = "转发并评论";
  f.also_comment = true;
  ASSERT_OK(posts_->Forward(b, f));
  auto list = comments_->ListByPost(&a, p.id, Page{});
  ASSERT_OK(list);
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().text, "转发并评论");
}

TEST_F(CommentServiceTest, ForwardAndAlsoCommentMentionsOnce) {
  Account a = Member("author"), b = Member("bob"), c = Member("carol");
  Post p = Original(a, "原帖");
  NewForward f;
  f.parent_id = p.id;
  f.comment = "@carol 你看看";
  f.also_comment = true;
  ASSERT_OK(posts_->Forward(b, f));
  auto types = NotificationTypes(c);
  EXPECT_EQ(std::count(types.begin(), types.end(), NotificationType::kMention), 1);
}

TEST_F(CommentServiceTest, AFailedAlsoCommentLeavesNoForwardBehind) {
  Account a = Member("author"), b = Member("bob");
  NewPost np;
  np.text = "no comments please";
  np.comment_policy = "nobody";
  auto p = posts_->Create(a, np);
  NewForward f;
  f.parent_id = p->id;
  f.comment = "still trying";
  f.also_comment = true;
  EXPECT_CODE(posts_->Forward(b, f), ErrorCode::kPermissionDenied);
  EXPECT_EQ(posts_->Get(&a, p->id)->forwards_count, 0);
  EXPECT_EQ(Reload(b).posts_count, 0);
}

TEST_F(CommentServiceTest, ForwardingACommentCarriesItInTheChain) {
  Account a = Member("author"), b = Member("bob"), c = Member("carol");
  Post p = Original(a, "原帖");
  auto comment = CommentOn(b, p.id, "精彩评论");
  ASSERT_OK(comment);
  auto fwd = comments_->Forward(c, comment->first.id, "同意");
  ASSERT_OK(fwd);
  EXPECT_EQ(fwd->source_comment_id, comment->first.id);
  auto bundle = posts_->Hydrate(&c, {*fwd});
  EXPECT_EQ(posts_->DisplayText(*fwd, posts_->Chain(*fwd, *bundle), *bundle),
            "同意 //@bob: 精彩评论");
}

TEST_F(CommentServiceTest, CommentsAreDeletedByAuthorPostAuthorOrModerator) {
  Account a = Member("author"), b = Member("bob"), c = Member("carol");
  Post p = Original(a, "原帖");
  auto c1 = CommentOn(b, p.id, "one");
  auto c2 = CommentOn(b, p.id, "two");
  EXPECT_CODE(comments_->Delete(c, c1->first.id), ErrorCode::kPermissionDenied);
  ASSERT_OK(comments_->Delete(b, c1->first.id));
  ASSERT_OK(comments_->Delete(a, c2->first.id));
  EXPECT_EQ(posts_->Get(&a, p.id)->comments_count, 0);
  EXPECT_CODE(comments_->Get(&a, c1->first.id), ErrorCode::kNotFound);
}

TEST_F(CommentServiceTest, CommentLikesAreIdempotent) {
  Account a = Member("author"), b = Member("bob");
  Post p = Original(a, "原帖");
  auto c = CommentOn(a, p.id, "mine");
  ASSERT_OK(comments_->Like(b, c->first.id));
  EXPECT_EQ(comments_->Like(b, c->first.id)->likes_count, 1);
  EXPECT_EQ(comments_->Unlike(b, c->first.id)->likes_count, 0);
}

TEST_F(CommentServiceTest, BlockedAccountsCannotComment) {
  Account a = Member("author"), b = Member("bob");
  Post p = Original(a, "原帖");
  ASSERT_OK(relations_->Block(a, b.id));
  EXPECT_CODE(CommentOn(b, p.id, "hi"), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cw::testing
