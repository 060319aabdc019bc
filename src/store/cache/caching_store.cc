#include "store/cache/caching_store.h"

#include <algorithm>
#include <unordered_map>

#include "common/text/entities.h"

namespace cw {
namespace {
// What a write unit asked to run after its commit, each with whether its own part of the unit
// (a nested unit may fail alone) succeeded; set on the writer thread while the unit runs.
struct PendingStep {
  std::function<void(bool)> then;
  bool ok = true;
};
thread_local std::vector<PendingStep>* tls_pending = nullptr;

template <typename T>
using SharedCache = ShardedLru<Id, std::shared_ptr<const T>>;

// An edit of a cached object, made on a copy that then replaces it: cached objects are shared
// and immutable, and readers holding the old one keep a consistent, older value.
template <typename T, typename F>
auto EditedCopy(F&& edit) {
  return [&edit](std::shared_ptr<const T>& cached) {
    auto copy = std::make_shared<T>(*cached);
    edit(*copy);
    cached = std::move(copy);
  };
}

// Looks each id up in `cache`, fetches the rest with one `fetch`, keeps `ids`' order. Cached
// objects are shared, not copied.
template <typename T>
Result<std::vector<std::shared_ptr<const T>>> GetShared(
    SharedCache<T>& cache, const std::vector<Id>& ids,
    const std::function<Result<std::vector<T>>(const std::vector<Id>&)>& fetch) {
  std::vector<std::shared_ptr<const T>> slots(ids.size());
  std::vector<size_t> missing;  // positions in `ids`
  for (size_t i = 0; i < ids.size(); ++i) {
    if (auto hit = cache.Get(ids[i])) {
      slots[i] = std::move(*hit);
    } else {
      missing.push_back(i);
    }
  }
  if (!missing.empty()) {
    std::vector<Id> missing_ids;
    std::vector<typename SharedCache<T>::Ticket> tickets;
    for (size_t i : missing) {
      missing_ids.push_back(ids[i]);
      tickets.push_back(cache.Begin(ids[i]));
    }
    CW_ASSIGN_OR_RETURN(auto rows, fetch(missing_ids));
    std::unordered_map<Id, std::shared_ptr<const T>> fetched;
    for (auto& row : rows) {
      Id id = row.id;
      fetched.emplace(id, std::make_shared<const T>(std::move(row)));
    }
    for (size_t k = 0; k < missing.size(); ++k) {
      auto it = fetched.find(ids[missing[k]]);
      if (it == fetched.end()) continue;
      cache.Put(it->first, it->second, tickets[k]);
      slots[missing[k]] = it->second;
    }
  }
  std::erase(slots, nullptr);
  return slots;
}

// Bumps the change epoch of the object kind a cache holds.
void BumpEpoch(ChangeEpochs& epochs, Id id, const Account*) { epochs.Account(id); }
void BumpEpoch(ChangeEpochs& epochs, Id id, const Post*) { epochs.Post(id); }

// Runs `write`, then, once it is settled, edits the cached object with `edit` if the entry is
// still the one seen before the write (sharded_lru.h, UpdateIf, says why this is safe), or drops
// it when the write did not commit; then bumps the object's change epoch.
template <typename T, typename Edit>
Status WriteThenEdit(CachingStore* owner, SharedCache<T>& cache, Id id,
                     const std::function<Status()>& write, Edit edit) {
  std::optional<uint64_t> stamp = cache.StampOf(id);
  Status st = write();
  owner->AfterCommit(st.ok(), [owner, &cache, id, stamp, edit](bool committed) {
    if (committed) {
      cache.UpdateIf(id, stamp, EditedCopy<T>(edit));
    } else {
      cache.Invalidate(id);
    }
    BumpEpoch(owner->epochs(), id, static_cast<const T*>(nullptr));
  });
  return st;
}

template <typename T>
Result<std::vector<T>> GetMany(SharedCache<T>& cache, const std::vector<Id>& ids,
                               const std::function<Result<std::vector<T>>(const std::vector<Id>&)>& fetch) {
  CW_ASSIGN_OR_RETURN(auto shared, GetShared<T>(cache, ids, fetch));
  std::vector<T> out;
  out.reserve(shared.size());
  for (const auto& p : shared) out.push_back(*p);
  return out;
}

template <typename T>
Result<T> GetOne(SharedCache<T>& cache, Id id, const std::function<Result<T>()>& fetch) {
  if (auto v = cache.Get(id)) return **v;
  auto ticket = cache.Begin(id);
  auto r = fetch();
  if (r.ok()) cache.Put(id, std::make_shared<const T>(*r), ticket);
  return r;
}
}  // namespace

CachingStore::CachingStore(std::unique_ptr<Store> inner, const CacheOptions& o)
    : inner_(std::move(inner)),
      accounts_(this, &inner_->accounts(), o.accounts),
      relations_(this, &inner_->relations(), o),
      posts_(this, &inner_->posts(), o) {
  inner_->SetExternalChangeListener([this] {
    accounts_.ForgetAll();
    posts_.cache().Clear();
    relations_.Clear();
    epochs_.All();
  });
}

CachingStore::~CachingStore() { inner_->SetExternalChangeListener(nullptr); }

void CachingStore::Changed(const std::function<void()>& invalidate) {
  invalidate();
  if (tls_pending) tls_pending->push_back({[invalidate](bool) { invalidate(); }, true});
}

void CachingStore::AfterCommit(bool ok, const std::function<void(bool)>& then) {
  if (tls_pending) {
    tls_pending->push_back({then, ok});
  } else {
    then(ok);
  }
}

Status CachingStore::Write(const std::function<Status()>& fn) {
  if (tls_pending) {  // nested: the outer unit collects, and learns which steps were undone
    size_t first = tls_pending->size();
    std::vector<PendingStep>* pending = tls_pending;
    Status st = inner_->Write(fn);
    if (!st.ok()) {
      for (size_t i = first; i < pending->size(); ++i) (*pending)[i].ok = false;
    }
    return st;
  }
  std::vector<PendingStep> pending;
  auto unit = [&]() -> Status {
    tls_pending = &pending;
    Status inner_status = fn();
    tls_pending = nullptr;
    return inner_status;
  };
  Status st = inner_->Write(unit);
  for (const auto& step : pending) step.then(st.ok() && step.ok);
  return st;
}

void CachingStore::DropCaches() {
  accounts_.cache().Clear();
  posts_.cache().Clear();
  epochs_.All();
}

Result<std::unique_ptr<BulkLoader>> CachingStore::NewBulkLoader(bool drop_indexes) {
  // A bulk load changes everything underneath the caches.
  accounts_.cache().Clear();
  posts_.cache().Clear();
  relations_.Clear();
  epochs_.All();
  return inner_->NewBulkLoader(drop_indexes);
}

// --- accounts ---

Result<Account> CachingAccountStore::GetAccountByHandle(std::string_view h) {
  std::string key = text::AsciiLower(h);
  if (std::optional<Id> id = handles_.Get(key)) return GetAccountById(*id);
  auto ticket = handles_.Begin(key);
  CW_ASSIGN_OR_RETURN(Account a, inner_->GetAccountByHandle(h));
  handles_.Put(key, a.id, ticket);
  return a;
}

Result<Account> CachingAccountStore::GetAccountById(Id id) {
  return GetOne<Account>(cache_, id, [&] { return inner_->GetAccountById(id); });
}

Result<std::vector<AccountBrief>> CachingAccountStore::GetAccountBriefs(
    const std::vector<Id>& ids) {
  std::vector<AccountBrief> out;
  out.reserve(ids.size());
  auto brief = [](const Account& a) { return AccountBrief{a.id, a.state, a.fans_count}; };
  std::vector<Id> missing;
  for (Id id : ids) {
    if (!cache_.Visit(id, [&](const auto& a) { out.push_back(brief(*a)); })) {
      missing.push_back(id);
    }
  }
  if (!missing.empty()) {
    CW_ASSIGN_OR_RETURN(auto accounts, GetAccountsByIds(missing));
    for (const auto& a : accounts) out.push_back(brief(a));
  }
  return out;
}

Result<std::vector<Account>> CachingAccountStore::GetAccountsByIds(const std::vector<Id>& ids) {
  return GetMany<Account>(cache_, ids, [&](const std::vector<Id>& missing) {
    return inner_->GetAccountsByIds(missing);
  });
}

Result<std::vector<std::shared_ptr<const Account>>> CachingAccountStore::GetSharedAccounts(
    const std::vector<Id>& ids) {
  return GetShared<Account>(cache_, ids, [&](const std::vector<Id>& missing) {
    return inner_->GetAccountsByIds(missing);
  });
}

void CachingAccountStore::AccountChanged(Id id) {
  cache_.Invalidate(id);
  owner_->epochs().Account(id);
}

Status CachingAccountStore::PutAccount(const Account& a) {
  Status st = inner_->PutAccount(a);
  owner_->Changed([this, id = a.id] { AccountChanged(id); });
  return st;
}

Status CachingAccountStore::UpdateAccount(const Account& a) {
  Status st = inner_->UpdateAccount(a);
  owner_->Changed([this, id = a.id] { AccountChanged(id); });
  return st;
}

// The counters are edited in the cached copy once the change commits, so posting does not cost
// a reload of the author.
Status CachingAccountStore::AddAccountCounters(Id id, int64_t fans, int64_t following,
                                               int64_t posts) {
  auto write = [&] { return inner_->AddAccountCounters(id, fans, following, posts); };
  return WriteThenEdit<Account>(owner_, cache_, id, write, [=](Account& x) {
    // As the store's UPDATE: counters never go below zero.
    x.fans_count = std::max<int64_t>(0, x.fans_count + fans);
    x.following_count = std::max<int64_t>(0, x.following_count + following);
    x.posts_count = std::max<int64_t>(0, x.posts_count + posts);
  });
}

Status CachingAccountStore::AddSuspectFans(Id id, int64_t fans) {
  Status st = inner_->AddSuspectFans(id, fans);
  owner_->Changed([this, id] { AccountChanged(id); });
  return st;
}

Status CachingAccountStore::SetCredible(Id id, bool credible) {
  Status st = inner_->SetCredible(id, credible);
  owner_->Changed([this, id] { AccountChanged(id); });
  return st;
}

Result<Session> CachingAccountStore::GetSessionByTokenHash(std::string_view h) {
  std::string key(h);
  if (auto v = sessions_.Get(key)) return std::move(*v);
  auto ticket = sessions_.Begin(key);
  auto r = inner_->GetSessionByTokenHash(h);
  if (r.ok()) sessions_.Put(key, *r, ticket);
  return r;
}

Status CachingAccountStore::DeleteSessionById(Id a, Id s) {
  Status st = inner_->DeleteSessionById(a, s);
  owner_->Changed([this] { sessions_.Clear(); });
  return st;
}

Status CachingAccountStore::DeleteSessionsByAccount(Id a) {
  Status st = inner_->DeleteSessionsByAccount(a);
  owner_->Changed([this] { sessions_.Clear(); });
  return st;
}

Status CachingAccountStore::TouchSession(const Session& s, TimeMs at) {
  // Every session is touched once a minute, by a write nobody waits for: edit the cached copy
  // at once rather than read it back (the field is advisory, so a write that fails later only
  // leaves the cache a little ahead of the file).
  Status st = inner_->TouchSession(s, at);
  if (st.ok()) {
    sessions_.UpdateIf(s.token_hash, sessions_.StampOf(s.token_hash), [at](Session& cached) {
      cached.last_used_at = std::max(cached.last_used_at, at);
    });
  }
  return st;
}

// --- posts ---

Result<Post> CachingPostStore::GetPostById(Id id) {
  return GetOne<Post>(cache_, id, [&] { return inner_->GetPostById(id); });
}

Result<std::vector<Post>> CachingPostStore::GetPostsByIds(const std::vector<Id>& ids) {
  return GetMany<Post>(cache_, ids, [&](const std::vector<Id>& missing) {
    return inner_->GetPostsByIds(missing);
  });
}

Result<std::vector<std::shared_ptr<const Post>>> CachingPostStore::GetSharedPosts(
    const std::vector<Id>& ids) {
  return GetShared<Post>(cache_, ids, [&](const std::vector<Id>& missing) {
    return inner_->GetPostsByIds(missing);
  });
}

Status CachingPostStore::PutPost(const Post& p, const std::vector<Id>& mentioned) {
  // A new post is read at once (by the search indexer, by its author's fans' home pages): cache
  // it as written once it commits, unless something in its shard was invalidated meanwhile (a
  // like of it, say), which the ticket taken before the write tells.
  auto ticket = cache_.Begin(p.id);
  Status st = inner_->PutPost(p, mentioned);
  if (st.ok()) {
    auto post = std::make_shared<const Post>(p);
    owner_->AfterCommit(true, [this, ticket, post](bool committed) {
      if (committed) cache_.Put(post->id, post, ticket);
    });
  }
  if (p.parent_id) {
    owner_->Changed([this, a = p.author_id] {
      forwarded_.Invalidate(a);
      owner_->epochs().Account(a);
    });
  }
  return st;
}

Status CachingPostStore::MarkPostDeleted(Id id, TimeMs at) {
  auto post = GetPostById(id);
  Status st = inner_->MarkPostDeleted(id, at);
  owner_->Changed([this, id, author = post.ok() ? post->author_id : Id{0}] {
    cache_.Invalidate(id);
    owner_->epochs().Post(id);
    if (author) {
      forwarded_.Invalidate(author);
      owner_->epochs().Account(author);
    } else {
      forwarded_.Clear();
      owner_->epochs().All();
    }
  });
  return st;
}

Status CachingPostStore::PutPostLike(Id like_id, Id post_id, Id account_id, TimeMs at) {
  Status st = inner_->PutPostLike(like_id, post_id, account_id, at);
  owner_->Changed([this, account_id] {
    liked_.Invalidate(account_id);
    owner_->epochs().Account(account_id);
  });
  return st;
}

Status CachingPostStore::DeletePostLike(Id post_id, Id account_id) {
  Status st = inner_->DeletePostLike(post_id, account_id);
  owner_->Changed([this, account_id] {
    liked_.Invalidate(account_id);
    owner_->epochs().Account(account_id);
  });
  return st;
}

namespace {
// At most how many of an account's likes (forwards) are kept.
constexpr int kRecentActsMax = 2000;
}  // namespace

Result<std::unordered_set<Id>> CachingPostStore::FilterRecent(
    ShardedLru<Id, RecentPtr>& cache, Id account, const std::vector<Id>& ids,
    const std::function<Result<RecentPtr>()>& load,
    const std::function<Result<std::unordered_set<Id>>(const std::vector<Id>&)>& query) {
  std::unordered_set<Id> out;
  if (account == 0 || ids.empty()) return out;
  RecentPtr recent;
  if (auto v = cache.Get(account)) {
    recent = std::move(*v);
  } else {
    auto ticket = cache.Begin(account);
    CW_ASSIGN_OR_RETURN(recent, load());
    cache.Put(account, recent, ticket);
  }
  std::vector<Id> older;
  for (Id id : ids) {
    if (id < recent->horizon) {
      older.push_back(id);
    } else if (recent->ids.count(id)) {
      out.insert(id);
    }
  }
  if (!older.empty()) {
    CW_ASSIGN_OR_RETURN(auto more, query(older));
    out.insert(more.begin(), more.end());
  }
  return out;
}

Result<std::unordered_set<Id>> CachingPostStore::FilterLikedPosts(Id a, const std::vector<Id>& ids) {
  return FilterRecent(
      liked_, a, ids,
      [&]() -> Result<RecentPtr> {
        CW_ASSIGN_OR_RETURN(auto rows, inner_->ListLikedPostIds(a, kRecentActsMax));
        auto r = std::make_shared<RecentActs>();
        // A full batch may have left out older likes: answer only from its oldest post up.
        r->horizon = rows.size() == kRecentActsMax ? rows.back() : 0;
        r->ids.insert(rows.begin(), rows.end());
        return RecentPtr(std::move(r));
      },
      [&](const std::vector<Id>& older) { return inner_->FilterLikedPosts(a, older); });
}

Result<std::unordered_set<Id>> CachingPostStore::FilterForwardedPosts(Id a,
                                                                      const std::vector<Id>& ids) {
  return FilterRecent(
      forwarded_, a, ids,
      [&]() -> Result<RecentPtr> {
        CW_ASSIGN_OR_RETURN(auto rows, inner_->ListForwardParents(a, kRecentActsMax));
        auto r = std::make_shared<RecentActs>();
        // A full batch may have left out older forwards. A forward is younger than its parent,
        // so parents from the oldest forward loaded up have all theirs in the batch.
        r->horizon = rows.size() == kRecentActsMax ? rows.back().first : 0;
        for (const auto& [forward, parent] : rows) r->ids.insert(parent);
        return RecentPtr(std::move(r));
      },
      [&](const std::vector<Id>& older) { return inner_->FilterForwardedPosts(a, older); });
}

// Counters are edited in the cached post after the commit, as an account's are (a forward or a
// like of a popular post would otherwise drop it and every reader would load it again).
Status CachingPostStore::AddPostCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) {
  auto write = [&] { return inner_->AddPostCounters(id, forwards, comments, likes); };
  return WriteThenEdit<Post>(owner_, cache_, id, write, [=](Post& x) {
    x.forwards_count = std::max<int64_t>(0, x.forwards_count + forwards);
    x.comments_count = std::max<int64_t>(0, x.comments_count + comments);
    x.likes_count = std::max<int64_t>(0, x.likes_count + likes);
  });
}

