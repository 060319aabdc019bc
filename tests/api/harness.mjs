// Black-box test harness for the Clearwater HTTP API: starts the real binary on a fresh data
// directory and offers a tiny HTTP client plus helpers used by the *.test.mjs scenario files.
//
//   cd tests/api && CLEARWATER_BIN=/abs/path/to/clearwater node --test --test-concurrency=1 *.test.mjs

import { spawn, execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';

const READY_TIMEOUT_MS = 20_000;
const STOP_TIMEOUT_MS = 10_000;
const LOG_KEEP = 64 * 1024;

export function binaryPath() {
  const bin = process.env.CLEARWATER_BIN;
  if (!bin) throw new Error('CLEARWATER_BIN is not set (absolute path to the clearwater binary)');
  if (!existsSync(bin)) throw new Error(`CLEARWATER_BIN=${bin} does not exist`);
  return bin;
}

function keepTail(s) {
  return s.length > LOG_KEEP ? s.slice(s.length - LOG_KEEP) : s;
}

// Sign-up and rate protection as the scenario files run them: a cheap proof-of-work (solved by
// `register` and `solveChallenge`) and limits far above what any scenario does, so the limiter
// runs on every limited request without refusing one. ratelimit.test.mjs passes its own flags,
// which come later and win.
export const TEST_PROTECTION = [
  '--signup-pow-bits', '8',
  '--rate-signups', '100000/1m',
  '--rate-posts', '100000/1m', '--rate-forwards', '100000/1m', '--rate-comments', '100000/1m',
  '--rate-follows', '100000/1m', '--rate-likes', '100000/1m', '--rate-messages', '100000/1m',
];

// Spawns `clearwater serve` on dataDir and resolves once it printed "listening on HOST:PORT".
function launch(dataDir, extraArgs) {
  const bin = binaryPath();
  const args = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--password-cost', 'min',
    ...TEST_PROTECTION, ...extraArgs];
  const proc = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = { stdout: '', stderr: '' };
  const exited = new Promise((resolve) => {
    proc.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const ready = new Promise((resolve, reject) => {
    let done = false;
    const fail = (why) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      try { proc.kill('SIGKILL'); } catch { /* already gone */ }
      reject(new Error(`clearwater did not start: ${why}\n` +
        `command: ${bin} ${args.join(' ')}\n--- stdout ---\n${logs.stdout}\n--- stderr ---\n${logs.stderr}`));
    };
    const timer = setTimeout(() => fail(`no "listening on" line within ${READY_TIMEOUT_MS} ms`),
      READY_TIMEOUT_MS);
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (chunk) => {
      logs.stdout = keepTail(logs.stdout + chunk);
      if (done) return;
      const m = /listening on (\S+):(\d+)/.exec(logs.stdout);
      if (m) {
        done = true;
        clearTimeout(timer);
        resolve({ host: m[1], port: Number(m[2]) });
      }
    });
    proc.stderr.on('data', (chunk) => { logs.stderr = keepTail(logs.stderr + chunk); });
    proc.once('error', (err) => fail(`spawn error: ${err.message}`));
    proc.once('exit', (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
  });
  return { proc, logs, exited, ready };
}

// startServer({args: [...extra serve flags], dataDir}) →
//   {url, dataDir, proc, logs, stop(), kill9(), restart(), close()}
// stop(): SIGTERM and wait for exit (→ {code, signal}); kill9(): SIGKILL and wait; restart(): start
// again on the same data dir (new port, `url` updated); close(): stop if running and remove the
// data dir (for `after` hooks).
export async function startServer(opts = {}) {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'clearwater-api-'));
  const extraArgs = opts.args ?? [];
  let cur = null;
  const server = {
    dataDir,
    url: '',
    get proc() { return cur?.proc; },
    get logs() { return cur?.logs; },
    get running() { return cur !== null && cur.proc.exitCode === null && cur.proc.signalCode === null; },
    async start() {
      const l = launch(dataDir, extraArgs);
      const { host, port } = await l.ready;
      cur = l;
      server.url = `http://${host}:${port}`;
      return server;
    },
    async stop() {
      if (!cur) return null;
      const c = cur;
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGTERM');
      const timer = setTimeout(() => { try { c.proc.kill('SIGKILL'); } catch { /* gone */ } },
        STOP_TIMEOUT_MS);
      const res = await c.exited;
      clearTimeout(timer);
      res.timedOut = res.signal === 'SIGKILL';
      return res;
    },
    async kill9() {
      if (!cur) return null;
      const c = cur;
      if (c.proc.exitCode === null && c.proc.signalCode === null) c.proc.kill('SIGKILL');
      return c.exited;
    },
    async restart() {
      if (server.running) await server.stop();
      return server.start();
    },
    async close() {
      try { await server.stop(); } finally {
        if (!opts.keepData && !process.env.CLEARWATER_KEEP_DATA) {
          rmSync(dataDir, { recursive: true, force: true });
        }
      }
    },
  };
  await server.start();
  return server;
}

