// PostStore and CommentStore on SQLite: posts, forwards, mentions, comments and likes.
#include <algorithm>
#include <unordered_map>

#include "store/sqlite/internal.h"
#include "store/sqlite/sqlite_store.h"

namespace cw::sqlite {
namespace {

constexpr const char* kPostColumns =
    "id, author_id, text, visibility, group_id, is_long, comment_policy, root_id, parent_id, "
    "source_comment_id, chain, entities, external_id, created_at, deleted_at, forwards_count, "
    "comments_count, likes_count, suspect_forwards_count, suspect_comments_count, "
    "suspect_likes_count";

Post ReadPost(Stmt& q) {
  Post p;
  p.id = q.Int(0);
  p.author_id = q.Int(1);
  p.text = q.Text(2);
  p.visibility = ParseVisibility(q.Text(3)).value_or(Visibility::kOnlyMe);
  p.group_id = q.Int(4);
  p.is_long = q.Int(5) != 0;
  p.comment_policy = ParseAudience(q.Text(6)).value_or(Audience::kEveryone);
  p.root_id = q.Int(7);
  p.parent_id = q.Int(8);
  p.source_comment_id = q.Int(9);
  p.chain = DecodeIds(q.Text(10));
  p.entities = DecodeEntities(q.Text(11));
  p.external_id = q.Text(12);
  p.created_at = q.Int(13);
  p.deleted_at = q.Int(14);
  p.forwards_count = q.Int(15);
  p.comments_count = q.Int(16);
  p.likes_count = q.Int(17);
  p.suspect_forwards_count = q.Int(18);
  p.suspect_comments_count = q.Int(19);
  p.suspect_likes_count = q.Int(20);
  return p;
}

constexpr const char* kCommentColumns =
    "id, post_id, author_id, reply_to_id, reply_to_account_id, text, entities, external_id, "
    "created_at, deleted_at, likes_count, replies_count";

Comment ReadComment(Stmt& q) {
  Comment c;
  c.id = q.Int(0);
  c.post_id = q.Int(1);
  c.author_id = q.Int(2);
  c.reply_to_id = q.Int(3);
  c.reply_to_account_id = q.Int(4);
  c.text = q.Text(5);
  c.entities = DecodeEntities(q.Text(6));
  c.external_id = q.Text(7);
  c.created_at = q.Int(8);
  c.deleted_at = q.Int(9);
  c.likes_count = q.Int(10);
  c.replies_count = q.Int(11);
  return c;
}

// Rows for `ids`, in the order of `ids`, unknown ids skipped.
template <typename T>
Result<std::vector<T>> GetByIds(Db& db, const std::vector<Id>& ids, const char* columns,
                                const char* table, T (*read)(Stmt&)) {
  if (ids.empty()) return std::vector<T>{};  // no read connection needed
  return ReadResult<std::vector<T>>(db, [&](Conn& c) -> Result<std::vector<T>> {
    std::unordered_map<Id, T> found;
    CW_RETURN_IF_ERROR(ForEachIdChunk(ids, [&](const std::string& ph, const std::vector<Id>& chunk) -> Status {
      Stmt q(c, std::string("SELECT ") + columns + " FROM " + table + " WHERE id IN (" + ph + ")");
      BindArgs(q, 1, chunk);
      CW_ASSIGN_OR_RETURN(auto rows, Collect<T>(q, read));
      for (auto& r : rows) found.emplace(r.id, std::move(r));
      return OkStatus();
    }));
    std::vector<T> out;
    out.reserve(found.size());
    for (Id id : ids) {
      auto it = found.find(id);
      if (it != found.end()) out.push_back(it->second);
    }
    return out;
  });
}

Result<std::unordered_set<Id>> FilterIds(Db& db, const char* sql_prefix, Id account_id,
                                         const std::vector<Id>& ids) {
  return ReadResult<std::unordered_set<Id>>(db, [&](Conn& c) -> Result<std::unordered_set<Id>> {
    std::unordered_set<Id> out;
    if (account_id == 0) return out;
    CW_RETURN_IF_ERROR(ForEachIdChunk(ids, [&](const std::string& ph, const std::vector<Id>& chunk) -> Status {
      Stmt q(c, std::string(sql_prefix) + " (" + ph + ")");
      q.BindOne(1, account_id);
      BindArgs(q, 2, chunk);
      CW_ASSIGN_OR_RETURN(auto rows, Collect<Id>(q, [](Stmt& s) { return s.Int(0); }));
      out.insert(rows.begin(), rows.end());
      return OkStatus();
    }));
    return out;
  });
}

}  // namespace

Result<Post> SqlitePostStore::GetPostById(Id id) {
  return ReadResult<Post>(db_, [&](Conn& c) -> Result<Post> {
    Stmt q(c, std::string("SELECT ") + kPostColumns + " FROM posts WHERE id = ?");
    q.Bind(id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("post not found");
    return ReadPost(q);
  });
}

Result<std::vector<Post>> SqlitePostStore::GetPostsByIds(const std::vector<Id>& ids) {
  return GetByIds<Post>(db_, ids, kPostColumns, "posts", ReadPost);
}

Result<Post> SqlitePostStore::GetPostByExternalId(std::string_view external_id) {
  return ReadResult<Post>(db_, [&](Conn& c) -> Result<Post> {
    Stmt q(c, std::string("SELECT ") + kPostColumns + " FROM posts WHERE external_id = ?");
    q.Bind(external_id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("post not found");
    return ReadPost(q);
  });
}

Result<bool> InsertPost(Conn& c, const Post& p, const std::vector<Id>& mentioned_ids,
                        bool skip_existing) {
  Stmt q(c, std::string("INSERT INTO posts (") + kPostColumns +
                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
                (skip_existing ? " ON CONFLICT DO NOTHING" : ""));
  q.Bind(p.id, p.author_id, p.text, VisibilityName(p.visibility), p.group_id, p.is_long,
         AudienceName(p.comment_policy), p.root_id, p.parent_id, p.source_comment_id,
         EncodeIds(p.chain), EncodeEntities(p.entities), p.external_id, p.created_at,
         p.deleted_at, p.forwards_count, p.comments_count, p.likes_count,
         p.suspect_forwards_count, p.suspect_comments_count, p.suspect_likes_count);
  q.BindTextOrNull(13, p.external_id);
  CW_RETURN_IF_ERROR(q.Run());
  if (q.Changes() == 0) return false;
  for (Id m : mentioned_ids) {
    Stmt mq(c, "INSERT INTO post_mentions (post_id, account_id) VALUES (?, ?) ON CONFLICT DO NOTHING");
    CW_RETURN_IF_ERROR(mq.Bind(p.id, m).Run());
  }
  return true;
}

Status SqlitePostStore::PutPost(const Post& p, const std::vector<Id>& mentioned_ids) {
  auto insert = [&](Conn& c) { return InsertPost(c, p, mentioned_ids, false).status(); };
  if (mentioned_ids.empty()) return WriteOneStatement(db_, insert);
  return WriteStatus(db_, insert);
}

Status SqlitePostStore::MarkPostDeleted(Id id, TimeMs at) {
  return WriteOneStatement(db_, [&](Conn& c) -> Status {
    Stmt q(c, "UPDATE posts SET deleted_at = ? WHERE id = ? AND deleted_at = 0");
    CW_RETURN_IF_ERROR(q.Bind(at, id).Run());
    if (q.Changes() == 0) return NotFound("post not found");
    return OkStatus();
  });
}

Status SqlitePostStore::AddPostCounters(Id id, int64_t forwards, int64_t comments, int64_t likes) {
  return WriteOneStatement(db_, [&](Conn& c) {
    Stmt q(c,
           "UPDATE posts SET forwards_count = MAX(0, forwards_count + ?), comments_count = "
           "MAX(0, comments_count + ?), likes_count = MAX(0, likes_count + ?) WHERE id = ?");
    return q.Bind(forwards, comments, likes, id).Run();
  });
}

Status SqlitePostStore::AddSuspectCounters(Id id, int64_t forwards, int64_t comments,
                                           int64_t likes) {
  return WriteOneStatement(db_, [&](Conn& c) {
    Stmt q(c,
           "UPDATE posts SET suspect_forwards_count = MAX(0, suspect_forwards_count + ?), "
           "suspect_comments_count = MAX(0, suspect_comments_count + ?), "
           "suspect_likes_count = MAX(0, suspect_likes_count + ?) WHERE id = ?");
    return q.Bind(forwards, comments, likes, id).Run();
  });
}

Result<std::vector<Post>> SqlitePostStore::ListWhere(const std::string& where,
                                                     const std::vector<int64_t>& args,
                                                     const Page& page) {
  return ReadResult<std::vector<Post>>(db_, [&](Conn& c) -> Result<std::vector<Post>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT ") + kPostColumns + " FROM posts WHERE deleted_at = 0 AND " +
                  where + pc.sql);
    BindArgs(q, 1, args);
    BindArgs(q, static_cast<int>(args.size()) + 1, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Post>(q, ReadPost));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Result<std::vector<Post>> SqlitePostStore::ListPostsByAuthor(Id author_id, const Page& page,
                                                             bool include_forwards) {
  return ListWhere(include_forwards ? "author_id = ?" : "author_id = ? AND root_id = 0",
                   {author_id}, page);
}

Result<std::vector<Post>> SqlitePostStore::ListPostsByAuthors(const std::vector<Id>& author_ids,
                                                              const Page& page) {
  if (author_ids.empty()) return std::vector<Post>{};
  // IN lists are padded to a few fixed sizes (16, 64, 256, 1024, 4096) so the statement cache
  // stays small; longer author lists run in chunks whose pages are merged.
  constexpr size_t kMaxChunk = 4096;
  std::vector<Post> merged;
  for (size_t pos = 0; pos < author_ids.size(); pos += kMaxChunk) {
    size_t n = std::min(kMaxChunk, author_ids.size() - pos);
    size_t size = 16;
    while (size < n) size *= 4;
    std::vector<int64_t> args(author_ids.begin() + static_cast<ptrdiff_t>(pos),
                              author_ids.begin() + static_cast<ptrdiff_t>(pos + n));
    while (args.size() < size) args.push_back(args.back());
    CW_ASSIGN_OR_RETURN(auto rows, ListWhere("author_id IN (" + Placeholders(size) + ")", args, page));
    if (author_ids.size() <= kMaxChunk) return rows;
    merged.insert(merged.end(), rows.begin(), rows.end());
  }
  // Keep the page's end of the merged rows: the newest, or with min_id the oldest after it.
  std::sort(merged.begin(), merged.end(), [](const Post& a, const Post& b) { return a.id > b.id; });
  size_t limit = static_cast<size_t>(std::clamp(page.limit, 1, 200));
  if (merged.size() > limit) {
    if (page.min_id > 0) {
      merged.erase(merged.begin(), merged.end() - static_cast<ptrdiff_t>(limit));
    } else {
      merged.resize(limit);
    }
  }
  return merged;
}

Result<std::vector<Post>> SqlitePostStore::ListForwardsOf(Id post_id, const Page& page) {
  return ListWhere("parent_id = ?", {post_id}, page);
}

Result<std::vector<Post>> SqlitePostStore::ListCascade(Id root_id, int limit) {
  return ReadResult<std::vector<Post>>(db_, [&](Conn& c) -> Result<std::vector<Post>> {
    Stmt q(c, std::string("SELECT ") + kPostColumns +
                  " FROM posts WHERE root_id = ? AND deleted_at = 0 ORDER BY id LIMIT ?");
    q.Bind(root_id, limit);
    return Collect<Post>(q, ReadPost);
  });
}

Result<std::vector<Post>> SqlitePostStore::ListPublicPosts(const Page& page) {
  return ListWhere("visibility = 'public'", {}, page);
}

Result<bool> SqlitePostStore::IsMentioned(Id post_id, Id account_id) {
  return ReadResult<bool>(db_, [&](Conn& c) {
    Stmt q(c, "SELECT 1 FROM post_mentions WHERE post_id = ? AND account_id = ?");
    q.Bind(post_id, account_id);
    return q.Step();
  });
}

Status SqlitePostStore::PutPostLike(Id like_id, Id post_id, Id account_id, TimeMs at) {
  return WriteOneStatement(db_, [&](Conn& c) {
    Stmt q(c, "INSERT INTO post_likes (id, post_id, account_id, created_at) VALUES (?, ?, ?, ?)");
    return q.Bind(like_id, post_id, account_id, at).Run();
  });
}

Status SqlitePostStore::DeletePostLike(Id post_id, Id account_id) {
  return WriteOneStatement(db_, [&](Conn& c) -> Status {
    Stmt q(c, "DELETE FROM post_likes WHERE post_id = ? AND account_id = ?");
    CW_RETURN_IF_ERROR(q.Bind(post_id, account_id).Run());
    if (q.Changes() == 0) return NotFound("not liked");
    return OkStatus();
  });
}

Result<std::vector<std::pair<Id, Id>>> SqlitePostStore::ListPostLikers(Id post_id,
                                                                       const Page& page) {
  using Rows = std::vector<std::pair<Id, Id>>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, "SELECT id, account_id FROM post_likes WHERE post_id = ?" + pc.sql);
    q.Bind(post_id);
    BindArgs(q, 2, pc.args);
    auto read = [](Stmt& s) { return std::pair<Id, Id>(s.Int(0), s.Int(1)); };
    CW_ASSIGN_OR_RETURN(Rows rows, (Collect<std::pair<Id, Id>>(q, read)));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Result<std::unordered_set<Id>> SqlitePostStore::FilterLikedPosts(Id account_id,
                                                                 const std::vector<Id>& ids) {
  return FilterIds(db_, "SELECT post_id FROM post_likes WHERE account_id = ? AND post_id IN",
                   account_id, ids);
}

Result<std::unordered_set<Id>> SqlitePostStore::FilterForwardedPosts(Id account_id,
                                                                     const std::vector<Id>& ids) {
  return FilterIds(db_,
                   "SELECT parent_id FROM posts WHERE author_id = ? AND deleted_at = 0 AND "
                   "parent_id IN",
                   account_id, ids);
}

Result<std::vector<Id>> SqlitePostStore::ListLikedPostIds(Id account_id, int limit) {
  return ReadResult<std::vector<Id>>(db_, [&](Conn& c) -> Result<std::vector<Id>> {
    Stmt q(c, "SELECT post_id FROM post_likes WHERE account_id = ? ORDER BY post_id DESC LIMIT ?");
    q.Bind(account_id, limit);
    return Collect<Id>(q, [](Stmt& s) { return s.Int(0); });
  });
}

Result<std::vector<std::pair<Id, Id>>> SqlitePostStore::ListForwardParents(Id account_id,
                                                                          int limit) {
  using Rows = std::vector<std::pair<Id, Id>>;
  return ReadResult<Rows>(db_, [&](Conn& c) -> Result<Rows> {
    Stmt q(c,
           "SELECT id, parent_id FROM posts WHERE author_id = ? AND parent_id != 0 "
           "AND deleted_at = 0 ORDER BY id DESC LIMIT ?");
    q.Bind(account_id, limit);
    return Collect<std::pair<Id, Id>>(q, [](Stmt& s) { return std::pair<Id, Id>(s.Int(0), s.Int(1)); });
  });
}

// --- comments ---

Result<Comment> SqliteCommentStore::GetCommentById(Id id) {
  return ReadResult<Comment>(db_, [&](Conn& c) -> Result<Comment> {
    Stmt q(c, std::string("SELECT ") + kCommentColumns + " FROM comments WHERE id = ?");
    q.Bind(id);
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (!row) return NotFound("comment not found");
    return ReadComment(q);
  });
}

Result<std::vector<Comment>> SqliteCommentStore::GetCommentsByIds(const std::vector<Id>& ids) {
  return GetByIds<Comment>(db_, ids, kCommentColumns, "comments", ReadComment);
}

Result<bool> InsertComment(Conn& c, const Comment& m, bool skip_existing) {
  Stmt q(c, std::string("INSERT INTO comments (") + kCommentColumns +
                ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)" +
                (skip_existing ? " ON CONFLICT DO NOTHING" : ""));
  q.Bind(m.id, m.post_id, m.author_id, m.reply_to_id, m.reply_to_account_id, m.text,
         EncodeEntities(m.entities), m.external_id, m.created_at, m.deleted_at, m.likes_count,
         m.replies_count);
  q.BindTextOrNull(8, m.external_id);
  CW_RETURN_IF_ERROR(q.Run());
  return q.Changes() > 0;
}

Status SqliteCommentStore::PutComment(const Comment& m) {
  return WriteStatus(db_, [&](Conn& c) { return InsertComment(c, m, false).status(); });
}

Status SqliteCommentStore::MarkCommentDeleted(Id id, TimeMs at) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "UPDATE comments SET deleted_at = ? WHERE id = ? AND deleted_at = 0");
    CW_RETURN_IF_ERROR(q.Bind(at, id).Run());
    if (q.Changes() == 0) return NotFound("comment not found");
    return OkStatus();
  });
}

