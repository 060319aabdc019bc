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

namespace cw::api {

std::string IdString(Id id);
// `source` adds the owner-only fields (email, policies).
boost::json::object AccountJson(const Account& a, bool source = false);
boost::json::object RelationshipJson(const Relationship& r);
boost::json::object GroupJson(const FolloweeGroup& g);
boost::json::object SessionJson(const Session& s, Id current_session_id);
boost::json::object TokenJson(const std::string& token, TimeMs created_at);

// One post of `bundle` (a page post or a related one) for the bundle's viewer.
boost::json::object StatusJson(const Post& post, const PostBundle& bundle,
                               const PostService& posts, int depth = 0);
boost::json::array StatusesJson(const PostBundle& bundle, const PostService& posts);

boost::json::object CommentJson(const Comment& c, const CommentBundle& bundle, Id forward_id = 0);
boost::json::array CommentsJson(const CommentBundle& bundle);

boost::json::object MessageJson(const Message& m, const Account* sender);
boost::json::object ConversationJson(const ConversationView& v, const Account& viewer);

// Escaped HTML for text with its entities turned into links.
std::string ContentHtml(const std::string& text, const std::vector<text::Entity>& entities);

}  // namespace cw::api
