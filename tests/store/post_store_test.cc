// PostStore on a real SQLite store: posts and forwards, entities and chains, deletion, lists,
// mentions and likes.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/text/entities.h"
#include "store_fixture.h"

namespace cw::testing {
namespace {

using text::Entity;

class PostStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ann_ = AddAccount("ann");
    bob_ = AddAccount("bob");
    cat_ = AddAccount("cat");
  }
  Account ann_, bob_, cat_;
};

TEST_F(PostStoreTest, PutThenGetReturnsEveryField) {
  Post p = MakePost(ann_.id, "你好 @bob #话题# https://x.cn 😀");
  p.visibility = Visibility::kGroup;
  p.group_id = 77;
  p.is_long = true;
  p.comment_policy = Audience::kFriends;
  p.external_id = "weibo:post:1";
  p.forwards_count = 1;
  p.comments_count = 2;
  p.likes_count = 3;
  p.entities = text::ExtractEntities(p.text);
  ASSERT_EQ(p.entities.size(), 3u);
  CW_ASSERT_OK(posts().PutPost(p, {bob_.id}));

  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
  EXPECT_EQ(got.id, p.id);
  EXPECT_EQ(got.author_id, ann_.id);
  EXPECT_EQ(got.text, p.text);
  EXPECT_EQ(got.visibility, Visibility::kGroup);
  EXPECT_EQ(got.group_id, 77);
  EXPECT_TRUE(got.is_long);
  EXPECT_EQ(got.comment_policy, Audience::kFriends);
  EXPECT_EQ(got.root_id, 0);
  EXPECT_EQ(got.parent_id, 0);
  EXPECT_EQ(got.source_comment_id, 0);
  EXPECT_TRUE(got.chain.empty());
  EXPECT_EQ(got.external_id, "weibo:post:1");
  EXPECT_EQ(got.created_at, p.created_at);
  EXPECT_EQ(got.deleted_at, 0);
  EXPECT_FALSE(got.deleted());
  EXPECT_FALSE(got.is_forward());
  EXPECT_EQ(got.forwards_count, 1);
  EXPECT_EQ(got.comments_count, 2);
  EXPECT_EQ(got.likes_count, 3);
}

TEST_F(PostStoreTest, EveryVisibilityRoundTrips) {
  for (Visibility v :
       {Visibility::kPublic, Visibility::kUnlisted, Visibility::kFans, Visibility::kFriends,
        Visibility::kGroup, Visibility::kOnlyMe, Visibility::kDirect}) {
    Post p = MakePost(ann_.id);
    p.visibility = v;
    CW_ASSERT_OK(posts().PutPost(p, {}));
    CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
    EXPECT_EQ(got.visibility, v) << VisibilityName(v);
  }
}

TEST_F(PostStoreTest, EntitiesRoundTripWithKindsOffsetsAndValues) {
  Post p = MakePost(ann_.id, "😀@Bob_1 看#Apple iPhone# #tag, https://example.com/a,b?x=1 ＃话题＃");
  p.entities = text::ExtractEntities(p.text);
  ASSERT_EQ(p.entities.size(), 5u);
  ASSERT_EQ(p.entities[0].kind, Entity::Kind::kMention);
  p.entities[0].ref = bob_.id;  // the account the handle named when written
  CW_ASSERT_OK(posts().PutPost(p, {bob_.id}));
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
  ASSERT_EQ(got.entities.size(), p.entities.size());
  for (size_t i = 0; i < p.entities.size(); ++i) {
    const Entity& want = p.entities[i];
    const Entity& have = got.entities[i];
    EXPECT_EQ(have.kind, want.kind) << i;
    EXPECT_EQ(have.start, want.start) << i;
    EXPECT_EQ(have.end, want.end) << i;
    EXPECT_EQ(have.value, want.value) << i;
    EXPECT_EQ(have.closed, want.closed) << i;
    EXPECT_EQ(have.ref, want.ref) << i;
  }
  EXPECT_EQ(got.entities[0].ref, bob_.id);
  EXPECT_EQ(got.entities[1].ref, 0);
}

TEST_F(PostStoreTest, APostWithoutEntitiesHasNone) {
  Post p = AddPost(ann_.id, "plain words");
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
  EXPECT_TRUE(got.entities.empty());
}

