// The compose box (Weibo counting, the server's limit, long posts, visibility), infinite scroll,
// and keyboard use.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, assertNoPageErrors,
} from './harness.mjs';

let server;
let browser;
let page;
let me;
let friend;

before(async () => {
  // The infinite-scroll test posts 45 times in a row, past the default 30 posts per 10 minutes.
  server = await startServer({ args: ['--rate-posts', 'off'] });
  browser = await launchBrowser();
  me = await registerAPI(server, 'writer', '写手');
  friend = await registerAPI(server, 'friend', '朋友');
  await api(server, 'POST', `/api/v1/accounts/${friend.id}/follow`, { token: me.token });
  await api(server, 'POST', `/api/v1/accounts/${me.id}/follow`, { token: friend.token });
  page = await newPage(browser, server);
  await logInUI(page, 'writer');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const counter = () => page.locator('.compose .counter').textContent().then((s) => s.trim());
const send = () => page.locator('.compose button[type=submit]');
const box = () => page.locator('.compose textarea');

test('Weibo counting: a CJK character is 1, ASCII is ½, rounded up', async () => {
  assert.equal(await counter(), '还可以输入 140 字');
  assert.equal(await send().isDisabled(), true, 'nothing to send yet');
  await box().fill('你好世界');
  assert.equal(await counter(), '还可以输入 136 字');
  await box().fill('hello');
  assert.equal(await counter(), '还可以输入 137 字'); // 5 × ½ = 2.5 → 3
  await box().fill('你好 world');
  assert.equal(await counter(), '还可以输入 135 字'); // 2 + 6 × ½ = 5
  await box().fill('好'.repeat(140));
  assert.equal(await counter(), '还可以输入 0 字');
  assert.equal(await send().isDisabled(), false);
  await box().fill('好'.repeat(141));
  assert.equal(await counter(), '已超出 1 字');
  assert.ok((await page.locator('.compose .counter').getAttribute('class')).includes('over'));
  assert.equal(await send().isDisabled(), true);
});

test('the server\'s limit (140 code points) blocks sending even when Weibo count fits', async () => {
  const ascii = 'a'.repeat(141);
  await box().fill(ascii);
  assert.equal(await counter(), '还可以输入 69 字'); // 141 halves → 71
  assert.equal(await send().isDisabled(), true);
  await page.locator('.compose-hint', { hasText: '超出服务器限制：最多 140 个字符' }).waitFor();
  // A long post lifts the limit to max_long_characters.
  await page.getByLabel(/长微博/).check();
  assert.equal(await send().isDisabled(), false);
  assert.equal(await counter(), '还可以输入 1929 字');
  await send().click();
  await page.locator('article.post', { hasText: ascii }).waitFor();
  assert.equal(await box().inputValue(), '');
  assert.equal(await page.getByLabel(/长微博/).count(), 0, 'the long toggle goes away with the text');
});

test('visibility picker: friends only and only me are shown on the card', async () => {
  await box().fill('只给好友看的一条');
  await page.getByRole('combobox', { name: '谁可以看' }).selectOption('friends');
  await send().click();
  const card = page.locator('article.post', { hasText: '只给好友看的一条' });
  await card.locator('.vis-tag', { hasText: '好友圈' }).waitFor();
  // A friends-only post cannot be forwarded.
  assert.equal(await card.getByRole('button', { name: /^转发/ }).isDisabled(), true);
  await box().fill('自己的备忘');
  await page.getByRole('combobox', { name: '谁可以看' }).selectOption('only_me');
  await send().click();
  await page.locator('article.post', { hasText: '自己的备忘' }).locator('.vis-tag', { hasText: '仅自己可见' }).waitFor();
  // The friend sees the friends-only post, not the private note.
  const other = await newPage(browser, server);
  await logInUI(other, 'friend');
  await other.locator('article.post', { hasText: '只给好友看的一条' }).waitFor();
  assert.equal(await other.locator('article.post', { hasText: '自己的备忘' }).count(), 0);
  await other.context().close();
});

test('group visibility needs a group; a group post names its audience', async () => {
  const list = await api(server, 'POST', '/api/v1/lists', { token: me.token, body: { title: '密友' } });
  await api(server, 'POST', `/api/v1/lists/${list.id}/accounts`, { token: me.token, body: { account_ids: [friend.id] } });
  await page.reload();
  await box().fill('分组可见的一条');
  await page.getByRole('combobox', { name: '谁可以看' }).selectOption('group');
  assert.equal(await send().isDisabled(), true, 'no group chosen yet');
  await page.getByRole('combobox', { name: '分组' }).selectOption({ label: '密友' });
  await send().click();
  await page.locator('article.post', { hasText: '分组可见的一条' }).locator('.vis-tag', { hasText: '分组可见' }).waitFor();
  assertNoPageErrors(page);
});

test('infinite scroll loads older posts as you reach the end', async () => {
  for (let i = 1; i <= 45; i++) {
    await api(server, 'POST', '/api/v1/statuses', { token: friend.token, body: { status: `第 ${i} 条 scroll` } });
  }
  await go(page, '/');
  await page.locator('article.post', { hasText: '第 45 条 scroll' }).waitFor();
  const count = () => page.locator('article.post', { hasText: 'scroll' }).count();
  assert.ok(await count() <= 20, 'first page only');
  // Each page loaded pushes the trigger out of view again: scroll until the end shows, however
  // slowly pages come.
  const until = Date.now() + 30000;
  while (!(await page.locator('.list-end').count())) {
    assert.ok(Date.now() < until, 'infinite scroll did not reach the end');
    await page.mouse.wheel(0, 20000);
    await page.waitForTimeout(300);
  }
  await page.locator('article.post', { hasText: '第 1 条 scroll' }).waitFor();
  assert.equal(await count(), 45);
  await page.locator('.list-end', { hasText: '没有更多了' }).waitFor();
});

test('keyboard: skip link, post with Ctrl+Enter, like with Space, dialog closes on Escape', async () => {
  await go(page, '/');
  await page.locator('.compose textarea').waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'main');
  // From main, Tab reaches the compose box first.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('name')), 'status');
  await page.keyboard.type('键盘发的一条 #键盘#');
  await page.keyboard.press('Control+Enter');
  const card = page.locator('article.post', { hasText: '键盘发的一条' });
  await card.waitFor();
  // Like it from the keyboard.
  const like = card.locator('button.like');
  await like.focus();
  await page.keyboard.press('Space');
  await page.waitForFunction((el) => el.getAttribute('aria-pressed') === 'true', await like.elementHandle());
  // Forward dialog: opens with focus inside, Escape closes it and focus goes back.
  const fwd = card.getByRole('button', { name: /^转发/ });
  await fwd.focus();
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: '转发微博' });
  await dialog.waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'TEXTAREA');
  assert.ok(await page.evaluate(() => !!document.activeElement.closest('dialog')));
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  const fwdLabel = await fwd.getAttribute('aria-label');
  const focusBack = await page.waitForFunction((label) => document.activeElement?.getAttribute('aria-label') === label, fwdLabel, { timeout: 3000 })
    .then(() => true, () => false);
  assert.ok(focusBack, `focus is on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 120))}, not on the forward button`);
  // Mention autocomplete by keyboard: arrows and Tab. Frames come late here, as on a loaded
  // machine: typing goes on at once, and the caret must not jump back when the frame comes.
  await page.evaluate(() => {
    window.originalRaf = window.requestAnimationFrame;
    window.requestAnimationFrame = (cb) => setTimeout(() => cb(performance.now()), 400);
  });
  await box().focus();
  await page.keyboard.type('你好 @fr');
  await page.getByRole('option', { name: /朋友/ }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await box().inputValue(), '你好 @friend ');
  await page.keyboard.type('@wri');
  await page.getByRole('option', { name: /写手/ }).waitFor();
  await page.keyboard.press('Escape');
  assert.equal(await page.locator('.mention-list [role=option]').count(), 0);
  assert.equal(await box().inputValue(), '你好 @friend @wri');
  // Past the late frame: page timers fire in order, so this ends after any frame already due.
  await page.evaluate(() => new Promise((resolve) => { setTimeout(resolve, 450); }));
  assert.equal(await box().evaluate((el) => el.selectionStart), '你好 @friend @wri'.length);
  await page.evaluate(() => { window.requestAnimationFrame = window.originalRaf; });
  assertNoPageErrors(page);
});

