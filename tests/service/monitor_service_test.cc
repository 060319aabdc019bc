#include "service/monitor_service.h"

#include <gtest/gtest.h>

#include "search/search_indexer.h"
#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

constexpr TimeMs kHour = 3600LL * 1000;
constexpr TimeMs kDay = 24 * kHour;

// Answers every webhook at once, as a receiver returning `status` would.
class FakeWebhooks : public WebhookSender {
 public:
  void Post(std::string url, std::string body,
            std::function<void(const WebhookResult&)> done) override {
    calls.push_back({std::move(url), std::move(body)});
    done({status >= 200 && status < 300, status, ""});
  }
  int status = 200;
  std::vector<std::pair<std::string, std::string>> calls;
};

class MonitorServiceTest : public TestRig {
 protected:
  void SetUp() override {
    TestRig::SetUp();
    MonitorOptions o;
    o.check_every_s = 0;
    monitors_ = std::make_unique<MonitorService>(ctx_, notifications_.get(), &webhooks_, o);
    ASSERT_OK(monitors_->Load());
    indexer_ = std::make_unique<search::SearchIndexer>(store_.get());
    indexer_->set_post_observer(
        [this](const Post& p, const search::Analysis& a) { monitors_->Observe(p, a); });
    indexer_->set_batch_observer([this] { ASSERT_OK(monitors_->Flush()); });
    brand_ = Member("brand");
    alice_ = Member("alice");
  }
  void TearDown() override {
    indexer_.reset();
    monitors_.reset();
    TestRig::TearDown();
  }

  void Index() { ASSERT_OK(indexer_->CatchUp()); }

  Monitor Make(std::vector<std::string> keywords, std::vector<std::string> topics = {},
               int64_t min_posts = 10, std::string webhook = "") {
    MonitorInput in;
    in.name = "watch";
    in.keywords = std::move(keywords);
    in.topics = std::move(topics);
    in.min_posts = min_posts;
    in.webhook_url = std::move(webhook);
    auto m = monitors_->Create(brand_, in);
    EXPECT_TRUE(m.ok()) << m.error().message();
    return m.ok() ? *m : Monitor{};
  }

  int64_t Posts(const Monitor& m, int hours = 24) {
    auto r = monitors_->Report(brand_, m.id, hours);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? r->posts : -1;
  }

  FakeWebhooks webhooks_;
  std::unique_ptr<MonitorService> monitors_;
  std::unique_ptr<search::SearchIndexer> indexer_;
  Account brand_, alice_;
};

TEST_F(MonitorServiceTest, ChineseKeywordsMatchInsideTextWithoutSpaces) {
  Monitor m = Make({"奶茶", "iPhone", "猫"}, {"#新品发布#"});
  Original(alice_, "今天喝了一杯奶茶很开心");  // inside a sentence, no spaces
  Original(alice_, "IPHONE 到了");             // case-insensitive
  Original(alice_, "ＩＰＨＯＮＥ");             // full-width
  Original(alice_, "小猫咪睡着了");            // one character inside a word
  Original(alice_, "#新品发布# 下周见");       // the topic
  Original(alice_, "奶 茶 分开写不算");        // the characters apart are not the word
  Original(alice_, "咖啡不错");
  Original(alice_, "私下说奶茶", "private");   // only public posts count
  Index();
  EXPECT_EQ(Posts(m), 5);
}

TEST_F(MonitorServiceTest, ForwardsCountByTheirOwnComment) {
  Monitor m = Make({"奶茶"});
  Post p = Original(alice_, "新店开张");
  Account bob = Member("bob");
  ASSERT_OK(ForwardOf(bob, p.id, "这家奶茶好喝"));
  ASSERT_OK(ForwardOf(bob, p.id, ""));
  Index();
  auto r = monitors_->Report(brand_, m.id, 24);
  ASSERT_OK(r);
  EXPECT_EQ(r->posts, 1);
  ASSERT_EQ(r->top_accounts.size(), 1u);
  EXPECT_EQ(r->top_accounts[0].account_id, bob.id);
}

TEST_F(MonitorServiceTest, BackfillReadsTheLastSevenDays) {
  Original(alice_, "八天前的奶茶");
  clock_.Advance(kDay);
  Original(alice_, "七天内的奶茶");
  clock_.Advance(7 * kDay - kHour);
  Original(alice_, "刚才的奶茶");
  Index();  // indexed before the monitor exists: only the backfill can find them
  Monitor m = Make({"奶茶"});
  EXPECT_EQ(Posts(m, 720), 2);
  EXPECT_EQ(Posts(m, 1), 1);
}

TEST_F(MonitorServiceTest, DeletedPostsLeaveTheReport) {
  Monitor m = Make({"奶茶"});
  Post a = Original(alice_, "奶茶一");
  Original(alice_, "奶茶二");
  Index();
  EXPECT_EQ(Posts(m), 2);
  ASSERT_OK(posts_->Delete(alice_, a.id));
  auto r = monitors_->Report(brand_, m.id, 24);
  ASSERT_OK(r);
  EXPECT_EQ(r->posts, 1);
  ASSERT_EQ(r->top_posts.size(), 1u);
  EXPECT_NE(r->top_posts[0].id, a.id);
}