Status SqliteCommentStore::AddCommentCounters(Id id, int64_t likes, int64_t replies) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c,
           "UPDATE comments SET likes_count = MAX(0, likes_count + ?), replies_count = MAX(0, "
           "replies_count + ?) WHERE id = ?");
    return q.Bind(likes, replies, id).Run();
  });
}

Result<std::vector<Comment>> SqliteCommentStore::ListWhere(const char* column, Id value,
                                                           const Page& page) {
  return ReadResult<std::vector<Comment>>(db_, [&](Conn& c) -> Result<std::vector<Comment>> {
    PageClause pc = MakePageClause(page, "id");
    Stmt q(c, std::string("SELECT ") + kCommentColumns + " FROM comments WHERE deleted_at = 0 AND " +
                  column + " = ?" + pc.sql);
    q.Bind(value);
    BindArgs(q, 2, pc.args);
    CW_ASSIGN_OR_RETURN(auto rows, Collect<Comment>(q, ReadComment));
    if (pc.reverse) std::reverse(rows.begin(), rows.end());
    return rows;
  });
}

Result<std::vector<Comment>> SqliteCommentStore::ListCommentsByPost(Id post_id, const Page& page) {
  return ListWhere("post_id", post_id, page);
}

Result<std::vector<Comment>> SqliteCommentStore::ListRepliesTo(Id comment_id, const Page& page) {
  return ListWhere("reply_to_id", comment_id, page);
}

Status SqliteCommentStore::PutCommentLike(Id comment_id, Id account_id, TimeMs at) {
  return WriteStatus(db_, [&](Conn& c) {
    Stmt q(c, "INSERT INTO comment_likes (comment_id, account_id, created_at) VALUES (?, ?, ?)");
    return q.Bind(comment_id, account_id, at).Run();
  });
}

Status SqliteCommentStore::DeleteCommentLike(Id comment_id, Id account_id) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    Stmt q(c, "DELETE FROM comment_likes WHERE comment_id = ? AND account_id = ?");
    CW_RETURN_IF_ERROR(q.Bind(comment_id, account_id).Run());
    if (q.Changes() == 0) return NotFound("not liked");
    return OkStatus();
  });
}

Result<std::unordered_set<Id>> SqliteCommentStore::FilterLikedComments(Id account_id,
                                                                       const std::vector<Id>& ids) {
  return FilterIds(db_,
                   "SELECT comment_id FROM comment_likes WHERE account_id = ? AND comment_id IN",
                   account_id, ids);
}

}  // namespace cw::sqlite
