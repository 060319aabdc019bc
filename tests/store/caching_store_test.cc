// CachingStore: cached reads stay correct across every kind of write, inside and outside units.
#include "store/cache/caching_store.h"

#include <atomic>
#include <thread>
#include <vector>

#include "store_fixture.h"

namespace cw::testing {
namespace {

class CachingStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    store_ = std::make_unique<CachingStore>(std::move(store_), CacheOptions{});
  }
};

TEST_F(CachingStoreTest, CountersSeenThroughTheCacheFollowWrites) {
  Account a = AddAccount("alice");
  CW_ASSERT_OK_AND_ASSIGN(Account before, accounts().GetAccountById(a.id));
  EXPECT_EQ(before.fans_count, 0);
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, 2, 0, 0));
  CW_ASSERT_OK_AND_ASSIGN(Account after, accounts().GetAccountById(a.id));
  EXPECT_EQ(after.fans_count, 2);
  // Inside a unit too, and the change is visible after it commits.
  CW_ASSERT_OK(store().Write([&] { return accounts().AddAccountCounters(a.id, 1, 0, 0); }));
  CW_ASSERT_OK_AND_ASSIGN(Account later, accounts().GetAccountById(a.id));
  EXPECT_EQ(later.fans_count, 3);
  // Briefs are read from the cached account and follow it.
  CW_ASSERT_OK_AND_ASSIGN(auto briefs, accounts().GetAccountBriefs({a.id}));
  ASSERT_EQ(briefs.size(), 1u);
  EXPECT_EQ(briefs[0].fans_count, 3);
  later.state = AccountState::kSuspended;
  CW_ASSERT_OK(accounts().UpdateAccount(later));
  CW_ASSERT_OK_AND_ASSIGN(briefs, accounts().GetAccountBriefs({a.id}));
  EXPECT_EQ(briefs[0].state, AccountState::kSuspended);
}

TEST_F(CachingStoreTest, AFailedUnitLeavesTheCacheAsTheStore) {
  Post p = AddPost(AddAccount("bob").id);
  CW_ASSERT_OK(posts().GetPostById(p.id).status());
  Status st = store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(posts().AddPostCounters(p.id, 5, 0, 0));
    return InvalidArgument("changed my mind");
  });
  EXPECT_FALSE(st.ok());
  CW_ASSERT_OK_AND_ASSIGN(Post again, posts().GetPostById(p.id));
  EXPECT_EQ(again.forwards_count, 0);
}

TEST_F(CachingStoreTest, RelationFactsFolloweesAndHiddenSetsFollowChanges) {
  Account a = AddAccount("ann"), b = AddAccount("ben");
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f0, relations().GetRelationFacts(a.id, b.id));
  EXPECT_FALSE(f0.following);
  CW_ASSERT_OK_AND_ASSIGN(auto none, relations().ListFolloweeIds(a.id));
  EXPECT_TRUE(none.empty());
  CW_ASSERT_OK(relations().PutFollow(Follow{NextId(), a.id, b.id, Now()}));
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f1, relations().GetRelationFacts(a.id, b.id));
  EXPECT_TRUE(f1.following);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts f1b, relations().GetRelationFacts(b.id, a.id));
  EXPECT_TRUE(f1b.followed_by);
  CW_ASSERT_OK_AND_ASSIGN(auto one, relations().ListFolloweeIds(a.id));
  EXPECT_EQ(one, std::vector<Id>{b.id});
  CW_ASSERT_OK_AND_ASSIGN(auto hidden0, relations().FilterMutedOrBlocked(a.id, {b.id}));
  EXPECT_TRUE(hidden0.empty());
  CW_ASSERT_OK(relations().PutBlock(b.id, a.id, Now()));
  CW_ASSERT_OK_AND_ASSIGN(auto hidden1, relations().FilterMutedOrBlocked(a.id, {b.id}));
  EXPECT_EQ(hidden1.count(b.id), 1u);
  CW_ASSERT_OK(relations().DeleteBlock(b.id, a.id));
  CW_ASSERT_OK_AND_ASSIGN(auto hidden2, relations().FilterMutedOrBlocked(a.id, {b.id}));
  EXPECT_TRUE(hidden2.empty());
}

