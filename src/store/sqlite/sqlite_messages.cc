// MessageStore and NotificationStore on SQLite.
#include <algorithm>

#include "store/sqlite/internal.h"
#include "store/sqlite/sqlite_store.h"

namespace cw::sqlite {
namespace {

Conversation ReadConversation(Stmt& q) {
  return Conversation{q.Int(0), q.Int(1), q.Int(2), q.Int(3), q.Int(4)};
}
constexpr const char* kConversationSelect =
    "SELECT id, account_a, account_b, last_message_id, updated_at FROM conversations WHERE ";

ConversationMember ReadMember(Stmt& q) {
  ConversationMember m;
  m.conversation_id = q.Int(0);
  m.account_id = q.Int(1);
  m.other_id = q.Int(2);
  m.unread_count = q.Int(3);
  m.is_request = q.Int(4) != 0;
  m.last_message_id = q.Int(5);
  m.updated_at = q.Int(6);
  return m;
}
constexpr const char* kMemberSelect =
    "SELECT conversation_id, account_id, other_id, unread_count, is_request, last_message_id, "
    "updated_at FROM conversation_members WHERE ";

Message ReadMessage(Stmt& q) {
  Message m;
  m.id = q.Int(0);
  m.conversation_id = q.Int(1);
  m.sender_id = q.Int(2);
  m.text = q.Text(3);
  m.created_at = q.Int(4);
  return m;
}
constexpr const char* kMessageSelect =
    "SELECT id, conversation_id, sender_id, text, created_at FROM messages WHERE ";

Notification ReadNotification(Stmt& q) {
  Notification n;
  n.id = q.Int(0);
  n.account_id = q.Int(1);
  n.type = ParseNotificationType(q.Text(2)).value_or(NotificationType::kMention);
  n.from_account_id = q.Int(3);
  n.post_id = q.Int(4);
  n.comment_id = q.Int(5);
  n.message_id = q.Int(6);
  n.created_at = q.Int(7);
  n.read = q.Int(8) != 0;
  n.moderation_id = q.Int(9);
  n.monitor_alert_id = q.Int(10);
  return n;
}
constexpr const char* kNotificationSelect =
    "SELECT id, account_id, type, from_account_id, post_id, comment_id, message_id, created_at, "
    "is_read, moderation_id, monitor_alert_id FROM notifications WHERE ";

// " AND type IN ('a', 'b')" from a filter; names come from our own enum, never from input.
std::string TypeFilter(const std::vector<NotificationType>& types) {
  if (types.empty()) return "";
  std::string out = " AND type IN (";
  for (size_t i = 0; i < types.size(); ++i) {
    out += i ? ", '" : "'";
    out += NotificationTypeName(types[i]);
    out += "'";
  }
  return out + ")";
}

}  // namespace

Result<Conversation> SqliteMessageStore::GetConversation(const char* where, Id a, Id b) {
  return ReadResult<Conversation>(db_, [&](Conn& c) -> Result<Conversation> {
    Stmt q(c, std::string(kConversationSelect) + where);
    q.BindOne(1, a);
    if (b) q.BindOne(2, b);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("conversation not found");
    return ReadConversation(q);
  });
}

Result<Conversation> SqliteMessageStore::GetConversationBetween(Id a, Id b) {
  return GetConversation("account_a = ? AND account_b = ?", std::min(a, b), std::max(a, b));
}

Result<Conversation> SqliteMessageStore::GetConversationById(Id id) {
  return GetConversation("id = ?", id, 0);
}

Status SqliteMessageStore::PutConversation(const Conversation& given, Id request_for) {
  Conversation cv = given;  // the pair is stored in order, whichever way it was given
  if (cv.account_a > cv.account_b) std::swap(cv.account_a, cv.account_b);
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "INSERT INTO conversations (id, account_a, account_b, last_message_id, updated_at) "
           "VALUES (?, ?, ?, ?, ?)");
    CW_RETURN_IF_ERROR(
        q.Bind(cv.id, cv.account_a, cv.account_b, cv.last_message_id, cv.updated_at).Run());
    for (int side = 0; side < 2; ++side) {
      Id me = side == 0 ? cv.account_a : cv.account_b;
      Id other = side == 0 ? cv.account_b : cv.account_a;
      Stmt m(c,
             "INSERT INTO conversation_members (conversation_id, account_id, other_id, "
             "unread_count, is_request, last_message_id, updated_at) VALUES (?, ?, ?, 0, ?, 0, ?)");
      CW_RETURN_IF_ERROR(
          m.Bind(cv.id, me, other, me == request_for, cv.updated_at).Run());
    }
    return OkStatus();
  });
}

