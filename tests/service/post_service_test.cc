#include "service/post_service.h"

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class PostServiceTest : public TestRig {};

TEST_F(PostServiceTest, PostTextIsLimitedTo140CodePointsUnlessLong) {
  Account a = Member("alice");
  std::string chinese;
  for (int i = 0; i < 140; ++i) chinese += "字";
  NewPost p;
  p.text = chinese;
  ASSERT_OK(posts_->Create(a, p));
  p.text += "多";
  EXPECT_CODE(posts_->Create(a, p), ErrorCode::kInvalidArgument);
  p.is_long = true;
  auto long_post = posts_->Create(a, p);
  ASSERT_OK(long_post);
  EXPECT_TRUE(long_post->is_long);
  p.text = "";
  EXPECT_CODE(posts_->Create(a, p), ErrorCode::kInvalidArgument);
  p.text = std::string("\xc3\x28", 2);
  EXPECT_CODE(posts_->Create(a, p), ErrorCode::kMalformed);
}

TEST_F(PostServiceTest, EntitiesAreExtractedAndMentionsResolvedAtWriteTime) {
  Account a = Member("alice");
  Account b = Member("bob");
  Post p = Original(a, "你好 @bob 看 #春节# 和 https://example.com/x 以及 @nobody");
  ASSERT_EQ(p.entities.size(), 4u);
  EXPECT_EQ(p.entities[0].value, "bob");
  EXPECT_EQ(p.entities[0].ref, b.id);
  EXPECT_EQ(p.entities[0].start, 3u);
  EXPECT_EQ(p.entities[1].value, "春节");
  EXPECT_TRUE(p.entities[1].closed);
  EXPECT_EQ(p.entities[3].ref, 0);
  EXPECT_EQ(NotificationTypes(b), std::vector<NotificationType>{NotificationType::kMention});
}

TEST_F(PostServiceTest, ForwardOfForwardKeepsRootAndBuildsTheChain) {
  Account a = Member("a1"), b = Member("b2"), c = Member("c3");
  Post root = Original(a, "原文");
  auto f1 = ForwardOf(b, root.id, "c1");
  ASSERT_OK(f1);
  auto f2 = ForwardOf(c, f1->id, "c2");
  ASSERT_OK(f2);
  EXPECT_EQ(f2->root_id, root.id);
  EXPECT_EQ(f2->parent_id, f1->id);
  EXPECT_EQ(f2->chain, std::vector<Id>{f1->id});
  auto bundle = posts_->Hydrate(&a, {*f2});
  ASSERT_OK(bundle);
  auto chain = posts_->Chain(*f2, *bundle);
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_EQ(chain[0].comment, "c1");
  EXPECT_EQ(posts_->DisplayText(*f2, chain, *bundle), "c2 //@b2: c1");
  // Counts: the root counts every forward in its tree, the parent its own.
  EXPECT_EQ(posts_->Get(&a, root.id)->forwards_count, 2);
  EXPECT_EQ(posts_->Get(&a, f1->id)->forwards_count, 1);
  EXPECT_EQ(Reload(c).posts_count, 1);
  // The root's author hears of both forwards, the middle author of the second.
  auto types = NotificationTypes(a);
  EXPECT_EQ(std::count(types.begin(), types.end(), NotificationType::kForward), 2);
  EXPECT_EQ(NotificationTypes(b), std::vector<NotificationType>{NotificationType::kForward});
}

TEST_F(PostServiceTest, EmptyForwardCommentsLeaveOnlyTheChain) {
  Account a = Member("a1"), b = Member("b2"), c = Member("c3");
  Post root = Original(a, "原文");
  auto f1 = ForwardOf(b, root.id, "第一");
  auto f2 = ForwardOf(c, f1->id, "");
  ASSERT_OK(f2);
  auto bundle = posts_->Hydrate(&c, {*f2});
  EXPECT_EQ(posts_->DisplayText(*f2, posts_->Chain(*f2, *bundle), *bundle), "//@b2: 第一");
}

TEST_F(PostServiceTest, LongChainsDropTheOldestHopsFirst) {
  ctx_.limits.long_post_chars = 30;
  posts_ = std::make_unique<PostService>(ctx_, notifications_.get());
  posts_->set_comments(comments_.get());
  Account a = Member("aa");
  Post parent = Original(a, "root");
  for (int i = 0; i < 6; ++i) {
    auto f = ForwardOf(a, parent.id, "hop" + std::to_string(i));
    ASSERT_OK(f);
    parent = *f;
  }
  auto bundle = posts_->Hydrate(&a, {parent});
  std::string text = posts_->DisplayText(parent, posts_->Chain(parent, *bundle), *bundle);
  EXPECT_EQ(text.rfind("hop5 //@aa: hop4", 0), 0u) << text;
  EXPECT_EQ(text.find("hop0"), std::string::npos) << text;
  EXPECT_LE(text.size(), 30u);
}