// ---------------------------------------------------------------------------------------------
// HTTP client

function appendParams(target, obj) {
  for (const [k, v] of Object.entries(obj)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      const key = k.endsWith('[]') ? k : `${k}[]`;
      for (const x of v) target.append(key, String(x));
    } else {
      target.append(k, v instanceof Blob ? v : String(v));
    }
  }
  return target;
}

// api(server, method, path, {token, json, form, multipart, headers, raw, query})
//   json: object sent as application/json; form: object sent as x-www-form-urlencoded (arrays
//   become key[]=..); multipart: object sent as multipart/form-data; raw: string/Buffer sent
//   as-is (set the content-type in headers); query: object appended to the URL.
// → {status, headers, body, text}; body is parsed JSON when the response is JSON, else text.
export async function api(server, method, path, opts = {}) {
  const headers = { ...(opts.headers ?? {}) };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let body;
  if (opts.json !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = JSON.stringify(opts.json);
  } else if (opts.form !== undefined) {
    headers['content-type'] ??= 'application/x-www-form-urlencoded';
    body = appendParams(new URLSearchParams(), opts.form).toString();
  } else if (opts.multipart !== undefined) {
    body = appendParams(new FormData(), opts.multipart);
  } else if (opts.raw !== undefined) {
    body = opts.raw;
  }
  let url = path.startsWith('http') ? path : server.url + path;
  if (opts.query) {
    const qs = appendParams(new URLSearchParams(), opts.query).toString();
    if (qs) url += (url.includes('?') ? '&' : '?') + qs;
  }
  const res = await fetch(url, { method, headers, body, redirect: 'manual' });
  const text = await res.text();
  let parsed = text;
  if (text.length > 0) {
    try { parsed = JSON.parse(text); } catch { /* not JSON */ }
  }
  return { status: res.status, headers: res.headers, body: parsed, text, method, path: url };
}

// One-line description of a response for assertion messages.
export function show(res) {
  const t = res.text.length > 600 ? `${res.text.slice(0, 600)}…` : res.text;
  return `${res.method} ${res.path.replace(/^http:\/\/[^/]+/, '')} → ${res.status} ${t}`;
}

// Asserts the status (a number or a list of accepted numbers) and returns the body.
export function expectStatus(res, status, what = '') {
  const ok = Array.isArray(status) ? status.includes(res.status) : res.status === status;
  assert.ok(ok, `${what ? `${what}: ` : ''}expected ${Array.isArray(status) ? status.join('|') : status}, got ${show(res)}`);
  return res.body;
}

export const CODES = {
  400: 'malformed', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found',
  409: 'already_exists', 413: 'too_large', 422: 'invalid_argument', 429: 'rate_limited',
  503: 'unavailable',
};

// Asserts an error response: the status (or one of several), and the body shape
// {"error": string, "code": string} with the code that goes with the status.
export function expectError(res, status, what = '') {
  expectStatus(res, status, what);
  assert.equal(typeof res.body, 'object', `${what}: error body is not JSON: ${show(res)}`);
  assert.ok(res.body !== null, `${what}: error body is null: ${show(res)}`);
  assert.equal(typeof res.body.error, 'string', `${what}: error body has no "error" string: ${show(res)}`);
  assert.ok(res.body.error.length > 0, `${what}: empty "error": ${show(res)}`);
  assert.equal(typeof res.body.code, 'string', `${what}: error body has no "code" string: ${show(res)}`);
  if (CODES[res.status]) {
    assert.equal(res.body.code, CODES[res.status], `${what}: wrong code for ${res.status}: ${show(res)}`);
  }
  return res.body;
}

// ---------------------------------------------------------------------------------------------
// Domain helpers

export const PASSWORD = 'correct horse battery staple';

// Leading zero bits of SHA-256 of `${challenge}:${nonce}` (the sign-up proof-of-work).
export function zeroBits(challenge, nonce) {
  const d = createHash('sha256').update(`${challenge}:${nonce}`).digest();
  let zeros = 0;
  for (const byte of d) {
    if (byte !== 0) return zeros + Math.clz32(byte) - 24;
    zeros += 8;
  }
  return zeros;
}

