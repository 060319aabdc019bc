// CachingStore wraps any Store with bounded in-process caches for the hottest reads: accounts by
// id, posts by id, relation facts between two accounts, and followee lists. Every other call is
// forwarded. Writes made through the wrapper invalidate what they change, once when they run and
// again after their transaction commits (see sharded_lru.h for why both). Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <vector>

#include "store/cache/change_epochs.h"
#include "store/cache/sharded_lru.h"
#include "store/store.h"

namespace cw {

struct CacheOptions {
  size_t accounts = 200'000;
  size_t posts = 500'000;
  size_t relation_facts = 500'000;
  size_t followee_lists = 100'000;
  size_t viewer_flags = 100'000;  // accounts whose recent likes and forwards are kept
  size_t fan_lists = 20'000;      // fan id lists, for the fan-out of new posts
};

struct PairHash {
  size_t operator()(const std::pair<Id, Id>& p) const {
    return std::hash<Id>{}(p.first * 0x9E3779B97F4A7C15LL ^ p.second);
  }
};

class CachingStore;

class CachingAccountStore : public AccountStore {
 public:
  CachingAccountStore(CachingStore* owner, AccountStore* inner, size_t capacity)
      : owner_(owner), inner_(inner), cache_(capacity), sessions_(capacity), handles_(capacity) {}
  Result<Account> GetAccountById(Id id) override;
  Result<std::vector<Account>> GetAccountsByIds(const std::vector<Id>& ids) override;
  Result<std::vector<std::shared_ptr<const Account>>> GetSharedAccounts(
      const std::vector<Id>& ids) override;
  // From cached accounts without copying them; the rest are loaded into the cache.
  Result<std::vector<AccountBrief>> GetAccountBriefs(const std::vector<Id>& ids) override;
  // Through a cache of handle to id (handles never change and accounts are never deleted, so
  // an entry never goes stale; misses are not kept, since a handle may be registered later).
  Result<Account> GetAccountByHandle(std::string_view h) override;
  Result<Account> GetAccountByExternalId(std::string_view e) override {
    return inner_->GetAccountByExternalId(e);
  }
  Result<std::vector<Account>> ListAccountsByHandlePrefix(std::string_view p, int limit) override {
    return inner_->ListAccountsByHandlePrefix(p, limit);
  }
  Result<std::vector<Account>> ListAccounts(const Page& p) override { return inner_->ListAccounts(p); }
  Status PutAccount(const Account& a) override;
  Status UpdateAccount(const Account& a) override;
  Status AddAccountCounters(Id id, int64_t fans, int64_t following, int64_t posts) override;
  Status AddSuspectFans(Id id, int64_t fans) override;
  Status SetCredible(Id id, bool credible) override;
  Result<int64_t> CountAccounts() override { return inner_->CountAccounts(); }
  Status PutSession(const Session& s) override { return inner_->PutSession(s); }
  Result<Session> GetSessionByTokenHash(std::string_view h) override;
  Result<std::vector<Session>> ListSessionsByAccount(Id a) override {
    return inner_->ListSessionsByAccount(a);
  }
  // Ending sessions is rare (log out, suspension): the whole session cache is dropped.
  Status DeleteSessionById(Id a, Id s) override;
  Status DeleteSessionsByAccount(Id a) override;
  Status TouchSession(const Session& s, TimeMs at) override;
  ShardedLru<Id, std::shared_ptr<const Account>>& cache() { return cache_; }
  ShardedLru<std::string, Session>& sessions() { return sessions_; }
  // Drops every cached account and session.
  void ForgetAll() {
    cache_.Clear();
    sessions_.Clear();
    handles_.Clear();
  }

