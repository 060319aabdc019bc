// The shared fixture of the store tests: a real SQLite store in a fresh temporary directory per
// test (the store is never mocked), deterministic ids, and builders for model objects.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"
#include "model/account.h"
#include "model/message.h"
#include "model/post.h"
#include "model/relation.h"
#include "store/page.h"
#include "store/store.h"

namespace cw::testing {

// "ok" or the error's code and message, so a failed expectation says why.
inline std::string Describe(const Status& st) {
  if (st.ok()) return "ok";
  return std::string(ErrorCodeName(st.error().code())) + ": " + st.error().message();
}

#define CW_EXPECT_OK(expr) EXPECT_EQ(::cw::testing::Describe((expr)), "ok")
#define CW_ASSERT_OK(expr) ASSERT_EQ(::cw::testing::Describe((expr)), "ok")
// Expects `expr` (a Status or Result) to fail with the error code `want`.
#define CW_EXPECT_CODE(expr, want)                                                       \
  do {                                                                                   \
    auto cw_r_ = (expr);                                                                 \
    EXPECT_FALSE(cw_r_.ok()) << "expected " << ::cw::ErrorCodeName(want);                \
    if (!cw_r_.ok()) {                                                                   \
      EXPECT_STREQ(::cw::ErrorCodeName(cw_r_.error().code()), ::cw::ErrorCodeName(want)) \
          << cw_r_.error().message();                                                    \
    }                                                                                    \
  } while (0)

// Unwraps a Result in a test, failing the test (and returning) when it is an error.
#define CW_ASSERT_OK_AND_ASSIGN(lhs, expr) \
  CW_ASSERT_OK_AND_ASSIGN_IMPL(CW_CONCAT(cw_test_result_, __LINE__), lhs, expr)
#define CW_ASSERT_OK_AND_ASSIGN_IMPL(tmp, lhs, expr)      \
  auto tmp = (expr);                                      \
  ASSERT_EQ(::cw::testing::Describe(tmp.status()), "ok"); \
  lhs = std::move(tmp).value()

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "cw_store_test_XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    Open();
  }

  void TearDown() override {
    if (store_) store_->Close();
    store_.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  StoreOptions Options() const {
    StoreOptions o;
    o.path = (dir_ / "clearwater.db").string();
    return o;
  }

  void Open() {
    auto r = OpenStore(Options());
    ASSERT_TRUE(r.ok()) << Describe(r.status());
    store_ = std::move(r).value();
  }

  // Closes the store and opens the same file again.
  void Reopen() {
    store_->Close();
    store_.reset();
    Open();
  }

  Store& store() { return *store_; }
  AccountStore& accounts() { return store_->accounts(); }
  RelationStore& relations() { return store_->relations(); }
  PostStore& posts() { return store_->posts(); }
  CommentStore& comments() { return store_->comments(); }
  MessageStore& messages() { return store_->messages(); }
  NotificationStore& notifications() { return store_->notifications(); }

  // Ids grow with every call, as the real generator's do, so paging by id follows call order.
  Id NextId() { return next_id_ += 10; }
  TimeMs Now() { return now_ += 1000; }

  Account MakeAccount(const std::string& handle) {
    Account a;
    a.id = NextId();
    a.handle = handle;
    a.display_name = handle + " display";
    a.created_at = Now();
    return a;
  }
  // Creates and stores an account.
  Account AddAccount(const std::string& handle) {
    Account a = MakeAccount(handle);
    EXPECT_EQ(Describe(accounts().PutAccount(a)), "ok") << handle;
    return a;
  }

  Post MakePost(Id author_id, const std::string& text = "hello") {
    Post p;
    p.id = NextId();
    p.author_id = author_id;
    p.text = text;
    p.created_at = Now();
    return p;
  }
  Post AddPost(Id author_id, const std::string& text = "hello") {
    Post p = MakePost(author_id, text);
    EXPECT_EQ(Describe(posts().PutPost(p, {})), "ok");
    return p;
  }
  // A forward of `parent` by `author_id`, with the chain a service would compute.
  Post AddForward(Id author_id, const Post& parent, const std::string& text = "") {
    Post f = MakePost(author_id, text);
    f.root_id = parent.is_forward() ? parent.root_id : parent.id;
    f.parent_id = parent.id;
    if (parent.is_forward()) {
      f.chain = parent.chain;
      f.chain.push_back(parent.id);
    }
    EXPECT_EQ(Describe(posts().PutPost(f, {})), "ok");
    return f;
  }

  Follow AddFollow(Id follower, Id followee) {
    Follow f{NextId(), follower, followee, Now()};
    EXPECT_EQ(Describe(relations().PutFollow(f)), "ok");
    return f;
  }

  std::filesystem::path dir_;
  std::unique_ptr<Store> store_;
  Id next_id_ = 1000;
  TimeMs now_ = 1709294400000;  // 2024-03-01T12:00:00Z
};

// Ids of anything with an `id` field, in order.
template <typename T>
std::vector<Id> IdsOf(const std::vector<T>& items) {
  std::vector<Id> out;
  for (const auto& item : items) out.push_back(item.id);
  return out;
}

inline Page Limit(int n) {
  Page p;
  p.limit = n;
  return p;
}
inline Page MaxId(Id max_id, int limit = 20) {
  Page p;
  p.max_id = max_id;
  p.limit = limit;
  return p;
}
inline Page SinceId(Id since_id, int limit = 20) {
  Page p;
  p.since_id = since_id;
  p.limit = limit;
  return p;
}
inline Page MinId(Id min_id, int limit = 20) {
  Page p;
  p.min_id = min_id;
  p.limit = limit;
  return p;
}

}  // namespace cw::testing