TEST_F(PostStoreTest, AForwardKeepsItsRootParentAndChain) {
  Post root = AddPost(ann_.id, "original");
  Post f1 = AddForward(bob_.id, root, "first //@ann");
  Post f2 = AddForward(cat_.id, f1, "second");
  Post f3 = AddForward(ann_.id, f2, "");

  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(f3.id));
  EXPECT_TRUE(got.is_forward());
  EXPECT_EQ(got.root_id, root.id);
  EXPECT_EQ(got.parent_id, f2.id);
  EXPECT_EQ(got.chain, (std::vector<Id>{f1.id, f2.id}));
  EXPECT_EQ(got.text, "");

  CW_ASSERT_OK_AND_ASSIGN(Post first, posts().GetPostById(f1.id));
  EXPECT_TRUE(first.chain.empty());
  EXPECT_EQ(first.root_id, root.id);
  EXPECT_EQ(first.parent_id, root.id);
}

TEST_F(PostStoreTest, AForwardFromACommentKeepsTheComment) {
  Post root = AddPost(ann_.id);
  Post f = MakePost(bob_.id, "转发评论");
  f.root_id = root.id;
  f.parent_id = root.id;
  f.source_comment_id = 4242;
  CW_ASSERT_OK(posts().PutPost(f, {}));
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(f.id));
  EXPECT_EQ(got.source_comment_id, 4242);
}

TEST_F(PostStoreTest, ALongChainRoundTrips) {
  Post p = MakePost(ann_.id);
  p.root_id = 1;
  p.parent_id = 7000000000000000099;
  for (int i = 0; i < 100; ++i) p.chain.push_back(7000000000000000000 + i);
  CW_ASSERT_OK(posts().PutPost(p, {}));
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
  EXPECT_EQ(got.chain, p.chain);
}

TEST_F(PostStoreTest, ATakenIdOrExternalIdIsAlreadyExists) {
  Post p = MakePost(ann_.id);
  p.external_id = "ext:1";
  CW_ASSERT_OK(posts().PutPost(p, {}));
  Post same_id = MakePost(bob_.id);
  same_id.id = p.id;
  CW_EXPECT_CODE(posts().PutPost(same_id, {}), ErrorCode::kAlreadyExists);
  Post same_ext = MakePost(bob_.id);
  same_ext.external_id = "ext:1";
  CW_EXPECT_CODE(posts().PutPost(same_ext, {}), ErrorCode::kAlreadyExists);
  CW_EXPECT_CODE(posts().GetPostById(same_ext.id), ErrorCode::kNotFound);
}

TEST_F(PostStoreTest, ExternalIdFindsThePost) {
  Post p = MakePost(ann_.id);
  p.external_id = "import:abc";
  CW_ASSERT_OK(posts().PutPost(p, {}));
  AddPost(ann_.id);  // no external id
  AddPost(ann_.id);  // nor this one: empty external ids do not collide
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostByExternalId("import:abc"));
  EXPECT_EQ(got.id, p.id);
  CW_EXPECT_CODE(posts().GetPostByExternalId("import:zzz"), ErrorCode::kNotFound);
}

TEST_F(PostStoreTest, GetByUnknownIdIsNotFound) {
  CW_EXPECT_CODE(posts().GetPostById(31337), ErrorCode::kNotFound);
}

TEST_F(PostStoreTest, GetPostsByIdsFollowsTheGivenOrderAndSkipsUnknown) {
  Post a = AddPost(ann_.id);
  Post b = AddPost(bob_.id);
  Post c = AddPost(cat_.id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, posts().GetPostsByIds({c.id, 5, a.id, b.id}));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{c.id, a.id, b.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto none, posts().GetPostsByIds({}));
  EXPECT_TRUE(none.empty());
}

TEST_F(PostStoreTest, GetPostsByIdsHandlesLongLists) {
  std::vector<Id> ids;
  for (int i = 0; i < 270; ++i) ids.push_back(AddPost(ann_.id).id);
  std::reverse(ids.begin(), ids.end());
  CW_ASSERT_OK_AND_ASSIGN(auto got, posts().GetPostsByIds(ids));
  EXPECT_EQ(IdsOf(got), ids);
}

TEST_F(PostStoreTest, MarkingDeletedKeepsThePostFindable) {
  Post p = AddPost(ann_.id);
  TimeMs at = Now();
  CW_ASSERT_OK(posts().MarkPostDeleted(p.id, at));
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
  EXPECT_TRUE(got.deleted());
  EXPECT_EQ(got.deleted_at, at);
  CW_ASSERT_OK_AND_ASSIGN(auto by_ids, posts().GetPostsByIds({p.id}));
  ASSERT_EQ(by_ids.size(), 1u);
  EXPECT_TRUE(by_ids[0].deleted());
}

