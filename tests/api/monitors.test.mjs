// Brand monitors: /api/v1/analytics/monitors — create, list, read, update and delete by their
// owner only; bad input answered with 4xx JSON; Chinese keywords matched inside text without
// spaces and #topics#; the report's volume, top posts and top accounts; a deleted post leaving
// the report; and a burst raising a monitor_alert notification and a webhook call that a tiny
// HTTP server started here receives.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  startServer, api, register, post, expectStatus, expectError, eventually, binaryPath, PASSWORD,
} from './harness.mjs';

const BASE = '/api/v1/analytics/monitors';
let server;
// The periodic check is off: the test runs it through the admin hook when it wants it.
before(async () => { server = await startServer({ args: ['--monitor-check-every', '0'] }); });
after(async () => { await server?.close(); });

async function admin(username) {
  await promisify(execFile)(binaryPath(), ['admin', 'create-account', '--data', server.dataDir,
    '--username', username, '--password', PASSWORD, '--role', 'admin']);
  const res = await api(server, 'POST', '/oauth/token', {
    json: { grant_type: 'password', username, password: PASSWORD },
  });
  expectStatus(res, 200, `login ${username}`);
  return { token: res.body.access_token };
}

async function create(token, body) {
  return expectStatus(await api(server, 'POST', BASE, { token, json: body }), 200, 'create monitor');
}

async function report(token, id, query = {}) {
  return expectStatus(await api(server, 'GET', `${BASE}/${id}/report`, { token, query }), 200, 'report');
}

// Waits until the report counts `n` posts (matching follows indexing, within a poll or two).
async function reportWith(token, id, n) {
  return eventually(async () => {
    const r = await report(token, id);
    assert.equal(r.posts, n, `report posts: ${JSON.stringify(r.volume.filter((v) => v.posts))}`);
    return r;
  }, { timeoutMs: 10000 });
}

