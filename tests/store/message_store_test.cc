// MessageStore on a real SQLite store: conversations, members, requests, messages, unread counts.
#include <gtest/gtest.h>

#include <algorithm>

#include "store_fixture.h"

namespace cw::testing {
namespace {

class MessageStoreTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    ann_ = AddAccount("ann");  // the smaller id: side a
    bob_ = AddAccount("bob");
    cat_ = AddAccount("cat");
  }

  // `request_for` (0: nobody) is the member whose side starts as a message request.
  Conversation AddConversation(Id x, Id y, Id request_for = 0) {
    Conversation c;
    c.id = NextId();
    c.account_a = std::min(x, y);
    c.account_b = std::max(x, y);
    c.updated_at = Now();
    EXPECT_EQ(Describe(messages().PutConversation(c, request_for)), "ok");
    return c;
  }

  Message Send(const Conversation& c, Id from, const std::string& text = "hi") {
    Message m{NextId(), c.id, from, text, Now(), {}};
    Id to = from == c.account_a ? c.account_b : c.account_a;
    EXPECT_EQ(Describe(messages().PutMessage(m, to)), "ok");
    return m;
  }

  Account ann_, bob_, cat_;
};

TEST_F(MessageStoreTest, AConversationIsFoundBetweenItsPairInEitherOrder) {
  Conversation c = AddConversation(ann_.id, bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(Conversation ab, messages().GetConversationBetween(ann_.id, bob_.id));
  EXPECT_EQ(ab.id, c.id);
  EXPECT_EQ(ab.account_a, ann_.id);
  EXPECT_EQ(ab.account_b, bob_.id);
  EXPECT_EQ(ab.last_message_id, 0);
  EXPECT_EQ(ab.updated_at, c.updated_at);
  CW_ASSERT_OK_AND_ASSIGN(Conversation ba, messages().GetConversationBetween(bob_.id, ann_.id));
  EXPECT_EQ(ba.id, c.id);
  CW_ASSERT_OK_AND_ASSIGN(Conversation by_id, messages().GetConversationById(c.id));
  EXPECT_EQ(by_id.account_b, bob_.id);
}

TEST_F(MessageStoreTest, StrangersHaveNoConversation) {
  AddConversation(ann_.id, bob_.id);
  CW_EXPECT_CODE(messages().GetConversationBetween(ann_.id, cat_.id), ErrorCode::kNotFound);
  CW_EXPECT_CODE(messages().GetConversationById(4444), ErrorCode::kNotFound);
}

TEST_F(MessageStoreTest, ASecondConversationForThePairIsAlreadyExists) {
  AddConversation(ann_.id, bob_.id);
  Conversation again;
  again.id = NextId();
  again.account_a = ann_.id;
  again.account_b = bob_.id;
  again.updated_at = Now();
  CW_EXPECT_CODE(messages().PutConversation(again, 0), ErrorCode::kAlreadyExists);
  CW_EXPECT_CODE(messages().GetMember(again.id, ann_.id), ErrorCode::kNotFound);
}

// The pair is unordered: a conversation put with the larger id first must not make a second one
// (or be invisible to GetConversationBetween).
TEST_F(MessageStoreTest, TheSamePairInTheOtherOrderIsAlreadyExists) {
  AddConversation(ann_.id, bob_.id);
  Conversation swapped;
  swapped.id = NextId();
  swapped.account_a = bob_.id;
  swapped.account_b = ann_.id;
  swapped.updated_at = Now();
  Status st = messages().PutConversation(swapped, 0);
  EXPECT_FALSE(st.ok()) << "a second conversation between ann and bob was created";
}

TEST_F(MessageStoreTest, BothMembersExistAndOnlyTheNamedOneStartsWithARequest) {
  Conversation c = AddConversation(ann_.id, bob_.id, /*request_for=*/bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember a, messages().GetMember(c.id, ann_.id));
  EXPECT_EQ(a.other_id, bob_.id);
  EXPECT_FALSE(a.is_request);
  EXPECT_EQ(a.unread_count, 0);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember b, messages().GetMember(c.id, bob_.id));
  EXPECT_EQ(b.other_id, ann_.id);
  EXPECT_TRUE(b.is_request);
  CW_EXPECT_CODE(messages().GetMember(c.id, cat_.id), ErrorCode::kNotFound);
}

TEST_F(MessageStoreTest, TheSmallerIdSideCanBeTheRequestToo) {
  Conversation c = AddConversation(ann_.id, cat_.id, /*request_for=*/ann_.id);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember a, messages().GetMember(c.id, ann_.id));
  EXPECT_TRUE(a.is_request);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember b, messages().GetMember(c.id, cat_.id));
  EXPECT_FALSE(b.is_request);
}

TEST_F(MessageStoreTest, NoRequestWhenNobodyIsNamed) {
  Conversation c = AddConversation(ann_.id, bob_.id, /*request_for=*/0);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember a, messages().GetMember(c.id, ann_.id));
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember b, messages().GetMember(c.id, bob_.id));
  EXPECT_FALSE(a.is_request);
  EXPECT_FALSE(b.is_request);
}

