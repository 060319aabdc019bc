#include "store/sqlite/db.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>

#include "common/log.h"
#include "common/thread_name.h"

namespace cw::sqlite {
namespace {
// The Db whose writer the current thread is while it runs write closures, its connection, and
// how deeply Write calls are nested there (each nested unit gets its own savepoint).
thread_local const Db* tls_write_db = nullptr;
thread_local Conn* tls_write_conn = nullptr;
thread_local int tls_write_depth = 0;

// A checkpoint is asked for once this many WAL pages (16 MB) wait to be copied back. A checkpoint
// copies each page once however many commits wrote it, and posting rewrites the same pages (B-tree
// interiors, the tails of tables, the counters of busy accounts) in commit after commit: four
// times SQLite's default of 1,000 pages cut the CPU per post by about 15% and raised posting
// throughput by about 20% (docs/benchmarks.md, "Creating posts"). The WAL starts over only when a
// write begins with all of it copied back, which under continuous writes rarely happens behind a
// checkpointer racing the writer; so past the hard limit (16,000 pages, 64 MB) the writer runs the
// checkpoint itself right after its commit — short, as the checkpointer has copied nearly
// everything — and the next write starts the WAL over.
constexpr int kCheckpointPages = 4000;
constexpr int kCheckpointHardPages = 16000;

// Runs one statement through the connection's cache of prepared statements: the transaction and
// savepoint statements run several times per write, and parsing them each time showed in
// profiles of the writer thread.
Status RunCached(Conn& conn, const std::string& sql) { return Stmt(conn, sql).Run(); }

// Runs `fn` inside SAVEPOINT `name`: released on success, rolled back on failure, so a failing
// unit leaves nothing behind whatever its caller does next.
Status RunInSavepoint(Conn& conn, const std::string& name, const std::function<Status(Conn&)>& fn) {
  CW_RETURN_IF_ERROR(RunCached(conn, "SAVEPOINT " + name));
  Status st;
  try {
    st = fn(conn);
  } catch (const std::exception& e) {
    CW_LOG(kError, "") << "write failed: " << e.what();
    st = Internal("storage error");
  }
  Status end = OkStatus();
  if (st.ok()) {
    end = RunCached(conn, "RELEASE " + name);
  } else {
    end = RunCached(conn, "ROLLBACK TO " + name);
    if (end.ok()) end = RunCached(conn, "RELEASE " + name);
  }
  if (st.ok() && !end.ok()) return end;
  return st;
}
}  // namespace

Error SqliteError(int rc, sqlite3* db, std::string_view what) {
  int primary = rc & 0xFF;
  std::string detail = std::string(what) + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
  // The detail (SQL text, SQLite's message) goes to the log only; callers may show the message.
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
    CW_LOG(kDebug, "") << "sqlite: " << detail;
    return AlreadyExists("already exists");
  }
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) {
    CW_LOG(kWarn, "") << "sqlite: " << detail;
    return Unavailable("the store is busy; try again");
  }
  CW_LOG(kError, "") << "sqlite: " << detail;
  return Internal("storage error");
}

Conn::~Conn() {
  for (auto& [sql, stmt] : cache_) sqlite3_finalize(stmt);
  sqlite3_close_v2(db_);
}

Result<sqlite3_stmt*> Conn::Prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it != cache_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return SqliteError(rc, db_, std::string("prepare ") + std::string(sql));
  cache_.emplace(std::string(sql), stmt);
  return stmt;
}

Status Conn::ExecScript(const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : "";
    sqlite3_free(err);
    return SqliteError(rc, db_, "exec: " + msg);
  }
  return OkStatus();
}

Stmt::Stmt(Conn& conn, std::string_view sql) : conn_(conn) {
  auto r = conn.Prepare(sql);
  if (r.ok()) {
    stmt_ = *r;
  } else {
    prepare_status_ = r.status();
  }
}

Stmt::~Stmt() {
  if (stmt_) {
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
  }
}

Stmt& Stmt::BindOne(int i, int64_t v) {
  if (stmt_) sqlite3_bind_int64(stmt_, i, v);
  return *this;
}

Stmt& Stmt::BindOne(int i, double v) {
  if (stmt_) sqlite3_bind_double(stmt_, i, v);
  return *this;
}

