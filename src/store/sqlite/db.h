// The SQLite engine under the store: one writer thread with group commit, a pool of readers, and
// a small statement API. Safe for concurrent use.
//
// The design is simple: writes are closures queued to the writer thread. It takes every closure
// waiting (up to a batch limit), runs each inside its own SAVEPOINT of one transaction — so one
// failing closure rolls back alone — commits once, and only then wakes the callers. Many requests
// share one fsync, and a caller is answered only after its writes are durable. Reads borrow a
// connection from the pool; WAL lets them run beside the writer. A read made from inside a write
// closure uses the writer's connection, so it sees the closure's own writes. WAL checkpoints run
// on a thread and connection of their own, off the writer's commits (see Db::CheckpointLoop).
// Durable commits are pipelined: the writer commits without waiting for the disk and goes on to
// the next batch while a syncer thread fsyncs the WAL and only then answers the callers of every
// batch committed before the fsync began (see Db::SyncLoop).
// Each Db has a writer of its own: a store may keep a second file (the search index) so that its
// writes run beside the first file's instead of queueing behind them.
#pragma once

#include <sqlite3.h>

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "common/result.h"

namespace cw::sqlite {

class Conn {
 public:
  explicit Conn(sqlite3* db) : db_(db) {}
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  sqlite3* raw() { return db_; }
  // A prepared statement for `sql`, cached per connection (keyed by text).
  Result<sqlite3_stmt*> Prepare(std::string_view sql);
  // Runs one or more statements that return no rows.
  Status ExecScript(const std::string& sql);

 private:
  sqlite3* db_;
  std::map<std::string, sqlite3_stmt*, std::less<>> cache_;
};

// Maps an SQLite result code to an error.
Error SqliteError(int rc, sqlite3* db, std::string_view what);

// One use of a cached prepared statement; resets it on destruction.
class Stmt {
 public:
  Stmt(Conn& conn, std::string_view sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds parameters 1..n in order.
  template <typename... Args>
  Stmt& Bind(const Args&... args) {
    int i = 1;
    (BindOne(i++, args), ...);
    return *this;
  }
  Stmt& BindOne(int i, int64_t v);
  Stmt& BindOne(int i, int v) { return BindOne(i, static_cast<int64_t>(v)); }
  Stmt& BindOne(int i, bool v) { return BindOne(i, static_cast<int64_t>(v ? 1 : 0)); }
  Stmt& BindOne(int i, double v);
  Stmt& BindOne(int i, std::string_view v);
  Stmt& BindOne(int i, const std::string& v) { return BindOne(i, std::string_view(v)); }
  Stmt& BindOne(int i, const char* v) { return BindOne(i, std::string_view(v)); }
  // Binds NULL when `v` is empty (optional unique keys such as external ids).
  Stmt& BindTextOrNull(int i, std::string_view v);

  // true: a row is ready; false: done.
  Result<bool> Step();
  // Steps to completion, for statements that return no rows.
  Status Run();
  // Number of rows the last Run changed.
  int Changes();

  int64_t Int(int col);
  double Double(int col);
  std::string Text(int col);
  bool IsNull(int col);

 private:
  Conn& conn_;
  sqlite3_stmt* stmt_ = nullptr;
  Status prepare_status_;
};

struct DbOptions {
  std::string path;
  int read_connections = 4;
  bool synchronous_full = true;
  // Read connections map the file (the writer always does): cheaper page reads, but in WAL mode
  // a read connection unmaps it at its first read after any commit (docs/benchmarks.md).
  bool read_mmap = true;
  int max_batch = 256;
  // Other database files attached, read-only, to every read connection as (schema name, path),
  // so one query can join their tables to this file's. They must exist. Never attached to the
  // writer: a transaction there would lock every attached file for writing.
  std::vector<std::pair<std::string, std::string>> attach_to_reads;
};

class Db {
 public:
  static Result<std::unique_ptr<Db>> Open(const DbOptions& options);
  ~Db();

