// Store as a whole on real SQLite: opening, atomic Write units, group commit under concurrency,
// closing, and reopening the same file.
#include "store/store.h"

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <future>
#include <stdexcept>
#include <thread>
#include <vector>

#include "common/text/entities.h"
#include "store/migrations.h"
#include "store_fixture.h"

namespace cw::testing {
namespace {

class StoreWriteTest : public StoreTest {
 protected:
  bool HasAccount(Id id) { return accounts().GetAccountById(id).ok(); }
};

TEST(OpenStoreTest, AnUnknownBackendIsInvalidArgument) {
  StoreOptions o;
  o.backend = "oracle";
  o.path = "/tmp/unused.db";
  CW_EXPECT_CODE(OpenStore(o), ErrorCode::kInvalidArgument);
}

TEST(OpenStoreTest, APathInAMissingDirectoryIsAnErrorNotACrash) {
  StoreOptions o;
  o.path = "/nonexistent-clearwater-dir/sub/clearwater.db";
  auto r = OpenStore(o);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code(), ErrorCode::kUnavailable);
}

TEST_F(StoreWriteTest, AWriteUnitCommitsAllItsWrites) {
  Account a = MakeAccount("ann");
  Account b = MakeAccount("bob");
  Follow f{NextId(), a.id, b.id, Now()};
  CW_ASSERT_OK(store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(accounts().PutAccount(a));
    CW_RETURN_IF_ERROR(accounts().PutAccount(b));
    CW_RETURN_IF_ERROR(relations().PutFollow(f));
    CW_RETURN_IF_ERROR(accounts().AddAccountCounters(a.id, 0, 1, 0));
    return accounts().AddAccountCounters(b.id, 1, 0, 0);
  }));
  CW_ASSERT_OK_AND_ASSIGN(Account got_b, accounts().GetAccountById(b.id));
  EXPECT_EQ(got_b.fans_count, 1);
  CW_ASSERT_OK_AND_ASSIGN(RelationFacts facts, relations().GetRelationFacts(a.id, b.id));
  EXPECT_TRUE(facts.following);
}

TEST_F(StoreWriteTest, AWriteUnitThatFailsLeavesNothingBehind) {
  Account a = MakeAccount("ann");
  Post p = MakePost(a.id);
  Status st = store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(accounts().PutAccount(a));
    CW_RETURN_IF_ERROR(posts().PutPost(p, {}));
    return PermissionDenied("changed my mind");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(st.error().message(), "changed my mind");
  EXPECT_FALSE(HasAccount(a.id));
  CW_EXPECT_CODE(posts().GetPostById(p.id), ErrorCode::kNotFound);
  CW_ASSERT_OK_AND_ASSIGN(int64_t n, accounts().CountAccounts());
  EXPECT_EQ(n, 0);
}

TEST_F(StoreWriteTest, AStoreErrorInsideAUnitRollsBackItsEarlierWrites) {
  Account taken = AddAccount("taken");
  Account fresh = MakeAccount("fresh");
  Account dup = MakeAccount("TAKEN");
  Status st = store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(accounts().PutAccount(fresh));
    CW_RETURN_IF_ERROR(accounts().PutAccount(dup));  // kAlreadyExists
    return OkStatus();
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kAlreadyExists);
  EXPECT_FALSE(HasAccount(fresh.id));
  EXPECT_TRUE(HasAccount(taken.id));
}

TEST_F(StoreWriteTest, AnExceptionInsideAUnitIsAnErrorAndRollsBack) {
  Account a = MakeAccount("ann");
  Status st = store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(accounts().PutAccount(a));
    throw std::runtime_error("boom");
  });
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code(), ErrorCode::kInternal);
  EXPECT_FALSE(HasAccount(a.id));
  // The store still works.
  AddAccount("after");
}

TEST_F(StoreWriteTest, ReadsInsideAUnitSeeItsOwnWrites) {
  Account a = MakeAccount("ann");
  bool seen = false;
  int64_t count_inside = -1;
  CW_ASSERT_OK(store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(accounts().PutAccount(a));
    CW_ASSIGN_OR_RETURN(Account got, accounts().GetAccountByHandle("ANN"));
    seen = got.id == a.id;
    CW_ASSIGN_OR_RETURN(count_inside, accounts().CountAccounts());
    return OkStatus();
  }));
  EXPECT_TRUE(seen);
  EXPECT_EQ(count_inside, 1);
}

