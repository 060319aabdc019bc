#include "service/account_service.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <thread>

#include "common/log.h"
#include "common/text/entities.h"
#include "common/text/utf8.h"

namespace cw {
namespace {

constexpr size_t kMinPassword = 8;
constexpr size_t kMaxPassword = 128;
constexpr size_t kMaxEmail = 254;

void PasswordCostParams(PasswordCost cost, unsigned long long* ops, size_t* mem) {
  switch (cost) {
    case PasswordCost::kMin:
      *ops = crypto_pwhash_OPSLIMIT_MIN;
      *mem = crypto_pwhash_MEMLIMIT_MIN;
      return;
    case PasswordCost::kInteractive:
      *ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
      *mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;
      return;
    case PasswordCost::kModerate:
      *ops = crypto_pwhash_OPSLIMIT_MODERATE;
      *mem = crypto_pwhash_MEMLIMIT_MODERATE;
      return;
  }
}

std::string RandomToken() {
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  char out[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(out, sizeof out, bytes, sizeof bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return out;
}

}  // namespace

Status CheckText(std::string_view text, size_t max, const char* what, bool allow_newlines) {
  if (!text::IsValidUtf8(text)) return Malformed(std::string(what) + " is not valid UTF-8");
  if (text::HasForbiddenControls(text)) {
    return InvalidArgument(std::string(what) + " contains control characters");
  }
  if (!allow_newlines && text.find_first_of("\r\n") != std::string_view::npos) {
    return InvalidArgument(std::string(what) + " must be a single line");
  }
  if (text::CountCodePoints(text) > max) {
    return InvalidArgument(std::string(what) + " is longer than " + std::to_string(max) +
                           " characters");
  }
  return OkStatus();
}

AccountService::AccountService(const ServiceContext& ctx)
    : ctx_(ctx), hash_slots_(static_cast<int>(std::max(1u, std::thread::hardware_concurrency()))) {
  CW_CHECK(sodium_init() >= 0);
  // A hash to verify against when the handle is unknown, so a failed login takes as long either
  // way and does not tell which handles exist.
  unsigned long long ops = 0;
  size_t mem = 0;
  PasswordCostParams(ctx_.password_cost, &ops, &mem);
  char hash[crypto_pwhash_STRBYTES];
  CW_CHECK(crypto_pwhash_str(hash, "clearwater", 10, ops, mem) == 0);
  dummy_hash_ = hash;
}

void AccountService::AcquireHashSlot() {
  std::unique_lock lock(hash_mu_);
  hash_cv_.wait(lock, [&] { return hash_slots_ > 0; });
  --hash_slots_;
}

void AccountService::ReleaseHashSlot() {
  {
    std::lock_guard lock(hash_mu_);
    ++hash_slots_;
  }
  hash_cv_.notify_one();
}

std::string AccountService::HashToken(std::string_view token) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

Status AccountService::CheckRegistration(const Registration& r) {
  if (!text::IsValidHandle(r.handle)) {
    return InvalidArgument("username must be 2-30 letters, digits or underscores");
  }
  if (r.password.size() < kMinPassword || r.password.size() > kMaxPassword) {
    return InvalidArgument("password must be 8-128 bytes");
  }
  CW_RETURN_IF_ERROR(CheckText(r.password, kMaxPassword, "password", false));
  std::string name(text::TrimAscii(r.display_name));
  if (name.empty()) name = r.handle;
  CW_RETURN_IF_ERROR(CheckText(name, ctx_.limits.display_name_chars, "display_name", false));
  if (r.email.size() > kMaxEmail ||
      (!r.email.empty() && (r.email.find('@') == std::string::npos ||
                            r.email.find_first_of(" \t\r\n") != std::string::npos))) {
    return InvalidArgument("email is not valid");
  }
  CW_RETURN_IF_ERROR(CheckText(r.email, kMaxEmail, "email", false));
  if (!ParseAccountKind(r.kind.empty() ? "personal" : r.kind)) {
    return InvalidArgument("kind must be personal or enterprise");
  }
  auto taken = ctx_.store->accounts().GetAccountByHandle(r.handle);
  if (taken.ok()) return AlreadyExists("username is already taken");
  if (taken.error().code() != ErrorCode::kNotFound) return taken.status();
  return OkStatus();
}

Result<Account> AccountService::Validate(const Registration& r) {
  CW_RETURN_IF_ERROR(CheckRegistration(r));
  std::string name(text::TrimAscii(r.display_name));
  if (name.empty()) name = r.handle;
  auto kind = ParseAccountKind(r.kind.empty() ? "personal" : r.kind);

  Account a;
  a.handle = r.handle;
  a.display_name = name;
  a.email = r.email;
  a.kind = *kind;
  a.signup_ip = r.ip.substr(0, 64);
  if (r.pending) a.state = AccountState::kPending;
  unsigned long long ops = 0;
  size_t mem = 0;
  PasswordCostParams(ctx_.password_cost, &ops, &mem);
  char hash[crypto_pwhash_STRBYTES];
  // Argon2id takes tens of MB per call: at most one hash per core runs at a time.
  AcquireHashSlot();
  int rc = crypto_pwhash_str(hash, r.password.data(), r.password.size(), ops, mem);
  ReleaseHashSlot();
  if (rc != 0) return Unavailable("out of memory while hashing the password");
  a.password_hash = hash;
  return a;
}

Result<Account> AccountService::CreateAccount(const Registration& r,
                                              const std::function<Status(const Account&)>& also) {
  CW_ASSIGN_OR_RETURN(Account a, Validate(r));
  a.id = ctx_.ids->Next();
  a.created_at = ctx_.clock->NowMs();
  Status st = also ? ctx_.store->Write([&]() -> Status {
    CW_RETURN_IF_ERROR(ctx_.store->accounts().PutAccount(a));
    return also(a);
  })
                   : ctx_.store->accounts().PutAccount(a);
  if (!st.ok() && st.error().code() == ErrorCode::kAlreadyExists) {
    return AlreadyExists("username is already taken");
  }
  CW_RETURN_IF_ERROR(st);
  return a;
}

Result<std::pair<Account, IssuedToken>> AccountService::Register(
    const Registration& r, const std::function<Status(const Account&)>& also) {
  CW_ASSIGN_OR_RETURN(Account a, CreateAccount(r, also));
  CW_ASSIGN_OR_RETURN(IssuedToken token, NewSession(a, r.client, r.ip));
  return std::pair{a, token};
}

Result<IssuedToken> AccountService::NewSession(const Account& account, const std::string& client,
                                               const std::string& ip) {
  std::string token = RandomToken();
  Session s;
  s.id = ctx_.ids->Next();
  s.account_id = account.id;
  s.token_hash = HashToken(token);
  s.client = text::IsValidUtf8(client) ? text::TruncateCodePoints(client, 200) : "";
  s.ip = ip.substr(0, 64);
  s.created_at = s.last_used_at = ctx_.clock->NowMs();
  CW_RETURN_IF_ERROR(ctx_.store->accounts().PutSession(s));
  return IssuedToken{token, s.created_at};
}

Result<IssuedToken> AccountService::IssueToken(const Account& account, const std::string& client) {
  if (account.state == AccountState::kSuspended) return PermissionDenied("this account is suspended");
  return NewSession(account, client, "");
}

Result<IssuedToken> AccountService::Login(std::string_view handle, std::string_view password,
                                          const std::string& client, const std::string& ip) {
  if (password.size() > 1024) return Unauthenticated("invalid username or password");
  auto account = ctx_.store->accounts().GetAccountByHandle(handle);
  if (!account.ok() && account.error().code() != ErrorCode::kNotFound) return account.error();
  const std::string& hash =
      account.ok() && !account->password_hash.empty() ? account->password_hash : dummy_hash_;
  AcquireHashSlot();
  int rc = crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size());
  ReleaseHashSlot();
  if (!account.ok() || account->password_hash.empty() || rc != 0) {
    return Unauthenticated("invalid username or password");
  }
  if (account->state == AccountState::kSuspended) {
    return PermissionDenied("this account is suspended");
  }
  if (account->state == AccountState::kPending) {
    return PermissionDenied("this account is awaiting a moderator's approval");
  }
  return NewSession(*account, client, ip);
}

Result<Authenticated> AccountService::Authenticate(std::string_view token) {
  if (token.empty() || token.size() > 256) return Unauthenticated("invalid token");
  auto session = ctx_.store->accounts().GetSessionByTokenHash(HashToken(token));
  if (!session.ok()) {
    if (session.error().code() == ErrorCode::kNotFound) return Unauthenticated("invalid token");
    return session.error();
  }
  auto shared = ctx_.store->accounts().GetSharedAccounts({session->account_id});
  if (!shared.ok() || shared->empty()) return Unauthenticated("invalid token");
  std::shared_ptr<const Account> account = std::move(shared->front());
  if (account->state == AccountState::kSuspended) {
    return PermissionDenied("this account is suspended");
  }
  if (account->state == AccountState::kPending) {
    return PermissionDenied("this account is awaiting a moderator's approval");
  }
  // Last-used time is advisory: queued at most once a minute per session, and not waited for.
  TimeMs now = ctx_.clock->NowMs();
  if (now - session->last_used_at > 60'000) {
    (void)ctx_.store->accounts().TouchSession(*session, now);
    session->last_used_at = now;
  }
  return Authenticated{std::move(account), std::move(session).value()};
}

Status AccountService::Revoke(std::string_view token) {
  auto session = ctx_.store->accounts().GetSessionByTokenHash(HashToken(token));
  if (!session.ok()) {
    return session.error().code() == ErrorCode::kNotFound ? OkStatus() : session.status();
  }
  Status st = ctx_.store->accounts().DeleteSessionById(session->account_id, session->id);
  if (!st.ok() && st.error().code() == ErrorCode::kNotFound) return OkStatus();
  return st;
}

Result<std::vector<Session>> AccountService::ListSessions(const Account& viewer) {
  return ctx_.store->accounts().ListSessionsByAccount(viewer.id);
}

Status AccountService::DeleteSession(const Account& viewer, Id session_id) {
  return ctx_.store->accounts().DeleteSessionById(viewer.id, session_id);
}

Result<Account> AccountService::GetAccount(Id id) { return ctx_.store->accounts().GetAccountById(id); }

Result<std::vector<Account>> AccountService::GetAccounts(const std::vector<Id>& ids) {
  return ctx_.store->accounts().GetAccountsByIds(ids);
}

Result<Account> AccountService::GetAccountByHandle(std::string_view handle) {
  if (!text::IsValidHandle(handle)) return NotFound("account not found");
  return ctx_.store->accounts().GetAccountByHandle(handle);
}

Result<std::vector<Account>> AccountService::SearchByHandlePrefix(std::string_view prefix,
                                                                  int limit) {
  if (prefix.empty() || prefix.size() > 30) return std::vector<Account>{};
  for (char c : prefix) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return std::vector<Account>{};
  }
  return ctx_.store->accounts().ListAccountsByHandlePrefix(prefix, limit);
}

Result<Account> AccountService::UpdateProfile(const Account& viewer, const ProfilePatch& p) {
  Account a;
  // Read, change and write in one unit: a concurrent moderator action is never overwritten.
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
  CW_ASSIGN_OR_RETURN(a, ctx_.store->accounts().GetAccountById(viewer.id));
  if (p.display_name) {
    std::string name(text::TrimAscii(*p.display_name));
    CW_RETURN_IF_ERROR(CheckText(name, ctx_.limits.display_name_chars, "display_name", false));
    if (name.empty()) return InvalidArgument("display_name must not be empty");
    a.display_name = name;
  }
  if (p.bio) {
    CW_RETURN_IF_ERROR(CheckText(*p.bio, ctx_.limits.bio_chars, "note", true));
    a.bio = *p.bio;
  }
  if (p.location) {
    CW_RETURN_IF_ERROR(CheckText(*p.location, ctx_.limits.location_chars, "location", false));
    a.location = *p.location;
  }
  if (p.kind) {
    auto kind = ParseAccountKind(*p.kind);
    if (!kind) return InvalidArgument("kind must be personal or enterprise");
    a.kind = *kind;
  }
  if (p.dm_policy) {
    auto v = ParseAudience(*p.dm_policy);
    if (!v || (*v != Audience::kEveryone && *v != Audience::kFollowing && *v != Audience::kFriends)) {
      return InvalidArgument("dm_policy must be everyone, following or friends");
    }
    a.dm_policy = *v;
  }
  if (p.comment_policy) {
    auto v = ParseAudience(*p.comment_policy);
    if (!v || *v == Audience::kFollowing) {
      return InvalidArgument("comment_policy must be everyone, fans, friends or nobody");
    }
    a.comment_policy = *v;
  }
  return ctx_.store->accounts().UpdateAccount(a);
  }));
  return a;
}

