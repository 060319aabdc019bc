// Private messages and notifications. Plain data, no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/id.h"
#include "common/text/entities.h"

namespace cw {

struct Conversation {
  Id id = 0;
  Id account_a = 0;  // the smaller account id
  Id account_b = 0;
  Id last_message_id = 0;
  TimeMs updated_at = 0;
};

// One participant's view of a conversation.
struct ConversationMember {
  Id conversation_id = 0;
  Id account_id = 0;
  Id other_id = 0;
  int64_t unread_count = 0;
  bool is_request = false;  // a stranger wrote first and it has not been accepted
  Id last_message_id = 0;
  TimeMs updated_at = 0;
};

struct Message {
  Id id = 0;
  Id conversation_id = 0;
  Id sender_id = 0;
  std::string text;
  TimeMs created_at = 0;
  // Not stored: MessageService derives them from `text` (mentions resolved to accounts) for
  // rendering. Mentions in a message notify nobody.
  std::vector<text::Entity> entities;
};

enum class NotificationType {
  kMention, kComment, kReply, kForward, kLike, kFollow, kMessage,
  kModeration,  // a moderator acted on the account (Mastodon's "moderation_warning")
  kMonitorAlert,  // a brand monitor of the account burst
};

const char* NotificationTypeName(NotificationType t);
std::optional<NotificationType> ParseNotificationType(std::string_view s);

struct Notification {
  Id id = 0;
  Id account_id = 0;  // who is notified
  NotificationType type = NotificationType::kMention;
  Id from_account_id = 0;
  Id post_id = 0;
  Id comment_id = 0;
  Id message_id = 0;
  Id moderation_id = 0;  // kModeration: the audit log entry
  Id monitor_alert_id = 0;  // kMonitorAlert: the alert
  TimeMs created_at = 0;
  bool read = false;
};

}  // namespace cw