TEST_F(StoreWriteTest, AFailedUnitDoesNotTakeDownAConcurrentGoodOne) {
  // Hold the writer inside a first unit so the next two queue up and are likely to share one
  // group commit; the outcome must be the same whether or not they do.
  std::promise<void> entered;
  std::promise<void> release;
  std::shared_future<void> release_f = release.get_future().share();
  Account holder = MakeAccount("holder");
  std::thread first([&] {
    Status st = store().Write([&]() -> Status {
      CW_RETURN_IF_ERROR(accounts().PutAccount(holder));
      entered.set_value();
      release_f.wait();
      return OkStatus();
    });
    EXPECT_EQ(Describe(st), "ok");
  });
  entered.get_future().wait();

  Account bad1 = MakeAccount("bad_one");
  Account bad2 = MakeAccount("bad_two");
  Account good1 = MakeAccount("good_one");
  Account good2 = MakeAccount("good_two");
  std::thread bad([&] {
    Status st = store().Write([&]() -> Status {
      CW_RETURN_IF_ERROR(accounts().PutAccount(bad1));
      CW_RETURN_IF_ERROR(accounts().PutAccount(bad2));
      return InvalidArgument("rejected");
    });
    EXPECT_EQ(Describe(st), "invalid_argument: rejected");
  });
  std::thread good([&] {
    Status st = store().Write([&]() -> Status {
      CW_RETURN_IF_ERROR(accounts().PutAccount(good1));
      return accounts().PutAccount(good2);
    });
    EXPECT_EQ(Describe(st), "ok");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  release.set_value();
  first.join();
  bad.join();
  good.join();

  EXPECT_TRUE(HasAccount(holder.id));
  EXPECT_TRUE(HasAccount(good1.id));
  EXPECT_TRUE(HasAccount(good2.id));
  EXPECT_FALSE(HasAccount(bad1.id));
  EXPECT_FALSE(HasAccount(bad2.id));
}

// Store::Write promises that a unit which returns an error leaves none of its writes, also when
// it runs inside an outer unit that goes on and succeeds.
TEST_F(StoreWriteTest, AFailedNestedUnitLeavesNothingEvenIfTheOuterUnitSucceeds) {
  Account outer = MakeAccount("outer");
  Account inner = MakeAccount("inner");
  Status inner_status;
  CW_ASSERT_OK(store().Write([&]() -> Status {
    CW_RETURN_IF_ERROR(accounts().PutAccount(outer));
    inner_status = store().Write([&]() -> Status {
      CW_RETURN_IF_ERROR(accounts().PutAccount(inner));
      return InvalidArgument("inner fails");
    });
    return OkStatus();  // the caller tolerates the inner failure
  }));
  EXPECT_FALSE(inner_status.ok());
  EXPECT_TRUE(HasAccount(outer.id));
  EXPECT_FALSE(HasAccount(inner.id));
}

TEST_F(StoreWriteTest, ManyConcurrentWritersAreAllCommitted) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 200;
  std::vector<std::vector<Account>> made(kThreads);
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kPerThread; ++i) {
      made[t].push_back(MakeAccount("w" + std::to_string(t) + "_" + std::to_string(i)));
    }
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (const Account& a : made[t]) {
        if (!accounts().PutAccount(a).ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  CW_ASSERT_OK_AND_ASSIGN(int64_t n, accounts().CountAccounts());
  EXPECT_EQ(n, kThreads * kPerThread);
  std::vector<Id> ids;
  for (const auto& v : made) {
    for (const auto& a : v) ids.push_back(a.id);
  }
  CW_ASSERT_OK_AND_ASSIGN(auto got, accounts().GetAccountsByIds(ids));
  EXPECT_EQ(got.size(), ids.size());
}

TEST_F(StoreWriteTest, ConcurrentUnitsWithReadsAndWritesStayConsistent) {
  // Each unit reads a number and writes back the number plus one; units are serialised, so no
  // increment is lost even though they run from many threads.
  Account a = MakeAccount("counter");
  a.display_name = "0";
  CW_ASSERT_OK(accounts().PutAccount(a));
  constexpr int kThreads = 8;
  constexpr int kPerThread = 50;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        Status st = store().Write([&]() -> Status {
          CW_ASSIGN_OR_RETURN(Account cur, accounts().GetAccountById(a.id));
          cur.display_name = std::to_string(std::stoi(cur.display_name) + 1);
          return accounts().UpdateAccount(cur);
        });
        if (!st.ok()) ++failures;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(failures.load(), 0);
  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountById(a.id));
  EXPECT_EQ(got.display_name, std::to_string(kThreads * kPerThread));
}

TEST_F(StoreWriteTest, RacingForOneHandleExactlyOneWins) {
  constexpr int kThreads = 8;
  std::vector<Account> contenders;
  for (int t = 0; t < kThreads; ++t) contenders.push_back(MakeAccount(t % 2 ? "Same" : "same"));
  std::atomic<int> wins{0};
  std::atomic<int> taken{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Status st = accounts().PutAccount(contenders[t]);
      if (st.ok()) {
        ++wins;
      } else if (st.error().code() == ErrorCode::kAlreadyExists) {
        ++taken;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wins.load(), 1);
  EXPECT_EQ(taken.load(), kThreads - 1);
}

TEST_F(StoreWriteTest, ReadersRunBesideWriters) {
  Account a = AddAccount("reader_target");
  std::atomic<bool> stop{false};
  std::atomic<int> read_failures{0};
  std::atomic<int> reads{0};
  std::vector<std::thread> readers;
  for (int t = 0; t < 6; ++t) {  // more readers than pooled connections
    readers.emplace_back([&] {
      while (!stop) {
        if (!accounts().GetAccountById(a.id).ok()) ++read_failures;
        ++reads;
      }
    });
  }
  for (int i = 0; i < 100; ++i) AddAccount("bg_" + std::to_string(i));
  stop = true;
  for (auto& th : readers) th.join();
  EXPECT_EQ(read_failures.load(), 0);
  EXPECT_GT(reads.load(), 0);
}

TEST_F(StoreWriteTest, WritesAfterCloseAreUnavailable) {
  store().Close();
  CW_EXPECT_CODE(accounts().PutAccount(MakeAccount("late")), ErrorCode::kUnavailable);
  CW_EXPECT_CODE(store().Write([] { return OkStatus(); }), ErrorCode::kUnavailable);
  store().Close();  // closing twice is harmless
}

// Store::Close promises "later calls fail with kUnavailable" — reads included.
TEST_F(StoreWriteTest, ReadsAfterCloseAreUnavailable) {
  Account a = AddAccount("ann");
  store().Close();
  CW_EXPECT_CODE(accounts().GetAccountById(a.id), ErrorCode::kUnavailable);
}

TEST_F(StoreWriteTest, ReopeningKeepsTheData) {
  Account a = AddAccount("Persistent");
  Post p = MakePost(a.id, "还在吗 😀");
  p.entities = text::ExtractEntities("#话题#");
  CW_ASSERT_OK(posts().PutPost(p, {}));
  Follow f = AddFollow(AddAccount("fan").id, a.id);

  Reopen();
  CW_ASSERT_OK_AND_ASSIGN(Account got, accounts().GetAccountByHandle("persistent"));
  EXPECT_EQ(got.id, a.id);
  CW_ASSERT_OK_AND_ASSIGN(Post got_p, posts().GetPostById(p.id));
  EXPECT_EQ(got_p.text, "还在吗 😀");
  ASSERT_EQ(got_p.entities.size(), 1u);
  EXPECT_EQ(got_p.entities[0].value, "话题");
  CW_ASSERT_OK_AND_ASSIGN(auto fans, relations().ListFans(a.id, Page{}));
  EXPECT_EQ(IdsOf(fans), (std::vector<Id>{f.id}));
  // Unique keys still hold after reopening.
  CW_EXPECT_CODE(accounts().PutAccount(MakeAccount("PERSISTENT")), ErrorCode::kAlreadyExists);
}

// Objects created here have no external id: the unique indexes on external ids hold imported
// objects only (partial indexes), and the objects without one are not in them.
TEST_F(StoreWriteTest, ExternalIdIndexesHoldOnlyImportedObjects) {
  Account a = AddAccount("native");
  AddPost(a.id, "native post");
  Post imported = MakePost(a.id, "imported post");
  imported.external_id = "world:post:1";
  CW_ASSERT_OK(posts().PutPost(imported, {}));
  store().Close();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(Options().path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  auto count = [&](const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr), SQLITE_OK) << sql;
    int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
    sqlite3_finalize(stmt);
    return n;
  };
  for (const char* table : {"accounts", "posts", "comments"}) {
    EXPECT_EQ(count(std::string("SELECT partial FROM pragma_index_list('") + table +
                    "') WHERE name = '" + table + "_external_id'"),
              1)
        << table;
  }
  // Every entry of the posts' index is the imported post.
  EXPECT_EQ(count("SELECT COUNT(*) FROM posts INDEXED BY posts_external_id "
                  "WHERE external_id IS NOT NULL"),
            1);
  sqlite3_close(db);
  Open();
}

TEST_F(StoreWriteTest, ReopeningAppliesEachMigrationOnce) {
  AddAccount("ann");
  Reopen();
  Reopen();
  store().Close();

  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(Options().path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db,
                               "SELECT COUNT(*), COUNT(DISTINCT version), MAX(version) FROM "
                               "schema_migrations",
                               -1, &stmt, nullptr),
            SQLITE_OK);
  ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
  const auto& migrations = SchemaMigrations();
  ASSERT_FALSE(migrations.empty());
  EXPECT_EQ(sqlite3_column_int64(stmt, 0), static_cast<int64_t>(migrations.size()));
  EXPECT_EQ(sqlite3_column_int64(stmt, 1), static_cast<int64_t>(migrations.size()));
  EXPECT_EQ(sqlite3_column_int64(stmt, 2), migrations.back().first);
  sqlite3_finalize(stmt);
  sqlite3_close(db);

  Open();
  CW_ASSERT_OK_AND_ASSIGN(int64_t n, accounts().CountAccounts());
  EXPECT_EQ(n, 1);
}

TEST(SchemaMigrationsTest, AreNumberedUpwardsFromOne) {
  const auto& m = SchemaMigrations();
  ASSERT_FALSE(m.empty());
  EXPECT_EQ(m.front().first, 1);
  for (size_t i = 1; i < m.size(); ++i) EXPECT_LT(m[i - 1].first, m[i].first);
  for (const auto& [n, sql] : m) EXPECT_FALSE(sql.empty()) << n;
}

}  // namespace
}  // namespace cw::testing
