// What a handler gets (the request, its parameters, the caller, the services) and gives back
// (a JSON reply). Handlers are thin: parse, call one service, render. Not thread-safe; one per
// request.
#pragma once

#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "api/http.h"
#include "api/params.h"
#include "api/render_cache.h"
#include "service/account_service.h"
#include "service/analytics_service.h"
#include "service/influence_service.h"
#include "service/comment_service.h"
#include "service/integrity_service.h"
#include "service/message_service.h"
#include "service/monitor_service.h"
#include "service/moderation_service.h"
#include "service/notification_service.h"
#include "service/post_service.h"
#include "service/rate_limiter.h"
#include "service/relation_service.h"
#include "service/search_service.h"
#include "service/signup_service.h"
#include "service/topic_service.h"
#include "store/page.h"

namespace cw::api {

class HomePages;

struct Services {
  AccountService* accounts = nullptr;
  RelationService* relations = nullptr;
  PostService* posts = nullptr;
  CommentService* comments = nullptr;
  MessageService* messages = nullptr;
  NotificationService* notifications = nullptr;
  Limits limits;
  std::string version;
  SearchService* search = nullptr;  // null: search answers 503
  TopicService* topics = nullptr;   // null: hot list and topics answer 503
  ModerationService* moderation = nullptr;  // null: reports and cases answer 503
  IntegrityService* integrity = nullptr;    // null: scans answer 503
  SignupService* signup = nullptr;          // null: sign-up answers 503
  AnalyticsService* analytics = nullptr;    // null: analytics answers 503
  MonitorService* monitors = nullptr;       // null: monitors answer 503
  InfluenceService* influence = nullptr;    // null: KOL search and seeding answer 503
  RenderCache* render_cache = nullptr;      // null: statuses are rendered afresh every time
  HomePages* home_pages = nullptr;          // null: home pages are built afresh every time
  RateLimiter* rate_limiter = nullptr;      // null: nothing is rate-limited
  RateLimits rate_limits{};                 // per action; see RateAction in routes.cc
  // Peers whose X-Forwarded-For is believed (reverse proxies); empty: the header is ignored.
  std::vector<std::string> trusted_proxies{};
};

struct Reply {
  int status = 200;
  boost::json::value body;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string content_type;  // empty: JSON
  std::string raw;           // used instead of `body` when content_type is set
  std::shared_ptr<const std::string> shared_raw;  // used instead of `raw` when set
};

struct Call {
  const HttpRequest& request;
  Params params;
  const Services& services;
  std::optional<Authenticated> auth;

  const Account* viewer() const { return auth ? auth->account.get() : nullptr; }
  // The signed-in account; kUnauthenticated for anonymous callers.
  Result<const Account*> RequireViewer() const;
  // max_id / since_id / min_id / limit from the parameters.
  Result<Page> GetPage() const;
};

// The request's Host header when it looks like a host name, else empty (it is echoed back).
std::string SafeHost(const HttpRequest& request);

// Adds a Link header for a newest-first page whose items have `ids` (in page order).
void AddLinkHeader(const Call& call, const std::vector<Id>& ids, Reply* reply);

using Handler = Result<Reply> (*)(Call&);

}  // namespace cw::api
