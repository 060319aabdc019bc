#include "api/views.h"

#include <algorithm>
#include <boost/json/parse.hpp>
#include <functional>

#include "common/text/utf8.h"

namespace cw::api {
namespace json = boost::json;
namespace {

void WriteIdOrNull(JsonWriter& w, Id id) {
  if (id) {
    w.IntString(id);
  } else {
    w.Null();
  }
}

// HTML-escapes `s` onto `out`, newlines as <br>.
void AppendEscaped(std::string_view s, std::string* out) {
  size_t run = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    const char* rep;
    switch (s[i]) {
      case '&': rep = "&amp;"; break;
      case '<': rep = "&lt;"; break;
      case '>': rep = "&gt;"; break;
      case '"': rep = "&quot;"; break;
      case '\'': rep = "&#39;"; break;
      case '\n': rep = "<br>"; break;
      case '\r': rep = ""; break;
      default: continue;
    }
    out->append(s.data() + run, i - run);
    *out += rep;
    run = i + 1;
  }
  out->append(s.data() + run, s.size() - run);
}

// The byte offset of code point `to` in valid UTF-8 `s`, counting on from code point `at` at byte
// offset `byte`; npos when the text ends first.
size_t AdvanceTo(std::string_view s, size_t byte, size_t at, size_t to) {
  for (; at < to; ++at) {
    if (byte >= s.size()) return std::string_view::npos;
    ++byte;
    while (byte < s.size() && (static_cast<unsigned char>(s[byte]) & 0xC0) == 0x80) ++byte;
  }
  return byte;
}

// Appends `text` as HTML with entity links, no surrounding paragraph.
void AppendInlineHtml(std::string_view text, const std::vector<text::Entity>& entities,
                      std::string* out) {
  size_t pos = 0, byte = 0;  // code point and byte offset of the first character not yet written
  for (const auto& e : entities) {
    if (e.start < pos || e.start >= e.end) continue;
    size_t b = AdvanceTo(text, byte, pos, e.start);
    if (b == std::string_view::npos) continue;
    size_t b_end = AdvanceTo(text, b, e.start, e.end);
    if (b_end == std::string_view::npos) continue;
    AppendEscaped(text.substr(byte, b - byte), out);
    std::string_view shown = text.substr(b, b_end - b);
    switch (e.kind) {
      case text::Entity::Kind::kMention:
        if (e.ref) {
          *out += "<span class=\"h-card\"><a href=\"/@";
          AppendEscaped(e.value, out);
          *out += "\" class=\"u-url mention\" data-account-id=\"";
          *out += std::to_string(e.ref);
          *out += "\">";
          AppendEscaped(shown, out);
          *out += "</a></span>";
        } else {
          AppendEscaped(shown, out);
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
        *out += "<a href=\"/tags/";
        AppendEscaped(encoded, out);
        *out += "\" class=\"mention hashtag\" rel=\"tag\">";
        AppendEscaped(shown, out);
        *out += "</a>";
        break;
      }
      case text::Entity::Kind::kLink:
        *out += "<a href=\"";
        AppendEscaped(e.value, out);
        *out += "\" rel=\"nofollow noopener noreferrer\" target=\"_blank\">";
        AppendEscaped(shown, out);
        *out += "</a>";
        break;
    }
    pos = e.end;
    byte = b_end;
  }
  AppendEscaped(text.substr(byte), out);
}

void WriteEntities(JsonWriter& w, const std::vector<text::Entity>& entities) {
  w.BeginArray();
  for (const auto& e : entities) {
    w.BeginObject();
    w.Field("type", e.kind == text::Entity::Kind::kMention ? "mention"
                    : e.kind == text::Entity::Kind::kTopic ? "topic"
                                                           : "link");
    w.Field("start", static_cast<int64_t>(e.start));
    w.Field("end", static_cast<int64_t>(e.end));
    w.Field("value", e.value);
    if (e.kind == text::Entity::Kind::kMention) WriteIdOrNull(w.Key("account_id"), e.ref);
    if (e.kind == text::Entity::Kind::kTopic) w.Field("closed", e.closed);
    w.EndObject();
  }
  w.EndArray();
}

// The "entities", "mentions" and "tags" members.
void WriteEntityMembers(JsonWriter& w, const std::vector<text::Entity>& entities) {
  WriteEntities(w.Key("entities"), entities);
  w.Key("mentions").BeginArray();
  for (const auto& e : entities) {
    if (e.kind != text::Entity::Kind::kMention || !e.ref) continue;
    w.BeginObject().Key("id").IntString(e.ref);
    w.Field("username", e.value).Field("acct", e.value).Field("url", "/@" + e.value);
    w.EndObject();
  }
  w.EndArray();
  w.Key("tags").BeginArray();
  for (const auto& e : entities) {
    if (e.kind != text::Entity::Kind::kTopic) continue;
    w.BeginObject().Field("name", e.value).Field("url", "/tags/" + e.value).EndObject();
  }
  w.EndArray();
}

std::string Render(const std::function<void(JsonWriter&)>& write) {
  std::string out;
  JsonWriter w(&out);
  write(w);
  return out;
}

json::object ParseObject(const std::string& s) { return json::parse(s).as_object(); }

}  // namespace

