// Search on FTS5. Matching posts and comments come newest first, driven by the FTS5 index in
// rowid (= id = time) order and joined to their rows, so a query costs what its LIMIT asks for,
// not what its most common term matches. A query with an author is driven by that author's rows
// instead (probing the index per row), which is cheaper than scanning a common term's matches.
#include "store/sqlite/sqlite_search.h"

#include <filesystem>
#include <limits>

#include "common/log.h"
#include "store/sqlite/internal.h"

namespace cw::sqlite {
namespace {

std::string QuotePhrase(const std::vector<std::string>& terms, bool prefix) {
  std::string out = "\"";
  for (size_t i = 0; i < terms.size(); ++i) {
    if (i) out += ' ';
    for (char c : terms[i]) {
      if (c == '"') out += '"';
      out += c;
    }
  }
  out += '"';
  if (prefix) out += " *";
  return out;
}

// Rows `?4` (the viewer, 0: anonymous) could possibly see, over posts aliased `p`.
constexpr const char* kViewerCut =
    " AND (p.visibility = 'public' OR p.author_id = ?4"
    " OR (?4 <> 0 AND p.visibility IN ('fans', 'friends') AND EXISTS (SELECT 1 FROM follows f"
    " WHERE f.follower_id = ?4 AND f.followee_id = p.author_id))"
    " OR (?4 <> 0 AND p.visibility = 'group' AND EXISTS (SELECT 1 FROM followee_group_members g"
    " WHERE g.group_id = p.group_id AND g.account_id = ?4))"
    " OR (?4 <> 0 AND p.visibility = 'direct' AND EXISTS (SELECT 1 FROM post_mentions m"
    " WHERE m.post_id = p.id AND m.account_id = ?4)))";

// Binds ?1 match, ?2..?3 id range, ?4 viewer, ?5 limit, ?6 author.
void BindSearch(Stmt& q, const TextSearch& s, const std::string& match) {
  q.BindOne(1, match);
  q.BindOne(2, s.min_id);
  q.BindOne(3, s.max_id > 0 ? s.max_id : std::numeric_limits<int64_t>::max());
  q.BindOne(4, s.viewer_id);
  q.BindOne(5, std::max(1, s.limit));
  q.BindOne(6, s.author_id);
}

// The tables of the index's file: the same tables schema/0002_search.sql made in the store's file
// before migration 8 (a migration, once applied, is history and stays as it was).
constexpr const char* kIndexSchema = R"sql(
-- Terms made by the application's analyzer, not raw text: a document is one string of
-- space-separated terms, which FTS5's ascii tokenizer splits back into the same terms (every
-- non-ASCII character is a term character; '#', '@' and '_' are made term characters so exact
-- topic and mention terms survive).
--
-- Posts and comments are never edited, so their indexes are contentless (content=''): only the
-- inverted index is kept, rowid is the post or comment id, and deleted rows are dropped by a join
-- at query time. Accounts and topics change, so their indexes keep their content.
CREATE VIRTUAL TABLE post_fts USING fts5(terms, content='', tokenize="ascii tokenchars '#@_'");
CREATE VIRTUAL TABLE comment_fts USING fts5(terms, content='', tokenize="ascii tokenchars '#@_'");
CREATE VIRTUAL TABLE account_fts USING fts5(handle, name, bio, tokenize="ascii tokenchars '#@_'");

-- Topics seen in public posts, for hashtag search; topic_fts has the terms of each name.
CREATE TABLE search_topics (
  id INTEGER PRIMARY KEY,
  term TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  posts_count BIGINT NOT NULL DEFAULT 0,
  last_at BIGINT NOT NULL DEFAULT 0
);
CREATE VIRTUAL TABLE topic_fts USING fts5(terms, tokenize="ascii tokenchars '#@_'");
)sql";

}  // namespace

std::string IndexPath(const std::string& store_path) {
  std::filesystem::path p(store_path);
  return (p.parent_path() / (p.stem().string() + "-search" + p.extension().string())).string();
}