// The smallest decimal nonce that gives `bits` leading zero bits.
export function solve(challenge, bits) {
  for (let n = 0; ; n++) {
    if (zeroBits(challenge, n) >= bits) return String(n);
  }
}

// Fetches a sign-up challenge and solves it → {challenge, nonce}, to spread into a sign-up body.
export async function solveChallenge(server) {
  const res = await api(server, 'GET', '/api/v1/challenge');
  expectStatus(res, 200, 'GET /api/v1/challenge');
  return { challenge: res.body.challenge, nonce: solve(res.body.challenge, res.body.difficulty) };
}

// Registers `username` (solving the sign-up challenge) and returns {token, account} (account from
// verify_credentials).
export async function register(server, username, extra = {}) {
  const reg = await api(server, 'POST', '/api/v1/accounts', {
    json: {
      username, password: PASSWORD, email: `${username.toLowerCase()}@example.com`,
      ...await solveChallenge(server), ...extra,
    },
  });
  expectStatus(reg, 200, `register ${username}`);
  const token = reg.body.access_token;
  assert.equal(typeof token, 'string', `register ${username}: no access_token: ${show(reg)}`);
  const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token });
  expectStatus(me, 200, `verify_credentials of ${username}`);
  return { token, account: me.body, id: me.body.id, username };
}

// Creates a post; `extra` adds parameters (visibility, long, group_id, ...). Returns the Status.
export async function post(server, token, text, extra = {}) {
  const res = await api(server, 'POST', '/api/v1/statuses', { token, json: { status: text, ...extra } });
  expectStatus(res, 200, `post ${JSON.stringify(text.slice(0, 40))}`);
  assert.match(String(res.body.id), /^\d+$/, `post: id is not decimal digits: ${show(res)}`);
  return res.body;
}

export async function follow(server, token, accountId) {
  const res = await api(server, 'POST', `/api/v1/accounts/${accountId}/follow`, { token });
  expectStatus(res, 200, `follow ${accountId}`);
  return res.body;
}

export async function getAccount(server, id, token) {
  const res = await api(server, 'GET', `/api/v1/accounts/${id}`, { token });
  expectStatus(res, 200, `get account ${id}`);
  return res.body;
}

export async function getStatus(server, id, token) {
  const res = await api(server, 'GET', `/api/v1/statuses/${id}`, { token });
  expectStatus(res, 200, `get status ${id}`);
  return res.body;
}

// Retries `fn` (async, returns a value or throws an AssertionError) until it stops throwing or
// `timeoutMs` passes; side effects such as fan-out and notifications may be asynchronous.
export async function eventually(fn, { timeoutMs = 5000, intervalMs = 50 } = {}) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await fn();
    } catch (err) {
      if (Date.now() >= deadline) throw err;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// Parses a Link header into {next, prev} URLs (absolute, resolved against the server url).
export function parseLink(server, header) {
  const out = {};
  if (!header) return out;
  for (const part of header.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?([a-z]+)"?/.exec(part.trim());
    if (m) out[m[2]] = new URL(m[1], server.url).toString();
  }
  return out;
}

// Compares decimal id strings numerically.
export function cmpId(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function assertNewestFirst(list, what = 'list') {
  for (let i = 1; i < list.length; i++) {
    assert.ok(cmpId(list[i - 1].id, list[i].id) > 0,
      `${what} not newest first: ${list[i - 1].id} before ${list[i].id}`);
  }
}

export function ids(list) {
  return list.map((x) => x.id);
}

// Code point offsets of `needle` in `haystack` (entity offsets are in code points).
export function cpRange(haystack, needle) {
  const idx = haystack.indexOf(needle);
  assert.ok(idx >= 0, `${needle} not in ${haystack}`);
  const start = [...haystack.slice(0, idx)].length;
  return { start, end: start + [...needle].length };
}

// A moderator or admin made with the admin CLI (as an operator would), then signed in.
export async function staff(server, username, role) {
  await promisify(execFile)(binaryPath(), ['admin', 'create-account', '--data', server.dataDir,
    '--username', username, '--password', PASSWORD, '--role', role]);
  const res = await api(server, 'POST', '/oauth/token', {
    json: { grant_type: 'password', username, password: PASSWORD },
  });
  expectStatus(res, 200, `login ${username}`);
  const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: res.body.access_token });
  return { token: res.body.access_token, id: me.body.id, username };
}
