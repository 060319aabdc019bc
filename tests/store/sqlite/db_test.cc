// The SQLite engine under the store: migrations, the writer thread with group commit, savepoint
// isolation of write closures, and read snapshots. Runs on a real database file.
#include "store/sqlite/db.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <future>
#include <thread>
#include <vector>

#include "store_fixture.h"

namespace cw::sqlite {
namespace {

using ::cw::testing::Describe;

class DbTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (std::filesystem::temp_directory_path() / "cw_db_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    db_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  DbOptions Options(int max_batch = 256) {
    DbOptions o;
    o.path = (dir_ / "db.sqlite").string();
    o.read_connections = 2;
    o.max_batch = max_batch;
    return o;
  }

  void Open(int max_batch = 256) {
    auto r = Db::Open(Options(max_batch));
    ASSERT_TRUE(r.ok()) << Describe(r.status());
    db_ = std::move(r).value();
  }

  Status Exec(const std::string& sql) {
    return db_->Write([&](Conn& c) { return c.ExecScript(sql); });
  }

  // The single integer `sql` returns, read through a pooled read connection.
  int64_t ReadInt(const std::string& sql) {
    int64_t out = -1;
    Status st = db_->Read([&](Conn& c) -> Status {
      Stmt q(c, sql);
      CW_ASSIGN_OR_RETURN(bool row, q.Step());
      if (row) out = q.Int(0);
      return OkStatus();
    });
    EXPECT_EQ(Describe(st), "ok") << sql;
    return out;
  }

  bool TableExists(const std::string& name) {
    return ReadInt("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '" + name +
                   "'") == 1;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Db> db_;
};

TEST_F(DbTest, MigrationsApplyInOrderAndOnlyOnce) {
  Open();
  std::vector<std::pair<int, std::string>> m = {
      {1, "CREATE TABLE a (x INTEGER)"},
      {2, "CREATE TABLE b (x INTEGER); INSERT INTO b VALUES (1)"},
  };
  CW_ASSERT_OK(db_->Migrate(m));
  EXPECT_TRUE(TableExists("a"));
  EXPECT_TRUE(TableExists("b"));
  // Running them again would fail on CREATE TABLE if they were not skipped.
  CW_ASSERT_OK(db_->Migrate(m));
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM b"), 1);

  m.push_back({3, "CREATE TABLE c (x INTEGER)"});
  CW_ASSERT_OK(db_->Migrate(m));
  EXPECT_TRUE(TableExists("c"));
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM schema_migrations"), 3);
  EXPECT_EQ(ReadInt("SELECT MAX(version) FROM schema_migrations"), 3);
}

TEST_F(DbTest, MigrationsAreRememberedAcrossReopen) {
  Open();
  std::vector<std::pair<int, std::string>> m = {{1, "CREATE TABLE a (x INTEGER)"}};
  CW_ASSERT_OK(db_->Migrate(m));
  db_.reset();
  Open();
  CW_ASSERT_OK(db_->Migrate(m));
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM schema_migrations"), 1);
}

TEST_F(DbTest, AFailingMigrationLeavesNoTrace) {
  Open();
  std::vector<std::pair<int, std::string>> bad = {
      {1, "CREATE TABLE a (x INTEGER)"},
      {2, "CREATE TABLE b (x INTEGER); THIS IS NOT SQL"},
  };
  EXPECT_FALSE(db_->Migrate(bad).ok());
  EXPECT_FALSE(TableExists("a"));
  EXPECT_FALSE(TableExists("b"));

  bad[1].second = "CREATE TABLE b (x INTEGER)";
  CW_ASSERT_OK(db_->Migrate(bad));
  EXPECT_TRUE(TableExists("a"));
  EXPECT_TRUE(TableExists("b"));
}

TEST_F(DbTest, AWriteIsInvisibleToReadersUntilItCommits) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  std::promise<void> inserted;
  std::promise<void> release;
  std::thread writer([&] {
    Status st = db_->Write([&](Conn& c) -> Status {
      CW_RETURN_IF_ERROR(c.ExecScript("INSERT INTO t VALUES (1)"));
      inserted.set_value();
      release.get_future().wait();
      return OkStatus();
    });
    EXPECT_EQ(Describe(st), "ok");
  });
  inserted.get_future().wait();
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), 0);
  release.set_value();
  writer.join();
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), 1);
}

