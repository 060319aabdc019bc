// Search and hot search in the browser: the top bar's search box and its result tabs (posts,
// accounts, topics), the hot list page and side card, and a topic page (rank, volume bars, top
// contributors, latest and hot posts), in Chinese and English, on a desktop and a phone.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, assertNoPageErrors,
  assertNoHorizontalOverflow, screenshot, PHONE, sleep,
} from './harness.mjs';

let server;
let browser;
let page;
const who = {};
const posts = {};

async function until(fn, what, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await fn()) return;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  who.reader = await registerAPI(server, 'reader', '读者');
  who.barista = await registerAPI(server, 'barista', '咖啡师');
  who.hiker = await registerAPI(server, 'hiker', '山友');
  who.walker = await registerAPI(server, 'walker', '散步的人');
  const say = async (w, status) => api(server, 'POST', '/api/v1/statuses', { token: w.token, body: { status } });
  posts.coffee = await say(who.barista, '今天的手冲咖啡很香');
  posts.spring1 = await say(who.hiker, '#春游# 山上的花开了');
  posts.spring2 = await say(who.walker, '#春游# 湖边人很多');
  posts.spring3 = await say(who.barista, '#春游# 带上咖啡去公园');
  posts.spring4 = await say(who.hiker, '#春游# 第二天继续爬山');
  posts.quiet = await say(who.walker, '#冷门话题# 只有我一个');
  await api(server, 'POST', `/api/v1/statuses/${posts.spring1.id}/favourite`, { token: who.reader.token });
  await api(server, 'POST', `/api/v1/statuses/${posts.spring1.id}/favourite`, { token: who.walker.token });
  // Indexed within a second; hot rankings are recomputed at most once a second.
  await until(async () => {
    const hot = await api(server, 'GET', '/api/v1/hot?type=topics');
    return hot.length >= 2 && hot[0].name === '春游' && hot[0].posts === 4;
  }, 'the hot list');
  page = await newPage(browser, server);
  await logInUI(page, 'reader');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the top bar search box opens results with posts, accounts and topics tabs', async () => {
  const box = page.getByRole('searchbox', { name: '搜索' }).first();
  await box.fill('咖啡');
  await box.press('Enter');
  await page.waitForURL(/\/search\?q=/);
  assert.equal(new URL(page.url()).searchParams.get('q'), '咖啡');
  await page.locator('h1', { hasText: '“咖啡”的搜索结果' }).waitFor();
  await page.locator('article.post', { hasText: '今天的手冲咖啡很香' }).waitFor();
  await page.locator('article.post', { hasText: '带上咖啡去公园' }).waitFor();
  assert.equal(await page.locator('article.post', { hasText: '湖边人很多' }).count(), 0);

  const tabs = page.getByRole('navigation', { name: '搜索结果分类' });
  await tabs.getByRole('link', { name: '用户' }).click();
  await page.waitForURL(/type=accounts/);
  await page.locator('li.account-row', { hasText: '咖啡师' }).waitFor();
  assert.equal(await tabs.getByRole('link', { name: '用户' }).getAttribute('aria-current'), 'page');

  await page.getByRole('searchbox', { name: '搜索' }).last().fill('春游');
  await page.getByRole('searchbox', { name: '搜索' }).last().press('Enter');
  await page.waitForURL(/q=%E6%98%A5%E6%B8%B8/);
  await tabs.getByRole('link', { name: '话题' }).click();
  await page.waitForURL(/type=hashtags/);
  const topic = page.locator('.topic-result', { hasText: '#春游#' });
  await topic.waitFor();
  await topic.locator('.muted', { hasText: '4 条微博' }).waitFor();
  await topic.getByRole('link').click();
  await page.waitForURL(/\/tags\//);
  await page.locator('h1.topic-title', { hasText: '#春游#' }).waitFor();
  assertNoPageErrors(page);
});

test('a search with no matches says so on each tab', async () => {
  await go(page, `/search?q=${encodeURIComponent('不存在的词语')}&type=statuses`);
  await page.locator('.empty', { hasText: '没有找到相关微博' }).waitFor();
  await go(page, `/search?q=${encodeURIComponent('不存在的词语')}&type=hashtags`);
  await page.locator('.empty', { hasText: '没有找到相关话题' }).waitFor();
});

