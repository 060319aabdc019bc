// Sign-up modes, the challenge at sign-up, invites and approvals, on real SQLite.
#include "service/signup_service.h"

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

std::string Solve(const std::string& challenge, int bits) {
  for (uint64_t n = 0;; ++n) {
    if (LeadingZeroBits(challenge, std::to_string(n)) >= bits) return std::to_string(n);
  }
}

class SignupServiceTest : public TestRig {
 protected:
  void Use(SignupMode mode, int bits = 4) {
    pow_ = std::make_unique<ProofOfWork>(&clock_, std::string(ProofOfWork::kKeyBytes, 'k'), bits);
    signup_ = std::make_unique<SignupService>(ctx_, accounts_.get(), pow_.get(), mode);
  }
  SignupRequest Request(const std::string& handle, bool solve = true) {
    SignupRequest r;
    r.registration.handle = handle;
    r.registration.password = "password1";
    if (solve) {
      Challenge c = pow_->Issue();
      r.challenge = c.token;
      r.nonce = Solve(c.token, c.difficulty);
    }
    return r;
  }
  Account Moderator() {
    Account m = Member("mod");
    auto a = accounts_->SetRole(nullptr, m.id, "moderator");
    EXPECT_TRUE(a.ok());
    return *a;
  }
  std::unique_ptr<ProofOfWork> pow_;
  std::unique_ptr<SignupService> signup_;
};

TEST_F(SignupServiceTest, OpenSignUpNeedsASolvedChallenge) {
  Use(SignupMode::kOpen);
  EXPECT_CODE(signup_->SignUp(Request("alice", false)), ErrorCode::kInvalidArgument);
  auto r = Request("alice");
  ASSERT_OK(signup_->SignUp(r));
  // The same challenge again, for another name.
  auto again = Request("bob", false);
  again.challenge = r.challenge;
  again.nonce = r.nonce;
  EXPECT_CODE(signup_->SignUp(again), ErrorCode::kInvalidArgument);
}

TEST_F(SignupServiceTest, AFailedSignUpKeepsTheChallengeUsable) {
  Use(SignupMode::kOpen);
  Member("taken");
  auto r = Request("taken");
  EXPECT_CODE(signup_->SignUp(r), ErrorCode::kAlreadyExists);
  r.registration.handle = "free";
  ASSERT_OK(signup_->SignUp(r));
}

TEST_F(SignupServiceTest, DifficultyZeroAsksForNothing) {
  Use(SignupMode::kOpen, 0);
  ASSERT_OK(signup_->SignUp(Request("alice", false)));
}

TEST_F(SignupServiceTest, ApprovalModeAccountsWaitForAModerator) {
  Use(SignupMode::kApproval);
  auto created = signup_->SignUp(Request("alice"));
  ASSERT_OK(created);
  EXPECT_EQ(created->first.state, AccountState::kPending);
  EXPECT_CODE(accounts_->Authenticate(created->second.token), ErrorCode::kPermissionDenied);
  EXPECT_CODE(accounts_->Login("alice", "password1", "", ""), ErrorCode::kPermissionDenied);
  Account bob = Member("bob");
  EXPECT_CODE(signup_->Approve(bob, created->first.id), ErrorCode::kPermissionDenied);
  Account mod = Moderator();
  auto pending = signup_->ListPending(mod, Page{});
  ASSERT_OK(pending);
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].id, created->first.id);
  ASSERT_OK(signup_->Approve(mod, created->first.id));
  ASSERT_OK(accounts_->Authenticate(created->second.token));
  EXPECT_CODE(signup_->Approve(mod, created->first.id), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(signup_->ListPending(mod, Page{})->empty());
}

TEST_F(SignupServiceTest, RejectedSignUpsAreSuspended) {
  Use(SignupMode::kApproval);
  auto created = signup_->SignUp(Request("spammer"));
  ASSERT_OK(created);
  Account mod = Moderator();
  auto rejected = signup_->Reject(mod, created->first.id);
  ASSERT_OK(rejected);
  EXPECT_EQ(rejected->state, AccountState::kSuspended);
  EXPECT_CODE(accounts_->Authenticate(created->second.token), ErrorCode::kUnauthenticated);
}

TEST_F(SignupServiceTest, InviteModeCountsUsesAndHonoursLimits) {
  Use(SignupMode::kInvite);
  Account mod = Moderator();
  EXPECT_CODE(signup_->CreateInvite(Member("member"), 1, 0), ErrorCode::kPermissionDenied);
  auto invite = signup_->CreateInvite(mod, 2, 3600);
  ASSERT_OK(invite);
  EXPECT_CODE(signup_->SignUp(Request("nocode")), ErrorCode::kInvalidArgument);
  auto r = Request("wrongcode");
  r.invite_code = "nope";
  EXPECT_CODE(signup_->SignUp(r), ErrorCode::kInvalidArgument);
  for (const char* handle : {"first", "second"}) {
    auto ok = Request(handle);
    ok.invite_code = invite->code;
    ASSERT_OK(signup_->SignUp(ok));
  }
  auto third = Request("third");
  third.invite_code = invite->code;
  EXPECT_CODE(signup_->SignUp(third), ErrorCode::kInvalidArgument);
  auto listed = signup_->ListInvites(mod, Page{});
  ASSERT_OK(listed);
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].uses, 2);

  auto timed = signup_->CreateInvite(mod, 0, 60);
  ASSERT_OK(timed);
  clock_.Advance(61'000);
  auto late = Request("late");
  late.invite_code = timed->code;
  EXPECT_CODE(signup_->SignUp(late), ErrorCode::kInvalidArgument);

  auto revoked = signup_->CreateInvite(mod, 0, 0);
  ASSERT_OK(revoked);
  ASSERT_OK(signup_->RevokeInvite(mod, revoked->id));
  auto r2 = Request("revoked");
  r2.invite_code = revoked->code;
  EXPECT_CODE(signup_->SignUp(r2), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cw::testing
