// Private messages from strangers: the request folder with its badge, accepting, and a DM policy
// that refuses with a readable message; and unfollowing from a profile.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, assertNoPageErrors,
} from './harness.mjs';

let server;
let browser;
let page;
let host;
let stranger;
let fan;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  host = await registerAPI(server, 'host', '主人');
  stranger = await registerAPI(server, 'stranger', '陌生人');
  fan = await registerAPI(server, 'fan', '粉丝甲');
  page = await newPage(browser, server);
  await logInUI(page, 'host');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a stranger\'s message waits in requests, with a badge, until accepted', async () => {
  await api(server, 'POST', '/api/v1/messages', { token: stranger.token, body: { to: host.id, text: '你好，想请教一个问题' } });
  const navBadge = page.locator('.sidenav [data-nav=messages] .badge');
  await navBadge.waitFor({ timeout: 15_000 });
  await page.locator('.sidenav [data-nav=messages]').click();
  await page.locator('.empty', { hasText: '还没有私信' }).waitFor();
  const requestsTab = page.getByRole('link', { name: /^消息请求/ });
  assert.match(await requestsTab.textContent(), /消息请求\s*1/);
  await requestsTab.click();
  await page.locator('a.conv', { hasText: '陌生人' }).click();
  await page.locator('.request-banner', { hasText: '陌生人 想给你发私信' }).waitFor();
  await page.locator('.bubble', { hasText: '你好，想请教一个问题' }).waitFor();
  await page.getByRole('button', { name: '接受' }).click();
  await page.locator('.toast', { hasText: '已接受' }).waitFor();
  await page.locator('.request-banner').waitFor({ state: 'detached' });
  await page.getByLabel('私信内容').fill('请说');
  await page.getByRole('button', { name: '发送' }).click();
  await page.locator('.bubble-row.mine', { hasText: '请说' }).waitFor();
  await go(page, '/messages');
  await page.locator('a.conv', { hasText: '陌生人' }).waitFor();
  assert.match(await page.locator('a.conv', { hasText: '陌生人' }).textContent(), /我：请说/);
  await navBadge.waitFor({ state: 'detached' });
  assertNoPageErrors(page);
});

test('a message links its mentions of real accounts, its topics and its links', async () => {
  await api(server, 'POST', '/api/v1/messages', {
    token: stranger.token,
    body: { to: host.id, text: '推荐关注 @fan 和 @nobody_here，#周末爬山# 路线见 https://example.com/map' },
  });
  await go(page, '/messages');
  await page.locator('a.conv', { hasText: '陌生人' }).click();
  const bubble = page.locator('.bubble', { hasText: '推荐关注' });
  await bubble.waitFor();
  assert.equal(await bubble.locator('a.ent-mention').count(), 1, 'only the real account is linked');
  assert.equal(await bubble.locator('a.ent-mention').getAttribute('href'), '/@fan');
  assert.equal(await bubble.locator('a.ent-topic').textContent(), '#周末爬山#');
  assert.equal(await bubble.locator('a.ent-link').getAttribute('href'), 'https://example.com/map');
  assert.match(await bubble.textContent(), /@nobody_here/);
  assertNoPageErrors(page);
});

test('a DM policy that refuses shows why', async () => {
  await api(server, 'PATCH', '/api/v1/accounts/update_credentials', { token: fan.token, body: { dm_policy: 'friends' } });
  await go(page, '/@fan');
  await page.locator('.profile-actions').getByRole('link', { name: '私信' }).click();
  await page.getByLabel('私信内容').fill('在吗');
  await page.getByLabel('私信内容').press('Enter');
  await page.locator('.error-note', { hasText: '对方设置了私信权限，你暂时不能给 TA 发私信。' }).waitFor();
});

test('follow and unfollow from a profile, with a confirmation', async () => {
  await go(page, '/@fan');
  await page.getByRole('button', { name: '关注 粉丝甲', exact: true }).click();
  const following = page.locator('.profile-actions .btn-following');
  await following.waitFor();
  await following.click();
  const dialog = page.getByRole('dialog', { name: '取消关注' });
  await dialog.locator('.dialog-text', { hasText: '确定不再关注 粉丝甲 吗？' }).waitFor();
  await dialog.getByRole('button', { name: '取消关注' }).click();
  await page.getByRole('button', { name: '关注 粉丝甲', exact: true }).waitFor();
  await page.locator('.profile-counts', { hasText: '0 粉丝' }).waitFor();
  const rel = await api(server, 'GET', `/api/v1/accounts/relationships?id[]=${fan.id}`, { token: host.token });
  assert.equal(rel[0].following, false);
  assertNoPageErrors(page);
});
