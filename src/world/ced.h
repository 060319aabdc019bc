// `clearwater import ced DIR`: real Weibo cascades in the CED dataset layout
// (../shared/data/weibo-ced/README.md) read into world records and fed through WorldImporter, so
// they keep external ids, rerun safely and load through the BulkLoader like any world file.
//
// - original-microblog/NAME.json (NAME is "<n>_<mid>_<uid>"): a post, external id NAME, by the
//   account whose external id is the uid after NAME's last '_', built from the file's user
//   fields (creation time, location, Weibo verification: verified_type 0 = orange V, 1–7 = blue V
//   and an enterprise account).
// - rumor-repost/NAME.json, non-rumor-repost/NAME.json: each item, external id its mid, by the
//   account whose external id is its uid (created as a plain member when seen only there, at its
//   first item). Text starting with "回复@" makes a comment on its parent's post (a reply when the
//   parent is itself a comment); any other item is a forward of its parent (of the original when
//   `parent` is empty), its own comment being the text before the first "//@" (this dataset
//   mostly writes it "/@"): the rest of the chain comes from the parent forwards themselves. A
//   forward whose parent became a comment forwards that comment's post, naming the comment.
// - `date` is China time (UTC+8); an original's `time` is Unix seconds (or, in a few files,
//   Weibo's "Mon May 27 12:07:05 +0800 2013").
// - Skipped and reported: a repeated mid (the first one in file order stays), an item whose parent
//   is not in its cascade or was itself skipped, a date without a year, a file that does not parse.
// - Ignored: labels.tsv (rumour or not is nobody's account or post property here), the counts
//   and follower numbers of the user fields (there is no follow graph), gender, source, pics.
#pragma once

#include <string>
#include <string_view>

#include "common/clock.h"
#include "common/result.h"
#include "world/importer.h"

namespace cw::world {

struct CedCounts {
  int64_t originals = 0;        // original-microblog files read
  int64_t items = 0;            // reposts and comments read
  int64_t repeated_mids = 0;    // skipped: a mid seen before
  int64_t missing_parents = 0;  // skipped: parent not in the cascade, or itself skipped
  int64_t unusable = 0;  // skipped: a file or item that cannot be read, a date without a year
  std::string Summary() const;
};

struct CedReport {
  CedCounts read;
  ImportReport import;  // what was loaded; its problems include the skips counted in `read`
};

// Reads the CED directory `dir` and imports it through `importer` (Begin to Finish).
Result<CedReport> ImportCed(const std::string& dir, WorldImporter& importer, bool drop_indexes,
                            const WorldImporter::Progress& progress = nullptr);

// Whether every original of `dir` is already stored: a cheap check before a full rerun (which
// would add nothing but still reads everything).
Result<bool> CedImported(const std::string& dir, PostStore& posts);

// "YYYY-MM-DD hh:mm:ss" in China time (UTC+8) to Unix ms; false for anything else.
bool ParseCedDate(std::string_view text, TimeMs* out);
// Weibo's "Mon May 27 12:07:05 +0800 2013" to Unix ms; false for anything else.
bool ParseWeiboTime(std::string_view text, TimeMs* out);
// A forward's own comment: the text before its "//@" (or "/@") chain, trailing spaces trimmed.
std::string_view ForwardComment(std::string_view text);
// The handle for a uid before de-duplication: "u" + digits for a numeric uid (Weibo's /u/ URLs),
// otherwise the uid with each run of characters a handle cannot hold turned into '_'.
std::string CedHandle(std::string_view uid);

}  // namespace cw::world
