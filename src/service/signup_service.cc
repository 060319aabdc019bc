#include "service/signup_service.h"

#include <sodium.h>

#include <algorithm>

#include "common/log.h"

namespace cw {
namespace {

constexpr size_t kMaxInviteCode = 64;

std::string NewInviteCode() {
  unsigned char bytes[9];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(9, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

// Why `invite` cannot be used at `now`, or ok.
Status CheckInvite(const Invite& invite, TimeMs now) {
  if (invite.revoked) return InvalidArgument("this invitation code was revoked");
  if (invite.expires_at > 0 && invite.expires_at <= now) {
    return InvalidArgument("this invitation code has expired");
  }
  if (invite.max_uses > 0 && invite.uses >= invite.max_uses) {
    return InvalidArgument("this invitation code has been used up");
  }
  return OkStatus();
}

}  // namespace

const char* SignupModeName(SignupMode m) {
  switch (m) {
    case SignupMode::kOpen: return "open";
    case SignupMode::kApproval: return "approval";
    case SignupMode::kInvite: return "invite";
  }
  return "open";
}

std::optional<SignupMode> ParseSignupMode(std::string_view s) {
  if (s == "open") return SignupMode::kOpen;
  if (s == "approval") return SignupMode::kApproval;
  if (s == "invite") return SignupMode::kInvite;
  return std::nullopt;
}

SignupService::SignupService(const ServiceContext& ctx, AccountService* accounts,
                             ProofOfWork* pow, SignupMode mode)
    : ctx_(ctx), accounts_(accounts), pow_(pow), mode_(mode) {}

Result<Challenge> SignupService::NewChallenge() {
  if (!pow_) return Unavailable("sign-up challenges are not configured");
  return pow_->Issue();
}

Result<SignupStore*> SignupService::Signups() {
  SignupStore* s = ctx_.store->signups();
  if (!s) return Unavailable("this store keeps no invites");
  return s;
}

Result<std::pair<Account, IssuedToken>> SignupService::SignUp(const SignupRequest& r) {
  Registration reg = r.registration;
  reg.pending = mode_ == SignupMode::kApproval;
  std::function<Status(const Account&)> also;
  if (mode_ == SignupMode::kInvite) {
    if (r.invite_code.empty()) {
      return InvalidArgument("an invitation code is required to sign up here (invite_code)");
    }
    if (r.invite_code.size() > kMaxInviteCode) return InvalidArgument("unknown invitation code");
    CW_ASSIGN_OR_RETURN(SignupStore * store, Signups());
    auto invite = store->GetInviteByCode(r.invite_code);
    if (!invite.ok()) {
      if (invite.error().code() == ErrorCode::kNotFound) {
        return InvalidArgument("unknown invitation code");
      }
      return invite.error();
    }
    CW_RETURN_IF_ERROR(CheckInvite(*invite, ctx_.clock->NowMs()));
    // Checked again in the unit that counts the use, so concurrent sign-ups cannot overdraw it.
    also = [this, store, code = r.invite_code](const Account& a) -> Status {
      CW_ASSIGN_OR_RETURN(Invite inv, store->GetInviteByCode(code));
      CW_RETURN_IF_ERROR(CheckInvite(inv, ctx_.clock->NowMs()));
      return store->PutInviteUse(inv.id, a.id, a.created_at);
    };
  }
  CW_RETURN_IF_ERROR(accounts_->CheckRegistration(reg));
  bool redeemed = false;
  if (pow_ && pow_->difficulty() > 0) {
    CW_RETURN_IF_ERROR(pow_->Redeem(r.challenge, r.nonce));
    redeemed = true;
  }
  auto created = accounts_->Register(reg, also);
  if (!created.ok() && redeemed) pow_->Release(r.challenge);
  return created;
}

Result<Invite> SignupService::CreateInvite(const Account& actor, int64_t max_uses,
                                           int64_t expires_in_s) {
  if (!IsModerator(actor)) return PermissionDenied("moderators only");
  if (max_uses < 0 || max_uses > 1'000'000) {
    return InvalidArgument("max_uses must be between 0 (unlimited) and 1000000");
  }
  if (expires_in_s < 0 || expires_in_s > 366LL * 86400) {
    return InvalidArgument("expires_in must be between 0 (never) and 31622400 seconds");
  }
  CW_ASSIGN_OR_RETURN(SignupStore * store, Signups());
  Invite i;
  i.id = ctx_.ids->Next();
  i.code = NewInviteCode();
  i.created_by = actor.id;
  i.created_at = ctx_.clock->NowMs();
  i.expires_at = expires_in_s > 0 ? i.created_at + expires_in_s * 1000 : 0;
  i.max_uses = max_uses;
  CW_RETURN_IF_ERROR(store->PutInvite(i));
  CW_LOG(kInfo, "") << "invite " << i.id << " created by @" << actor.handle;
  return i;
}

Result<std::vector<Invite>> SignupService::ListInvites(const Account& actor, const Page& page) {
  if (!IsModerator(actor)) return PermissionDenied("moderators only");
  CW_ASSIGN_OR_RETURN(SignupStore * store, Signups());
  return store->ListInvites(page);
}

Status SignupService::RevokeInvite(const Account& actor, Id invite_id) {
  if (!IsModerator(actor)) return PermissionDenied("moderators only");
  CW_ASSIGN_OR_RETURN(SignupStore * store, Signups());
  return store->RevokeInvite(invite_id);
}

Result<std::vector<Account>> SignupService::ListPending(const Account& actor, const Page& page) {
  if (!IsModerator(actor)) return PermissionDenied("moderators only");
  CW_ASSIGN_OR_RETURN(SignupStore * store, Signups());
  CW_ASSIGN_OR_RETURN(std::vector<Id> ids, store->ListPendingAccountIds(page));
  CW_ASSIGN_OR_RETURN(std::vector<Account> accounts, ctx_.store->accounts().GetAccountsByIds(ids));
  std::sort(accounts.begin(), accounts.end(),
            [](const Account& a, const Account& b) { return a.id > b.id; });
  return accounts;
}

Result<Account> SignupService::Decide(const Account& actor, Id account_id, AccountState to) {
  if (!IsModerator(actor)) return PermissionDenied("moderators only");
  Account a;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(a, ctx_.store->accounts().GetAccountById(account_id));
    if (a.state != AccountState::kPending) {
      return InvalidArgument("this account is not awaiting approval");
    }
    a.state = to;
    CW_RETURN_IF_ERROR(ctx_.store->accounts().UpdateAccount(a));
    if (to == AccountState::kSuspended) return ctx_.store->accounts().DeleteSessionsByAccount(a.id);
    return OkStatus();
  }));
  CW_LOG(kInfo, "") << "sign-up of @" << a.handle
                    << (to == AccountState::kActive ? " approved" : " rejected") << " by @"
                    << actor.handle;
  return a;
}

Result<Account> SignupService::Approve(const Account& actor, Id account_id) {
  return Decide(actor, account_id, AccountState::kActive);
}

Result<Account> SignupService::Reject(const Account& actor, Id account_id) {
  return Decide(actor, account_id, AccountState::kSuspended);
}

}  // namespace cw
