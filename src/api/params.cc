#include "api/params.h"

#include <boost/json.hpp>
#include <charconv>

#include "common/text/utf8.h"

namespace cw::api {
namespace json = boost::json;
namespace {

constexpr size_t kMaxParams = 1000;

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// Percent-decodes `s` with '+' as a space (HTML forms); false on a broken escape.
bool FormDecode(std::string_view s, std::string* out) {
  out->clear();
  out->reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      *out += ' ';
    } else if (s[i] == '%') {
      int hi = i + 1 < s.size() ? HexValue(s[i + 1]) : -1;
      int lo = i + 2 < s.size() ? HexValue(s[i + 2]) : -1;
      if (hi < 0 || lo < 0) return false;
      *out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      *out += s[i];
    }
  }
  return true;
}

// `a=1&b[]=2&b[]=3`. Lenient about characters RFC 3986 wants escaped (clients send `ids[]=`
// with bare brackets); strict about broken percent escapes.
Status ParseQueryString(const std::string& s, Params* out) {
  size_t n = 0;
  size_t pos = 0;
  std::string key, value;
  while (pos <= s.size()) {
    size_t amp = s.find('&', pos);
    if (amp == std::string::npos) amp = s.size();
    std::string_view pair(s.data() + pos, amp - pos);
    pos = amp + 1;
    if (pair.empty()) continue;
    if (++n > kMaxParams) return Malformed("too many parameters");
    size_t eq = pair.find('=');
    if (!FormDecode(pair.substr(0, eq), &key) ||
        !FormDecode(eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1),
                    &value)) {
      return Malformed("malformed percent-encoding in the query or form body");
    }
    out->Add(key, value);
  }
  return OkStatus();
}

std::string Scalar(const json::value& v) {
  switch (v.kind()) {
    case json::kind::string: return std::string(v.get_string());
    case json::kind::bool_: return v.get_bool() ? "true" : "false";
    case json::kind::int64: return std::to_string(v.get_int64());
    case json::kind::uint64: return std::to_string(v.get_uint64());
    case json::kind::double_: {
      double d = v.get_double();
      // Whole numbers print as integers ("limit": 20.0 is 20).
      if (d > -9e18 && d < 9e18 && d == static_cast<double>(static_cast<long long>(d))) {
        return std::to_string(static_cast<long long>(d));
      }
      return std::to_string(d);
    }
    default: return "";
  }
}

Status AddJson(const std::string& key, const json::value& v, Params* out, int depth,
               size_t* count) {
  if (v.is_null()) return OkStatus();
  if (v.is_array()) {
    for (const auto& e : v.get_array()) {
      if (e.is_structured()) continue;
      if (++*count > kMaxParams) return Malformed("too many parameters");
      out->Add(key + "[]", Scalar(e));
    }
    return OkStatus();
  }
  if (v.is_object()) {
    if (depth >= 2) return OkStatus();
    for (const auto& [k, e] : v.get_object()) {
      CW_RETURN_IF_ERROR(AddJson(key + "[" + std::string(k) + "]", e, out, depth + 1, count));
    }
    return OkStatus();
  }
  if (++*count > kMaxParams) return Malformed("too many parameters");
  out->Add(key, Scalar(v));
  return OkStatus();
}

Status ParseJson(const std::string& body, Params* out) {
  json::parse_options opt;
  opt.max_depth = 16;
  boost::system::error_code ec;
  json::value v = json::parse(body, ec, {}, opt);
  if (ec) return Malformed("malformed JSON: " + ec.message());
  if (!v.is_object()) return Malformed("the JSON body must be an object");
  size_t count = 0;
  for (const auto& [k, e] : v.get_object()) {
    CW_RETURN_IF_ERROR(AddJson(std::string(k), e, out, 0, &count));
  }
  return OkStatus();
}

// The value of `name=` in a header like `multipart/form-data; boundary=xyz`.
std::string HeaderParam(const std::string& header, const std::string& name) {
  size_t pos = 0;
  while ((pos = header.find(name + "=", pos)) != std::string::npos) {
    if (pos == 0 || header[pos - 1] == ';' || header[pos - 1] == ' ') {
      size_t start = pos + name.size() + 1;
      if (start < header.size() && header[start] == '"') {
        size_t end = header.find('"', start + 1);
        if (end == std::string::npos) return "";
        return header.substr(start + 1, end - start - 1);
      }
      size_t end = header.find(';', start);
      std::string v = header.substr(start, end == std::string::npos ? end : end - start);
      while (!v.empty() && v.back() == ' ') v.pop_back();
      return v;
    }
    pos += name.size();
  }
  return "";
}

