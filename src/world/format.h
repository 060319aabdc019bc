// The world file format (../shared/world-format.md): one JSON object per line, in time order,
// for accounts, follows and every action. This parses one line into a flat record; the importer
// and the tests read it, the generator writes the same shape. Pure functions, thread-safe.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"

namespace cw::world {

enum class Kind { kAccount, kFollow, kUnfollow, kPost, kForward, kComment, kLike, kBlock, kLabel };

const char* KindName(Kind k);

// Every field any type uses; each type fills its own (see world-format.md).
struct Record {
  Kind kind = Kind::kAccount;
  std::string id;      // account, post, forward, comment
  std::string handle;  // account
  std::string name;
  std::string bio;
  std::string account_kind;  // personal | enterprise
  std::string verified;      // none | personal | institutional
  std::string signup_ip;
  std::string location;  // account (an addition to world-format.md, as is a forward's comment)
  bool avatar = false;
  TimeMs at = 0;  // created_at for accounts, `at` for actions
  std::string from, to;  // follow, unfollow, block
  std::string author;    // post, forward, comment, like
  std::string text;
  std::string visibility;  // post
  std::string parent;      // forward
  std::string post;        // comment, like
  std::string reply_to;    // comment
  std::string comment;     // like; forward: a comment on `parent` it forwards (optional)
  std::string account;     // label
  std::string label;
  std::string group;
};

// nullopt for blank lines and `//` comments; kMalformed with a reason for anything unusable.
Result<std::optional<Record>> ParseLine(std::string_view line);

// The string member `key` of a JSON object (ids may also be written as numbers) into `out`; false
// if it is missing, null or of another type. Shared by the readers of other layouts (CED).
bool GetString(const boost::json::object& o, std::string_view key, std::string* out);

// Appends `s` as a JSON string literal (quotes included) to `out`.
void AppendJsonString(std::string_view s, std::string* out);

}  // namespace cw::world
