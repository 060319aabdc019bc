// Forward chains at their edges (deleted hop, deleted root), forwarding a comment, "comment and
// also forward", topic pages, and what a visitor who is not signed in sees.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, assertNoPageErrors,
} from './harness.mjs';

let server;
let browser;
let page; // bob
let alice;
let bob;
let carol;
let root;
let f1;
let f2;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await registerAPI(server, 'alice', '爱丽丝');
  bob = await registerAPI(server, 'bob', '小波');
  carol = await registerAPI(server, 'carol', '卡罗尔');
  for (const x of [alice, carol]) await api(server, 'POST', `/api/v1/accounts/${x.id}/follow`, { token: bob.token });
  root = await api(server, 'POST', '/api/v1/statuses', { token: alice.token, body: { status: '断桥残雪 #西湖# 真美' } });
  f1 = await api(server, 'POST', `/api/v1/statuses/${root.id}/reblog`, { token: carol.token, body: { status: '第一跳' } });
  f2 = await api(server, 'POST', `/api/v1/statuses/${f1.id}/reblog`, { token: alice.token, body: { status: '第二跳' } });
  page = await newPage(browser, server);
  await logInUI(page, 'bob');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const cardOf = (id) => page.locator(`article.post[data-status-id="${id}"]`);

test('a chain renders nested quotes; a deleted hop and a deleted root say so', async () => {
  await go(page, `/status/${f2.id}`);
  const c = cardOf(f2.id);
  await c.locator('.quote-hop', { hasText: '第一跳' }).waitFor();
  await c.locator('.quote-hop .quote-root', { hasText: '断桥残雪' }).waitFor();

  await api(server, 'DELETE', `/api/v1/statuses/${f1.id}`, { token: carol.token });
  await page.reload();
  await c.locator('.quote-hop', { hasText: '这条转发已被删除' }).waitFor();
  await c.locator('.quote-root', { hasText: '断桥残雪' }).waitFor();

  await api(server, 'DELETE', `/api/v1/statuses/${root.id}`, { token: alice.token });
  await page.reload();
  await c.locator('.quote-root.quote-deleted', { hasText: '抱歉，原微博已被删除。' }).waitFor();
  assert.equal((await c.locator('.post-text').textContent()).trim(), '第二跳');
  // A forward whose original is gone cannot be forwarded again.
  assert.equal(await c.getByRole('button', { name: /^转发/ }).isDisabled(), true);
  assertNoPageErrors(page);
});

test('forward a comment: the forward carries it', async () => {
  const post = await api(server, 'POST', '/api/v1/statuses', { token: alice.token, body: { status: '周末去哪儿玩？' } });
  await api(server, 'POST', `/api/v1/statuses/${post.id}/comments`, { token: carol.token, body: { text: '去灵隐寺吧' } });
  await go(page, `/status/${post.id}`);
  const comment = page.locator('li.comment', { hasText: '去灵隐寺吧' });
  await comment.getByRole('button', { name: '转发' }).click();
  const dialog = page.getByRole('dialog', { name: '转发评论' });
  await dialog.locator('.quote-preview', { hasText: '去灵隐寺吧' }).waitFor();
  await dialog.locator('textarea').fill('好主意');
  await dialog.getByRole('button', { name: '转发', exact: true }).click();
  await page.locator('.toast', { hasText: '转发成功' }).waitFor();
  await go(page, '/@bob');
  const fwd = page.locator('article.post', { hasText: '好主意' }).first();
  await fwd.locator('.quote-hop', { hasText: /\/\/@卡罗尔:\s*去灵隐寺吧/ }).waitFor();
  await fwd.locator('.quote-root', { hasText: '周末去哪儿玩？' }).waitFor();
});

test('comment and also forward, from the card on the home timeline', async () => {
  const post = await api(server, 'POST', '/api/v1/statuses', { token: alice.token, body: { status: '新开的咖啡店不错' } });
  await go(page, '/');
  const c = cardOf(post.id);
  await c.getByRole('button', { name: /^评论/ }).click();
  await c.getByLabel('写评论').fill('改天一起去');
  await c.getByLabel('同时转发到我的微博').check();
  await c.locator('.comment-box button[type=submit]').click();
  await page.locator('.toast', { hasText: '评论并转发成功' }).waitFor();
  await c.locator('li.comment', { hasText: '改天一起去' }).waitFor();
  assert.equal(await c.locator('.post-actions button[aria-expanded]').getAttribute('aria-label'), '评论 1');
  // The forward arrives on top of bob's home.
  const fwd = page.locator('article.post', { hasText: '改天一起去' }).filter({ has: page.locator('.quote-root') }).first();
  await fwd.locator('.quote-root', { hasText: '新开的咖啡店不错' }).waitFor();
  assertNoPageErrors(page);
});

test('a topic link opens the topic page with its posts and a way to join', async () => {
  await api(server, 'POST', '/api/v1/statuses', { token: alice.token, body: { status: '雷峰塔的夕阳 #西湖# 打卡' } });
  await api(server, 'POST', '/api/v1/statuses', { token: alice.token, body: { status: '今天不谈西湖' } });
  await go(page, '/');
  await page.locator('article.post', { hasText: '雷峰塔的夕阳' }).locator('a.ent-topic').click();
  await page.waitForURL(/\/tags\//);
  await page.locator('h1.topic-title', { hasText: '#西湖#' }).waitFor();
  await page.locator('article.post', { hasText: '雷峰塔的夕阳' }).waitFor();
  assert.equal(await page.locator('article.post', { hasText: '今天不谈西湖' }).count(), 0);
  await page.getByRole('button', { name: '参与话题' }).click();
  assert.equal(await page.locator('.compose textarea').inputValue(), '#西湖# ');
});

test('a visitor sees the public timeline and posts, and is asked to log in to act', async () => {
  const visitor = await newPage(browser, server);
  await go(visitor, '/');
  await visitor.locator('.hero', { hasText: '分享新鲜事' }).waitFor();
  await visitor.locator('article.post', { hasText: '雷峰塔的夕阳' }).waitFor();
  await visitor.locator('article.post', { hasText: '雷峰塔的夕阳' }).getByRole('button', { name: /^评论/ }).click();
  await visitor.getByRole('link', { name: '登录后参与评论' }).waitFor();
  await visitor.locator('article.post', { hasText: '雷峰塔的夕阳' }).locator('button.like').click();
  await visitor.waitForURL(/\/login$/);
  await go(visitor, '/notifications');
  await visitor.locator('h1.auth-title', { hasText: '登录' }).waitFor();
  assertNoPageErrors(visitor);
  await visitor.context().close();
});

// Known server bug (reported): `clearwater serve` answers 404 JSON instead of index.html for a
// percent-encoded path such as /tags/%E8%A5%BF%E6%B9%96, so a topic page cannot be reloaded or
// linked to directly (client-side navigation to it works, as tested above).
test('a topic page opened directly by its URL', async () => {
  const visitor = await newPage(browser, server);
  await go(visitor, `/tags/${encodeURIComponent('西湖')}`);
  await visitor.locator('h1.topic-title', { hasText: '#西湖#' }).waitFor({ timeout: 3000 });
  await visitor.context().close();
});
