// Posts (originals and forwards), comments and likes. Plain data, no I/O.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/clock.h"
#include "common/id.h"
#include "common/text/entities.h"
#include "model/account.h"

namespace cw {

// Mastodon's four keep their meaning (unlisted = public but kept out of public lists; direct =
// mentioned accounts only); fans, friends, group and only_me are Weibo's.
enum class Visibility { kPublic, kUnlisted, kFans, kFriends, kGroup, kOnlyMe, kDirect };

const char* VisibilityName(Visibility v);
// Accepts ours and Mastodon's names ("private" = fans).
std::optional<Visibility> ParseVisibility(std::string_view s);
// The nearest of Mastodon's four, for its clients.
const char* MastodonVisibilityName(Visibility v);

struct Post {
  Id id = 0;
  Id author_id = 0;
  std::string text;  // the author's own words; for a forward, its comment (may be empty)
  Visibility visibility = Visibility::kPublic;
  Id group_id = 0;  // kGroup only: the author's followee group that may see it
  bool is_long = false;
  Audience comment_policy = Audience::kEveryone;
  // Forward fields: zero for originals.
  Id root_id = 0;
  Id parent_id = 0;
  Id source_comment_id = 0;  // a forward made from a comment
  // Ancestors from the root's child down to the parent (forwards only), bounded; lets a read
  // show the whole //@ chain with one batched lookup.
  std::vector<Id> chain;
  std::vector<text::Entity> entities;
  std::string external_id;
  TimeMs created_at = 0;
  TimeMs deleted_at = 0;  // non-zero: deleted; the row stays so forwards can say so
  int64_t forwards_count = 0;
  int64_t comments_count = 0;
  int64_t likes_count = 0;
  // The part of each count that came from accounts that are not credible (see model/integrity.h);
  // the real count is the raw one minus this.
  int64_t suspect_forwards_count = 0;
  int64_t suspect_comments_count = 0;
  int64_t suspect_likes_count = 0;

  bool is_forward() const { return root_id != 0; }
  bool deleted() const { return deleted_at != 0; }
};

struct Comment {
  Id id = 0;
  Id post_id = 0;
  Id author_id = 0;
  Id reply_to_id = 0;          // the comment this replies to, if any
  Id reply_to_account_id = 0;  // its author
  std::string text;
  std::vector<text::Entity> entities;
  std::string external_id;
  TimeMs created_at = 0;
  TimeMs deleted_at = 0;
  int64_t likes_count = 0;
  int64_t replies_count = 0;

  bool deleted() const { return deleted_at != 0; }
};

}  // namespace cw