std::string IdString(Id id) { return std::to_string(id); }

std::string ContentHtml(const std::string& text, const std::vector<text::Entity>& entities) {
  std::string out = "<p>";
  AppendInlineHtml(text, entities, &out);
  out += "</p>";
  return out;
}

void WriteAccount(JsonWriter& w, const Account& a, bool source) {
  w.BeginObject();
  w.Key("id").IntString(a.id);
  w.Field("username", a.handle).Field("acct", a.handle);
  w.Field("display_name", a.display_name).Field("note", a.bio).Field("location", a.location);
  w.Field("created_at", FormatIsoTime(a.created_at));
  w.Field("followers_count", a.fans_count);
  // Honest counts: fans from credible accounts only (see model/integrity.h).
  w.Field("real_followers_count", std::max<int64_t>(0, a.fans_count - a.suspect_fans_count));
  w.Field("following_count", a.following_count);
  w.Field("statuses_count", a.posts_count);
  w.Field("kind", AccountKindName(a.kind));
  w.Key("verification").BeginObject();
  w.Field("type", VerificationName(a.verification)).Field("reason", a.verification_reason);
  w.EndObject();
  w.Field("verified", a.verification != Verification::kNone);
  w.Field("role", RoleName(a.role));
  w.Field("suspended", a.state == AccountState::kSuspended);
  w.Field("limited", a.state == AccountState::kLimited);
  w.Key("locked").Raw("false,\"bot\":false,\"group\":false,\"discoverable\":true");
  w.Field("url", "/@" + a.handle);
  w.Key("avatar").Raw(R"("","avatar_static":"","header":"","header_static":"","fields":[],"emojis":[])");
  if (!a.external_id.empty()) w.Field("external_id", a.external_id);
  if (source) {
    w.Key("source").BeginObject();
    w.Field("note", a.bio).Field("privacy", "public").Field("sensitive", false);
    w.Key("language").Null();
    w.Key("fields").Raw("[]");
    w.Field("email", a.email);
    w.Field("dm_policy", AudienceName(a.dm_policy));
    w.Field("comment_policy", AudienceName(a.comment_policy));
    w.EndObject();
  }
  w.EndObject();
}