Status CachingPostStore::AddSuspectCounters(Id id, int64_t forwards, int64_t comments,
                                            int64_t likes) {
  auto write = [&] { return inner_->AddSuspectCounters(id, forwards, comments, likes); };
  return WriteThenEdit<Post>(owner_, cache_, id, write, [=](Post& x) {
    x.suspect_forwards_count = std::max<int64_t>(0, x.suspect_forwards_count + forwards);
    x.suspect_comments_count = std::max<int64_t>(0, x.suspect_comments_count + comments);
    x.suspect_likes_count = std::max<int64_t>(0, x.suspect_likes_count + likes);
  });
}

// --- relations ---

void CachingRelationStore::PairChanged(Id a, Id b, bool follows) {
  owner_->Changed([this, a, b, follows] {
    facts_.Invalidate({a, b});
    facts_.Invalidate({b, a});
    if (!follows) {  // a mute or block changed
      hidden_.Invalidate(a);
      hidden_.Invalidate(b);
    }
    if (follows) {
      followees_.Invalidate(a);
      followees_.Invalidate(b);
      fans_.Invalidate(a);
      fans_.Invalidate(b);
    }
    owner_->epochs().Account(a);
    owner_->epochs().Account(b);
  });
}

void CachingRelationStore::MemberChanged(Id member) {
  if (member) {
    owner_->Changed([this, member] { owner_->epochs().Account(member); });
  } else {
    owner_->Changed([this] { owner_->epochs().All(); });
  }
}

