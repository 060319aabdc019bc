// HTML injection: markup typed into posts, forward comments, comments, messages and profile
// fields is shown as text, never run or rendered as elements.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, assertNoPageErrors,
} from './harness.mjs';

const EVIL = '<script>window.__xss=1</script><img src=x onerror="window.__xss=2"> #话题# @victim';
const EVIL_NAME = '<img src=x onerror=alert(3)>';

let server;
let browser;
let page;
let attacker;
let victim;
let post;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  attacker = await registerAPI(server, 'attacker', EVIL_NAME);
  victim = await registerAPI(server, 'victim', '受害者');
  await api(server, 'POST', `/api/v1/accounts/${attacker.id}/follow`, { token: victim.token });
  await api(server, 'PATCH', '/api/v1/accounts/update_credentials', {
    token: attacker.token, body: { note: '<b>bold</b><iframe src="javascript:window.__xss=4"></iframe>', location: '<u>x</u>' },
  });
  post = await api(server, 'POST', '/api/v1/statuses', { token: attacker.token, body: { status: EVIL } });
  const fwd = await api(server, 'POST', `/api/v1/statuses/${post.id}/reblog`, {
    token: attacker.token, body: { status: '<svg onload="window.__xss=5">' },
  });
  await api(server, 'POST', `/api/v1/statuses/${fwd.id}/reblog`, { token: attacker.token, body: { status: 'again <b>x</b>' } });
  await api(server, 'POST', `/api/v1/statuses/${post.id}/comments`, {
    token: attacker.token, body: { text: '<img src=x onerror="window.__xss=6">评论' },
  });
  await api(server, 'POST', '/api/v1/messages', {
    token: attacker.token, body: { to: victim.id, text: '<script>window.__xss=7</script>私信' },
  });
  page = await newPage(browser, server);
  await logInUI(page, 'victim');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function assertInert() {
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'injected script ran');
  const injected = await page.evaluate(() => [...document.querySelectorAll('main img, main script, main iframe, main svg:not(.icon), main b, main u')]
    .map((e) => e.outerHTML));
  assert.deepEqual(injected, [], 'injected elements in the page');
  assertNoPageErrors(page);
}

test('a post with <script> and <img onerror> renders as text on the home timeline', async () => {
  const card = page.locator(`article.post[data-status-id="${post.id}"]`);
  await card.waitFor();
  const text = await card.locator('.post-text').textContent();
  assert.ok(text.includes('<script>window.__xss=1</script><img src=x onerror="window.__xss=2">'), text);
  // Entities still become links next to the escaped text.
  assert.equal(await card.locator('.post-text a.ent-topic').textContent(), '#话题#');
  assert.equal(await card.locator('.post-text a.ent-mention').textContent(), '@victim');
  // The display name is text too.
  assert.equal(await card.locator('.post-head .name-text').textContent(), EVIL_NAME);
  await assertInert();
});

test('forward chains, comments and the post page keep markup as text', async () => {
  await go(page, `/status/${post.id}`);
  await page.locator('li.comment', { hasText: '评论' }).waitFor();
  assert.match(await page.locator('li.comment .comment-text').first().textContent(), /<img src=x onerror="window.__xss=6">评论/);
  await go(page, '/');
  const chain = page.locator('article.post', { hasText: 'again <b>x</b>' }).first();
  await chain.waitFor();
  assert.match(await chain.locator('.quote-hop .quote-text').first().textContent(), /<svg onload="window.__xss=5">/);
  assert.match(await chain.locator('.quote-root').textContent(), /<script>window.__xss=1<\/script>/);
  await assertInert();
});

test('profiles, messages and notifications keep markup as text', async () => {
  await go(page, '/@attacker');
  await page.locator('h1.profile-name').waitFor();
  assert.match(await page.locator('h1.profile-name').textContent(), /<img src=x onerror=alert\(3\)>/);
  assert.match(await page.locator('.profile-note').textContent(), /<b>bold<\/b><iframe/);
  await assertInert();
  await go(page, '/messages');
  await page.locator('a.conv').first().click();
  await page.locator('.bubble', { hasText: '私信' }).waitFor();
  assert.match(await page.locator('.bubble').first().textContent(), /<script>window.__xss=7<\/script>私信/);
  await assertInert();
  await go(page, '/notifications');
  await page.locator('li.notif').first().waitFor();
  await assertInert();
});
