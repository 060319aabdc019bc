// Notifications: created by the other services inside their write units, read by the owner.
// Nothing is notified to oneself, or between accounts where either blocks the other, or from an
// account the recipient mutes. Thread-safe.
#pragma once

#include "service/context.h"

namespace cw {

class NotificationService {
 public:
  explicit NotificationService(const ServiceContext& ctx) : ctx_(ctx) {}

  // Stores a notification for `n.account_id` unless a rule above says no. Call inside
  // Store::Write so it commits with the action.
  Status Notify(Notification n);

  Result<std::vector<Notification>> List(const Account& viewer,
                                         const std::vector<NotificationType>& types,
                                         const std::vector<NotificationType>& exclude,
                                         const Page& page);
  Result<Notification> Get(const Account& viewer, Id id);
  Result<int64_t> UnreadCount(const Account& viewer, const std::vector<NotificationType>& types);
  Status MarkRead(const Account& viewer, Id up_to_id, const std::vector<NotificationType>& types);

 private:
  ServiceContext ctx_;
};

}  // namespace cw
