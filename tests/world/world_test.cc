#include <gtest/gtest.h>

#include <filesystem>
#include <random>
#include <sstream>

#include "store/store.h"
#include "world/format.h"
#include "world/generator.h"
#include "world/importer.h"

namespace cw::world {
namespace {

TEST(WorldFormatTest, ParsesEveryTypeAndBothTimeForms) {
  auto a = ParseLine(R"({"type":"account","id":"a1","handle":"alice","name":"爱丽丝","created_at":"2024-03-01T12:00:00Z","verified":"personal"})");
  ASSERT_TRUE(a.ok()) << a.error().message();
  ASSERT_TRUE(a->has_value());
  EXPECT_EQ((*a)->kind, Kind::kAccount);
  EXPECT_EQ((*a)->name, "爱丽丝");
  EXPECT_EQ((*a)->at, 1709294400000);
  auto f = ParseLine(R"({"type":"follow","from":"a1","to":"a2","at":1709294400123})");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ((*f)->at, 1709294400123);
  auto like = ParseLine(R"({"type":"like","author":"a1","comment":"c9","at":1})");
  ASSERT_TRUE(like.ok());
  EXPECT_EQ((*like)->comment, "c9");
}

TEST(WorldFormatTest, SkipsBlankAndCommentLinesAndExplainsBadOnes) {
  EXPECT_FALSE(ParseLine("")->has_value());
  EXPECT_FALSE(ParseLine("   // a note")->has_value());
  EXPECT_FALSE(ParseLine("{").ok());
  EXPECT_FALSE(ParseLine(R"({"type":"dance"})").ok());
  EXPECT_FALSE(ParseLine(R"({"type":"follow","from":"a1","at":1})").ok());
  EXPECT_FALSE(ParseLine(R"({"type":"post","id":"p","author":"a","text":"x","at":"yesterday"})").ok());
  EXPECT_FALSE(ParseLine(R"({"type":"like","author":"a","post":"p","comment":"c","at":1})").ok());
}

TEST(WorldGeneratorTest, TheSameSeedGivesTheSameWorld) {
  GeneratorOptions o;
  o.accounts = 500;
  o.seed = 42;
  std::ostringstream one, two, other;
  ASSERT_TRUE(GenerateWorld(o, one).ok());
  ASSERT_TRUE(GenerateWorld(o, two).ok());
  o.seed = 43;
  ASSERT_TRUE(GenerateWorld(o, other).ok());
  EXPECT_EQ(one.str(), two.str());
  EXPECT_NE(one.str(), other.str());
}

TEST(WorldGeneratorTest, LinesAreInTimeOrderAndReferToEarlierIds) {
  GeneratorOptions o;
  o.accounts = 800;
  o.seed = 5;
  std::ostringstream out;
  auto report = GenerateWorld(o, out);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->accounts, 800);
  EXPECT_GT(report->follows, 800 * 10);
  EXPECT_GT(report->forwards, 0);
  std::istringstream in(out.str());
  std::string line;
  TimeMs last = 0;
  std::set<std::string> seen;
  int64_t lines = 0;
  while (std::getline(in, line)) {
    auto r = ParseLine(line);
    ASSERT_TRUE(r.ok() && r->has_value()) << line;
    const Record& rec = **r;
    EXPECT_GE(rec.at, last) << line;
    last = rec.at;
    for (const std::string* ref : {&rec.from, &rec.to, &rec.author, &rec.parent, &rec.post, &rec.reply_to}) {
      if (!ref->empty()) {
        EXPECT_TRUE(seen.count(*ref)) << "forward reference in " << line;
      }
    }
    if (!rec.id.empty()) seen.insert(rec.id);
    ++lines;
  }
  EXPECT_GT(lines, 800);
}

class WorldImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = std::filesystem::temp_directory_path() / ("cw-world-test-" + std::to_string(rd()));
    std::filesystem::create_directories(dir_);
    StoreOptions so;
    so.path = (dir_ / "w.db").string();
    so.synchronous_full = false;
    store_ = std::move(OpenStore(so)).value();
  }
  void TearDown() override {
    store_->Close();
    std::filesystem::remove_all(dir_);
  }
  Result<ImportReport> Run(const std::string& text, bool drop_indexes = false) {
    std::istringstream in(text);
    WorldImporter importer(store_.get(), &ids_, Limits{});
    return importer.Import(in, drop_indexes);
  }
  std::filesystem::path dir_;
  ManualClock clock_{1'700'000'000'000};
  IdGenerator ids_{&clock_, 0};
  std::unique_ptr<Store> store_;
};

