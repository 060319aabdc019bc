// Search (GET /api/v2/search): Chinese words and phrases, exclusion, from:/since:/until:, accounts
// and topics, the visibility policy (nobody finds what they may not read), and indexing that
// keeps up with posting and survives a kill -9.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, expectStatus, expectError, eventually, ids,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

async function search(q, opts = {}) {
  const res = await api(server, 'GET', '/api/v2/search', {
    token: opts.token, query: { q, ...(opts.query ?? {}) },
  });
  expectStatus(res, 200, `search ${q}`);
  assert.ok(Array.isArray(res.body.accounts) && Array.isArray(res.body.statuses) &&
    Array.isArray(res.body.hashtags), `search ${q}: not {accounts, statuses, hashtags}`);
  return res.body;
}

// Waits until `q` finds exactly `want` (status ids, any order) for `token`.
async function expectFound(q, want, token, what = q) {
  await eventually(async () => {
    const found = ids((await search(q, { token, query: { type: 'statuses', limit: 40 } })).statuses);
    assert.deepEqual([...found].sort(), [...want].sort(), `${what}: found ${found}, want ${want}`);
  }, { timeoutMs: 3000 });
}

describe('search', () => {
  let author; let friend; let fan; let stranger;
  const p = {};

  test('set up: accounts, relations and posts of every visibility', async () => {
    author = await register(server, 'search_author', { display_name: '谣言粉碎机' });
    friend = await register(server, 'search_friend');
    fan = await register(server, 'search_fan');
    stranger = await register(server, 'search_stranger');
    await follow(server, friend.token, author.id);
    await follow(server, author.token, friend.id);
    await follow(server, fan.token, author.id);

    p.rumour = await post(server, author.token, '网传某医院发生火灾，纯属谣言 #辟谣#');
    p.hospital = await post(server, author.token, '这家医院的医生很好');
    p.phrase = await post(server, author.token, '我在北京大学读书');
    p.split = await post(server, author.token, '北京的大学很多');
    p.ad = await post(server, author.token, '谣言 广告 请转发');
    p.english = await post(server, stranger.token, 'Hot DEAL on ＰＨＯＮＥＳ today');
    p.friends = await post(server, author.token, '只给朋友看的谣言', { visibility: 'friends' });
    p.fans = await post(server, author.token, '粉丝可见的谣言', { visibility: 'fans' });
    p.me = await post(server, author.token, '只有我自己能看的谣言', { visibility: 'only_me' });
    p.unlisted = await post(server, author.token, '不公开列出的谣言', { visibility: 'unlisted' });
  });

  test('a new post is findable within a second', async () => {
    const started = Date.now();
    await expectFound('医生', [p.hospital.id], stranger.token);
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
  });

  test('a two-character word finds the posts containing it, and only those', async () => {
    await expectFound('谣言', [p.rumour.id, p.ad.id], stranger.token);
    await expectFound('医院', [p.rumour.id, p.hospital.id], stranger.token);
  });

  test('longer words match as phrases; quoted phrases keep words together', async () => {
    await expectFound('北京大学', [p.phrase.id]);
    await expectFound('北京 大学', [p.phrase.id, p.split.id]);
    await expectFound('"hot deal"', [p.english.id]);
    await expectFound('"deal hot"', []);
    await expectFound('phones', [p.english.id], undefined, 'full-width text is found in ASCII');
  });

  test('exclusion', async () => {
    await expectFound('谣言 -广告', [p.rumour.id], stranger.token);
    await expectFound('谣言 -"请转发"', [p.rumour.id], stranger.token);
  });

  test('from:, since: and until:', async () => {
    await expectFound('phones from:search_stranger', [p.english.id]);
    await expectFound('phones from:search_author', []);
    await expectFound('from:search_stranger', [p.english.id], undefined, 'from: alone lists the author');
    await expectFound('from:nobody_here 谣言', []);
    await expectFound('谣言 since:2000-01-01 until:2100-01-01', [p.rumour.id, p.ad.id]);
    await expectFound('谣言 until:2001-01-01', []);
    const bad = await api(server, 'GET', '/api/v2/search', { query: { q: 'since:2020-02-30' } });
    expectError(bad, 422, 'a bad date');
  });

  test('visibility: friends-only, fans-only and only-me posts are never found by strangers', async () => {
    await expectFound('谣言', [p.rumour.id, p.ad.id], undefined, 'anonymous');
    await expectFound('谣言', [p.rumour.id, p.ad.id], stranger.token, 'stranger');
    await expectFound('谣言', [p.rumour.id, p.ad.id, p.friends.id, p.fans.id], friend.token, 'friend');
    await expectFound('谣言', [p.rumour.id, p.ad.id, p.fans.id], fan.token, 'fan');
    await expectFound('谣言', [p.rumour.id, p.ad.id, p.friends.id, p.fans.id, p.me.id, p.unlisted.id],
      author.token, 'author');
    for (const q of ['只有我自己能看', '"只给朋友看"', '粉丝可见 from:search_author']) {
      await expectFound(q, [], stranger.token, `stranger: ${q}`);
    }
  });

  test('a block hides the blocker\'s posts and account from the blocked', async () => {
    const b = await api(server, 'POST', `/api/v1/accounts/${stranger.id}/block`, { token: author.token });
    expectStatus(b, 200, 'block');
    await expectFound('谣言', [], stranger.token, 'blocked stranger');
    const accounts = (await search('search_author', { token: stranger.token })).accounts;
    assert.deepEqual(ids(accounts), []);
    expectStatus(await api(server, 'POST', `/api/v1/accounts/${stranger.id}/unblock`,
      { token: author.token }), 200, 'unblock');
  });

  test('a deleted post is no longer found', async () => {
    const gone = await post(server, author.token, '马上删除的独特内容');
    await expectFound('独特内容', [gone.id]);
    expectStatus(await api(server, 'DELETE', `/api/v1/statuses/${gone.id}`, { token: author.token }), 200);
    await expectFound('独特内容', []);
  });

  test('accounts by handle prefix and display name; topics by name', async () => {
    await eventually(async () => {
      const byHandle = await search('search_au', { query: { type: 'accounts' } });
      assert.deepEqual(ids(byHandle.accounts), [author.id]);
      assert.deepEqual(byHandle.statuses, []);
      const byName = await search('粉碎机');
      assert.deepEqual(ids(byName.accounts), [author.id]);
      const topics = await search('辟谣', { query: { type: 'hashtags' } });
      assert.deepEqual(topics.hashtags.map((t) => t.name), ['辟谣']);
      assert.equal(topics.hashtags[0].url, '/tags/辟谣');
      const exact = await search('#辟谣#', { query: { type: 'statuses' } });
      assert.deepEqual(ids(exact.statuses), [p.rumour.id]);
    }, { timeoutMs: 3000 });
  });

  test('a profile change is searchable', async () => {
    const res = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
      token: fan.token, json: { note: '专业 辟谣 二十年' },
    });
    expectStatus(res, 200, 'update bio');
    await eventually(async () => {
      assert.deepEqual(ids((await search('二十年')).accounts), [fan.id]);
    }, { timeoutMs: 3000 });
  });

  test('limit, offset and order=latest', async () => {
    const all = ids((await search('谣言', { token: author.token, query: { type: 'statuses', order: 'latest' } })).statuses);
    assert.equal(all.length, 6);
    assert.deepEqual(all, [...all].sort((a, b) => (BigInt(b) > BigInt(a) ? 1 : -1)), 'latest is newest first');
    const page1 = ids((await search('谣言', { token: author.token, query: { type: 'statuses', limit: 2 } })).statuses);
    const page2 = ids((await search('谣言', { token: author.token, query: { type: 'statuses', limit: 2, offset: 2 } })).statuses);
    assert.equal(page1.length, 2);
    assert.equal(page2.length, 2);
    assert.equal(new Set([...page1, ...page2]).size, 4, 'pages do not overlap');
  });

  test('comments are searchable with type=comments', async () => {
    const c = await api(server, 'POST', `/api/v1/statuses/${p.hospital.id}/comments`, {
      token: fan.token, json: { status: '评论里的独家线索' },
    });
    expectStatus(c, 200, 'comment');
    await eventually(async () => {
      const res = await search('独家线索', { query: { type: 'comments' } });
      assert.deepEqual(ids(res.comments), [c.body.id]);
    }, { timeoutMs: 3000 });
    // On a friends-only post, a comment stays hidden from strangers.
    const hidden = await api(server, 'POST', `/api/v1/statuses/${p.friends.id}/comments`, {
      token: friend.token, json: { status: '朋友圈里的秘密评论' },
    });
    expectStatus(hidden, 200, 'comment on a friends-only post');
    await eventually(async () => {
      assert.deepEqual(ids((await search('秘密评论', { token: friend.token, query: { type: 'comments' } })).comments), [hidden.body.id]);
    }, { timeoutMs: 3000 });
    assert.deepEqual(ids((await search('秘密评论', { token: stranger.token, query: { type: 'comments' } })).comments), []);
  });

  test('bad parameters', async () => {
    expectError(await api(server, 'GET', '/api/v2/search', { query: { q: 'x', type: 'posts' } }), 422, 'bad type');
    expectError(await api(server, 'GET', '/api/v2/search', { query: { q: 'x', order: 'best' } }), 422, 'bad order');
    const empty = await search('😀 ！！');
    assert.deepEqual(empty, { accounts: [], statuses: [], hashtags: [] });
  });

  test('posts written just before a kill -9 are indexed after the restart', async () => {
    const last = await post(server, stranger.token, '崩溃之前的最后一条');
    await server.kill9();
    await server.restart();
    await expectFound('最后一条', [last.id], stranger.token);
  });
});
