#include "world/ced.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <sstream>

#include "analytics/cascade.h"
#include "common/text/entities.h"
#include "store/store.h"
#include "world/importer.h"

namespace cw::world {
namespace {
namespace fs = std::filesystem;

TimeMs Iso(const char* text) {
  TimeMs t = 0;
  EXPECT_TRUE(ParseIsoTime(text, &t)) << text;
  return t;
}

TEST(CedFormatTest, DatesAreChinaTime) {
  TimeMs t = 0;
  ASSERT_TRUE(ParseCedDate("2014-01-06 08:59:02", &t));
  EXPECT_EQ(t, Iso("2014-01-06T00:59:02Z"));
  EXPECT_FALSE(ParseCedDate("09月09日 16:16", &t));  // the few items with no year
  EXPECT_FALSE(ParseCedDate("2014-02-30 08:59:02", &t));
  EXPECT_FALSE(ParseCedDate("", &t));
  ASSERT_TRUE(ParseWeiboTime("Mon May 27 12:07:05 +0800 2013", &t));
  EXPECT_EQ(t, Iso("2013-05-27T04:07:05Z"));
  EXPECT_FALSE(ParseWeiboTime("Mon Foo 27 12:07:05 +0800 2013", &t));
}

TEST(CedFormatTest, AForwardKeepsOnlyItsOwnCommentOfTheChain) {
  EXPECT_EQ(ForwardComment("次得不行!//@JIMI俊: 太次了[偷笑]"), "次得不行!");
  EXPECT_EQ(ForwardComment("次得不行!/@JIMI俊: 太次了[偷笑]"), "次得不行!");  // as CED writes it
  EXPECT_EQ(ForwardComment("//@a: b"), "");
  EXPECT_EQ(ForwardComment("好 //@a: b //@c: d"), "好");
  EXPECT_EQ(ForwardComment("@武汉晚报 看看"), "@武汉晚报 看看");
  EXPECT_EQ(ForwardComment(""), "");
}

TEST(CedFormatTest, HandlesFromUids) {
  EXPECT_EQ(CedHandle("3494755075"), "u3494755075");
  EXPECT_EQ(CedHandle("lee120225"), "lee120225");
  EXPECT_EQ(CedHandle("addzhao?st=cc393e"), "addzhao_st_cc393e");
  std::string odd = CedHandle("张三");
  EXPECT_EQ(odd.rfind("u_", 0), 0u) << odd;
  EXPECT_EQ(odd, CedHandle("张三"));
  EXPECT_NE(odd, CedHandle("李四"));
  EXPECT_EQ(CedHandle("x"), "x_u");
  EXPECT_EQ(CedHandle(std::string(40, 'a')).size(), 30u);
}

class CedImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::random_device rd;
    dir_ = fs::temp_directory_path() / ("cw-ced-test-" + std::to_string(rd()));
    fs::create_directories(dir_ / "ced");
    StoreOptions so;
    so.path = (dir_ / "w.db").string();
    so.synchronous_full = false;
    store_ = std::move(OpenStore(so)).value();
  }
  void TearDown() override {
    store_->Close();
    fs::remove_all(dir_);
  }
  void Write(const std::string& relative, const std::string& text) {
    fs::path path = dir_ / "ced" / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  Result<CedReport> Run(const fs::path& dir) {
    WorldImporter importer(store_.get(), &ids_, Limits{});
    return ImportCed(dir.string(), importer, false);
  }
  Post PostOf(const std::string& external_id) {
    auto p = store_->posts().GetPostByExternalId(external_id);
    EXPECT_TRUE(p.ok()) << external_id;
    return p.ok() ? *p : Post{};
  }
  std::map<std::string, Comment> CommentsOn(Id post_id) {
    Page page;
    page.limit = 100;
    std::map<std::string, Comment> out;
    auto comments = store_->comments().ListCommentsByPost(post_id, page);
    EXPECT_TRUE(comments.ok());
    if (!comments.ok()) return out;
    for (auto& c : *comments) out.emplace(c.external_id, c);
    return out;
  }

  fs::path dir_;
  ManualClock clock_{1'700'000'000'000};
  IdGenerator ids_{&clock_, 0};
  std::unique_ptr<Store> store_;
};

// One cascade with every case, a second original with Weibo's other time form and no user
// fields, and a repost file whose original is missing.
void WriteSmallCed(const std::function<void(const std::string&, const std::string&)>& write) {
  write("original-microblog/1_AAA_100.json", R"({"text":"原微博 #谣言#","time":1388934000,
    "user":{"verified":true,"verified_type":0,"location":"上海 浦东新区","time":1321700768,
            "followers":10,"friends":5,"messages":7,"gender":"m","description":true},
    "reposts":3,"comments":1,"likes":0,"pics":0,"has_url":false,"source":"微博","multi":null})");
  write("original-microblog/2_BBB_200.json",
        R"({"text":"second","time":"Mon May 27 12:07:05 +0800 2013","user":"empty"})");
  auto item = [](const char* mid, const char* uid, const char* parent, const char* text,
                 const char* date) {
    std::string out = R"({"mid":")" + std::string(mid) + R"(","uid":")" + uid + R"(","parent":")" +
                      parent + R"(","kids":[],"date":")" + date + R"(","text":)";
    AppendJsonString(text, &out);
    return out + "}";
  };
  write("rumor-repost/1_AAA_100.json",
        "[" + item("m0", "309", "m3", "最后一跳", "2014-01-06 10:00:00") +
            ",\n" +  // before its parent
            item("m1", "300", "", "转发微博", "2014-01-06 09:00:00") + ",\n" +
            item("m2", "301", "m1", "同意//@用户300: 转发微博", "2014-01-06 09:01:00") + ",\n" +
            item("m3", "302", "m2", "", "2014-01-06 09:02:00") + ",\n" +
            item("m4", "303", "m1", "回复@用户300:说得对", "2014-01-06 09:03:00") + ",\n" +
            item("m5", "304", "m4", "回复@用户303:谢谢", "2014-01-06 09:04:00") + ",\n" +
            item("m6", "305", "m4", "转", "2014-01-06 09:05:00") + ",\n" +
            item("m7", "u300", "", "回复@someone:直接评论", "2014-01-06 09:06:00") + ",\n" +
            item("m8", "307", "gone", "lost", "2014-01-06 09:07:00") + ",\n" +
            item("m9", "308", "m8", "lost too", "2014-01-06 09:08:00") + ",\n" +
            item("m2", "399", "m1", "again", "2014-01-06 09:09:00") + ",\n" +
            item("m10", "310", "", "no year", "09月09日 16:16") + ",\n" +
            item("m11", "100", "AAA", "the author forwards", "2014-01-06 08:59:00") + "]");
  write("non-rumor-repost/2_BBB_200.json",
        "[" + item("n1", "300", "", "", "2013-05-27 12:10:00") + "]");
  write("rumor-repost/3_CCC_300.json", "[]");
  write("labels.tsv", "1_AAA_100.json\trumor\n2_BBB_200.json\tnon-rumor\n");
}

