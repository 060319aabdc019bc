// The social scenario: follow, relationships, posts with entities, forward chains, comments,
// likes, timelines, notifications, and a deleted root.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, getAccount, getStatus, expectStatus, expectError,
  show, eventually, parseLink, assertNewestFirst, ids, cpRange, cmpId,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

async function notifications(token, query = {}) {
  const res = await api(server, 'GET', '/api/v1/notifications', { token, query: { limit: 40, ...query } });
  expectStatus(res, 200, 'notifications');
  assert.ok(Array.isArray(res.body));
  return res.body;
}

function assertRelationship(rel, id, expected, what) {
  assert.equal(rel.id, id, `${what}: relationship id`);
  for (const [k, v] of Object.entries(expected)) {
    assert.equal(rel[k], v, `${what}: ${k} should be ${v}: ${JSON.stringify(rel)}`);
  }
}

describe('social scenario', () => {
  let a1; let a2; let a3;
  let p0; // a1's original post
  let f1; let f2; let f3; // forward chain
  let c1; let c2; // comment and reply

  test('register three accounts', async () => {
    a1 = await register(server, 'a1');
    a2 = await register(server, 'a2');
    a3 = await register(server, 'a3');
    assert.notEqual(a1.id, a2.id);
    assert.notEqual(a2.id, a3.id);
  });

  test('follow is idempotent and counts followers/following', async () => {
    const r1 = await api(server, 'POST', `/api/v1/accounts/${a1.id}/follow`, { token: a2.token });
    expectStatus(r1, 200);
    assertRelationship(r1.body, a1.id, { following: true, followed_by: false, friends: false, blocking: false, muting: false }, 'a2→a1');
    const r2 = await api(server, 'POST', `/api/v1/accounts/${a1.id}/follow`, { token: a2.token });
    expectStatus(r2, 200, 'second follow');
    assertRelationship(r2.body, a1.id, { following: true }, 'a2→a1 again');
    assert.equal((await getAccount(server, a1.id)).followers_count, 1, 'a1 has one fan after double follow');
    assert.equal((await getAccount(server, a2.id)).following_count, 1, 'a2 follows one');

    const r3 = await api(server, 'POST', `/api/v1/accounts/${a2.id}/follow`, { token: a1.token });
    expectStatus(r3, 200);
    assertRelationship(r3.body, a2.id, { following: true, followed_by: true, friends: true }, 'a1→a2 mutual');
    await follow(server, a3.token, a1.id);
    assert.equal((await getAccount(server, a1.id)).followers_count, 2);
    assert.equal((await getAccount(server, a1.id)).following_count, 1);
    assert.equal((await getAccount(server, a3.id)).following_count, 1);

    expectError(await api(server, 'POST', `/api/v1/accounts/${a1.id}/follow`, { token: a1.token }), 422, 'follow yourself');
    expectError(await api(server, 'POST', '/api/v1/accounts/99999999999/follow', { token: a1.token }), 404, 'follow unknown');
  });

  test('unfollow is idempotent', async () => {
    await follow(server, a3.token, a2.id);
    assert.equal((await getAccount(server, a2.id)).followers_count, 2);
    for (let i = 0; i < 2; i++) {
      const r = await api(server, 'POST', `/api/v1/accounts/${a2.id}/unfollow`, { token: a3.token });
      expectStatus(r, 200, `unfollow #${i + 1}`);
      assertRelationship(r.body, a2.id, { following: false }, 'a3 unfollowed a2');
    }
    assert.equal((await getAccount(server, a2.id)).followers_count, 1);
    assert.equal((await getAccount(server, a3.id)).following_count, 1);
  });

  test('relationships: friends = mutual', async () => {
    const res = await api(server, 'GET', '/api/v1/accounts/relationships', { token: a1.token, query: { 'id[]': [a2.id, a3.id] } });
    expectStatus(res, 200);
    assert.equal(res.body.length, 2, show(res));
    const byId = Object.fromEntries(res.body.map((r) => [r.id, r]));
    assertRelationship(byId[a2.id], a2.id, { following: true, followed_by: true, friends: true, blocking: false, blocked_by: false, muting: false, requested: false }, 'a1/a2');
    assertRelationship(byId[a3.id], a3.id, { following: false, followed_by: true, friends: false }, 'a1/a3');
    assert.ok(Array.isArray(byId[a2.id].groups), 'groups is an array');
    expectError(await api(server, 'GET', '/api/v1/accounts/relationships', { query: { 'id[]': [a2.id] } }), 401, 'relationships without auth');
  });

  test('followers and following lists', async () => {
    const fans = await api(server, 'GET', `/api/v1/accounts/${a1.id}/followers`);
    expectStatus(fans, 200);
    assert.deepEqual(new Set(ids(fans.body)), new Set([a2.id, a3.id]));
    const following = await api(server, 'GET', `/api/v1/accounts/${a2.id}/following`);
    expectStatus(following, 200);
    assert.deepEqual(ids(following.body), [a1.id]);
  });

  test('post in Chinese with #话题# and @mention: entities, mentions, tags', async () => {
    const text = '今天天气很好 #话题# @a2 看看 https://example.com/x?y=1 好';
    p0 = await post(server, a1.token, text);
    assert.equal(p0.text, text);
    assert.equal(p0.account.id, a1.id);
    assert.equal(p0.visibility, 'public');
    assert.equal(p0.audience, 'public');
    assert.equal(p0.long, false);
    assert.equal(p0.forward, null);
    assert.equal(p0.deleted, false);
    assert.equal(p0.reblogs_count, 0);
    assert.equal(p0.favourites_count, 0);
    assert.equal(p0.comments_count, 0);
    assert.ok(!Number.isNaN(Date.parse(p0.created_at)));
    assert.match(p0.content, /<p>/, 'content is HTML');
    assert.ok(p0.content.includes('话题'));

    const topic = p0.entities.find((e) => e.type === 'topic');
    assert.ok(topic, `no topic entity: ${JSON.stringify(p0.entities)}`);
    assert.deepEqual({ start: topic.start, end: topic.end, value: topic.value }, { ...cpRange(text, '#话题#'), value: '话题' });
    const mention = p0.entities.find((e) => e.type === 'mention');
    assert.ok(mention, `no mention entity: ${JSON.stringify(p0.entities)}`);
    assert.deepEqual({ start: mention.start, end: mention.end, value: mention.value, account_id: mention.account_id },
      { ...cpRange(text, '@a2'), value: 'a2', account_id: a2.id });
    const link = p0.entities.find((e) => e.type === 'link');
    assert.ok(link, `no link entity: ${JSON.stringify(p0.entities)}`);
    assert.deepEqual({ start: link.start, end: link.end, value: link.value },
      { ...cpRange(text, 'https://example.com/x?y=1'), value: 'https://example.com/x?y=1' });

    assert.equal(p0.mentions.length, 1);
    assert.deepEqual({ ...p0.mentions[0] }, { id: a2.id, username: 'a2', acct: 'a2', url: '/@a2' });
    assert.equal(p0.tags.length, 1);
    assert.equal(p0.tags[0].name, '话题');
    assert.equal(decodeURIComponent(p0.tags[0].url), '/tags/话题');

    // A mention of an unknown handle is no mention of anyone.
    const p = await post(server, a3.token, '你好 @nobody_known 和 @a1');
    assert.deepEqual(p.mentions.map((m) => m.id), [a1.id]);
    assert.equal((await getAccount(server, a1.id)).statuses_count, 1);
  });

  test('forward, then forward the forward: chain text, hops, root, counts', async () => {
    const r1 = await api(server, 'POST', `/api/v1/statuses/${p0.id}/reblog`, { token: a2.token, json: { status: 'c1' } });
    expectStatus(r1, 200, 'a2 forwards p0');
    f1 = r1.body;
    assert.equal(f1.account.id, a2.id);
    assert.equal(f1.text, 'c1', 'a forward of an original shows only its comment');
    assert.ok(f1.forward, `forward missing: ${show(r1)}`);
    assert.equal(f1.forward.root_id, p0.id);
    assert.equal(f1.forward.parent_id, p0.id);
    assert.equal(f1.forward.comment, 'c1');
    assert.equal(f1.forward.root_deleted, false);
    assert.equal(f1.forward.root?.id, p0.id);
    assert.equal(f1.forward.root?.text, p0.text);
    assert.deepEqual(f1.forward.chain, [], 'chain excludes the root');
    assert.equal(f1.forward.source_comment_id, null);

    const r2 = await api(server, 'POST', `/api/v1/statuses/${f1.id}/reblog`, { token: a3.token, json: { status: 'c2' } });
    expectStatus(r2, 200, 'a3 forwards f1');
    f2 = r2.body;
    assert.equal(f2.text, 'c2 //@a2: c1');
    assert.equal(f2.forward.root_id, p0.id);
    assert.equal(f2.forward.parent_id, f1.id);
    assert.equal(f2.forward.comment, 'c2');
    assert.equal(f2.forward.root?.id, p0.id);
    assert.equal(f2.forward.chain.length, 1, JSON.stringify(f2.forward.chain));
    assert.equal(f2.forward.chain[0].id, f1.id);
    assert.equal(f2.forward.chain[0].account.id, a2.id);
    assert.equal(f2.forward.chain[0].comment, 'c1');
    assert.equal(f2.forward.chain[0].deleted, false);

    const r3 = await api(server, 'POST', `/api/v1/statuses/${f2.id}/reblog`, { token: a1.token, json: { status: '第三层 c3' } });
    expectStatus(r3, 200, 'a1 forwards f2');
    f3 = r3.body;
    assert.equal(f3.text, '第三层 c3 //@a3: c2 //@a2: c1');
    assert.deepEqual(f3.forward.chain.map((h) => [h.id, h.account.id, h.comment]),
      [[f2.id, a3.id, 'c2'], [f1.id, a2.id, 'c1']], 'chain nearest first');
    assert.equal(f3.forward.root_id, p0.id);
    assert.equal(f3.forward.parent_id, f2.id);

    // An empty comment is allowed.
    const r4 = await api(server, 'POST', `/api/v1/statuses/${f1.id}/reblog`, { token: a1.token, json: {} });
    expectStatus(r4, 200, 'forward with empty comment');
    assert.ok(r4.body.text.endsWith('//@a2: c1'), `empty-comment forward text: ${JSON.stringify(r4.body.text)}`);
    assert.equal(r4.body.forward.comment, '');

    // Counts: the root counts every forward in its cascade, a parent its direct forwards.
    const root = await getStatus(server, p0.id, a2.token);
    assert.equal(root.reblogs_count, 4, `root reblogs_count: ${JSON.stringify(root)}`);
    assert.equal(root.reblogged, true, 'a2 forwarded p0');
    const pf1 = await getStatus(server, f1.id);
    // f1 is the direct parent of f2 and r4 (and the grandparent of f3, which may or may not count).
    assert.ok(pf1.reblogs_count === 2 || pf1.reblogs_count === 3, `f1 reblogs_count: ${pf1.reblogs_count}`);
    const pf2 = await getStatus(server, f2.id);
    assert.equal(pf2.reblogs_count, 1, 'f2 forwarded once');

    const fw = await api(server, 'GET', `/api/v1/statuses/${p0.id}/forwards`);
    expectStatus(fw, 200);
    assert.deepEqual(ids(fw.body), [f1.id], 'direct forwards of p0');
    const fw1 = await api(server, 'GET', `/api/v1/statuses/${f1.id}/forwards`);
    expectStatus(fw1, 200);
    assert.deepEqual(ids(fw1.body), [r4.body.id, f2.id], 'direct forwards of f1, newest first');

    const rb = await api(server, 'GET', `/api/v1/statuses/${p0.id}/reblogged_by`);
    expectStatus(rb, 200);
    assert.ok(ids(rb.body).includes(a2.id), `reblogged_by p0: ${show(rb)}`);
    const rb1 = await api(server, 'GET', `/api/v1/statuses/${f1.id}/reblogged_by`);
    expectStatus(rb1, 200);
    assert.deepEqual(new Set(ids(rb1.body)), new Set([a3.id, a1.id]), `reblogged_by f1: ${show(rb1)}`);
  });

  test('comment, reply to a comment, list comments and replies', async () => {
    const r1 = await api(server, 'POST', `/api/v1/statuses/${p0.id}/comments`, { token: a2.token, json: { text: '好文 @a3' } });
    expectStatus(r1, 200, 'comment');
    c1 = r1.body;
    assert.match(c1.id, /^\d+$/);
    assert.equal(c1.status_id, p0.id);
    assert.equal(c1.account.id, a2.id);
    assert.equal(c1.text, '好文 @a3');
    assert.equal(c1.reply_to_id, null);
    assert.equal(c1.reply_to_account, null);
    assert.equal(c1.replies_count, 0);
    assert.equal(c1.favourites_count, 0);
    assert.equal(c1.favourited, false);
    assert.equal(c1.forward_id, null);
    assert.ok(c1.entities.some((e) => e.type === 'mention' && e.value === 'a3' && e.account_id === a3.id),
      `comment entities: ${JSON.stringify(c1.entities)}`);

    const r2 = await api(server, 'POST', `/api/v1/statuses/${p0.id}/comments`, { token: a3.token, json: { text: '同意', reply_to_id: c1.id } });
    expectStatus(r2, 200, 'reply');
    c2 = r2.body;
    assert.equal(c2.reply_to_id, c1.id);
    assert.equal(c2.reply_to_account?.id, a2.id);
    assert.equal(c2.status_id, p0.id);

    const got = await api(server, 'GET', `/api/v1/comments/${c1.id}`);
    expectStatus(got, 200);
    assert.equal(got.body.replies_count, 1);
    const replies = await api(server, 'GET', `/api/v1/comments/${c1.id}/replies`);
    expectStatus(replies, 200);
    assert.deepEqual(ids(replies.body), [c2.id]);
    const list = await api(server, 'GET', `/api/v1/statuses/${p0.id}/comments`);
    expectStatus(list, 200);
    assert.ok(ids(list.body).includes(c1.id), `comments of p0: ${show(list)}`);
    assertNewestFirst(list.body, 'comments');
    assert.equal((await getStatus(server, p0.id)).comments_count, 2, 'comments_count counts the reply too');

    // reply_to_id must be a comment on the same post.
    const other = await post(server, a3.token, '另一条');
    const bad = await api(server, 'POST', `/api/v1/statuses/${other.id}/comments`, { token: a2.token, json: { text: 'x', reply_to_id: c1.id } });
    expectError(bad, [404, 422], 'reply_to_id of another post');
    expectError(await api(server, 'POST', `/api/v1/statuses/${p0.id}/comments`, { token: a2.token, json: { text: '' } }), 422, 'empty comment');
    expectError(await api(server, 'POST', `/api/v1/statuses/${p0.id}/comments`, { json: { text: 'x' } }), 401, 'comment without auth');
  });

  test('forward a comment', async () => {
    const res = await api(server, 'POST', `/api/v1/comments/${c1.id}/forward`, { token: a1.token, json: { status: '说得对' } });
    expectStatus(res, 200, 'forward comment');
    const s = res.body;
    assert.equal(s.text, '说得对 //@a2: 好文 @a3');
    assert.equal(s.account.id, a1.id);
    assert.equal(s.forward.root_id, p0.id);
    assert.equal(s.forward.parent_id, p0.id);
    assert.equal(s.forward.source_comment_id, c1.id);
    assert.equal(s.forward.comment, '说得对');
  });

  test('comment and also forward', async () => {
    const before = await getStatus(server, p0.id);
    const res = await api(server, 'POST', `/api/v1/statuses/${p0.id}/comments`, { token: a3.token, json: { text: '顶一下', also_forward: true } });
    expectStatus(res, 200, 'comment + forward');
    assert.match(String(res.body.forward_id), /^\d+$/, `forward_id: ${show(res)}`);
    const fwd = await getStatus(server, res.body.forward_id);
    assert.equal(fwd.account.id, a3.id);
    assert.equal(fwd.forward.root_id, p0.id);
    assert.equal(fwd.forward.parent_id, p0.id);
    assert.equal(fwd.forward.comment, '顶一下');
    assert.equal(fwd.text, '顶一下');
    const after2 = await getStatus(server, p0.id);
    assert.equal(after2.comments_count, before.comments_count + 1);
    assert.equal(after2.reblogs_count, before.reblogs_count + 1);
  });

  test('forward and also comment', async () => {
    const before = await getStatus(server, p0.id);
    const res = await api(server, 'POST', `/api/v1/statuses/${p0.id}/reblog`, { token: a2.token, form: { status: '转发并评论', also_comment: 'true' } });
    expectStatus(res, 200, 'forward + comment');
    assert.equal(res.body.forward.root_id, p0.id);
    assert.equal(res.body.text, '转发并评论');
    const list = await api(server, 'GET', `/api/v1/statuses/${p0.id}/comments`);
    expectStatus(list, 200);
    const c = list.body.find((x) => x.text === '转发并评论');
    assert.ok(c, `no comment from "forward and also comment": ${show(list)}`);
    assert.equal(c.account.id, a2.id);
    // forward_id is documented for "comment and also forward"; here it may link back or be null.
    assert.ok(c.forward_id === null || c.forward_id === res.body.id, `forward_id of the comment: ${c.forward_id}`);
    const after2 = await getStatus(server, p0.id);
    assert.equal(after2.comments_count, before.comments_count + 1);
    assert.equal(after2.reblogs_count, before.reblogs_count + 1);
  });

  test('likes on posts and comments are idempotent; favourited_by', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await api(server, 'POST', `/api/v1/statuses/${p0.id}/favourite`, { token: a2.token });
      expectStatus(r, 200, `like #${i + 1}`);
      assert.equal(r.body.id, p0.id);
      assert.equal(r.body.favourited, true);
      assert.equal(r.body.favourites_count, 1, 'double like counts once');
    }
    const r3 = await api(server, 'POST', `/api/v1/statuses/${p0.id}/favourite`, { token: a3.token });
    expectStatus(r3, 200);
    assert.equal(r3.body.favourites_count, 2);
    const fb = await api(server, 'GET', `/api/v1/statuses/${p0.id}/favourited_by`);
    expectStatus(fb, 200);
    assert.deepEqual(new Set(ids(fb.body)), new Set([a2.id, a3.id]));
    for (let i = 0; i < 2; i++) {
      const u = await api(server, 'POST', `/api/v1/statuses/${p0.id}/unfavourite`, { token: a3.token });
      expectStatus(u, 200, `unlike #${i + 1}`);
      assert.equal(u.body.favourited, false);
      assert.equal(u.body.favourites_count, 1);
    }
    const seen = await getStatus(server, p0.id, a2.token);
    assert.equal(seen.favourited, true, 'favourited for the liker');
    assert.equal((await getStatus(server, p0.id, a3.token)).favourited, false);

    for (let i = 0; i < 2; i++) {
      const r = await api(server, 'POST', `/api/v1/comments/${c1.id}/favourite`, { token: a1.token });
      expectStatus(r, 200, `comment like #${i + 1}`);
      assert.equal(r.body.id, c1.id);
      assert.equal(r.body.favourited, true);
      assert.equal(r.body.favourites_count, 1);
    }
    const cu = await api(server, 'POST', `/api/v1/comments/${c2.id}/favourite`, { token: a1.token });
    expectStatus(cu, 200);
    const cu2 = await api(server, 'POST', `/api/v1/comments/${c2.id}/unfavourite`, { token: a1.token });
    expectStatus(cu2, 200);
    assert.equal(cu2.body.favourited, false);
    assert.equal(cu2.body.favourites_count, 0);
    expectError(await api(server, 'POST', '/api/v1/statuses/99999999999/favourite', { token: a1.token }), 404, 'like unknown post');
  });

  test('concurrent likes and follows count exactly', async () => {
    const target = await post(server, a3.token, '并发点赞');
    const same = await Promise.all(Array.from({ length: 10 }, () => api(server, 'POST', `/api/v1/statuses/${target.id}/favourite`, { token: a1.token })));
    same.forEach((r) => expectStatus(r, 200, 'parallel like by one account'));
    assert.equal((await getStatus(server, target.id)).favourites_count, 1, 'ten parallel likes by one account count once');
    const likers = await Promise.all(Array.from({ length: 12 }, (_, i) => register(server, `liker_${i}`)));
    const many = await Promise.all(likers.map((l) => api(server, 'POST', `/api/v1/statuses/${target.id}/favourite`, { token: l.token })));
    many.forEach((r) => expectStatus(r, 200, 'parallel like'));
    assert.equal((await getStatus(server, target.id)).favourites_count, 13);
    const fb = await api(server, 'GET', `/api/v1/statuses/${target.id}/favourited_by?limit=40`);
    expectStatus(fb, 200);
    assert.equal(fb.body.length, 13);

    const star = await register(server, 'parallel_star');
    const fl = await Promise.all([
      ...Array.from({ length: 8 }, () => api(server, 'POST', `/api/v1/accounts/${star.id}/follow`, { token: a1.token })),
      ...likers.map((l) => api(server, 'POST', `/api/v1/accounts/${star.id}/follow`, { token: l.token })),
    ]);
    fl.forEach((r) => expectStatus(r, 200, 'parallel follow'));
    assert.equal((await getAccount(server, star.id)).followers_count, 13, 'parallel follows counted exactly');
    const fans = await api(server, 'GET', `/api/v1/accounts/${star.id}/followers?limit=40`);
    assert.equal(fans.body.length, 13);
  });

  test('home timeline: followees and own posts, newest first, Link paging', async () => {
    const h1 = await register(server, 'home_reader');
    const w1 = await register(server, 'writer_one');
    const w2 = await register(server, 'writer_two');
    const stranger = await register(server, 'not_followed');
    await follow(server, h1.token, w1.id);
    await follow(server, h1.token, w2.id);
    const expected = [];
    for (let i = 0; i < 7; i++) {
      const who = [w1, w2, h1][i % 3];
      expected.push((await post(server, who.token, `时间线 ${i}`)).id);
      await post(server, stranger.token, `陌生人 ${i}`);
    }
    expected.reverse();
    const first = await eventually(async () => {
      const r = await api(server, 'GET', '/api/v1/timelines/home?limit=40', { token: h1.token });
      expectStatus(r, 200);
      assert.deepEqual(ids(r.body), expected, 'home timeline = followees + own, newest first');
      return r;
    });
    assert.ok(first.body.every((s) => s.account.id !== stranger.id));

    // Page through with limit=3 following rel="next".
    const seen = [];
    let url = '/api/v1/timelines/home?limit=3';
    let pages = 0;
    while (url && pages < 10) {
      const r = await api(server, 'GET', url, { token: h1.token });
      expectStatus(r, 200, `page ${pages}`);
      assert.ok(r.body.length <= 3);
      if (r.body.length === 0) break;
      seen.push(...ids(r.body));
      const link = parseLink(server, r.headers.get('link'));
      assert.ok(link.next, `no rel="next" in Link: ${r.headers.get('link')}`);
      assert.ok(link.prev, `no rel="prev" in Link: ${r.headers.get('link')}`);
      assert.match(link.next, /max_id=\d+/);
      url = link.next;
      pages++;
    }
    assert.deepEqual(seen, expected, 'pages join up without gaps or repeats');

    const mid = expected[3];
    const older = await api(server, 'GET', `/api/v1/timelines/home?max_id=${mid}`, { token: h1.token });
    expectStatus(older, 200);
    assert.deepEqual(ids(older.body), expected.slice(4), 'max_id: strictly older');
    const newer = await api(server, 'GET', `/api/v1/timelines/home?since_id=${mid}`, { token: h1.token });
    expectStatus(newer, 200);
    assert.deepEqual(ids(newer.body), expected.slice(0, 3), 'since_id: strictly newer, newest first');
    const minPage = await api(server, 'GET', `/api/v1/timelines/home?min_id=${mid}&limit=2`, { token: h1.token });
    expectStatus(minPage, 200);
    assert.deepEqual(new Set(ids(minPage.body)), new Set(expected.slice(1, 3)), 'min_id: the page right after it');

    const pub = await api(server, 'GET', '/api/v1/timelines/public?limit=40');
    expectStatus(pub, 200);
    assertNewestFirst(pub.body, 'public timeline');
    assert.ok(ids(pub.body).includes(expected[0]));
  });

  test('user timeline and exclude_reblogs', async () => {
    const r = await api(server, 'GET', `/api/v1/accounts/${a1.id}/statuses?limit=40`);
    expectStatus(r, 200);
    assertNewestFirst(r.body, 'user timeline');
    assert.ok(r.body.every((s) => s.account.id === a1.id));
    const got = ids(r.body);
    assert.ok(got.includes(p0.id), 'original in user timeline');
    assert.ok(got.includes(f3.id), 'forward in user timeline');
    const ex = await api(server, 'GET', `/api/v1/accounts/${a1.id}/statuses?exclude_reblogs=true&limit=40`);
    expectStatus(ex, 200);
    assert.deepEqual(ids(ex.body), [p0.id], 'exclude_reblogs leaves only the original');
    expectError(await api(server, 'GET', '/api/v1/accounts/99999999999/statuses'), 404, 'timeline of unknown account');
  });

  test('notifications: types, filter, unread_count, read', async () => {
    // a2 (a friend of a1) sends a1 a message.
    const msg = await api(server, 'POST', '/api/v1/messages', { token: a2.token, json: { to: a1.id, text: '私信你好' } });
    expectStatus(msg, 200, 'DM a2→a1');

    const n1 = await eventually(async () => {
      const list = await notifications(a1.token);
      const types = new Set(list.map((n) => n.type));
      for (const t of ['follow', 'reblog', 'comment', 'favourite', 'message', 'mention']) {
        assert.ok(types.has(t), `a1 lacks a "${t}" notification; has ${[...types].join(',')}`);
      }
      return list;
    });
    assertNewestFirst(n1, 'notifications');
    for (const n of n1) {
      assert.match(n.id, /^\d+$/);
      assert.equal(typeof n.read, 'boolean');
      assert.ok(n.account?.id, `notification without account: ${JSON.stringify(n)}`);
      assert.ok(!Number.isNaN(Date.parse(n.created_at)));
    }
    const follows = n1.filter((n) => n.type === 'follow');
    assert.deepEqual(new Set(follows.map((n) => n.account.id)), new Set([a2.id, a3.id]), 'follow notifications from a2 and a3 (once each)');
    assert.equal(follows.length, 2, 'a repeated follow does not notify twice');
    const reblog = n1.find((n) => n.type === 'reblog' && n.account.id === a2.id);
    assert.ok(reblog, 'reblog from a2');
    assert.ok(reblog.status, 'reblog notification carries the status');
    const comment = n1.find((n) => n.type === 'comment' && n.comment?.id === c1.id);
    assert.ok(comment, `comment notification for c1: ${JSON.stringify(n1.filter((n) => n.type === 'comment'))}`);
    assert.equal(comment.account.id, a2.id);
    const fav = n1.find((n) => n.type === 'favourite' && n.account.id === a2.id);
    assert.equal(fav?.status?.id, p0.id, 'favourite notification carries the liked post');
    const m = n1.find((n) => n.type === 'message');
    assert.equal(m.account.id, a2.id);
    assert.equal(m.message?.text, '私信你好');
    const mention = n1.find((n) => n.type === 'mention' && n.account.id === a3.id);
    assert.ok(mention, 'a3 mentioned a1');

    // a2: mention (p0), reply (a3 replied to c1), favourite (a1 liked c1).
    await eventually(async () => {
      const list = await notifications(a2.token);
      const mt = list.find((n) => n.type === 'mention' && n.status?.id === p0.id);
      assert.ok(mt, `a2 lacks mention of p0: ${JSON.stringify(list.map((n) => n.type))}`);
      const rp = list.find((n) => n.type === 'reply');
      assert.equal(rp?.comment?.id, c2.id, 'reply notification carries the reply');
      assert.equal(rp.account.id, a3.id);
      const cf = list.find((n) => n.type === 'favourite' && n.comment?.id === c1.id);
      assert.ok(cf, 'like of a2\'s comment notifies a2');
      assert.equal(cf.account.id, a1.id);
    });

    const all = await notifications(a1.token);
    const only = await notifications(a1.token, { 'types[]': ['follow'] });
    assert.ok(only.length === 2 && only.every((n) => n.type === 'follow'), `types[]=follow: ${JSON.stringify(only.map((n) => n.type))}`);
    const two = await notifications(a1.token, { 'types[]': ['follow', 'message'] });
    assert.ok(two.every((n) => n.type === 'follow' || n.type === 'message'));
    assert.equal(two.length, 3);
    const ex = await notifications(a1.token, { 'exclude_types[]': ['follow'] });
    assert.ok(ex.length === all.length - 2 && ex.every((n) => n.type !== 'follow'), 'exclude_types[]');

    const one = await api(server, 'GET', `/api/v1/notifications/${n1[0].id}`, { token: a1.token });
    expectStatus(one, 200);
    assert.equal(one.body.id, n1[0].id);
    expectError(await api(server, 'GET', `/api/v1/notifications/${n1[0].id}`, { token: a3.token }), 404, "someone else's notification");

    const uc = await api(server, 'GET', '/api/v1/notifications/unread_count', { token: a1.token });
    expectStatus(uc, 200);
    assert.equal(uc.body.count, all.filter((n) => !n.read).length);
    assert.equal(uc.body.count, all.length, 'all unread before read');
    const ucf = await api(server, 'GET', '/api/v1/notifications/unread_count', { token: a1.token, query: { 'types[]': ['follow'] } });
    expectStatus(ucf, 200);
    assert.equal(ucf.body.count, 2);

    // Read up to an id, then everything.
    const mid = all[Math.floor(all.length / 2)];
    const rd = await api(server, 'POST', '/api/v1/notifications/read', { token: a1.token, json: { max_id: mid.id } });
    expectStatus(rd, 200);
    assert.deepEqual(rd.body, {});
    const partial = await notifications(a1.token);
    for (const n of partial) {
      if (n.id === mid.id) continue; // inclusive or exclusive: either reading is fine
      const shouldBeRead = cmpId(n.id, mid.id) < 0;
      assert.equal(n.read, shouldBeRead, `after read max_id=${mid.id}: ${n.id} read=${n.read}`);
    }
    const rdAll = await api(server, 'POST', '/api/v1/notifications/read', { token: a1.token });
    expectStatus(rdAll, 200);
    const uc2 = await api(server, 'GET', '/api/v1/notifications/unread_count', { token: a1.token });
    assert.equal(uc2.body.count, 0);
    assert.ok((await notifications(a1.token)).every((n) => n.read));
  });

  test('forward text is bounded at 2000 code points, oldest hops dropped first', async () => {
    const root = await post(server, a1.token, '长链的根');
    let parent = root;
    const comments = [];
    for (let i = 0; i < 20; i++) {
      const who = i % 2 === 0 ? a2 : a3;
      const c = `${String(i).padStart(2, '0')}${'链'.repeat(136)}`; // 138 code points
      comments.push([who.username, c]);
      const r = await api(server, 'POST', `/api/v1/statuses/${parent.id}/reblog`, { token: who.token, json: { status: c } });
      expectStatus(r, 200, `hop ${i}`);
      parent = r.body;
    }
    const text = parent.text;
    const cps = [...text].length;
    assert.ok(cps <= 2000, `forward text has ${cps} code points`);
    // What the unbounded text would be: newest comment, then hops newest first.
    const parts = [comments[19][1]];
    for (let i = 18; i >= 0; i--) parts.push(`//@${comments[i][0]}: ${comments[i][1]}`);
    const full = parts.join(' ');
    assert.ok([...full].length > 2000, 'the test builds an over-long chain');
    assert.ok(text.startsWith(comments[19][1]), 'own comment first');
    assert.ok(text.includes(`//@${comments[18][0]}: ${comments[18][1]}`), 'nearest hop kept');
    assert.ok(!text.includes(comments[0][1]), 'oldest hop dropped');
    // Whole hops are kept: the text is a prefix of the full text ending at a hop boundary.
    assert.ok(full.startsWith(text), `bounded text is not a prefix of the full chain: ${text.slice(-80)}`);
    assert.ok(full.slice(text.length).startsWith(' //@'), 'bounded at a hop boundary');
    assert.ok(cps > 2000 - 160, `dropped more hops than needed: ${cps} code points left`);
    expectError(await api(server, 'POST', `/api/v1/statuses/${parent.id}/reblog`, { token: a2.token, json: { status: '评'.repeat(141) } }), 422, 'forward comment over 140');
  });

  test('Link prev, unfollow and deletion update timelines and counts', async () => {
    const reader = await register(server, 'tl_reader');
    const writer = await register(server, 'tl_writer');
    await follow(server, reader.token, writer.id);
    const ps = [];
    for (let i = 0; i < 4; i++) ps.push(await post(server, writer.token, `分页 ${i}`));
    const newestFirst = ids(ps).reverse();
    const p1 = await eventually(async () => {
      const r = await api(server, 'GET', '/api/v1/timelines/home?limit=2', { token: reader.token });
      expectStatus(r, 200);
      assert.deepEqual(ids(r.body), newestFirst.slice(0, 2));
      return r;
    });
    const p2 = await api(server, 'GET', parseLink(server, p1.headers.get('link')).next, { token: reader.token });
    expectStatus(p2, 200);
    assert.deepEqual(ids(p2.body), newestFirst.slice(2, 4));
    const back = await api(server, 'GET', parseLink(server, p2.headers.get('link')).prev, { token: reader.token });
    expectStatus(back, 200);
    assert.deepEqual(ids(back.body), newestFirst.slice(0, 2), 'rel="prev" of page 2 is page 1');

    // Deleting a post removes it from timelines and the count.
    const before = (await getAccount(server, writer.id)).statuses_count;
    expectStatus(await api(server, 'DELETE', `/api/v1/statuses/${ps[3].id}`, { token: writer.token }), 200);
    assert.equal((await getAccount(server, writer.id)).statuses_count, before - 1);
    const ut = await api(server, 'GET', `/api/v1/accounts/${writer.id}/statuses`);
    assert.ok(!ids(ut.body).includes(ps[3].id), 'deleted post left in the user timeline');
    await eventually(async () => {
      const r = await api(server, 'GET', '/api/v1/timelines/home', { token: reader.token });
      assert.ok(!ids(r.body).includes(ps[3].id), 'deleted post left in the home timeline');
    });
    const pub = await api(server, 'GET', '/api/v1/timelines/public?limit=40');
    assert.ok(!ids(pub.body).includes(ps[3].id), 'deleted post left in the public timeline');

    // Unfollowing drops the account's posts from the home timeline.
    expectStatus(await api(server, 'POST', `/api/v1/accounts/${writer.id}/unfollow`, { token: reader.token }), 200);
    await eventually(async () => {
      const r = await api(server, 'GET', '/api/v1/timelines/home', { token: reader.token });
      assert.deepEqual(r.body.filter((s) => s.account.id === writer.id).map((s) => s.id), [], 'unfollowed account still in home timeline');
    });

    // Deleting a comment lowers comments_count.
    const c = await api(server, 'POST', `/api/v1/statuses/${ps[0].id}/comments`, { token: reader.token, json: { text: '临时评论' } });
    expectStatus(c, 200);
    assert.equal((await getStatus(server, ps[0].id)).comments_count, 1);
    expectStatus(await api(server, 'DELETE', `/api/v1/comments/${c.body.id}`, { token: reader.token }), 200);
    assert.equal((await getStatus(server, ps[0].id)).comments_count, 0);
    const list = await api(server, 'GET', `/api/v1/statuses/${ps[0].id}/comments`);
    assert.deepEqual(list.body, []);
  });

  test('deleting the root leaves readable forwards with root_deleted', async () => {
    expectError(await api(server, 'DELETE', `/api/v1/statuses/${p0.id}`, { token: a2.token }), [403, 404], "deleting someone else's post");
    const del = await api(server, 'DELETE', `/api/v1/statuses/${p0.id}`, { token: a1.token });
    expectStatus(del, 200, 'delete root');
    assert.equal(del.body.id, p0.id);
    expectError(await api(server, 'GET', `/api/v1/statuses/${p0.id}`), 404, 'deleted root');
    expectError(await api(server, 'DELETE', `/api/v1/statuses/${p0.id}`, { token: a1.token }), 404, 'deleting twice');

    for (const f of [f1, f2, f3]) {
      const s = await getStatus(server, f.id);
      assert.equal(s.forward.root, null, `forward ${f.id}: root should be null`);
      assert.equal(s.forward.root_deleted, true);
      assert.equal(s.forward.root_id, p0.id);
      assert.equal(s.text, f.text, 'forward text unchanged');
    }
    expectError(await api(server, 'POST', `/api/v1/statuses/${p0.id}/reblog`, { token: a3.token, json: { status: 'x' } }), 404, 'forwarding a deleted post');

    // Deleting a middle hop: the chain says so.
    const dh = await api(server, 'DELETE', `/api/v1/statuses/${f1.id}`, { token: a2.token });
    expectStatus(dh, 200);
    const s3 = await getStatus(server, f3.id);
    assert.equal(s3.forward.chain.length, 2);
    assert.equal(s3.forward.chain[1].id, f1.id);
    assert.equal(s3.forward.chain[1].deleted, true);
    assert.ok(s3.forward.chain[1].comment == null, `a deleted hop has no comment: ${JSON.stringify(s3.forward.chain[1])}`);
    assert.equal(s3.forward.chain[0].deleted, false);
    assert.equal(s3.forward.chain[0].comment, 'c2');
    // Forwards of deleted posts stay forwardable; the chain grows.
    // Forwarding a forward whose root is gone: the contract leaves it open (refuse, or forward with
    // root_deleted); either way a clear answer.
    const again = await api(server, 'POST', `/api/v1/statuses/${f3.id}/reblog`, { token: a2.token, json: { status: 'c4' } });
    if (again.status === 200) assert.equal(again.body.forward.root_deleted, true);
    else expectError(again, [404, 422], 'forward of a forward whose root is deleted');
  });
});

