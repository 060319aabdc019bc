// Health and instance information.
#include "api/handlers/handlers.h"

namespace cw::api {
namespace json = boost::json;

Result<Reply> GetHealth(Call&) { return JsonReply(json::object{{"status", "ok"}}); }

Result<Reply> GetInstance(Call& call) {
  const Limits& l = call.services.limits;
  json::object statuses{{"max_characters", l.post_chars},
                        {"max_long_characters", l.long_post_chars},
                        {"max_media_attachments", 0},
                        {"characters_reserved_per_url", 0}};
  return JsonReply(json::object{
      {"uri", SafeHost(call.request)},
      {"domain", SafeHost(call.request)},
      {"title", "Clearwater"},
      {"description", "A self-hosted micro-blog with honest counts."},
      {"version", call.services.version},
      {"languages", json::array{"zh", "en"}},
      {"registrations", json::object{{"enabled", true}, {"approval_required", false}}},
      {"configuration",
       json::object{{"statuses", std::move(statuses)},
                    {"accounts", json::object{{"max_featured_tags", 0}}},
                    {"lists", json::object{{"max_lists", l.max_groups},
                                           {"max_members", l.max_group_members}}},
                    {"comments", json::object{{"max_characters", l.comment_chars}}},
                    {"messages", json::object{{"max_characters", l.message_chars}}}}}});
}

}  // namespace cw::api