test('a suggestion chosen after more letters were typed replaces all of them', async () => {
  await box().fill('');
  await box().focus();
  await page.keyboard.type('hi @f');
  await page.getByRole('option', { name: /朋友/ }).waitFor();
  // One more letter, and Tab before the search for it can answer: the list on screen is for "f".
  await page.keyboard.type('r');
  await page.keyboard.press('Tab');
  assert.equal(await box().inputValue(), 'hi @friend ');
  await box().fill('');
  assertNoPageErrors(page);
});

test('every input and button has an accessible name', async () => {
  for (const path of ['/', '/notifications', '/messages', '/groups', '/settings', `/@${me.username}`]) {
    await go(page, path);
    await page.locator('main h1, main h2, main .compose').first().waitFor();
    await page.waitForTimeout(200);
    const unnamed = await page.evaluate(() => {
      const out = [];
      for (const el of document.querySelectorAll('button, input:not([type=hidden]), select, textarea, a[href]')) {
        if (el.closest('[aria-hidden=true]') || el.offsetParent === null) continue;
        const labelled = el.getAttribute('aria-label') || el.getAttribute('aria-labelledby')
          || (el.labels && el.labels.length) || el.textContent.trim() || el.getAttribute('title');
        if (!labelled) out.push(el.outerHTML.slice(0, 120));
      }
      return out;
    });
    assert.deepEqual(unnamed, [], `unnamed controls on ${path}`);
  }
});
