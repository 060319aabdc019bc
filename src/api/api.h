// The API front door: routing, authentication, parameter parsing, error-to-status mapping,
// access logs and metrics around the handlers. Thread-safe; one instance serves all requests.
#pragma once

#include "api/call.h"
#include "api/http.h"
#include "api/metrics.h"
#include "api/router.h"
#include "api/static_files.h"

namespace cw::api {

// The one mapping from error codes to HTTP statuses.
int HttpStatusFor(ErrorCode code);

class Api {
 public:
  // `web_root`: the built UI to serve at / (empty: none).
  Api(Services services, const std::string& web_root);
  HttpResponse Handle(HttpRequest& request);
  Metrics& metrics() { return metrics_; }

 private:
  HttpResponse Dispatch(HttpRequest& request, std::string* route_name);
  Services services_;
  Router router_;
  Metrics metrics_;
  StaticFiles web_;
};

}  // namespace cw::api
