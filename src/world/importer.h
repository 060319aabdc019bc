// `clearwater import world FILE`: bulk-loads a world file (../shared/world-format.md) into the
// store through a BulkLoader. Each object keeps its file id as its external_id; a line that does
// not parse, names an unknown id, or breaks a rule is reported with its line number and skipped;
// rerunning an import adds nothing. Imported history makes no notifications. Readers of other
// layouts (ced.h) feed the same records one at a time through Begin / Add / Finish. Not
// thread-safe.
#pragma once

#include <functional>
#include <istream>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/id.h"
#include "service/context.h"
#include "store/store.h"
#include "world/format.h"

namespace cw::world {

struct ImportReport {
  std::map<std::string, int64_t> loaded;    // per type: rows written
  std::map<std::string, int64_t> already;   // per type: already in the store (a rerun)
  int64_t lines = 0;                        // world files only
  int64_t problems = 0;                     // things skipped
  std::vector<std::string> first_problems;  // "line N: reason" (or "<where>: …"), the first 100
  std::string Summary() const;
};

class WorldImporter {
 public:
  WorldImporter(Store* store, IdGenerator* ids, const Limits& limits)
      : store_(store), ids_(ids), limits_(limits) {}

  using Progress = std::function<void(const ImportReport&)>;

  // Streams a world file. `drop_indexes`: see Store::NewBulkLoader. `progress` (may be null) is
  // called now and then.
  Result<ImportReport> Import(std::istream& in, bool drop_indexes,
                              const Progress& progress = nullptr);

  // The same one record at a time: Begin, Add each record after everything it refers to, Finish.
  Status Begin(bool drop_indexes, const Progress& progress = nullptr);
  // Applies `r`; a problem with it is counted and reported as "<where>: reason". Returns an error
  // only when the store fails.
  Status Add(const Record& r, std::string_view where);
  // Counts `count` things a reader skipped before they became records.
  void Skip(std::string_view where, std::string_view reason, int64_t count = 1);
  // Whether an account, stored or added, has this handle (any case). After Begin.
  bool HandleTaken(std::string_view handle) const;
  // Commits, rebuilds indexes, recomputes counters; the importer is spent afterwards.
  Result<ImportReport> Finish();

 private:
  struct PostInfo {
    Id id = 0;
    Id root_id = 0;          // 0 for originals
    int64_t parent = -1;     // index of the parent in posts_, -1 for originals
    Visibility visibility = Visibility::kPublic;
  };
  struct CommentInfo {
    Id id = 0;
    Id author_id = 0;
    Id post_id = 0;
  };

  Status Load(BulkLoader& loader);
  // Applies one record; a returned error is a problem with this line, not a failure.
  Status Apply(BulkLoader& loader, const Record& r, ImportReport& report);
  // Counts a problem with a record (where: `where`, or line `line` when positive) and takes a
  // checkpoint now and then; returns only the store's failures.
  Status Counted(const Status& st, std::string_view where, int64_t line);
  // Writes the queued follows and counts them in `report`.
  Status CountFollows(BulkLoader& loader, ImportReport& report);
  Result<Id> AccountId(const std::string& external_id) const;
  Result<int64_t> PostIndex(const std::string& external_id);
  Result<std::vector<text::Entity>> PrepareText(const std::string& text, std::vector<Id>* mentioned);

  Store* store_;
  IdGenerator* ids_;
  Limits limits_;
  std::unique_ptr<BulkLoader> loader_;  // between Begin and Finish
  Progress progress_;
  ImportReport report_;
  int64_t since_checkpoint_ = 0;
  int64_t queued_follows_ = 0;  // queued since the last CountFollows
  std::unordered_map<std::string, Id> accounts_;   // external id -> id
  std::unordered_map<std::string, Id> handles_;    // lower-case handle -> id
  std::unordered_map<std::string, int64_t> post_index_;  // external id -> index in posts_
  std::vector<PostInfo> posts_;
  std::unordered_map<std::string, CommentInfo> comments_;
};

}  // namespace cw::world
