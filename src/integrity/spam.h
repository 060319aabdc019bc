// The per-post spam score at write time and its per-account aggregate over a snapshot. The score
// is a logistic combination of hand-set weights over signals the write path already has (near-
// duplicate counts from RecentTextIndex, links, mentions, posting rate, account age and profile),
// in the spirit of rule-plus-score filters such as SpamAssassin; each reason that added weight is
// named. Tuned against false positives: short stock phrases never count as duplicates, and rate
// alone never makes a post spam. Pure functions, thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.h"
#include "integrity/simhash.h"
#include "integrity/snapshot.h"

namespace cw::integrity {

struct SpamSignals {
  uint32_t own_duplicates = 0;           // near-duplicates among the author's recent texts
  uint32_t other_duplicates = 0;         // near-duplicates by other accounts
  uint32_t other_duplicate_authors = 0;  // distinct accounts among those
  uint32_t links = 0;
  uint32_t mentions = 0;
  uint32_t text_length = 0;      // code points
  uint32_t posts_last_hour = 0;  // the author's posts and comments in the hour before this one
  TimeMs account_age_ms = 0;
  bool has_avatar = false;
  bool has_bio = false;
  uint32_t fans = 0;
};

struct SpamScore {
  double score = 0;                  // in [0, 1]; >= 0.5 holds the post for review
  std::vector<std::string> reasons;  // what pushed it up, e.g. "3 near-duplicates of own posts"
};

SpamScore ScoreSpam(const SpamSignals& signals);

struct TextCounts {
  uint32_t links = 0;
  uint32_t mentions = 0;  // @names in the author's own words (not in a quoted "//@…" chain)
  uint32_t length = 0;    // code points
};
// `text` must be valid UTF-8.
TextCounts CountTextFeatures(std::string_view text);

struct SpamOptions {
  double post_threshold = 0.5;     // a post at or above this is a spam post
  uint32_t min_spam_posts = 5;     // fewer spam posts than this cannot make a spam bot
  bool include_comments = true;    // comments are scored too (comment spam is common)
  RecentTextOptions text;
};

struct AccountSpam {
  uint32_t posts = 0;       // posts and comments scored
  uint32_t spam_posts = 0;  // of those, at or above post_threshold
  double score = 0;  // in [0, 1]: min(1, spam_posts / (2 min_spam_posts)) × (1 + share) / 2
  std::string example;      // the text of the highest-scoring post, with its reasons
};

// Scores every post (and comment) of the snapshot in time order as the write path would have,
// with a RecentTextIndex replaying history, and aggregates per account (indexed like accounts).
// Fingerprints are computed on two threads; the replay is sequential.
std::vector<AccountSpam> ScoreAccountsForSpam(const Snapshot& snapshot, const SpamOptions& options);

}  // namespace cw::integrity