json::object AccountJson(const Account& a, bool source) {
  return ParseObject(Render([&](JsonWriter& w) { WriteAccount(w, a, source); }));
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

void WriteStatusHead(JsonWriter& w, const Post& p) {
  w.BeginObject();
  w.Key("id").IntString(p.id);
  w.Field("created_at", FormatIsoTime(p.created_at));
  w.Key("account");
}

void WriteStatusMiddle(JsonWriter& w, const Post& p) {
  w.Field("visibility", MastodonVisibilityName(p.visibility));
  w.Field("audience", VisibilityName(p.visibility));
  WriteIdOrNull(w.Key("group_id"), p.visibility == Visibility::kGroup ? p.group_id : 0);
  w.Field("long", p.is_long);
  w.Field("comment_policy", AudienceName(p.comment_policy));
  w.Field("reblogs_count", p.forwards_count);
  w.Field("replies_count", p.comments_count);
  w.Field("favourites_count", p.likes_count);
  w.Field("forwards_count", p.forwards_count);
  w.Field("comments_count", p.comments_count);
  w.Field("likes_count", p.likes_count);
  w.Field("real_forwards_count", std::max<int64_t>(0, p.forwards_count - p.suspect_forwards_count));
  w.Field("real_comments_count", std::max<int64_t>(0, p.comments_count - p.suspect_comments_count));
  w.Field("real_likes_count", std::max<int64_t>(0, p.likes_count - p.suspect_likes_count));
}

namespace {

void WriteTailStart(JsonWriter& w, const Post& p) {
  w.Key("muted").Raw("false,\"bookmarked\":false,\"pinned\":false");
  w.Field("deleted", p.deleted());
  WriteEntityMembers(w, p.entities);
}

void WriteTailEnd(JsonWriter& w, const Post& p) {
  w.Key("reblog").Raw(
      R"(null,"in_reply_to_id":null,"in_reply_to_account_id":null,"spoiler_text":"",)"
      R"("sensitive":false,"media_attachments":[],"emojis":[],"card":null,"poll":null,)"
      R"("language":null,"application":null,"edited_at":null)");
  std::string url = "/statuses/" + IdString(p.id);
  w.Field("uri", url).Field("url", url);
  if (!p.external_id.empty()) w.Field("external_id", p.external_id);
  w.EndObject();
}

void WriteAccountOf(JsonWriter& w, const Account& a, RenderCache* cache) {
  if (cache) {
    w.Raw(*cache->Account(a));
  } else {
    WriteAccount(w, a);
  }
}

// A forward's text, content and `forward` object: its chain shows only what the viewer may see.
void WriteForwardTail(JsonWriter& w, const Post& p, const PostBundle& b, const PostService& posts,
                      int depth, RenderCache* cache) {
  WriteTailStart(w, p);
  std::vector<ChainHop> chain = posts.Chain(p, b);
  w.Field("text", posts.DisplayText(p, chain, b));
  std::string html = "<p>";
  AppendInlineHtml(p.text, p.entities, &html);
  std::string hops;
  JsonWriter hw(&hops);
  hw.BeginArray();
  static const std::vector<text::Entity> kNone;
  for (const auto& hop : chain) {
    const Account* a = b.AccountOf(hop.account_id);
    // A hop the viewer may not see says only that it is there (and, if deleted, which it was);
    // a hidden one reveals neither its id nor its author.
    bool show_id = hop.available || hop.deleted;
    hw.BeginObject();
    WriteIdOrNull(hw.Key("id"), show_id ? hop.post_id : 0);
    WriteIdOrNull(hw.Key("comment_id"), show_id ? hop.comment_id : 0);
    hw.Key("account");
    if (a && hop.available) {
      WriteAccountOf(hw, *a, cache);
    } else {
      hw.Null();
    }
    hw.Key("comment");
    if (hop.available) {
      hw.String(hop.comment);
    } else {
      hw.Null();
    }
    hw.Field("deleted", !hop.available);
    const std::vector<text::Entity>* entities = &kNone;
    if (hop.available && hop.post_id) {
      if (const Post* hp = b.Related(hop.post_id)) entities = &hp->entities;
    } else if (hop.available) {
      if (auto it = b.comments.find(hop.comment_id); it != b.comments.end()) {
        entities = &it->second.entities;
      }
    }
    WriteEntities(hw.Key("entities"), *entities);
    hw.EndObject();
    if (hop.available && a) {
      if (html.size() > 3) html += ' ';
      html += "//<a href=\"/@";
      AppendEscaped(a->handle, &html);
      html += "\" class=\"u-url mention\">@";
      AppendEscaped(a->handle, &html);
      html += "</a>: ";
      AppendInlineHtml(hop.comment, *entities, &html);
    }
  }
  hw.EndArray();
  html += "</p>";
  w.Field("content", html);
  w.Key("forward").BeginObject();
  w.Key("root_id").IntString(p.root_id);
  w.Key("parent_id").IntString(p.parent_id);
  w.Field("comment", p.text);
  WriteIdOrNull(w.Key("source_comment_id"), p.source_comment_id);
  const Post* root = b.Related(p.root_id);
  bool root_visible = root && b.visible.count(p.root_id);
  w.Key("root");
  if (root_visible && depth == 0) {
    WriteStatus(w, *root, b, posts, depth + 1, cache);
  } else {
    w.Null();
  }
  w.Field("root_deleted", !root_visible);
  w.Key("chain").Raw(hops);
  w.EndObject();
  WriteTailEnd(w, p);
}

}  // namespace

void WriteOriginalTail(JsonWriter& w, const Post& p) {
  WriteTailStart(w, p);
  w.Field("text", p.text);
  w.Field("content", ContentHtml(p.text, p.entities));
  w.Key("forward").Null();
  WriteTailEnd(w, p);
}

void WriteStatus(JsonWriter& w, const Post& p, const PostBundle& b, const PostService& posts,
                 int depth, RenderCache* cache) {
  std::shared_ptr<const RenderedStatus> rendered = cache ? cache->Status(p) : nullptr;
  if (rendered) {
    w.Part(rendered->head, false);
  } else {
    WriteStatusHead(w, p);
  }
  if (const Account* author = b.AccountOf(p.author_id)) {
    WriteAccountOf(w, *author, cache);
  } else {
    w.Null();
  }
  if (rendered) {
    w.Part(rendered->middle, true);
  } else {
    WriteStatusMiddle(w, p);
  }
  w.Field("favourited", b.liked.count(p.id) > 0);
  w.Field("reblogged", b.forwarded.count(p.id) > 0);
  if (p.is_forward()) {
    WriteForwardTail(w, p, b, posts, depth, cache);
  } else if (rendered) {
    w.Part(rendered->tail, true);
  } else {
    WriteOriginalTail(w, p);
  }
}

json::object StatusJson(const Post& p, const PostBundle& b, const PostService& posts) {
  return ParseObject(Render([&](JsonWriter& w) { WriteStatus(w, p, b, posts); }));
}

std::string StatusesBody(const PostBundle& b, const PostService& posts, RenderCache* cache) {
  std::string out;
  out.reserve(2048 * b.posts.size() + 2);
  JsonWriter w(&out);
  w.BeginArray();
  for (const auto& p : b.posts) WriteStatus(w, p, b, posts, 0, cache);
  w.EndArray();
  return out;
}

void WriteComment(JsonWriter& w, const Comment& c, const CommentBundle& b, Id forward_id) {
  const Account* author = b.AccountOf(c.author_id);
  const Account* reply_to = c.reply_to_account_id ? b.AccountOf(c.reply_to_account_id) : nullptr;
  w.BeginObject();
  w.Key("id").IntString(c.id);
  w.Key("status_id").IntString(c.post_id);
  w.Key("account");
  if (author) {
    WriteAccount(w, *author);
  } else {
    w.Null();
  }
  w.Field("text", c.text);
  w.Field("content", ContentHtml(c.text, c.entities));
  w.Field("created_at", FormatIsoTime(c.created_at));
  WriteIdOrNull(w.Key("reply_to_id"), c.reply_to_id);
  w.Key("reply_to_account");
  if (reply_to) {
    WriteAccount(w, *reply_to);
  } else {
    w.Null();
  }
  w.Field("replies_count", c.replies_count);
  w.Field("favourites_count", c.likes_count);
  w.Field("likes_count", c.likes_count);
  w.Field("favourited", b.liked.count(c.id) > 0);
  WriteEntityMembers(w, c.entities);
  WriteIdOrNull(w.Key("forward_id"), forward_id);
  w.EndObject();
}

json::object CommentJson(const Comment& c, const CommentBundle& b, Id forward_id) {
  return ParseObject(Render([&](JsonWriter& w) { WriteComment(w, c, b, forward_id); }));
}

std::string CommentsBody(const CommentBundle& b) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  for (const auto& c : b.comments) WriteComment(w, c, b);
  w.EndArray();
  return out;
}

json::object MessageJson(const Message& m, const Account* sender) {
  std::string entities = Render([&](JsonWriter& w) { WriteEntities(w, m.entities); });
  return json::object{{"id", IdString(m.id)},
                      {"conversation_id", IdString(m.conversation_id)},
                      {"account", sender ? json::value(AccountJson(*sender)) : json::value(nullptr)},
                      {"text", m.text},
                      {"content", ContentHtml(m.text, m.entities)},
                      {"entities", json::parse(entities)},
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
