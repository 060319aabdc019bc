// Private messages between two accounts. The recipient's dm_policy decides who may write first
// (everyone / accounts they follow / friends); blocks stop everything; a first message from
// someone the recipient does not follow lands in their message requests, and replying (or
// accepting) moves it to the inbox. Thread-safe.
#pragma once

#include <unordered_map>

#include "service/context.h"
#include "service/notification_service.h"

namespace cw {

struct ConversationView {
  ConversationMember member;
  Account other;
  std::optional<Message> last_message;
};

class MessageService {
 public:
  MessageService(const ServiceContext& ctx, NotificationService* notifications)
      : ctx_(ctx), notifications_(notifications) {}

  // kNotFound for an unknown recipient; kPermissionDenied if blocked or the policy says no.
  Result<Message> Send(const Account& sender, Id recipient_id, const std::string& text);
  Result<Message> SendInConversation(const Account& sender, Id conversation_id,
                                     const std::string& text);
  Result<std::vector<ConversationView>> ListConversations(const Account& viewer, bool requests,
                                                          const Page& page);
  Result<ConversationView> GetConversation(const Account& viewer, Id conversation_id);
  Result<std::vector<Message>> ListMessages(const Account& viewer, Id conversation_id,
                                            const Page& page);
  Result<ConversationView> MarkRead(const Account& viewer, Id conversation_id);
  Result<ConversationView> Accept(const Account& viewer, Id conversation_id);
  // The messages among `ids` in the viewer's conversations.
  Result<std::vector<Message>> GetMessages(const Account& viewer, const std::vector<Id>& ids);
  // (inbox unread, requests unread)
  Result<std::pair<int64_t, int64_t>> UnreadCount(const Account& viewer);

 private:
  Result<ConversationView> View(const ConversationMember& m);
  // Fills the messages' entities from their text.
  Status WithEntities(Message& m);
  Status WithEntities(std::vector<Message>& ms);
  ServiceContext ctx_;
  NotificationService* notifications_;
};

}  // namespace cw
