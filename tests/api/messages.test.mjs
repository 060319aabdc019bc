// Private messages: inbox vs requests, unread counts, read, accept, dm_policy.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, follow, expectStatus, expectError, show, eventually, ids, assertNewestFirst,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

async function send(token, to, text) {
  const res = await api(server, 'POST', '/api/v1/messages', { token, json: { to, text } });
  expectStatus(res, 200, `message to ${to}`);
  return res.body;
}

async function conversations(token, requests = false) {
  const res = await api(server, 'GET', '/api/v1/conversations', { token, query: requests ? { requests: 'true' } : {} });
  expectStatus(res, 200, `conversations${requests ? ' (requests)' : ''}`);
  assert.ok(Array.isArray(res.body));
  return res.body;
}

async function unread(token) {
  const res = await api(server, 'GET', '/api/v1/conversations/unread_count', { token });
  expectStatus(res, 200);
  assert.equal(typeof res.body.count, 'number', show(res));
  assert.equal(typeof res.body.requests, 'number', show(res));
  return res.body;
}

describe('messages', () => {
  let m1; let m2; let st;
  let reqConv; let inboxConv;

  test('set up: m1 and m2 are friends, st is a stranger', async () => {
    m1 = await register(server, 'dm_one');
    m2 = await register(server, 'dm_two');
    st = await register(server, 'dm_stranger');
    await follow(server, m1.token, m2.id);
    await follow(server, m2.token, m1.id);
    const u = await unread(m1.token);
    assert.deepEqual({ count: u.count, requests: u.requests }, { count: 0, requests: 0 });
  });

  test('a DM from a stranger lands in requests', async () => {
    const msg = await send(st.token, m1.id, '你好，陌生人来信');
    assert.match(msg.id, /^\d+$/);
    assert.match(String(msg.conversation_id), /^\d+$/);
    assert.equal(msg.account.id, st.id);
    assert.equal(msg.text, '你好，陌生人来信');
    assert.ok(!Number.isNaN(Date.parse(msg.created_at)));

    const inbox = await conversations(m1.token);
    assert.equal(inbox.length, 0, `request must not be in the inbox: ${JSON.stringify(inbox)}`);
    const reqs = await conversations(m1.token, true);
    assert.equal(reqs.length, 1, JSON.stringify(reqs));
    reqConv = reqs[0];
    assert.equal(reqConv.id, msg.conversation_id);
    assert.equal(reqConv.request, true);
    assert.equal(reqConv.unread, true);
    assert.equal(reqConv.unread_count, 1);
    assert.ok(ids(reqConv.accounts).includes(st.id));
    assert.equal(reqConv.last_message?.id, msg.id);
    assert.equal(reqConv.last_message?.text, '你好，陌生人来信');
    const u = await unread(m1.token);
    assert.equal(u.requests, 1);

    // For the sender the conversation is an ordinary one.
    const sent = await conversations(st.token);
    assert.equal(sent.length, 1);
    assert.equal(sent[0].id, msg.conversation_id);
    assert.equal(sent[0].request, false);
    assert.equal(sent[0].unread, false, 'own message is not unread');
    assert.equal((await conversations(st.token, true)).length, 0);
  });

  test('DMs between friends land in the inbox; unread_count, read', async () => {
    const before = await unread(m1.token);
    const a = await send(m2.token, m1.id, '第一条');
    const b = await send(m2.token, m1.id, '第二条 🍵');
    assert.equal(a.conversation_id, b.conversation_id, 'one conversation per pair');
    const inbox = await conversations(m1.token);
    assert.equal(inbox.length, 1, JSON.stringify(inbox));
    inboxConv = inbox[0];
    assert.equal(inboxConv.id, a.conversation_id);
    assert.equal(inboxConv.request, false);
    assert.equal(inboxConv.unread, true);
    assert.equal(inboxConv.unread_count, 2);
    assert.equal(inboxConv.last_message.id, b.id);
    assert.ok(ids(inboxConv.accounts).includes(m2.id));
    const u = await unread(m1.token);
    assert.ok(u.count > before.count, `unread count grows: ${JSON.stringify(before)} → ${JSON.stringify(u)}`);
    assert.equal(u.requests, 1);

    const msgs = await api(server, 'GET', `/api/v1/conversations/${inboxConv.id}/messages`, { token: m1.token });
    expectStatus(msgs, 200);
    assert.deepEqual(ids(msgs.body), [b.id, a.id], 'messages newest first');
    assert.equal(msgs.body[0].text, '第二条 🍵');
    assertNewestFirst(msgs.body);

    const rd = await api(server, 'POST', `/api/v1/conversations/${inboxConv.id}/read`, { token: m1.token });
    expectStatus(rd, 200, 'read');
    assert.equal(rd.body.id, inboxConv.id);
    assert.equal(rd.body.unread, false);
    assert.equal(rd.body.unread_count, 0);
    const u2 = await unread(m1.token);
    assert.equal(u2.count, 0, `after reading the only inbox conversation: ${JSON.stringify(u2)}`);
    assert.equal(u2.requests, 1);

    // A reply in the conversation.
    const rep = await api(server, 'POST', `/api/v1/conversations/${inboxConv.id}/messages`, { token: m1.token, json: { text: '收到' } });
    expectStatus(rep, 200, 'reply in conversation');
    assert.equal(rep.body.conversation_id, inboxConv.id);
    assert.equal(rep.body.account.id, m1.id);
    const theirs = await conversations(m2.token);
    assert.equal(theirs[0].last_message.text, '收到');
    assert.equal(theirs[0].unread, true);

    // A message notification for the recipient.
    await eventually(async () => {
      const n = await api(server, 'GET', '/api/v1/notifications', { token: m1.token, query: { 'types[]': ['message'] } });
      expectStatus(n, 200);
      assert.ok(n.body.some((x) => x.type === 'message' && x.account.id === m2.id && x.message?.id), `message notifications: ${show(n)}`);
    });
  });

  test('accept moves a request into the inbox', async () => {
    const acc = await api(server, 'POST', `/api/v1/conversations/${reqConv.id}/accept`, { token: m1.token });
    expectStatus(acc, 200, 'accept');
    assert.equal(acc.body.id, reqConv.id);
    assert.equal(acc.body.request, false);
    assert.equal((await conversations(m1.token, true)).length, 0);
    const inbox = await conversations(m1.token);
    assert.deepEqual(new Set(ids(inbox)), new Set([reqConv.id, inboxConv.id]));
    const u = await unread(m1.token);
    assert.equal(u.requests, 0);
    assert.ok(u.count >= 1, 'the accepted, unread conversation counts in the inbox');
  });

  test('outsiders cannot read or write a conversation', async () => {
    const third = await register(server, 'dm_third');
    expectError(await api(server, 'GET', `/api/v1/conversations/${inboxConv.id}/messages`, { token: third.token }), 404, 'outsider reads');
    expectError(await api(server, 'POST', `/api/v1/conversations/${inboxConv.id}/messages`, { token: third.token, json: { text: '插话' } }), 404, 'outsider writes');
    expectError(await api(server, 'POST', `/api/v1/conversations/${inboxConv.id}/read`, { token: third.token }), 404, 'outsider marks read');
    expectError(await api(server, 'GET', `/api/v1/conversations/${inboxConv.id}/messages`), 401, 'no auth');
    expectError(await api(server, 'POST', '/api/v1/messages', { token: third.token, json: { to: '99999999999', text: 'x' } }), 404, 'message to unknown account');
    expectError(await api(server, 'POST', '/api/v1/messages', { token: third.token, json: { to: m1.id, text: '' } }), 422, 'empty message');
    expectError(await api(server, 'POST', '/api/v1/messages', { token: third.token, json: { to: m1.id, text: '长'.repeat(2001) } }), 422, 'message over 2000 code points');
    expectStatus(await api(server, 'POST', '/api/v1/messages', { token: third.token, json: { to: m1.id, text: '长'.repeat(2000) } }), 200, 'message of 2000 code points');
  });

  test('first message to a fan goes to their inbox, to a non-follower to requests', async () => {
    const fan = await register(server, 'dm_fan');
    const other = await register(server, 'dm_other');
    await follow(server, fan.token, m2.id);
    await send(m2.token, fan.id, '谢谢关注');
    assert.equal((await conversations(fan.token)).length, 1, 'fan: inbox');
    assert.equal((await conversations(fan.token, true)).length, 0);
    await send(m2.token, other.id, '你好');
    assert.equal((await conversations(other.token)).length, 0);
    assert.equal((await conversations(other.token, true)).length, 1, 'non-follower: requests');
  });

  test('dm_policy friends and following', async () => {
    const pf = await register(server, 'dm_friends_only');
    const pfFriend = await register(server, 'dm_pf_friend');
    const pfFan = await register(server, 'dm_pf_fan');
    const up = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', { token: pf.token, json: { dm_policy: 'friends' } });
    expectStatus(up, 200);
    await follow(server, pfFriend.token, pf.id);
    await follow(server, pf.token, pfFriend.id);
    await follow(server, pfFan.token, pf.id);
    expectError(await api(server, 'POST', '/api/v1/messages', { token: st.token, json: { to: pf.id, text: '你好' } }), 403, 'stranger → friends-only');
    expectError(await api(server, 'POST', '/api/v1/messages', { token: pfFan.token, json: { to: pf.id, text: '你好' } }), 403, 'fan → friends-only');
    expectStatus(await api(server, 'POST', '/api/v1/messages', { token: pfFriend.token, json: { to: pf.id, text: '你好' } }), 200, 'friend → friends-only');

    const pg = await register(server, 'dm_following');
    const up2 = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', { token: pg.token, json: { dm_policy: 'following' } });
    expectStatus(up2, 200);
    const followed = await register(server, 'dm_pg_followed');
    const pgFan = await register(server, 'dm_pg_fan');
    await follow(server, pg.token, followed.id);
    await follow(server, pgFan.token, pg.id);
    expectError(await api(server, 'POST', '/api/v1/messages', { token: pgFan.token, json: { to: pg.id, text: 'hi' } }), 403, 'fan → following-only');
    expectStatus(await api(server, 'POST', '/api/v1/messages', { token: followed.token, json: { to: pg.id, text: 'hi' } }), 200, 'followee → following-only');
    // The policy limits who may write to pg, not whom pg writes to.
    expectStatus(await api(server, 'POST', '/api/v1/messages', { token: pg.token, json: { to: pgFan.id, text: 'hi back' } }), 200, 'following-only account writes to its fan');
  });

  test('messages carry entities and content, as posts do; a mention in a message notifies nobody', async () => {
    const before = await api(server, 'GET', '/api/v1/notifications', { token: st.token });
    const text = `问问 @${st.username} 和 @nobody_here，#周末爬山# 路线 https://example.com/map`;
    const m = await send(m1.token, m2.id, text);
    const kinds = m.entities.map((e) => e.type).sort();
    assert.deepEqual(kinds, ['link', 'mention', 'mention', 'topic']);
    const known = m.entities.find((e) => e.type === 'mention' && e.value === st.username);
    assert.equal(known.account_id, st.id, 'a mention resolves to the account');
    assert.equal(m.entities.find((e) => e.value === 'nobody_here').account_id, null);
    assert.equal([...text].slice(known.start, known.end).join(''), `@${st.username}`, 'code-point offsets');
    assert.match(m.content, /<a [^>]*href="https:\/\/example.com\/map"/);
    // The same entities wherever the message is read: the conversation list and its messages.
    const list = await api(server, 'GET', `/api/v1/conversations/${m.conversation_id}/messages`, { token: m2.token });
    assert.deepEqual(list.body[0].entities, m.entities);
    const convs = await conversations(m2.token);
    assert.deepEqual(convs.find((c) => c.id === m.conversation_id).last_message.entities, m.entities);
    const after = await api(server, 'GET', '/api/v1/notifications', { token: st.token });
    assert.equal(after.body.length, before.body.length, 'no mention notification from a private message');
  });
});