const std::vector<std::pair<int, std::string>>& IndexMigrations() {
  static const std::vector<std::pair<int, std::string>> kMigrations = {{1, kIndexSchema}};
  return kMigrations;
}

const char* const kRequeueEverything =
    "INSERT INTO search_outbox (kind, ref_id) SELECT 'account', id FROM accounts ORDER BY id;"
    "INSERT INTO search_outbox (kind, ref_id) SELECT 'comment', id FROM comments "
    "WHERE text <> '' ORDER BY id;"
    "INSERT INTO search_outbox (kind, ref_id) SELECT 'post', id FROM posts "
    "WHERE text <> '' ORDER BY id;";

Result<bool> MoveIndexOut(const std::string& store_path, const std::string& index_path) {
  if (!std::filesystem::exists(store_path)) return false;
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(store_path.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
                           nullptr);
  Conn conn(raw);  // closes `raw` whatever happens
  if (rc != SQLITE_OK) return SqliteError(rc, raw, "open " + store_path);
  sqlite3_busy_timeout(raw, 5000);
  {
    Stmt q(conn, "SELECT 1 FROM sqlite_master WHERE name = 'post_fts'");
    CW_ASSIGN_OR_RETURN(bool old_layout, q.Step());
    if (!old_layout) return false;
  }
  CW_LOG(kInfo, "") << "moving the search index into " << index_path;
  CW_RETURN_IF_ERROR(Stmt(conn, "ATTACH DATABASE ? AS search").Bind(index_path).Run());
  // The index file's own tables hold the data: the plain ones and FTS5's shadow tables, not the
  // virtual tables over them (nor its migration record). Each is copied as it is.
  std::string sql = "BEGIN IMMEDIATE;";
  {
    Stmt q(conn,
           "SELECT name FROM search.sqlite_master WHERE type = 'table' AND name <> "
           "'schema_migrations' AND sql NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name");
    for (;;) {
      CW_ASSIGN_OR_RETURN(bool row, q.Step());
      if (!row) break;
      std::string table = q.Text(0);
      sql += "DELETE FROM search." + table + "; INSERT INTO search." + table +
             " SELECT * FROM main." + table + ";";
    }
  }
  sql += "COMMIT;";
  Status st = conn.ExecScript(sql);
  if (!st.ok()) {
    if (!sqlite3_get_autocommit(raw)) (void)conn.ExecScript("ROLLBACK");
    return st.error();
  }
  return true;
}

std::string Fts5MatchExpression(const TermQuery& q) {
  std::string out = "(";
  for (size_t i = 0; i < q.must.size(); ++i) {
    if (i) out += " AND ";
    out += QuotePhrase(q.must[i], q.prefix_last && i + 1 == q.must.size());
  }
  out += ")";
  if (!q.must_not.empty()) {
    out += " NOT (";
    for (size_t i = 0; i < q.must_not.size(); ++i) {
      if (i) out += " OR ";
      out += QuotePhrase(q.must_not[i], false);
    }
    out += ")";
  }
  return out;
}

Result<std::vector<IndexTask>> SqliteSearchStore::ListIndexTasks(int limit, int64_t below_seq) {
  return ReadResult<std::vector<IndexTask>>(db_, [&](Conn& c) {
    Stmt q(c, "SELECT seq, kind, ref_id FROM search_outbox WHERE seq < ? ORDER BY seq DESC LIMIT ?");
    q.Bind(below_seq, limit);
    return Collect<IndexTask>(q, [](Stmt& s) {
      IndexTask t;
      t.seq = s.Int(0);
      std::string kind = s.Text(1);
      t.kind = kind == "comment"   ? SearchDocKind::kComment
               : kind == "account" ? SearchDocKind::kAccount
                                   : SearchDocKind::kPost;
      t.id = s.Int(2);
      return t;
    });
  });
}