describe('monitors', () => {
  let brand; let other; let alice; let bob;

  before(async () => {
    brand = await register(server, 'mon_brand');
    other = await register(server, 'mon_other');
    alice = await register(server, 'mon_alice');
    bob = await register(server, 'mon_bob');
  });

  test('CRUD by the owner', async () => {
    const m = await create(brand.token, {
      name: '奶茶舆情', keywords: ['奶茶', 'Boba'], topics: ['#新品发布#'], burst_factor: 4,
      webhook_url: 'http://127.0.0.1:9/hook',
    });
    assert.match(m.id, /^\d+$/);
    assert.equal(m.name, '奶茶舆情');
    assert.deepEqual(m.keywords, ['奶茶', 'Boba']);
    assert.deepEqual(m.topics, ['新品发布']);
    assert.equal(m.burst_factor, 4);
    assert.equal(m.min_posts, 10);
    assert.equal(m.webhook_url, 'http://127.0.0.1:9/hook');

    const list = expectStatus(await api(server, 'GET', BASE, { token: brand.token }), 200);
    assert.deepEqual(list.map((x) => x.id), [m.id]);
    const got = expectStatus(await api(server, 'GET', `${BASE}/${m.id}`, { token: brand.token }), 200);
    assert.equal(got.name, m.name);

    const patched = expectStatus(await api(server, 'PATCH', `${BASE}/${m.id}`, {
      token: brand.token, json: { name: '改名', min_posts: 5, webhook_url: '' },
    }), 200);
    assert.equal(patched.name, '改名');
    assert.equal(patched.min_posts, 5);
    assert.equal(patched.webhook_url, '');
    assert.deepEqual(patched.keywords, ['奶茶', 'Boba'], 'fields not sent are kept');

    expectStatus(await api(server, 'DELETE', `${BASE}/${m.id}`, { token: brand.token }), 200);
    expectError(await api(server, 'GET', `${BASE}/${m.id}`, { token: brand.token }), 404);
    expectError(await api(server, 'DELETE', `${BASE}/${m.id}`, { token: brand.token }), 404);
  });

  test('bad input gets 4xx JSON errors', async () => {
    const t = brand.token;
    const bad = async (body, status, what) => {
      const b = expectError(await api(server, 'POST', BASE, { token: t, json: body }), status, what);
      return b.error;
    };
    expectError(await api(server, 'POST', BASE, { json: { name: 'x', keywords: ['a'] } }), 401);
    await bad({ name: 'x' }, 422, 'no keywords or topics');
    await bad({ keywords: ['a'] }, 422, 'no name');
    await bad({ name: 'x'.repeat(51), keywords: ['a'] }, 422, 'long name');
    await bad({ name: 'x', keywords: Array.from({ length: 21 }, (_, i) => `k${i}`) }, 422, '21 keywords');
    await bad({ name: 'x', keywords: ['长'.repeat(51)] }, 422, 'long keyword');
    await bad({ name: 'x', keywords: ['!!!'] }, 422, 'keyword without words');
    await bad({ name: 'x', topics: ['##'] }, 422, 'empty topic');
    const https = await bad({ name: 'x', keywords: ['a'], webhook_url: 'https://example.com/h' }, 422, 'https');
    assert.match(https, /https/);
    await bad({ name: 'x', keywords: ['a'], webhook_url: 'ftp://example.com/' }, 422, 'ftp');
    await bad({ name: 'x', keywords: ['a'], webhook_url: `http://example.com/${'a'.repeat(500)}` }, 422, 'long url');
    await bad({ name: 'x', keywords: ['a'], burst_factor: 'lots' }, 400, 'burst_factor not a number');
    await bad({ name: 'x', keywords: ['a'], burst_factor: 1 }, 422, 'burst_factor too small');
    await bad({ name: 'x', keywords: ['a'], min_posts: 0 }, 422, 'min_posts 0');
    await bad({ name: 'x', keywords: ['a'], min_posts: 2.5 }, 422, 'min_posts not whole');

    const m = await create(t, { name: 'limits', keywords: ['a'] });
    expectError(await api(server, 'GET', `${BASE}/${m.id}/report`, { token: t, query: { hours: 0 } }), 422);
    expectError(await api(server, 'GET', `${BASE}/${m.id}/report`, { token: t, query: { hours: 721 } }), 422);
    expectError(await api(server, 'GET', `${BASE}/${m.id}/report`, { token: t, query: { hours: 'x' } }), 400);
    expectError(await api(server, 'GET', `${BASE}/abc`, { token: t }), 404);
    // 20 per account.
    for (let i = 1; i < 20; i++) await create(t, { name: `m${i}`, keywords: ['a'] });
    const too = await bad({ name: 'one more', keywords: ['a'] }, 422, '21st monitor');
    assert.match(too, /20/);
    const list = expectStatus(await api(server, 'GET', BASE, { token: t }), 200);
    for (const x of list) expectStatus(await api(server, 'DELETE', `${BASE}/${x.id}`, { token: t }), 200);
  });

  test('another member sees none of it (404)', async () => {
    const m = await create(brand.token, { name: 'secret', keywords: ['机密'] });
    for (const [method, path] of [['GET', `${BASE}/${m.id}`], ['PATCH', `${BASE}/${m.id}`],
      ['DELETE', `${BASE}/${m.id}`], ['GET', `${BASE}/${m.id}/report`]]) {
      expectError(await api(server, method, path, { token: other.token, json: method === 'PATCH' ? { name: 'x' } : undefined }), 404, `${method} ${path}`);
    }
    const list = expectStatus(await api(server, 'GET', BASE, { token: other.token }), 200);
    assert.deepEqual(list, []);
    expectStatus(await api(server, 'DELETE', `${BASE}/${m.id}`, { token: brand.token }), 200);
  });

  test('matching, report figures, and a deleted post leaving the report', async () => {
    // Made before the monitor: found by the backfill once indexed.
    const early = await post(server, alice.token, '昨晚排队买奶茶');
    await eventually(async () => {
      const s = await api(server, 'GET', '/api/v2/search', { token: alice.token, query: { q: '排队', type: 'statuses' } });
      assert.equal(s.body.statuses.length, 1);
    });
    const m = await create(brand.token, { name: '奶茶', keywords: ['奶茶', 'boba'], topics: ['新品发布'] });
    const p1 = await post(server, alice.token, '今天喝了一杯奶茶很开心');
    const p2 = await post(server, bob.token, '#新品发布# 下周见');
    const p3 = await post(server, bob.token, 'BOBA tea 来一杯');
    await post(server, bob.token, '咖啡不错');
    await post(server, bob.token, '私下说奶茶', { visibility: 'private' });
    const fwd = expectStatus(await api(server, 'POST', `/api/v1/statuses/${p1.id}/reblog`, {
      token: bob.token, json: { status: '这家奶茶真好喝' },
    }), 200);
    expectStatus(await api(server, 'POST', `/api/v1/statuses/${p1.id}/favourite`, { token: bob.token }), 200);

    let r = await reportWith(brand.token, m.id, 5);
    assert.equal(r.interval_s, 3600);
    assert.equal(r.volume.length, 24, 'hours defaults to 24');
    assert.equal(r.volume.reduce((s, v) => s + v.posts, 0), 5);
    assert.equal(r.real_posts, 5);
    assert.equal(r.monitor.id, m.id);
    const topIds = r.top_posts.map((s) => s.id);
    assert.equal(topIds[0], p1.id, 'the liked and forwarded post leads');
    assert.deepEqual([...topIds].sort(), [early.id, p1.id, p2.id, p3.id, fwd.id].sort());
    assert.equal(r.top_accounts[0].account.id, bob.id);
    assert.equal(r.top_accounts[0].posts, 3);
    assert.equal(r.top_accounts[1].account.id, alice.id);
    assert.equal(r.top_accounts[1].posts, 2);
    assert.deepEqual(r.alerts, []);
    const week = await report(brand.token, m.id, { hours: 168 });
    assert.equal(week.volume.length, 168);
    assert.equal(week.posts, 5);

    expectStatus(await api(server, 'DELETE', `/api/v1/statuses/${p2.id}`, { token: bob.token }), 200);
    r = await report(brand.token, m.id);
    assert.equal(r.posts, 4);
    assert.ok(!r.top_posts.some((s) => s.id === p2.id), 'the deleted post is not a top post');
    assert.equal(r.top_accounts.find((a) => a.account.id === bob.id).posts, 2);
    expectStatus(await api(server, 'DELETE', `${BASE}/${m.id}`, { token: brand.token }), 200);
  });

  test('a burst raises one alert: a notification and a webhook call', async () => {
    const received = [];
    const hook = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => { body += c; });
      req.on('end', () => {
        received.push({ method: req.method, url: req.url, type: req.headers['content-type'], body });
        res.writeHead(204);
        res.end();
      });
    });
    await new Promise((resolve) => hook.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = hook.address();
      const m = await create(brand.token, {
        name: '爆发', keywords: ['限定款'], min_posts: 3, burst_factor: 3,
        webhook_url: `http://127.0.0.1:${port}/clearwater/hook`,
      });
      const root = await admin('mon_admin');
      expectError(await api(server, 'POST', '/api/v1/admin/monitors/check', { token: brand.token }), 403);
      for (const [i, who] of [alice, bob, alice].entries()) await post(server, who.token, `抢到限定款了 ${i}`);
      await reportWith(brand.token, m.id, 3);

      const check = expectStatus(await api(server, 'POST', '/api/v1/admin/monitors/check', { token: root.token }), 200);
      const mine = check.alerts.filter((a) => a.monitor_id === m.id);
      assert.equal(mine.length, 1, JSON.stringify(check));
      assert.equal(mine[0].volume, 3);
      assert.equal(mine[0].baseline, 0);

      await eventually(() => assert.equal(received.length, 1));
      assert.equal(received[0].method, 'POST');
      assert.equal(received[0].url, '/clearwater/hook');
      assert.match(received[0].type, /application\/json/);
      const body = JSON.parse(received[0].body);
      assert.equal(body.type, 'monitor_alert');
      assert.equal(body.monitor.id, m.id);
      assert.equal(body.alert.id, mine[0].id);
      assert.equal(body.alert.volume, 3);

      const notes = expectStatus(await api(server, 'GET', '/api/v1/notifications', {
        token: brand.token, query: { types: ['monitor_alert'] },
      }), 200);
      assert.equal(notes.length, 1);
      assert.equal(notes[0].type, 'monitor_alert');
      assert.equal(notes[0].account, null);
      assert.equal(notes[0].monitor_alert.id, mine[0].id);
      assert.equal(notes[0].monitor_alert.monitor.id, m.id);

      const r = await eventually(async () => {
        const rep = await report(brand.token, m.id);
        assert.equal(rep.alerts.length, 1);
        assert.equal(rep.alerts[0].delivered, true);
        return rep;
      });
      assert.equal(r.alerts[0].status_code, 204);

      // One alert per interval, however much more comes.
      await post(server, bob.token, '又一个限定款');
      await reportWith(brand.token, m.id, 4);
      const again = expectStatus(await api(server, 'POST', '/api/v1/admin/monitors/check', { token: root.token }), 200);
      assert.equal(again.alerts.filter((a) => a.monitor_id === m.id).length, 0);
      assert.equal(received.length, 1);
    } finally {
      hook.close();
    }
  });
});
