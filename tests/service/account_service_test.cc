#include "service/account_service.h"

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class AccountServiceTest : public TestRig {};

Registration Reg(const std::string& handle, const std::string& password = "password1") {
  Registration r;
  r.handle = handle;
  r.password = password;
  r.ip = "10.0.0.7";
  return r;
}

TEST_F(AccountServiceTest, RegisterReturnsAWorkingTokenAndKeepsTheSignupAddress) {
  auto r = accounts_->Register(Reg("Alice"));
  ASSERT_OK(r);
  auto who = accounts_->Authenticate(r->second.token);
  EXPECT_EQ(r->second.created_at, clock_.NowMs());
  ASSERT_OK(who);
  EXPECT_EQ(who->account->handle, "Alice");
  EXPECT_EQ(who->account->display_name, "Alice");
  EXPECT_EQ(who->account->signup_ip, "10.0.0.7");
  EXPECT_NE(who->account->password_hash.find("$argon2id$"), std::string::npos);
}

TEST_F(AccountServiceTest, HandlesAreUniqueCaseInsensitively) {
  ASSERT_OK(accounts_->Register(Reg("Alice")));
  EXPECT_CODE(accounts_->Register(Reg("alice")), ErrorCode::kAlreadyExists);
  auto found = accounts_->GetAccountByHandle("ALICE");
  ASSERT_OK(found);
  EXPECT_EQ(found->handle, "Alice");
}

TEST_F(AccountServiceTest, RejectsBadHandlesPasswordsAndNames) {
  EXPECT_CODE(accounts_->Register(Reg("a")), ErrorCode::kInvalidArgument);
  EXPECT_CODE(accounts_->Register(Reg("bad-handle")), ErrorCode::kInvalidArgument);
  EXPECT_CODE(accounts_->Register(Reg("中文名")), ErrorCode::kInvalidArgument);
  EXPECT_CODE(accounts_->Register(Reg("bob", "short")), ErrorCode::kInvalidArgument);
  Registration r = Reg("bob");
  r.display_name = std::string("\xff\xfe", 2);
  EXPECT_CODE(accounts_->Register(r), ErrorCode::kMalformed);
  r.display_name = std::string(31, 'x');
  EXPECT_CODE(accounts_->Register(r), ErrorCode::kInvalidArgument);
  r.display_name = "鲍勃·测试";
  ASSERT_OK(accounts_->Register(r));
}

TEST_F(AccountServiceTest, LoginChecksThePasswordAndRevokeEndsTheSession) {
  ASSERT_OK(accounts_->Register(Reg("carol")));
  EXPECT_CODE(accounts_->Login("carol", "wrong-password", "", ""), ErrorCode::kUnauthenticated);
  EXPECT_CODE(accounts_->Login("nobody", "password1", "", ""), ErrorCode::kUnauthenticated);
  auto token = accounts_->Login("CAROL", "password1", "test", "");
  ASSERT_OK(token);
  ASSERT_OK(accounts_->Authenticate(token->token));
  ASSERT_OK(accounts_->Revoke(token->token));
  EXPECT_CODE(accounts_->Authenticate(token->token), ErrorCode::kUnauthenticated);
  // Revoking twice is fine (RFC 7009).
  ASSERT_OK(accounts_->Revoke(token->token));
}

TEST_F(AccountServiceTest, SessionsAreListedAndDeletableByTheirOwnerOnly) {
  auto a = accounts_->Register(Reg("dave"));
  ASSERT_OK(a);
  ASSERT_OK(accounts_->Login("dave", "password1", "phone", ""));
  auto sessions = accounts_->ListSessions(a->first);
  ASSERT_OK(sessions);
  ASSERT_EQ(sessions->size(), 2u);
  Account other = Member("eve");
  EXPECT_CODE(accounts_->DeleteSession(other, sessions->front().id), ErrorCode::kNotFound);
  ASSERT_OK(accounts_->DeleteSession(a->first, sessions->front().id));
  EXPECT_EQ(accounts_->ListSessions(a->first)->size(), 1u);
}

TEST_F(AccountServiceTest, SuspensionEndsSessionsAndBlocksLogin) {
  auto a = accounts_->Register(Reg("frank"));
  ASSERT_OK(a);
  Account mod = Member("mod");
  EXPECT_CODE(accounts_->SetSuspended(&mod, a->first.id, true), ErrorCode::kPermissionDenied);
  ASSERT_OK(accounts_->SetRole(nullptr, mod.id, "moderator"));
  mod = Reload(mod);
  ASSERT_OK(accounts_->SetSuspended(&mod, a->first.id, true));
  EXPECT_CODE(accounts_->Authenticate(a->second.token), ErrorCode::kUnauthenticated);
  EXPECT_CODE(accounts_->Login("frank", "password1", "", ""), ErrorCode::kPermissionDenied);
}

TEST_F(AccountServiceTest, OnlyAdminsSetRolesAndVerification) {
  Account member = Member("member");
  Account target = Member("target");
  EXPECT_CODE(accounts_->SetRole(&member, target.id, "admin"), ErrorCode::kPermissionDenied);
  EXPECT_CODE(accounts_->SetVerification(nullptr, target.id, "personal", ""),
              ErrorCode::kInvalidArgument);
  auto v = accounts_->SetVerification(nullptr, target.id, "institutional", "官方机构");
  ASSERT_OK(v);
  EXPECT_EQ(v->verification, Verification::kInstitutional);
  EXPECT_EQ(v->verification_reason, "官方机构");
}

TEST_F(AccountServiceTest, ProfileEditKeepsUnicodeAndValidatesPolicies) {
  Account a = Member("grace");
  ProfilePatch p;
  p.display_name = "格蕾丝 🌸";
  p.bio = "第一行\n第二行";
  p.location = "杭州";
  p.dm_policy = "friends";
  auto updated = accounts_->UpdateProfile(a, p);
  ASSERT_OK(updated);
  EXPECT_EQ(Reload(a).display_name, "格蕾丝 🌸");
  EXPECT_EQ(Reload(a).dm_policy, Audience::kFriends);
  ProfilePatch bad;
  bad.dm_policy = "nobody";
  EXPECT_CODE(accounts_->UpdateProfile(a, bad), ErrorCode::kInvalidArgument);
  ProfilePatch two_lines;
  two_lines.display_name = "a\nb";
  EXPECT_CODE(accounts_->UpdateProfile(a, two_lines), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cw::testing