Stmt& Stmt::BindOne(int i, std::string_view v) {
  if (stmt_) sqlite3_bind_text(stmt_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}

Stmt& Stmt::BindTextOrNull(int i, std::string_view v) {
  if (!stmt_) return *this;
  if (v.empty()) {
    sqlite3_bind_null(stmt_, i);
    return *this;
  }
  return BindOne(i, v);
}

Result<bool> Stmt::Step() {
  if (!stmt_) return prepare_status_.error();
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(sqlite3_extended_errcode(conn_.raw()), conn_.raw(), sqlite3_sql(stmt_));
}

Status Stmt::Run() {
  for (;;) {
    auto r = Step();
    if (!r.ok()) return r.error();
    if (!*r) return OkStatus();
  }
}

int Stmt::Changes() { return sqlite3_changes(conn_.raw()); }

int64_t Stmt::Int(int col) { return sqlite3_column_int64(stmt_, col); }

double Stmt::Double(int col) { return sqlite3_column_double(stmt_, col); }

std::string Stmt::Text(int col) {
  const unsigned char* p = sqlite3_column_text(stmt_, col);
  if (!p) return {};
  return std::string(reinterpret_cast<const char*>(p),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, col)));
}

bool Stmt::IsNull(int col) { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }

Result<std::unique_ptr<Conn>> Db::OpenConn(const DbOptions& options, bool writer) {
  sqlite3* raw = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | (writer ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                            : SQLITE_OPEN_READONLY);
  int rc = sqlite3_open_v2(options.path.c_str(), &raw, flags, nullptr);
  if (rc != SQLITE_OK) {
    Error e = SqliteError(rc, raw, "open " + options.path);
    sqlite3_close_v2(raw);
    return Unavailable("cannot open database " + options.path + ": " + e.message());
  }
  auto conn = std::make_unique<Conn>(raw);
  sqlite3_busy_timeout(raw, 5000);
  // Reads map the database file instead of copying each page through pread into a private
  // cache per connection (2 GB: SQLite's default ceiling; the kernel shares the pages), unless
  // read_mmap is off.
  const std::string mmap_size = writer || options.read_mmap ? "2147418112" : "0";
  std::string pragmas =
      "PRAGMA foreign_keys=OFF; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=" + mmap_size + ";";
  if (writer) {
    // NORMAL: a commit does not wait for the disk. Under synchronous_full the syncer thread
    // fsyncs the WAL before anyone is answered (Db::SyncLoop), which is what FULL would do inside
    // the commit, but without holding the writer; checkpoints sync the WAL and the file either way.
    pragmas += "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;";
    // The writer's pages (B-tree interiors, full-text segments being merged) stay in memory.
    pragmas += "PRAGMA cache_size=-65536;";
  }
  CW_RETURN_IF_ERROR(conn->ExecScript(pragmas));
  if (!writer) {
    for (const auto& [schema, path] : options.attach_to_reads) {
      // Attached files open with the main file's flags: read-only here.
      CW_RETURN_IF_ERROR(Stmt(*conn, "ATTACH DATABASE ? AS " + schema).Bind(path).Run());
      CW_RETURN_IF_ERROR(conn->ExecScript("PRAGMA " + schema + ".mmap_size=" + mmap_size + ";"));
    }
  }
  return conn;
}

Result<std::unique_ptr<Db>> Db::Open(const DbOptions& options) {
  // Memory statistics take a global mutex on every allocation; nothing here reads them.
  static const int kConfigured = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kConfigured;
  std::unique_ptr<Db> db(new Db());
  db->options_ = options;
  CW_ASSIGN_OR_RETURN(db->writer_, OpenConn(options, true));
  for (int i = 0; i < std::max(1, options.read_connections); ++i) {
    CW_ASSIGN_OR_RETURN(auto conn, OpenConn(options, false));
    db->idle_.push_back(conn.get());
    db->readers_.push_back(std::move(conn));
  }
  // Checkpoints leave the writer's commits: a checkpoint writes hundreds of pages back into the
  // database file and fsyncs it, and inside a commit it held every writer waiting behind it.
  CW_ASSIGN_OR_RETURN(db->checkpointer_, OpenConn(options, true));
  CW_RETURN_IF_ERROR(db->writer_->ExecScript("PRAGMA wal_autocheckpoint=0;"));
  sqlite3_wal_hook(db->writer_->raw(), &Db::OnWalCommit, db.get());
  // Thread names carry the file's stem: "w-clearwater", "ckpt-clearwater-search".
  const std::string stem = std::filesystem::path(options.path).stem().string();
  db->checkpoint_thread_ = std::thread([raw = db.get(), stem] {
    SetThreadName("ckpt-" + stem);
    raw->CheckpointLoop();
  });
  if (options.synchronous_full) {
    db->sync_thread_ = std::thread([raw = db.get(), stem] {
      SetThreadName("sync-" + stem);
      raw->SyncLoop();
    });
  }
  db->writer_thread_ = std::thread([raw = db.get(), stem] {
    SetThreadName("w-" + stem);
    raw->WriterLoop();
  });
  return db;
}