TEST_F(PostServiceTest, FriendsOnlyAndOnlyMePostsCannotBeForwarded) {
  Account a = Member("alice"), b = Member("bob");
  Follow(a, b);
  Follow(b, a);
  Post friends = Original(a, "朋友圈", "friends");
  EXPECT_CODE(ForwardOf(b, friends.id, ""), ErrorCode::kInvalidArgument);
  Post mine = Original(a, "自己", "only_me");
  EXPECT_CODE(ForwardOf(b, mine.id, ""), ErrorCode::kNotFound);
  EXPECT_CODE(ForwardOf(a, mine.id, ""), ErrorCode::kInvalidArgument);
  Account stranger = Member("stranger");
  Post fans = Original(a, "粉丝", "fans");
  EXPECT_CODE(ForwardOf(stranger, fans.id, ""), ErrorCode::kNotFound);
  ASSERT_OK(ForwardOf(b, fans.id, ""));
}

TEST_F(PostServiceTest, DeletedRootLeavesForwardsThatSaySo) {
  Account a = Member("alice"), b = Member("bob");
  Post root = Original(a, "will go");
  auto f = ForwardOf(b, root.id, "keep");
  ASSERT_OK(f);
  ASSERT_OK(posts_->Delete(a, root.id));
  EXPECT_CODE(posts_->Get(&b, root.id), ErrorCode::kNotFound);
  auto fwd = posts_->Get(&b, f->id);
  ASSERT_OK(fwd);
  auto bundle = posts_->Hydrate(&b, {*fwd});
  ASSERT_OK(bundle);
  EXPECT_EQ(bundle->visible.count(root.id), 0u);
  EXPECT_NE(bundle->Related(root.id), nullptr);
  EXPECT_TRUE(bundle->Related(root.id)->deleted());
  // A forward of a deleted original cannot be forwarded further.
  EXPECT_CODE(ForwardOf(a, f->id, ""), ErrorCode::kNotFound);
}

TEST_F(PostServiceTest, OnlyTheAuthorOrAModeratorDeletes) {
  Account a = Member("alice"), b = Member("bob"), mod = Member("mod");
  Post p = Original(a, "mine");
  EXPECT_CODE(posts_->Delete(b, p.id), ErrorCode::kPermissionDenied);
  ASSERT_OK(accounts_->SetRole(nullptr, mod.id, "moderator"));
  ASSERT_OK(posts_->Delete(Reload(mod), p.id));
  EXPECT_EQ(Reload(a).posts_count, 0);
  EXPECT_CODE(posts_->Delete(a, p.id), ErrorCode::kNotFound);
}

TEST_F(PostServiceTest, LikesAreIdempotentAndCounted) {
  Account a = Member("alice"), b = Member("bob");
  Post p = Original(a, "like me");
  ASSERT_OK(posts_->Like(b, p.id));
  auto liked = posts_->Like(b, p.id);
  ASSERT_OK(liked);
  EXPECT_EQ(liked->likes_count, 1);
  auto likers = posts_->Likers(&a, p.id, Page{});
  ASSERT_OK(likers);
  ASSERT_EQ(likers->size(), 1u);
  EXPECT_EQ(likers->front().second.handle, "bob");
  ASSERT_OK(posts_->Unlike(b, p.id));
  EXPECT_EQ(posts_->Unlike(b, p.id)->likes_count, 0);
  auto bundle = posts_->Hydrate(&b, {*posts_->Get(&b, p.id)});
  EXPECT_EQ(bundle->liked.count(p.id), 0u);
}

TEST_F(PostServiceTest, HomeTimelineHasFolloweesAndSelfNewestFirstWithoutMuted) {
  Account me = Member("me"), x = Member("xx"), y = Member("yy"), z = Member("zz");
  Follow(me, x);
  Follow(me, y);
  Original(x, "x1");
  Original(z, "z1 not followed");
  Original(me, "me1");
  Original(y, "y1");
  Original(x, "x2");
  auto home = posts_->HomeTimeline(me, Page{});
  ASSERT_OK(home);
  std::vector<std::string> texts;
  for (const auto& p : *home) texts.push_back(p.text);
  EXPECT_EQ(texts, (std::vector<std::string>{"x2", "y1", "me1", "x1"}));
  Page page;
  page.limit = 2;
  page.max_id = (*home)[1].id;
  auto older = posts_->HomeTimeline(me, page);
  ASSERT_EQ(older->size(), 2u);
  EXPECT_EQ((*older)[0].text, "me1");
  ASSERT_OK(relations_->Mute(me, y.id));
  home = posts_->HomeTimeline(me, Page{});
  EXPECT_EQ(home->size(), 3u);
  // Unfollowing removes an author's posts on the next read.
  ASSERT_OK(relations_->Unfollow(me, x.id));
  home = posts_->HomeTimeline(me, Page{});
  ASSERT_EQ(home->size(), 1u);
  EXPECT_EQ(home->front().text, "me1");
}

