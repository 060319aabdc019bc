// Languages: both catalogues complete, the default from the browser, the choice remembered, and
// API errors shown as sentences in the current language.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, startServer, launchBrowser, newPage, go, registerAPI, assertNoPageErrors,
} from './harness.mjs';

const SRC = join(ROOT, 'web/src');
// The analytics pages' strings load with those pages (i18n/analytics.*.js) and join the catalogues.
const zh = { ...(await import(join(SRC, 'i18n/zh.js'))).default, ...(await import(join(SRC, 'i18n/analytics.zh.js'))).default };
const en = { ...(await import(join(SRC, 'i18n/en.js'))).default, ...(await import(join(SRC, 'i18n/analytics.en.js'))).default };

const base = (k) => k.replace(/_(zero|one|two|few|many|other)$/, '');

function sources(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? (f === 'i18n' ? [] : sources(p)) : p.endsWith('.js') ? [p] : [];
  });
}

test('zh and en catalogues have the same keys, none empty', () => {
  const zk = new Set(Object.keys(zh).map(base));
  const ek = new Set(Object.keys(en).map(base));
  assert.deepEqual([...zk].filter((k) => !ek.has(k)), [], 'in zh.js only');
  assert.deepEqual([...ek].filter((k) => !zk.has(k)), [], 'in en.js only');
  for (const [k, v] of [...Object.entries(zh), ...Object.entries(en)]) {
    assert.ok(typeof v === 'string' && v.trim(), `empty message ${k}`);
  }
});

test('every literal message key used by the UI exists in both catalogues', () => {
  const used = new Set();
  for (const file of sources(SRC)) {
    const code = readFileSync(file, 'utf8').replace(/^\s*\/\/.*$/gm, '');
    for (const m of code.matchAll(/\bt\(\s*'([a-zA-Z][\w.]*)'/g)) used.add(m[1]);
  }
  assert.ok(used.size > 200, `found only ${used.size} keys`);
  const has = (cat, k) => k in cat || `${k}_other` in cat;
  assert.deepEqual([...used].filter((k) => !has(zh, k)), [], 'missing in zh.js');
  assert.deepEqual([...used].filter((k) => !has(en, k)), [], 'missing in en.js');
});

test('no Chinese text hard-coded outside the catalogues', () => {
  const offenders = [];
  for (const file of sources(SRC)) {
    const code = readFileSync(file, 'utf8').split('\n');
    code.forEach((line, i) => {
      // Comments, and the language switch's autonyms ('中文' is always written in Chinese).
      const stripped = line.replace(/\/\/.*$/, '').replace(/label: '中文'/, '');
      if (/[\u4e00-\u9fff]/.test(stripped)) offenders.push(`${file}:${i + 1}: ${line.trim()}`);
    });
  }
  assert.deepEqual(offenders, []);
});

let server;
let browser;
before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  await registerAPI(server, 'taken', 'Taken');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('an English browser gets English; the choice of Chinese is remembered', async () => {
  const page = await newPage(browser, server, { locale: 'en-US' });
  await go(page, '/login');
  await page.locator('h1.auth-title', { hasText: 'Log in' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'en');
  assert.equal(await page.getByLabel('Username').count(), 1);
  await page.getByRole('button', { name: '中文' }).click();
  await page.locator('h1.auth-title', { hasText: '登录' }).waitFor();
  await page.reload();
  await page.locator('h1.auth-title', { hasText: '登录' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'zh-CN');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a Chinese browser gets Chinese', async () => {
  const page = await newPage(browser, server, { locale: 'zh-CN' });
  await go(page, '/signup');
  await page.locator('h1.auth-title', { hasText: '注册新账号' }).waitFor();
  await page.getByLabel('用户名').waitFor();
  await page.context().close();
});

test('API errors read as sentences in the current language', async () => {
  const page = await newPage(browser, server, { locale: 'zh-CN' });
  await go(page, '/login');
  await page.getByLabel('用户名').fill('taken');
  await page.getByLabel('密码').fill('not the password');
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '用户名或密码错误。' }).waitFor();

  await page.getByRole('button', { name: 'English' }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();
  await page.getByRole('button', { name: 'Log in', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'Wrong username or password.' }).waitFor();

  await go(page, '/signup');
  await page.getByLabel('Username').fill('Taken');
  await page.getByLabel('Password').fill('long enough password');
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'That username is taken. Try another.' }).waitFor();
  // A rule the UI checks before asking the server.
  await page.getByLabel('Username').fill('a-b');
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'A username has 2-30 letters, digits or underscores' }).waitFor();

  await page.getByRole('button', { name: '中文' }).click();
  await page.getByLabel('用户名').fill('Taken');
  await page.getByRole('button', { name: '立即注册', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: '这个用户名已经被注册了，换一个吧。' }).waitFor();

  // A post that does not exist: a sentence, not a code.
  await go(page, '/status/123456789');
  await page.locator('.empty', { hasText: '这条微博不存在，或你没有权限查看。' }).waitFor();
  await go(page, '/@nobody_here');
  await page.locator('.empty', { hasText: '用户 @nobody_here 不存在。' }).waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});
