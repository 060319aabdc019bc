// Sign-up with its protections: the mode (open, approval, invite), the proof-of-work challenge,
// invitation codes and the approval of pending accounts. Per-address sign-up limits are the
// API's (they need the client address and answer with rate-limit headers). The admin CLI and the
// demo seeder create accounts through AccountService directly and are not affected.
// Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "service/account_service.h"
#include "service/proof_of_work.h"

namespace cw {

enum class SignupMode {
  kOpen,      // anyone may sign up
  kApproval,  // new accounts are pending until a moderator approves them
  kInvite,    // sign-up needs a valid invitation code
};
const char* SignupModeName(SignupMode m);
std::optional<SignupMode> ParseSignupMode(std::string_view s);

struct SignupRequest {
  Registration registration;
  std::string challenge;    // from GET /api/v1/challenge (unused when the difficulty is 0)
  std::string nonce;        // decimal; SHA-256(challenge ":" nonce) has `difficulty` zero bits
  std::string invite_code;  // mode kInvite
};

class SignupService {
 public:
  // `pow` may be null: no challenge is asked for.
  SignupService(const ServiceContext& ctx, AccountService* accounts, ProofOfWork* pow,
                SignupMode mode);

  SignupMode mode() const { return mode_; }
  int difficulty() const { return pow_ ? pow_->difficulty() : 0; }
  // kUnavailable when challenges are off.
  Result<Challenge> NewChallenge();

  // Registers an account, checking the invite, then the challenge (only after the cheap field
  // checks, so a typo does not cost a solved challenge; a sign-up that fails later gives the
  // challenge back). Errors: those of AccountService::Register; kInvalidArgument for a missing,
  // unknown, used-up, expired or revoked invite and for a missing, forged, expired, reused or
  // unsolved challenge; kMalformed for a nonce that is not a number.
  Result<std::pair<Account, IssuedToken>> SignUp(const SignupRequest& r);

  // Moderators and admins only (kPermissionDenied). `max_uses` 0: unlimited; `expires_in_s` 0:
  // never. kInvalidArgument for negative values.
  Result<Invite> CreateInvite(const Account& actor, int64_t max_uses, int64_t expires_in_s);
  Result<std::vector<Invite>> ListInvites(const Account& actor, const Page& page);
  // kNotFound if no invite has this id.
  Status RevokeInvite(const Account& actor, Id invite_id);
  // Accounts awaiting approval, newest first.
  Result<std::vector<Account>> ListPending(const Account& actor, const Page& page);
  // Pending → active. kInvalidArgument if the account is not pending.
  Result<Account> Approve(const Account& actor, Id account_id);
  // Pending → suspended (its sessions end). kInvalidArgument if the account is not pending.
  Result<Account> Reject(const Account& actor, Id account_id);

 private:
  Result<SignupStore*> Signups();
  Result<Account> Decide(const Account& actor, Id account_id, AccountState to);
  ServiceContext ctx_;
  AccountService* accounts_;
  ProofOfWork* pow_;
  SignupMode mode_;
};

}  // namespace cw