 private:
  // Drops the cached account and bumps its epoch.
  void AccountChanged(Id id);
  CachingStore* owner_;
  AccountStore* inner_;
  ShardedLru<Id, std::shared_ptr<const Account>> cache_;  // shared: handed out without copying
  ShardedLru<std::string, Session> sessions_;  // by token hash
  ShardedLru<std::string, Id> handles_;         // lower-cased handle -> account id
};

class CachingPostStore : public PostStore {
 public:
  CachingPostStore(CachingStore* owner, PostStore* inner, const CacheOptions& o)
      : owner_(owner),
        inner_(inner),
        cache_(o.posts),
        liked_(o.viewer_flags),
        forwarded_(o.viewer_flags) {}
  Result<Post> GetPostById(Id id) override;
  Result<std::vector<Post>> GetPostsByIds(const std::vector<Id>& ids) override;
  Result<std::vector<std::shared_ptr<const Post>>> GetSharedPosts(const std::vector<Id>& ids) override;
  Result<Post> GetPostByExternalId(std::string_view e) override { return inner_->GetPostByExternalId(e); }
  Status PutPost(const Post& p, const std::vector<Id>& m) override;
  Status MarkPostDeleted(Id id, TimeMs at) override;
  Status AddPostCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) override;
  Status AddSuspectCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) override;
  Result<std::vector<Post>> ListPostsByAuthor(Id a, const Page& p, bool f) override {
    return inner_->ListPostsByAuthor(a, p, f);
  }
  Result<std::vector<Post>> ListPostsByAuthors(const std::vector<Id>& a, const Page& p) override {
    return inner_->ListPostsByAuthors(a, p);
  }
  Result<std::vector<Post>> ListForwardsOf(Id id, const Page& p) override {
    return inner_->ListForwardsOf(id, p);
  }
  Result<std::vector<Post>> ListCascade(Id r, int limit) override {
    return inner_->ListCascade(r, limit);
  }
  Result<std::vector<Post>> ListPublicPosts(const Page& p) override { return inner_->ListPublicPosts(p); }
  Result<bool> IsMentioned(Id p, Id a) override { return inner_->IsMentioned(p, a); }
  Status PutPostLike(Id l, Id p, Id a, TimeMs at) override;
  Status DeletePostLike(Id p, Id a) override;
  Result<std::vector<std::pair<Id, Id>>> ListPostLikers(Id p, const Page& page) override {
    return inner_->ListPostLikers(p, page);
  }
  // Flags of recent posts come from the account's cached recent likes (forwards); older ones
  // from the store.
  Result<std::unordered_set<Id>> FilterLikedPosts(Id a, const std::vector<Id>& ids) override;
  Result<std::unordered_set<Id>> FilterForwardedPosts(Id a, const std::vector<Id>& ids) override;
  Result<std::vector<Id>> ListLikedPostIds(Id a, int limit) override {
    return inner_->ListLikedPostIds(a, limit);
  }
  Result<std::vector<std::pair<Id, Id>>> ListForwardParents(Id a, int limit) override {
    return inner_->ListForwardParents(a, limit);
  }
  ShardedLru<Id, std::shared_ptr<const Post>>& cache() { return cache_; }

 private:
  // What an account liked (or forwarded), newest first and bounded: every post with an id from
  // `horizon` up that it liked (forwarded) is in `ids`. Most accounts fit whole (horizon 0).
  struct RecentActs {
    Id horizon = 0;
    std::unordered_set<Id> ids;
  };
  using RecentPtr = std::shared_ptr<const RecentActs>;
  Result<std::unordered_set<Id>> FilterRecent(
      ShardedLru<Id, RecentPtr>& cache, Id account, const std::vector<Id>& ids,
      const std::function<Result<RecentPtr>()>& load,
      const std::function<Result<std::unordered_set<Id>>(const std::vector<Id>&)>& query);

  CachingStore* owner_;
  PostStore* inner_;
  ShardedLru<Id, std::shared_ptr<const Post>> cache_;  // shared: handed out without copying
  ShardedLru<Id, RecentPtr> liked_, forwarded_;
};

