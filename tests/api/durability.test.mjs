// Durability: a restart keeps everything; SIGTERM and kill -9 under write load lose no
// acknowledged post, with the default --sync full and with --sync normal (WAL without an fsync
// per commit: still durable across a killed process, not across power loss).
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, getAccount, getStatus, expectStatus, expectError, show, ids,
  parseLink, eventually,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

// Runs `total` post creations with `concurrency` in flight, spread over `accounts` (every other
// one a forward of `forwardOf` with a comment, when given). onAck(count) is called after each
// acknowledged (200) write. Returns {acked, errors, statuses}.
async function burst({ accounts, total, concurrency, prefix, onAck, forwardOf }) {
  const acked = [];
  const statuses = {};
  const errors = [];
  let next = 0;
  let stop = false;
  async function worker() {
    while (!stop && next < total) {
      const i = next++;
      const a = accounts[i % accounts.length];
      const text = `${prefix} #${i} 第${i}条 ${a.username}`;
      try {
        const path = forwardOf && i % 2 ? `/api/v1/statuses/${forwardOf}/reblog` : '/api/v1/statuses';
        const res = await api(server, 'POST', path, { token: a.token, json: { status: text } });
        statuses[res.status] = (statuses[res.status] ?? 0) + 1;
        if (res.status === 200) {
          assert.match(String(res.body.id), /^\d+$/, show(res));
          assert.equal(res.body.text, text);
          acked.push({ id: res.body.id, text, account: a });
          onAck?.(acked.length);
        }
      } catch (err) {
        if (err instanceof assert.AssertionError) throw err;
        errors.push(err.cause?.code ?? err.message);
        stop = true; // the server is gone; stop issuing
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, worker));
  return { acked, errors, statuses };
}

function tally(list) {
  const out = {};
  for (const x of list) out[x] = (out[x] ?? 0) + 1;
  return out;
}

async function assertAllReadable(acked, what) {
  const missing = [];
  for (let i = 0; i < acked.length; i += 20) {
    const chunk = acked.slice(i, i + 20);
    const res = await Promise.all(chunk.map((p) => api(server, 'GET', `/api/v1/statuses/${p.id}`, { token: p.account.token })));
    res.forEach((r, k) => {
      if (r.status !== 200 || r.body.text !== chunk[k].text) missing.push(`${chunk[k].id}: ${show(r)}`);
    });
  }
  assert.deepEqual(missing, [], `${what}: ${missing.length} of ${acked.length} acknowledged posts lost`);
}

describe('durability', () => {
  let alice; let bob;
  let p; let c; let convId; let listId;

  test('a clean restart keeps accounts, sessions, posts, follows, comments, likes, messages, lists', async () => {
    alice = await register(server, 'dur_alice');
    bob = await register(server, 'dur_bob');
    await follow(server, bob.token, alice.id);
    await follow(server, alice.token, bob.id);
    p = await post(server, alice.token, '重启之前 #持久#');
    const cr = await api(server, 'POST', `/api/v1/statuses/${p.id}/comments`, { token: bob.token, json: { text: '评论会留下' } });
    expectStatus(cr, 200);
    c = cr.body;
    expectStatus(await api(server, 'POST', `/api/v1/statuses/${p.id}/favourite`, { token: bob.token }), 200);
    const fw = await api(server, 'POST', `/api/v1/statuses/${p.id}/reblog`, { token: bob.token, json: { status: '转发' } });
    expectStatus(fw, 200);
    const m = await api(server, 'POST', '/api/v1/messages', { token: bob.token, json: { to: alice.id, text: '重启前的私信' } });
    expectStatus(m, 200);
    convId = m.body.conversation_id;
    const l = await api(server, 'POST', '/api/v1/lists', { token: alice.token, json: { title: '重启组' } });
    expectStatus(l, 200);
    listId = l.body.id;
    expectStatus(await api(server, 'POST', `/api/v1/lists/${listId}/accounts`, { token: alice.token, json: { account_ids: [bob.id] } }), 200);
    const upd = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', { token: alice.token, json: { display_name: '持久的爱丽丝' } });
    expectStatus(upd, 200);

    const res = await server.stop();
    assert.equal(res.code, 0, `SIGTERM should exit cleanly: ${JSON.stringify(res)}\n${server.logs?.stderr}`);
    await server.restart();

    const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: alice.token });
    expectStatus(me, 200, 'token survives a restart');
    assert.equal(me.body.display_name, '持久的爱丽丝');
    assert.equal(me.body.followers_count, 1);
    assert.equal(me.body.following_count, 1);
    const sp = await getStatus(server, p.id, bob.token);
    assert.equal(sp.text, '重启之前 #持久#');
    assert.equal(sp.favourites_count, 1);
    assert.equal(sp.favourited, true);
    assert.equal(sp.reblogs_count, 1);
    assert.equal(sp.comments_count, 1);
    assert.equal(sp.tags[0]?.name, '持久');
    const sf = await getStatus(server, fw.body.id);
    assert.equal(sf.forward.root_id, p.id);
    const gc = await api(server, 'GET', `/api/v1/comments/${c.id}`);
    expectStatus(gc, 200);
    assert.equal(gc.body.text, '评论会留下');
    const rel = await api(server, 'GET', '/api/v1/accounts/relationships', { token: alice.token, query: { 'id[]': [bob.id] } });
    expectStatus(rel, 200);
    assert.equal(rel.body[0].friends, true);
    assert.deepEqual(rel.body[0].groups, [listId]);
    const msgs = await api(server, 'GET', `/api/v1/conversations/${convId}/messages`, { token: alice.token });
    expectStatus(msgs, 200);
    assert.deepEqual(msgs.body.map((x) => x.text), ['重启前的私信']);
    const members = await api(server, 'GET', `/api/v1/lists/${listId}/accounts`, { token: alice.token });
    expectStatus(members, 200);
    assert.deepEqual(ids(members.body), [bob.id]);
    const home = await api(server, 'GET', '/api/v1/timelines/home', { token: bob.token });
    expectStatus(home, 200);
    assert.ok(ids(home.body).includes(p.id), 'home timeline rebuilt after restart');
    const login = await api(server, 'POST', '/oauth/token', { json: { grant_type: 'password', username: 'dur_alice', password: 'correct horse battery staple' } });
    expectStatus(login, 200, 'password login after restart');
  });

  test('revocation survives a restart', async () => {
    const login = await api(server, 'POST', '/oauth/token', { json: { grant_type: 'password', username: 'dur_bob', password: 'correct horse battery staple' } });
    expectStatus(login, 200);
    const t = login.body.access_token;
    expectStatus(await api(server, 'POST', '/oauth/revoke', { token: t, json: { token: t } }), 200);
    await server.kill9();
    await server.restart();
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: t }), 401, 'revoked token after kill -9');
    expectStatus(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: bob.token }), 200);
  });

  test('kill -9 during a burst of posts loses no acknowledged post', async (t) => {
    const accounts = [];
    for (let i = 0; i < 10; i++) accounts.push(await register(server, `burst_${i}`));
    let killed = null;
    const result = await burst({
      accounts, total: 300, concurrency: 20, prefix: 'kill9',
      onAck: (n) => { if (n >= 120 && !killed) killed = server.kill9(); },
    });
    assert.ok(killed, `the burst finished before the kill: ${JSON.stringify(result.statuses)}`);
    await killed;
    t.diagnostic(`kill -9: ${result.acked.length} acknowledged, answers ${JSON.stringify(result.statuses)}, client errors ${JSON.stringify(tally(result.errors))}`);
    assert.ok(result.acked.length >= 120, `acknowledged: ${result.acked.length}; statuses ${JSON.stringify(result.statuses)}`);
    assert.ok(result.acked.length < 300, 'the kill landed mid-burst');
    assert.deepEqual(Object.keys(result.statuses).filter((s) => s !== '200' && s !== '429'), [],
      `non-200 answers before the kill: ${JSON.stringify(result.statuses)}`);

    await server.restart();
    await assertAllReadable(result.acked, 'after kill -9');

    // Each author's user timeline has every acknowledged post, in order.
    const a0 = accounts[0];
    const want = result.acked.filter((x) => x.account === a0).map((x) => x.id);
    const got = [];
    let url = `/api/v1/accounts/${a0.id}/statuses?limit=40`;
    for (let page = 0; url && page < 20; page++) {
      const r = await api(server, 'GET', url, { token: a0.token });
      expectStatus(r, 200);
      if (r.body.length === 0) break;
      got.push(...ids(r.body));
      url = parseLink(server, r.headers.get('link')).next;
    }
    for (const id of want) assert.ok(got.includes(id), `acknowledged post ${id} missing from the user timeline`);

    // The search index catches up with every acknowledged post: a task queued in the post's own
    // transaction survives the kill, whatever the index's writer had done by then.
    await eventually(async () => {
      const res = await api(server, 'GET', '/api/v2/search', {
        token: a0.token, query: { q: `kill9 from:${a0.username}`, type: 'statuses', limit: 40 },
      });
      expectStatus(res, 200);
      const found = ids(res.body.statuses);
      for (const id of want) assert.ok(found.includes(id), `acknowledged post ${id} not found by search`);
    }, { timeoutMs: 10000 });

    // The server takes writes again, and the account counters are not below the truth.
    await post(server, a0.token, '恢复后第一条');
    const acct = await getAccount(server, a0.id);
    assert.ok(acct.statuses_count >= want.length + 1, `statuses_count ${acct.statuses_count} < ${want.length + 1}`);
  });

  test('SIGTERM during a burst: acknowledged posts survive, shutdown is clean', async (t) => {
    const accounts = [];
    for (let i = 0; i < 5; i++) accounts.push(await register(server, `term_${i}`));
    let stopping = null;
    const result = await burst({
      accounts, total: 200, concurrency: 20, prefix: 'sigterm',
      onAck: (n) => { if (n >= 60 && !stopping) stopping = server.stop(); },
    });
    assert.ok(stopping, 'the burst finished before SIGTERM');
    const exit = await stopping;
    t.diagnostic(`SIGTERM: ${result.acked.length} acknowledged, answers ${JSON.stringify(result.statuses)}, client errors ${JSON.stringify(tally(result.errors))}`);
    assert.equal(exit.code, 0, `exit after SIGTERM under load: ${JSON.stringify(exit)}\n${server.logs?.stderr}`);
    const odd = Object.keys(result.statuses).filter((s) => s !== '200' && s !== '503');
    assert.deepEqual(odd, [], `answers during shutdown should be 200 or 503: ${JSON.stringify(result.statuses)}`);
    await server.restart();
    await assertAllReadable(result.acked, 'after SIGTERM');
  });
});