  // Runs `fn` on the writer thread within the current group transaction; see the file comment.
  // Called from inside a write closure, runs `fn` at once in a nested savepoint of the enclosing
  // unit: its writes vanish if it fails, whatever the enclosing unit does next.
  // kUnavailable after Close.
  // `apart`: in a transaction of its own, not grouped with other closures (big batches of
  // background work, whose commit members' writes should not wait for).
  Status Write(const std::function<Status(Conn&)>& fn, bool apart = false);
  // As Write, but from inside a write closure `fn` runs without a savepoint of its own, so a
  // failure must fail the enclosing closure too. For full-text writes: FTS5 flushes its pending
  // terms at every savepoint, and a savepoint per document makes indexing many times slower.
  Status WriteWithoutSavepoint(const std::function<Status(Conn&)>& fn);
  // Queues `fn` for the writer's next group transaction and returns at once: nobody waits for
  // its commit or its fsync, and a failure is only logged. For advisory writes (a session's last
  // use) that must not hold a request for a durable commit. A write queued after it, by any
  // caller, commits in the same transaction or a later one, so once that write returns a read
  // sees both. From inside a write closure, runs `fn` at once in a nested savepoint.
  // kUnavailable after Close.
  Status WriteLater(std::function<Status(Conn&)> fn);
  // Runs `fn` with a read connection (the writer's, when called from inside a write closure).
  // kUnavailable after Close.
  Status Read(const std::function<Status(Conn&)>& fn);

  // A connection of its own for bulk loading (writable; `synchronous=OFF`: an interrupted import is
  // rerun, not recovered).
  Result<std::unique_ptr<Conn>> OpenBulkConn();
  // Applies the numbered migrations not yet applied, in order.
  Status Migrate(const std::vector<std::pair<int, std::string>>& migrations);
  void Close();
  // `fn` runs on the writer thread, within about a second, whenever another process (the admin
  // CLI beside a live server) has committed to the database; caches above use it to forget.
  void SetExternalChangeListener(std::function<void()> fn);

 private:
  struct Job {
    const std::function<Status(Conn&)>* fn;
    std::promise<Status> done;
    bool apart = false;
    // A WriteLater job: it owns its closure and is deleted once answered, which nobody waits for.
    std::function<Status(Conn&)> owned;
    bool detached = false;
  };
  // Gives a job its result: to the caller waiting on it, or, for a detached job, to the log.
  static void Answer(Job* job, Status st);
  // A committed batch whose callers wait for the WAL to reach the disk.
  struct Committed {
    std::vector<Job*> jobs;
    std::vector<Status> results;
  };
  Db() = default;
  void WriterLoop();
  // Answers committed batches once an fsync of the WAL that began after their commit is done.
  void SyncLoop();
  // fdatasync of the WAL file, through a descriptor of this Db's own (reopened if the file was
  // replaced).
  Status SyncWal();
  // Copies the WAL back into the database whenever the writer's commits have grown it past a
  // threshold (PASSIVE: never waits for readers or the writer).
  void CheckpointLoop();
  // sqlite3_wal_hook: called on the writer thread after each commit with the WAL's size.
  static int OnWalCommit(void* self, sqlite3* db, const char* name, int pages);
  // Calls the listener if the database changed under another connection since the last check.
  void CheckExternalChange(Conn& conn);
  static Result<std::unique_ptr<Conn>> OpenConn(const DbOptions& options, bool writer);
  // The writer's connection if the calling thread is this Db's writer running a closure.
  Conn* WriteConnOfThisThread() const;

  DbOptions options_;
  std::unique_ptr<Conn> writer_;
  std::thread writer_thread_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;  // GUARDED_BY(mu_)
  bool closing_ = false;    // GUARDED_BY(mu_)
  bool closed_ = false;     // GUARDED_BY(mu_)
  std::function<void()> on_external_change_;  // GUARDED_BY(mu_)
  int64_t data_version_ = -1;                 // writer thread only

  std::thread sync_thread_;  // only with synchronous_full
  std::mutex sync_mu_;
  std::condition_variable sync_cv_;
  std::vector<Committed> committed_;  // GUARDED_BY(sync_mu_)
  bool sync_stopping_ = false;        // GUARDED_BY(sync_mu_)
  int wal_fd_ = -1;                   // sync thread only

  std::unique_ptr<Conn> checkpointer_;
  std::thread checkpoint_thread_;
  std::mutex checkpoint_mu_;
  std::condition_variable checkpoint_cv_;
  bool checkpoint_wanted_ = false;    // GUARDED_BY(checkpoint_mu_)
  bool checkpoint_stopping_ = false;  // GUARDED_BY(checkpoint_mu_)
  // WAL frames copied back by the last checkpoint.
  std::atomic<int> checkpointed_frames_{0};

  std::mutex close_mu_;
  std::mutex pool_mu_;
  std::condition_variable pool_cv_;
  bool reads_closed_ = false;  // GUARDED_BY(pool_mu_)
  std::vector<std::unique_ptr<Conn>> readers_;  // all of them, for closing
  std::vector<Conn*> idle_;                     // GUARDED_BY(pool_mu_)
};

}  // namespace cw::sqlite
