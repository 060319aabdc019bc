// Bad input gets a clear 4xx with {error, code}, never a crash.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import {
  startServer, api, register, post, follow, expectStatus, expectError, show, ids,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

const JSON_CT = { 'content-type': 'application/json' };

describe('bad input', () => {
  let u; let other;
  let mine;

  test('set up', async () => {
    u = await register(server, 'bad_user');
    other = await register(server, 'bad_other');
    mine = await post(server, u.token, '我的帖子');
  });

  test('invalid UTF-8 → 400', async () => {
    const body = Buffer.concat([Buffer.from('{"status":"ok '), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: body, headers: JSON_CT }), 400, 'JSON with 0xff bytes');
    const overlong = Buffer.concat([Buffer.from('{"status":"'), Buffer.from([0xc0, 0xaf]), Buffer.from('"}')]);
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: overlong, headers: JSON_CT }), 400, 'overlong UTF-8 encoding');
    const surrogate = Buffer.concat([Buffer.from('{"status":"'), Buffer.from([0xed, 0xa0, 0x80]), Buffer.from('"}')]);
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: surrogate, headers: JSON_CT }), 400, 'UTF-8 encoded surrogate');
    const lone = '{"status":"\\ud800 lone surrogate escape"}';
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: lone, headers: JSON_CT }), [400, 422], 'JSON \\ud800 escape');
    expectError(await api(server, 'POST', '/api/v1/statuses', {
      token: u.token, raw: 'status=%FF%FEabc', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }), 400, 'form with %FF');
    const regBody = Buffer.concat([Buffer.from('{"username":"ab'), Buffer.from([0xff]), Buffer.from('","password":"password123"}')]);
    expectError(await api(server, 'POST', '/api/v1/accounts', { raw: regBody, headers: JSON_CT }), 400, 'register with invalid UTF-8');
    expectError(await api(server, 'GET', '/api/v1/accounts/lookup?acct=%FF%FE'), [400, 404], 'query with invalid UTF-8');
  });

  test('malformed JSON, form, multipart → 400', async () => {
    for (const raw of ['{"status": ', '{status: "x"}', '{"status":"x",}', 'nul', '{"status":"x"} trailing', '\u0000']) {
      expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw, headers: JSON_CT }), 400, `malformed JSON ${JSON.stringify(raw)}`);
    }
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: '[1,2,3]', headers: JSON_CT }), [400, 422], 'JSON array as body');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: '"just a string"', headers: JSON_CT }), [400, 422], 'JSON string as body');
    expectError(await api(server, 'POST', '/api/v1/statuses', {
      token: u.token, raw: '--xyz\r\nContent-Disposition: form-data; name="status"\r\n\r\nunterminated',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    }), 400, 'unterminated multipart');
    expectError(await api(server, 'POST', '/api/v1/statuses', {
      token: u.token, raw: 'whatever', headers: { 'content-type': 'multipart/form-data' },
    }), 400, 'multipart without boundary');
    // Deep nesting must not blow the stack.
    const deep = `{"status":"x","a":${'['.repeat(200000)}${']'.repeat(200000)}}`;
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: deep, headers: JSON_CT }), [400, 422], 'JSON nested 200000 deep');
    // Wrong types for known parameters.
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: 'x', long: 'maybe' } }), [400, 422], 'long=maybe');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: { nested: true } } }), [400, 422], 'status as object');
    expectError(await api(server, 'GET', '/api/v1/timelines/public?limit=abc'), [400, 422], 'limit=abc');
    expectError(await api(server, 'GET', '/api/v1/timelines/public?max_id=abc'), [400, 422], 'max_id=abc');
  });

  test('oversize body → 413', async () => {
    const big = JSON.stringify({ status: 'x', filler: 'a'.repeat(1024 * 1024 + 10) });
    let res;
    try {
      res = await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: big, headers: JSON_CT });
    } catch (err) {
      assert.fail(`oversize body: no HTTP response (${err.cause?.code ?? err.message}); expected 413`);
    }
    expectError(res, 413, 'body over 1 MiB');
    const h = await api(server, 'GET', '/healthz');
    expectStatus(h, 200, 'healthy after oversize body');
    // Refused while being read, before any route: /metrics still counts it.
    const m = await api(server, 'GET', '/metrics');
    assert.match(m.text, /clearwater_http_requests_total\{method="OTHER",route="\(refused\)",status="413"\} [1-9]/);
  });

  test('text length: 140 code points, long posts up to 2000', async () => {
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: 'a'.repeat(141) } }), 422, '141 ASCII');
    expectStatus(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: 'a'.repeat(140) } }), 200, '140 ASCII');
    const zh = await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '中'.repeat(140) } });
    expectStatus(zh, 200, '140 Chinese characters');
    assert.equal(zh.body.text, '中'.repeat(140));
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '中'.repeat(141) } }), 422, '141 Chinese characters');
    expectStatus(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '😀'.repeat(140) } }), 200, '140 emoji (code points, not UTF-16 units)');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '😀'.repeat(141) } }), 422, '141 emoji');

    const long = await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '长'.repeat(2000), long: true } });
    expectStatus(long, 200, 'long post of 2000');
    assert.equal(long.body.long, true);
    assert.equal([...long.body.text].length, 2000);
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '长'.repeat(2001), long: true } }), 422, 'long post of 2001');
    expectStatus(await api(server, 'POST', '/api/v1/statuses', { token: u.token, form: { status: '长'.repeat(500), long: '1' } }), 200, 'long=1 in a form');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '长'.repeat(500), long: false } }), 422, 'long=false, 500 chars');

    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: '' } }), 422, 'empty post');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: {} }), 422, 'no status at all');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: 'x', visibility: 'everyone' } }), 422, 'unknown visibility');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: 'x', comment_policy: 'martians' } }), 422, 'unknown comment_policy');
    expectError(await api(server, 'POST', `/api/v1/statuses/${mine.id}/comments`, { token: other.token, json: { text: '评'.repeat(141) } }), 422, 'comment over 140');
  });

  test('unknown ids → 404, bad id syntax → 400/404', async () => {
    for (const [method, path] of [
      ['GET', '/api/v1/statuses/99999999999'], ['GET', '/api/v1/accounts/99999999999'],
      ['GET', '/api/v1/comments/99999999999'], ['POST', '/api/v1/statuses/99999999999/reblog'],
      ['POST', '/api/v1/statuses/99999999999/favourite'], ['POST', '/api/v1/accounts/99999999999/follow'],
      ['GET', '/api/v1/statuses/99999999999/comments'], ['POST', '/api/v1/comments/99999999999/favourite'],
      ['DELETE', '/api/v1/statuses/99999999999'], ['GET', '/api/v1/lists/99999999999'],
      ['GET', '/api/v1/notifications/99999999999'], ['GET', '/api/v1/conversations/99999999999/messages'],
    ]) {
      expectError(await api(server, method, path, { token: u.token }), 404, `${method} ${path}`);
    }
    for (const id of ['abc', '-1', '1e5', '0x10', '99999999999999999999999999', '12abc', '%00', "1'%20OR%20'1'='1"]) {
      expectError(await api(server, 'GET', `/api/v1/statuses/${id}`, { token: u.token }), [400, 404], `status id ${id}`);
      expectError(await api(server, 'GET', `/api/v1/accounts/${id}`, { token: u.token }), [400, 404], `account id ${id}`);
    }
    expectError(await api(server, 'GET', '/api/v1/no/such/route'), 404, 'unknown route');
    expectError(await api(server, 'GET', "/api/v1/accounts/lookup?acct=' OR 1=1 --"), 404, 'SQL in lookup');
  });

  test("other people's objects", async () => {
    expectError(await api(server, 'DELETE', `/api/v1/statuses/${mine.id}`, { token: other.token }), [403, 404], "delete someone else's post");
    expectStatus(await api(server, 'GET', `/api/v1/statuses/${mine.id}`), 200, 'post still there');
    const c = await api(server, 'POST', `/api/v1/statuses/${mine.id}/comments`, { token: u.token, json: { text: '自己评论' } });
    expectStatus(c, 200);
    expectError(await api(server, 'DELETE', `/api/v1/comments/${c.body.id}`, { token: other.token }), [403, 404], "delete someone else's comment");
    expectStatus(await api(server, 'GET', `/api/v1/comments/${c.body.id}`), 200, 'comment still there');
    // The post's author may delete comments under it.
    const oc = await api(server, 'POST', `/api/v1/statuses/${mine.id}/comments`, { token: other.token, json: { text: '他人评论' } });
    expectStatus(oc, 200);
    const del = await api(server, 'DELETE', `/api/v1/comments/${oc.body.id}`, { token: u.token });
    expectStatus(del, 200, 'post author deletes a comment');
    assert.deepEqual(del.body, {});
    expectError(await api(server, 'GET', `/api/v1/comments/${oc.body.id}`), 404, 'deleted comment');
    // Moderation endpoints are not for members (`other` is not the first account on the server).
    expectError(await api(server, 'POST', `/api/v1/admin/accounts/${u.id}/action`, { token: other.token, json: { type: 'suspend' } }), 403, 'member suspends');
    expectError(await api(server, 'POST', `/api/v1/admin/accounts/${other.id}/role`, { token: other.token, json: { role: 'admin' } }), 403, 'member makes self admin');
    const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: other.token });
    assert.equal(me.body.role, 'member');
  });

  test('form-encoded, multipart and query-string bodies for POST /api/v1/statuses', async () => {
    const f = await api(server, 'POST', '/api/v1/statuses', { token: u.token, form: { status: '表单 form & more=1', visibility: 'fans' } });
    expectStatus(f, 200, 'form-encoded');
    assert.equal(f.body.text, '表单 form & more=1');
    assert.equal(f.body.audience, 'fans');
    const m = await api(server, 'POST', '/api/v1/statuses', { token: u.token, multipart: { status: '多部分 multipart; name="x"', visibility: 'public' } });
    expectStatus(m, 200, 'multipart');
    assert.equal(m.body.text, '多部分 multipart; name="x"');
    const q = await api(server, 'POST', `/api/v1/statuses?status=${encodeURIComponent('查询串')}`, { token: u.token });
    expectStatus(q, 200, 'query-string parameters');
    assert.equal(q.body.text, '查询串');
    const unk = await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: 'unknown params', media_ids: [], poll: null, sensitive: false, spoiler_text: '', language: 'zh', foo: { bar: 1 } } });
    expectStatus(unk, 200, 'unknown parameters are ignored');
  });

  test('array parameters: percent-encoded, form and JSON', async () => {
    const encoded = await api(server, 'GET', `/api/v1/accounts/relationships?id%5B%5D=${other.id}&id%5B%5D=${u.id}`, { token: u.token });
    expectStatus(encoded, 200, 'percent-encoded brackets');
    assert.deepEqual(new Set(ids(encoded.body)), new Set([other.id, u.id]));

    const l = await api(server, 'POST', '/api/v1/lists', { token: u.token, json: { title: 'arrays' } });
    expectStatus(l, 200);
    await follow(server, u.token, other.id);
    const addForm = await api(server, 'POST', `/api/v1/lists/${l.body.id}/accounts`, { token: u.token, form: { 'account_ids[]': [other.id] } });
    expectStatus(addForm, 200, 'account_ids[] form-encoded');
    const members = await api(server, 'GET', `/api/v1/lists/${l.body.id}/accounts`, { token: u.token });
    assert.deepEqual(ids(members.body), [other.id]);
    const rmJson = await api(server, 'DELETE', `/api/v1/lists/${l.body.id}/accounts`, { token: u.token, json: { account_ids: [other.id] } });
    expectStatus(rmJson, 200, 'account_ids JSON array');
    const members2 = await api(server, 'GET', `/api/v1/lists/${l.body.id}/accounts`, { token: u.token });
    assert.deepEqual(members2.body, []);
  });

  test('array parameters: literal id[]= in the query, as the docs write it', async () => {
    // fetch sends '[' and ']' in a query unencoded, as browsers and Mastodon clients do.
    const failures = [];
    for (const path of [
      `/api/v1/accounts/relationships?id[]=${other.id}&id[]=${u.id}`,
      '/api/v1/notifications?types[]=follow&exclude_types[]=mention',
      '/api/v1/notifications/unread_count?types[]=follow',
    ]) {
      const r = await api(server, 'GET', path, { token: u.token });
      if (r.status !== 200) failures.push(show(r));
    }
    assert.deepEqual(failures, [], 'literal [] in query strings');
  });

  test('HTML and SQL in text are stored verbatim and escaped in content', async () => {
    const text = `<script>alert("x")</script> '; DROP TABLE posts; -- & <b>`;
    const p = await post(server, u.token, text);
    assert.equal(p.text, text);
    assert.ok(!p.content.includes('<script>'), `content not escaped: ${p.content}`);
    assert.ok(!p.content.includes('<b>'), `content not escaped: ${p.content}`);
    assert.ok(p.content.includes('&lt;script&gt;'), `content: ${p.content}`);
    const again = await api(server, 'GET', `/api/v1/statuses/${p.id}`);
    expectStatus(again, 200);
    assert.equal(again.body.text, text);
    const dn = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', { token: u.token, json: { display_name: '<img src=x onerror=1>' } });
    expectStatus(dn, 200);
    assert.equal(dn.body.display_name, '<img src=x onerror=1>');
  });

  test('every response has an X-Request-Id header', async () => {
    const missing = [];
    const reqs = [
      ['GET', '/healthz', {}], ['GET', '/metrics', {}], ['GET', '/api/v1/instance', {}],
      ['GET', '/api/v1/no/such/route', {}], ['GET', '/api/v1/accounts/verify_credentials', {}],
      ['POST', '/api/v1/statuses', { token: u.token, raw: '{', headers: JSON_CT }],
      ['POST', '/api/v1/statuses', { token: u.token, json: { status: '' } }],
      ['GET', `/api/v1/statuses/${mine.id}`, {}], ['GET', '/api/v1/timelines/home', { token: u.token }],
    ];
    const seenIds = new Set();
    for (const [method, path, opts] of reqs) {
      const r = await api(server, method, path, opts);
      const rid = r.headers.get('x-request-id');
      if (!rid) missing.push(`${method} ${path} → ${r.status}`);
      else seenIds.add(rid);
    }
    assert.deepEqual(missing, [], 'responses without X-Request-Id');
    assert.equal(seenIds.size, reqs.length, 'request ids are unique');
  });

  test('huge or repeated list parameters cannot blow up headers or the statement cache', async () => {
    // Thousands of filter values: refused or bounded, never a crash.
    const many = Array.from({ length: 1100 }, () => 'a=1').join('&');
    const r1 = await api(server, 'GET', `/api/v1/timelines/public?${many}`);
    assert.equal(r1.status, 400, 'more than 1000 parameters');
    assert.equal(r1.body.code, 'malformed');
    const long = Array.from({ length: 4000 }, (_, i) => `types[]=t${i}`).join('&');
    const r1b = await api(server, 'GET', `/api/v1/timelines/public?${long}`);
    assert.equal(r1b.status, 431, 'a 40 KB request line is refused');
    const r2 = await api(server, 'POST', '/api/v1/statuses', { token: u.token, json: { status: 'x', junk: Array.from({ length: 5000 }, (_, i) => i) } });
    assert.equal(r2.status, 400, 'a JSON array past the parameter limit');
    const repeated = Array.from({ length: 900 }, () => 'types[]=mention&types[]=follow').join('&');
    const r3 = await api(server, 'GET', `/api/v1/notifications?limit=1&${repeated.slice(0, 9000)}`, { token: u.token });
    expectStatus(r3, 200, 'repeated known types');
    const link = r3.headers.get('link') ?? '';
    assert.ok(link.length < 1000, `Link header stays small: ${link.length} bytes`);
    // A body on a GET is not read.
    // fetch refuses a GET with a body; node:http sends one.
    const status = await new Promise((resolve, reject) => {
      const body = JSON.stringify({ types: Array(4000).fill('mention') });
      const req = http.request(`${server.url}/api/v1/timelines/public`, {
        method: 'GET', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      }, (res) => { res.resume(); res.on('end', () => resolve(res.statusCode)); });
      req.on('error', reject);
      req.end(body);
    });
    assert.equal(status, 200, 'GET body ignored');
    assert.ok(server.running, 'server still running');
  });

  test('a wrong method gets 405 with Allow', async () => {
    const r = await api(server, 'DELETE', '/api/v1/accounts/verify_credentials', { token: u.token });
    expectError(r, 405);
    assert.equal(r.headers.get('allow'), 'GET');
    const m = await api(server, 'BREW', '/healthz');
    assert.ok([400, 405].includes(m.status), `unknown method: ${m.status}`);
  });

  test('every error has {error, code}; the server is still healthy', async () => {
    const res = await api(server, 'POST', '/api/v1/statuses', { token: u.token, raw: '{', headers: JSON_CT });
    const body = expectError(res, 400);
    assert.equal(body.code, 'malformed');
    assert.ok(res.headers.get('x-request-id'), 'X-Request-Id on errors too');
    const h = await api(server, 'GET', '/healthz');
    expectStatus(h, 200);
    assert.deepEqual(h.body, { status: 'ok' });
    assert.ok(server.running, `server process died: ${server.logs?.stderr}`);
    expectStatus(await api(server, 'GET', `/api/v1/statuses/${mine.id}`), 200, 'reads still work');
    await post(server, u.token, '还活着');
  });
});
