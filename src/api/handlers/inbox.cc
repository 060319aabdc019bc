// Notifications and private messages.
#include <unordered_map>

#include "api/handlers/handlers.h"
#include "api/views.h"

namespace cw::api {
namespace json = boost::json;

namespace {

// Known type names among the values of `key`; unknown names are ignored, as Mastodon does.
std::vector<NotificationType> Types(const Call& call, const std::string& key) {
  std::vector<NotificationType> out;
  for (const auto& name : call.params.GetAll(key)) {
    if (auto t = ParseNotificationType(name)) out.push_back(*t);
  }
  return out;
}

Result<json::array> NotificationsJson(Call& call, const Account& me,
                                      const std::vector<Notification>& rows) {
  const Services& s = call.services;
  std::vector<Id> post_ids, comment_ids, message_ids, account_ids;
  for (const auto& n : rows) {
    if (n.post_id) post_ids.push_back(n.post_id);
    if (n.comment_id) comment_ids.push_back(n.comment_id);
    if (n.message_id) message_ids.push_back(n.message_id);
    account_ids.push_back(n.from_account_id);
  }
  CW_ASSIGN_OR_RETURN(auto posts, s.posts->GetVisible(&me, post_ids));
  CW_ASSIGN_OR_RETURN(PostBundle pb, s.posts->Hydrate(&me, std::move(posts)));
  std::unordered_map<Id, json::object> statuses;
  for (const auto& p : pb.posts) statuses.emplace(p.id, StatusJson(p, pb, *s.posts));
  CW_ASSIGN_OR_RETURN(auto comments, s.comments->GetVisible(&me, comment_ids));
  CW_ASSIGN_OR_RETURN(CommentBundle cb, s.comments->Hydrate(&me, std::move(comments)));
  std::unordered_map<Id, json::object> comment_json;
  for (const auto& c : cb.comments) comment_json.emplace(c.id, CommentJson(c, cb));
  CW_ASSIGN_OR_RETURN(auto accounts, s.accounts->GetAccounts(account_ids));
  std::unordered_map<Id, Account> by_id;
  for (auto& a : accounts) by_id.emplace(a.id, std::move(a));
  CW_ASSIGN_OR_RETURN(auto messages, s.messages->GetMessages(me, message_ids));
  std::unordered_map<Id, json::object> message_json;
  for (const auto& m : messages) {
    auto a = by_id.find(m.sender_id);
    message_json.emplace(m.id, MessageJson(m, a == by_id.end() ? nullptr : &a->second));
  }
  auto lookup = [](auto& map, Id id) {
    auto it = map.find(id);
    return it == map.end() ? json::value(nullptr) : json::value(it->second);
  };
  json::array out;
  for (const auto& n : rows) {
    // About a post the recipient can no longer see (deleted, hidden since): not shown.
    if (n.post_id && !statuses.count(n.post_id)) continue;
    auto a = by_id.find(n.from_account_id);
    json::object o;
    o["id"] = IdString(n.id);
    o["type"] = NotificationTypeName(n.type);
    o["created_at"] = FormatIsoTime(n.created_at);
    o["read"] = n.read;
    o["account"] = a == by_id.end() ? json::value(nullptr) : json::value(AccountJson(a->second));
    o["status"] = lookup(statuses, n.post_id);
    o["comment"] = lookup(comment_json, n.comment_id);
    o["message"] = lookup(message_json, n.message_id);
    if (n.moderation_id && s.moderation) {
      auto e = s.moderation->GetEntry(me, n.moderation_id);
      if (e.ok()) o["moderation_warning"] = ModerationWarningJson(*e);
    }
    if (n.monitor_alert_id && s.monitors) {
      auto found = s.monitors->GetAlert(me, n.monitor_alert_id);
      if (!found.ok()) continue;  // its monitor was deleted
      json::object alert = MonitorAlertJson(found->first);
      alert["monitor"] = MonitorJson(found->second);
      o["monitor_alert"] = std::move(alert);
    }
    out.push_back(std::move(o));
  }
  return out;
}

Reply ConversationReply(const ConversationView& v, const Account& me) {
  return JsonReply(ConversationJson(v, me));
}

}  // namespace

Result<Reply> ListNotifications(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto rows, call.services.notifications->List(
                                     *me, Types(call, "types"), Types(call, "exclude_types"), page));
  std::vector<Id> ids;
  for (const auto& n : rows) ids.push_back(n.id);
  CW_ASSIGN_OR_RETURN(json::array out, NotificationsJson(call, *me, rows));
  Reply r = JsonReply(std::move(out));
  AddLinkHeader(call, ids, &r);
  return r;
}

