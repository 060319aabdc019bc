// AccountStore on a real SQLite store: accounts, handles, external ids, counters, sessions.
#include <gtest/gtest.h>

#include <algorithm>

#include "store_fixture.h"

namespace cw::testing {
namespace {

class AccountStoreTest : public StoreTest {
 protected:
  Session MakeSession(Id account_id, const std::string& token_hash) {
    Session s;
    s.id = NextId();
    s.account_id = account_id;
    s.token_hash = token_hash;
    s.client = "web";
    s.ip = "10.0.0.1";
    s.created_at = Now();
    s.last_used_at = s.created_at;
    return s;
  }
};

TEST_F(AccountStoreTest, PutThenGetByIdReturnsEveryField) {
  Account a;
  a.id = NextId();
  a.handle = "Bob_1";
  a.display_name = "鲍勃 😀";
  a.bio = "line one\nline two";
  a.location = "北京";
  a.email = "bob@example.com";
  a.kind = AccountKind::kEnterprise;
  a.verification = Verification::kInstitutional;
  a.verification_reason = "official account";
  a.role = Role::kModerator;
  a.state = AccountState::kLimited;
  a.dm_policy = Audience::kFriends;
  a.comment_policy = Audience::kFans;
  a.password_hash = "$argon2id$v=19$m=65536,t=2,p=1$abc$def";
  a.signup_ip = "192.0.2.7";
  a.external_id = "world:bob";
  a.has_avatar = true;
  a.created_at = Now();
  a.fans_count = 3;
  a.following_count = 4;
  a.posts_count = 5;
  CW_ASSERT_OK(accounts().PutAccount(a));

  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountById(a.id));
  EXPECT_EQ(got.id, a.id);
  EXPECT_EQ(got.handle, "Bob_1");  // kept as typed
  EXPECT_EQ(got.display_name, a.display_name);
  EXPECT_EQ(got.bio, a.bio);
  EXPECT_EQ(got.location, a.location);
  EXPECT_EQ(got.email, a.email);
  EXPECT_EQ(got.kind, AccountKind::kEnterprise);
  EXPECT_EQ(got.verification, Verification::kInstitutional);
  EXPECT_EQ(got.verification_reason, a.verification_reason);
  EXPECT_EQ(got.role, Role::kModerator);
  EXPECT_EQ(got.state, AccountState::kLimited);
  EXPECT_EQ(got.dm_policy, Audience::kFriends);
  EXPECT_EQ(got.comment_policy, Audience::kFans);
  EXPECT_EQ(got.password_hash, a.password_hash);
  EXPECT_EQ(got.signup_ip, a.signup_ip);
  EXPECT_EQ(got.external_id, a.external_id);
  EXPECT_TRUE(got.has_avatar);
  EXPECT_EQ(got.created_at, a.created_at);
  EXPECT_EQ(got.fans_count, 3);
  EXPECT_EQ(got.following_count, 4);
  EXPECT_EQ(got.posts_count, 5);
}

TEST_F(AccountStoreTest, GetByUnknownIdIsNotFound) {
  CW_EXPECT_CODE(accounts().GetAccountById(424242), ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, HandleLookupIsCaseInsensitive) {
  Account a = AddAccount("Alice_W");
  for (const char* h : {"Alice_W", "alice_w", "ALICE_W", "aLiCe_w"}) {
    CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountByHandle(h));
    EXPECT_EQ(got.id, a.id) << h;
    EXPECT_EQ(got.handle, "Alice_W");
  }
  CW_EXPECT_CODE(accounts().GetAccountByHandle("alice"), ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, HandlesAreUniqueCaseInsensitively) {
  AddAccount("bob");
  Account dup = MakeAccount("BOB");
  CW_EXPECT_CODE(accounts().PutAccount(dup), ErrorCode::kAlreadyExists);
  CW_EXPECT_CODE(accounts().GetAccountById(dup.id), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(int64_t n, accounts().CountAccounts());
  EXPECT_EQ(n, 1);
}

TEST_F(AccountStoreTest, ATakenIdIsAlreadyExists) {
  Account a = AddAccount("first");
  Account b = MakeAccount("second");
  b.id = a.id;
  CW_EXPECT_CODE(accounts().PutAccount(b), ErrorCode::kAlreadyExists);
}

TEST_F(AccountStoreTest, ExternalIdFindsTheAccountAndIsUnique) {
  Account a = MakeAccount("imported");
  a.external_id = "weibo:1234567";
  CW_ASSERT_OK(accounts().PutAccount(a));
  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountByExternalId("weibo:1234567"));
  EXPECT_EQ(got.id, a.id);
  CW_EXPECT_CODE(accounts().GetAccountByExternalId("weibo:7654321"), ErrorCode::kNotFound);

  Account b = MakeAccount("other");
  b.external_id = "weibo:1234567";
  CW_EXPECT_CODE(accounts().PutAccount(b), ErrorCode::kAlreadyExists);
}

TEST_F(AccountStoreTest, ManyAccountsMayHaveNoExternalId) {
  AddAccount("one");
  AddAccount("two");
  AddAccount("three");
  CW_ASSERT_OK_AND_ASSIGN(int64_t n, accounts().CountAccounts());
  EXPECT_EQ(n, 3);
  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountByHandle("two"));
  EXPECT_EQ(got.external_id, "");
  // An empty external id names nobody.
  CW_EXPECT_CODE(accounts().GetAccountByExternalId(""), ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, BriefsCarryStateAndFansCount) {
  Account a = MakeAccount("briefa");
  a.state = AccountState::kSuspended;
  a.fans_count = 12;
  CW_ASSERT_OK(accounts().PutAccount(a));
  Account b = AddAccount("briefb");
  CW_ASSERT_OK_AND_ASSIGN(auto got, accounts().GetAccountBriefs({b.id, 999999, a.id, b.id}));
  ASSERT_EQ(got.size(), 2u);
  std::sort(got.begin(), got.end(), [](auto& x, auto& y) { return x.id < y.id; });
  EXPECT_EQ(got[0].id, a.id);
  EXPECT_EQ(got[0].state, AccountState::kSuspended);
  EXPECT_EQ(got[0].fans_count, 12);
  EXPECT_EQ(got[1].id, b.id);
  EXPECT_EQ(got[1].state, AccountState::kActive);
}

TEST_F(AccountStoreTest, GetAccountsByIdsSkipsUnknownAndDuplicateIds) {
  Account a = AddAccount("aa");
  Account b = AddAccount("bb");
  Account c = AddAccount("cc");
  CW_ASSERT_OK_AND_ASSIGN(auto got, accounts().GetAccountsByIds({c.id, 999999, a.id, c.id}));
  std::vector<Id> ids = IdsOf(got);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<Id>{a.id, c.id}));
  (void)b;
  CW_ASSERT_OK_AND_ASSIGN(auto none, accounts().GetAccountsByIds({}));
  EXPECT_TRUE(none.empty());
}

