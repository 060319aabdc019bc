#include "service/message_service.h"

#include <algorithm>

#include "common/text/utf8.h"
#include "service/account_service.h"
#include "service/mentions.h"

namespace cw {

Result<Message> MessageService::Send(const Account& sender, Id recipient_id,
                                     const std::string& text) {
  CW_RETURN_IF_ERROR(CheckText(text, ctx_.limits.message_chars, "text", true));
  if (text::TrimAscii(text).empty()) return InvalidArgument("text must not be empty");
  if (recipient_id == sender.id) return InvalidArgument("you cannot message yourself");
  auto recipient = ctx_.store->accounts().GetAccountById(recipient_id);
  if (!recipient.ok() || IsHiddenState(recipient->state)) {
    return NotFound("account not found");
  }
  Message m;
  CW_RETURN_IF_ERROR(ctx_.store->Write([&]() -> Status {
    // Facts from the recipient's side: do they follow the sender, does either block.
    CW_ASSIGN_OR_RETURN(RelationFacts f,
                        ctx_.store->relations().GetRelationFacts(recipient_id, sender.id));
    if (f.blocking || f.blocked_by) return PermissionDenied("you cannot message this account");
    auto existing = ctx_.store->messages().GetConversationBetween(sender.id, recipient_id);
    if (!existing.ok() && existing.error().code() != ErrorCode::kNotFound) return existing.error();
    // Answering a request the recipient sent accepts it; a conversation that neither side holds
    // as a request is established. Either way the policy (who may write first) is not asked.
    bool answering = false;
    if (existing.ok()) {
      CW_ASSIGN_OR_RETURN(ConversationMember mine,
                          ctx_.store->messages().GetMember(existing->id, sender.id));
      CW_ASSIGN_OR_RETURN(ConversationMember theirs,
                          ctx_.store->messages().GetMember(existing->id, recipient_id));
      if (mine.is_request) {
        CW_RETURN_IF_ERROR(ctx_.store->messages().AcceptRequest(existing->id, sender.id));
        answering = true;
      } else if (!theirs.is_request && existing->last_message_id != 0) {
        answering = true;
      }
    }
    if (!answering) {
      if (recipient->dm_policy == Audience::kFollowing && !f.following) {
        return PermissionDenied("this account accepts messages only from accounts it follows");
      }
      if (recipient->dm_policy == Audience::kFriends && !f.friends()) {
        return PermissionDenied("this account accepts messages only from friends");
      }
    }
    Conversation cv;
    if (existing.ok()) {
      cv = *existing;
    } else {
      cv.id = ctx_.ids->Next();
      cv.account_a = std::min(sender.id, recipient_id);
      cv.account_b = std::max(sender.id, recipient_id);
      cv.updated_at = ctx_.clock->NowMs();
      // A stranger's first message is a request on the recipient's side.
      CW_RETURN_IF_ERROR(
          ctx_.store->messages().PutConversation(cv, f.following ? 0 : recipient_id));
    }
    m.id = ctx_.ids->Next();
    m.conversation_id = cv.id;
    m.sender_id = sender.id;
    m.text = text;
    m.created_at = ctx_.clock->NowMs();
    CW_RETURN_IF_ERROR(ctx_.store->messages().PutMessage(m, recipient_id));
    CW_ASSIGN_OR_RETURN(ConversationMember theirs, ctx_.store->messages().GetMember(cv.id, recipient_id));
    if (theirs.is_request) return OkStatus();  // requests do not ring
    Notification n;
    n.account_id = recipient_id;
    n.type = NotificationType::kMessage;
    n.from_account_id = sender.id;
    n.message_id = m.id;
    n.created_at = m.created_at;
    return notifications_->Notify(n);
  }));
  CW_RETURN_IF_ERROR(WithEntities(m));
  return m;
}

Status MessageService::WithEntities(Message& m) {
  m.entities = text::ExtractEntities(m.text);
  return ResolveMentions(*ctx_.store, &m.entities);
}

Status MessageService::WithEntities(std::vector<Message>& ms) {
  for (Message& m : ms) CW_RETURN_IF_ERROR(WithEntities(m));
  return OkStatus();
}

Result<Message> MessageService::SendInConversation(const Account& sender, Id conversation_id,
                                                   const std::string& text) {
  auto member = ctx_.store->messages().GetMember(conversation_id, sender.id);
  if (!member.ok()) return NotFound("conversation not found");
  return Send(sender, member->other_id, text);
}

Result<ConversationView> MessageService::View(const ConversationMember& m) {
  ConversationView v;
  v.member = m;
  CW_ASSIGN_OR_RETURN(v.other, ctx_.store->accounts().GetAccountById(m.other_id));
  if (m.last_message_id) {
    auto msg = ctx_.store->messages().GetMessageById(m.last_message_id);
    if (msg.ok()) {
      v.last_message = std::move(msg).value();
      CW_RETURN_IF_ERROR(WithEntities(*v.last_message));
    }
  }
  return v;
}

Result<std::vector<ConversationView>> MessageService::ListConversations(const Account& viewer,
                                                                        bool requests,
                                                                        const Page& page) {
  Page p = page;
  p.limit = std::clamp(p.limit, 1, ctx_.limits.page_max);
  CW_ASSIGN_OR_RETURN(auto members, ctx_.store->messages().ListMembersByAccount(viewer.id, requests, p));
  std::vector<Id> others, last;
  for (const auto& m : members) {
    others.push_back(m.other_id);
    last.push_back(m.last_message_id);
  }
  CW_ASSIGN_OR_RETURN(auto accounts, ctx_.store->accounts().GetAccountsByIds(others));
  CW_ASSIGN_OR_RETURN(auto messages, ctx_.store->messages().GetMessagesByIds(last));
  CW_RETURN_IF_ERROR(WithEntities(messages));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : accounts) by_id.emplace(a.id, std::move(a));
  std::unordered_map<Id, Message> msg_by_id;
  for (auto& m : messages) msg_by_id.emplace(m.id, std::move(m));
  std::vector<ConversationView> out;
  for (const auto& m : members) {
    auto a = by_id.find(m.other_id);
    if (a == by_id.end()) continue;
    ConversationView v{m, a->second, std::nullopt};
    auto msg = msg_by_id.find(m.last_message_id);
    if (msg != msg_by_id.end()) v.last_message = msg->second;
    out.push_back(std::move(v));
  }
  return out;
}