Result<Reply> GetNotification(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Notification n, call.services.notifications->Get(*me, id));
  CW_ASSIGN_OR_RETURN(json::array out, NotificationsJson(call, *me, {n}));
  return JsonReply(std::move(out.front()));
}

Result<Reply> NotificationsUnreadCount(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(int64_t n,
                      call.services.notifications->UnreadCount(*me, Types(call, "types")));
  return JsonReply(json::object{{"count", n}});
}

Result<Reply> MarkNotificationsRead(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id max_id, call.params.GetId("max_id"));
  CW_RETURN_IF_ERROR(call.services.notifications->MarkRead(*me, max_id, Types(call, "types")));
  return JsonReply(json::object());
}

Result<Reply> SendMessage(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id to, call.params.GetId("to"));
  if (to == 0) return InvalidArgument("to (an account id) is required");
  CW_ASSIGN_OR_RETURN(Message m, call.services.messages->Send(*me, to, call.params.GetOr("text", "")));
  return JsonReply(MessageJson(m, me));
}

Result<Reply> ListConversations(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(auto requests, call.params.GetBool("requests"));
  CW_ASSIGN_OR_RETURN(auto views, call.services.messages->ListConversations(
                                      *me, requests.value_or(false), page));
  json::array out;
  std::vector<Id> ids;
  for (const auto& v : views) {
    out.push_back(ConversationJson(v, *me));
    ids.push_back(v.member.last_message_id);
  }
  Reply r = JsonReply(std::move(out));
  AddLinkHeader(call, ids, &r);
  return r;
}

Result<Reply> ListMessages(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Page page, call.GetPage());
  CW_ASSIGN_OR_RETURN(ConversationView v, call.services.messages->GetConversation(*me, id));
  CW_ASSIGN_OR_RETURN(auto rows, call.services.messages->ListMessages(*me, id, page));
  json::array out;
  std::vector<Id> ids;
  for (const auto& m : rows) {
    out.push_back(MessageJson(m, m.sender_id == me->id ? me : &v.other));
    ids.push_back(m.id);
  }
  Reply r = JsonReply(std::move(out));
  AddLinkHeader(call, ids, &r);
  return r;
}

Result<Reply> SendConversationMessage(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(Message m, call.services.messages->SendInConversation(
                                     *me, id, call.params.GetOr("text", "")));
  return JsonReply(MessageJson(m, me));
}

Result<Reply> GetConversation(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(ConversationView v, call.services.messages->GetConversation(*me, id));
  return ConversationReply(v, *me);
}

Result<Reply> ReadConversation(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(ConversationView v, call.services.messages->MarkRead(*me, id));
  return ConversationReply(v, *me);
}

Result<Reply> AcceptConversation(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(Id id, call.params.PathId("id"));
  CW_ASSIGN_OR_RETURN(ConversationView v, call.services.messages->Accept(*me, id));
  return ConversationReply(v, *me);
}

Result<Reply> ConversationsUnreadCount(Call& call) {
  CW_ASSIGN_OR_RETURN(const Account* me, call.RequireViewer());
  CW_ASSIGN_OR_RETURN(auto counts, call.services.messages->UnreadCount(*me));
  return JsonReply(json::object{{"count", counts.first}, {"requests", counts.second}});
}

}  // namespace cw::api