Result<int64_t> SqliteSearchStore::CountIndexTasks() {
  return ReadResult<int64_t>(db_, [&](Conn& c) -> Result<int64_t> {
    Stmt q(c, "SELECT COUNT(*) FROM search_outbox");
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    return row ? q.Int(0) : 0;
  });
}

Status SqliteSearchStore::DeleteIndexTasks(const std::vector<int64_t>& seqs) {
  return WriteStatus(db_, [&](Conn& c) -> Status {
    for (int64_t seq : seqs) {
      Stmt q(c, "DELETE FROM search_outbox WHERE seq = ?");
      CW_RETURN_IF_ERROR(q.Bind(seq).Run());
    }
    return OkStatus();
  });
}

Status SqliteSearchStore::WriteIndex(const std::function<Status()>& fn) {
  return index_.Write([&](Conn&) { return fn(); });
}

Result<bool> SqliteSearchStore::HasTextDoc(SearchDocKind kind, Id id) {
  if (kind == SearchDocKind::kAccount) return InvalidArgument("accounts have their own document");
  return ReadResult<bool>(index_, [&](Conn& c) -> Result<bool> {
    // Contentless tables write their docsize rows at once (terms wait for a flush).
    Stmt q(c, kind == SearchDocKind::kPost ? "SELECT 1 FROM post_fts_docsize WHERE id = ?"
                                           : "SELECT 1 FROM comment_fts_docsize WHERE id = ?");
    return q.Bind(id).Step();
  });
}

Result<bool> SqliteSearchStore::PutTextDoc(SearchDocKind kind, Id id, const std::string& terms) {
  if (kind == SearchDocKind::kAccount) return InvalidArgument("accounts have their own document");
  const bool post = kind == SearchDocKind::kPost;
  bool added = false;
  Status st = WriteStatusWithoutSavepoint(index_, [&](Conn& c) -> Status {
    // Contentless tables do not refuse a second row with the same rowid; their docsize table
    // says whether the document is there.
    Stmt exists(c, post ? "SELECT 1 FROM post_fts_docsize WHERE id = ?"
                        : "SELECT 1 FROM comment_fts_docsize WHERE id = ?");
    CW_ASSIGN_OR_RETURN(bool found, exists.Bind(id).Step());
    if (found) return OkStatus();
    Stmt ins(c, post ? "INSERT INTO post_fts (rowid, terms) VALUES (?, ?)"
                     : "INSERT INTO comment_fts (rowid, terms) VALUES (?, ?)");
    CW_RETURN_IF_ERROR(ins.Bind(id, terms).Run());
    added = true;
    return OkStatus();
  });
  if (!st.ok()) return st.error();
  return added;
}

Status SqliteSearchStore::PutAccountDoc(Id id, const std::string& handle_terms,
                                        const std::string& name_terms,
                                        const std::string& bio_terms) {
  return WriteStatusWithoutSavepoint(index_, [&](Conn& c) -> Status {
    Stmt del(c, "DELETE FROM account_fts WHERE rowid = ?");
    CW_RETURN_IF_ERROR(del.Bind(id).Run());
    Stmt ins(c, "INSERT INTO account_fts (rowid, handle, name, bio) VALUES (?, ?, ?, ?)");
    return ins.Bind(id, handle_terms, name_terms, bio_terms).Run();
  });
}

Status SqliteSearchStore::AddTopicUse(const std::string& term, const std::string& name,
                                      const std::string& name_terms, TimeMs at) {
  return WriteStatusWithoutSavepoint(index_, [&](Conn& c) -> Status {
    Stmt up(c,
            "INSERT INTO search_topics (term, name, posts_count, last_at) VALUES (?, ?, 1, ?) "
            "ON CONFLICT (term) DO UPDATE SET posts_count = posts_count + 1, "
            "last_at = MAX(last_at, excluded.last_at) RETURNING id, posts_count");
    CW_ASSIGN_OR_RETURN(bool row, up.Bind(term, name, at).Step());
    if (!row) return Internal("topic upsert returned nothing");
    Id id = up.Int(0);
    bool first = up.Int(1) == 1;
    CW_RETURN_IF_ERROR(up.Run());  // finish the statement before the next one
    if (!first) return OkStatus();
    Stmt ins(c, "INSERT INTO topic_fts (rowid, terms) VALUES (?, ?)");
    return ins.Bind(id, name_terms).Run();
  });
}

