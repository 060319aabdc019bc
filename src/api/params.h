// Request parameters from the query string and the body, whatever its encoding (JSON, form,
// multipart), as one multimap of strings; typed getters validate. Not thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "api/http.h"
#include "common/id.h"
#include "common/result.h"

namespace cw::api {

class Params {
 public:
  // kMalformed on unparsable bodies or invalid UTF-8; kInvalidArgument on an unsupported content
  // type with a body.
  static Result<Params> Parse(const HttpRequest& request);

  void Add(const std::string& key, std::string value);
  // The first value of `key` (or of `key[]`).
  std::optional<std::string> Get(const std::string& key) const;
  std::string GetOr(const std::string& key, const std::string& fallback) const;
  // Every value of `key` and `key[]`.
  std::vector<std::string> GetAll(const std::string& key) const;
  // Absent: nullopt. Not a boolean: kMalformed.
  Result<std::optional<bool>> GetBool(const std::string& key) const;
  // Absent: 0. Not an id: kMalformed.
  Result<Id> GetId(const std::string& key) const;
  Result<std::vector<Id>> GetIds(const std::string& key) const;
  // Absent: `fallback`; not an integer: kMalformed; clamped to [lo, hi].
  Result<int> GetInt(const std::string& key, int fallback, int lo, int hi) const;

  // Path parameters from the route (":id").
  std::map<std::string, std::string> path;
  // Path parameter `name` as an id; kNotFound when it is not one (an id that cannot exist).
  Result<Id> PathId(const std::string& name) const;

 private:
  std::multimap<std::string, std::string> values_;
};

}  // namespace cw::api
