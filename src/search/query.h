// The search query language, parsed into terms the store can match. Pure; thread-safe.
//
//   北京 大学            both words (each matched as a phrase of its terms: 北京大学 is "北京 京大 大学")
//   "北京 大学"          a phrase: the words next to each other
//   -广告 -"hot deal"    excluded words and phrases
//   #话题# #tag @handle  exact topic and mention terms
//   from:handle          posts (or comments) by one account
//   since:2024-01-31     on or after that day (UTC)
//   until:2024-02-01     before that day (UTC)
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "common/result.h"

namespace cw::search {

struct ParsedQuery {
  // Phrases: each a run of terms that must occur next to each other, in order.
  std::vector<std::vector<std::string>> must;
  std::vector<std::vector<std::string>> must_not;
  std::string from;  // a handle without '@'; empty: anyone
  TimeMs since = 0;  // inclusive; 0: unbounded
  TimeMs until = 0;  // exclusive; 0: unbounded
  // The last must phrase came from the last word typed, unquoted, and ends in a word that may be
  // unfinished (accounts and topics match it as a prefix).
  bool last_is_open = false;

  bool has_terms() const { return !must.empty(); }
};

// kInvalidArgument for a malformed filter (since:/until: not a date, from: not a handle) or a
// query with too many terms.
Result<ParsedQuery> ParseQuery(std::string_view query);

// The phrases of `text` as one query word or quoted phrase: the analyzed stream cut at single CJK
// characters (which stand as terms of their own), then each exact term on its own.
std::vector<std::vector<std::string>> QueryPhrases(std::string_view text);

// "YYYY-MM-DD" as Unix ms at 00:00 UTC that day; false if it is not a valid date.
bool ParseDate(std::string_view s, TimeMs* out);

}  // namespace cw::search