// Inside a describe: the block's tests run against a server of their own, started with `args`.
function ownServer(args) {
  let saved;
  before(async () => {
    saved = server;
    server = await startServer({ args });
  });
  after(async () => {
    await server?.close();
    server = saved;
  });
}

describe('durability with --sync normal', () => {
  ownServer(['--sync', 'normal']);

  test('kill -9 during a burst of posts and forwards loses no acknowledged write', async (t) => {
    const accounts = [];
    for (let i = 0; i < 10; i++) accounts.push(await register(server, `norm_${i}`));
    const root = await post(server, accounts[0].token, '被转发的原帖');
    let killed = null;
    const result = await burst({
      accounts, total: 400, concurrency: 20, prefix: 'normal-kill9', forwardOf: root.id,
      onAck: (n) => { if (n >= 160 && !killed) killed = server.kill9(); },
    });
    assert.ok(killed, `the burst finished before the kill: ${JSON.stringify(result.statuses)}`);
    await killed;
    t.diagnostic(`--sync normal, kill -9: ${result.acked.length} acknowledged, answers ${JSON.stringify(result.statuses)}, client errors ${JSON.stringify(tally(result.errors))}`);
    assert.ok(result.acked.length >= 160 && result.acked.length < 400, `acknowledged: ${result.acked.length}`);
    assert.deepEqual(Object.keys(result.statuses).filter((s) => s !== '200' && s !== '429'), [],
      `non-200 answers before the kill: ${JSON.stringify(result.statuses)}`);

    await server.restart();
    await assertAllReadable(result.acked, 'after kill -9 with --sync normal');
    const forwards = result.acked.filter((x) => x.text.match(/#(\d+) /)[1] % 2 === 1).length;
    const r = await getStatus(server, root.id);
    assert.ok(r.reblogs_count >= forwards, `reblogs_count ${r.reblogs_count} < ${forwards} acknowledged forwards`);
    // Counters edited in the cache were committed with their posts.
    const a0 = accounts[0];
    const mine = result.acked.filter((x) => x.account === a0).length;
    const acct = await getAccount(server, a0.id);
    assert.ok(acct.statuses_count >= mine + 1, `statuses_count ${acct.statuses_count} < ${mine + 1}`);
  });
});

describe('reads without the memory map (--read-mmap off)', () => {
  ownServer(['--read-mmap', 'off']);

  test('every acknowledged write of a burst is read back at once', async () => {
    const accounts = [];
    for (let i = 0; i < 5; i++) accounts.push(await register(server, `nomap_${i}`));
    const root = await post(server, accounts[0].token, '不映射文件也能读到');
    const result = await burst({ accounts, total: 120, concurrency: 12, prefix: 'nomap', forwardOf: root.id });
    assert.equal(result.acked.length, 120, `answers ${JSON.stringify(result.statuses)}`);
    await assertAllReadable(result.acked, 'with --read-mmap off');
  });
});
