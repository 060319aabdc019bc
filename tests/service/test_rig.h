// A named, shared fixture (GoToSocial's testrig): a real SQLite store in a fresh temporary
// directory, a manual clock, and every service wired as in production.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <random>

#include "service/account_service.h"
#include "service/comment_service.h"
#include "service/message_service.h"
#include "service/notification_service.h"
#include "service/post_service.h"
#include "service/relation_service.h"
#include "store/cache/caching_store.h"
#include "store/store.h"
#include "timeline/in_memory_timeline_cache.h"
#include "timeline/timeline_engine.h"

namespace cw::testing {

#define ASSERT_OK(expr)                                                    \
  do {                                                                     \
    auto cw_ok_ = (expr);                                                  \
    ASSERT_TRUE(cw_ok_.ok()) << #expr << ": " << cw_ok_.error().message(); \
  } while (0)

#define EXPECT_CODE(expr, want)                                              \
  do {                                                                       \
    auto cw_code_ = (expr);                                                  \
    ASSERT_FALSE(cw_code_.ok()) << #expr << " succeeded";                    \
    EXPECT_EQ(cw_code_.error().code(), want) << cw_code_.error().message(); \
  } while (0)

class TestRig : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() /
           ("cw-service-test-" + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    StoreOptions so;
    so.path = (dir_ / "test.db").string();
    so.synchronous_full = false;
    auto store = OpenStore(so);
    ASSERT_TRUE(store.ok()) << store.error().message();
    store_ = std::move(store).value();
    ctx_.store = store_.get();
    ctx_.clock = &clock_;
    ctx_.ids = &ids_;
    ctx_.password_cost = PasswordCost::kMin;
    WireServices();
  }

  // Every service, wired to ctx_ as in production.
  void WireServices() {
    notifications_ = std::make_unique<NotificationService>(ctx_);
    accounts_ = std::make_unique<AccountService>(ctx_);
    relations_ = std::make_unique<RelationService>(ctx_, notifications_.get());
    posts_ = std::make_unique<PostService>(ctx_, notifications_.get());
    comments_ = std::make_unique<CommentService>(ctx_, notifications_.get(), posts_.get());
    posts_->set_comments(comments_.get());
    messages_ = std::make_unique<MessageService>(ctx_, notifications_.get());
  }

  // Puts the store behind the production caches and a home-timeline engine with options `o`, and
  // wires the services to them again.
  void UseCachesAndEngine(const TimelineOptions& o) {
    auto cached = std::make_unique<CachingStore>(std::move(store_), CacheOptions{});
    ctx_.store = cached.get();
    engine_ = std::make_unique<TimelineEngine>(
        cached.get(), std::make_unique<InMemoryTimelineCache>(o.max_lists, o.max_length), o);
    store_ = std::move(cached);  // TearDown closes it
    WireServices();
    posts_->set_timeline(engine_.get());
    relations_->set_timeline(engine_.get());
  }

  void TearDown() override {
    store_->Close();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }

  // A member with password "password1".
  Account Member(const std::string& handle) {
    Registration r;
    r.handle = handle;
    r.password = "password1";
    auto a = accounts_->CreateAccount(r);
    EXPECT_TRUE(a.ok()) << a.error().message();
    clock_.Advance(1);
    return a.ok() ? *a : Account{};
  }
  // Re-reads an account (counters change).
  Account Reload(const Account& a) { return *accounts_->GetAccount(a.id); }
  Post Original(const Account& author, const std::string& text,
                const std::string& visibility = "public", Id group_id = 0) {
    NewPost p;
    p.text = text;
    p.visibility = visibility;
    p.group_id = group_id;
    auto post = posts_->Create(author, p);
    EXPECT_TRUE(post.ok()) << post.error().message();
    clock_.Advance(1);
    return post.ok() ? *post : Post{};
  }
  Result<Post> ForwardOf(const Account& who, Id parent, const std::string& comment) {
    NewForward f;
    f.parent_id = parent;
    f.comment = comment;
    clock_.Advance(1);
    return posts_->Forward(who, f);
  }
  void Follow(const Account& a, const Account& b) { ASSERT_OK(relations_->Follow(a, b.id)); }
  bool Sees(const Account* viewer, const Post& p) { return posts_->Get(viewer, p.id).ok(); }
  std::vector<NotificationType> NotificationTypes(const Account& a) {
    std::vector<NotificationType> out;
    auto rows = notifications_->List(a, {}, {}, Page{});
    if (rows.ok()) {
      for (const auto& n : *rows) out.push_back(n.type);
    }
    return out;
  }

  std::filesystem::path dir_;
  ManualClock clock_{1'700'000'000'000};
  IdGenerator ids_{&clock_, 1};
  std::unique_ptr<Store> store_;
  std::unique_ptr<TimelineEngine> engine_;  // UseCachesAndEngine only
  ServiceContext ctx_;
  std::unique_ptr<NotificationService> notifications_;
  std::unique_ptr<AccountService> accounts_;
  std::unique_ptr<RelationService> relations_;
  std::unique_ptr<PostService> posts_;
  std::unique_ptr<CommentService> comments_;
  std::unique_ptr<MessageService> messages_;
};

}  // namespace cw::testing