Result<std::vector<PostHit>> SqliteSearchStore::SearchPosts(const TextSearch& s) {
  const bool terms = !s.terms.must.empty();
  if (!terms && s.author_id == 0) return InvalidArgument("a search needs words or an author");
  static const std::string kColumns =
      "SELECT p.id, p.author_id, p.visibility, p.group_id, p.root_id, p.parent_id, "
      "p.created_at, p.forwards_count, p.comments_count, p.likes_count, ";
  std::string sql;
  if (s.author_id == 0) {
    sql = kColumns +
          "bm25(post_fts) FROM post_fts CROSS JOIN posts p ON p.id = post_fts.rowid "
          "WHERE post_fts MATCH ?1 AND post_fts.rowid >= ?2 AND post_fts.rowid < ?3 "
          "AND p.deleted_at = 0" +
          kViewerCut + " ORDER BY post_fts.rowid DESC LIMIT ?5";
  } else {
    sql = kColumns + "0.0 FROM posts p WHERE p.author_id = ?6 AND p.id >= ?2 AND p.id < ?3 " +
          "AND p.deleted_at = 0" + kViewerCut +
          (terms ? " AND EXISTS (SELECT 1 FROM post_fts WHERE post_fts MATCH ?1 "
                   "AND post_fts.rowid = p.id)"
                 : " AND ?1 IS NOT NULL") +
          " ORDER BY p.id DESC LIMIT ?5";
  }
  std::string match = terms ? Fts5MatchExpression(s.terms) : "";
  return ReadResult<std::vector<PostHit>>(db_, [&](Conn& c) {
    Stmt q(c, sql);
    BindSearch(q, s, match);
    return Collect<PostHit>(q, [](Stmt& r) {
      PostHit h;
      h.post.id = r.Int(0);
      h.post.author_id = r.Int(1);
      h.post.visibility = ParseVisibility(r.Text(2)).value_or(Visibility::kOnlyMe);
      h.post.group_id = r.Int(3);
      h.post.root_id = r.Int(4);
      h.post.parent_id = r.Int(5);
      h.post.created_at = r.Int(6);
      h.post.forwards_count = r.Int(7);
      h.post.comments_count = r.Int(8);
      h.post.likes_count = r.Int(9);
      h.relevance = -r.Double(10);  // FTS5's bm25() is negative, smaller is better
      return h;
    });
  });
}

