// Accounts: sign-up, login sessions with bearer tokens, profiles, and admin changes (role,
// verification, suspension). Passwords are hashed with Argon2id (libsodium); tokens are random
// and stored only as their SHA-256. Thread-safe.
#pragma once

#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>

#include "service/context.h"

namespace cw {

struct Registration {
  std::string handle;
  std::string password;
  std::string display_name;
  std::string email;
  std::string kind = "personal";
  std::string ip;      // the client address; kept for integrity checks, never shown
  std::string client;  // user agent or client id
  bool pending = false;  // the account awaits a moderator's approval (sign-up mode `approval`)
};

struct ProfilePatch {
  std::optional<std::string> display_name, bio, location, kind, dm_policy, comment_policy;
};

// A new bearer token; only its hash is stored.
struct IssuedToken {
  std::string token;
  TimeMs created_at = 0;
};

struct Authenticated {
  // Shared with the account cache: every authenticated request holds its viewer, and a copy of
  // the whole row (password hash, bio, ...) per request is a dozen allocations for nothing.
  std::shared_ptr<const Account> account;
  Session session;
};

class AccountService {
 public:
  explicit AccountService(const ServiceContext& ctx);

  // kInvalidArgument for a bad handle/password/name, kAlreadyExists if the handle is taken.
  // Returns the new account and a bearer token for it. `also`, when given, runs in the same
  // atomic unit as the account's insert (an invite's use), and its error undoes the sign-up.
  Result<std::pair<Account, IssuedToken>> Register(
      const Registration& r, const std::function<Status(const Account&)>& also = nullptr);
  // Creates an account without a session (admin CLI, imports).
  Result<Account> CreateAccount(const Registration& r,
                                const std::function<Status(const Account&)>& also = nullptr);
  // The cheap checks of a registration, without hashing the password or writing: the same
  // errors as Register for the fields, and kAlreadyExists if the handle is taken now.
  Status CheckRegistration(const Registration& r);
  // kUnauthenticated on a wrong handle or password; kPermissionDenied if suspended or pending.
  Result<IssuedToken> Login(std::string_view handle, std::string_view password,
                            const std::string& client, const std::string& ip);
  // kUnauthenticated for an unknown or revoked token; kPermissionDenied if suspended or pending.
  Result<Authenticated> Authenticate(std::string_view token);
  // A new session for `account` without a password (admin CLI: load-test tokens, support).
  Result<IssuedToken> IssueToken(const Account& account, const std::string& client);
  // Revoking an unknown token succeeds (RFC 7009).
  Status Revoke(std::string_view token);
  Result<std::vector<Session>> ListSessions(const Account& viewer);
  Status DeleteSession(const Account& viewer, Id session_id);

  Result<Account> GetAccount(Id id);
  // Accounts among `ids`, in no particular order.
  Result<std::vector<Account>> GetAccounts(const std::vector<Id>& ids);
  Result<Account> GetAccountByHandle(std::string_view handle);
  Result<std::vector<Account>> SearchByHandlePrefix(std::string_view prefix, int limit);
  Result<Account> UpdateProfile(const Account& viewer, const ProfilePatch& patch);

  // Admin and moderator actions; `actor` must have the role (kPermissionDenied otherwise).
  Result<Account> SetRole(const Account* actor, Id target, std::string_view role);
  Result<Account> SetVerification(const Account* actor, Id target, std::string_view type,
                                  const std::string& reason);
  // The state change alone: no moderation log entry, notification or recount of credible fans.
  // Members are suspended through ModerationService::ActOnAccount (the API and the admin CLI).
  Result<Account> SetSuspended(const Account* actor, Id target, bool suspended);

  static std::string HashToken(std::string_view token);

 private:
  Result<Account> Validate(const Registration& r);
  void AcquireHashSlot();
  void ReleaseHashSlot();
  Result<IssuedToken> NewSession(const Account& account, const std::string& client,
                                 const std::string& ip);
  ServiceContext ctx_;
  std::string dummy_hash_;
  std::mutex hash_mu_;
  std::condition_variable hash_cv_;
  int hash_slots_;  // GUARDED_BY(hash_mu_)
};

// Validates a text field: valid UTF-8 (kMalformed), no control characters and at most `max`
// code points (kInvalidArgument). `what` names the field in the message.
Status CheckText(std::string_view text, size_t max, const char* what, bool allow_newlines);

}  // namespace cw