TEST_F(MessageStoreTest, AMessageMovesTheConversationAndCountsUnreadForTheRecipient) {
  Conversation c = AddConversation(ann_.id, bob_.id);
  Message m1 = Send(c, ann_.id, "你好 😀");
  Message m2 = Send(c, ann_.id, "在吗");

  CW_ASSERT_OK_AND_ASSIGN(Message got, messages().GetMessageById(m1.id));
  EXPECT_EQ(got.conversation_id, c.id);
  EXPECT_EQ(got.sender_id, ann_.id);
  EXPECT_EQ(got.text, "你好 😀");
  EXPECT_EQ(got.created_at, m1.created_at);

  CW_ASSERT_OK_AND_ASSIGN(Conversation cv, messages().GetConversationById(c.id));
  EXPECT_EQ(cv.last_message_id, m2.id);
  EXPECT_EQ(cv.updated_at, m2.created_at);

  CW_ASSERT_OK_AND_ASSIGN(ConversationMember sender, messages().GetMember(c.id, ann_.id));
  EXPECT_EQ(sender.unread_count, 0);
  EXPECT_EQ(sender.last_message_id, m2.id);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember recipient, messages().GetMember(c.id, bob_.id));
  EXPECT_EQ(recipient.unread_count, 2);
  EXPECT_EQ(recipient.last_message_id, m2.id);
  EXPECT_EQ(recipient.updated_at, m2.created_at);
}

TEST_F(MessageStoreTest, ATakenMessageIdIsAlreadyExistsAndChangesNothing) {
  Conversation c = AddConversation(ann_.id, bob_.id);
  Message m = Send(c, ann_.id);
  Message dup{m.id, c.id, bob_.id, "again", Now(), {}};
  CW_EXPECT_CODE(messages().PutMessage(dup, ann_.id), ErrorCode::kAlreadyExists);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember a, messages().GetMember(c.id, ann_.id));
  EXPECT_EQ(a.unread_count, 0);
}

TEST_F(MessageStoreTest, MarkingReadClearsOnlyThatMembersCount) {
  Conversation c = AddConversation(ann_.id, bob_.id);
  Send(c, ann_.id);
  Send(c, bob_.id);
  Send(c, bob_.id);
  CW_ASSERT_OK(messages().MarkConversationRead(c.id, bob_.id));
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember b, messages().GetMember(c.id, bob_.id));
  EXPECT_EQ(b.unread_count, 0);
  CW_ASSERT_OK_AND_ASSIGN(ConversationMember a, messages().GetMember(c.id, ann_.id));
  EXPECT_EQ(a.unread_count, 2);
}

TEST_F(MessageStoreTest, MessagesListNewestFirstAndPage) {
  Conversation c = AddConversation(ann_.id, bob_.id);
  Conversation other = AddConversation(ann_.id, cat_.id);
  std::vector<Id> ids;  // oldest first
  for (int i = 0; i < 5; ++i) {
    ids.push_back(Send(c, i % 2 ? ann_.id : bob_.id, "m" + std::to_string(i)).id);
    Send(other, cat_.id);
  }
  CW_ASSERT_OK_AND_ASSIGN(auto p1, messages().ListMessages(c.id, Limit(2)));
  EXPECT_EQ(IdsOf(p1), (std::vector<Id>{ids[4], ids[3]}));
  CW_ASSERT_OK_AND_ASSIGN(auto p2, messages().ListMessages(c.id, MaxId(ids[3], 2)));
  EXPECT_EQ(IdsOf(p2), (std::vector<Id>{ids[2], ids[1]}));
  CW_ASSERT_OK_AND_ASSIGN(auto newer, messages().ListMessages(c.id, SinceId(ids[2])));
  EXPECT_EQ(IdsOf(newer), (std::vector<Id>{ids[4], ids[3]}));
  CW_ASSERT_OK_AND_ASSIGN(auto after, messages().ListMessages(c.id, MinId(ids[0], 2)));
  EXPECT_EQ(IdsOf(after), (std::vector<Id>{ids[2], ids[1]}));
}

TEST_F(MessageStoreTest, GetMessagesByIdsSkipsUnknownAndDuplicates) {
  Conversation c = AddConversation(ann_.id, bob_.id);
  Message m1 = Send(c, ann_.id);
  Message m2 = Send(c, bob_.id);
  CW_ASSERT_OK_AND_ASSIGN(auto got, messages().GetMessagesByIds({m2.id, 3, m1.id, m2.id}));
  std::vector<Id> ids = IdsOf(got);
  std::sort(ids.begin(), ids.end());
  EXPECT_EQ(ids, (std::vector<Id>{m1.id, m2.id}));
  CW_EXPECT_CODE(messages().GetMessageById(3), ErrorCode::kNotFound);
}