Status CachingRelationStore::DeleteGroupById(Id id) {
  Status st = inner_->DeleteGroupById(id);
  MemberChanged(0);  // rare: not worth listing the members first
  return st;
}

Status CachingRelationStore::PutGroupMember(Id g, Id a, TimeMs at) {
  Status st = inner_->PutGroupMember(g, a, at);
  MemberChanged(a);
  return st;
}

Status CachingRelationStore::DeleteGroupMember(Id g, Id a) {
  Status st = inner_->DeleteGroupMember(g, a);
  MemberChanged(a);
  return st;
}

Status CachingRelationStore::DeleteMemberFromOwnerGroups(Id o, Id m) {
  Status st = inner_->DeleteMemberFromOwnerGroups(o, m);
  MemberChanged(m);
  return st;
}

Result<RelationFacts> CachingRelationStore::GetRelationFacts(Id viewer, Id target) {
  std::pair<Id, Id> key{viewer, target};
  if (auto v = facts_.Get(key)) return *v;
  auto ticket = facts_.Begin(key);
  auto r = inner_->GetRelationFacts(viewer, target);
  if (r.ok()) facts_.Put(key, *r, ticket);
  return r;
}

Result<std::vector<Id>> CachingRelationStore::ListFolloweeIds(Id account) {
  CW_ASSIGN_OR_RETURN(auto shared, SharedFolloweeIds(account));
  return *shared;
}