Result<ConversationView> MessageService::GetConversation(const Account& viewer, Id conversation_id) {
  auto m = ctx_.store->messages().GetMember(conversation_id, viewer.id);
  if (!m.ok()) return NotFound("conversation not found");
  return View(*m);
}

Result<std::vector<Message>> MessageService::ListMessages(const Account& viewer,
                                                          Id conversation_id, const Page& page) {
  auto m = ctx_.store->messages().GetMember(conversation_id, viewer.id);
  if (!m.ok()) return NotFound("conversation not found");
  Page p = page;
  p.limit = std::clamp(p.limit, 1, ctx_.limits.page_max);
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->messages().ListMessages(conversation_id, p));
  CW_RETURN_IF_ERROR(WithEntities(rows));
  return rows;
}

Result<ConversationView> MessageService::MarkRead(const Account& viewer, Id conversation_id) {
  CW_RETURN_IF_ERROR(GetConversation(viewer, conversation_id).status());
  CW_RETURN_IF_ERROR(ctx_.store->messages().MarkConversationRead(conversation_id, viewer.id));
  return GetConversation(viewer, conversation_id);
}

Result<ConversationView> MessageService::Accept(const Account& viewer, Id conversation_id) {
  CW_RETURN_IF_ERROR(GetConversation(viewer, conversation_id).status());
  CW_RETURN_IF_ERROR(ctx_.store->messages().AcceptRequest(conversation_id, viewer.id));
  return GetConversation(viewer, conversation_id);
}

Result<std::vector<Message>> MessageService::GetMessages(const Account& viewer,
                                                         const std::vector<Id>& ids) {
  CW_ASSIGN_OR_RETURN(auto rows, ctx_.store->messages().GetMessagesByIds(ids));
  std::vector<Message> out;
  for (auto& m : rows) {
    if (ctx_.store->messages().GetMember(m.conversation_id, viewer.id).ok()) {
      out.push_back(std::move(m));
    }
  }
  CW_RETURN_IF_ERROR(WithEntities(out));
  return out;
}

Result<std::pair<int64_t, int64_t>> MessageService::UnreadCount(const Account& viewer) {
  return ctx_.store->messages().CountUnread(viewer.id);
}

}  // namespace cw