TEST_F(DbTest, AReadInsideAWriteUsesTheWritersConnection) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  int64_t inside = -1;
  CW_ASSERT_OK(db_->Write([&](Conn& c) -> Status {
    CW_RETURN_IF_ERROR(c.ExecScript("INSERT INTO t VALUES (7)"));
    return db_->Read([&](Conn& r) -> Status {
      Stmt q(r, "SELECT x FROM t");
      CW_ASSIGN_OR_RETURN(bool row, q.Step());
      if (row) inside = q.Int(0);
      return OkStatus();
    });
  }));
  EXPECT_EQ(inside, 7);
}

// Two files, two writers (the store and its search index): inside one's write closure, the
// other's reads and writes are that other file's, not the closure's connection.
TEST_F(DbTest, InsideOneDbsWriteAnotherDbIsItself) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  DbOptions o = Options();
  o.path = (dir_ / "other.sqlite").string();
  auto opened = Db::Open(o);
  ASSERT_TRUE(opened.ok()) << Describe(opened.status());
  std::unique_ptr<Db> other = std::move(opened).value();
  CW_ASSERT_OK(other->Write([](Conn& c) { return c.ExecScript("CREATE TABLE u (y INTEGER)"); }));
  int64_t seen = -1;
  CW_ASSERT_OK(db_->Write([&](Conn& c) -> Status {
    CW_RETURN_IF_ERROR(c.ExecScript("INSERT INTO t VALUES (1)"));
    CW_RETURN_IF_ERROR(other->Write([](Conn& w) { return w.ExecScript("INSERT INTO u VALUES (2)"); }));
    return other->Read([&](Conn& r) -> Status {
      Stmt q(r, "SELECT y FROM u");
      CW_ASSIGN_OR_RETURN(bool row, q.Step());
      if (row) seen = q.Int(0);
      return OkStatus();
    });
  }));
  EXPECT_EQ(seen, 2);  // committed by the other's writer before the closure read it
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM sqlite_master WHERE name = 'u'"), 0);
}

// Files attached to the read connections join in one query; the writer does not attach them.
TEST_F(DbTest, ReadsSeeAttachedFiles) {
  DbOptions side = Options();
  side.path = (dir_ / "side.sqlite").string();
  {
    auto opened = Db::Open(side);
    ASSERT_TRUE(opened.ok()) << Describe(opened.status());
    CW_ASSERT_OK((*opened)->Write(
        [](Conn& c) { return c.ExecScript("CREATE TABLE s (x INTEGER); INSERT INTO s VALUES (5)"); }));
  }
  DbOptions o = Options();
  o.attach_to_reads = {{"side", side.path}};
  auto opened = Db::Open(o);
  ASSERT_TRUE(opened.ok()) << Describe(opened.status());
  db_ = std::move(opened).value();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (5)"));
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t JOIN s USING (x)"), 1);
  EXPECT_FALSE(Exec("INSERT INTO s VALUES (6)").ok());  // the writer has no `s`
}

TEST_F(DbTest, ANestedWriteRunsInsideTheOuterOne) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  CW_ASSERT_OK(db_->Write([&](Conn& c) -> Status {
    CW_RETURN_IF_ERROR(c.ExecScript("INSERT INTO t VALUES (1)"));
    return db_->Write([](Conn& inner) { return inner.ExecScript("INSERT INTO t VALUES (2)"); });
  }));
  EXPECT_EQ(ReadInt("SELECT SUM(x) FROM t"), 3);
}