Result<std::shared_ptr<const std::vector<Id>>> CachingRelationStore::SharedFolloweeIds(Id account) {
  if (auto v = followees_.Get(account)) return std::move(*v);
  auto ticket = followees_.Begin(account);
  CW_ASSIGN_OR_RETURN(auto ids, inner_->ListFolloweeIds(account));
  auto shared = std::make_shared<const std::vector<Id>>(std::move(ids));
  followees_.Put(account, shared, ticket);
  return shared;
}

Result<CachingRelationStore::HiddenPtr> CachingRelationStore::Hidden(Id a) {
  if (auto v = hidden_.Get(a)) return std::move(*v);
  auto ticket = hidden_.Begin(a);
  CW_ASSIGN_OR_RETURN(auto set, inner_->ListMutedOrBlocked(a));
  auto ptr = std::make_shared<const std::unordered_set<Id>>(std::move(set));
  hidden_.Put(a, ptr, ticket);
  return HiddenPtr(std::move(ptr));
}

Result<std::vector<Id>> CachingRelationStore::ListFanIds(Id account) {
  if (auto v = fans_.Get(account)) return **v;
  auto ticket = fans_.Begin(account);
  CW_ASSIGN_OR_RETURN(auto ids, inner_->ListFanIds(account));
  fans_.Put(account, std::make_shared<const std::vector<Id>>(ids), ticket);
  return ids;
}

