// CommentStore on a real SQLite store: comments, replies, deletion, counters and likes.
#include <gtest/gtest.h>

#include "common/text/entities.h"
#include "store_fixture.h"

namespace cw::testing {
namespace {

class CommentStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ann_ = AddAccount("ann");
    bob_ = AddAccount("bob");
    post_ = AddPost(ann_.id);
  }

  Comment MakeComment(Id post_id, Id author_id, const std::string& text = "nice") {
    Comment c;
    c.id = NextId();
    c.post_id = post_id;
    c.author_id = author_id;
    c.text = text;
    c.created_at = Now();
    return c;
  }
  Comment AddComment(Id post_id, Id author_id, const std::string& text = "nice") {
    Comment c = MakeComment(post_id, author_id, text);
    EXPECT_EQ(Describe(comments().PutComment(c)), "ok");
    return c;
  }
  Comment AddReply(const Comment& to, Id author_id) {
    Comment c = MakeComment(to.post_id, author_id, "reply");
    c.reply_to_id = to.id;
    c.reply_to_account_id = to.author_id;
    EXPECT_EQ(Describe(comments().PutComment(c)), "ok");
    return c;
  }

  Account ann_, bob_;
  Post post_;
};

TEST_F(CommentStoreTest, PutThenGetReturnsEveryField) {
  Comment c = MakeComment(post_.id, bob_.id, "回复 @ann #好# 😀");
  c.reply_to_id = 12345;
  c.reply_to_account_id = ann_.id;
  c.entities = text::ExtractEntities(c.text);
  ASSERT_FALSE(c.entities.empty());
  c.entities[0].ref = ann_.id;
  c.external_id = "ext:c1";
  c.likes_count = 2;
  c.replies_count = 1;
  CW_ASSERT_OK(comments().PutComment(c));

  CW_ASSERT_OK_AND_ASSIGN(Comment got, comments().GetCommentById(c.id));
  EXPECT_EQ(got.post_id, post_.id);
  EXPECT_EQ(got.author_id, bob_.id);
  EXPECT_EQ(got.reply_to_id, 12345);
  EXPECT_EQ(got.reply_to_account_id, ann_.id);
  EXPECT_EQ(got.text, c.text);
  ASSERT_EQ(got.entities.size(), 2u);
  EXPECT_EQ(got.entities[0].kind, text::Entity::Kind::kMention);
  EXPECT_EQ(got.entities[0].value, "ann");
  EXPECT_EQ(got.entities[0].ref, ann_.id);
  EXPECT_EQ(got.entities[1].kind, text::Entity::Kind::kTopic);
  EXPECT_TRUE(got.entities[1].closed);
  EXPECT_EQ(got.entities[1].start, c.entities[1].start);
  EXPECT_EQ(got.external_id, "ext:c1");
  EXPECT_EQ(got.created_at, c.created_at);
  EXPECT_FALSE(got.deleted());
  EXPECT_EQ(got.likes_count, 2);
  EXPECT_EQ(got.replies_count, 1);
}

TEST_F(CommentStoreTest, ATakenIdOrExternalIdIsAlreadyExists) {
  Comment c = MakeComment(post_.id, bob_.id);
  c.external_id = "ext:dup";
  CW_ASSERT_OK(comments().PutComment(c));
  Comment same_id = MakeComment(post_.id, ann_.id);
  same_id.id = c.id;
  CW_EXPECT_CODE(comments().PutComment(same_id), ErrorCode::kAlreadyExists);
  Comment same_ext = MakeComment(post_.id, ann_.id);
  same_ext.external_id = "ext:dup";
  CW_EXPECT_CODE(comments().PutComment(same_ext), ErrorCode::kAlreadyExists);
  // Comments without an external id never collide.
  AddComment(post_.id, ann_.id);
  AddComment(post_.id, ann_.id);
}

TEST_F(CommentStoreTest, GetByUnknownIdIsNotFound) {
  CW_EXPECT_CODE(comments().GetCommentById(77), ErrorCode::kNotFound);
}

TEST_F(CommentStoreTest, GetCommentsByIdsFollowsTheGivenOrder) {
  Comment a = AddComment(post_.id, bob_.id);
  Comment b = AddComment(post_.id, ann_.id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, comments().GetCommentsByIds({b.id, 1, a.id}));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{b.id, a.id}));
}

TEST_F(CommentStoreTest, CommentsOfAPostAreNewestFirstByDefault) {
  Comment c1 = AddComment(post_.id, bob_.id);
  Comment c2 = AddComment(post_.id, ann_.id);
  Post other = AddPost(bob_.id);
  AddComment(other.id, ann_.id);
  Comment c3 = AddComment(post_.id, bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, comments().ListCommentsByPost(post_.id, Page{}));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{c3.id, c2.id, c1.id}));
}