TEST_F(DbTest, AFailingClosureRollsBackAloneInItsBatch) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> release_f = release.get_future().share();
  std::thread first([&] {
    EXPECT_EQ(Describe(db_->Write([&](Conn& c) -> Status {
                CW_RETURN_IF_ERROR(c.ExecScript("INSERT INTO t VALUES (1)"));
                entered.set_value();
                release_f.wait();
                return OkStatus();
              })),
              "ok");
  });
  entered.get_future().wait();
  std::vector<std::thread> others;
  for (int i = 0; i < 6; ++i) {
    others.emplace_back([&, i] {
      Status st = db_->Write([&](Conn& c) -> Status {
        CW_RETURN_IF_ERROR(c.ExecScript("INSERT INTO t VALUES (" + std::to_string(10 + i) + ")"));
        if (i % 2) return InvalidArgument("odd closure fails");
        return OkStatus();
      });
      EXPECT_EQ(st.ok(), i % 2 == 0) << i;
    });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(100));  // let them queue into one batch
  release.set_value();
  first.join();
  for (auto& th : others) th.join();
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), 4);
  EXPECT_EQ(ReadInt("SELECT SUM(x) FROM t"), 1 + 10 + 12 + 14);
}

TEST_F(DbTest, GroupCommitKeepsEveryWriteWithSmallBatches) {
  Open(/*max_batch=*/4);
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER PRIMARY KEY)"));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kPerThread; ++i) {
        int64_t v = t * kPerThread + i;
        Status st =
            db_->Write([&](Conn& c) { return Stmt(c, "INSERT INTO t VALUES (?)").Bind(v).Run(); });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), kThreads * kPerThread);
  EXPECT_EQ(ReadInt("SELECT COUNT(DISTINCT x) FROM t"), kThreads * kPerThread);
}

// Durable commits are answered by the syncer thread after an fsync of the WAL; if the log
// cannot be synced, nobody is told their write is safe.
TEST_F(DbTest, AWriteWhoseLogCannotBeSyncedIsNotAcknowledged) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  ASSERT_TRUE(std::filesystem::remove(Options().path + "-wal"));
  Status st = Exec("INSERT INTO t VALUES (1)");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(st.error().message().find("write-ahead log"), std::string::npos) << Describe(st);
}

TEST_F(DbTest, WithoutFullSyncWritesAreAnsweredAtCommit) {
  DbOptions o = Options();
  o.synchronous_full = false;
  auto r = Db::Open(o);
  ASSERT_TRUE(r.ok()) << Describe(r.status());
  db_ = std::move(r).value();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  CW_ASSERT_OK(Exec("INSERT INTO t VALUES (1)"));
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), 1);
}

TEST_F(DbTest, AUniqueViolationIsAlreadyExists) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER PRIMARY KEY, y TEXT UNIQUE)"));
  CW_ASSERT_OK(Exec("INSERT INTO t VALUES (1, 'a')"));
  Status pk = db_->Write([](Conn& c) { return Stmt(c, "INSERT INTO t VALUES (1, 'b')").Run(); });
  EXPECT_EQ(Describe(pk).rfind("already_exists", 0), 0u) << Describe(pk);
  Status uq = db_->Write([](Conn& c) { return Stmt(c, "INSERT INTO t VALUES (2, 'a')").Run(); });
  EXPECT_EQ(Describe(uq).rfind("already_exists", 0), 0u) << Describe(uq);
}

TEST_F(DbTest, BadSqlIsAnErrorNotACrash) {
  Open();
  Status st = db_->Read([](Conn& c) -> Status {
    Stmt q(c, "SELECT nope FROM nowhere");
    return q.Step().status();
  });
  EXPECT_FALSE(st.ok());
  // And the connection is usable afterwards.
  EXPECT_EQ(ReadInt("SELECT 42"), 42);
}