TEST_F(AccountStoreTest, GetAccountsByIdsHandlesLongLists) {
  std::vector<Id> ids;
  for (int i = 0; i < 300; ++i) ids.push_back(AddAccount("user_" + std::to_string(i)).id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, accounts().GetAccountsByIds(ids));
  EXPECT_EQ(got.size(), 300u);
}

TEST_F(AccountStoreTest, HandlePrefixSearchIsCaseInsensitiveAndOrdered) {
  AddAccount("zed");
  AddAccount("Bobby");
  AddAccount("bob");
  AddAccount("bo_peep");
  AddAccount("alice");
  CW_ASSERT_OK_AND_ASSIGN(auto got, accounts().ListAccountsByHandlePrefix("BO", 10));
  std::vector<std::string> handles;
  for (const auto& a : got) handles.push_back(a.handle);
  EXPECT_EQ(handles, (std::vector<std::string>{"bo_peep", "bob", "Bobby"}));

  CW_ASSERT_OK_AND_ASSIGN(auto limited, accounts().ListAccountsByHandlePrefix("bo", 2));
  EXPECT_EQ(limited.size(), 2u);
  CW_ASSERT_OK_AND_ASSIGN(auto none, accounts().ListAccountsByHandlePrefix("q", 10));
  EXPECT_TRUE(none.empty());
}

