// KOL discovery and campaign seeding through the API (docs/analytics.md): influence comes from
// being forwarded by credible accounts, not from fans; a seeding run is queued, runs in the
// background, and reports its reach beside the two baselines.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, expectStatus, expectError, eventually,
} from './harness.mjs';

let server;
// Reloads the graph for every request, so what a test just wrote is seen.
before(async () => { server = await startServer({ args: ['--analytics-graph-max-age', '0'] }); });
after(async () => { await server?.close(); });

async function forward(token, id) {
  const res = await api(server, 'POST', `/api/v1/statuses/${id}/reblog`, { token, json: { status: '' } });
  expectStatus(res, 200, `forward ${id}`);
  return res.body;
}

describe('KOL discovery and seeding', () => {
  // star: 8 fans, never forwarded. kol: 3 fans, its #咖啡# post forwarded by 6 accounts, who
  // forward to their own fans. tea: forwarded by 2 on #奶茶#.
  let star; let kol; let tea; let people; let brand;

  before(async () => {
    star = await register(server, 'star');
    kol = await register(server, 'coffee_kol');
    tea = await register(server, 'tea_kol');
    brand = await register(server, 'brand_x');
    people = [];
    for (let i = 0; i < 10; i++) people.push(await register(server, `p${i}`));
    for (let i = 0; i < 8; i++) await follow(server, people[i].token, star.id);
    for (let i = 0; i < 6; i++) await follow(server, people[i].token, kol.id);
    for (let i = 6; i < 10; i++) await follow(server, people[i].token, people[i - 6].id);
    for (let i = 0; i < 2; i++) await follow(server, people[i].token, tea.id);
    await post(server, star.token, '今天天气不错');
    const c = await post(server, kol.token, '手冲入门 #咖啡# 三个要点');
    for (let i = 0; i < 6; i++) await forward(people[i].token, c.id);
    const t = await post(server, tea.token, '新店试喝 #奶茶#');
    for (let i = 0; i < 2; i++) await forward(people[i].token, t.id);
  });

  test('KOLs rank by being forwarded, overall and per topic, with real fans and authenticity', async () => {
    const all = await api(server, 'GET', '/api/v1/analytics/kols', { token: brand.token });
    expectStatus(all, 200, 'kols');
    const handles = all.body.kols.map((k) => k.account.username);
    assert.equal(handles[0], 'coffee_kol');
    assert.ok(handles.includes('tea_kol'));
    assert.ok(!handles.includes('star'), 'fans without forwards are no influence');
    const first = all.body.kols[0];
    assert.equal(first.rank, 1);
    assert.equal(first.forwarded_by, 6);
    assert.equal(first.fans, 6);
    assert.equal(first.real_fans, 6);
    assert.equal(first.real_share, 1);
    assert.ok(first.influence > all.body.kols[1].influence);
    assert.equal(typeof all.body.rank_correlation.kendall_tau, 'number');

    const coffee = await api(server, 'GET', '/api/v1/analytics/kols', { token: brand.token, query: { topic: '咖啡' } });
    expectStatus(coffee, 200);
    assert.deepEqual(coffee.body.kols.map((k) => k.account.username), ['coffee_kol']);
    const teaOnly = await api(server, 'GET', '/api/v1/analytics/kols', { token: brand.token, query: { topic: '#奶茶#' } });
    assert.deepEqual(teaOnly.body.kols.map((k) => k.account.username), ['tea_kol']);
    const none = await api(server, 'GET', '/api/v1/analytics/kols', { token: brand.token, query: { topic: '没有这个话题' } });
    expectStatus(none, 200);
    assert.equal(none.body.topic_known, false);
    assert.deepEqual(none.body.kols, []);
    expectError(await api(server, 'GET', '/api/v1/analytics/kols'), 401);
  });

  // Polls a seeding run until it has finished.
  async function finished(id) {
    return eventually(async () => {
      const r = await api(server, 'GET', `/api/v1/analytics/seeding/${id}`, { token: brand.token });
      expectStatus(r, 200);
      assert.notEqual(r.body.state, 'running');
      return r.body;
    }, { timeoutMs: 20000, intervalMs: 100 });
  }

  test('a seeding run: queued, done, beats the baselines, only its owner sees it', async () => {
    // One seed: coffee_kol, whose post its fans forward, reaches about three times as many as
    // star, who has the most fans. (With two seeds the second is a near tie between accounts
    // that add about one account each, and which one the sampling picks varies from run to run.)
    const start = await api(server, 'POST', '/api/v1/analytics/seeding', { token: brand.token, json: { k: 1 } });
    expectStatus(start, 202, 'start seeding');
    assert.equal(start.body.state, 'running');
    assert.equal(start.body.k, 1);
    const id = start.body.id;
    const done = await finished(id);
    assert.equal(done.state, 'done', done.error);
    assert.deepEqual(done.seeds.map((s) => s.account?.username), ['coffee_kol'], 'seeds come with their accounts');
    assert.equal(done.algorithm.startsWith('OPIM-C'), true);
    assert.equal(done.baselines.top_fans.seeds[0].account.username, 'star', 'the fan baseline picks star');
    assert.ok(done.expected_reach > 2 * done.baselines.top_fans.expected_reach,
      `reach ${done.expected_reach} against the fan baseline's ${done.baselines.top_fans.expected_reach}`);
    assert.ok(done.expected_reach >= done.baselines.top_influence.expected_reach - 3 * done.reach_stderr);
    assert.ok(done.graph.accounts >= 14);

    const list = await api(server, 'GET', '/api/v1/analytics/seeding', { token: brand.token });
    expectStatus(list, 200);
    assert.equal(list.body[0].id, id);
    expectError(await api(server, 'GET', `/api/v1/analytics/seeding/${id}`, { token: star.token }), 404);
    const theirs = await api(server, 'GET', '/api/v1/analytics/seeding', { token: star.token });
    assert.deepEqual(theirs.body, []);
  });

  test('two seeds: coffee_kol and another, within the approximation guarantee of the baselines', async () => {
    const start = await api(server, 'POST', '/api/v1/analytics/seeding', { token: brand.token, json: { k: 2 } });
    expectStatus(start, 202, 'start seeding');
    const done = await finished(start.body.id);
    assert.equal(done.state, 'done', done.error);
    const names = done.seeds.map((s) => s.account?.username);
    assert.equal(new Set(names).size, 2, `two different seeds: ${names}`);
    assert.ok(names.includes('coffee_kol'), `coffee_kol is one of ${names}`);
    // OPIM-C promises (1 - 1/e - epsilon) of the best set, which no baseline beats.
    const best = Math.max(done.baselines.top_fans.expected_reach, done.baselines.top_influence.expected_reach);
    assert.ok(done.expected_reach >= (1 - 1 / Math.E - 0.1) * best - 3 * done.reach_stderr);
  });

  test('seeding input is checked', async () => {
    for (const json of [{ k: 0 }, { k: 100000 }, { k: 3, epsilon: 0.9 }, { k: 3, cost: 'gold' },
      { k: 3, budget: -1 }]) {
      expectError(await api(server, 'POST', '/api/v1/analytics/seeding', { token: brand.token, json }), 422,
        JSON.stringify(json));
    }
    expectError(await api(server, 'POST', '/api/v1/analytics/seeding', { token: brand.token, json: { k: 'x' } }), 400);
    const topic = await api(server, 'POST', '/api/v1/analytics/seeding', { token: brand.token, json: { k: 1, topic: '咖啡' } });
    expectStatus(topic, 202);
    const done = await eventually(async () => {
      const r = await api(server, 'GET', `/api/v1/analytics/seeding/${topic.body.id}`, { token: brand.token });
      assert.notEqual(r.body.state, 'running');
      return r.body;
    }, { timeoutMs: 20000, intervalMs: 100 });
    assert.equal(done.state, 'done', done.error);
    assert.equal(done.topic, '咖啡');
    const unknown = await api(server, 'POST', '/api/v1/analytics/seeding', { token: brand.token, json: { k: 1, topic: '无此话题' } });
    const failed = await eventually(async () => {
      const r = await api(server, 'GET', `/api/v1/analytics/seeding/${unknown.body.id}`, { token: brand.token });
      assert.notEqual(r.body.state, 'running');
      return r.body;
    }, { timeoutMs: 20000, intervalMs: 100 });
    assert.equal(failed.state, 'failed');
    assert.match(failed.error, /无此话题/);
  });
});