// Liked/forwarded flags come from a cached per-account set, which must follow likes, unlikes,
// forwards and deleted forwards.
TEST_F(CachingStoreTest, ViewerFlagsFollowLikesAndForwards) {
  Account a = AddAccount("amy"), b = AddAccount("bo");
  Post old = AddPost(b.id), recent = AddPost(b.id), other = AddPost(b.id);
  std::vector<Id> ids = {old.id, recent.id, other.id};
  CW_ASSERT_OK_AND_ASSIGN(auto liked0, posts().FilterLikedPosts(a.id, ids));
  EXPECT_TRUE(liked0.empty());
  CW_ASSERT_OK(posts().PutPostLike(NextId(), recent.id, a.id, Now()));
  CW_ASSERT_OK(store().Write([&] { return posts().PutPostLike(NextId(), old.id, a.id, Now()); }));
  CW_ASSERT_OK_AND_ASSIGN(auto liked1, posts().FilterLikedPosts(a.id, ids));
  EXPECT_EQ(liked1, (std::unordered_set<Id>{old.id, recent.id}));
  CW_ASSERT_OK(posts().DeletePostLike(recent.id, a.id));
  CW_ASSERT_OK_AND_ASSIGN(auto liked2, posts().FilterLikedPosts(a.id, ids));
  EXPECT_EQ(liked2, std::unordered_set<Id>{old.id});

  CW_ASSERT_OK_AND_ASSIGN(auto fwd0, posts().FilterForwardedPosts(a.id, ids));
  EXPECT_TRUE(fwd0.empty());
  Post f1 = AddForward(a.id, other), f2 = AddForward(a.id, old);
  CW_ASSERT_OK_AND_ASSIGN(auto fwd1, posts().FilterForwardedPosts(a.id, ids));
  EXPECT_EQ(fwd1, (std::unordered_set<Id>{other.id, old.id}));
  CW_ASSERT_OK(posts().MarkPostDeleted(f1.id, Now()));
  CW_ASSERT_OK_AND_ASSIGN(auto fwd2, posts().FilterForwardedPosts(a.id, ids));
  EXPECT_EQ(fwd2, std::unordered_set<Id>{old.id});
  // Another account's flags are its own.
  CW_ASSERT_OK_AND_ASSIGN(auto fwd_b, posts().FilterForwardedPosts(b.id, ids));
  EXPECT_TRUE(fwd_b.empty());
  (void)f2;
}

// An account with more likes than the cache keeps: the oldest are answered by the store.
TEST_F(CachingStoreTest, ViewerFlagsBeyondTheCachedLikesAskTheStore) {
  Account a = AddAccount("ava"), b = AddAccount("bea");
  std::vector<Post> liked;
  CW_ASSERT_OK(store().Write([&]() -> Status {
    for (int i = 0; i < 2005; ++i) {
      liked.push_back(AddPost(b.id));
      CW_RETURN_IF_ERROR(posts().PutPostLike(NextId(), liked.back().id, a.id, Now()));
    }
    return OkStatus();
  }));
  Post unliked = AddPost(b.id);
  std::vector<Id> ids = {liked.front().id, liked[3].id, liked[1000].id, liked.back().id, unliked.id};
  CW_ASSERT_OK_AND_ASSIGN(auto flags, posts().FilterLikedPosts(a.id, ids));
  EXPECT_EQ(flags, (std::unordered_set<Id>{liked.front().id, liked[3].id, liked[1000].id,
                                           liked.back().id}));
}

TEST_F(CachingStoreTest, AnEndedSessionIsNotServedFromTheCache) {
  Account a = AddAccount("cat");
  Session s{NextId(), a.id, "hash-1", "test", "", Now(), Now()};
  CW_ASSERT_OK(accounts().PutSession(s));
  CW_ASSERT_OK(accounts().GetSessionByTokenHash("hash-1").status());
  CW_ASSERT_OK(accounts().DeleteSessionById(a.id, s.id));
  CW_EXPECT_CODE(accounts().GetSessionByTokenHash("hash-1"), ErrorCode::kNotFound);
}

