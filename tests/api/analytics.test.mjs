// Marketing analytics through the API (docs/analytics.md): a post's cascade with its real
// figures, who may see it, an account's growth and engagement, the fan audit and audience overlap.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, expectStatus, expectError, staff,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });


async function forward(token, id, status = '') {
  const res = await api(server, 'POST', `/api/v1/statuses/${id}/reblog`, { token, json: { status } });
  expectStatus(res, 200, `forward ${id}`);
  return res.body;
}

async function get(token, path, query) {
  return api(server, 'GET', path, { token, query });
}

describe('analytics', () => {
  // brand posts P; fans f1..f4 follow brand. a1 forwards P, a2 forwards a1's forward; z (to be
  // limited, so not credible) forwards P and a3 forwards z's forward. x1, x2 and f1 follow a1; x3
  // follows z. z also follows brand.
  let brand; let mod; let outsider; let f; let a1; let a2; let a3; let z; let x;
  let p; let fw1; let fw2; let fwz; let fw3;

  before(async () => {
    mod = await staff(server, 'an_mod', 'moderator');
    brand = await register(server, 'brand');
    outsider = await register(server, 'outsider');
    f = [];
    for (let i = 1; i <= 4; i++) f.push(await register(server, `fan${i}`));
    [a1, a2, a3, z] = [await register(server, 'amp1'), await register(server, 'amp2'),
      await register(server, 'amp3'), await register(server, 'zed')];
    x = [await register(server, 'x1'), await register(server, 'x2'), await register(server, 'x3')];
    for (const fan of f) await follow(server, fan.token, brand.id);
    await follow(server, z.token, brand.id);
    await follow(server, x[0].token, a1.id);
    await follow(server, x[1].token, a1.id);
    await follow(server, f[0].token, a1.id);
    await follow(server, x[2].token, z.id);

    p = await post(server, brand.token, '新品发布 #春季新品# 欢迎转发');
    fw1 = await forward(a1.token, p.id, '好看');
    fw2 = await forward(a2.token, fw1.id, '转');
    fwz = await forward(z.token, p.id, '');
    fw3 = await forward(a3.token, fwz.id, '');
    const lim = await api(server, 'POST', `/api/v1/admin/accounts/${z.id}/action`, {
      token: mod.token, json: { type: 'limit', reason: 'bought forwards' },
    });
    expectStatus(lim, 200, 'limit z');
  });

  test('a public post\'s cascade: shape, exposure, real figures, spreaders, tree', async () => {
    const res = await get(outsider.token, `/api/v1/analytics/posts/${p.id}/cascade`);
    expectStatus(res, 200, 'cascade');
    const c = res.body;
    assert.equal(c.post.id, p.id);
    assert.equal(c.size, 4);
    assert.equal(c.depth, 2);
    assert.deepEqual(c.breadth, [2, 2]);
    // brand's fans f1..f4 and z; a1's x1, x2 (f1 again); z's x3.
    assert.equal(c.exposure, 8);
    assert.equal(c.exposure_exact, true);
    // Without z: a3 hangs from the root; credible fans of brand, a1, a2, a3 (z is not credible).
    assert.equal(c.real_size, 3);
    assert.equal(c.real.size, 3);
    assert.deepEqual(c.real.breadth, [2, 1]);
    assert.equal(c.real.exposure, 6);
    assert.equal(c.credible_share, 0.75);
    assert.equal(c.curve.counts.reduce((s, n) => s + n, 0), 4);
    assert.equal(c.curve.real_counts.reduce((s, n) => s + n, 0), 3);
    assert.equal(c.spreaders[0].account.id, a1.id, 'a1 has a downstream forward and new fans');
    assert.equal(c.spreaders[0].downstream, 1);
    assert.equal(c.spreaders[0].new_exposure, 2);
    assert.equal(c.tree.nodes.length, 4);
    const byId = Object.fromEntries(c.tree.nodes.map((n) => [n.id, n]));
    assert.equal(byId[fw2.id].parent_id, fw1.id);
    assert.equal(byId[fw3.id].parent_id, fwz.id);
    assert.equal(byId[fw1.id].parent_id, p.id);
    assert.equal(byId[fwz.id].credible, false);
    assert.equal(byId[fw1.id].handle, 'amp1');
    assert.equal(c.tree.truncated, false);

    const viaForward = await get(outsider.token, `/api/v1/analytics/posts/${fw2.id}/cascade`);
    expectStatus(viaForward, 200);
    assert.equal(viaForward.body.post.id, p.id, 'a forward names its root\'s cascade');
    const small = await get(outsider.token, `/api/v1/analytics/posts/${p.id}/cascade`, { tree_limit: 1 });
    assert.equal(small.body.tree.nodes.length, 1);
    assert.equal(small.body.tree.truncated, true);
  });

  test('who may see a cascade', async () => {
    expectError(await get(null, `/api/v1/analytics/posts/${p.id}/cascade`), 401);
    expectError(await get(outsider.token, '/api/v1/analytics/posts/99999999/cascade'), 404);
    const fansOnly = await post(server, brand.token, '只给粉丝看', { visibility: 'private' });
    const asFan = await get(f[0].token, `/api/v1/analytics/posts/${fansOnly.id}/cascade`);
    expectError(asFan, 403, 'a fan sees the post, not its analytics');
    expectError(await get(outsider.token, `/api/v1/analytics/posts/${fansOnly.id}/cascade`), 404);
    expectStatus(await get(brand.token, `/api/v1/analytics/posts/${fansOnly.id}/cascade`), 200);
    expectStatus(await get(mod.token, `/api/v1/analytics/posts/${fansOnly.id}/cascade`), 200);
  });

  test('account analytics: fan growth, posts and engagement, best posts; owner and moderators only', async () => {
    await api(server, 'POST', `/api/v1/accounts/${brand.id}/unfollow`, { token: f[3].token });
    const res = await get(brand.token, `/api/v1/analytics/accounts/${brand.id}`, { days: 7 });
    expectStatus(res, 200, 'overview');
    const o = res.body;
    assert.equal(o.fan_growth.days.length, 7);
    assert.equal(o.fan_growth.fans.at(-1), 4, 'f1..f3 and z after f4 left');
    assert.equal(o.fan_growth.real_fans.at(-1), 3, 'z is not credible');
    assert.equal(o.fan_growth.fans[0], 0, 'nobody followed before this week');
    assert.ok(o.posts.posts.at(-1) >= 2);
    assert.ok(o.posts.forwards.at(-1) >= 2, 'forwards drawn by today\'s posts');
    assert.ok(o.engagement_per_post > 0);
    assert.equal(o.best_posts[0].id, p.id);
    assert.equal(o.audit.fans, 4);

    expectError(await get(outsider.token, `/api/v1/analytics/accounts/${brand.id}`), 403);
    expectStatus(await get(mod.token, `/api/v1/analytics/accounts/${brand.id}`), 200);
    expectError(await get(brand.token, `/api/v1/analytics/accounts/${brand.id}`, { days: 'x' }), 400);
    expectError(await get(brand.token, '/api/v1/analytics/accounts/123456789'), 404);
  });

  test('fan audit: shares for everyone, examples for the owner', async () => {
    const mine = await get(brand.token, `/api/v1/analytics/accounts/${brand.id}/audit`);
    expectStatus(mine, 200);
    assert.equal(mine.body.fans, 4);
    assert.equal(mine.body.real, 3);
    assert.equal(mine.body.suspicious, 1, 'the limited z');
    assert.equal(mine.body.zombie, 0);
    assert.equal(mine.body.suspicious_share, 0.25);
    assert.deepEqual(mine.body.examples.suspicious.map((a) => a.id), [z.id]);
    const theirs = await get(outsider.token, `/api/v1/analytics/accounts/${brand.id}/audit`);
    expectStatus(theirs, 200);
    assert.equal(theirs.body.real_share, 0.75);
    assert.equal(theirs.body.examples, undefined, 'no names for others');
  });

  test('audience overlap', async () => {
    const res = await get(outsider.token, '/api/v1/analytics/overlap', { a: brand.id, b: a1.id });
    expectStatus(res, 200);
    assert.equal(res.body.shared, 1, 'f1 follows both');
    assert.equal(res.body.real_shared, 1);
    assert.equal(res.body.a_fans, 4);
    assert.equal(res.body.b_fans, 3);
    assert.equal(res.body.jaccard, 1 / 6);
    expectError(await get(outsider.token, '/api/v1/analytics/overlap', { a: brand.id }), 422);
    expectError(await get(outsider.token, '/api/v1/analytics/overlap', { a: brand.id, b: brand.id }), 422);
    expectError(await get(outsider.token, '/api/v1/analytics/overlap', { a: brand.id, b: '42' }), 404);
  });
});