TEST_F(PostServiceTest, GroupTimelineShowsOnlyGroupMembers) {
  Account me = Member("me"), x = Member("xx"), y = Member("yy");
  Follow(me, x);
  Follow(me, y);
  auto g = relations_->CreateGroup(me, "同学");
  ASSERT_OK(relations_->AddGroupMembers(me, g->id, {x.id}));
  Original(x, "from x");
  Original(y, "from y");
  auto t = posts_->GroupTimeline(me, g->id, Page{});
  ASSERT_OK(t);
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(t->front().text, "from x");
  EXPECT_CODE(posts_->GroupTimeline(x, g->id, Page{}), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cw::testing

namespace cw::testing {
namespace {

class PostPrivacyTest : public TestRig {};

TEST_F(PostPrivacyTest, AForwardedCommentOfAHiddenPostStaysHidden) {
  Account a = Member("author"), fan = Member("fan"), other = Member("other");
  Follow(fan, a);
  Follow(other, a);
  Post fans_only = Original(a, "粉丝可见", "fans");
  NewComment c;
  c.post_id = fans_only.id;
  c.text = "my phone number is 123";
  auto comment = comments_->Create(fan, c);
  ASSERT_OK(comment);
  auto fwd = comments_->Forward(other, comment->first.id, "look");
  ASSERT_OK(fwd);
  // An anonymous reader may see the public forward, but neither the root nor the comment.
  auto bundle = posts_->Hydrate(nullptr, {*fwd});
  ASSERT_OK(bundle);
  auto chain = posts_->Chain(*fwd, *bundle);
  ASSERT_EQ(chain.size(), 1u);
  EXPECT_FALSE(chain[0].available);
  EXPECT_FALSE(chain[0].deleted);
  EXPECT_EQ(posts_->DisplayText(*fwd, chain, *bundle), "look");
  // A fan sees it whole.
  auto as_fan = posts_->Hydrate(&fan, {*fwd});
  EXPECT_EQ(posts_->DisplayText(*fwd, posts_->Chain(*fwd, *as_fan), *as_fan),
            "look //@fan: my phone number is 123");
}

TEST_F(PostPrivacyTest, ForwardingAForwardOfACommentKeepsTheCommentInTheChain) {
  Account a = Member("author"), b = Member("bob"), c = Member("carol"), d = Member("dave");
  Post p = Original(a, "原帖");
  NewComment nc;
  nc.post_id = p.id;
  nc.text = "好评论";
  auto comment = comments_->Create(b, nc);
  auto f1 = comments_->Forward(c, comment->first.id, "转");
  ASSERT_OK(f1);
  auto f2 = ForwardOf(d, f1->id, "再转");
  ASSERT_OK(f2);
  auto bundle = posts_->Hydrate(&d, {*f2});
  EXPECT_EQ(posts_->DisplayText(*f2, posts_->Chain(*f2, *bundle), *bundle),
            "再转 //@carol: 转 //@bob: 好评论");
  // The commenter heard that the comment was forwarded.
  auto types = NotificationTypes(b);
  EXPECT_NE(std::find(types.begin(), types.end(), NotificationType::kForward), types.end());
}

TEST_F(PostPrivacyTest, NoForwardNotificationForAForwardTheAuthorCannotSee) {
  Account a = Member("author"), b = Member("bob");
  Post p = Original(a, "原帖");
  NewForward f;
  f.parent_id = p.id;
  f.comment = "secret";
  f.visibility = "only_me";
  ASSERT_OK(posts_->Forward(b, f));
  EXPECT_TRUE(NotificationTypes(a).empty());
}

TEST_F(PostPrivacyTest, MutedAuthorsDoNotEmptyThePublicTimeline) {
  Account me = Member("me"), loud = Member("loud"), quiet = Member("quiet");
  Original(quiet, "older but visible");
  for (int i = 0; i < 50; ++i) Original(loud, "noise " + std::to_string(i));
  ASSERT_OK(relations_->Mute(me, loud.id));
  Page page;
  page.limit = 20;
  auto t = posts_->PublicTimeline(&me, page);
  ASSERT_OK(t);
  ASSERT_EQ(t->size(), 1u);
  EXPECT_EQ(t->front().text, "older but visible");
}

TEST_F(PostPrivacyTest, DeletedPostComesBackMarkedDeleted) {
  Account a = Member("author");
  Post p = Original(a, "gone soon");
  auto d = posts_->Delete(a, p.id);
  ASSERT_OK(d);
  EXPECT_TRUE(d->deleted());
}

}  // namespace
}  // namespace cw::testing