Result<ConversationMember> SqliteMessageStore::GetMember(Id conversation_id, Id account_id) {
  return ReadResult<ConversationMember>(db_, [&](Conn& c) -> Result<ConversationMember> {
    Stmt q(c, std::string(kMemberSelect) + "conversation_id = ? AND account_id = ?");
    q.Bind(conversation_id, account_id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("conversation not found");
    return ReadMember(q);
  });
}

Result<std::vector<ConversationMember>> SqliteMessageStore::ListMembersByAccount(
    Id account_id, bool requests, const Page& page) {
  using Rows = std::vector<ConversationMember>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    PageClause pc = MakePageClause(page, "last_message_id");
    Stmt q(c, std::string(kMemberSelect) +
                  "account_id = ? AND is_request = ? AND last_message_id > 0" + pc.sql);
    q.Bind(account_id, requests);
    BindArgs(q, 3, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<ConversationMember>(q, ReadMember));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Status SqliteMessageStore::PutMessage(const Message& m, Id recipient_id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c,
           "INSERT INTO messages (id, conversation_id, sender_id, text, created_at) VALUES (?, ?, "
           "?, ?, ?)");
    CW_RETURN_IF_ERROR(q.Bind(m.id, m.conversation_id, m.sender_id, m.text, m.created_at).Run());
    Stmt cv(c, "UPDATE conversations SET last_message_id = ?, updated_at = ? WHERE id = ?");
    CW_RETURN_IF_ERROR(cv.Bind(m.id, m.created_at, m.conversation_id).Run());
    Stmt mem(c,
             "UPDATE conversation_members SET last_message_id = ?, updated_at = ?, unread_count = "
             "unread_count + (CASE WHEN account_id = ? THEN 1 ELSE 0 END) WHERE conversation_id = ?");
    return mem.Bind(m.id, m.created_at, recipient_id, m.conversation_id).Run();
  });
}

Result<Message> SqliteMessageStore::GetMessageById(Id id) {
  return ReadResult<Message>(db_, [&](Conn& c) -> Result<Message> {
    Stmt q(c, std::string(kMessageSelect) + "id = ?");
    q.Bind(id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("message not found");
    return ReadMessage(q);
  });
}

Result<std::vector<Message>> SqliteMessageStore::GetMessagesByIds(const std::vector<Id>& ids) {
  return ReadResult<std::vector<Message>>(db_, [&](Conn& c) -> Result<std::vector<Message>> {
    std::vector<Message> out;
    CW_RETURN_IF_ERROR(ForEachIdChunk(ids, [&](const std::string& ph, const std::vector<Id>& chunk) -> Status {
      Stmt q(c, std::string(kMessageSelect) + "id IN (" + ph + ")");
      BindArgs(q, 1, chunk);
      CW_ASSIGN_OR_RETURN(auto rows, Collect<Message>(q, ReadMessage));
      for (auto& r : rows) {
        if (std::none_of(out.begin(), out.end(), [&](const Message& m) { return m.id == r.id; })) {
          out.push_back(std::move(r));
        }
      }
      return OkStatus();
    }));
    return out;
  });
}

Result<std::vector<Message>> SqliteMessageStore::ListMessages(Id conversation_id,
                                                              const Page& page) {
  return ReadResult<std::vector<Message>>(db_, [&](Conn& c) -> Result<std::vector<Message>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string(kMessageSelect) + "conversation_id = ?" + pc.sql);
    q.Bind(conversation_id);
    BindArgs(q, 2, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Message>(q, ReadMessage));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Status SqliteMessageStore::MarkConversationRead(Id conversation_id, Id account_id) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c,
           "UPDATE conversation_members SET unread_count = 0 WHERE conversation_id = ? AND "
           "account_id = ?");
    return q.Bind(conversation_id, account_id).Run();
  });
}

