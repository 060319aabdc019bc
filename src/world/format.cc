#include "world/format.h"

#include <boost/json.hpp>

namespace cw::world {
namespace json = boost::json;
namespace {

struct KindName_ {
  std::string_view name;
  Kind kind;
};
constexpr KindName_ kKinds[] = {
    {"account", Kind::kAccount}, {"follow", Kind::kFollow},   {"unfollow", Kind::kUnfollow},
    {"post", Kind::kPost},       {"forward", Kind::kForward}, {"comment", Kind::kComment},
    {"like", Kind::kLike},       {"block", Kind::kBlock},     {"label", Kind::kLabel}};

Result<TimeMs> GetTime(const json::object& o, std::string_view key) {
  auto it = o.find(key);
  if (it == o.end()) return Malformed("missing \"" + std::string(key) + "\"");
  const json::value& v = it->value();
  if (v.is_int64()) return v.get_int64();
  if (v.is_uint64()) return static_cast<TimeMs>(v.get_uint64());
  if (v.is_double()) return static_cast<TimeMs>(v.get_double());
  if (v.is_string()) {
    TimeMs t;
    if (ParseIsoTime(std::string(v.get_string()), &t)) return t;
  }
  return Malformed("\"" + std::string(key) + "\" is not an ISO-8601 time or Unix milliseconds");
}

Status SetTime(const json::object& o, std::string_view key, TimeMs* out) {
  auto t = GetTime(o, key);
  if (!t.ok()) return t.error();
  *out = *t;
  return OkStatus();
}

Status Require(const json::object& o, std::string_view key, std::string* out) {
  if (!GetString(o, key, out) || out->empty()) {
    return Malformed("missing \"" + std::string(key) + "\"");
  }
  return OkStatus();
}

}  // namespace

bool GetString(const json::object& o, std::string_view key, std::string* out) {
  auto it = o.find(key);
  if (it == o.end() || it->value().is_null()) return false;
  const json::value& v = it->value();
  if (v.is_string()) {
    *out = std::string(v.get_string());
  } else if (v.is_int64()) {
    *out = std::to_string(v.get_int64());
  } else if (v.is_uint64()) {
    *out = std::to_string(v.get_uint64());
  } else {
    return false;
  }
  return true;
}

const char* KindName(Kind k) {
  for (const auto& e : kKinds) {
    if (e.kind == k) return e.name.data();
  }
  return "?";
}

Result<std::optional<Record>> ParseLine(std::string_view line) {
  size_t start = line.find_first_not_of(" \t\r");
  if (start == std::string_view::npos) return std::optional<Record>();
  if (line.substr(start, 2) == "//") return std::optional<Record>();
  boost::system::error_code ec;
  json::value v = json::parse(line, ec);
  if (ec) return Malformed("not JSON: " + ec.message());
  if (!v.is_object()) return Malformed("not a JSON object");
  const json::object& o = v.get_object();
  std::string type;
  if (!GetString(o, "type", &type)) return Malformed("missing \"type\"");
  Record r;
  bool known = false;
  for (const auto& e : kKinds) {
    if (e.name == type) {
      r.kind = e.kind;
      known = true;
    }
  }
  if (!known) return Malformed("unknown type \"" + type + "\"");
  switch (r.kind) {
    case Kind::kAccount: {
      CW_RETURN_IF_ERROR(Require(o, "id", &r.id));
      CW_RETURN_IF_ERROR(Require(o, "handle", &r.handle));
      CW_RETURN_IF_ERROR(SetTime(o, "created_at", &r.at));
      GetString(o, "name", &r.name);
      GetString(o, "bio", &r.bio);
      GetString(o, "kind", &r.account_kind);
      GetString(o, "verified", &r.verified);
      GetString(o, "signup_ip", &r.signup_ip);
      GetString(o, "location", &r.location);
      if (auto it = o.find("avatar"); it != o.end() && it->value().is_bool()) {
        r.avatar = it->value().get_bool();
      }
      break;
    }
    case Kind::kFollow:
    case Kind::kUnfollow:
    case Kind::kBlock:
      CW_RETURN_IF_ERROR(Require(o, "from", &r.from));
      CW_RETURN_IF_ERROR(Require(o, "to", &r.to));
      CW_RETURN_IF_ERROR(SetTime(o, "at", &r.at));
      break;
    case Kind::kPost:
      CW_RETURN_IF_ERROR(Require(o, "id", &r.id));
      CW_RETURN_IF_ERROR(Require(o, "author", &r.author));
      if (!GetString(o, "text", &r.text)) return Malformed("missing \"text\"");
      CW_RETURN_IF_ERROR(SetTime(o, "at", &r.at));
      GetString(o, "visibility", &r.visibility);
      break;
    case Kind::kForward:
      CW_RETURN_IF_ERROR(Require(o, "id", &r.id));
      CW_RETURN_IF_ERROR(Require(o, "author", &r.author));
      CW_RETURN_IF_ERROR(Require(o, "parent", &r.parent));
      GetString(o, "text", &r.text);
      GetString(o, "comment", &r.comment);
      CW_RETURN_IF_ERROR(SetTime(o, "at", &r.at));
      break;
    case Kind::kComment:
      CW_RETURN_IF_ERROR(Require(o, "id", &r.id));
      CW_RETURN_IF_ERROR(Require(o, "author", &r.author));
      CW_RETURN_IF_ERROR(Require(o, "post", &r.post));
      if (!GetString(o, "text", &r.text)) return Malformed("missing \"text\"");
      GetString(o, "reply_to", &r.reply_to);
      CW_RETURN_IF_ERROR(SetTime(o, "at", &r.at));
      break;
    case Kind::kLike:
      CW_RETURN_IF_ERROR(Require(o, "author", &r.author));
      GetString(o, "post", &r.post);
      GetString(o, "comment", &r.comment);
      if (r.post.empty() == r.comment.empty()) {
        return Malformed("a like needs exactly one of \"post\" and \"comment\"");
      }
      CW_RETURN_IF_ERROR(SetTime(o, "at", &r.at));
      break;
    case Kind::kLabel:
      CW_RETURN_IF_ERROR(Require(o, "account", &r.account));
      CW_RETURN_IF_ERROR(Require(o, "label", &r.label));
      GetString(o, "group", &r.group);
      break;
  }
  return std::optional<Record>(std::move(r));
}

void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

}  // namespace cw::world