Result<std::vector<CommentHit>> SqliteSearchStore::SearchComments(const TextSearch& s) {
  // Comments have no index by author, so they are only ever found through their words.
  const bool terms = !s.terms.must.empty();
  if (!terms) return std::vector<CommentHit>{};
  static const std::string kColumns =
      "SELECT c.id, c.post_id, c.author_id, c.reply_to_id, c.reply_to_account_id, c.created_at, "
      "c.likes_count, c.replies_count, p.visibility, ";
  std::string sql;
  if (s.author_id == 0) {
    sql = kColumns +
          "bm25(comment_fts) FROM comment_fts CROSS JOIN comments c ON c.id = comment_fts.rowid "
          "CROSS JOIN posts p ON p.id = c.post_id "
          "WHERE comment_fts MATCH ?1 AND comment_fts.rowid >= ?2 AND comment_fts.rowid < ?3 "
          "AND c.deleted_at = 0 AND p.deleted_at = 0" +
          kViewerCut + " ORDER BY comment_fts.rowid DESC LIMIT ?5";
  } else {
    sql = kColumns +
          "bm25(comment_fts) FROM comment_fts CROSS JOIN comments c ON c.id = comment_fts.rowid "
          "CROSS JOIN posts p ON p.id = c.post_id "
          "WHERE comment_fts MATCH ?1 AND comment_fts.rowid >= ?2 AND comment_fts.rowid < ?3 "
          "AND c.author_id = ?6 AND c.deleted_at = 0 AND p.deleted_at = 0" +
          kViewerCut + " ORDER BY comment_fts.rowid DESC LIMIT ?5";
  }
  std::string match = terms ? Fts5MatchExpression(s.terms) : "";
  return ReadResult<std::vector<CommentHit>>(db_, [&](Conn& c) {
    Stmt q(c, sql);
    BindSearch(q, s, match);
    return Collect<CommentHit>(q, [](Stmt& r) {
      CommentHit h;
      h.comment.id = r.Int(0);
      h.comment.post_id = r.Int(1);
      h.comment.author_id = r.Int(2);
      h.comment.reply_to_id = r.Int(3);
      h.comment.reply_to_account_id = r.Int(4);
      h.comment.created_at = r.Int(5);
      h.comment.likes_count = r.Int(6);
      h.comment.replies_count = r.Int(7);
      h.post_visibility = ParseVisibility(r.Text(8)).value_or(Visibility::kOnlyMe);
      h.relevance = -r.Double(9);
      return h;
    });
  });
}

Result<std::vector<AccountHit>> SqliteSearchStore::SearchAccounts(const TermQuery& t, int limit) {
  if (t.must.empty()) return std::vector<AccountHit>{};
  std::string match = Fts5MatchExpression(t);
  return ReadResult<std::vector<AccountHit>>(db_, [&](Conn& c) {
    // Suspended accounts are left out here; blocks are the caller's to apply.
    Stmt q(c,
           "SELECT f.rowid, bm25(account_fts, 4.0, 2.0, 1.0) AS score FROM account_fts f "
           "CROSS JOIN accounts a ON a.id = f.rowid WHERE account_fts MATCH ? "
           "AND a.state <> 'suspended' ORDER BY score LIMIT ?");
    q.Bind(match, std::max(1, limit));
    return Collect<AccountHit>(q, [](Stmt& r) {
      AccountHit h;
      h.id = r.Int(0);
      h.relevance = -r.Double(1);
      return h;
    });
  });
}

Result<std::vector<TopicHit>> SqliteSearchStore::SearchTopics(const TermQuery& t, int limit) {
  if (t.must.empty()) return std::vector<TopicHit>{};
  std::string match = Fts5MatchExpression(t);
  return ReadResult<std::vector<TopicHit>>(db_, [&](Conn& c) {
    Stmt q(c,
           "SELECT t.term, t.name, t.posts_count, t.last_at, bm25(topic_fts) AS score "
           "FROM topic_fts CROSS JOIN search_topics t ON t.id = topic_fts.rowid "
           "WHERE topic_fts MATCH ? ORDER BY score LIMIT ?");
    q.Bind(match, std::max(1, limit));
    return Collect<TopicHit>(q, [](Stmt& r) {
      TopicHit h;
      h.term = r.Text(0);
      h.name = r.Text(1);
      h.posts_count = r.Int(2);
      h.last_at = r.Int(3);
      h.relevance = -r.Double(4);
      return h;
    });
  });
}

Result<TopicHit> SqliteSearchStore::GetTopicByTerm(const std::string& term) {
  return ReadResult<TopicHit>(db_, [&](Conn& c) -> Result<TopicHit> {
    Stmt q(c, "SELECT term, name, posts_count, last_at FROM search_topics WHERE term = ?");
    CW_ASSIGN_OR_RETURN(bool row, q.Bind(term).Step());
    if (!row) return NotFound("no such topic");
    TopicHit h;
    h.term = q.Text(0);
    h.name = q.Text(1);
    h.posts_count = q.Int(2);
    h.last_at = q.Int(3);
    return h;
  });
}

}  // namespace cw::sqlite