test('the hot list ranks topics by people and links to their pages', async () => {
  await go(page, '/');
  // The side column's top ten.
  const side = page.locator('.hot-side');
  await side.locator('.hot-item', { hasText: '#春游#' }).waitFor();
  await side.getByRole('link', { name: '查看完整热搜榜' }).click();
  await page.waitForURL(/\/hot$/);
  await page.locator('h1', { hasText: '热搜榜' }).waitFor();
  const rows = page.locator('.hot-card .hot-item');
  await rows.first().waitFor();
  assert.match(await rows.first().textContent(), /#春游#/);
  assert.match(await rows.first().locator('.hot-meta').textContent(), /3 人讨论 · 4 条微博/);
  const names = await page.locator('.hot-card .hot-name').allTextContents();
  assert.ok(names.indexOf('#春游#') < names.indexOf('#冷门话题#'), names.join(' '));
  await page.getByRole('link', { name: '24 小时' }).click();
  await page.waitForURL(/window=24h/);
  await page.locator('.hot-card .hot-item', { hasText: '#春游#' }).waitFor();
  await screenshot(page, 'hot-desktop');
  await page.locator('.hot-card .hot-name', { hasText: '#春游#' }).click();
  await page.waitForURL(/\/tags\//);
  await page.locator('h1.topic-title', { hasText: '#春游#' }).waitFor();
  assertNoPageErrors(page);
});

test('a topic page shows its rank, hourly volume, top contributors, latest and hot posts', async () => {
  await go(page, `/tags/${encodeURIComponent('春游')}`);
  await page.locator('h1.topic-title', { hasText: '#春游#' }).waitFor();
  await page.locator('[data-stat=rank]', { hasText: '热搜第 1' }).waitFor();
  await page.locator('[data-stat=posts]', { hasText: '4 条微博' }).waitFor();
  const bars = page.locator('.volume-bar');
  assert.equal(await bars.count(), 24);
  const counts = (await bars.evaluateAll((els) => els.map((e) => Number(e.dataset.posts))));
  assert.equal(counts.reduce((a, b) => a + b, 0), 4);
  assert.match(await bars.last().getAttribute('aria-label'), /条微博/);
  const people = page.locator('.contributor');
  assert.equal(await people.count(), 3);
  assert.match(await people.first().textContent(), /山友/);
  assert.match(await people.first().textContent(), /2 条/);

  // Latest: newest first, only posts with the topic.
  const feed = page.locator('.feed article.post');
  await feed.first().waitFor();
  assert.equal(await feed.count(), 4);
  assert.match(await feed.first().textContent(), /第二天继续爬山/);
  assert.equal(await page.locator('article.post', { hasText: '只有我一个' }).count(), 0);
  // Hot: the liked post first.
  await page.getByRole('navigation', { name: '话题微博排序' }).getByRole('link', { name: '热门' }).click();
  await page.waitForURL(/order=hot/);
  await until(async () => /山上的花开了/.test(await page.locator('.feed article.post').first().textContent()),
    'the liked post on top');
  assert.equal(await page.locator('.feed article.post').count(), 4);
  await screenshot(page, 'topic-desktop');

  // A new post with the topic shows up on the latest tab by polling.
  await page.getByRole('navigation', { name: '话题微博排序' }).getByRole('link', { name: '最新' }).click();
  await page.locator('.feed article.post').first().waitFor();
  await api(server, 'POST', '/api/v1/statuses', { token: who.walker.token, body: { status: '#春游# 傍晚又来了' } });
  await page.locator('button.new-posts').click({ timeout: 8000 });
  await page.locator('article.post', { hasText: '傍晚又来了' }).waitFor();
  assertNoPageErrors(page);
});

test('in English, and on a phone', async () => {
  const phone = await newPage(browser, server, { viewport: PHONE, locale: 'en-US', lang: 'en' });
  await go(phone, '/explore');
  const box = phone.getByRole('searchbox', { name: 'Search' });
  await box.first().waitFor();
  assert.equal(await box.count(), 1, 'only the page\'s own search box shows on a phone');
  await box.fill('咖啡');
  await box.press('Enter');
  await phone.locator('h1', { hasText: 'Results for "咖啡"' }).waitFor();
  await phone.getByRole('link', { name: 'People' }).waitFor();
  await go(phone, '/hot');
  await phone.locator('h1', { hasText: 'Trending now' }).waitFor();
  await phone.locator('.hot-item .hot-meta', { hasText: /3 people · 5 posts/ }).first().waitFor();
  await assertNoHorizontalOverflow(phone);
  await screenshot(phone, 'hot-phone');
  await go(phone, `/tags/${encodeURIComponent('春游')}`);
  await phone.locator('.contributors h2', { hasText: 'Top contributors' }).waitFor();
  await phone.locator('[data-stat=rank]', { hasText: 'Trending #1' }).waitFor();
  await assertNoHorizontalOverflow(phone);
  await screenshot(phone, 'topic-phone');
  assertNoPageErrors(phone);
  await phone.context().close();
});
