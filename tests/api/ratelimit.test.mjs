// Sign-up and rate protection: per-account action limits (429, Retry-After, X-RateLimit-*), the
// sign-up proof-of-work challenge, per-address sign-up limits (and X-Forwarded-For only from a
// trusted proxy), and the invite and approval sign-up modes.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import {
  startServer, api, register, expectStatus, expectError, show, PASSWORD, solve, solveChallenge, zeroBits,
  binaryPath,
} from './harness.mjs';

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;

function rateHeaders(res, what) {
  const limit = res.headers.get('x-ratelimit-limit');
  const remaining = res.headers.get('x-ratelimit-remaining');
  const reset = res.headers.get('x-ratelimit-reset');
  assert.match(String(limit), /^\d+$/, `${what}: X-RateLimit-Limit: ${show(res)}`);
  assert.match(String(remaining), /^\d+$/, `${what}: X-RateLimit-Remaining: ${show(res)}`);
  assert.match(String(reset), ISO, `${what}: X-RateLimit-Reset is an ISO time: ${show(res)}`);
  return { limit: Number(limit), remaining: Number(remaining), reset: Date.parse(reset) };
}

function expectRateLimited(res, what) {
  const body = expectError(res, 429, what);
  assert.equal(body.code, 'rate_limited');
  const retry = res.headers.get('retry-after');
  assert.match(String(retry), /^\d+$/, `${what}: Retry-After in seconds: ${show(res)}`);
  assert.ok(Number(retry) >= 1, `${what}: Retry-After ${retry}`);
  const h = rateHeaders(res, what);
  assert.equal(h.remaining, 0, `${what}: nothing remaining`);
  return { ...h, retryAfter: Number(retry) };
}

async function adminToken(server, username = 'root') {
  await promisify(execFile)(binaryPath(), ['admin', 'create-account', '--data', server.dataDir,
    '--username', username, '--password', PASSWORD, '--role', 'admin']);
  const res = await api(server, 'POST', '/oauth/token', { json: { username, password: PASSWORD } });
  expectStatus(res, 200, `login ${username}`);
  return res.body.access_token;
}

