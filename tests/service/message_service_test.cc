#include "service/message_service.h"

#include "tests/service/test_rig.h"

namespace cw::testing {
namespace {

class MessageServiceTest : public TestRig {};

TEST_F(MessageServiceTest, StrangersFirstMessageIsARequestUntilAnswered) {
  Account a = Member("alice"), b = Member("bob");
  auto m = messages_->Send(a, b.id, "你好");
  ASSERT_OK(m);
  auto inbox = messages_->ListConversations(b, false, Page{});
  ASSERT_OK(inbox);
  EXPECT_TRUE(inbox->empty());
  auto requests = messages_->ListConversations(b, true, Page{});
  ASSERT_OK(requests);
  ASSERT_EQ(requests->size(), 1u);
  EXPECT_EQ(requests->front().other.handle, "alice");
  EXPECT_EQ(messages_->UnreadCount(b)->second, 1);
  // Requests do not ring.
  EXPECT_TRUE(NotificationTypes(b).empty());
  // The sender sees it in the inbox.
  EXPECT_EQ(messages_->ListConversations(a, false, Page{})->size(), 1u);
  // Answering moves it to the inbox.
  ASSERT_OK(messages_->Send(b, a.id, "你好呀"));
  EXPECT_EQ(messages_->ListConversations(b, false, Page{})->size(), 1u);
  EXPECT_EQ(messages_->ListConversations(b, true, Page{})->size(), 0u);
  EXPECT_EQ(NotificationTypes(a), std::vector<NotificationType>{NotificationType::kMessage});
}

TEST_F(MessageServiceTest, MessagesFromFollowedAccountsGoToTheInboxAndCountUnread) {
  Account a = Member("alice"), b = Member("bob");
  Follow(b, a);
  ASSERT_OK(messages_->Send(a, b.id, "one"));
  clock_.Advance(1);
  ASSERT_OK(messages_->Send(a, b.id, "two"));
  auto inbox = messages_->ListConversations(b, false, Page{});
  ASSERT_EQ(inbox->size(), 1u);
  EXPECT_EQ(inbox->front().member.unread_count, 2);
  EXPECT_EQ(inbox->front().last_message->text, "two");
  EXPECT_EQ(messages_->UnreadCount(b)->first, 2);
  ASSERT_OK(messages_->MarkRead(b, inbox->front().member.conversation_id));
  EXPECT_EQ(messages_->UnreadCount(b)->first, 0);
  auto list = messages_->ListMessages(b, inbox->front().member.conversation_id, Page{});
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->front().text, "two");
}

TEST_F(MessageServiceTest, PolicyAndBlocksDecideWhoMayWriteFirst) {
  Account a = Member("alice"), b = Member("bob"), c = Member("carol");
  ProfilePatch p;
  p.dm_policy = "friends";
  ASSERT_OK(accounts_->UpdateProfile(b, p));
  b = Reload(b);
  EXPECT_CODE(messages_->Send(a, b.id, "hi"), ErrorCode::kPermissionDenied);
  Follow(a, b);
  Follow(b, a);
  ASSERT_OK(messages_->Send(a, b.id, "hi friend"));
  ASSERT_OK(relations_->Block(c, a.id));
  EXPECT_CODE(messages_->Send(a, c.id, "hi"), ErrorCode::kPermissionDenied);
  EXPECT_CODE(messages_->Send(c, a.id, "hi"), ErrorCode::kPermissionDenied);
  EXPECT_CODE(messages_->Send(a, a.id, "me"), ErrorCode::kInvalidArgument);
  EXPECT_CODE(messages_->Send(a, 999, "ghost"), ErrorCode::kNotFound);
}

TEST_F(MessageServiceTest, OutsidersCannotReadAConversation) {
  Account a = Member("alice"), b = Member("bob"), eve = Member("eve");
  auto m = messages_->Send(a, b.id, "secret");
  ASSERT_OK(m);
  EXPECT_CODE(messages_->ListMessages(eve, m->conversation_id, Page{}), ErrorCode::kNotFound);
  EXPECT_CODE(messages_->SendInConversation(eve, m->conversation_id, "x"), ErrorCode::kNotFound);
}

}  // namespace
}  // namespace cw::testing

namespace cw::testing {
namespace {

class MessagePolicyTest : public TestRig {};

TEST_F(MessagePolicyTest, AnEstablishedConversationIgnoresWhoMayWriteFirst) {
  Account r = Member("rita"), s = Member("sam");
  ProfilePatch p;
  p.dm_policy = "friends";
  ASSERT_OK(accounts_->UpdateProfile(r, p));
  r = Reload(r);
  ASSERT_OK(messages_->Send(r, s.id, "hello stranger"));  // a request on sam's side
  ASSERT_OK(messages_->Send(s, r.id, "hi rita"));          // answering accepts it
  ASSERT_OK(messages_->Send(r, s.id, "how are you"));
  ASSERT_OK(messages_->Send(s, r.id, "fine"));             // not refused by rita's policy
}

}  // namespace
}  // namespace cw::testing
