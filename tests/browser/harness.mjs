// Browser test harness: starts the real `clearwater serve` (fresh data dir, free port, the built
// web UI from web/dist) and Debian's Chromium through playwright-core (no browser download).
//
//   cd tests/browser && CLEARWATER_BIN=/abs/clearwater CLEARWATER_WEB=/abs/web/dist \
//     node --test --test-concurrency=1 *.test.mjs
//
// Screenshots go to artifacts/screenshots/ at the repository root (git-ignored).

import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createHash } from 'node:crypto';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(here, '../..');
export const SCREENSHOTS = join(ROOT, 'artifacts', 'screenshots');
export const PASSWORD = 'correct horse battery';

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

const READY_TIMEOUT_MS = 20_000;

export function binaryPath() {
  const bin = process.env.CLEARWATER_BIN || join(ROOT, 'build/release/src/app/clearwater');
  if (!existsSync(bin)) throw new Error(`clearwater binary not found at ${bin} (set CLEARWATER_BIN)`);
  return bin;
}

export function webDir() {
  const dir = process.env.CLEARWATER_WEB || join(ROOT, 'web/dist');
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`no built web UI at ${dir} (run: make web)`);
  return dir;
}

export function chromiumPath() {
  const p = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(p)) throw new Error(`Chromium not found at ${p} (apt-get install chromium, or set CHROMIUM_PATH)`);
  return p;
}

// Every scenario signs up from 127.0.0.1, so the per-address sign-up limit is lifted; the sign-up
// proof of work is on but small (8 bits), solved by the UI's workers and by registerAPI below
// (pass args to override).
const SIGNUP_ARGS = ['--signup-pow-bits', '8', '--rate-signups', 'off'];

