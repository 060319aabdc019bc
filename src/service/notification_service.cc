#include "service/notification_service.h"

#include <algorithm>

namespace cw {

Status NotificationService::Notify(Notification n) {
  if (n.account_id == 0 || n.account_id == n.from_account_id) return OkStatus();
  if (n.from_account_id != 0) {
    CW_ASSIGN_OR_RETURN(RelationFacts f,
                        ctx_.store->relations().GetRelationFacts(n.account_id, n.from_account_id));
    if (f.blocking || f.blocked_by || f.muting) return OkStatus();
  }
  n.id = ctx_.ids->Next();
  if (n.created_at == 0) n.created_at = ctx_.clock->NowMs();
  return ctx_.store->notifications().PutNotification(n);
}

namespace {
// Sorted and without repeats, so equal filters make equal queries.
std::vector<NotificationType> Canonical(std::vector<NotificationType> types) {
  std::sort(types.begin(), types.end());
  types.erase(std::unique(types.begin(), types.end()), types.end());
  return types;
}
}  // namespace

Result<std::vector<Notification>> NotificationService::List(
    const Account& viewer, const std::vector<NotificationType>& types,
    const std::vector<NotificationType>& exclude, const Page& page) {
  std::vector<NotificationType> wanted = Canonical(types);
  if (!exclude.empty()) {
    if (wanted.empty()) {
      for (int t = 0; t <= static_cast<int>(NotificationType::kMonitorAlert); ++t) {
        wanted.push_back(static_cast<NotificationType>(t));
      }
    }
    std::erase_if(wanted, [&](NotificationType t) {
      return std::find(exclude.begin(), exclude.end(), t) != exclude.end();
    });
    if (wanted.empty()) return std::vector<Notification>{};
  }
  Page p = page;
  p.limit = std::clamp(p.limit, 1, ctx_.limits.page_max);
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->notifications().ListNotifications(viewer.id, wanted, p));
  // Relations change after the fact: hide what a block or mute made since.
  std::vector<Id> from;
  for (const auto& n : rows) from.push_back(n.from_account_id);
  CW_ASSIGN_OR_RETURN(auto hidden, ctx_.store->relations().FilterMutedOrBlocked(viewer.id, from));
  CW_ASSIGN_OR_RETURN(auto senders, ctx_.store->accounts().GetAccountsByIds(from));
  for (const auto& a : senders) {
    if (a.state == AccountState::kSuspended) hidden.insert(a.id);
  }
  std::erase_if(rows, [&](const Notification& n) { return hidden.count(n.from_account_id) > 0; });
  return rows;
}

Result<Notification> NotificationService::Get(const Account& viewer, Id id) {
  return ctx_.store->notifications().GetNotificationById(viewer.id, id);
}

Result<int64_t> NotificationService::UnreadCount(const Account& viewer,
                                                 const std::vector<NotificationType>& types) {
  return ctx_.store->notifications().CountUnreadNotifications(viewer.id, Canonical(types));
}

Status NotificationService::MarkRead(const Account& viewer, Id up_to_id,
                                     const std::vector<NotificationType>& types) {
  return ctx_.store->notifications().MarkNotificationsRead(viewer.id, up_to_id, Canonical(types));
}

}  // namespace cw