TEST_F(MonitorServiceTest, NonCredibleAuthorsCountRawButNotReal) {
  Monitor m = Make({"奶茶"});
  Account bot = Member("bot");
  Original(alice_, "奶茶真好");
  Original(bot, "奶茶买一送一");
  Index();
  ASSERT_OK(store_->accounts().SetCredible(bot.id, false));
  auto r = monitors_->Report(brand_, m.id, 24);
  ASSERT_OK(r);
  EXPECT_EQ(r->posts, 2);
  EXPECT_EQ(r->real_posts, 1);
}

TEST_F(MonitorServiceTest, BurstRaisesOneAlertWithNotificationAndWebhook) {
  Monitor m = Make({"奶茶"}, {}, 3, "http://127.0.0.1:9/hook");
  Original(alice_, "奶茶一");
  Original(alice_, "奶茶二");
  Index();
  auto none = monitors_->CheckBursts();
  ASSERT_OK(none);
  EXPECT_TRUE(none->empty()) << "two posts are below min_posts";
  Original(alice_, "奶茶三");
  Index();
  auto raised = monitors_->CheckBursts();
  ASSERT_OK(raised);
  ASSERT_EQ(raised->size(), 1u);
  EXPECT_EQ((*raised)[0].volume, 3);
  EXPECT_EQ((*raised)[0].monitor_id, m.id);
  ASSERT_EQ(webhooks_.calls.size(), 1u);
  EXPECT_EQ(webhooks_.calls[0].first, "http://127.0.0.1:9/hook");
  EXPECT_NE(webhooks_.calls[0].second.find("\"monitor_alert\""), std::string::npos);
  auto types = NotificationTypes(brand_);
  ASSERT_EQ(types.size(), 1u);
  EXPECT_EQ(types[0], NotificationType::kMonitorAlert);
  auto alert = monitors_->GetAlert(brand_, (*raised)[0].id);
  ASSERT_OK(alert);
  EXPECT_TRUE(alert->first.delivered);
  EXPECT_EQ(alert->first.status_code, 200);
  EXPECT_CODE(monitors_->GetAlert(alice_, (*raised)[0].id), ErrorCode::kNotFound);

  // Within the interval: no second alert, however much more comes.
  Original(alice_, "奶茶四");
  Index();
  auto again = monitors_->CheckBursts();
  ASSERT_OK(again);
  EXPECT_TRUE(again->empty());
}

TEST_F(MonitorServiceTest, SteadyVolumeIsNotABurst) {
  Monitor m = Make({"奶茶"}, {}, 3);
  for (int h = 0; h < 24; ++h) {
    for (int i = 0; i < 3; ++i) Original(alice_, "每小时的奶茶 " + std::to_string(h * 3 + i));
    clock_.Advance(kHour);
  }
  for (int i = 0; i < 4; ++i) Original(alice_, "又一杯奶茶 " + std::to_string(i));
  Index();
  auto quiet = monitors_->CheckBursts();
  ASSERT_OK(quiet);
  EXPECT_TRUE(quiet->empty()) << "4 posts against a steady 3 an hour";
  for (int i = 0; i < 6; ++i) Original(alice_, "奶茶刷屏 " + std::to_string(i));
  Index();
  auto burst = monitors_->CheckBursts();
  ASSERT_OK(burst);
  ASSERT_EQ(burst->size(), 1u);
  EXPECT_EQ((*burst)[0].volume, 10);
  EXPECT_NEAR((*burst)[0].baseline, 3, 0.5);
}

TEST_F(MonitorServiceTest, InputIsValidatedAndLimited) {
  MonitorInput in;
  in.name = "x";
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);  // no terms
  in.keywords = std::vector<std::string>{std::string(51, 'a')};
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);
  in.keywords = std::vector<std::string>(21, "a");
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);
  in.keywords = std::vector<std::string>{"!!!"};
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);
  in.keywords = std::vector<std::string>{"ok"};
  in.webhook_url = "https://example.com/hook";
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);
  in.webhook_url = "http://exa mple.com/";
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);
  in.webhook_url = "http://example.com:8080/hook?x=1";
  in.burst_factor = 1;
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);
  in.burst_factor = 4;
  for (int i = 0; i < 20; ++i) ASSERT_OK(monitors_->Create(brand_, in));
  EXPECT_CODE(monitors_->Create(brand_, in), ErrorCode::kInvalidArgument);
  auto mine = monitors_->List(brand_);
  ASSERT_OK(mine);
  ASSERT_EQ(mine->size(), 20u);
  EXPECT_CODE(monitors_->Get(alice_, mine->front().id), ErrorCode::kNotFound);
  EXPECT_CODE(monitors_->Delete(alice_, mine->front().id), ErrorCode::kNotFound);
  EXPECT_CODE(monitors_->Report(brand_, mine->front().id, 0), ErrorCode::kInvalidArgument);
  EXPECT_CODE(monitors_->Report(brand_, mine->front().id, 721), ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace cw::testing
