// Screenshots for people to check by eye (artifacts/screenshots/, not committed): the home
// timeline, a forward chain, a profile and the notifications page, at desktop and phone width,
// on the demo content. Also checks the phone layout (no sideways scrolling, the tab bar) and
// writes the README's screenshot, docs/img/home.png (kept under 300 KB), when
// UPDATE_README_SCREENSHOT=1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, startServer, launchBrowser, newPage, go, logInUI, api, tokenFor, screenshot,
  assertNoHorizontalOverflow, assertNoPageErrors, DESKTOP, PHONE,
} from './harness.mjs';

const DEMO_PASSWORD = 'clearwater-demo';
let server;
let browser;
let chainId;

before(async () => {
  server = await startServer({ demo: true });
  browser = await launchBrowser();
  // A little more life for lihua's notifications and inbox.
  const tok = {};
  for (const u of ['lihua', 'wangfang', 'zhangwei', 'emma', 'chaxiang']) tok[u] = await tokenFor(server, u, DEMO_PASSWORD);
  const lihua = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: tok.lihua });
  const mine = await api(server, 'GET', `/api/v1/accounts/${lihua.id}/statuses?exclude_reblogs=true`, { token: tok.lihua });
  const westLake = mine.find((s) => s.text.includes('西湖')) || mine[0];
  await api(server, 'POST', `/api/v1/statuses/${westLake.id}/favourite`, { token: tok.wangfang });
  await api(server, 'POST', `/api/v1/statuses/${westLake.id}/favourite`, { token: tok.emma });
  await api(server, 'POST', `/api/v1/statuses/${westLake.id}/comments`, { token: tok.zhangwei, body: { text: '断桥那边周末人太多了，建议早上七点前去 #杭州#' } });
  await api(server, 'POST', `/api/v1/statuses/${westLake.id}/reblog`, { token: tok.emma, body: { status: 'West Lake on a weekend? Brave! @lihua' } });
  await api(server, 'POST', '/api/v1/statuses', { token: tok.chaxiang, body: { status: '感谢 @lihua 的推荐！#茶香新品# 明前龙井今日到店，欢迎品尝。' } });
  await api(server, 'POST', '/api/v1/statuses', { token: tok.zhangwei, body: { status: '#今日市场# 收盘点评：沪指小幅上涨，成交额较昨日略有放大。周末愉快，下周见。' } });
  await api(server, 'POST', '/api/v1/messages', { token: tok.emma, body: { to: lihua.id, text: '周末一起去喝茶吗？' } });
  const pub = await api(server, 'GET', '/api/v1/timelines/public?limit=40');
  chainId = pub.filter((s) => s.forward && s.forward.chain.length >= 2).map((s) => s.id)[0];
  assert.ok(chainId, 'the demo content has a forward chain of two hops or more');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function settle(page) {
  await page.mouse.move(0, 0);
  await page.evaluate(() => document.fonts.ready);
  await page.waitForTimeout(400);
  await page.evaluate(() => window.scrollTo(0, 0));
}

for (const [size, viewport] of [['desktop', DESKTOP], ['phone', PHONE]]) {
  test(`screenshots at ${size} width (${viewport.width}×${viewport.height})`, async () => {
    const page = await newPage(browser, server, { viewport, pollMs: 60_000 });
    await logInUI(page, 'lihua', DEMO_PASSWORD);

    await page.locator('article.post').nth(2).waitFor();
    await settle(page);
    const home = await screenshot(page, `home-${size}`);
    if (size === 'desktop') {
      assert.ok(statSync(home).size < 300 * 1024, 'the home screenshot is under 300 KB');
      // The README's picture is refreshed only on request, so a test run leaves git clean.
      if (process.env.UPDATE_README_SCREENSHOT === '1') {
        mkdirSync(join(ROOT, 'docs/img'), { recursive: true });
        copyFileSync(home, join(ROOT, 'docs/img/home.png'));
      }
    }
    if (size === 'phone') await assertNoHorizontalOverflow(page);

    await go(page, `/status/${chainId}`);
    await page.locator(`article.post[data-status-id="${chainId}"] .quote-hop .quote-hop .quote-root`).waitFor();
    await settle(page);
    await screenshot(page, `forward-chain-${size}`);
    if (size === 'phone') await assertNoHorizontalOverflow(page);

    await go(page, '/@zhangwei');
    await page.locator('h1.profile-name .vbadge-personal').waitFor();
    await page.locator('article.post').first().waitFor();
    await settle(page);
    await screenshot(page, `profile-${size}`);
    if (size === 'phone') await assertNoHorizontalOverflow(page);

    await go(page, '/notifications');
    await page.locator('li.notif').nth(3).waitFor();
    await settle(page);
    await screenshot(page, `notifications-${size}`);
    if (size === 'phone') {
      await assertNoHorizontalOverflow(page);
      assert.ok(await page.locator('nav.tabbar').isVisible(), 'the phone tab bar is shown');
      assert.ok(!(await page.locator('nav.sidenav').isVisible()), 'the side navigation is hidden on a phone');
      for (const path of ['/messages', '/groups', '/settings', '/explore', '/@chaxiang/fans']) {
        await go(page, path);
        await page.locator('main h1, main .profile-head').first().waitFor();
        await page.waitForTimeout(200);
        await assertNoHorizontalOverflow(page);
      }
      // Groups, settings and logging out are in the account menu behind the avatar.
      await page.getByRole('button', { name: '我的账号' }).click();
      await page.getByRole('menuitem', { name: '设置' }).click();
      await page.waitForURL(/\/settings$/);
      await page.getByRole('button', { name: '我的账号' }).click();
      await page.getByRole('menuitem', { name: '退出登录' }).click();
      await page.waitForURL(/\/login$/);
    } else {
      assert.ok(await page.locator('nav.sidenav').isVisible());
      assert.ok(!(await page.locator('nav.tabbar').isVisible()));
    }
    assertNoPageErrors(page);
    await page.context().close();
  });
}
