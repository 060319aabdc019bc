// The whole HTTP API in one table. docs/api.md documents every line. A route that performs a
// rate-limited action names it (RateAction); Api applies the limit before the handler runs.
#include "api/handlers/handlers.h"
#include "api/router.h"

namespace cw::api {

Router BuildRouter() {
  Router r;
  r.Add("GET", "/healthz", GetHealth);
  r.Add("GET", "/api/v1/instance", GetInstance);

  r.Add("GET", "/api/v1/challenge", GetChallenge);
  r.Add("POST", "/api/v1/accounts", RegisterAccount, RateAction::kSignup);
  r.Add("POST", "/oauth/token", IssueToken);
  r.Add("POST", "/oauth/revoke", RevokeToken);
  r.Add("GET", "/api/v1/sessions", ListSessions);
  r.Add("DELETE", "/api/v1/sessions/:id", DeleteSession);
  r.Add("GET", "/api/v1/accounts/verify_credentials", VerifyCredentials).quick = true;
  r.Add("PATCH", "/api/v1/accounts/update_credentials", UpdateCredentials);
  r.Add("GET", "/api/v1/accounts/lookup", LookupAccount);
  r.Add("GET", "/api/v1/accounts/search", SearchAccounts);
  r.Add("GET", "/api/v1/accounts/relationships", GetRelationships);
  r.Add("GET", "/api/v1/accounts/:id", GetAccount).quick = true;
  r.Add("GET", "/api/v1/accounts/:id/statuses", AccountStatuses).quick = true;
  r.Add("GET", "/api/v1/accounts/:id/followers", ListFollowers);
  r.Add("GET", "/api/v1/accounts/:id/following", ListFollowing);
  r.Add("POST", "/api/v1/accounts/:id/follow", FollowAccount, RateAction::kFollow);
  r.Add("POST", "/api/v1/accounts/:id/unfollow", UnfollowAccount);
  r.Add("POST", "/api/v1/accounts/:id/block", BlockAccount);
  r.Add("POST", "/api/v1/accounts/:id/unblock", UnblockAccount);
  r.Add("POST", "/api/v1/accounts/:id/mute", MuteAccount);
  r.Add("POST", "/api/v1/accounts/:id/unmute", UnmuteAccount);

  r.Add("GET", "/api/v1/lists", ListLists);
  r.Add("POST", "/api/v1/lists", CreateList);
  r.Add("GET", "/api/v1/lists/:id", GetList);
  r.Add("PUT", "/api/v1/lists/:id", UpdateList);
  r.Add("DELETE", "/api/v1/lists/:id", DeleteList);
  r.Add("GET", "/api/v1/lists/:id/accounts", ListListAccounts);
  r.Add("POST", "/api/v1/lists/:id/accounts", AddListAccounts);
  r.Add("DELETE", "/api/v1/lists/:id/accounts", RemoveListAccounts);

  r.Add("POST", "/api/v1/statuses", CreateStatus, RateAction::kPost);
  r.Add("GET", "/api/v1/statuses/:id", GetStatus).quick = true;
  r.Add("DELETE", "/api/v1/statuses/:id", DeleteStatus);
  r.Add("POST", "/api/v1/statuses/:id/reblog", ForwardStatus, RateAction::kForward);
  r.Add("POST", "/api/v1/statuses/:id/favourite", FavouriteStatus, RateAction::kLike);
  r.Add("POST", "/api/v1/statuses/:id/unfavourite", UnfavouriteStatus);
  r.Add("GET", "/api/v1/statuses/:id/favourited_by", StatusFavouritedBy);
  r.Add("GET", "/api/v1/statuses/:id/reblogged_by", StatusRebloggedBy);
  r.Add("GET", "/api/v1/statuses/:id/forwards", StatusForwards);
  r.Add("GET", "/api/v1/statuses/:id/comments", ListComments);
  r.Add("POST", "/api/v1/statuses/:id/comments", CreateComment, RateAction::kComment);

  r.Add("GET", "/api/v1/comments/:id", GetComment);
  r.Add("DELETE", "/api/v1/comments/:id", DeleteComment);
  r.Add("GET", "/api/v1/comments/:id/replies", ListReplies);
  r.Add("POST", "/api/v1/comments/:id/favourite", FavouriteComment, RateAction::kLike);
  r.Add("POST", "/api/v1/comments/:id/unfavourite", UnfavouriteComment);
  r.Add("POST", "/api/v1/comments/:id/forward", ForwardComment, RateAction::kForward);

  r.Add("GET", "/api/v1/timelines/home", HomeTimeline).quick = true;
  r.Add("GET", "/api/v1/timelines/list/:id", ListTimeline).quick = true;
  r.Add("GET", "/api/v1/timelines/public", PublicTimeline);
  r.Add("GET", "/api/v1/timelines/tag/:name", TagTimeline);

  r.Add("GET", "/api/v2/search", Search);
  r.Add("GET", "/api/v1/hot", HotList);
  r.Add("GET", "/api/v1/trends/tags", TrendingTags);
  r.Add("GET", "/api/v1/tags/:name", GetTag);

  r.Add("GET", "/api/v1/notifications", ListNotifications);
  r.Add("GET", "/api/v1/notifications/unread_count", NotificationsUnreadCount);
  r.Add("POST", "/api/v1/notifications/read", MarkNotificationsRead);
  r.Add("GET", "/api/v1/notifications/:id", GetNotification);

  r.Add("POST", "/api/v1/messages", SendMessage, RateAction::kMessage);
  r.Add("GET", "/api/v1/conversations", ListConversations);
  r.Add("GET", "/api/v1/conversations/unread_count", ConversationsUnreadCount);
  r.Add("GET", "/api/v1/conversations/:id", GetConversation);
  r.Add("GET", "/api/v1/conversations/:id/messages", ListMessages);
  r.Add("POST", "/api/v1/conversations/:id/messages", SendConversationMessage,
        RateAction::kMessage);
  r.Add("POST", "/api/v1/conversations/:id/read", ReadConversation);
  r.Add("POST", "/api/v1/conversations/:id/accept", AcceptConversation);

  r.Add("POST", "/api/v1/reports", FileReport);
  r.Add("GET", "/api/v1/moderation_warnings/:id", GetModerationWarning);
  r.Add("GET", "/api/v1/admin/cases", ListCases);
  r.Add("GET", "/api/v1/admin/cases/:id", GetCase);
  r.Add("POST", "/api/v1/admin/cases/:id/action", CaseAction);
  r.Add("GET", "/api/v1/admin/log", ModerationLog);

  r.Add("GET", "/api/v1/analytics/posts/:id/cascade", PostCascade);
  r.Add("GET", "/api/v1/analytics/accounts/:id", AccountAnalyticsOverview);
  r.Add("GET", "/api/v1/analytics/accounts/:id/audit", AccountAudit);
  r.Add("GET", "/api/v1/analytics/overlap", AudienceOverlap);
  r.Add("GET", "/api/v1/analytics/kols", SearchKols);
  r.Add("POST", "/api/v1/analytics/seeding", StartSeeding);
  r.Add("GET", "/api/v1/analytics/seeding", ListSeedingRuns);
  r.Add("GET", "/api/v1/analytics/seeding/:id", GetSeedingRun);
  r.Add("POST", "/api/v1/admin/integrity/scan", RunIntegrityScan);
  r.Add("POST", "/api/v1/admin/accounts/:id/action", AdminAccountAction);
  r.Add("POST", "/api/v1/admin/accounts/:id/role", AdminSetRole);
  r.Add("POST", "/api/v1/admin/accounts/:id/verification", AdminSetVerification);
  r.Add("GET", "/api/v1/admin/accounts/pending", ListPendingAccounts);
  r.Add("POST", "/api/v1/admin/accounts/:id/approve", ApproveAccount);
  r.Add("POST", "/api/v1/admin/accounts/:id/reject", RejectAccount);
  r.Add("GET", "/api/v1/admin/invites", ListInvites);
  r.Add("POST", "/api/v1/admin/invites", CreateInvite);
  r.Add("POST", "/api/v1/admin/invites/:id/revoke", RevokeInvite);
  r.Add("POST", "/api/v1/admin/monitors/check", RunMonitorCheck);

  r.Add("GET", "/api/v1/analytics/monitors", ListMonitors);
  r.Add("POST", "/api/v1/analytics/monitors", CreateMonitor);
  r.Add("GET", "/api/v1/analytics/monitors/:id", GetMonitor);
  r.Add("PATCH", "/api/v1/analytics/monitors/:id", UpdateMonitor);
  r.Add("DELETE", "/api/v1/analytics/monitors/:id", DeleteMonitor);
  r.Add("GET", "/api/v1/analytics/monitors/:id/report", MonitorReportReply);
  return r;
}

}  // namespace cw::api