Status ParseMultipart(const std::string& body, const std::string& content_type, Params* out) {
  std::string boundary = HeaderParam(content_type, "boundary");
  if (boundary.empty() || boundary.size() > 200) return Malformed("multipart body without a boundary");
  const std::string delim = "--" + boundary;
  size_t pos = body.find(delim);
  if (pos == std::string::npos) return Malformed("malformed multipart body");
  size_t parts = 0;
  for (;;) {
    pos += delim.size();
    if (body.compare(pos, 2, "--") == 0) return OkStatus();  // closing delimiter
    if (body.compare(pos, 2, "\r\n") != 0) return Malformed("malformed multipart body");
    pos += 2;
    size_t header_end = body.find("\r\n\r\n", pos);
    if (header_end == std::string::npos) return Malformed("malformed multipart part headers");
    std::string headers = body.substr(pos, header_end - pos);
    size_t data_start = header_end + 4;
    size_t next = body.find("\r\n" + delim, data_start);
    if (next == std::string::npos) return Malformed("unterminated multipart body");
    if (++parts > kMaxParams) return Malformed("too many parameters");
    std::string lower = headers;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    size_t cd = lower.find("content-disposition:");
    if (cd != std::string::npos) {
      size_t line_end = headers.find("\r\n", cd);
      std::string disposition = headers.substr(cd, line_end == std::string::npos ? line_end : line_end - cd);
      std::string name = HeaderParam(disposition, "name");
      // File parts are not used by any endpoint yet; skip them rather than store blobs.
      if (!name.empty() && HeaderParam(disposition, "filename").empty()) {
        out->Add(name, body.substr(data_start, next - data_start));
      }
    }
    pos = next + 2;
  }
}

bool ParseBool(const std::string& s, bool* out) {
  if (s == "true" || s == "1" || s == "on" || s == "yes") {
    *out = true;
    return true;
  }
  if (s == "false" || s == "0" || s == "off" || s == "no" || s.empty()) {
    *out = false;
    return true;
  }
  return false;
}

}  // namespace

void Params::Add(const std::string& key, std::string value) { values_.emplace(key, std::move(value)); }

Result<Params> Params::Parse(const HttpRequest& request) {
  Params p;
  CW_RETURN_IF_ERROR(ParseQueryString(request.query, &p));
  // A GET's body has no meaning (RFC 9110); it is not read.
  if (!request.body.empty() && request.method != "GET") {
    std::string ct = request.Header("content-type");
    std::string lower = ct;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("application/json", 0) == 0 || lower.empty()) {
      // A body without a content type is taken as JSON, as most clients that omit it send.
      CW_RETURN_IF_ERROR(ParseJson(request.body, &p));
    } else if (lower.rfind("application/x-www-form-urlencoded", 0) == 0) {
      CW_RETURN_IF_ERROR(ParseQueryString(request.body, &p));
    } else if (lower.rfind("multipart/form-data", 0) == 0) {
      CW_RETURN_IF_ERROR(ParseMultipart(request.body, ct, &p));
    } else {
      return Malformed("unsupported content type: use JSON, form encoding or multipart");
    }
  }
  for (const auto& [k, v] : p.values_) {
    if (!text::IsValidUtf8(k) || !text::IsValidUtf8(v)) {
      return Malformed("parameters must be valid UTF-8");
    }
  }
  return p;
}

std::optional<std::string> Params::Get(const std::string& key) const {
  auto it = values_.find(key);
  if (it == values_.end()) it = values_.find(key + "[]");
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

std::string Params::GetOr(const std::string& key, const std::string& fallback) const {
  auto v = Get(key);
  return v ? *v : fallback;
}

std::vector<std::string> Params::GetAll(const std::string& key) const {
  std::vector<std::string> out;
  for (const auto& k : {key, key + "[]"}) {
    auto [lo, hi] = values_.equal_range(k);
    for (auto it = lo; it != hi; ++it) out.push_back(it->second);
  }
  return out;
}

Result<std::optional<bool>> Params::GetBool(const std::string& key) const {
  auto v = Get(key);
  if (!v) return std::optional<bool>();
  bool b;
  if (!ParseBool(*v, &b)) return Malformed(key + " must be true or false");
  return std::optional<bool>(b);
}

Result<Id> Params::GetId(const std::string& key) const {
  auto v = Get(key);
  if (!v || v->empty()) return Id{0};
  Id id;
  if (!ParseId(*v, &id)) return Malformed(key + " is not a valid id");
  return id;
}

Result<std::vector<Id>> Params::GetIds(const std::string& key) const {
  std::vector<Id> out;
  for (const auto& v : GetAll(key)) {
    Id id;
    if (!ParseId(v, &id)) return Malformed(key + " holds an invalid id");
    out.push_back(id);
  }
  return out;
}

Result<int> Params::GetInt(const std::string& key, int fallback, int lo, int hi) const {
  auto v = Get(key);
  if (!v || v->empty()) return fallback;
  long long n = 0;
  auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || ptr != v->data() + v->size()) return Malformed(key + " must be an integer");
  if (n < lo) n = lo;
  if (n > hi) n = hi;
  return static_cast<int>(n);
}

Result<Id> Params::PathId(const std::string& name) const {
  auto it = path.find(name);
  Id id;
  if (it == path.end() || !ParseId(it->second, &id)) return NotFound("not found");
  return id;
}

}  // namespace cw::api