describe('per-account rate limits', () => {
  let server;
  before(async () => {
    server = await startServer({ args: ['--rate-posts', '3/1h', '--rate-follows', '2/1h,5/1d'] });
  });
  after(async () => { await server?.close(); });

  test('the instance advertises the limits and the sign-up challenge', async () => {
    const res = await api(server, 'GET', '/api/v1/instance');
    expectStatus(res, 200);
    assert.equal(res.body.configuration.rate_limits.post, '3/1h');
    assert.equal(res.body.configuration.rate_limits.follow, '2/1h,5/1d');
    const reg = res.body.registrations;
    assert.equal(reg.enabled, true);
    assert.equal(reg.mode, 'open');
    assert.equal(reg.approval_required, false);
    assert.equal(reg.invite_required, false);
    assert.deepEqual(reg.challenge, { required: true, difficulty: 8, algorithm: 'sha256', endpoint: '/api/v1/challenge' });
  });

  test('posts past the limit answer 429 with Retry-After and X-RateLimit-* headers', async () => {
    const alice = await register(server, 'rl_alice');
    const start = Date.now();
    for (let i = 0; i < 3; i++) {
      const res = await api(server, 'POST', '/api/v1/statuses', { token: alice.token, json: { status: `post ${i}` } });
      expectStatus(res, 200, `post ${i}`);
      const h = rateHeaders(res, `post ${i}`);
      assert.equal(h.limit, 3);
      assert.equal(h.remaining, 2 - i);
      assert.ok(h.reset > start && h.reset <= Date.now() + 3600_000 + 1000, `reset ${h.reset}`);
    }
    const refused = await api(server, 'POST', '/api/v1/statuses', { token: alice.token, json: { status: 'one too many' } });
    const h = expectRateLimited(refused, 'fourth post');
    assert.equal(h.limit, 3);
    // One post comes back every 20 minutes.
    assert.ok(h.retryAfter > 1100 && h.retryAfter <= 1200, `Retry-After ${h.retryAfter}`);
    assert.match(refused.body.error, /post/);
    // The refused post was not made.
    const mine = await api(server, 'GET', `/api/v1/accounts/${alice.id}/statuses`, { token: alice.token });
    assert.equal(expectStatus(mine, 200).length, 3);

    // Limits are per account, and unlimited routes carry no rate headers.
    const bob = await register(server, 'rl_bob');
    const ok = await api(server, 'POST', '/api/v1/statuses', { token: bob.token, json: { status: 'bob is fine' } });
    expectStatus(ok, 200, 'another account posts');
    const read = await api(server, 'GET', '/api/v1/timelines/home', { token: alice.token });
    expectStatus(read, 200);
    assert.equal(read.headers.get('x-ratelimit-limit'), null, 'reads are not limited');
  });

  test('a failed request does not use the budget', async () => {
    const carol = await register(server, 'rl_carol');
    for (let i = 0; i < 5; i++) {
      const bad = await api(server, 'POST', '/api/v1/statuses', { token: carol.token, json: { status: '' } });
      expectError(bad, 422, `empty post ${i}`);
      assert.equal(rateHeaders(bad, 'failed post').remaining, 3, 'the failed post gave its budget back');
    }
    for (let i = 0; i < 3; i++) {
      expectStatus(await api(server, 'POST', '/api/v1/statuses', { token: carol.token, json: { status: `ok ${i}` } }), 200);
    }
    expectRateLimited(await api(server, 'POST', '/api/v1/statuses', { token: carol.token, json: { status: 'no' } }), 'carol 4th');
  });

  test('follows have their own limit, the tightest rule is reported', async () => {
    const fan = await register(server, 'rl_fan');
    const targets = [];
    for (let i = 0; i < 3; i++) targets.push(await register(server, `rl_target${i}`));
    const first = await api(server, 'POST', `/api/v1/accounts/${targets[0].id}/follow`, { token: fan.token });
    expectStatus(first, 200);
    assert.deepEqual([rateHeaders(first, 'follow').limit, rateHeaders(first, 'follow').remaining], [2, 1]);
    expectStatus(await api(server, 'POST', `/api/v1/accounts/${targets[1].id}/follow`, { token: fan.token }), 200);
    const refused = await api(server, 'POST', `/api/v1/accounts/${targets[2].id}/follow`, { token: fan.token });
    assert.equal(expectRateLimited(refused, 'third follow').limit, 2);
    // Posting is a separate budget.
    expectStatus(await api(server, 'POST', '/api/v1/statuses', { token: fan.token, json: { status: 'still can post' } }), 200);
  });
});

describe('sign-up challenge', () => {
  let server;
  before(async () => { server = await startServer(); });
  after(async () => { await server?.close(); });

  test('GET /api/v1/challenge', async () => {
    const res = await api(server, 'GET', '/api/v1/challenge');
    const c = expectStatus(res, 200);
    assert.equal(typeof c.challenge, 'string');
    assert.match(c.challenge, /^[A-Za-z0-9_-]{40,}$/);
    assert.equal(c.difficulty, 8);
    assert.equal(c.algorithm, 'sha256');
    assert.match(c.expires_at, ISO);
    assert.ok(Date.parse(c.expires_at) > Date.now());
    const again = await api(server, 'GET', '/api/v1/challenge');
    assert.notEqual(again.body.challenge, c.challenge, 'each challenge is new');
  });

  test('sign-up without a solved challenge is refused, with one it is accepted, once', async () => {
    const base = { password: PASSWORD };
    const none = await api(server, 'POST', '/api/v1/accounts', { json: { username: 'pow_none', ...base } });
    assert.match(expectError(none, 422, 'no challenge').error, /challenge/);

    const c = (await api(server, 'GET', '/api/v1/challenge')).body;
    let wrong = 0;
    while (zeroBits(c.challenge, wrong) >= c.difficulty) wrong++;
    const unsolved = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'pow_bad', ...base, challenge: c.challenge, nonce: String(wrong) },
    });
    assert.match(expectError(unsolved, 422, 'unsolved').error, /nonce/);
    expectError(await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'pow_bad', ...base, challenge: c.challenge, nonce: 'abc' },
    }), 400, 'nonce not a number');
    expectError(await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'pow_bad', ...base, challenge: `${c.challenge.slice(0, -2)}AA`, nonce: '1' },
    }), 422, 'forged challenge');

    const nonce = solve(c.challenge, c.difficulty);
    const ok = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'pow_ok', ...base, challenge: c.challenge, nonce },
    });
    expectStatus(ok, 200, 'solved challenge');
    assert.equal(typeof ok.body.access_token, 'string');
    assert.equal(ok.body.approval_pending, false);

    const reused = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'pow_reuse', ...base, challenge: c.challenge, nonce },
    });
    assert.match(expectError(reused, 422, 'reused challenge').error, /used/);
  });

  test('a sign-up that fails for another reason leaves the challenge usable', async () => {
    await register(server, 'taken_name');
    const solved = await solveChallenge(server);
    expectError(await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'taken_name', password: PASSWORD, ...solved },
    }), 409, 'taken');
    expectStatus(await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'free_name', password: PASSWORD, ...solved },
    }), 200, 'same challenge, free name');
  });
});