TEST_F(DbTest, WritesAfterCloseAreUnavailable) {
  Open();
  db_->Close();
  Status st = db_->Write([](Conn&) { return OkStatus(); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kUnavailable);
}

TEST_F(DbTest, CloseWaitsForQueuedWrites) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  std::vector<std::thread> threads;
  std::atomic<int> ok{0};
  std::atomic<int> unavailable{0};
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&] {
      Status st = db_->Write([](Conn& c) { return c.ExecScript("INSERT INTO t VALUES (1)"); });
      if (st.ok()) {
        ++ok;
      } else if (st.error().code() == ErrorCode::kUnavailable) {
        ++unavailable;
      }
    });
  }
  db_->Close();
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok + unavailable, 20);
  db_.reset();
  Open();
  // Every write that was answered ok is in the file.
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), ok.load());
}

// A queued write returns while the writer is busy elsewhere; the next write commits it too.
TEST_F(DbTest, WriteLaterReturnsAtOnceAndALaterWriteCommitsIt) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::promise<void> entered;
  std::thread busy([&] {
    (void)db_->Write([&](Conn&) {
      entered.set_value();
      released.wait();
      return OkStatus();
    });
  });
  entered.get_future().wait();  // the writer thread is inside a closure now
  CW_ASSERT_OK(db_->WriteLater([](Conn& c) { return c.ExecScript("INSERT INTO t VALUES (7)"); }));
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), 0);
  release.set_value();
  busy.join();
  CW_ASSERT_OK(Exec("INSERT INTO t VALUES (8)"));
  EXPECT_EQ(ReadInt("SELECT SUM(x) FROM t"), 15);
}

// Nobody waits for a queued write, so its failure is logged and harms no other write.
TEST_F(DbTest, AFailingWriteLaterLeavesTheOthersAlone) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  CW_ASSERT_OK(db_->WriteLater([](Conn& c) { return c.ExecScript("INSERT INTO missing VALUES (1)"); }));
  CW_ASSERT_OK(Exec("INSERT INTO t VALUES (1)"));
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), 1);
}

TEST_F(DbTest, CloseRunsQueuedWriteLaterAndRefusesNewOnes) {
  Open();
  CW_ASSERT_OK(Exec("CREATE TABLE t (x INTEGER)"));
  for (int i = 0; i < 50; ++i) {
    CW_ASSERT_OK(db_->WriteLater([](Conn& c) { return c.ExecScript("INSERT INTO t VALUES (1)"); }));
  }
  db_->Close();
  Status st = db_->WriteLater([](Conn&) { return OkStatus(); });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kUnavailable);
  db_.reset();
  Open();
  EXPECT_EQ(ReadInt("SELECT COUNT(*) FROM t"), 50);
}

// Read connections map the file by default; with read_mmap off they read pages through their
// own caches, and the writer keeps its map.
TEST_F(DbTest, ReadConnectionsMapTheFileUnlessToldNot) {
  Open();
  EXPECT_EQ(ReadInt("PRAGMA mmap_size"), 2147418112);
  db_.reset();
  DbOptions o = Options();
  o.read_mmap = false;
  auto r = Db::Open(o);
  ASSERT_TRUE(r.ok()) << Describe(r.status());
  db_ = std::move(r).value();
  EXPECT_EQ(ReadInt("PRAGMA mmap_size"), 0);
  int64_t writer_map = -1;
  CW_ASSERT_OK(db_->Write([&](Conn& c) -> Status {
    Stmt q(c, "PRAGMA mmap_size");
    CW_ASSIGN_OR_RETURN(bool row, q.Step());
    if (row) writer_map = q.Int(0);
    return OkStatus();
  }));
  EXPECT_EQ(writer_map, 2147418112);
}

TEST_F(DbTest, OpeningInAMissingDirectoryIsAnErrorNotACrash) {
  DbOptions o = Options();
  o.path = (dir_ / "missing" / "db.sqlite").string();
  auto r = Db::Open(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace cw::sqlite
