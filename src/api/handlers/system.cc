// Health and instance information.
#include "api/handlers/handlers.h"

namespace cw::api {
namespace json = boost::json;

Result<Reply> GetHealth(Call&) { return JsonReply(json::object{{"status", "ok"}}); }

namespace {
// Mastodon's registrations object, plus what a client needs to sign up here: the mode, whether
// an invitation code is needed, and the proof-of-work challenge's difficulty.
json::object RegistrationsJson(const Call& call) {
  const SignupService* s = call.services.signup;
  SignupMode mode = s ? s->mode() : SignupMode::kOpen;
  int difficulty = s ? s->difficulty() : 0;
  json::object out{{"enabled", s != nullptr},
                   {"approval_required", mode == SignupMode::kApproval},
                   {"invite_required", mode == SignupMode::kInvite},
                   {"mode", SignupModeName(mode)},
                   {"challenge", json::object{{"required", difficulty > 0},
                                              {"difficulty", difficulty},
                                              {"algorithm", "sha256"},
                                              {"endpoint", "/api/v1/challenge"}}}};
  return out;
}

// Each limited action's rules ("30/10m,300/1d"; "off"), so a client can pace itself.
json::object RateLimitsJson(const Call& call) {
  json::object out;
  for (size_t i = 1; i < kRateActionCount; ++i) {
    auto action = static_cast<RateAction>(i);
    out[RateActionName(action)] =
        call.services.rate_limiter ? FormatRateRules(call.services.rate_limits[action]) : "off";
  }
  return out;
}
}  // namespace

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
      {"registrations", RegistrationsJson(call)},
      {"configuration",
       json::object{{"statuses", std::move(statuses)},
                    {"accounts", json::object{{"max_featured_tags", 0}}},
                    {"lists", json::object{{"max_lists", l.max_groups},
                                           {"max_members", l.max_group_members}}},
                    {"comments", json::object{{"max_characters", l.comment_chars}}},
                    {"messages", json::object{{"max_characters", l.message_chars}}},
                    {"rate_limits", RateLimitsJson(call)}}}});
}

}  // namespace cw::api
