#include "app/demo.h"

#include "common/log.h"

namespace cw {

Status SeedDemo(Platform& p) {
  auto seeded = p.accounts().GetAccountByHandle("lihua");
  if (seeded.ok()) return OkStatus();
  if (seeded.error().code() != ErrorCode::kNotFound) return seeded.error();
  struct Person {
    const char* handle;
    const char* name;
    const char* bio;
    const char* kind;
  };
  const Person people[] = {
      {"lihua", "李华", "杭州的程序员，喜欢西湖和咖啡。", "personal"},
      {"wangfang", "王芳", "摄影 | 旅行 | 美食", "personal"},
      {"zhangwei", "张伟", "财经观察者，每天一条市场笔记。", "personal"},
      {"emma", "Emma Chen", "Bilingual tech writer in Shanghai.", "personal"},
      {"chaxiang", "茶香科技", "茶香科技官方微博。", "enterprise"},
  };
  std::vector<Account> a;
  for (const auto& person : people) {
    Registration r;
    r.handle = person.handle;
    r.password = "clearwater-demo";
    r.display_name = person.name;
    r.kind = person.kind;
    CW_ASSIGN_OR_RETURN(Account acct, p.accounts().CreateAccount(r));
    ProfilePatch patch;
    patch.bio = person.bio;
    CW_ASSIGN_OR_RETURN(acct, p.accounts().UpdateProfile(acct, patch));
    a.push_back(acct);
  }
  CW_ASSIGN_OR_RETURN(a[2], p.accounts().SetVerification(nullptr, a[2].id, "personal", "知名财经博主"));
  CW_ASSIGN_OR_RETURN(a[4], p.accounts().SetVerification(nullptr, a[4].id, "institutional", "茶香科技有限公司"));
  // Everyone follows the Big V and the brand; lihua and wangfang are friends.
  for (size_t i = 0; i < a.size(); ++i) {
    for (size_t j : {2, 4}) {
      if (i != j) CW_RETURN_IF_ERROR(p.relations().Follow(a[i], a[j].id).status());
    }
  }
  CW_RETURN_IF_ERROR(p.relations().Follow(a[0], a[1].id).status());
  CW_RETURN_IF_ERROR(p.relations().Follow(a[1], a[0].id).status());
  CW_RETURN_IF_ERROR(p.relations().Follow(a[3], a[0].id).status());
  CW_RETURN_IF_ERROR(p.relations().Follow(a[2], a[3].id).status());

  auto post = [&](const Account& who, const char* text) -> Result<Post> {
    NewPost np;
    np.text = text;
    return p.posts().Create(who, np);
  };
  CW_ASSIGN_OR_RETURN(Post market, post(a[2], "#今日市场# 新能源板块今天继续走强，成交量明显放大。理性投资，注意风险。"));
  CW_ASSIGN_OR_RETURN(Post launch, post(a[4], "#茶香新品# 春茶上市！转发本条并@好友，抽三位送明前龙井一盒。"));
  CW_RETURN_IF_ERROR(post(a[0], "周末去了西湖，断桥边人山人海 @wangfang 下次一起去灵隐寺？").status());
  CW_RETURN_IF_ERROR(post(a[3], "Writing about how Chinese micro-blogs count characters: 140 code points, #weibo style.").status());
  CW_RETURN_IF_ERROR(post(a[1], "今天的晚霞太美了 #晚霞# https://example.com/sunset").status());

  NewForward f;
  f.parent_id = launch.id;
  f.comment = "已转，求中奖 @lihua";
  CW_ASSIGN_OR_RETURN(Post fwd1, p.posts().Forward(a[1], f));
  f.parent_id = fwd1.id;
  f.comment = "帮转";
  CW_ASSIGN_OR_RETURN(Post fwd2, p.posts().Forward(a[0], f));
  f.parent_id = fwd2.id;
  f.comment = "Their spring tea is really good.";
  CW_RETURN_IF_ERROR(p.posts().Forward(a[3], f).status());

  NewComment c;
  c.post_id = market.id;
  c.text = "请问哪几只龙头值得关注？";
  CW_ASSIGN_OR_RETURN(auto first, p.comments().Create(a[0], c));
  c.text = "不构成投资建议，建议看年报。";
  c.reply_to_id = first.first.id;
  CW_RETURN_IF_ERROR(p.comments().Create(a[2], c).status());
  CW_RETURN_IF_ERROR(p.posts().Like(a[0], market.id).status());
  CW_RETURN_IF_ERROR(p.posts().Like(a[1], launch.id).status());
  CW_RETURN_IF_ERROR(p.messages().Send(a[0], a[1].id, "周六灵隐寺见？").status());
  CW_LOG(kInfo, "") << "seeded demo content: " << a.size()
                    << " accounts (password clearwater-demo), posts, forwards, comments";
  return OkStatus();
}

}  // namespace cw