Result<std::unordered_set<Id>> CachingRelationStore::ListMutedOrBlocked(Id a) {
  CW_ASSIGN_OR_RETURN(HiddenPtr all, Hidden(a));
  return *all;
}

Result<std::unordered_set<Id>> CachingRelationStore::FilterMutedOrBlocked(Id a,
                                                                          const std::vector<Id>& ids) {
  std::unordered_set<Id> out;
  if (a == 0) return out;
  CW_ASSIGN_OR_RETURN(HiddenPtr all, Hidden(a));
  for (Id id : ids) {
    if (all->count(id)) out.insert(id);
  }
  return out;
}

Status CachingRelationStore::PutFollow(const Follow& f) {
  Status st = inner_->PutFollow(f);
  PairChanged(f.follower_id, f.followee_id, true);
  return st;
}

Status CachingRelationStore::DeleteFollow(Id follower, Id followee, TimeMs at) {
  Status st = inner_->DeleteFollow(follower, followee, at);
  PairChanged(follower, followee, true);
  return st;
}

Status CachingRelationStore::PutBlock(Id a, Id t, TimeMs at) {
  Status st = inner_->PutBlock(a, t, at);
  PairChanged(a, t, false);
  return st;
}

Status CachingRelationStore::DeleteBlock(Id a, Id t) {
  Status st = inner_->DeleteBlock(a, t);
  PairChanged(a, t, false);
  return st;
}

Status CachingRelationStore::PutMute(Id a, Id t, TimeMs at) {
  Status st = inner_->PutMute(a, t, at);
  PairChanged(a, t, false);
  return st;
}

Status CachingRelationStore::DeleteMute(Id a, Id t) {
  Status st = inner_->DeleteMute(a, t);
  PairChanged(a, t, false);
  return st;
}

}  // namespace cw