// startServer({demo}) → {url, dataDir, logs, close()}
export async function startServer({ demo = false, args = [] } = {}) {
  const bin = binaryPath();
  const dataDir = mkdtempSync(join(tmpdir(), 'clearwater-browser-'));
  const argv = ['serve', '--listen', '127.0.0.1:0', '--data', dataDir, '--password-cost', 'min',
    '--web', webDir(), '--log-level', 'warn', ...SIGNUP_ARGS, ...(demo ? ['--demo'] : []), ...args];
  const proc = spawn(bin, argv, { stdio: ['ignore', 'pipe', 'pipe'] });
  const logs = { stdout: '', stderr: '' };
  const exited = new Promise((r) => proc.once('exit', (code, signal) => r({ code, signal })));
  const url = await new Promise((resolveUrl, reject) => {
    const timer = setTimeout(() => { proc.kill('SIGKILL'); reject(new Error(`server did not start:\n${logs.stderr}`)); }, READY_TIMEOUT_MS);
    proc.stdout.setEncoding('utf8');
    proc.stderr.setEncoding('utf8');
    proc.stdout.on('data', (c) => {
      logs.stdout += c;
      const m = /listening on (\S+):(\d+)/.exec(logs.stdout);
      if (m) { clearTimeout(timer); resolveUrl(`http://${m[1]}:${m[2]}`); }
    });
    proc.stderr.on('data', (c) => { logs.stderr = (logs.stderr + c).slice(-65536); });
    proc.once('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`server exited early (${code ?? signal}):\n${logs.stderr}`)); });
  });
  return {
    url, dataDir, logs, proc,
    async close() {
      if (proc.exitCode === null && proc.signalCode === null) {
        proc.kill('SIGTERM');
        const timer = setTimeout(() => proc.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      if (!process.env.CLEARWATER_KEEP_DATA) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

// Runs `clearwater admin ...` against the server's data directory.
export async function adminCli(server, ...args) {
  const [cmd, ...rest] = args;
  const { stdout } = await promisify(execFile)(binaryPath(), ['admin', cmd, '--data', server.dataDir, ...rest]);
  return stdout;
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--font-render-hinting=none'],
  });
}

// A fresh browser context (its own localStorage = its own signed-in user) and a page.
// `locale` drives navigator.language, and so the UI's default language.
export async function newPage(browser, server, { viewport = DESKTOP, locale = 'zh-CN', pollMs = 500, lang } = {}) {
  const context = await browser.newContext({ viewport, locale, deviceScaleFactor: 1, reducedMotion: 'reduce' });
  await context.addInitScript(({ pollMs: ms, lang: l }) => {
    try {
      if (!localStorage.getItem('cw.pollMs')) localStorage.setItem('cw.pollMs', String(ms));
      if (l && !localStorage.getItem('cw.lang')) localStorage.setItem('cw.lang', l);
    } catch { /* ignore */ }
  }, { pollMs, lang });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (err) => errors.push(err));
  page.on('dialog', (d) => { errors.push(new Error(`unexpected dialog: ${d.message()}`)); d.dismiss().catch(() => {}); });
  page.errors = errors;
  page.server = server;
  return page;
}

export async function go(page, path) {
  await page.goto(page.server.url + path);
}

// ---- UI flows --------------------------------------------------------------------------------

export async function signUpUI(page, username, displayName, password = PASSWORD) {
  await go(page, '/signup');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=display_name]').fill(displayName);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.waitForURL(`${page.server.url}/`);
  await page.locator('.compose textarea').waitFor();
}

export async function logInUI(page, username, password = PASSWORD) {
  await go(page, '/login');
  await page.locator('input[name=username]').fill(username);
  await page.locator('input[name=password]').fill(password);
  await page.locator('form button[type=submit]').click();
  await page.locator('.compose textarea').waitFor();
}

// Types a post into the home compose box and sends it; returns the new post's card locator.
export async function postUI(page, text, { visibility } = {}) {
  const box = page.locator('.compose textarea');
  await box.fill(text);
  if (visibility) await page.locator('.compose select').first().selectOption(visibility);
  await page.locator('.compose button[type=submit]').click();
  const card = page.locator('article.post', { hasText: text.slice(0, 12) }).first();
  await card.waitFor();
  return card;
}

// ---- API helpers (for setting the stage quickly) ----------------------------------------------

export async function api(server, method, path, { token, body } = {}) {
  const headers = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(server.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = text;
  try { data = JSON.parse(text); } catch { /* not JSON */ }
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status} ${text}`);
  return data;
}

// The sign-up proof of work, when the server asks for one (GET /api/v1/challenge): the first
// decimal nonce whose SHA-256("challenge:nonce") has `difficulty` leading zero bits.
export function solveChallenge({ challenge, difficulty }) {
  for (let nonce = 0; ; nonce++) {
    const d = createHash('sha256').update(`${challenge}:${nonce}`).digest();
    let bits = 0;
    for (const byte of d) {
      if (byte === 0) { bits += 8; continue; }
      bits += Math.clz32(byte) - 24;
      break;
    }
    if (bits >= difficulty) return String(nonce);
  }
}

export async function challengeFor(server) {
  if (server.noChallenge) return {};
  const res = await fetch(`${server.url}/api/v1/challenge`);
  if (res.status === 404 || res.status === 405) { server.noChallenge = true; return {}; }
  if (!res.ok) throw new Error(`GET /api/v1/challenge → ${res.status} ${await res.text()}`);
  const ch = await res.json();
  return { challenge: ch.challenge, nonce: solveChallenge(ch) };
}

export async function registerAPI(server, username, displayName, extra = {}) {
  const proof = await challengeFor(server);
  const tok = await api(server, 'POST', '/api/v1/accounts', { body: { username, password: PASSWORD, display_name: displayName, ...proof, ...extra } });
  const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: tok.access_token });
  return { token: tok.access_token, id: me.id, username, account: me };
}

export async function tokenFor(server, username, password = PASSWORD) {
  const tok = await api(server, 'POST', '/oauth/token', { body: { grant_type: 'password', username, password } });
  return tok.access_token;
}

export async function screenshot(page, name, { fullPage = false } = {}) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const path = join(SCREENSHOTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

// Fails if the page threw or opened an alert/confirm dialog.
export function assertNoPageErrors(page) {
  assert.deepEqual(page.errors.map((e) => String(e)), [], 'page errors');
}

// Nothing wider than the viewport (no horizontal scrolling on a phone).
export async function assertNoHorizontalOverflow(page) {
  const { scroll, client } = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, client: document.documentElement.clientWidth }));
  assert.ok(scroll <= client + 1, `page is wider than the viewport: ${scroll} > ${client}`);
}

export function sleep(ms) { return new Promise((r) => setTimeout(r, ms)); }
