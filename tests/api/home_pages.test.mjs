// Kept home pages (api/home_pages.h), as a client sees them: a second read of an unchanged home
// timeline is answered from the kept page, byte for byte the same; a like, a profile edit, a new
// post, an unfollow or a deletion shows on the very next read. /metrics counts both kinds of read.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, register, post, follow, expectStatus } from './harness.mjs';

async function homeCounts(server) {
  const res = await api(server, 'GET', '/metrics');
  expectStatus(res, 200, 'metrics');
  const count = (result) => {
    const m = res.text.match(new RegExp(`^clearwater_home_pages_total\\{result="${result}"\\} (\\d+)$`, 'm'));
    return m ? Number(m[1]) : null;
  };
  return { kept: count('kept'), built: count('built') };
}

async function home(server, token) {
  const res = await api(server, 'GET', '/api/v1/timelines/home', { token, query: { limit: 20 } });
  expectStatus(res, 200, 'home');
  return res;
}

describe('kept home pages', () => {
  let server;
  let author; let reader;
  before(async () => {
    server = await startServer();
    author = await register(server, 'keptauthor');
    reader = await register(server, 'keptreader');
    await follow(server, reader.token, author.id);
  });
  after(async () => { await server?.close(); });

  // Reads the reader's home twice: the first may build the page, the second must be the kept one.
  async function readTwice(what) {
    const first = await home(server, reader.token);
    const before = await homeCounts(server);
    const second = await home(server, reader.token);
    const afterCounts = await homeCounts(server);
    assert.equal(second.text, first.text, `${what}: the kept page is the page`);
    assert.equal(afterCounts.kept, before.kept + 1, `${what}: the second read was answered from the kept page`);
    assert.equal(second.headers.get('link'), first.headers.get('link'), `${what}: same Link header`);
    return first;
  }

  test('an unchanged page is kept; every change shows on the next read', async () => {
    const p1 = await post(server, author.token, '第一条 first');
    let page = await readTwice('after the first post');
    assert.deepEqual(page.body.map((s) => s.id), [p1.id]);
    assert.equal(page.body[0].favourited, false);

    let counts = await homeCounts(server);
    expectStatus(await api(server, 'POST', `/api/v1/statuses/${p1.id}/favourite`, { token: reader.token }), 200, 'like');
    page = await home(server, reader.token);
    assert.equal(page.body[0].favourited, true, 'the like shows at once');
    assert.equal(page.body[0].favourites_count, 1);
    assert.equal((await homeCounts(server)).built, counts.built + 1, 'the liked page was built again');
    await readTwice('after the like');

    expectStatus(await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
      token: author.token, form: { display_name: '改了名字' },
    }), 200, 'profile edit');
    page = await home(server, reader.token);
    assert.equal(page.body[0].account.display_name, '改了名字', 'the profile edit shows at once');
    await readTwice('after the profile edit');

    const p2 = await post(server, author.token, '第二条 second');
    page = await home(server, reader.token);
    assert.deepEqual(page.body.map((s) => s.id), [p2.id, p1.id], 'the new post shows at once');
    assert.equal(page.body[1].account.statuses_count, 2);

    expectStatus(await api(server, 'DELETE', `/api/v1/statuses/${p2.id}`, { token: author.token }), 200, 'delete');
    page = await home(server, reader.token);
    assert.deepEqual(page.body.map((s) => s.id), [p1.id], 'the deleted post is gone at once');

    expectStatus(await api(server, 'POST', `/api/v1/accounts/${author.id}/unfollow`, { token: reader.token }), 200, 'unfollow');
    page = await home(server, reader.token);
    assert.deepEqual(page.body, [], 'the unfollowed author leaves at once');
    counts = await homeCounts(server);
    assert.ok(counts.kept > 0 && counts.built > 0);
  });

  test('later pages are built every time', async () => {
    const res = await api(server, 'GET', '/api/v1/timelines/home', { token: author.token, query: { max_id: '999999999999999999' } });
    expectStatus(res, 200, 'page after max_id');
    const before = await homeCounts(server);
    await api(server, 'GET', '/api/v1/timelines/home', { token: author.token, query: { max_id: '999999999999999999' } });
    assert.equal((await homeCounts(server)).kept, before.kept, 'no kept page for max_id');
  });
});

describe('without kept home pages', () => {
  let server;
  before(async () => { server = await startServer({ args: ['--home-pages', '0'] }); });
  after(async () => { await server?.close(); });

  test('--home-pages 0 builds every page and counts none', async () => {
    const a = await register(server, 'nokeepa');
    const b = await register(server, 'nokeepb');
    await follow(server, b.token, a.id);
    const p = await post(server, a.token, 'hello');
    const first = await home(server, b.token);
    const second = await home(server, b.token);
    assert.equal(second.text, first.text);
    assert.deepEqual(first.body.map((s) => s.id), [p.id]);
    assert.deepEqual(await homeCounts(server), { kept: null, built: null });
  });
});