TEST_F(CommentStoreTest, CommentsPageBackwardsWithMaxId) {
  std::vector<Id> ids;  // oldest first
  for (int i = 0; i < 5; ++i) ids.push_back(AddComment(post_.id, bob_.id).id);
  CW_ASSERT_OK_AND_ASSIGN(auto p1, comments().ListCommentsByPost(post_.id, Limit(2)));
  EXPECT_EQ(IdsOf(p1), (std::vector<Id>{ids[4], ids[3]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p2, comments().ListCommentsByPost(post_.id, MaxId(ids[3], 2)));
  EXPECT_EQ(IdsOf(p2), (std::vector<Id>{ids[2], ids[1]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p3, comments().ListCommentsByPost(post_.id, MaxId(ids[1], 2)));
  EXPECT_EQ(IdsOf(p3), (std::vector<Id>{ids[0]}));
}

// CommentStore documents: "oldest first when page.min_id is set, else newest first".
// min_id picks the comments right after it (the oldest newer ones) and, as everywhere in the
// API, lists them newest first.
TEST_F(CommentStoreTest, MinIdPicksTheCommentsRightAfterItNewestFirst) {
  std::vector<Id> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(AddComment(post_.id, bob_.id).id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, comments().ListCommentsByPost(post_.id, MinId(ids[0], 3)));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{ids[3], ids[2], ids[1]}));
}

TEST_F(CommentStoreTest, RepliesAreListedUnderTheirComment) {
  Comment top = AddComment(post_.id, bob_.id);
  Comment other_top = AddComment(post_.id, ann_.id);
  Comment r1 = AddReply(top, ann_.id);
  Comment r2 = AddReply(top, bob_.id);
  AddReply(other_top, bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, comments().ListRepliesTo(top.id, Page{}));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{r2.id, r1.id}));
  // Replies are comments of the post too.
  CW_ASSERT_OK_AND_ASSIGN(auto all, comments().ListCommentsByPost(post_.id, Page{}));
  EXPECT_EQ(all.size(), 5u);
}

TEST_F(CommentStoreTest, DeletedCommentsLeaveListsButStayFindable) {
  Comment keep = AddComment(post_.id, bob_.id);
  Comment gone = AddComment(post_.id, bob_.id);
  Comment reply = AddReply(keep, ann_.id);
  TimeMs at = Now();
  CW_ASSERT_OK(comments().MarkCommentDeleted(gone.id, at));
  CW_ASSERT_OK(comments().MarkCommentDeleted(reply.id, at));
  CW_ASSERT_OK_AND_ASSIGN(auto list, comments().ListCommentsByPost(post_.id, Page{}));
  EXPECT_EQ(IdsOf(list), (std::vector<Id>{keep.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto replies, comments().ListRepliesTo(keep.id, Page{}));
  EXPECT_TRUE(replies.empty());
  CW_ASSERT_OK_AND_ASSIGN(Comment got, comments().GetCommentById(gone.id));
  EXPECT_TRUE(got.deleted());
  EXPECT_EQ(got.deleted_at, at);
}

TEST_F(CommentStoreTest, DeletingTwiceOrDeletingNothingIsNotFound) {
  Comment c = AddComment(post_.id, bob_.id);
  CW_ASSERT_OK(comments().MarkCommentDeleted(c.id, Now()));
  CW_EXPECT_CODE(comments().MarkCommentDeleted(c.id, Now()), ErrorCode::kNotFound);
  CW_EXPECT_CODE(comments().MarkCommentDeleted(55555, Now()), ErrorCode::kNotFound);
}

TEST_F(CommentStoreTest, CountersAddDeltasAndNeverGoBelowZero) {
  Comment c = AddComment(post_.id, bob_.id);
  CW_ASSERT_OK(comments().AddCommentCounters(c.id, 3, 1));
  CW_ASSERT_OK(comments().AddCommentCounters(c.id, -1, -4));
  CW_ASSERT_OK_AND_ASSIGN(Comment got, comments().GetCommentById(c.id));
  EXPECT_EQ(got.likes_count, 2);
  EXPECT_EQ(got.replies_count, 0);
}

TEST_F(CommentStoreTest, CommentLikesAreFilteredPerAccount) {
  Comment a = AddComment(post_.id, bob_.id);
  Comment b = AddComment(post_.id, bob_.id);
  CW_ASSERT_OK(comments().PutCommentLike(a.id, ann_.id, Now()));
  CW_ASSERT_OK(comments().PutCommentLike(b.id, bob_.id, Now()));
  CW_EXPECT_CODE(comments().PutCommentLike(a.id, ann_.id, Now()), ErrorCode::kAlreadyExists);
  CW_ASSERT_OK_AND_ASSIGN(auto liked, comments().FilterLikedComments(ann_.id, {a.id, b.id}));
  EXPECT_EQ(liked, (std::unordered_set<Id>{a.id}));

  CW_ASSERT_OK(comments().DeleteCommentLike(a.id, ann_.id));
  CW_EXPECT_CODE(comments().DeleteCommentLike(a.id, ann_.id), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(liked, comments().FilterLikedComments(ann_.id, {a.id, b.id}));
  EXPECT_TRUE(liked.empty());
}

}  // namespace
}  // namespace cw::testing
