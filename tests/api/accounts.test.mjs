// Accounts and sessions: registration, login, revocation, sessions, profile updates, lookup.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, expectStatus, expectError, show, PASSWORD, solveChallenge,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

function assertToken(body, what) {
  assert.equal(typeof body.access_token, 'string', `${what}: access_token`);
  assert.ok(body.access_token.length >= 16, `${what}: access_token too short: ${body.access_token}`);
  assert.match(body.access_token, /^[A-Za-z0-9._~+/=-]+$/, `${what}: access_token has odd characters`);
  assert.equal(body.token_type, 'Bearer', `${what}: token_type`);
  assert.equal(typeof body.scope, 'string', `${what}: scope`);
  assert.equal(typeof body.created_at, 'number', `${what}: created_at (Mastodon: Unix seconds)`);
  const now = Date.now() / 1000;
  assert.ok(Math.abs(body.created_at - now) < 3600, `${what}: created_at ${body.created_at} is not Unix seconds near ${now}`);
}

describe('accounts', () => {
  let alice;
  let aliceToken;

  test('register returns a Mastodon token and verify_credentials shows the account', async () => {
    const res = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'alice', password: PASSWORD, email: 'alice@example.com', ...await solveChallenge(server) },
    });
    expectStatus(res, 200, 'register alice');
    assertToken(res.body, 'register');
    aliceToken = res.body.access_token;
    assert.ok(res.headers.get('x-request-id'), 'X-Request-Id header missing');

    const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: aliceToken });
    expectStatus(me, 200);
    alice = me.body;
    assert.match(alice.id, /^\d+$/, 'id is a string of digits');
    assert.equal(alice.username, 'alice');
    assert.equal(alice.acct, 'alice');
    assert.equal(alice.display_name, 'alice', 'display_name defaults to the username');
    assert.equal(alice.kind, 'personal');
    assert.equal(alice.role, 'member');
    assert.equal(alice.followers_count, 0);
    assert.equal(alice.following_count, 0);
    assert.equal(alice.statuses_count, 0);
    assert.equal(alice.suspended, false);
    assert.equal(alice.url, '/@alice');
    assert.ok(!Number.isNaN(Date.parse(alice.created_at)), `created_at not ISO: ${alice.created_at}`);
    assert.match(alice.created_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/, 'created_at ISO-8601 UTC');
    assert.equal(typeof alice.source, 'object', `source missing: ${JSON.stringify(alice)}`);
    for (const k of ['note', 'privacy', 'dm_policy', 'comment_policy', 'email']) {
      assert.ok(k in alice.source, `source.${k} missing: ${JSON.stringify(alice.source)}`);
    }
    assert.equal(alice.source.dm_policy, 'everyone');
    assert.equal(alice.source.comment_policy, 'everyone');
    assert.equal(alice.source.email, 'alice@example.com');
    assert.equal(alice.verification?.type, 'none');
    assert.equal(alice.verified, false);
  });

  test('register with display_name and enterprise kind', async () => {
    const res = await api(server, 'POST', '/api/v1/accounts', {
      json: {
        username: 'brand_co', password: PASSWORD, display_name: '清水品牌', kind: 'enterprise',
        ...await solveChallenge(server),
      },
    });
    expectStatus(res, 200);
    const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: res.body.access_token });
    expectStatus(me, 200);
    assert.equal(me.body.display_name, '清水品牌');
    assert.equal(me.body.kind, 'enterprise');
  });

  test('duplicate handle, case-insensitively → 409', async () => {
    for (const username of ['alice', 'ALICE', 'Alice']) {
      const res = await api(server, 'POST', '/api/v1/accounts', { json: { username, password: PASSWORD } });
      expectError(res, 409, `register ${username}`);
    }
  });

  test('bad handles and passwords → 422', async () => {
    for (const username of ['a', 'bad-handle', 'with space', '中文名字', 'x'.repeat(31), '', 'dot.name', '@bob']) {
      const res = await api(server, 'POST', '/api/v1/accounts', { json: { username, password: PASSWORD } });
      expectError(res, 422, `register ${JSON.stringify(username)}`);
    }
    // Boundaries that are valid.
    for (const username of ['ab', 'y'.repeat(30), 'Under_score_9']) {
      const res = await api(server, 'POST', '/api/v1/accounts', {
        json: { username, password: PASSWORD, ...await solveChallenge(server) },
      });
      expectStatus(res, 200, `register ${username}`);
    }
    for (const password of ['short', '1234567', 'p'.repeat(129)]) {
      const res = await api(server, 'POST', '/api/v1/accounts', { json: { username: 'pwtest', password } });
      expectError(res, 422, `password of ${password.length} bytes`);
    }
    const noPw = await api(server, 'POST', '/api/v1/accounts', { json: { username: 'pwtest' } });
    expectError(noPw, 422, 'register without password');
    const badKind = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'kindtest', password: PASSWORD, kind: 'robot' },
    });
    expectError(badKind, 422, 'unknown kind');
    const longName = await api(server, 'POST', '/api/v1/accounts', {
      json: { username: 'nametest', password: PASSWORD, display_name: '名'.repeat(31) },
    });
    expectError(longName, 422, 'display_name of 31 code points');
  });

  test('register accepts form-encoded bodies', async () => {
    const res = await api(server, 'POST', '/api/v1/accounts', {
      form: { username: 'formuser', password: PASSWORD, display_name: '表单', ...await solveChallenge(server) },
    });
    expectStatus(res, 200);
    assertToken(res.body, 'form register');
  });

  test('login with the password grant', async () => {
    const res = await api(server, 'POST', '/oauth/token', {
      json: { grant_type: 'password', username: 'alice', password: PASSWORD },
    });
    expectStatus(res, 200, 'password grant');
    assert.notEqual(res.body.access_token, aliceToken, 'a login gets a new token');
    const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: res.body.access_token });
    expectStatus(me, 200);
    assert.equal(me.body.id, alice.id);

    // Form-encoded, as OAuth clients send it.
    const form = await api(server, 'POST', '/oauth/token', {
      form: { grant_type: 'password', username: 'alice', password: PASSWORD, client_id: 'x', client_secret: 'y', scope: 'read write' },
    });
    expectStatus(form, 200, 'form password grant');
    expectStatus(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: form.body.access_token }), 200);
    assertToken(res.body, 'login');
    assertToken(form.body, 'form login');
  });

  test('wrong password or unknown user → 401 invalid_grant', async () => {
    const wrong = await api(server, 'POST', '/oauth/token', {
      json: { grant_type: 'password', username: 'alice', password: 'not the password' },
    });
    expectStatus(wrong, 401, 'wrong password');
    assert.equal(wrong.body.error, 'invalid_grant', `wrong password: ${show(wrong)}`);
    assert.equal(wrong.body.code, 'unauthenticated', `wrong password: ${show(wrong)}`);

    const nobody = await api(server, 'POST', '/oauth/token', {
      json: { grant_type: 'password', username: 'nobody_here', password: PASSWORD },
    });
    expectStatus(nobody, 401, 'unknown user');
    assert.equal(nobody.body.error, 'invalid_grant', `unknown user: ${show(nobody)}`);
  });

  test('revoke makes the token fail with 401 at once', async () => {
    const login = await api(server, 'POST', '/oauth/token', {
      json: { grant_type: 'password', username: 'alice', password: PASSWORD },
    });
    expectStatus(login, 200);
    const tok = login.body.access_token;
    expectStatus(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: tok }), 200);
    const rev = await api(server, 'POST', '/oauth/revoke', { token: tok, json: { token: tok } });
    expectStatus(rev, 200, 'revoke');
    assert.deepEqual(rev.body, {});
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: tok }), 401, 'revoked token');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: tok, json: { status: 'hi' } }), 401, 'post with revoked token');
    // Other tokens of the same account still work.
    expectStatus(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: aliceToken }), 200);
  });

  test('sessions list and delete', async () => {
    const { token: t0 } = await register(server, 'sess_user');
    const logins = [];
    for (let i = 0; i < 2; i++) {
      const r = await api(server, 'POST', '/oauth/token', {
        json: { grant_type: 'password', username: 'sess_user', password: PASSWORD },
      });
      expectStatus(r, 200);
      logins.push(r.body.access_token);
    }
    const list = await api(server, 'GET', '/api/v1/sessions', { token: t0 });
    expectStatus(list, 200);
    assert.ok(Array.isArray(list.body), `sessions is not an array: ${show(list)}`);
    assert.equal(list.body.length, 3, `expected 3 sessions: ${show(list)}`);
    for (const s of list.body) {
      assert.match(String(s.id), /^\d+$/);
      for (const k of ['client', 'ip', 'created_at', 'last_used_at', 'current']) {
        assert.ok(k in s, `session.${k} missing: ${JSON.stringify(s)}`);
      }
      assert.equal(typeof s.current, 'boolean');
    }
    const current = list.body.filter((s) => s.current);
    assert.equal(current.length, 1, 'exactly one session is current');

    // Find the session of logins[0]: it is the current one when listed with that token.
    const list1 = await api(server, 'GET', '/api/v1/sessions', { token: logins[0] });
    expectStatus(list1, 200);
    const sid = list1.body.find((s) => s.current).id;
    assert.notEqual(sid, current[0].id, 'different tokens have different sessions');

    // Someone else cannot delete it.
    const other = await api(server, 'DELETE', `/api/v1/sessions/${sid}`, { token: aliceToken });
    expectError(other, [403, 404], "deleting another account's session");
    expectStatus(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: logins[0] }), 200);

    const del = await api(server, 'DELETE', `/api/v1/sessions/${sid}`, { token: t0 });
    expectStatus(del, 200, 'delete session');
    assert.deepEqual(del.body, {});
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: logins[0] }), 401, 'token of deleted session');
    expectStatus(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: logins[1] }), 200);
    const after2 = await api(server, 'GET', '/api/v1/sessions', { token: t0 });
    expectStatus(after2, 200);
    assert.equal(after2.body.length, 2);
    assert.ok(!after2.body.some((s) => s.id === sid), 'deleted session still listed');

    expectError(await api(server, 'DELETE', '/api/v1/sessions/123456789', { token: t0 }), 404, 'unknown session');
    expectError(await api(server, 'GET', '/api/v1/sessions'), 401, 'sessions without auth');
  });

  test('update_credentials with Unicode display name, bio, location', async () => {
    const res = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
      token: aliceToken,
      json: { display_name: '爱丽丝中文', note: '你好，世界！I like 🍵.', location: '杭州' },
    });
    expectStatus(res, 200, 'update_credentials');
    assert.equal(res.body.id, alice.id);
    assert.equal(res.body.display_name, '爱丽丝中文');
    assert.equal(res.body.note, '你好，世界！I like 🍵.');
    assert.equal(res.body.location, '杭州');

    const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: aliceToken });
    expectStatus(me, 200);
    assert.equal(me.body.display_name, '爱丽丝中文');
    assert.equal(me.body.note, '你好，世界！I like 🍵.');
    assert.equal(me.body.location, '杭州');
    assert.equal(me.body.source.note, '你好，世界！I like 🍵.');

    const pub = await api(server, 'GET', `/api/v1/accounts/${alice.id}`);
    expectStatus(pub, 200);
    assert.equal(pub.body.display_name, '爱丽丝中文');
    assert.equal(pub.body.source, undefined, 'public Account must not carry source (email etc.)');

    // Multipart, as Mastodon clients send it; only the given fields change.
    const mp = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
      token: aliceToken, multipart: { location: '北京', dm_policy: 'friends', comment_policy: 'fans' },
    });
    expectStatus(mp, 200, 'multipart update_credentials');
    assert.equal(mp.body.location, '北京');
    assert.equal(mp.body.display_name, '爱丽丝中文', 'display_name unchanged');
    const me2 = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: aliceToken });
    assert.equal(me2.body.source.dm_policy, 'friends');
    assert.equal(me2.body.source.comment_policy, 'fans');

    // Limits: display_name ≤ 30 code points, note ≤ 300, location ≤ 30.
    expectStatus(await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
      token: aliceToken, json: { display_name: '名'.repeat(30) },
    }), 200, '30 code point display name');
    for (const [field, value] of [
      ['display_name', '名'.repeat(31)], ['note', '字'.repeat(301)], ['location', '地'.repeat(31)],
      ['dm_policy', 'nobody_at_all'], ['comment_policy', 'strangers'], ['kind', 'alien'],
    ]) {
      const bad = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
        token: aliceToken, json: { [field]: value },
      });
      expectError(bad, 422, `update ${field}=${value.slice(0, 10)}…`);
    }
    expectStatus(await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
      token: aliceToken, json: { note: '字'.repeat(300), dm_policy: 'everyone', comment_policy: 'everyone' },
    }), 200, '300 code point note');
    expectError(await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
      json: { note: 'x' },
    }), 401, 'update_credentials without auth');
  });

  test('lookup, get by id, search', async () => {
    const res = await api(server, 'GET', '/api/v1/accounts/lookup?acct=alice');
    expectStatus(res, 200, 'lookup alice');
    assert.equal(res.body.id, alice.id);
    assert.equal(res.body.username, 'alice');
    const upper = await api(server, 'GET', '/api/v1/accounts/lookup?acct=ALICE');
    expectStatus(upper, 200, 'lookup is case-insensitive like handles');
    assert.equal(upper.body.id, alice.id);
    expectError(await api(server, 'GET', '/api/v1/accounts/lookup?acct=no_such_user'), 404, 'lookup unknown');

    const byId = await api(server, 'GET', `/api/v1/accounts/${alice.id}`);
    expectStatus(byId, 200);
    assert.equal(byId.body.username, 'alice');
    expectError(await api(server, 'GET', '/api/v1/accounts/99999999999'), 404, 'unknown account id');

    const search = await api(server, 'GET', '/api/v1/accounts/search?q=ali&limit=5');
    expectStatus(search, 200);
    assert.ok(Array.isArray(search.body));
    assert.ok(search.body.some((a) => a.id === alice.id), `search ali: ${show(search)}`);
    assert.ok(search.body.every((a) => a.username.toLowerCase().startsWith('ali')), `search returns non-prefix matches: ${show(search)}`);
  });

  test('missing or bad auth → 401 unauthenticated', async () => {
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials'), 401, 'no token');
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: 'bogus-token' }), 401, 'unknown token');
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { headers: { authorization: 'Basic YWxpY2U6cHc=' } }), 401, 'Basic auth');
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { headers: { authorization: 'Bearer' } }), 401, 'empty Bearer');
    expectError(await api(server, 'POST', '/api/v1/statuses', { json: { status: 'hi' } }), 401, 'post without auth');
    expectError(await api(server, 'GET', '/api/v1/timelines/home'), 401, 'home without auth');
    expectError(await api(server, 'GET', '/api/v1/notifications'), 401, 'notifications without auth');
    expectError(await api(server, 'POST', `/api/v1/accounts/${alice.id}/follow`), 401, 'follow without auth');
  });

  test('service endpoints', async () => {
    const h = await api(server, 'GET', '/healthz');
    expectStatus(h, 200);
    assert.deepEqual(h.body, { status: 'ok' });
    const inst = await api(server, 'GET', '/api/v1/instance');
    expectStatus(inst, 200);
    assert.equal(inst.body.configuration?.statuses?.max_characters, 140);
    assert.equal(inst.body.configuration?.statuses?.max_long_characters, 2000);
    assert.equal(typeof inst.body.version, 'string');
    const m = await api(server, 'GET', '/metrics');
    expectStatus(m, 200);
    assert.match(m.text, /clearwater_http_requests_total\{/);
    assert.match(m.text, /clearwater_http_request_duration_seconds/);
  });
});