describe('per-address sign-up limit', () => {
  test('the third sign-up from one address in an hour is refused; X-Forwarded-For is ignored', async () => {
    const server = await startServer({ args: ['--rate-signups', '2/1h'] });
    try {
      // A refused sign-up costs nothing.
      expectError(await api(server, 'POST', '/api/v1/accounts', { json: { username: 'x', password: PASSWORD } }), 422);
      const first = await api(server, 'POST', '/api/v1/accounts', {
        json: { username: 'addr1', password: PASSWORD, ...await solveChallenge(server) },
      });
      expectStatus(first, 200);
      assert.deepEqual([rateHeaders(first, 'sign-up').limit, rateHeaders(first, 'sign-up').remaining], [2, 1]);
      await register(server, 'addr2');
      const third = await api(server, 'POST', '/api/v1/accounts', {
        json: { username: 'addr3', password: PASSWORD, ...await solveChallenge(server) },
        headers: { 'x-forwarded-for': '203.0.113.9' },
      });
      const h = expectRateLimited(third, 'third sign-up');
      assert.equal(h.limit, 2);
      assert.ok(h.retryAfter > 1700 && h.retryAfter <= 1800, `Retry-After ${h.retryAfter}`);
      // Signed-in actions of the accounts made are not affected.
      const login = await api(server, 'POST', '/oauth/token', { json: { username: 'addr1', password: PASSWORD } });
      expectStatus(login, 200);
    } finally {
      await server.close();
    }
  });

  test('behind a trusted proxy, each forwarded client address has its own budget', async () => {
    const server = await startServer({ args: ['--rate-signups', '1/1h', '--trusted-proxies', '127.0.0.1'] });
    try {
      const signUp = async (ip, username) => {
        const body = { username, password: PASSWORD, ...await solveChallenge(server) };
        return api(server, 'POST', '/api/v1/accounts', { json: body, headers: { 'x-forwarded-for': ip } });
      };
      expectStatus(await signUp('198.51.100.1', 'proxied1'), 200);
      expectRateLimited(await signUp('198.51.100.1', 'proxied2'), 'same client again');
      // A client cannot escape by prepending its own X-Forwarded-For: the proxy's entry is last.
      expectRateLimited(await signUp('10.9.9.9, 198.51.100.1', 'proxied3'), 'spoofed prefix');
      expectStatus(await signUp('198.51.100.2', 'proxied4'), 200);
    } finally {
      await server.close();
    }
  });
});