Db::~Db() { Close(); }

void Db::Close() {
  std::lock_guard close_lock(close_mu_);  // one closer at a time
  {
    std::lock_guard lock(mu_);
    if (closed_) return;
    closing_ = true;
  }
  cv_.notify_all();
  if (writer_thread_.joinable()) writer_thread_.join();
  {
    std::lock_guard lock(sync_mu_);
    sync_stopping_ = true;
  }
  sync_cv_.notify_all();
  if (sync_thread_.joinable()) sync_thread_.join();
  if (wal_fd_ >= 0) ::close(wal_fd_);
  wal_fd_ = -1;
  {
    std::lock_guard lock(checkpoint_mu_);
    checkpoint_stopping_ = true;
  }
  checkpoint_cv_.notify_all();
  if (checkpoint_thread_.joinable()) checkpoint_thread_.join();
  // Wait for reads in progress, then refuse new ones and close the read connections (they may
  // hold attached files open, which their own Db then could not tidy up).
  {
    std::unique_lock lock(pool_mu_);
    reads_closed_ = true;
    pool_cv_.wait(lock, [&] { return idle_.size() == readers_.size(); });
    idle_.clear();
    readers_.clear();
  }
  std::lock_guard lock(mu_);
  closed_ = true;
  // A checkpoint leaves a tidy database file.
  if (writer_) {
    sqlite3_wal_checkpoint_v2(writer_->raw(), nullptr, SQLITE_CHECKPOINT_TRUNCATE, nullptr,
                              nullptr);
  }
}

Conn* Db::WriteConnOfThisThread() const { return tls_write_db == this ? tls_write_conn : nullptr; }

Status Db::Write(const std::function<Status(Conn&)>& fn, bool apart) {
  if (Conn* conn = WriteConnOfThisThread()) {
    ++tls_write_depth;
    Status st = RunInSavepoint(*conn, "w" + std::to_string(tls_write_depth), fn);
    --tls_write_depth;
    return st;
  }
  Job job{&fn, {}, apart, {}, false};
  std::future<Status> done = job.done.get_future();
  {
    std::lock_guard lock(mu_);
    if (closing_) return Unavailable("the store is closing");
    queue_.push_back(&job);
  }
  cv_.notify_one();
  return done.get();
}

Status Db::WriteLater(std::function<Status(Conn&)> fn) {
  if (WriteConnOfThisThread()) return Write(fn);
  auto job = std::make_unique<Job>();
  job->owned = std::move(fn);
  job->fn = &job->owned;
  job->detached = true;
  {
    std::lock_guard lock(mu_);
    if (closing_) return Unavailable("the store is closing");
    queue_.push_back(job.release());
  }
  cv_.notify_one();
  return OkStatus();
}

void Db::Answer(Job* job, Status st) {
  if (!job->detached) {
    job->done.set_value(std::move(st));
    return;
  }
  if (!st.ok()) {
    CW_LOG(kWarn, "") << "a background write failed: " << st.error().message();
  }
  delete job;
}

Status Db::WriteWithoutSavepoint(const std::function<Status(Conn&)>& fn) {
  if (Conn* conn = WriteConnOfThisThread()) return fn(*conn);
  return Write(fn);
}