TEST_F(CedImportTest, ImportsCascadesAndReportsWhatItSkips) {
  WriteSmallCed([this](const std::string& p, const std::string& t) { Write(p, t); });
  auto report = Run(dir_ / "ced");
  ASSERT_TRUE(report.ok()) << report.error().message();
  const CedCounts& read = report->read;
  EXPECT_EQ(read.originals, 2);
  EXPECT_EQ(read.items, 14);
  EXPECT_EQ(read.repeated_mids, 1);
  EXPECT_EQ(read.missing_parents, 2);  // m8, and m9 below it
  EXPECT_EQ(read.unusable, 2);         // m10's date, the repost file without an original
  ImportReport& imported = report->import;
  EXPECT_EQ(imported.problems, 5);
  EXPECT_EQ(imported.loaded["post"], 2);
  EXPECT_EQ(imported.loaded["forward"], 7);  // m0 m1 m2 m3 m6 m11 n1
  EXPECT_EQ(imported.loaded["comment"], 3);  // m4 m5 m7
  // 100 200 300 301 302 303 304 305 309 u300 (307, 308, 310 and 399 wrote nothing that stayed)
  EXPECT_EQ(imported.loaded["account"], 10);
  std::string problems;
  for (const auto& p : imported.first_problems) problems += p + "\n";
  EXPECT_NE(problems.find("rumor-repost/1_AAA_100.json mid m8: parent gone is not in this cascade"),
            std::string::npos)
      << problems;
  EXPECT_NE(problems.find("mid m9: parent m8 was skipped"), std::string::npos) << problems;
  EXPECT_NE(problems.find("mid m2: repeated mid"), std::string::npos) << problems;
  EXPECT_NE(problems.find("mid m10: date"), std::string::npos) << problems;
  EXPECT_NE(problems.find("rumor-repost/3_CCC_300.json: there is no"), std::string::npos)
      << problems;

  // The author, from the user fields.
  auto author = store_->accounts().GetAccountByExternalId("100");
  ASSERT_TRUE(author.ok());
  EXPECT_EQ(author->handle, "u100");
  EXPECT_EQ(author->display_name, "用户100");
  EXPECT_EQ(author->verification, Verification::kPersonal);
  EXPECT_EQ(author->location, "上海 浦东新区");
  EXPECT_EQ(author->created_at, 1321700768000);
  auto plain = store_->accounts().GetAccountByExternalId("200");
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->verification, Verification::kNone);
  EXPECT_EQ(plain->created_at, Iso("2013-05-27T04:07:05Z"));
  // "300" becomes u300 and the uid "u300" must then take another handle.
  auto numeric = store_->accounts().GetAccountByExternalId("300");
  auto named = store_->accounts().GetAccountByExternalId("u300");
  ASSERT_TRUE(numeric.ok() && named.ok());
  EXPECT_NE(text::AsciiLower(numeric->handle), text::AsciiLower(named->handle));

  Post original = PostOf("1_AAA_100");
  EXPECT_EQ(original.author_id, author->id);
  EXPECT_EQ(original.text, "原微博 #谣言#");
  EXPECT_EQ(original.created_at, 1388934000000);
  EXPECT_EQ(original.forwards_count, 6);  // m0 m1 m2 m3 m6 m11
  EXPECT_EQ(original.comments_count, 1);  // m7
  Post m1 = PostOf("m1"), m2 = PostOf("m2"), m3 = PostOf("m3"), m0 = PostOf("m0");
  EXPECT_EQ(m1.root_id, original.id);
  EXPECT_EQ(m1.parent_id, original.id);
  EXPECT_EQ(m1.created_at, Iso("2014-01-06T01:00:00Z"));
  EXPECT_EQ(m2.text, "同意");  // the rest of the chain is m1's own comment
  EXPECT_EQ(m2.parent_id, m1.id);
  EXPECT_EQ(m2.chain, std::vector<Id>{m1.id});
  EXPECT_EQ(m3.text, "");
  EXPECT_EQ(m3.chain, (std::vector<Id>{m1.id, m2.id}));
  EXPECT_EQ(m0.chain, (std::vector<Id>{m1.id, m2.id, m3.id}));
  EXPECT_EQ(PostOf("m11").parent_id, original.id);  // parent named by the original's mid

  // 回复@ items: comments on the parent's post, replies when the parent is a comment.
  auto on_m1 = CommentsOn(m1.id);
  ASSERT_EQ(on_m1.size(), 2u);
  EXPECT_EQ(on_m1["m4"].text, "回复@用户300:说得对");
  EXPECT_EQ(on_m1["m4"].reply_to_id, 0);
  EXPECT_EQ(on_m1["m5"].reply_to_id, on_m1["m4"].id);
  EXPECT_EQ(CommentsOn(original.id).count("m7"), 1u);
  // A forward of a comment forwards the comment's post and names the comment.
  Post m6 = PostOf("m6");
  EXPECT_EQ(m6.parent_id, m1.id);
  EXPECT_EQ(m6.source_comment_id, on_m1["m4"].id);
  EXPECT_EQ(m6.chain, std::vector<Id>{m1.id});

  Post second = PostOf("2_BBB_200");
  EXPECT_EQ(PostOf("n1").root_id, second.id);
  EXPECT_EQ(PostOf("n1").text, "");
  EXPECT_FALSE(store_->posts().GetPostByExternalId("m8").ok());
  EXPECT_FALSE(store_->posts().GetPostByExternalId("m10").ok());
}

