// String names of the model's enums, as they appear in the API, the store and the CLI.
#include <string_view>

#include "model/account.h"
#include "model/integrity.h"
#include "model/message.h"
#include "model/post.h"

namespace cw {
namespace {
template <typename E, size_t N>
std::optional<E> Lookup(const std::pair<std::string_view, E> (&table)[N], std::string_view s) {
  for (const auto& [name, value] : table) {
    if (name == s) return value;
  }
  return std::nullopt;
}
}  // namespace

const char* AccountKindName(AccountKind k) {
  return k == AccountKind::kEnterprise ? "enterprise" : "personal";
}
std::optional<AccountKind> ParseAccountKind(std::string_view s) {
  static const std::pair<std::string_view, AccountKind> t[] = {
      {"personal", AccountKind::kPersonal}, {"enterprise", AccountKind::kEnterprise}};
  return Lookup(t, s);
}

const char* VerificationName(Verification v) {
  switch (v) {
    case Verification::kNone: return "none";
    case Verification::kPersonal: return "personal";
    case Verification::kInstitutional: return "institutional";
  }
  return "none";
}
std::optional<Verification> ParseVerification(std::string_view s) {
  static const std::pair<std::string_view, Verification> t[] = {
      {"none", Verification::kNone},
      {"personal", Verification::kPersonal},
      {"orange", Verification::kPersonal},
      {"institutional", Verification::kInstitutional},
      {"blue", Verification::kInstitutional}};
  return Lookup(t, s);
}

const char* RoleName(Role r) {
  switch (r) {
    case Role::kMember: return "member";
    case Role::kModerator: return "moderator";
    case Role::kAdmin: return "admin";
  }
  return "member";
}
std::optional<Role> ParseRole(std::string_view s) {
  static const std::pair<std::string_view, Role> t[] = {
      {"member", Role::kMember}, {"moderator", Role::kModerator}, {"admin", Role::kAdmin}};
  return Lookup(t, s);
}

const char* AccountStateName(AccountState s) {
  switch (s) {
    case AccountState::kActive: return "active";
    case AccountState::kLimited: return "limited";
    case AccountState::kSuspended: return "suspended";
    case AccountState::kPending: return "pending";
  }
  return "active";
}
std::optional<AccountState> ParseAccountState(std::string_view s) {
  static const std::pair<std::string_view, AccountState> t[] = {
      {"active", AccountState::kActive},
      {"limited", AccountState::kLimited},
      {"suspended", AccountState::kSuspended},
      {"pending", AccountState::kPending}};
  return Lookup(t, s);
}

const char* AudienceName(Audience a) {
  switch (a) {
    case Audience::kEveryone: return "everyone";
    case Audience::kFollowing: return "following";
    case Audience::kFans: return "fans";
    case Audience::kFriends: return "friends";
    case Audience::kNobody: return "nobody";
  }
  return "everyone";
}
std::optional<Audience> ParseAudience(std::string_view s) {
  static const std::pair<std::string_view, Audience> t[] = {
      {"everyone", Audience::kEveryone}, {"following", Audience::kFollowing},
      {"fans", Audience::kFans},         {"friends", Audience::kFriends},
      {"nobody", Audience::kNobody}};
  return Lookup(t, s);
}

const char* VisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kPublic: return "public";
    case Visibility::kUnlisted: return "unlisted";
    case Visibility::kFans: return "fans";
    case Visibility::kFriends: return "friends";
    case Visibility::kGroup: return "group";
    case Visibility::kOnlyMe: return "only_me";
    case Visibility::kDirect: return "direct";
  }
  return "public";
}
std::optional<Visibility> ParseVisibility(std::string_view s) {
  static const std::pair<std::string_view, Visibility> t[] = {
      {"public", Visibility::kPublic},   {"unlisted", Visibility::kUnlisted},
      {"fans", Visibility::kFans},       {"private", Visibility::kFans},
      {"friends", Visibility::kFriends}, {"group", Visibility::kGroup},
      {"only_me", Visibility::kOnlyMe},  {"direct", Visibility::kDirect}};
  return Lookup(t, s);
}
const char* MastodonVisibilityName(Visibility v) {
  switch (v) {
    case Visibility::kPublic: return "public";
    case Visibility::kUnlisted: return "unlisted";
    case Visibility::kDirect:
    case Visibility::kOnlyMe: return "direct";
    default: return "private";
  }
}