Status Db::Read(const std::function<Status(Conn&)>& fn) {
  if (Conn* conn = WriteConnOfThisThread()) return fn(*conn);
  Conn* conn;
  {
    std::unique_lock lock(pool_mu_);
    pool_cv_.wait(lock, [&] { return reads_closed_ || !idle_.empty(); });
    if (reads_closed_) return Unavailable("the store is closed");
    conn = idle_.back();
    idle_.pop_back();
  }
  Status st;
  try {
    st = fn(*conn);
  } catch (const std::exception& e) {
    CW_LOG(kError, "") << "read failed: " << e.what();
    st = Internal("storage error");
  }
  {
    std::lock_guard lock(pool_mu_);
    idle_.push_back(conn);
  }
  pool_cv_.notify_all();
  return st;
}

int Db::OnWalCommit(void* self, sqlite3* db, const char* name, int pages) {
  auto* me = static_cast<Db*>(self);
  // Frames not yet copied back (after the WAL starts over, all of them).
  int done = me->checkpointed_frames_.load();
  if (pages < done) {  // the WAL started over
    done = 0;
    me->checkpointed_frames_.store(0);
  }
  int pending = pages - done;
  if (pages >= kCheckpointHardPages) {
    int copied = 0;
    if (sqlite3_wal_checkpoint_v2(db, name, SQLITE_CHECKPOINT_PASSIVE, nullptr, &copied) ==
        SQLITE_OK) {
      me->checkpointed_frames_.store(copied);
    }
  } else if (pending >= kCheckpointPages) {
    {
      std::lock_guard lock(me->checkpoint_mu_);
      me->checkpoint_wanted_ = true;
    }
    me->checkpoint_cv_.notify_one();
  }
  return SQLITE_OK;
}

void Db::CheckpointLoop() {
  for (;;) {
    {
      std::unique_lock lock(checkpoint_mu_);
      checkpoint_cv_.wait(lock, [&] { return checkpoint_wanted_ || checkpoint_stopping_; });
      if (checkpoint_stopping_) return;
      checkpoint_wanted_ = false;
    }
    int copied = 0;
    int rc = sqlite3_wal_checkpoint_v2(checkpointer_->raw(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                       nullptr, &copied);
    if (rc == SQLITE_OK) checkpointed_frames_.store(copied);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      CW_LOG(kWarn, "") << "checkpoint: " << sqlite3_errmsg(checkpointer_->raw());
    }
  }
}

void Db::SetExternalChangeListener(std::function<void()> fn) {
  std::lock_guard lock(mu_);
  on_external_change_ = std::move(fn);
}

void Db::CheckExternalChange(Conn& conn) {
  std::function<void()> listener;
  {
    std::lock_guard lock(mu_);
    listener = on_external_change_;
  }
  if (!listener) return;
  // The writer's data_version moves only when another connection commits: ours are readers,
  // so a change means another process wrote.
  Stmt q(conn, "PRAGMA data_version");
  auto row = q.Step();
  if (!row.ok() || !*row) return;
  int64_t version = q.Int(0);
  bool changed = data_version_ != -1 && version != data_version_;
  data_version_ = version;
  if (changed) listener();
}

void Db::WriterLoop() {
  Conn& conn = *writer_;
  std::vector<Job*> batch;
  for (;;) {
    CheckExternalChange(conn);
    {
      std::unique_lock lock(mu_);
      // Wakes at least once a second to look for other processes' writes.
      if (!cv_.wait_for(lock, std::chrono::seconds(1),
                        [&] { return closing_ || !queue_.empty(); })) {
        continue;
      }
      if (queue_.empty()) return;  // closing and drained
      while (!queue_.empty() && static_cast<int>(batch.size()) < options_.max_batch) {
        Job* next = queue_.front();
        if (next->apart && !batch.empty()) break;  // it goes first in the next transaction
        batch.push_back(next);
        queue_.pop_front();
        if (next->apart) break;
      }
    }
    std::vector<Status> results(batch.size());
    Status begin = RunCached(conn, "BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (Job* job : batch) Answer(job, begin);
      batch.clear();
      continue;
    }
    tls_write_db = this;
    tls_write_conn = &conn;
    bool lost = false;
    for (size_t i = 0; i < batch.size(); ++i) {
      results[i] = RunInSavepoint(conn, "w0", *batch[i]->fn);
      // Some errors (disk full, I/O, out of memory) make SQLite roll back the whole
      // transaction. Then nothing of this batch is stored: stop, so later closures do not run
      // in autocommit mode, and fail every caller of the batch.
      if (sqlite3_get_autocommit(conn.raw())) {
        lost = true;
        break;
      }
    }
    tls_write_db = nullptr;
    tls_write_conn = nullptr;
    Status commit = lost ? Unavailable("the write was lost; try again") : RunCached(conn, "COMMIT");
    if (!commit.ok()) {
      if (!sqlite3_get_autocommit(conn.raw())) (void)conn.ExecScript("ROLLBACK");
      for (auto& r : results) r = commit;
    }
    if (commit.ok() && options_.synchronous_full) {
      {
        std::lock_guard lock(sync_mu_);
        committed_.push_back({std::move(batch), std::move(results)});
      }
      sync_cv_.notify_one();
    } else {
      for (size_t i = 0; i < batch.size(); ++i) Answer(batch[i], std::move(results[i]));
    }
    batch.clear();
  }
}