TEST_F(CedImportTest, RunningAgainAddsNothing) {
  WriteSmallCed([this](const std::string& p, const std::string& t) { Write(p, t); });
  auto first = Run(dir_ / "ced");
  ASSERT_TRUE(first.ok());
  EXPECT_TRUE(CedImported((dir_ / "ced").string(), store_->posts()).value());
  int64_t accounts = store_->accounts().CountAccounts().value();
  auto again = Run(dir_ / "ced");
  ASSERT_TRUE(again.ok()) << again.error().message();
  EXPECT_TRUE(again->import.loaded.empty());
  EXPECT_EQ(again->import.already["post"], 2);
  EXPECT_EQ(again->import.already["forward"], 7);
  EXPECT_EQ(again->import.already["comment"], 3);
  EXPECT_EQ(again->import.already["account"], 10);
  EXPECT_EQ(again->import.problems, first->import.problems);  // the same things, reported again
  EXPECT_EQ(store_->accounts().CountAccounts().value(), accounts);
  EXPECT_EQ(PostOf("1_AAA_100").forwards_count, 6);
}

TEST_F(CedImportTest, RefusesADirectoryThatIsNotCed) {
  EXPECT_FALSE(Run(dir_ / "nothing-here").ok());
  EXPECT_FALSE(CedImported((dir_ / "nothing-here").string(), store_->posts()).ok());
}

