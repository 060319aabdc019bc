#include "api/views.h"

#include "common/text/utf8.h"

namespace cw::api {
namespace json = boost::json;
namespace {

json::value IdOrNull(Id id) { return id ? json::value(IdString(id)) : json::value(nullptr); }

void AppendEscaped(std::string_view s, std::string* out) {
  for (char c : s) {
    switch (c) {
      case '&': *out += "&amp;"; break;
      case '<': *out += "&lt;"; break;
      case '>': *out += "&gt;"; break;
      case '"': *out += "&quot;"; break;
      case '\'': *out += "&#39;"; break;
      case '\n': *out += "<br>"; break;
      case '\r': break;
      default: *out += c;
    }
  }
}

// Text with entity links, no surrounding paragraph.
std::string InlineHtml(const std::string& text, const std::vector<text::Entity>& entities) {
  std::vector<char32_t> cps = text::Decode(text);
  std::string out;
  size_t pos = 0;
  for (const auto& e : entities) {
    if (e.start < pos || e.end > cps.size() || e.start >= e.end) continue;
    AppendEscaped(text::Encode(cps, pos, e.start), &out);
    std::string shown = text::Encode(cps, e.start, e.end);
    std::string value;
    AppendEscaped(e.value, &value);
    switch (e.kind) {
      case text::Entity::Kind::kMention:
        if (e.ref) {
          out += "<span class=\"h-card\"><a href=\"/@" + value +
                 "\" class=\"u-url mention\" data-account-id=\"" + std::to_string(e.ref) + "\">";
          AppendEscaped(shown, &out);
          out += "</a></span>";
        } else {
          AppendEscaped(shown, &out);
        }
        break;
      case text::Entity::Kind::kTopic: {
        std::string encoded;
        for (unsigned char c : e.value) {
          if (std::isalnum(c) || c == '_' || c >= 0x80) {
            encoded += static_cast<char>(c);
          } else {
            char buf[4];
            std::snprintf(buf, sizeof buf, "%%%02X", c);
            encoded += buf;
          }
        }
        std::string href;
        AppendEscaped(encoded, &href);
        out += "<a href=\"/tags/" + href + "\" class=\"mention hashtag\" rel=\"tag\">";
        AppendEscaped(shown, &out);
        out += "</a>";
        break;
      }
      case text::Entity::Kind::kLink:
        out += "<a href=\"" + value + "\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">";
        AppendEscaped(shown, &out);
        out += "</a>";
        break;
    }
    pos = e.end;
  }
  AppendEscaped(text::Encode(cps, pos, cps.size()), &out);
  return out;
}

json::array EntitiesJson(const std::vector<text::Entity>& entities) {
  json::array out;
  for (const auto& e : entities) {
    json::object o;
    o["type"] = e.kind == text::Entity::Kind::kMention ? "mention"
                : e.kind == text::Entity::Kind::kTopic ? "topic"
                                                       : "link";
    o["start"] = e.start;
    o["end"] = e.end;
    o["value"] = e.value;
    if (e.kind == text::Entity::Kind::kMention) o["account_id"] = IdOrNull(e.ref);
    if (e.kind == text::Entity::Kind::kTopic) o["closed"] = e.closed;
    out.push_back(std::move(o));
  }
  return out;
}

void MentionsAndTags(const std::vector<text::Entity>& entities, json::object* o) {
  json::array mentions, tags;
  for (const auto& e : entities) {
    if (e.kind == text::Entity::Kind::kMention && e.ref) {
      mentions.push_back(json::object{{"id", IdString(e.ref)},
                                      {"username", e.value},
                                      {"acct", e.value},
                                      {"url", "/@" + e.value}});
    } else if (e.kind == text::Entity::Kind::kTopic) {
      tags.push_back(json::object{{"name", e.value}, {"url", "/tags/" + e.value}});
    }
  }
  (*o)["mentions"] = std::move(mentions);
  (*o)["tags"] = std::move(tags);
}

}  // namespace

std::string IdString(Id id) { return std::to_string(id); }

std::string ContentHtml(const std::string& text, const std::vector<text::Entity>& entities) {
  return "<p>" + InlineHtml(text, entities) + "</p>";
}

json::object AccountJson(const Account& a, bool source) {
  json::object o;
  o.reserve(32);
  o["id"] = IdString(a.id);
  o["username"] = a.handle;
  o["acct"] = a.handle;
  o["display_name"] = a.display_name;
  o["note"] = a.bio;
  o["location"] = a.location;
  o["created_at"] = FormatIsoTime(a.created_at);
  o["followers_count"] = a.fans_count;
  o["following_count"] = a.following_count;
  o["statuses_count"] = a.posts_count;
  o["kind"] = AccountKindName(a.kind);
  o["verification"] = json::object{{"type", VerificationName(a.verification)},
                                   {"reason", a.verification_reason}};
  o["verified"] = a.verification != Verification::kNone;
  o["role"] = RoleName(a.role);
  o["suspended"] = a.state == AccountState::kSuspended;
  o["limited"] = a.state == AccountState::kLimited;
  o["locked"] = false;
  o["bot"] = false;
  o["group"] = false;
  o["discoverable"] = true;
  o["url"] = "/@" + a.handle;
  o["avatar"] = "";
  o["avatar_static"] = "";
  o["header"] = "";
  o["header_static"] = "";
  o["fields"] = json::array();
  o["emojis"] = json::array();
  if (!a.external_id.empty()) o["external_id"] = a.external_id;
  if (source) {
    o["source"] = json::object{{"note", a.bio},
                               {"privacy", "public"},
                               {"sensitive", false},
                               {"language", nullptr},
                               {"fields", json::array()},
                               {"email", a.email},
                               {"dm_policy", AudienceName(a.dm_policy)},
                               {"comment_policy", AudienceName(a.comment_policy)}};
  }
  return o;
}

json::object RelationshipJson(const Relationship& r) {
  json::array groups;
  for (Id g : r.group_ids) groups.push_back(json::value(IdString(g)));
  return json::object{{"id", IdString(r.target_id)},
                      {"following", r.facts.following},
                      {"followed_by", r.facts.followed_by},
                      {"friends", r.facts.friends()},
                      {"blocking", r.facts.blocking},
                      {"blocked_by", r.facts.blocked_by},
                      {"muting", r.facts.muting},
                      {"muting_notifications", r.facts.muting},
                      {"requested", false},
                      {"requested_by", false},
                      {"domain_blocking", false},
                      {"showing_reblogs", true},
                      {"notifying", false},
                      {"endorsed", false},
                      {"languages", nullptr},
                      {"note", ""},
                      {"groups", std::move(groups)}};
}

json::object GroupJson(const FolloweeGroup& g) {
  return json::object{{"id", IdString(g.id)},
                      {"title", g.title},
                      {"replies_policy", "list"},
                      {"exclusive", false},
                      {"members_count", g.members_count},
                      {"created_at", FormatIsoTime(g.created_at)}};
}

json::object SessionJson(const Session& s, Id current_session_id) {
  return json::object{{"id", IdString(s.id)},
                      {"client", s.client},
                      {"ip", s.ip},
                      {"created_at", FormatIsoTime(s.created_at)},
                      {"last_used_at", FormatIsoTime(s.last_used_at)},
                      {"current", s.id == current_session_id}};
}

json::object TokenJson(const std::string& token, TimeMs created_at) {
  return json::object{{"access_token", token},
                      {"token_type", "Bearer"},
                      {"scope", "read write follow push"},
                      {"created_at", created_at / 1000}};
}

json::object StatusJson(const Post& p, const PostBundle& b, const PostService& posts, int depth) {
  json::object o;
  o.reserve(48);
  const Account* author = b.AccountOf(p.author_id);
  o["id"] = IdString(p.id);
  o["created_at"] = FormatIsoTime(p.created_at);
  o["account"] = author ? json::value(AccountJson(*author)) : json::value(nullptr);
  o["visibility"] = MastodonVisibilityName(p.visibility);
  o["audience"] = VisibilityName(p.visibility);
  o["group_id"] = IdOrNull(p.visibility == Visibility::kGroup ? p.group_id : 0);
  o["long"] = p.is_long;
  o["comment_policy"] = AudienceName(p.comment_policy);
  o["reblogs_count"] = p.forwards_count;
  o["replies_count"] = p.comments_count;
  o["favourites_count"] = p.likes_count;
  o["forwards_count"] = p.forwards_count;
  o["comments_count"] = p.comments_count;
  o["likes_count"] = p.likes_count;
  o["favourited"] = b.liked.count(p.id) > 0;
  o["reblogged"] = b.forwarded.count(p.id) > 0;
  o["muted"] = false;
  o["bookmarked"] = false;
  o["pinned"] = false;
  o["deleted"] = p.deleted();
  o["entities"] = EntitiesJson(p.entities);
  MentionsAndTags(p.entities, &o);
  if (p.is_forward()) {
    std::vector<ChainHop> chain = posts.Chain(p, b);
    o["text"] = posts.DisplayText(p, chain, b);
    std::string html = InlineHtml(p.text, p.entities);
    json::array hops;
    for (const auto& hop : chain) {
      const Account* a = b.AccountOf(hop.account_id);
      json::object h;
      // A hop the viewer may not see says only that it is there (and, if deleted, which it was);
      // a hidden one reveals neither its id nor its author.
      bool show_id = hop.available || hop.deleted;
      h["id"] = IdOrNull(show_id ? hop.post_id : 0);
      h["comment_id"] = IdOrNull(show_id ? hop.comment_id : 0);
      h["account"] = a && hop.available ? json::value(AccountJson(*a)) : json::value(nullptr);
      h["comment"] = hop.available ? json::value(hop.comment) : json::value(nullptr);
      h["deleted"] = !hop.available;
      const std::vector<text::Entity>* entities = nullptr;
      if (hop.available && hop.post_id) {
        if (const Post* hp = b.Related(hop.post_id)) entities = &hp->entities;
      } else if (hop.available) {
        if (auto it = b.comments.find(hop.comment_id); it != b.comments.end()) {
          entities = &it->second.entities;
        }
      }
      h["entities"] = entities ? json::value(EntitiesJson(*entities)) : json::value(json::array());
      hops.push_back(std::move(h));
      if (hop.available && a) {
        std::string handle;
        AppendEscaped(a->handle, &handle);
        html += std::string(html.empty() ? "" : " ") + "//<a href=\"/@" + handle +
                "\" class=\"u-url mention\">@" + handle + "</a>: " +
                InlineHtml(hop.comment, entities ? *entities : std::vector<text::Entity>{});
      }
    }
    o["content"] = "<p>" + html + "</p>";
    json::object fwd;
    fwd["root_id"] = IdString(p.root_id);
    fwd["parent_id"] = IdString(p.parent_id);
    fwd["comment"] = p.text;
    fwd["source_comment_id"] = IdOrNull(p.source_comment_id);
    const Post* root = b.Related(p.root_id);
    bool root_ok = root && b.visible.count(p.root_id) && depth == 0;
    fwd["root"] = root_ok ? json::value(StatusJson(*root, b, posts, depth + 1)) : json::value(nullptr);
    fwd["root_deleted"] = !(root && b.visible.count(p.root_id));
    fwd["chain"] = std::move(hops);
    o["forward"] = std::move(fwd);
  } else {
    o["text"] = p.text;
    o["content"] = ContentHtml(p.text, p.entities);
    o["forward"] = nullptr;
  }
  o["reblog"] = nullptr;
  o["in_reply_to_id"] = nullptr;
  o["in_reply_to_account_id"] = nullptr;
  o["spoiler_text"] = "";
  o["sensitive"] = false;
  o["media_attachments"] = json::array();
  o["emojis"] = json::array();
  o["card"] = nullptr;
  o["poll"] = nullptr;
  o["language"] = nullptr;
  o["application"] = nullptr;
  o["edited_at"] = nullptr;
  o["uri"] = "/statuses/" + IdString(p.id);
  o["url"] = "/statuses/" + IdString(p.id);
  if (!p.external_id.empty()) o["external_id"] = p.external_id;
  return o;
}

json::array StatusesJson(const PostBundle& b, const PostService& posts) {
  json::array out;
  for (const auto& p : b.posts) out.push_back(StatusJson(p, b, posts));
  return out;
}

json::object CommentJson(const Comment& c, const CommentBundle& b, Id forward_id) {
  json::object o;
  const Account* author = b.AccountOf(c.author_id);
  const Account* reply_to = c.reply_to_account_id ? b.AccountOf(c.reply_to_account_id) : nullptr;
  o["id"] = IdString(c.id);
  o["status_id"] = IdString(c.post_id);
  o["account"] = author ? json::value(AccountJson(*author)) : json::value(nullptr);
  o["text"] = c.text;
  o["content"] = ContentHtml(c.text, c.entities);
  o["created_at"] = FormatIsoTime(c.created_at);
  o["reply_to_id"] = IdOrNull(c.reply_to_id);
  o["reply_to_account"] = reply_to ? json::value(AccountJson(*reply_to)) : json::value(nullptr);
  o["replies_count"] = c.replies_count;
  o["favourites_count"] = c.likes_count;
  o["likes_count"] = c.likes_count;
  o["favourited"] = b.liked.count(c.id) > 0;
  o["entities"] = EntitiesJson(c.entities);
  MentionsAndTags(c.entities, &o);
  o["forward_id"] = IdOrNull(forward_id);
  return o;
}

json::array CommentsJson(const CommentBundle& b) {
  json::array out;
  for (const auto& c : b.comments) out.push_back(CommentJson(c, b));
  return out;
}

json::object MessageJson(const Message& m, const Account* sender) {
  return json::object{{"id", IdString(m.id)},
                      {"conversation_id", IdString(m.conversation_id)},
                      {"account", sender ? json::value(AccountJson(*sender)) : json::value(nullptr)},
                      {"text", m.text},
                      {"created_at", FormatIsoTime(m.created_at)}};
}

json::object ConversationJson(const ConversationView& v, const Account& viewer) {
  json::object o;
  o["id"] = IdString(v.member.conversation_id);
  o["accounts"] = json::array{AccountJson(v.other)};
  o["unread"] = v.member.unread_count > 0;
  o["unread_count"] = v.member.unread_count;
  o["request"] = v.member.is_request;
  if (v.last_message) {
    const Account* sender = v.last_message->sender_id == viewer.id ? &viewer : &v.other;
    o["last_message"] = MessageJson(*v.last_message, sender);
  } else {
    o["last_message"] = nullptr;
  }
  o["last_status"] = nullptr;
  return o;
}

}  // namespace cw::api