Status SqliteMessageStore::AcceptRequest(Id conversation_id, Id account_id) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c,
           "UPDATE conversation_members SET is_request = 0 WHERE conversation_id = ? AND "
           "account_id = ?");
    return q.Bind(conversation_id, account_id).Run();
  });
}

Result<std::pair<int64_t, int64_t>> SqliteMessageStore::CountUnread(Id account_id) {
  using Pair = std::pair<int64_t, int64_t>;
  return ReadResult<Pair>(db_, [&](Conn& c) -> Result<Pair> {
    Stmt q(c,
           "SELECT COALESCE(SUM(CASE WHEN is_request = 0 THEN unread_count ELSE 0 END), 0), "
           "COALESCE(SUM(CASE WHEN is_request = 1 THEN unread_count ELSE 0 END), 0) FROM "
           "conversation_members WHERE account_id = ?");
    q.Bind(account_id);
    CW_RETURN_IF_ERROR(q.Step());
    return Pair{q.Int(0), q.Int(1)};
  });
}

// --- notifications ---

Status SqliteNotificationStore::PutNotification(const Notification& n) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c,
           "INSERT INTO notifications (id, account_id, type, from_account_id, post_id, "
           "comment_id, message_id, created_at, is_read, moderation_id, monitor_alert_id) VALUES "
           "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    return q
        .Bind(n.id, n.account_id, NotificationTypeName(n.type), n.from_account_id, n.post_id,
              n.comment_id, n.message_id, n.created_at, n.read, n.moderation_id,
              n.monitor_alert_id)
        .Run();
  });
}

Result<Notification> SqliteNotificationStore::GetNotificationById(Id account_id, Id id) {
  return ReadResult<Notification>(db_, [&](Conn& c) -> Result<Notification> {
    Stmt q(c, std::string(kNotificationSelect) + "id = ? AND account_id = ?");
    q.Bind(id, account_id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("notification not found");
    return ReadNotification(q);
  });
}

Result<std::vector<Notification>> SqliteNotificationStore::ListNotifications(
    Id account_id, const std::vector<NotificationType>& types, const Page& page) {
  using Rows = std::vector<Notification>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string(kNotificationSelect) + "account_id = ?" + TypeFilter(types) + pc.sql);
    q.Bind(account_id);
    BindArgs(q, 2, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Notification>(q, ReadNotification));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Status SqliteNotificationStore::MarkNotificationsRead(Id account_id, Id up_to_id,
                                                     const std::vector<NotificationType>& types) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "UPDATE notifications SET is_read = 1 WHERE account_id = ? AND is_read = 0 AND id <= ?" +
                  TypeFilter(types));
    return q.Bind(account_id, up_to_id > 0 ? up_to_id : INT64_MAX).Run();
  });
}

Result<int64_t> SqliteNotificationStore::CountUnreadNotifications(
    Id account_id, const std::vector<NotificationType>& types) {
  return ReadResult<int64_t>(db_, [&](Conn& c) -> Result<int64_t> {
    Stmt q(c, std::string("SELECT COUNT(*) FROM notifications WHERE account_id = ? AND is_read = 0") +
                  TypeFilter(types));
    q.Bind(account_id);
    CW_RETURN_IF_ERROR(q.Step());
    return q.Int(0);
  });
}

Status SqliteNotificationStore::DeleteNotificationsByAccount(Id account_id) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "DELETE FROM notifications WHERE account_id = ?");
    return q.Bind(account_id).Run();
  });
}

}  // namespace cw::sqlite