// A handle is looked up through the cache in any case, and answers with the account as it is
// now; a handle not found is not remembered, so it can be registered later.
TEST_F(CachingStoreTest, AHandleFindsTheAccountAsItIsNow) {
  CW_EXPECT_CODE(accounts().GetAccountByHandle("Hana"), ErrorCode::kNotFound);
  Account a = AddAccount("hana");
  CW_ASSERT_OK_AND_ASSIGN(Account first, accounts().GetAccountByHandle("Hana"));
  EXPECT_EQ(first.id, a.id);
  Account renamed = first;
  renamed.display_name = "花";
  CW_ASSERT_OK(accounts().UpdateAccount(renamed));
  CW_ASSERT_OK_AND_ASSIGN(Account again, accounts().GetAccountByHandle("HANA"));
  EXPECT_EQ(again.id, a.id);
  EXPECT_EQ(again.display_name, "花");
}

// A session's once-a-minute touch edits the cached copy instead of dropping it.
TEST_F(CachingStoreTest, TouchingASessionEditsTheCachedCopy) {
  Account a = AddAccount("cid");
  Session s{NextId(), a.id, "hash-2", "test", "", Now(), Now()};
  CW_ASSERT_OK(accounts().PutSession(s));
  CW_ASSERT_OK(accounts().GetSessionByTokenHash("hash-2").status());
  auto& sessions = static_cast<CachingAccountStore&>(accounts()).sessions();
  auto [hits0, misses0] = sessions.HitsAndMisses();
  CW_ASSERT_OK(accounts().TouchSession(s, s.last_used_at + 60000));
  CW_ASSERT_OK_AND_ASSIGN(Session got, accounts().GetSessionByTokenHash("hash-2"));
  EXPECT_EQ(got.last_used_at, s.last_used_at + 60000);
  EXPECT_EQ(sessions.HitsAndMisses().second, misses0);
  EXPECT_GT(sessions.HitsAndMisses().first, hits0);
}

// A new post is cached as written once its unit commits, and not when the unit fails.
TEST_F(CachingStoreTest, ANewPostIsCachedOnceItCommits) {
  Account a = AddAccount("cora");
  auto& cache = static_cast<CachingPostStore&>(posts()).cache();
  Post kept = MakePost(a.id, "kept");
  CW_ASSERT_OK(store().Write([&] { return posts().PutPost(kept, {}); }));
  auto [hits0, misses0] = cache.HitsAndMisses();
  CW_ASSERT_OK_AND_ASSIGN(Post got, posts().GetPostById(kept.id));
  EXPECT_EQ(got.text, "kept");
  EXPECT_EQ(cache.HitsAndMisses().second, misses0);
  EXPECT_GT(cache.HitsAndMisses().first, hits0);

  Post undone = MakePost(a.id, "undone");
  Status failed = store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(posts().PutPost(undone, {}));
    return InvalidArgument("changed my mind");
  });
  EXPECT_FALSE(failed.ok());
  CW_EXPECT_CODE(posts().GetPostById(undone.id), ErrorCode::kNotFound);
}

TEST_F(CachingStoreTest, ConcurrentReadersNeverKeepAStaleCounter) {
  Account a = AddAccount("dora");
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) (void)accounts().GetAccountById(a.id);
  });
  for (int i = 0; i < 200; ++i) CW_ASSERT_OK(accounts().AddAccountCounters(a.id, 1, 0, 0));
  done = true;
  reader.join();
  CW_ASSERT_OK_AND_ASSIGN(Account last, accounts().GetAccountById(a.id));
  EXPECT_EQ(last.fans_count, 200);
}

