// Helpers shared by the SQLite store implementations: row mapping, paging clauses, and the
// compact text encodings of entity lists and forward chains. Not part of the store interface.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/text/entities.h"
#include "model/account.h"
#include "model/post.h"
#include "model/relation.h"
#include "store/page.h"
#include "store/sqlite/db.h"

namespace cw::sqlite {

// A page as SQL: " AND col < ? AND col > ? ORDER BY col DESC LIMIT ?" and its arguments.
struct PageClause {
  std::string sql;
  std::vector<int64_t> args;
  bool reverse = false;  // rows came out oldest first (min_id); flip to newest first
};
PageClause MakePageClause(const Page& page, const char* column, int max_limit = 200);

// Binds `args` after the first `first - 1` parameters.
void BindArgs(Stmt& stmt, int first, const std::vector<int64_t>& args);

std::string EncodeEntities(const std::vector<text::Entity>& entities);
std::vector<text::Entity> DecodeEntities(const std::string& s);
std::string EncodeIds(const std::vector<Id>& ids);
std::vector<Id> DecodeIds(const std::string& s);
// "?, ?, ?" for `n` parameters.
std::string Placeholders(size_t n);

// Row inserts shared by the stores and the bulk loader. With `skip_existing`, a row whose unique
// key is taken is skipped (false) instead of failing with kAlreadyExists.
Result<bool> InsertAccount(Conn& c, const Account& a, bool skip_existing);
Result<bool> InsertFollow(Conn& c, const Follow& f, bool skip_existing);
Result<bool> DeleteFollowRow(Conn& c, Id follower_id, Id followee_id, TimeMs at);
Result<bool> InsertPost(Conn& c, const Post& p, const std::vector<Id>& mentioned_ids,
                        bool skip_existing);
Result<bool> InsertComment(Conn& c, const Comment& m, bool skip_existing);

// Runs `stmt` and maps each row with `fn`.
template <typename T, typename F>
Result<std::vector<T>> Collect(Stmt& stmt, F&& fn) {
  std::vector<T> out;
  for (;;) {
    auto r = stmt.Step();
    if (!r.ok()) return r.error();
    if (!*r) break;
    out.push_back(fn(stmt));
  }
  return out;
}

}  // namespace cw::sqlite

namespace cw::sqlite {
// Splits `ids` into chunks padded to a few fixed sizes (so each IN-list query has a handful of
// cached shapes) and calls fn(placeholders, chunk) for each. Padding repeats the last id.
Status ForEachIdChunk(const std::vector<Id>& ids,
                      const std::function<Status(const std::string&, const std::vector<Id>&)>& fn);
}  // namespace cw::sqlite

namespace cw::sqlite {
// Runs `fn(conn) -> Result<T>` with a read connection and returns its result.
template <typename T, typename F>
Result<T> ReadResult(Db& db, F&& fn) {
  std::optional<Result<T>> out;
  Status st = db.Read([&](Conn& c) -> Status {
    out.emplace(fn(c));
    return OkStatus();
  });
  if (!st.ok()) return st.error();
  return std::move(*out);
}
// Runs `fn(conn) -> Status` as a write.
template <typename F>
Status WriteStatus(Db& db, F&& fn) {
  return db.Write([&](Conn& c) -> Status { return fn(c); });
}
// The same without a nested savepoint (see Db::WriteWithoutSavepoint).
template <typename F>
Status WriteStatusWithoutSavepoint(Db& db, F&& fn) {
  return db.WriteWithoutSavepoint([&](Conn& c) -> Status { return fn(c); });
}
// A write of one SQL statement: SQLite undoes a failed statement by itself, so inside a unit it
// needs no savepoint of its own (two statements each time, a measurable share of a post's write).
template <typename F>
Status WriteOneStatement(Db& db, F&& fn) {
  return WriteStatusWithoutSavepoint(db, std::forward<F>(fn));
}
}  // namespace cw::sqlite