TEST_F(AccountStoreTest, HandlePrefixSearchTreatsLikeWildcardsLiterally) {
  AddAccount("a_b");
  AddAccount("axb");
  CW_ASSERT_OK_AND_ASSIGN(auto got, accounts().ListAccountsByHandlePrefix("a_", 10));
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].handle, "a_b");
  CW_ASSERT_OK_AND_ASSIGN(auto pct, accounts().ListAccountsByHandlePrefix("%", 10));
  EXPECT_TRUE(pct.empty());
}

TEST_F(AccountStoreTest, UpdateReplacesProfileButKeepsHandleAndCounters) {
  Account a = MakeAccount("carol");
  a.fans_count = 10;
  CW_ASSERT_OK(accounts().PutAccount(a));

  Account changed = a;
  changed.handle = "mallory";  // ignored
  changed.fans_count = 999;    // ignored
  changed.display_name = "Carol C.";
  changed.bio = "新的简介";
  changed.state = AccountState::kSuspended;
  changed.role = Role::kAdmin;
  changed.password_hash = "new-hash";
  changed.has_avatar = true;
  changed.dm_policy = Audience::kNobody;
  CW_ASSERT_OK(accounts().UpdateAccount(changed));

  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountById(a.id));
  EXPECT_EQ(got.handle, "carol");
  EXPECT_EQ(got.fans_count, 10);
  EXPECT_EQ(got.display_name, "Carol C.");
  EXPECT_EQ(got.bio, "新的简介");
  EXPECT_EQ(got.state, AccountState::kSuspended);
  EXPECT_EQ(got.role, Role::kAdmin);
  EXPECT_EQ(got.password_hash, "new-hash");
  EXPECT_TRUE(got.has_avatar);
  EXPECT_EQ(got.dm_policy, Audience::kNobody);
  CW_EXPECT_CODE(accounts().GetAccountByHandle("mallory"), ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, UpdateOfAnUnknownAccountIsNotFound) {
  Account ghost = MakeAccount("ghost");
  CW_EXPECT_CODE(accounts().UpdateAccount(ghost), ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, CountersAddDeltas) {
  Account a = AddAccount("dave");
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, 5, 2, 7));
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, -1, 1, 0));
  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountById(a.id));
  EXPECT_EQ(got.fans_count, 4);
  EXPECT_EQ(got.following_count, 3);
  EXPECT_EQ(got.posts_count, 7);
}

TEST_F(AccountStoreTest, CountersNeverGoBelowZero) {
  Account a = AddAccount("erin");
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, 1, 0, 0));
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, -5, -1, -100));
  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountById(a.id));
  EXPECT_EQ(got.fans_count, 0);
  EXPECT_EQ(got.following_count, 0);
  EXPECT_EQ(got.posts_count, 0);
  // And climb back from zero, not from a hidden negative.
  CW_ASSERT_OK(accounts().AddAccountCounters(a.id, 1, 1, 1));
  CW_ASSERT_OK_AND_ASSIGN(got, accounts().GetAccountById(a.id));
  EXPECT_EQ(got.fans_count, 1);
  EXPECT_EQ(got.following_count, 1);
  EXPECT_EQ(got.posts_count, 1);
}

TEST_F(AccountStoreTest, CountAccountsCountsThemAll) {
  CW_ASSERT_OK_AND_ASSIGN(int64_t zero, accounts().CountAccounts());
  EXPECT_EQ(zero, 0);
  AddAccount("one");
  AddAccount("two");
  CW_ASSERT_OK_AND_ASSIGN(int64_t two, accounts().CountAccounts());
  EXPECT_EQ(two, 2);
}

// --- sessions ---

