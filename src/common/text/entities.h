// Extraction of @mentions, #topics# / #tags and links from post and comment text, with offsets in
// code points. Done once at write time and stored with the text. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace cw::text {

struct Entity {
  enum class Kind { kMention, kTopic, kLink };
  Kind kind;
  size_t start = 0;  // code point offset of the first character ('@', '#', 'h')
  size_t end = 0;    // one past the last code point
  // kMention: the handle without '@'; kTopic: the topic name without '#'; kLink: the URL.
  std::string value;
  // kTopic only: true for Weibo's closed form "#话题#", false for "#tag".
  bool closed = false;
  // kMention only: the id of the account the handle named when the text was written (0: none).
  int64_t ref = 0;
};

// `s` must be valid UTF-8. Entities come out in text order and do not overlap.
std::vector<Entity> ExtractEntities(std::string_view s);

// True if `handle` matches [A-Za-z0-9_]{2,30}.
bool IsValidHandle(std::string_view handle);

// ASCII lower case (handles are compared case-insensitively).
std::string AsciiLower(std::string_view s);

}  // namespace cw::text