TEST_F(MessageStoreTest, AnInboxListsConversationsByLatestMessage) {
  Conversation ab = AddConversation(ann_.id, bob_.id);
  Conversation ac = AddConversation(ann_.id, cat_.id);
  AddConversation(bob_.id, cat_.id);                      // not ann's
  Conversation empty = AddConversation(ann_.id, 999999);  // no message yet: not listed
  (void)empty;
  Send(ab, bob_.id);
  Send(ac, cat_.id);
  Send(ab, ann_.id);  // ab is now the most recent

  CW_ASSERT_OK_AND_ASSIGN(auto inbox, messages().ListMembersByAccount(ann_.id, false, Page{}));
  ASSERT_EQ(inbox.size(), 2u);
  EXPECT_EQ(inbox[0].conversation_id, ab.id);
  EXPECT_EQ(inbox[0].other_id, bob_.id);
  EXPECT_EQ(inbox[1].conversation_id, ac.id);
  EXPECT_EQ(inbox[1].other_id, cat_.id);

  CW_ASSERT_OK_AND_ASSIGN(
      auto older, messages().ListMembersByAccount(ann_.id, false, MaxId(inbox[0].last_message_id)));
  ASSERT_EQ(older.size(), 1u);
  EXPECT_EQ(older[0].conversation_id, ac.id);
}

TEST_F(MessageStoreTest, RequestsAreListedApartUntilAccepted) {
  // ann writes first to cat, who does not follow her: a request on cat's side.
  Conversation c = AddConversation(ann_.id, cat_.id, /*request_for=*/cat_.id);
  Send(c, ann_.id, "hello stranger");
  Conversation friends = AddConversation(bob_.id, cat_.id);
  Send(friends, bob_.id);

  CW_ASSERT_OK_AND_ASSIGN(auto inbox, messages().ListMembersByAccount(cat_.id, false, Page{}));
  ASSERT_EQ(inbox.size(), 1u);
  EXPECT_EQ(inbox[0].conversation_id, friends.id);
  CW_ASSERT_OK_AND_ASSIGN(auto requests, messages().ListMembersByAccount(cat_.id, true, Page{}));
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].conversation_id, c.id);
  EXPECT_TRUE(requests[0].is_request);
  // The sender's side is a normal conversation.
  CW_ASSERT_OK_AND_ASSIGN(auto ann_inbox, messages().ListMembersByAccount(ann_.id, false, Page{}));
  ASSERT_EQ(ann_inbox.size(), 1u);

  CW_ASSERT_OK(messages().AcceptRequest(c.id, cat_.id));
  CW_ASSERT_OK_AND_ASSIGN(requests, messages().ListMembersByAccount(cat_.id, true, Page{}));
  EXPECT_TRUE(requests.empty());
  CW_ASSERT_OK_AND_ASSIGN(inbox, messages().ListMembersByAccount(cat_.id, false, Page{}));
  EXPECT_EQ(inbox.size(), 2u);
}

TEST_F(MessageStoreTest, UnreadCountsKeepRequestsApart) {
  Conversation from_friend = AddConversation(ann_.id, cat_.id);
  Conversation from_stranger = AddConversation(bob_.id, cat_.id, /*request_for=*/cat_.id);
  Send(from_friend, ann_.id);
  Send(from_friend, ann_.id);
  Send(from_stranger, bob_.id);
  Send(from_friend, cat_.id);  // cat's own message does not count for cat

  CW_ASSERT_OK_AND_ASSIGN(auto cat_unread, messages().CountUnread(cat_.id));
  EXPECT_EQ(cat_unread.first, 2);
  EXPECT_EQ(cat_unread.second, 1);
  CW_ASSERT_OK_AND_ASSIGN(auto ann_unread, messages().CountUnread(ann_.id));
  EXPECT_EQ(ann_unread.first, 1);
  EXPECT_EQ(ann_unread.second, 0);

  CW_ASSERT_OK(messages().MarkConversationRead(from_friend.id, cat_.id));
  CW_ASSERT_OK_AND_ASSIGN(cat_unread, messages().CountUnread(cat_.id));
  EXPECT_EQ(cat_unread.first, 0);
  EXPECT_EQ(cat_unread.second, 1);

  CW_ASSERT_OK(messages().AcceptRequest(from_stranger.id, cat_.id));
  CW_ASSERT_OK_AND_ASSIGN(cat_unread, messages().CountUnread(cat_.id));
  EXPECT_EQ(cat_unread.first, 1);
  EXPECT_EQ(cat_unread.second, 0);
}

TEST_F(MessageStoreTest, AnAccountWithNoConversationsHasNothingUnread) {
  CW_ASSERT_OK_AND_ASSIGN(auto unread, messages().CountUnread(ann_.id));
  EXPECT_EQ(unread.first, 0);
  EXPECT_EQ(unread.second, 0);
}

}  // namespace
}  // namespace cw::testing
