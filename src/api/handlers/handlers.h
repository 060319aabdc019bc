// Every API handler, grouped by file; routes.cc maps them to paths. Thin: parse parameters, call
// one service, render with views.h.
#pragma once

#include "api/call.h"

namespace cw::api {

// Shared rendering helpers.
Reply JsonReply(boost::json::value body, int status = 200);
// A body already serialised as JSON.
Reply RawJsonReply(std::string body, int status = 200);
// `fresh`: the post was created by this request (see PostService::Hydrate).
Result<Reply> StatusReply(Call& call, Post post, bool fresh = false);
Result<Reply> StatusesReply(Call& call, std::vector<Post> posts);
Result<Reply> CommentReply(Call& call, Comment comment, Id forward_id = 0);
// The client's name for a session: client_id, else the User-Agent.
std::string ClientName(const Call& call);
// Accounts paged by an outside id (follow or like id).
Reply AccountPageReply(Call& call, const std::vector<std::pair<Id, Account>>& rows);

// system.cc
Result<Reply> GetHealth(Call& call);
Result<Reply> GetInstance(Call& call);

// signup.cc: sign-up, its challenge, invites and approvals
Result<Reply> GetChallenge(Call& call);
Result<Reply> RegisterAccount(Call& call);
Result<Reply> ListPendingAccounts(Call& call);
Result<Reply> ApproveAccount(Call& call);
Result<Reply> RejectAccount(Call& call);
Result<Reply> ListInvites(Call& call);
Result<Reply> CreateInvite(Call& call);
Result<Reply> RevokeInvite(Call& call);

// accounts.cc
Result<Reply> IssueToken(Call& call);
Result<Reply> RevokeToken(Call& call);
Result<Reply> ListSessions(Call& call);
Result<Reply> DeleteSession(Call& call);
Result<Reply> VerifyCredentials(Call& call);
Result<Reply> UpdateCredentials(Call& call);
Result<Reply> GetAccount(Call& call);
Result<Reply> LookupAccount(Call& call);
Result<Reply> SearchAccounts(Call& call);
Result<Reply> AdminSetRole(Call& call);
Result<Reply> AdminSetVerification(Call& call);

// relations.cc
Result<Reply> FollowAccount(Call& call);
Result<Reply> UnfollowAccount(Call& call);
Result<Reply> BlockAccount(Call& call);
Result<Reply> UnblockAccount(Call& call);
Result<Reply> MuteAccount(Call& call);
Result<Reply> UnmuteAccount(Call& call);
Result<Reply> GetRelationships(Call& call);
Result<Reply> ListFollowers(Call& call);
Result<Reply> ListFollowing(Call& call);
Result<Reply> ListLists(Call& call);
Result<Reply> CreateList(Call& call);
Result<Reply> GetList(Call& call);
Result<Reply> UpdateList(Call& call);
Result<Reply> DeleteList(Call& call);
Result<Reply> ListListAccounts(Call& call);
Result<Reply> AddListAccounts(Call& call);
Result<Reply> RemoveListAccounts(Call& call);

// statuses.cc
Result<Reply> CreateStatus(Call& call);
Result<Reply> GetStatus(Call& call);
Result<Reply> DeleteStatus(Call& call);
Result<Reply> ForwardStatus(Call& call);
Result<Reply> FavouriteStatus(Call& call);
Result<Reply> UnfavouriteStatus(Call& call);
Result<Reply> StatusFavouritedBy(Call& call);
Result<Reply> StatusRebloggedBy(Call& call);
Result<Reply> StatusForwards(Call& call);
Result<Reply> AccountStatuses(Call& call);
Result<Reply> HomeTimeline(Call& call);
Result<Reply> ListTimeline(Call& call);
Result<Reply> PublicTimeline(Call& call);

// comments.cc
Result<Reply> ListComments(Call& call);
Result<Reply> CreateComment(Call& call);
Result<Reply> GetComment(Call& call);
Result<Reply> ListReplies(Call& call);
Result<Reply> DeleteComment(Call& call);
Result<Reply> FavouriteComment(Call& call);
Result<Reply> UnfavouriteComment(Call& call);
Result<Reply> ForwardComment(Call& call);

// inbox.cc: notifications and private messages
Result<Reply> ListNotifications(Call& call);
Result<Reply> GetNotification(Call& call);
Result<Reply> NotificationsUnreadCount(Call& call);
Result<Reply> MarkNotificationsRead(Call& call);
Result<Reply> SendMessage(Call& call);
Result<Reply> ListConversations(Call& call);
Result<Reply> ListMessages(Call& call);
Result<Reply> SendConversationMessage(Call& call);
Result<Reply> GetConversation(Call& call);
Result<Reply> ReadConversation(Call& call);
Result<Reply> AcceptConversation(Call& call);
Result<Reply> ConversationsUnreadCount(Call& call);

// search.cc
Result<Reply> Search(Call& call);

// topics.cc
Result<Reply> HotList(Call& call);
Result<Reply> TrendingTags(Call& call);
Result<Reply> TagTimeline(Call& call);
Result<Reply> GetTag(Call& call);

// analytics.cc
Result<Reply> PostCascade(Call& call);
Result<Reply> AccountAnalyticsOverview(Call& call);
Result<Reply> AccountAudit(Call& call);
Result<Reply> AudienceOverlap(Call& call);
Result<Reply> SearchKols(Call& call);
Result<Reply> StartSeeding(Call& call);
Result<Reply> ListSeedingRuns(Call& call);
Result<Reply> GetSeedingRun(Call& call);

// moderation.cc
Result<Reply> FileReport(Call& call);
Result<Reply> ListCases(Call& call);
Result<Reply> GetCase(Call& call);
Result<Reply> CaseAction(Call& call);
Result<Reply> AdminAccountAction(Call& call);
Result<Reply> ModerationLog(Call& call);
Result<Reply> GetModerationWarning(Call& call);
Result<Reply> RunIntegrityScan(Call& call);
// monitors.cc: brand monitors
Result<Reply> CreateMonitor(Call& call);
Result<Reply> ListMonitors(Call& call);
Result<Reply> GetMonitor(Call& call);
Result<Reply> UpdateMonitor(Call& call);
Result<Reply> DeleteMonitor(Call& call);
Result<Reply> MonitorReportReply(Call& call);
Result<Reply> RunMonitorCheck(Call& call);
boost::json::object MonitorJson(const Monitor& m);
boost::json::object MonitorAlertJson(const MonitorAlert& a);

// The moderation_warning of a notification, as the account acted on sees it.
boost::json::object ModerationWarningJson(const ModerationEntry& e);

}  // namespace cw::api