constexpr const char* kSmallWorld = R"(// a tiny world
{"type":"account","id":"a1","handle":"alice","name":"爱丽丝","created_at":1000}
{"type":"account","id":"a2","handle":"bob","created_at":2000}
{"type":"account","id":"a3","handle":"carol","created_at":3000}
{"type":"follow","from":"a2","to":"a1","at":4000}
{"type":"follow","from":"a3","to":"a1","at":4100}
{"type":"follow","from":"a3","to":"a3","at":4200}
{"type":"post","id":"p1","author":"a1","text":"#春节# 快乐 @bob","at":5000}
{"type":"forward","id":"f1","author":"a2","parent":"p1","text":"c1","at":6000}
{"type":"forward","id":"f2","author":"a3","parent":"f1","text":"c2","at":7000}
{"type":"forward","id":"f3","author":"a3","parent":"p404","text":"lost","at":7100}
{"type":"comment","id":"c1","author":"a2","post":"p1","text":"沙发","at":8000}
{"type":"comment","id":"c2","author":"a1","post":"p1","reply_to":"c1","text":"谢谢","at":9000}
{"type":"like","author":"a3","post":"p1","at":9100}
{"type":"like","author":"a1","comment":"c1","at":9200}
{"type":"unfollow","from":"a3","to":"a1","at":9300}
not json at all
{"type":"label","account":"a3","label":"organic"}
)";

TEST_F(WorldImportTest, LoadsAWorldAndReportsBadLinesByNumber) {
  auto report = Run(kSmallWorld);
  ASSERT_TRUE(report.ok()) << report.error().message();
  EXPECT_EQ(report->loaded["account"], 3);
  EXPECT_EQ(report->loaded["forward"], 2);
  EXPECT_EQ(report->problems, 3);
  ASSERT_EQ(report->first_problems.size(), 3u);
  EXPECT_EQ(report->first_problems[0].rfind("line 7:", 0), 0u) << report->first_problems[0];
  EXPECT_EQ(report->first_problems[1].rfind("line 11:", 0), 0u) << report->first_problems[1];
  EXPECT_EQ(report->first_problems[2].rfind("line 17:", 0), 0u) << report->first_problems[2];

  auto alice = store_->accounts().GetAccountByExternalId("a1");
  ASSERT_TRUE(alice.ok());
  EXPECT_EQ(alice->display_name, "爱丽丝");
  EXPECT_EQ(alice->fans_count, 1);  // bob; carol unfollowed
  EXPECT_EQ(alice->posts_count, 1);
  auto p1 = store_->posts().GetPostByExternalId("p1");
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->forwards_count, 2);
  EXPECT_EQ(p1->comments_count, 2);
  EXPECT_EQ(p1->likes_count, 1);
  ASSERT_EQ(p1->entities.size(), 2u);
  EXPECT_NE(p1->entities[1].ref, 0);  // @bob resolved
  auto f1 = store_->posts().GetPostByExternalId("f1");
  auto f2 = store_->posts().GetPostByExternalId("f2");
  ASSERT_TRUE(f2.ok());
  EXPECT_EQ(f2->root_id, p1->id);
  EXPECT_EQ(f2->parent_id, f1->id);
  EXPECT_EQ(f2->chain, std::vector<Id>{f1->id});
  EXPECT_EQ(f1->forwards_count, 1);
  EXPECT_LT(p1->id, f1->id);  // ids keep historical order
}

TEST_F(WorldImportTest, ImportingTwiceAddsNothing) {
  ASSERT_TRUE(Run(kSmallWorld).ok());
  auto again = Run(kSmallWorld, true);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->loaded.empty() || again->loaded.count("account") == 0);
  EXPECT_EQ(again->already["account"], 3);
  EXPECT_EQ(again->already["post"], 1);
  EXPECT_EQ(*store_->accounts().CountAccounts(), 3);
  auto p1 = store_->posts().GetPostByExternalId("p1");
  EXPECT_EQ(p1->forwards_count, 2);  // counters recomputed, not doubled
}