class CachingRelationStore : public RelationStore {
 public:
  CachingRelationStore(CachingStore* owner, RelationStore* inner, const CacheOptions& o)
      : owner_(owner),
        inner_(inner),
        facts_(o.relation_facts),
        followees_(o.followee_lists),
        fans_(o.fan_lists),
        hidden_(o.followee_lists) {}
  Result<RelationFacts> GetRelationFacts(Id viewer, Id target) override;
  Status PutFollow(const Follow& f) override;
  Status DeleteFollow(Id follower, Id followee, TimeMs at) override;
  Result<std::vector<Follow>> ListFans(Id a, const Page& p) override { return inner_->ListFans(a, p); }
  Result<std::vector<Follow>> ListFollowing(Id a, const Page& p) override {
    return inner_->ListFollowing(a, p);
  }
  Result<std::vector<Id>> ListFolloweeIds(Id account) override;
  Result<std::vector<Id>> ListFanIds(Id account) override;
  Status PutBlock(Id a, Id t, TimeMs at) override;
  Status DeleteBlock(Id a, Id t) override;
  Status PutMute(Id a, Id t, TimeMs at) override;
  Status DeleteMute(Id a, Id t) override;
  // From the cached full set of the account's mutes and blocks.
  Result<std::unordered_set<Id>> FilterMutedOrBlocked(Id a, const std::vector<Id>& ids) override;
  Result<std::unordered_set<Id>> ListMutedOrBlocked(Id a) override;
  Result<std::shared_ptr<const std::vector<Id>>> SharedFolloweeIds(Id account) override;
  Result<std::shared_ptr<const std::unordered_set<Id>>> SharedMutedOrBlocked(Id a) override {
    return Hidden(a);
  }
  Status PutGroup(const FolloweeGroup& g) override { return inner_->PutGroup(g); }
  Result<FolloweeGroup> GetGroupById(Id id) override { return inner_->GetGroupById(id); }
  Result<std::vector<FolloweeGroup>> ListGroupsByOwner(Id o) override { return inner_->ListGroupsByOwner(o); }
  Status RenameGroup(Id id, const std::string& t) override { return inner_->RenameGroup(id, t); }
  // Group membership decides who sees group-only posts: a change bumps the member's epoch.
  Status DeleteGroupById(Id id) override;
  Status PutGroupMember(Id g, Id a, TimeMs at) override;
  Status DeleteGroupMember(Id g, Id a) override;
  Result<std::vector<Id>> ListGroupMemberIds(Id g) override { return inner_->ListGroupMemberIds(g); }
  Result<bool> IsGroupMember(Id g, Id a) override { return inner_->IsGroupMember(g, a); }
  Result<std::vector<Id>> ListGroupIdsContaining(Id o, Id m) override {
    return inner_->ListGroupIdsContaining(o, m);
  }
  Status DeleteMemberFromOwnerGroups(Id o, Id m) override;

 private:
  // Forgets what the store said about the pair (both ways) and, for follows, their lists.
  void PairChanged(Id a, Id b, bool follows);
  // Bumps the member's epoch, now and after commit (0: everyone's).
  void MemberChanged(Id member);
  CachingStore* owner_;
  RelationStore* inner_;
 public:
  void Clear() {
    facts_.Clear();
    followees_.Clear();
    fans_.Clear();
    hidden_.Clear();
  }

 private:
  ShardedLru<std::pair<Id, Id>, RelationFacts, PairHash> facts_;
  ShardedLru<Id, std::shared_ptr<const std::vector<Id>>> followees_;
  ShardedLru<Id, std::shared_ptr<const std::vector<Id>>> fans_;
  // Mutes and blocks either way, per account.
  using HiddenPtr = std::shared_ptr<const std::unordered_set<Id>>;
  Result<HiddenPtr> Hidden(Id account);
  ShardedLru<Id, HiddenPtr> hidden_;
};

class CachingStore : public Store {
 public:
  // Registers with `inner` to forget accounts, sessions, posts and relations when another process
  // (the admin CLI) writes to the same database.
  CachingStore(std::unique_ptr<Store> inner, const CacheOptions& options);
  ~CachingStore() override;
  AccountStore& accounts() override { return accounts_; }
  RelationStore& relations() override { return relations_; }
  PostStore& posts() override { return posts_; }
  CommentStore& comments() override { return inner_->comments(); }
  MessageStore& messages() override { return inner_->messages(); }
  NotificationStore& notifications() override { return inner_->notifications(); }
  SearchStore* search() override { return inner_->search(); }
  IntegrityStore* integrity() override { return inner_->integrity(); }
  SignupStore* signups() override { return inner_->signups(); }
  AnalyticsStore* analytics() override { return inner_->analytics(); }
  MonitorStore* monitors() override { return inner_->monitors(); }
  void DropCaches() override;
  const ChangeEpochs* change_epochs() const override { return &epochs_; }
  ChangeEpochs& epochs() { return epochs_; }
  Status Write(const std::function<Status()>& fn) override;
  Result<std::unique_ptr<BulkLoader>> NewBulkLoader(bool drop_indexes) override;
  void Close() override { inner_->Close(); }

  // Runs `invalidate` now and, when inside a write unit, again after it commits.
  void Changed(const std::function<void()>& invalidate);
  // Runs `then(committed)` once the write just made is settled: after its unit's commit when
  // inside a write unit (committed: the unit and every enclosing one succeeded), at once
  // otherwise (committed: `ok`, the write's own result).
  void AfterCommit(bool ok, const std::function<void(bool)>& then);

 private:
  std::unique_ptr<Store> inner_;
  ChangeEpochs epochs_;
  CachingAccountStore accounts_;
  CachingRelationStore relations_;
  CachingPostStore posts_;
};

}  // namespace cw
