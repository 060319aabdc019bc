#include "api/api.h"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <set>

#include "common/log.h"

namespace cw::api {
namespace json = boost::json;

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return 422;
    case ErrorCode::kMalformed: return 400;
    case ErrorCode::kUnauthenticated: return 401;
    case ErrorCode::kPermissionDenied: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kAlreadyExists: return 409;
    case ErrorCode::kTooLarge: return 413;
    case ErrorCode::kRateLimited: return 429;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

namespace {
HttpResponse ErrorResponse(const Error& e) {
  HttpResponse r;
  r.status = HttpStatusFor(e.code());
  // Internal details stay in the log; the client gets the safe message.
  std::string message = e.code() == ErrorCode::kInternal ? "internal error" : e.message();
  r.body = json::serialize(json::object{{"error", message}, {"code", ErrorCodeName(e.code())}});
  if (e.code() == ErrorCode::kUnauthenticated) {
    r.headers.emplace_back("WWW-Authenticate", "Bearer");
  }
  return r;
}
}  // namespace

Api::Api(Services services, const std::string& web_root)
    : services_(std::move(services)), router_(BuildRouter()), web_(web_root) {}

HttpResponse Api::Dispatch(HttpRequest& request, std::string* route_name) {
  if (request.method == "GET" && request.path == "/metrics") {
    *route_name = "/metrics";
    HttpResponse r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics_.Render();
    return r;
  }
  Router::Match m = router_.Find(request.method, request.path);
  if (!m.route && request.method == "GET" &&
      request.path.rfind("/api/", 0) != 0 && request.path.rfind("/oauth/", 0) != 0) {
    if (auto file = web_.Serve(request.path)) {
      *route_name = "web";
      return *file;
    }
  }
  if (!m.route) {
    *route_name = "unmatched";
    if (!m.allow.empty()) {
      HttpResponse r;
      r.status = 405;
      r.body = R"({"error":"method not allowed","code":"method_not_allowed"})";
      r.headers.emplace_back("Allow", m.allow);
      return r;
    }
    return ErrorResponse(NotFound("no such endpoint"));
  }
  *route_name = m.route->pattern;
  auto params = Params::Parse(request);
  if (!params.ok()) return ErrorResponse(params.error());
  Call call{request, std::move(params).value(), services_, std::nullopt};
  call.params.path = std::move(m.params);
  std::string auth = request.Header("authorization");
  if (!auth.empty()) {
    if (auth.size() < 8 || (auth.compare(0, 7, "Bearer ") != 0 && auth.compare(0, 7, "bearer ") != 0)) {
      return ErrorResponse(Unauthenticated("the Authorization header must be 'Bearer TOKEN'"));
    }
    auto who = services_.accounts->Authenticate(auth.substr(7));
    if (!who.ok()) return ErrorResponse(who.error());
    call.auth = std::move(who).value();
  }
  Result<Reply> reply = m.route->handler(call);
  if (!reply.ok()) {
    if (reply.error().code() == ErrorCode::kInternal) {
      CW_LOG(kError, request.request_id) << request.method << " " << request.path << ": "
                                         << reply.error().message();
    }
    return ErrorResponse(reply.error());
  }
  HttpResponse r;
  r.status = reply->status;
  r.headers = std::move(reply->headers);
  if (!reply->content_type.empty()) {
    r.content_type = reply->content_type;
    r.body = std::move(reply->raw);
  } else {
    r.body = json::serialize(reply->body);
  }
  return r;
}

HttpResponse Api::Handle(HttpRequest& request) {
  auto start = std::chrono::steady_clock::now();
  std::string route;
  HttpResponse r = Dispatch(request, &route);
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Methods are client-chosen: only the known ones get their own series.
  static const std::set<std::string> kMethods = {"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"};
  metrics_.Observe(kMethods.count(request.method) ? request.method : "OTHER", route, r.status,
                   seconds);
  CW_LOG(kInfo, request.request_id) << request.method << " " << request.path << " " << r.status
                                    << " " << static_cast<int>(seconds * 1e6) << "us";
  return r;
}

}  // namespace cw::api