// A post moves its author's posts_count: the cached copy is edited after the commit instead of
// being dropped and read again.
TEST_F(CachingStoreTest, ACommittedCounterChangeEditsTheCachedAccountWithoutAReload) {
  Account a = AddAccount("edna");
  auto& cache = static_cast<CachingAccountStore&>(accounts()).cache();
  CW_ASSERT_OK(accounts().GetAccountById(a.id).status());
  auto [hits0, misses0] = cache.HitsAndMisses();
  CW_ASSERT_OK(store().Write([&] { return accounts().AddAccountCounters(a.id, 0, 0, 1); }));
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, 2, 1, 0));  // outside a unit too
  CW_ASSERT_OK_AND_ASSIGN(Account after, accounts().GetAccountById(a.id));
  EXPECT_EQ(after.posts_count, 1);
  EXPECT_EQ(after.fans_count, 2);
  EXPECT_EQ(after.following_count, 1);
  EXPECT_EQ(cache.HitsAndMisses().second, misses0);
  EXPECT_GT(cache.HitsAndMisses().first, hits0);
  // Never below zero, as in the store.
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, -5, 0, 0));
  CW_ASSERT_OK_AND_ASSIGN(Account floored, accounts().GetAccountById(a.id));
  EXPECT_EQ(floored.fans_count, 0);
}

TEST_F(CachingStoreTest, ACounterChangeThatIsRolledBackIsNotKeptInTheCache) {
  Account a = AddAccount("fern");
  CW_ASSERT_OK(accounts().GetAccountById(a.id).status());
  Status st = store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(accounts().AddAccountCounters(a.id, 0, 0, 1));
    return InvalidArgument("changed my mind");
  });
  EXPECT_FALSE(st.ok());
  CW_ASSERT_OK_AND_ASSIGN(Account after, accounts().GetAccountById(a.id));
  EXPECT_EQ(after.posts_count, 0);
  // A nested unit that fails alone inside one that commits: its change is undone too.
  CW_ASSERT_OK(store().Write([&]() -> Status {
    (void)store().Write([&]() -> Status {
      CW_RETURN_IF_ERROR(accounts().AddAccountCounters(a.id, 0, 0, 1));
      return InvalidArgument("not this part");
    });
    return accounts().AddAccountCounters(a.id, 1, 0, 0);
  }));
  CW_ASSERT_OK_AND_ASSIGN(Account later, accounts().GetAccountById(a.id));
  EXPECT_EQ(later.posts_count, 0);
  EXPECT_EQ(later.fans_count, 1);
}

// Units from several threads share group commits; readers fill the cache all along.
TEST_F(CachingStoreTest, ConcurrentUnitsAndReadersAgreeWithTheStoreOnCounters) {
  Account a = AddAccount("gina");
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done) (void)accounts().GetAccountById(a.id);
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&] {
      for (int i = 0; i < 100; ++i) {
        Status st = store().Write([&] { return accounts().AddAccountCounters(a.id, 0, 0, 1); });
        EXPECT_TRUE(st.ok());
      }
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  CW_ASSERT_OK_AND_ASSIGN(Account cached, accounts().GetAccountById(a.id));
  EXPECT_EQ(cached.posts_count, 400);
  store().DropCaches();
  CW_ASSERT_OK_AND_ASSIGN(Account stored, accounts().GetAccountById(a.id));
  EXPECT_EQ(stored.posts_count, 400);
}

TEST_F(CachingStoreTest, PostCountersAreEditedInTheCachedPostAfterCommit) {
  Post p = AddPost(AddAccount("hana").id);
  auto& cache = static_cast<CachingPostStore&>(posts()).cache();
  CW_ASSERT_OK(posts().GetPostById(p.id).status());
  auto misses0 = cache.HitsAndMisses().second;
  CW_ASSERT_OK(store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(posts().AddPostCounters(p.id, 1, 2, 3));
    return posts().AddSuspectCounters(p.id, 1, 0, 1);
  }));
  CW_ASSERT_OK_AND_ASSIGN(Post after, posts().GetPostById(p.id));
  EXPECT_EQ(cache.HitsAndMisses().second, misses0);
  EXPECT_EQ(after.forwards_count, 1);
  EXPECT_EQ(after.comments_count, 2);
  EXPECT_EQ(after.likes_count, 3);
  EXPECT_EQ(after.suspect_forwards_count, 1);
  EXPECT_EQ(after.suspect_likes_count, 1);
  store().DropCaches();
  CW_ASSERT_OK_AND_ASSIGN(Post stored, posts().GetPostById(p.id));
  EXPECT_EQ(stored.likes_count, 3);
  EXPECT_EQ(stored.suspect_likes_count, 1);
}

}  // namespace
}  // namespace cw::testing