Result<Account> AccountService::SetRole(const Account* actor, Id target, std::string_view role) {
  if (actor && actor->role != Role::kAdmin) return PermissionDenied("admins only");
  auto r = ParseRole(role);
  if (!r) return InvalidArgument("role must be member, moderator or admin");
  Account a;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(a, ctx_.store->accounts().GetAccountById(target));
    a.role = *r;
    return ctx_.store->accounts().UpdateAccount(a);
  }));
  CW_LOG(kInfo, "") << "role of @" << a.handle << " set to " << RoleName(a.role) << " by "
                    << (actor ? "@" + actor->handle : std::string("the admin CLI"));
  return a;
}

Result<Account> AccountService::SetVerification(const Account* actor, Id target,
                                                std::string_view type, const std::string& reason) {
  if (actor && actor->role != Role::kAdmin) return PermissionDenied("admins only");
  auto v = ParseVerification(type);
  if (!v) return InvalidArgument("verification must be none, personal or institutional");
  CW_RETURN_IF_ERROR(CheckText(reason, 100, "reason", false));
  if (*v != Verification::kNone && text::TrimAscii(reason).empty()) {
    return InvalidArgument("a verification needs a reason");
  }
  Account a;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(a, ctx_.store->accounts().GetAccountById(target));
    a.verification = *v;
    a.verification_reason = *v == Verification::kNone ? "" : reason;
    return ctx_.store->accounts().UpdateAccount(a);
  }));
  return a;
}

Result<Account> AccountService::SetSuspended(const Account* actor, Id target, bool suspended) {
  if (actor && !IsModerator(*actor)) return PermissionDenied("moderators only");
  Account a;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    CW_ASSIGN_OR_RETURN(a, ctx_.store->accounts().GetAccountById(target));
    if (actor && a.role == Role::kAdmin && actor->role != Role::kAdmin) {
      return PermissionDenied("moderators cannot suspend admins");
    }
    if (suspended) {
      a.state = AccountState::kSuspended;
    } else if (a.state == AccountState::kSuspended) {
      a.state = AccountState::kActive;  // a limit set apart from the suspension stays
    }
    CW_RETURN_IF_ERROR(ctx_.store->accounts().UpdateAccount(a));
    // A suspension ends every session at once.
    if (suspended) return ctx_.store->accounts().DeleteSessionsByAccount(a.id);
    return OkStatus();
  }));
  return a;
}

}  // namespace cw