TEST_F(AccountStoreTest, SessionIsFoundByItsTokenHash) {
  Account a = AddAccount("frank");
  Session s = MakeSession(a.id, "ab12cd");
  CW_ASSERT_OK(accounts().PutSession(s));
  CW_ASSERT_OK_AND_ASSIGN(Session got, accounts().GetSessionByTokenHash("ab12cd"));
  EXPECT_EQ(got.id, s.id);
  EXPECT_EQ(got.account_id, a.id);
  EXPECT_EQ(got.client, "web");
  EXPECT_EQ(got.ip, "10.0.0.1");
  EXPECT_EQ(got.created_at, s.created_at);
  EXPECT_EQ(got.last_used_at, s.last_used_at);
  CW_EXPECT_CODE(accounts().GetSessionByTokenHash("AB12CD"), ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, ATakenTokenHashIsAlreadyExists) {
  Account a = AddAccount("gina");
  CW_ASSERT_OK(accounts().PutSession(MakeSession(a.id, "same")));
  CW_EXPECT_CODE(accounts().PutSession(MakeSession(a.id, "same")), ErrorCode::kAlreadyExists);
}

TEST_F(AccountStoreTest, SessionsAreListedPerAccountNewestFirst) {
  Account a = AddAccount("hank");
  Account b = AddAccount("ivy");
  Session s1 = MakeSession(a.id, "t1");
  Session s2 = MakeSession(a.id, "t2");
  Session other = MakeSession(b.id, "t3");
  CW_ASSERT_OK(accounts().PutSession(s1));
  CW_ASSERT_OK(accounts().PutSession(s2));
  CW_ASSERT_OK(accounts().PutSession(other));
  CW_ASSERT_OK_AND_ASSIGN(auto list, accounts().ListSessionsByAccount(a.id));
  EXPECT_EQ(IdsOf(list), (std::vector<Id>{s2.id, s1.id}));
}

TEST_F(AccountStoreTest, DeletingASessionNeedsItsOwner) {
  Account a = AddAccount("jack");
  Account b = AddAccount("kate");
  Session s = MakeSession(a.id, "tok");
  CW_ASSERT_OK(accounts().PutSession(s));
  CW_EXPECT_CODE(accounts().DeleteSessionById(b.id, s.id), ErrorCode::kNotFound);
  CW_ASSERT_OK(accounts().GetSessionByTokenHash("tok").status());
  CW_ASSERT_OK(accounts().DeleteSessionById(a.id, s.id));
  CW_EXPECT_CODE(accounts().GetSessionByTokenHash("tok"), ErrorCode::kNotFound);
  CW_EXPECT_CODE(accounts().DeleteSessionById(a.id, s.id), ErrorCode::kNotFound);
}

TEST_F(AccountStoreTest, DeletingAllSessionsOfAnAccountLeavesOthers) {
  Account a = AddAccount("leo");
  Account b = AddAccount("mia");
  CW_ASSERT_OK(accounts().PutSession(MakeSession(a.id, "a1")));
  CW_ASSERT_OK(accounts().PutSession(MakeSession(a.id, "a2")));
  CW_ASSERT_OK(accounts().PutSession(MakeSession(b.id, "b1")));
  CW_ASSERT_OK(accounts().DeleteSessionsByAccount(a.id));
  CW_ASSERT_OK_AND_ASSIGN(auto left, accounts().ListSessionsByAccount(a.id));
  EXPECT_TRUE(left.empty());
  CW_ASSERT_OK(accounts().GetSessionByTokenHash("b1").status());
}

TEST_F(AccountStoreTest, TouchingASessionMovesItsLastUse) {
  Account a = AddAccount("ned");
  Session s = MakeSession(a.id, "touch");
  CW_ASSERT_OK(accounts().PutSession(s));
  TimeMs later = s.last_used_at + 60000;
  CW_ASSERT_OK(accounts().TouchSession(s, later));
  // The touch is queued, not waited for; any later write commits it with or before itself.
  CW_ASSERT_OK(accounts().PutSession(MakeSession(a.id, "another")));
  CW_ASSERT_OK_AND_ASSIGN(Session got, accounts().GetSessionByTokenHash("touch"));
  EXPECT_EQ(got.last_used_at, later);
  EXPECT_EQ(got.created_at, s.created_at);
  // A touch that arrives late does not move the last use back.
  CW_ASSERT_OK(accounts().TouchSession(s, later - 1000));
  CW_ASSERT_OK(accounts().PutSession(MakeSession(a.id, "a third")));
  CW_ASSERT_OK_AND_ASSIGN(got, accounts().GetSessionByTokenHash("touch"));
  EXPECT_EQ(got.last_used_at, later);
}

}  // namespace
}  // namespace cw::testing
