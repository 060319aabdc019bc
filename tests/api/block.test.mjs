// Block and mute.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, getAccount, expectStatus, expectError, show, eventually, ids,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

async function notifications(token) {
  const res = await api(server, 'GET', '/api/v1/notifications?limit=40', { token });
  expectStatus(res, 200);
  return res.body;
}

async function home(token) {
  const res = await api(server, 'GET', '/api/v1/timelines/home?limit=40', { token });
  expectStatus(res, 200);
  return res.body;
}

describe('block', () => {
  let b1; let b2; let witness;
  let oldPost; let b2Post;

  test('block removes follows both ways', async () => {
    b1 = await register(server, 'blocker');
    b2 = await register(server, 'blocked');
    witness = await register(server, 'witness');
    await follow(server, b1.token, b2.id);
    await follow(server, b2.token, b1.id);
    oldPost = await post(server, b1.token, '屏蔽之前的帖子');
    b2Post = await post(server, b2.token, '被屏蔽者的帖子');
    assert.equal((await getAccount(server, b1.id)).followers_count, 1);

    const r = await api(server, 'POST', `/api/v1/accounts/${b2.id}/block`, { token: b1.token });
    expectStatus(r, 200, 'block');
    assert.equal(r.body.id, b2.id);
    assert.equal(r.body.blocking, true);
    assert.equal(r.body.following, false);
    assert.equal(r.body.followed_by, false);
    assert.equal(r.body.friends, false);
    const again = await api(server, 'POST', `/api/v1/accounts/${b2.id}/block`, { token: b1.token });
    expectStatus(again, 200, 'block twice');
    assert.equal(again.body.blocking, true);

    const rel = await api(server, 'GET', '/api/v1/accounts/relationships', { token: b2.token, query: { 'id[]': [b1.id] } });
    expectStatus(rel, 200);
    assert.equal(rel.body[0].blocked_by, true);
    assert.equal(rel.body[0].following, false);
    assert.equal(rel.body[0].followed_by, false);

    const a1 = await getAccount(server, b1.id);
    const a2 = await getAccount(server, b2.id);
    assert.deepEqual([a1.followers_count, a1.following_count, a2.followers_count, a2.following_count], [0, 0, 0, 0], 'counts after block');
  });

  test('the blocked account cannot follow, comment, forward, like, DM or see', async () => {
    expectError(await api(server, 'POST', `/api/v1/accounts/${b1.id}/follow`, { token: b2.token }), 403, 'blocked follows blocker');
    expectError(await api(server, 'POST', `/api/v1/accounts/${b2.id}/follow`, { token: b1.token }), 403, 'blocker follows blocked');
    expectError(await api(server, 'GET', `/api/v1/statuses/${oldPost.id}`, { token: b2.token }), 404, 'blocked reads blocker post');
    expectError(await api(server, 'POST', `/api/v1/statuses/${oldPost.id}/comments`, { token: b2.token, json: { text: '评论' } }), [403, 404], 'blocked comments');
    expectError(await api(server, 'POST', `/api/v1/statuses/${oldPost.id}/reblog`, { token: b2.token, json: { status: '转发' } }), [403, 404], 'blocked forwards');
    expectError(await api(server, 'POST', `/api/v1/statuses/${oldPost.id}/favourite`, { token: b2.token }), [403, 404], 'blocked likes');
    expectError(await api(server, 'POST', '/api/v1/messages', { token: b2.token, json: { to: b1.id, text: '私信' } }), 403, 'blocked DMs blocker');
    expectError(await api(server, 'POST', '/api/v1/messages', { token: b1.token, json: { to: b2.id, text: '私信' } }), 403, 'blocker DMs blocked');
    expectError(await api(server, 'POST', `/api/v1/statuses/${b2Post.id}/comments`, { token: b1.token, json: { text: '评论' } }), [403, 404], 'blocker comments on blocked');

    const tl = await api(server, 'GET', `/api/v1/accounts/${b1.id}/statuses`, { token: b2.token });
    if (tl.status === 200) assert.deepEqual(tl.body, [], `blocked sees the blocker's timeline: ${show(tl)}`);
    else expectError(tl, 404, "blocked reads blocker's user timeline");

    const pub = await api(server, 'GET', '/api/v1/timelines/public?limit=40', { token: b2.token });
    expectStatus(pub, 200);
    assert.ok(!pub.body.some((s) => s.account.id === b1.id), 'public timeline hides the blocker from the blocked');

    // A public forward by a third party of the blocker's post: the root is hidden from b2.
    const fw = await api(server, 'POST', `/api/v1/statuses/${oldPost.id}/reblog`, { token: witness.token, json: { status: '围观' } });
    expectStatus(fw, 200);
    const seen = await api(server, 'GET', `/api/v1/statuses/${fw.body.id}`, { token: b2.token });
    expectStatus(seen, 200);
    assert.equal(seen.body.forward.root, null, 'root hidden from the blocked');
    assert.equal(seen.body.forward.root_deleted, true);
    expectError(await api(server, 'POST', `/api/v1/statuses/${fw.body.id}/reblog`, { token: b2.token, json: { status: 'x' } }), [403, 404], "blocked forwards a forward of the blocker's post");
  });

  test('no notifications from the blocked account', async () => {
    // b2 mentions b1; then the witness mentions b1 as a marker that the queue has drained.
    await post(server, b2.token, '@blocker 你为什么屏蔽我');
    const marker = await post(server, witness.token, '@blocker 标记');
    const list = await eventually(async () => {
      const l = await notifications(b1.token);
      assert.ok(l.some((n) => n.status?.id === marker.id), 'marker mention arrived');
      return l;
    });
    // b2's follow before the block may remain in history; nothing b2 did after the block.
    const fromBlocked = list.filter((n) => n.account.id === b2.id && n.type !== 'follow');
    assert.deepEqual(fromBlocked, [], 'notification from a blocked account');
  });

  test('unblock', async () => {
    const r = await api(server, 'POST', `/api/v1/accounts/${b2.id}/unblock`, { token: b1.token });
    expectStatus(r, 200);
    assert.equal(r.body.blocking, false);
    assert.equal(r.body.following, false, 'unblock does not restore follows');
    expectStatus(await api(server, 'GET', `/api/v1/statuses/${oldPost.id}`, { token: b2.token }), 200, 'visible again');
    await follow(server, b2.token, b1.id);
  });
});

