// Plain HTTP request and response values passed between the Beast server and the API layer, so
// only http_server.cc sees Beast. Not thread-safe; one per request.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cw::api {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // path and query as sent
  std::string path;    // percent-encoded path, without the query
  std::string query;   // after '?', without it
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string remote_ip;
  std::string request_id;
  std::string Header(const std::string& lower_name) const {
    auto it = headers.find(lower_name);
    return it == headers.end() ? std::string() : it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::shared_ptr<const std::string> shared_body;  // sent instead of `body` when set
};

}  // namespace cw::api
