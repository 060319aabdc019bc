// Accounts and their sessions. Plain data, no I/O.
#pragma once

#include <optional>
#include <string>

#include "common/clock.h"
#include "common/id.h"

namespace cw {

enum class AccountKind { kPersonal, kEnterprise };
enum class Verification { kNone, kPersonal, kInstitutional };  // none / orange V / blue V
enum class Role { kMember, kModerator, kAdmin };
// kPending: signed up on an instance that approves sign-ups, not yet approved; cannot sign in.
enum class AccountState { kActive, kLimited, kSuspended, kPending };
// Who may start a private conversation with the account, and who may comment on its posts.
enum class Audience { kEveryone, kFollowing, kFans, kFriends, kNobody };

struct Account {
  Id id = 0;
  std::string handle;  // as typed at sign-up; unique case-insensitively
  std::string display_name;
  std::string bio;
  std::string location;
  std::string email;
  AccountKind kind = AccountKind::kPersonal;
  Verification verification = Verification::kNone;
  std::string verification_reason;
  Role role = Role::kMember;
  AccountState state = AccountState::kActive;
  Audience dm_policy = Audience::kEveryone;        // kEveryone / kFollowing / kFriends
  Audience comment_policy = Audience::kEveryone;   // default for new posts
  std::string password_hash;                       // Argon2id string; empty: cannot log in
  std::string signup_ip;                           // never shown publicly
  std::string external_id;                         // name in an imported world; empty otherwise
  bool has_avatar = false;
  TimeMs created_at = 0;
  int64_t fans_count = 0;
  int64_t following_count = 0;
  int64_t posts_count = 0;
  // Integrity: false once the detectors label the account (and no moderator cleared it) or a
  // moderator limits or suspends it. Its follows then count only in the raw fan counts.
  bool credible = true;
  int64_t suspect_fans_count = 0;  // fans that are not credible; real fans = fans - suspect
};

// The few fields of an account that timeline and visibility checks need, read without copying
// the whole account.
struct AccountBrief {
  Id id = 0;
  AccountState state = AccountState::kActive;
  int64_t fans_count = 0;
};

struct Session {
  Id id = 0;
  Id account_id = 0;
  std::string token_hash;  // hex SHA-256 of the bearer token; the token itself is never stored
  std::string client;      // client id or user agent given at login
  std::string ip;
  TimeMs created_at = 0;
  TimeMs last_used_at = 0;
};

// An invitation code (sign-up mode `invite`). max_uses 0: unlimited; expires_at 0: never.
struct Invite {
  Id id = 0;
  std::string code;
  Id created_by = 0;
  TimeMs created_at = 0;
  TimeMs expires_at = 0;
  int64_t max_uses = 0;
  int64_t uses = 0;
  bool revoked = false;
};

const char* AccountKindName(AccountKind k);
const char* VerificationName(Verification v);
const char* RoleName(Role r);
const char* AccountStateName(AccountState s);
const char* AudienceName(Audience a);
std::optional<AccountKind> ParseAccountKind(std::string_view s);
std::optional<Verification> ParseVerification(std::string_view s);
std::optional<Role> ParseRole(std::string_view s);
std::optional<AccountState> ParseAccountState(std::string_view s);
std::optional<Audience> ParseAudience(std::string_view s);

inline bool IsModerator(const Account& a) { return a.role != Role::kMember; }
// Suspended accounts and sign-ups awaiting approval are shown to moderators only.
inline bool IsHiddenState(AccountState s) {
  return s == AccountState::kSuspended || s == AccountState::kPending;
}

}  // namespace cw
