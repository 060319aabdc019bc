// Hot search and topics: GET /api/v1/hot, /api/v1/trends/tags, /api/v1/timelines/tag/:name and
// /api/v1/tags/:name — shapes, distinct-account counting, the visibility policy on tag timelines,
// paging, and bad input answered with 4xx JSON.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, expectStatus, expectError, eventually, ids,
  parseLink, assertNewestFirst,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

const tag = (name) => encodeURIComponent(name);

async function hot(query = {}) {
  const res = await api(server, 'GET', '/api/v1/hot', { query });
  expectStatus(res, 200, 'hot');
  assert.ok(Array.isArray(res.body), 'hot: not an array');
  return res.body;
}

describe('topics', () => {
  let a; let b; let c; let stranger;
  const p = {};

  test('set up: three accounts discuss one topic, one of them twice; a private topic', async () => {
    a = await register(server, 'topic_a');
    b = await register(server, 'topic_b');
    c = await register(server, 'topic_c');
    stranger = await register(server, 'topic_stranger');
    await follow(server, b.token, a.id);
    await follow(server, a.token, b.id);
    p.a1 = await post(server, a.token, '今天的 #春日踏青# 太美了');
    p.a2 = await post(server, a.token, '再来一张 #春日踏青#');
    p.b1 = await post(server, b.token, '#春日踏青# 人好多');
    p.c1 = await post(server, c.token, '#春日踏青#');
    p.friends = await post(server, a.token, '只给朋友看 #春日踏青#', { visibility: 'friends' });
    p.secret = await post(server, a.token, '#秘密基地# 不公开', { visibility: 'friends' });
    p.other = await post(server, c.token, '#别的话题# 一个人');
  });

  test('the hot list counts distinct accounts and posts, public posts only', async () => {
    await eventually(async () => {
      const items = await hot({ window: '1h', type: 'topics' });
      const spring = items.find((i) => i.name === '春日踏青');
      assert.ok(spring, `春日踏青 missing from ${JSON.stringify(items)}`);
      assert.equal(spring.accounts, 3);
      assert.equal(spring.posts, 4);
      assert.equal(spring.type, 'topic');
      assert.equal(spring.url, '/tags/春日踏青');
      assert.equal(spring.rank, 1);
      for (const k of ['score', 'weighted_accounts', 'baseline', 'burst']) {
        assert.equal(typeof spring[k], 'number', k);
      }
      assert.ok(spring.score > 0 && spring.burst >= 1);
      assert.ok(items.every((i) => i.name !== '秘密基地'), 'a friends-only topic leaked');
      assert.deepEqual(items.map((i) => i.rank), items.map((_, i) => i + 1));
    }, { timeoutMs: 5000, intervalMs: 200 });
    const day = await hot({ window: '24h', type: 'topics', limit: 1 });
    assert.equal(day.length, 1);
    assert.equal(day[0].name, '春日踏青');
    const all = await hot();
    assert.ok(all.some((i) => i.name === '春日踏青'), 'default window and type list topics');
  });

  test('trending tags have Mastodon\'s shape with seven days of history', async () => {
    const res = await api(server, 'GET', '/api/v1/trends/tags');
    expectStatus(res, 200, 'trends');
    const spring = res.body.find((t) => t.name === '春日踏青');
    assert.ok(spring, JSON.stringify(res.body));
    assert.equal(spring.url, '/tags/春日踏青');
    assert.equal(spring.following, false);
    assert.equal(spring.history.length, 7);
    assert.match(spring.history[0].day, /^\d+$/);
    assert.equal(Number(spring.history[0].day) % 86400, 0);
    assert.equal(spring.history[0].uses, '4');
    assert.equal(spring.history[0].accounts, '3');
  });

  test('a tag timeline is newest first, visibility-checked and paged by Link', async () => {
    const path = `/api/v1/timelines/tag/${tag('春日踏青')}`;
    // Indexing is a job: wait until every post is in (the friend sees all five), then compare.
    await eventually(async () => {
      const asFriend = await api(server, 'GET', path, { token: b.token });
      expectStatus(asFriend, 200, 'tag timeline');
      assert.deepEqual(ids(asFriend.body), [p.friends.id, p.c1.id, p.b1.id, p.a2.id, p.a1.id]);
    });
    const res = await api(server, 'GET', path, { token: stranger.token });
    assert.deepEqual(ids(res.body), [p.c1.id, p.b1.id, p.a2.id, p.a1.id]);
    const anonymous = await api(server, 'GET', path);
    assert.equal(anonymous.body.length, 4);
    assertNewestFirst(anonymous.body, 'tag timeline');
    assert.ok(anonymous.body.every((s) => s.tags.some((t) => t.name === '春日踏青')));

    const first = await api(server, 'GET', path, { query: { limit: 2 } });
    assert.deepEqual(ids(first.body), [p.c1.id, p.b1.id]);
    const next = parseLink(server, first.headers.get('link')).next;
    assert.ok(next, 'no next link');
    const second = await api(server, 'GET', next);
    assert.deepEqual(ids(second.body), [p.a2.id, p.a1.id]);
    const since = await api(server, 'GET', path, { query: { since_id: p.a2.id } });
    assert.deepEqual(ids(since.body), [p.c1.id, p.b1.id]);

    const closed = await api(server, 'GET', `/api/v1/timelines/tag/${tag('#春日踏青#')}`);
    assert.equal(closed.body.length, 4, 'the #name# form names the same topic');
    const secret = await api(server, 'GET', `/api/v1/timelines/tag/${tag('秘密基地')}`,
      { token: stranger.token });
    assert.deepEqual(secret.body, []);
    const unknown = await api(server, 'GET', `/api/v1/timelines/tag/${tag('没人用过')}`);
    expectStatus(unknown, 200);
    assert.deepEqual(unknown.body, []);
  });

  test('order=hot puts engaged posts first and pages by offset', async () => {
    const like = await api(server, 'POST', `/api/v1/statuses/${p.a1.id}/favourite`,
      { token: c.token });
    expectStatus(like, 200, 'like');
    const path = `/api/v1/timelines/tag/${tag('春日踏青')}`;
    const res = await api(server, 'GET', path, { query: { order: 'hot' } });
    expectStatus(res, 200, 'hot order');
    assert.equal(res.body[0].id, p.a1.id);
    assert.equal(res.body.length, 4);
    assert.equal(res.headers.get('link'), null);
    const paged = await api(server, 'GET', path, { query: { order: 'hot', limit: 1, offset: 1 } });
    assert.equal(paged.body.length, 1);
    assert.equal(paged.body[0].id, res.body[1].id);
  });

  test('a tag page has hourly volume, top contributors and its place in the hot list', async () => {
    const res = await api(server, 'GET', `/api/v1/tags/${tag('春日踏青')}`, { query: { hours: 6 } });
    expectStatus(res, 200, 'tag page');
    const t = res.body;
    assert.equal(t.name, '春日踏青');
    assert.equal(t.posts_count, 4);
    assert.equal(t.history.length, 7);
    assert.equal(t.volume.length, 6);
    const last = t.volume[5];
    assert.equal(last.posts, 4);
    assert.equal(last.accounts, 3);
    assert.match(last.hour, /^\d{4}-\d\d-\d\dT\d\d:00:00\.000Z$/);
    assert.ok(Date.parse(t.volume[1].hour) - Date.parse(t.volume[0].hour) === 3600_000);
    assert.equal(t.top_contributors[0].account.id, a.id);
    assert.equal(t.top_contributors[0].posts, 2);
    assert.equal(t.top_contributors.length, 3);
    assert.ok(t.hot && t.hot.rank >= 1, JSON.stringify(t.hot));
    assert.ok(Date.parse(t.last_status_at) > 0);
    const dflt = await api(server, 'GET', `/api/v1/tags/${tag('#春日踏青#')}`);
    assert.equal(dflt.body.volume.length, 24);
  });

  test('bad input answers 4xx with a JSON error', async () => {
    const long = 'a'.repeat(65);
    const cases = [
      ['/api/v1/hot', { window: '2h' }, 422],
      ['/api/v1/hot', { window: '' }, 422],
      ['/api/v1/hot', { type: 'posts' }, 422],
      ['/api/v1/hot', { limit: 'ten' }, 400],
      ['/api/v1/trends/tags', { limit: '1e3' }, 400],
      [`/api/v1/tags/${long}`, {}, 422],
      [`/api/v1/tags/${tag('春日踏青')}`, { hours: 0 }, 422],
      [`/api/v1/tags/${tag('春日踏青')}`, { hours: 169 }, 422],
      [`/api/v1/tags/${tag('！！')}`, {}, 422],
      ['/api/v1/tags/%E6%98', {}, 422],
      ['/api/v1/tags/%ZZ', {}, 400],
      [`/api/v1/timelines/tag/${long}`, {}, 422],
      [`/api/v1/timelines/tag/${tag('春日踏青')}`, { order: 'random' }, 422],
      [`/api/v1/timelines/tag/${tag('春日踏青')}`, { max_id: 'x' }, 400],
      [`/api/v1/timelines/tag/${tag('春日踏青')}`, { order: 'hot', offset: 'first' }, 400],
    ];
    for (const [path, query, status] of cases) {
      const res = await api(server, 'GET', path, { query });
      const what = `${path} ${JSON.stringify(query)}`;
      assert.ok(res.status >= 400 && res.status < 500, `${what}: ${res.status}`);
      expectError(res, status, what);
    }
    // Limits out of range are clamped, as everywhere in the API.
    expectStatus(await api(server, 'GET', '/api/v1/hot', { query: { limit: 0 } }), 200);
    expectStatus(await api(server, 'GET', '/api/v1/trends/tags', { query: { limit: 99 } }), 200);
    const missing = await api(server, 'GET', `/api/v1/tags/${tag('没人用过')}`);
    expectError(missing, 404, 'unknown tag');
    const privateOnly = await api(server, 'GET', `/api/v1/tags/${tag('秘密基地')}`);
    expectError(privateOnly, 404, 'a topic only private posts use');
    const longest = await api(server, 'GET', `/api/v1/timelines/tag/${'a'.repeat(64)}`);
    expectStatus(longest, 200, 'a 64-character topic is fine');
  });
});