TEST_F(PostStoreTest, DeletingTwiceOrDeletingNothingIsNotFound) {
  Post p = AddPost(ann_.id);
  TimeMs first = Now();
  CW_ASSERT_OK(posts().MarkPostDeleted(p.id, first));
  CW_EXPECT_CODE(posts().MarkPostDeleted(p.id, Now()), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
  EXPECT_EQ(got.deleted_at, first);  // the first deletion time stays
  CW_EXPECT_CODE(posts().MarkPostDeleted(999999, Now()), ErrorCode::kNotFound);
}

TEST_F(PostStoreTest, DeletedPostsLeaveEveryList) {
  Post root = AddPost(ann_.id);
  Post gone = AddPost(ann_.id);
  Post fwd = AddForward(bob_.id, root);
  CW_ASSERT_OK(posts().MarkPostDeleted(gone.id, Now()));
  CW_ASSERT_OK(posts().MarkPostDeleted(fwd.id, Now()));

  CW_ASSERT_OK_AND_ASSIGN(auto by_author, posts().ListPostsByAuthor(ann_.id, Page{}, true));
  EXPECT_EQ(IdsOf(by_author), (std::vector<Id>{root.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto by_authors, posts().ListPostsByAuthors({ann_.id, bob_.id}, Page{}));
  EXPECT_EQ(IdsOf(by_authors), (std::vector<Id>{root.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto forwards, posts().ListForwardsOf(root.id, Page{}));
  EXPECT_TRUE(forwards.empty());
  CW_ASSERT_OK_AND_ASSIGN(auto pub, posts().ListPublicPosts(Page{}));
  EXPECT_EQ(IdsOf(pub), (std::vector<Id>{root.id}));
}

TEST_F(PostStoreTest, CountersAddDeltasAndNeverGoBelowZero) {
  Post p = AddPost(ann_.id);
  CW_ASSERT_OK(posts().AddPostCounters(p.id, 2, 3, 4));
  CW_ASSERT_OK(posts().AddPostCounters(p.id, -1, -10, 1));
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(p.id));
  EXPECT_EQ(got.forwards_count, 1);
  EXPECT_EQ(got.comments_count, 0);
  EXPECT_EQ(got.likes_count, 5);
}

TEST_F(PostStoreTest, ListByAuthorIsNewestFirstAndCanLeaveOutForwards) {
  Post other = AddPost(bob_.id);
  Post p1 = AddPost(ann_.id);
  Post f = AddForward(ann_.id, other);
  Post p2 = AddPost(ann_.id);

  CW_ASSERT_OK_AND_ASSIGN(auto all, posts().ListPostsByAuthor(ann_.id, Page{}, true));
  EXPECT_EQ(IdsOf(all), (std::vector<Id>{p2.id, f.id, p1.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto originals, posts().ListPostsByAuthor(ann_.id, Page{}, false));
  EXPECT_EQ(IdsOf(originals), (std::vector<Id>{p2.id, p1.id}));
}

TEST_F(PostStoreTest, ListByAuthorsMergesAuthorsNewestFirst) {
  Post a1 = AddPost(ann_.id);
  Post b1 = AddPost(bob_.id);
  Post c1 = AddPost(cat_.id);
  Post a2 = AddPost(ann_.id);
  Post b2 = AddForward(bob_.id, c1);
  CW_ASSERT_OK_AND_ASSIGN(auto got, posts().ListPostsByAuthors({bob_.id, ann_.id}, Page{}));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{b2.id, a2.id, b1.id, a1.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto none, posts().ListPostsByAuthors({}, Page{}));
  EXPECT_TRUE(none.empty());
}

TEST_F(PostStoreTest, ListByAuthorsPagesWithMaxIdSinceIdAndMinId) {
  std::vector<Id> all;  // oldest first
  for (int i = 0; i < 10; ++i) all.push_back(AddPost(i % 2 ? ann_.id : bob_.id).id);
  AddPost(cat_.id);  // not followed
  std::vector<Id> authors = {ann_.id, bob_.id};

  CW_ASSERT_OK_AND_ASSIGN(auto p1, posts().ListPostsByAuthors(authors, Limit(4)));
  EXPECT_EQ(IdsOf(p1), (std::vector<Id>{all[9], all[8], all[7], all[6]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p2, posts().ListPostsByAuthors(authors, MaxId(all[6], 4)));
  EXPECT_EQ(IdsOf(p2), (std::vector<Id>{all[5], all[4], all[3], all[2]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p3, posts().ListPostsByAuthors(authors, MaxId(all[2], 4)));
  EXPECT_EQ(IdsOf(p3), (std::vector<Id>{all[1], all[0]}));

  CW_ASSERT_OK_AND_ASSIGN(auto newer, posts().ListPostsByAuthors(authors, SinceId(all[6], 2)));
  EXPECT_EQ(IdsOf(newer), (std::vector<Id>{all[9], all[8]}));
  CW_ASSERT_OK_AND_ASSIGN(auto next, posts().ListPostsByAuthors(authors, MinId(all[6], 2)));
  EXPECT_EQ(IdsOf(next), (std::vector<Id>{all[8], all[7]}));
}

TEST_F(PostStoreTest, ListByAuthorsTakesManyAuthors) {
  std::vector<Id> authors;
  std::vector<Id> want;
  for (int i = 0; i < 100; ++i) {
    Account a = AddAccount("many_" + std::to_string(i));
    authors.push_back(a.id);
    if (i % 10 == 0) want.push_back(AddPost(a.id).id);
  }
  std::reverse(want.begin(), want.end());
  CW_ASSERT_OK_AND_ASSIGN(auto got, posts().ListPostsByAuthors(authors, Page{}));
  EXPECT_EQ(IdsOf(got), want);
}

TEST_F(PostStoreTest, ForwardsOfAPostAreItsDirectChildren) {
  Post root = AddPost(ann_.id);
  Post f1 = AddForward(bob_.id, root);
  Post f2 = AddForward(cat_.id, f1);  // a forward of the forward, not of root
  Post f3 = AddForward(cat_.id, root);
  CW_ASSERT_OK_AND_ASSIGN(auto of_root, posts().ListForwardsOf(root.id, Page{}));
  EXPECT_EQ(IdsOf(of_root), (std::vector<Id>{f3.id, f1.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto of_f1, posts().ListForwardsOf(f1.id, Page{}));
  EXPECT_EQ(IdsOf(of_f1), (std::vector<Id>{f2.id}));
}

TEST_F(PostStoreTest, PublicListHoldsOnlyPublicPosts) {
  Post pub1 = AddPost(ann_.id);
  for (Visibility v : {Visibility::kUnlisted, Visibility::kFans, Visibility::kFriends,
                       Visibility::kGroup, Visibility::kOnlyMe, Visibility::kDirect}) {
    Post p = MakePost(ann_.id);
    p.visibility = v;
    CW_ASSERT_OK(posts().PutPost(p, {}));
  }
  Post pub2 = AddPost(bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, posts().ListPublicPosts(Page{}));
  EXPECT_EQ(IdsOf(got), (std::vector<Id>{pub2.id, pub1.id}));
}

TEST_F(PostStoreTest, MentionsAreRecordedPerPost) {
  Post p = MakePost(ann_.id, "@bob @cat");
  CW_ASSERT_OK(posts().PutPost(p, {bob_.id, cat_.id, bob_.id}));  // duplicates are harmless
  Post q = AddPost(ann_.id, "no mentions");
  CW_ASSERT_OK_AND_ASSIGN(bool bob_in_p, posts().IsMentioned(p.id, bob_.id));
  EXPECT_TRUE(bob_in_p);
  CW_ASSERT_OK_AND_ASSIGN(bool cat_in_p, posts().IsMentioned(p.id, cat_.id));
  EXPECT_TRUE(cat_in_p);
  CW_ASSERT_OK_AND_ASSIGN(bool ann_in_p, posts().IsMentioned(p.id, ann_.id));
  EXPECT_FALSE(ann_in_p);
  CW_ASSERT_OK_AND_ASSIGN(bool bob_in_q, posts().IsMentioned(q.id, bob_.id));
  EXPECT_FALSE(bob_in_q);
}

TEST_F(PostStoreTest, AFailedPutRecordsNoMentions) {
  Post p = AddPost(ann_.id);
  Post dup = MakePost(bob_.id, "@cat");
  dup.id = p.id;
  CW_EXPECT_CODE(posts().PutPost(dup, {cat_.id}), ErrorCode::kAlreadyExists);
  CW_ASSERT_OK_AND_ASSIGN(bool mentioned, posts().IsMentioned(p.id, cat_.id));
  EXPECT_FALSE(mentioned);
}

// --- likes ---

TEST_F(PostStoreTest, LikingTwiceIsAlreadyExistsAndUnlikingNothingIsNotFound) {
  Post p = AddPost(ann_.id);
  CW_ASSERT_OK(posts().PutPostLike(NextId(), p.id, bob_.id, Now()));
  CW_EXPECT_CODE(posts().PutPostLike(NextId(), p.id, bob_.id, Now()), ErrorCode::kAlreadyExists);
  CW_ASSERT_OK(posts().DeletePostLike(p.id, bob_.id));
  CW_EXPECT_CODE(posts().DeletePostLike(p.id, bob_.id), ErrorCode::kNotFound);
  // Liking again after unliking works.
  CW_ASSERT_OK(posts().PutPostLike(NextId(), p.id, bob_.id, Now()));
}

TEST_F(PostStoreTest, LikersAreListedNewestFirstAndPaged) {
  Post p = AddPost(ann_.id);
  std::vector<std::pair<Id, Id>> likes;  // oldest first
  for (int i = 0; i < 5; ++i) {
    Account a = AddAccount("liker_" + std::to_string(i));
    Id like_id = NextId();
    CW_ASSERT_OK(posts().PutPostLike(like_id, p.id, a.id, Now()));
    likes.emplace_back(like_id, a.id);
  }
  CW_ASSERT_OK_AND_ASSIGN(auto p1, posts().ListPostLikers(p.id, Limit(2)));
  EXPECT_EQ(p1, (std::vector<std::pair<Id, Id>>{likes[4], likes[3]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p2, posts().ListPostLikers(p.id, MaxId(p1.back().first, 2)));
  EXPECT_EQ(p2, (std::vector<std::pair<Id, Id>>{likes[2], likes[1]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p3, posts().ListPostLikers(p.id, MaxId(p2.back().first, 2)));
  EXPECT_EQ(p3, (std::vector<std::pair<Id, Id>>{likes[0]}));
}

TEST_F(PostStoreTest, FilterLikedPostsReturnsOnlyThatAccountsLikes) {
  Post a = AddPost(ann_.id);
  Post b = AddPost(ann_.id);
  Post c = AddPost(ann_.id);
  CW_ASSERT_OK(posts().PutPostLike(NextId(), a.id, bob_.id, Now()));
  CW_ASSERT_OK(posts().PutPostLike(NextId(), c.id, bob_.id, Now()));
  CW_ASSERT_OK(posts().PutPostLike(NextId(), b.id, cat_.id, Now()));
  CW_ASSERT_OK_AND_ASSIGN(auto liked, posts().FilterLikedPosts(bob_.id, {a.id, b.id, c.id}));
  EXPECT_EQ(liked, (std::unordered_set<Id>{a.id, c.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto only_b, posts().FilterLikedPosts(bob_.id, {b.id}));
  EXPECT_TRUE(only_b.empty());
  CW_ASSERT_OK_AND_ASSIGN(auto anon, posts().FilterLikedPosts(0, {a.id, b.id, c.id}));
  EXPECT_TRUE(anon.empty());
}

TEST_F(PostStoreTest, FilterForwardedPostsLooksAtDirectParentsOnly) {
  Post root = AddPost(ann_.id);
  Post other = AddPost(ann_.id);
  Post f1 = AddForward(cat_.id, root);
  AddForward(bob_.id, f1);  // bob forwarded f1, so root only indirectly
  Post untouched = AddPost(ann_.id);
  CW_ASSERT_OK_AND_ASSIGN(
      auto fwd, posts().FilterForwardedPosts(bob_.id, {root.id, f1.id, other.id, untouched.id}));
  EXPECT_EQ(fwd, (std::unordered_set<Id>{f1.id}));
  CW_ASSERT_OK_AND_ASSIGN(auto cat_fwd, posts().FilterForwardedPosts(cat_.id, {root.id, f1.id}));
  EXPECT_EQ(cat_fwd, (std::unordered_set<Id>{root.id}));
}

TEST_F(PostStoreTest, ADeletedForwardNoLongerCountsAsForwarded) {
  Post root = AddPost(ann_.id);
  Post f = AddForward(bob_.id, root);
  CW_ASSERT_OK(posts().MarkPostDeleted(f.id, Now()));
  CW_ASSERT_OK_AND_ASSIGN(auto fwd, posts().FilterForwardedPosts(bob_.id, {root.id}));
  EXPECT_TRUE(fwd.empty());
}

TEST_F(PostStoreTest, FiltersHandleLongLists) {
  std::vector<Id> ids;
  std::unordered_set<Id> want;
  for (int i = 0; i < 150; ++i) {
    Post p = AddPost(ann_.id);
    ids.push_back(p.id);
    if (i % 3 == 0) {
      CW_ASSERT_OK(posts().PutPostLike(NextId(), p.id, bob_.id, Now()));
      want.insert(p.id);
    }
  }
  CW_ASSERT_OK_AND_ASSIGN(auto liked, posts().FilterLikedPosts(bob_.id, ids));
  EXPECT_EQ(liked, want);
}

}  // namespace
}  // namespace cw::testing