// The real CED subset (../shared/data/weibo-ced), when this machine has it: the import's counts
// against a direct count of its JSON files.
TEST_F(CedImportTest, TheRealDatasetImportsCompletely) {
  const fs::path ced = fs::path(CW_SOURCE_DIR) / ".." / "shared" / "data" / "weibo-ced";
  if (!fs::is_directory(ced / "original-microblog")) GTEST_SKIP() << "no " << ced;
  namespace json = boost::json;
  auto read_json = [](const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::stringstream buf;
    buf << in.rdbuf();
    return json::parse(buf.str());
  };
  int64_t originals = 0, items = 0, bad_dates = 0, forwards_of_first = 0;
  std::set<std::string> mids, uids, replies;
  std::string first_original;
  for (const auto& e : fs::directory_iterator(ced / "original-microblog")) {
    std::string name = e.path().stem().string();
    ++originals;
    uids.insert(name.substr(name.rfind('_') + 1));
    if (first_original.empty() || name < first_original) first_original = name;
  }
  for (const char* sub : {"rumor-repost", "non-rumor-repost"}) {
    for (const auto& e : fs::directory_iterator(ced / sub)) {
      bool first = e.path().stem().string() == first_original;
      const json::value file = read_json(e.path());
      for (const auto& v : file.as_array()) {
        const json::object& o = v.as_object();
        ++items;
        std::string mid(o.at("mid").as_string());
        std::string date(o.at("date").as_string());
        std::string text(o.at("text").as_string());
        if (!mids.insert(mid).second) continue;
        if (date.size() != 19 || date[4] != '-') {
          ++bad_dates;
          continue;
        }
        uids.insert(std::string(o.at("uid").as_string()));
        if (text.starts_with("回复@")) {
          replies.insert(mid);
        } else if (first) {
          ++forwards_of_first;
        }
      }
    }
  }

  auto report = Run(ced);
  ASSERT_TRUE(report.ok()) << report.error().message();
  const CedCounts& read = report->read;
  ImportReport& imported = report->import;
  EXPECT_EQ(read.originals, originals);
  EXPECT_EQ(read.items, items);
  EXPECT_EQ(read.repeated_mids, items - static_cast<int64_t>(mids.size()));
  EXPECT_EQ(read.unusable, bad_dates);
  // Nothing the reader passed on was refused by the importer.
  EXPECT_EQ(imported.problems, read.repeated_mids + read.missing_parents + read.unusable)
      << (imported.first_problems.empty() ? "" : imported.first_problems.back());
  EXPECT_EQ(imported.loaded["post"], originals);
  EXPECT_EQ(imported.loaded["forward"] + imported.loaded["comment"] + read.missing_parents,
            static_cast<int64_t>(mids.size()) - bad_dates);
  EXPECT_LE(imported.loaded["comment"], static_cast<int64_t>(replies.size()));
  EXPECT_GE(imported.loaded["comment"],
            static_cast<int64_t>(replies.size()) - read.missing_parents);
  EXPECT_LE(imported.loaded["account"], static_cast<int64_t>(uids.size()));
  EXPECT_GE(imported.loaded["account"], static_cast<int64_t>(uids.size()) - read.missing_parents);
  EXPECT_EQ(store_->accounts().CountAccounts().value(), imported.loaded["account"]);
  if (read.missing_parents == 0) {
    EXPECT_EQ(PostOf(first_original).forwards_count, forwards_of_first);
  }

  auto again = Run(ced);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->import.loaded.empty());
  EXPECT_EQ(again->import.already["forward"], imported.loaded["forward"]);
  EXPECT_TRUE(CedImported(ced.string(), store_->posts()).value());
}