describe('the answer to a new post or forward', () => {
  test('shows its own flags unset and the viewer\'s flags on what it forwards', async () => {
    const b1 = await register(server, 'fresh_b1');
    const b2 = await register(server, 'fresh_b2');
    const q0 = await post(server, b1.token, '新帖子的回答');
    assert.equal(q0.favourited, false);
    assert.equal(q0.reblogged, false);
    expectStatus(await api(server, 'POST', `/api/v1/statuses/${q0.id}/favourite`, { token: b2.token }), 200);
    const fw = await api(server, 'POST', `/api/v1/statuses/${q0.id}/reblog`, { token: b2.token, json: { status: '转' } });
    expectStatus(fw, 200, 'b2 forwards q0');
    assert.equal(fw.body.favourited, false);
    assert.equal(fw.body.reblogged, false);
    assert.equal(fw.body.forward.root.id, q0.id);
    assert.equal(fw.body.forward.root.favourited, true, 'b2 liked the root');
    assert.equal(fw.body.forward.root.reblogged, true, 'b2 has just forwarded the root');
    // Read back, the forward says the same.
    const again = await getStatus(server, fw.body.id, b2.token);
    assert.equal(again.favourited, false);
    assert.equal(again.forward.root.favourited, true);
    assert.equal(again.forward.root.reblogged, true);
  });
});