describe('mute', () => {
  let m1; let m2; let m3;

  test('mute hides from the home timeline and silences notifications', async () => {
    m1 = await register(server, 'muter');
    m2 = await register(server, 'muted');
    m3 = await register(server, 'mute_marker');
    await follow(server, m1.token, m2.id);
    await follow(server, m1.token, m3.id);
    const before = await post(server, m2.token, '静音前');
    await eventually(async () => assert.ok(ids(await home(m1.token)).includes(before.id)));

    const r = await api(server, 'POST', `/api/v1/accounts/${m2.id}/mute`, { token: m1.token });
    expectStatus(r, 200);
    assert.equal(r.body.muting, true);
    assert.equal(r.body.following, true, 'mute keeps the follow');

    const hidden = await post(server, m2.token, '静音后 @muter');
    await api(server, 'POST', `/api/v1/accounts/${m1.id}/follow`, { token: m2.token });
    const mine = await post(server, m1.token, '我的帖子');
    const likeRes = await api(server, 'POST', `/api/v1/statuses/${mine.id}/favourite`, { token: m2.token });
    expectStatus(likeRes, 200, 'a muted account can still like');
    const marker = await post(server, m3.token, '标记 @muter');
    await eventually(async () => {
      const tl = ids(await home(m1.token));
      assert.ok(tl.includes(marker.id), 'marker post arrived');
      assert.ok(!tl.includes(hidden.id), 'muted account\'s new post is hidden');
      assert.ok(!tl.includes(before.id), 'muted account\'s older post is hidden too');
    });
    const list = await eventually(async () => {
      const l = await notifications(m1.token);
      assert.ok(l.some((n) => n.status?.id === marker.id), 'marker mention arrived');
      return l;
    });
    assert.deepEqual(list.filter((n) => n.account.id === m2.id).map((n) => n.type), [], 'no notifications from a muted account');

    // The post itself is still readable.
    expectStatus(await api(server, 'GET', `/api/v1/statuses/${hidden.id}`, { token: m1.token }), 200);
  });

  test('unmute brings posts back', async () => {
    const r = await api(server, 'POST', `/api/v1/accounts/${m2.id}/unmute`, { token: m1.token });
    expectStatus(r, 200);
    assert.equal(r.body.muting, false);
    const p = await post(server, m2.token, '取消静音后');
    await eventually(async () => assert.ok(ids(await home(m1.token)).includes(p.id)));
  });
});