TEST_F(WorldImportTest, QueuedFollowsKeepTheFileOrderSemantics) {
  // Follows are written in key order at the end, yet duplicates, unfollows and blocks act as if
  // each line were applied in turn.
  auto report = Run(R"({"type":"account","id":"a1","handle":"alice","created_at":1000}
{"type":"account","id":"a2","handle":"bob","created_at":2000}
{"type":"account","id":"a3","handle":"carol","created_at":3000}
{"type":"follow","from":"a2","to":"a1","at":4000}
{"type":"follow","from":"a3","to":"a1","at":4100}
{"type":"follow","from":"a2","to":"a1","at":4200}
{"type":"follow","from":"a1","to":"a3","at":4300}
{"type":"unfollow","from":"a3","to":"a1","at":5000}
{"type":"follow","from":"a3","to":"a1","at":6000}
{"type":"block","from":"a1","to":"a2","at":7000}
{"type":"follow","from":"a3","to":"a2","at":7100}
{"type":"follow","from":"a3","to":"a2","at":7200}
)",
                    true);
  ASSERT_TRUE(report.ok()) << report.error().message();
  EXPECT_EQ(report->problems, 0);
  EXPECT_EQ(report->loaded["follow"], 5);
  EXPECT_EQ(report->already["follow"], 2);
  auto a1 = store_->accounts().GetAccountByExternalId("a1");
  auto a2 = store_->accounts().GetAccountByExternalId("a2");
  auto a3 = store_->accounts().GetAccountByExternalId("a3");
  ASSERT_TRUE(a1.ok() && a2.ok() && a3.ok());
  EXPECT_EQ(a1->fans_count, 1);  // carol again; bob's follow ended with the block
  EXPECT_EQ(a1->following_count, 1);
  EXPECT_EQ(a3->following_count, 2);
  auto fans = store_->relations().ListFans(a1->id, Page{});
  ASSERT_TRUE(fans.ok());
  ASSERT_EQ(fans->size(), 1u);
  EXPECT_EQ((*fans)[0].follower_id, a3->id);
  EXPECT_EQ((*fans)[0].created_at, 6000);
  auto to_bob = store_->relations().ListFans(a2->id, Page{});
  ASSERT_TRUE(to_bob.ok());
  ASSERT_EQ(to_bob->size(), 1u);
  EXPECT_EQ((*to_bob)[0].created_at, 7100);  // the first of two follows with one key

  auto again = Run(R"({"type":"follow","from":"a3","to":"a2","at":8000}
{"type":"follow","from":"a2","to":"a3","at":8100}
)");
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->loaded["follow"], 1);
  EXPECT_EQ(again->already["follow"], 1);
}

TEST_F(WorldImportTest, TakesLocationsAndForwardsOfComments) {
  auto report = Run(R"({"type":"account","id":"a1","handle":"alice","location":"杭州","created_at":1000}
{"type":"account","id":"a2","handle":"bob","created_at":2000}
{"type":"post","id":"p1","author":"a1","text":"hi","at":3000}
{"type":"comment","id":"c1","author":"a2","post":"p1","text":"yo","at":4000}
{"type":"forward","id":"f1","author":"a1","parent":"p1","comment":"c1","text":"","at":5000}
{"type":"post","id":"p2","author":"a2","text":"other","at":6000}
{"type":"forward","id":"f2","author":"a1","parent":"p2","comment":"c1","at":7000}
{"type":"forward","id":"f3","author":"a1","parent":"p1","comment":"c404","at":8000}
)");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->loaded["forward"], 1);
  EXPECT_EQ(report->problems, 2);  // c1 is not on p2; c404 does not exist
  EXPECT_EQ(store_->accounts().GetAccountByExternalId("a1")->location, "杭州");
  auto f1 = store_->posts().GetPostByExternalId("f1");
  ASSERT_TRUE(f1.ok());
  EXPECT_NE(f1->source_comment_id, 0);
  EXPECT_EQ(f1->parent_id, store_->posts().GetPostByExternalId("p1")->id);
}

TEST_F(WorldImportTest, AGeneratedWorldImportsWithoutProblems) {
  GeneratorOptions o;
  o.accounts = 300;
  o.seed = 9;
  std::ostringstream out;
  auto gen = GenerateWorld(o, out);
  ASSERT_TRUE(gen.ok());
  auto report = Run(out.str(), true);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->problems, 0) << (report->first_problems.empty() ? "" : report->first_problems[0]);
  EXPECT_EQ(report->loaded["account"], gen->accounts);
  EXPECT_EQ(report->loaded["follow"], gen->follows);
  EXPECT_EQ(report->loaded["forward"], gen->forwards);
}

}  // namespace
}  // namespace cw::world