describe('invite mode', () => {
  let server;
  let admin;
  before(async () => {
    server = await startServer({ args: ['--signup-mode', 'invite'] });
    admin = await adminToken(server);
  });
  after(async () => { await server?.close(); });

  test('sign-up needs a valid code; admins create and list codes', async () => {
    const inst = (await api(server, 'GET', '/api/v1/instance')).body.registrations;
    assert.equal(inst.mode, 'invite');
    assert.equal(inst.invite_required, true);

    const noCode = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'inv_none', password: PASSWORD, ...await solveChallenge(server) },
    });
    assert.match(expectError(noCode, 422, 'no invite').error, /invit/);
    expectError(await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'inv_bad', password: PASSWORD, invite_code: 'nope', ...await solveChallenge(server) },
    }), 422, 'unknown invite');

    const member = await api(server, 'POST', '/api/v1/admin/invites', { json: { max_uses: 1 } });
    expectError(member, 401, 'anonymous creates an invite');

    const created = await api(server, 'POST', '/api/v1/admin/invites', { token: admin, json: { max_uses: 2, expires_in: 3600 } });
    const invite = expectStatus(created, 200, 'create invite');
    assert.equal(typeof invite.code, 'string');
    assert.equal(invite.max_uses, 2);
    assert.equal(invite.uses, 0);
    assert.match(invite.expires_at, ISO);

    for (const username of ['inv_one', 'inv_two']) {
      const res = await api(server, 'POST', '/api/v1/accounts', {
        json: { username, password: PASSWORD, invite_code: invite.code, ...await solveChallenge(server) },
      });
      expectStatus(res, 200, `sign-up ${username} with the invite`);
    }
    const used = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'inv_three', password: PASSWORD, invite_code: invite.code, ...await solveChallenge(server) },
    });
    assert.match(expectError(used, 422, 'used-up invite').error, /used up/);

    const list = await api(server, 'GET', '/api/v1/admin/invites', { token: admin });
    const rows = expectStatus(list, 200);
    assert.equal(rows.length, 1);
    assert.equal(rows[0].code, invite.code);
    assert.equal(rows[0].uses, 2);

    const unlimited = expectStatus(await api(server, 'POST', '/api/v1/admin/invites', { token: admin, json: { max_uses: 0, expires_in: 0 } }), 200);
    assert.equal(unlimited.max_uses, null);
    assert.equal(unlimited.expires_at, null);
    expectStatus(await api(server, 'POST', `/api/v1/admin/invites/${unlimited.id}/revoke`, { token: admin }), 200);
    expectError(await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'inv_revoked', password: PASSWORD, invite_code: unlimited.code, ...await solveChallenge(server) },
    }), 422, 'revoked invite');

    const inviteeToken = (await api(server, 'POST', '/oauth/token', { json: { username: 'inv_one', password: PASSWORD } })).body.access_token;
    expectError(await api(server, 'GET', '/api/v1/admin/invites', { token: inviteeToken }), 403, 'member lists invites');
  });
});

describe('approval mode', () => {
  let server;
  let admin;
  before(async () => {
    server = await startServer({ args: ['--signup-mode', 'approval'] });
    admin = await adminToken(server);
  });
  after(async () => { await server?.close(); });

  test('new accounts wait for a moderator, then sign in', async () => {
    const inst = (await api(server, 'GET', '/api/v1/instance')).body.registrations;
    assert.equal(inst.mode, 'approval');
    assert.equal(inst.approval_required, true);

    const res = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'waiting', password: PASSWORD, ...await solveChallenge(server) },
    });
    const body = expectStatus(res, 200, 'sign-up in approval mode');
    assert.equal(body.approval_pending, true);
    const token = body.access_token;
    assert.match(expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token }), 403).error, /approval/);
    expectError(await api(server, 'POST', '/oauth/token', { json: { username: 'waiting', password: PASSWORD } }), 403, 'login while pending');
    expectError(await api(server, 'GET', '/api/v1/accounts/lookup', { query: { acct: 'waiting' } }), 404, 'pending accounts are hidden');

    const pending = expectStatus(await api(server, 'GET', '/api/v1/admin/accounts/pending', { token: admin }), 200);
    assert.deepEqual(pending.map((a) => a.username), ['waiting']);
    const id = pending[0].id;

    const approved = await api(server, 'POST', `/api/v1/admin/accounts/${id}/approve`, { token: admin });
    expectStatus(approved, 200, 'approve');
    expectStatus(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token }), 200, 'the sign-up token works once approved');
    expectError(await api(server, 'POST', `/api/v1/admin/accounts/${id}/approve`, { token: admin }), 422, 'approve twice');
    assert.equal(expectStatus(await api(server, 'GET', '/api/v1/admin/accounts/pending', { token: admin }), 200).length, 0);
  });

  test('a rejected sign-up is suspended', async () => {
    const res = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'spam_bot', password: PASSWORD, ...await solveChallenge(server) },
    });
    expectStatus(res, 200);
    const pending = expectStatus(await api(server, 'GET', '/api/v1/admin/accounts/pending', { token: admin }), 200);
    const bot = pending.find((a) => a.username === 'spam_bot');
    const rejected = await api(server, 'POST', `/api/v1/admin/accounts/${bot.id}/reject`, { token: admin });
    assert.equal(expectStatus(rejected, 200).suspended, true);
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: res.body.access_token }), 401, 'sessions ended');
  });
});