// Cascade figures (src/analytics) of a sample of the real cascades against an independent reading
// of their raw files: an item whose text starts with 回复@ is a comment, a forward of a comment
// hangs on the comment's post, repeated mids and unusable dates are skipped.
TEST_F(CedImportTest, CascadeFiguresMatchTheRawFilesOnASample) {
  const fs::path ced = fs::path(CW_SOURCE_DIR) / ".." / "shared" / "data" / "weibo-ced";
  if (!fs::is_directory(ced / "original-microblog")) GTEST_SKIP() << "no " << ced;
  namespace json = boost::json;
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(ced / "original-microblog")) {
    names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  std::vector<std::string> sample;
  for (size_t i = 0; i < names.size(); i += 32) sample.push_back(names[i]);
  struct Figures {
    int64_t size = 0;
    int32_t depth = 0;
    std::vector<int64_t> breadth;
  };
  std::map<std::string, Figures> want;
  for (const auto& name : sample) {
    fs::create_directories(dir_ / "ced" / "original-microblog");
    fs::copy_file(ced / "original-microblog" / (name + ".json"),
                  dir_ / "ced" / "original-microblog" / (name + ".json"));
    for (const char* sub : {"rumor-repost", "non-rumor-repost"}) {
      const fs::path repost = ced / sub / (name + ".json");
      if (!fs::exists(repost)) continue;
      fs::create_directories(dir_ / "ced" / sub);
      fs::copy_file(repost, dir_ / "ced" / sub / (name + ".json"));
      std::ifstream in(repost, std::ios::binary);
      std::stringstream buf;
      buf << in.rdbuf();
      const json::value file = json::parse(buf.str());
      struct Item {
        std::string parent;
        bool comment = false;
      };
      std::map<std::string, Item> items;
      std::vector<std::string> order;
      for (const auto& v : file.as_array()) {
        const json::object& o = v.as_object();
        std::string mid(o.at("mid").as_string());
        std::string date(o.at("date").as_string());
        if (items.count(mid) || date.size() != 19 || date[4] != '-') continue;
        std::string text(o.at("text").as_string());
        items[mid] = Item{std::string(o.at("parent").as_string()), text.starts_with("回复@")};
        order.push_back(mid);
      }
      const std::string root_mid =
          name.substr(name.find('_') + 1, name.rfind('_') - name.find('_') - 1);
      std::map<int32_t, int64_t> per_level;
      Figures& f = want[name];
      for (const auto& mid : order) {
        if (items[mid].comment) continue;
        // Walk up to the original, counting forwards; a missing parent or a loop cuts it off.
        int32_t level = 0;
        bool reached = false;
        std::set<std::string> seen;
        for (std::string at = mid; seen.insert(at).second;) {
          const Item& item = items[at];
          if (!item.comment) ++level;
          if (item.parent.empty() || item.parent == root_mid) {
            reached = true;
            break;
          }
          if (!items.count(item.parent)) break;
          at = item.parent;
        }
        if (!reached) continue;
        ++f.size;
        ++per_level[level];
        f.depth = std::max(f.depth, level);
      }
      for (int32_t l = 1; l <= f.depth; ++l) f.breadth.push_back(per_level[l]);
    }
  }
  auto report = Run(dir_ / "ced");
  ASSERT_TRUE(report.ok()) << report.error().message();
  int64_t forwards_in_sample = 0;
  for (const auto& name : sample) {
    const Post root = PostOf(name);
    auto forwards = store_->posts().ListCascade(root.id, 1'000'000);
    ASSERT_TRUE(forwards.ok());
    analytics::Cascade cascade{root.id, root.author_id, root.created_at, {}};
    for (const Post& f : *forwards) {
      cascade.forwards.push_back({f.id, f.author_id, f.parent_id, f.created_at});
    }
    const analytics::CascadeReport got = analytics::AnalyseCascade(cascade, {}, {});
    const Figures& f = want[name];
    EXPECT_EQ(got.shape.size, f.size) << name;
    EXPECT_EQ(got.shape.depth, f.depth) << name;
    EXPECT_EQ(got.shape.breadth, f.breadth) << name;
    EXPECT_EQ(got.shape.size, root.forwards_count) << name;
    forwards_in_sample += got.shape.size;
  }
  EXPECT_EQ(sample.size(), 25u);
  EXPECT_GT(forwards_in_sample, 1000);
}

}  // namespace
}  // namespace cw::world
