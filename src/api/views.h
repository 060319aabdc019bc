// JSON renderings of the model for the API (Mastodon entity shapes plus Weibo extensions). All
// conversions to JSON live here. Pure functions over service bundles; thread-safe.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <optional>

#include "service/account_service.h"
#include "service/comment_service.h"
#include "service/message_service.h"
#include "service/post_service.h"
#include "service/relation_service.h"
#include "api/json_writer.h"
#include "api/render_cache.h"

namespace cw::api {

std::string IdString(Id id);

// The hot entities are written by a streaming JsonWriter; the *Json forms return the same JSON as
// a tree, for replies that nest them in a hand-built object.

// `source` adds the owner-only fields (email, policies).
void WriteAccount(JsonWriter& w, const Account& a, bool source = false);
boost::json::object AccountJson(const Account& a, bool source = false);
boost::json::object RelationshipJson(const Relationship& r);
boost::json::object GroupJson(const FolloweeGroup& g);
boost::json::object SessionJson(const Session& s, Id current_session_id);
boost::json::object TokenJson(const std::string& token, TimeMs created_at);

// One post of `bundle` (a page post or a related one) for the bundle's viewer; with a cache, the
// parts that do not depend on the viewer come from it.
void WriteStatus(JsonWriter& w, const Post& post, const PostBundle& bundle,
                 const PostService& posts, int depth = 0, RenderCache* cache = nullptr);
// The pieces of a status that do not depend on the viewer (see RenderedStatus).
void WriteStatusHead(JsonWriter& w, const Post& post);
void WriteStatusMiddle(JsonWriter& w, const Post& post);
void WriteOriginalTail(JsonWriter& w, const Post& post);
boost::json::object StatusJson(const Post& post, const PostBundle& bundle,
                               const PostService& posts);
// The bundle's page as a JSON array.
std::string StatusesBody(const PostBundle& bundle, const PostService& posts,
                         RenderCache* cache = nullptr);

void WriteComment(JsonWriter& w, const Comment& c, const CommentBundle& bundle, Id forward_id = 0);
boost::json::object CommentJson(const Comment& c, const CommentBundle& bundle, Id forward_id = 0);
std::string CommentsBody(const CommentBundle& bundle);

boost::json::object MessageJson(const Message& m, const Account* sender);
boost::json::object ConversationJson(const ConversationView& v, const Account& viewer);

// Escaped HTML for text with its entities turned into links.
std::string ContentHtml(const std::string& text, const std::vector<text::Entity>& entities);

}  // namespace cw::api