void Db::SyncLoop() {
  std::vector<Committed> batches;
  for (;;) {
    {
      std::unique_lock lock(sync_mu_);
      sync_cv_.wait(lock, [&] { return sync_stopping_ || !committed_.empty(); });
      if (committed_.empty()) return;  // stopping, and every batch answered
      batches.swap(committed_);
    }
    // Every batch taken was committed, so written to the WAL, before this fsync began.
    Status synced = SyncWal();
    if (!synced.ok()) {
      CW_LOG(kError, "") << synced.error().message();
    }
    for (Committed& b : batches) {
      for (size_t i = 0; i < b.jobs.size(); ++i) {
        Answer(b.jobs[i], synced.ok() ? std::move(b.results[i]) : synced);
      }
    }
    batches.clear();
  }
}

Status Db::SyncWal() {
  const std::string path = options_.path + "-wal";
  auto failed = [&](const char* what) {
    return Unavailable(std::string("cannot ") + what + " the write-ahead log " + path + ": " +
                       std::strerror(errno));
  };
  struct stat named;
  if (::stat(path.c_str(), &named) != 0) return failed("find");
  if (wal_fd_ >= 0) {
    struct stat opened;
    if (::fstat(wal_fd_, &opened) != 0 || opened.st_ino != named.st_ino ||
        opened.st_dev != named.st_dev) {
      ::close(wal_fd_);
      wal_fd_ = -1;
    }
  }
  if (wal_fd_ < 0) {
    wal_fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (wal_fd_ < 0) return failed("open");
    // The file may be new: its directory entry must reach the disk as well.
    std::string dir = std::filesystem::path(path).parent_path().string();
    int dir_fd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dir_fd >= 0) {
      ::fsync(dir_fd);
      ::close(dir_fd);
    }
  }
  if (::fdatasync(wal_fd_) != 0) return failed("sync");
  return OkStatus();
}

Result<std::unique_ptr<Conn>> Db::OpenBulkConn() {
  CW_ASSIGN_OR_RETURN(auto conn, OpenConn(options_, true));
  CW_RETURN_IF_ERROR(conn->ExecScript("PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;"));
  return conn;
}

Status Db::Migrate(const std::vector<std::pair<int, std::string>>& migrations) {
  return Write([&](Conn& conn) -> Status {
    CW_RETURN_IF_ERROR(conn.ExecScript(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
        "applied_at BIGINT NOT NULL)"));
    int64_t current = 0;
    {
      Stmt q(conn, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
      CW_ASSIGN_OR_RETURN(bool row, q.Step());
      if (row) current = q.Int(0);
    }
    for (const auto& [version, sql] : migrations) {
      if (version <= current) continue;
      CW_RETURN_IF_ERROR(conn.ExecScript(sql));
      Stmt ins(conn,
               "INSERT INTO schema_migrations (version, applied_at) VALUES (?, "
               "CAST(strftime('%s','now') AS INTEGER) * 1000)");
      CW_RETURN_IF_ERROR(ins.Bind(static_cast<int64_t>(version)).Run());
      CW_LOG(kInfo, "") << "applied migration " << version;
    }
    return OkStatus();
  });
}

}  // namespace cw::sqlite