const char* NotificationTypeName(NotificationType t) {
  switch (t) {
    case NotificationType::kMention: return "mention";
    case NotificationType::kComment: return "comment";
    case NotificationType::kReply: return "reply";
    case NotificationType::kForward: return "reblog";
    case NotificationType::kLike: return "favourite";
    case NotificationType::kFollow: return "follow";
    case NotificationType::kMessage: return "message";
    case NotificationType::kModeration: return "moderation_warning";
    case NotificationType::kMonitorAlert: return "monitor_alert";
  }
  return "mention";
}
std::optional<NotificationType> ParseNotificationType(std::string_view s) {
  static const std::pair<std::string_view, NotificationType> t[] = {
      {"mention", NotificationType::kMention}, {"comment", NotificationType::kComment},
      {"reply", NotificationType::kReply},     {"reblog", NotificationType::kForward},
      {"forward", NotificationType::kForward}, {"favourite", NotificationType::kLike},
      {"like", NotificationType::kLike},       {"follow", NotificationType::kFollow},
      {"message", NotificationType::kMessage},
      {"moderation_warning", NotificationType::kModeration},
      {"monitor_alert", NotificationType::kMonitorAlert}};
  return Lookup(t, s);
}

}  // namespace cw

namespace cw {

const char* ReportCategoryName(ReportCategory c) {
  switch (c) {
    case ReportCategory::kSpam: return "spam";
    case ReportCategory::kZombie: return "zombie";
    case ReportCategory::kHarassment: return "harassment";
    case ReportCategory::kIllegal: return "illegal";
    case ReportCategory::kOther: return "other";
  }
  return "other";
}
std::optional<ReportCategory> ParseReportCategory(std::string_view s) {
  static const std::pair<std::string_view, ReportCategory> t[] = {
      {"spam", ReportCategory::kSpam},           {"zombie", ReportCategory::kZombie},
      {"harassment", ReportCategory::kHarassment}, {"illegal", ReportCategory::kIllegal},
      {"legal", ReportCategory::kIllegal},       {"violation", ReportCategory::kOther},
      {"other", ReportCategory::kOther}};
  return Lookup(t, s);
}

const char* CaseKindName(CaseKind k) {
  switch (k) {
    case CaseKind::kReport: return "report";
    case CaseKind::kZombieFarm: return "zombie_farm";
    case CaseKind::kWaterArmy: return "water_army";
    case CaseKind::kSpamBot: return "spam_bot";
  }
  return "report";
}
std::optional<CaseKind> ParseCaseKind(std::string_view s) {
  static const std::pair<std::string_view, CaseKind> t[] = {
      {"report", CaseKind::kReport},
      {"zombie_farm", CaseKind::kZombieFarm},
      {"water_army", CaseKind::kWaterArmy},
      {"spam_bot", CaseKind::kSpamBot}};
  return Lookup(t, s);
}

const char* CaseStateName(CaseState s) { return s == CaseState::kOpen ? "open" : "resolved"; }
std::optional<CaseState> ParseCaseState(std::string_view s) {
  static const std::pair<std::string_view, CaseState> t[] = {{"open", CaseState::kOpen},
                                                              {"resolved", CaseState::kResolved}};
  return Lookup(t, s);
}

const char* ModerationActionName(ModerationAction a) {
  switch (a) {
    case ModerationAction::kDismiss: return "dismiss";
    case ModerationAction::kLimit: return "limit";
    case ModerationAction::kUnlimit: return "unlimit";
    case ModerationAction::kRemoveFollows: return "remove_follows";
    case ModerationAction::kSuspend: return "suspend";
    case ModerationAction::kRestore: return "restore";
  }
  return "dismiss";
}
std::optional<ModerationAction> ParseModerationAction(std::string_view s) {
  static const std::pair<std::string_view, ModerationAction> t[] = {
      {"dismiss", ModerationAction::kDismiss},
      {"limit", ModerationAction::kLimit},
      {"unlimit", ModerationAction::kUnlimit},
      {"remove_follows", ModerationAction::kRemoveFollows},
      {"suspend", ModerationAction::kSuspend},
      {"restore", ModerationAction::kRestore}};
  return Lookup(t, s);
}

}  // namespace cw
