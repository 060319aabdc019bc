// Followee groups, profile actions (add to group, mute, edit profile), settings, and the
// moderator / admin pages that appear only for those roles.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, adminCli, tokenFor, assertNoPageErrors,
} from './harness.mjs';

let server;
let browser;
let page;
let me;
let a;
let b;

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  me = await registerAPI(server, 'mei', '小美');
  a = await registerAPI(server, 'classmate', '老同学');
  b = await registerAPI(server, 'banker', '银行家');
  for (const x of [a, b]) await api(server, 'POST', `/api/v1/accounts/${x.id}/follow`, { token: me.token });
  await api(server, 'POST', '/api/v1/statuses', { token: a.token, body: { status: '同学聚会定在周六' } });
  await api(server, 'POST', '/api/v1/statuses', { token: b.token, body: { status: '今天利率又降了' } });
  page = await newPage(browser, server);
  await logInUI(page, 'mei');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('create, rename and fill a group; its tab filters the home timeline', async () => {
  await go(page, '/groups');
  await page.getByLabel('分组名称').fill('同学');
  await page.getByRole('button', { name: '新建分组' }).click();
  await page.locator('.toast', { hasText: '已创建分组「同学」' }).waitFor();
  const row = page.locator('li.group-row', { hasText: '同学' });
  await row.getByRole('button', { name: '重命名分组 同学' }).click();
  await page.locator('li.group-row').getByLabel('分组名称').fill('大学同学');
  await page.locator('li.group-row').getByRole('button', { name: '保存' }).click();
  await page.locator('li.group-row', { hasText: '大学同学' }).waitFor();
  await page.locator('li.group-row', { hasText: '大学同学' }).locator('a.group-link').click();
  await page.waitForURL(/\/groups\/\d+$/);
  await page.getByRole('button', { name: '把 老同学 加入分组' }).click();
  await page.locator('section', { hasText: '分组成员' }).locator('.account-row', { hasText: '老同学' }).waitFor();
  await page.locator('.side-list', { hasText: '大学同学' }).waitFor();

  await go(page, '/');
  await page.locator('article.post', { hasText: '今天利率又降了' }).waitFor();
  await page.getByRole('navigation', { name: '按分组查看' }).getByRole('link', { name: '大学同学' }).click();
  await page.waitForURL(/\?group=\d+$/);
  await page.locator('article.post', { hasText: '同学聚会定在周六' }).waitFor();
  assert.equal(await page.locator('article.post', { hasText: '今天利率又降了' }).count(), 0);
  await page.getByRole('navigation', { name: '按分组查看' }).getByRole('link', { name: '全部' }).click();
  await page.locator('article.post', { hasText: '今天利率又降了' }).waitFor();
  assertNoPageErrors(page);
});

test('add to a group from a profile; mute and unmute', async () => {
  await go(page, '/@banker');
  await page.getByRole('button', { name: '更多', exact: true }).click();
  await page.getByRole('menuitem', { name: '设置分组' }).click();
  const dialog = page.getByRole('dialog', { name: '为 银行家 设置分组' });
  await dialog.getByLabel('大学同学').check();
  await page.locator('.toast', { hasText: '已把 银行家 加入「大学同学」' }).waitFor();
  await dialog.getByRole('button', { name: '完成' }).click();
  const rel = await api(server, 'GET', `/api/v1/accounts/relationships?id[]=${b.id}`, { token: me.token });
  assert.equal(rel[0].groups.length, 1);

  await page.getByRole('button', { name: '更多', exact: true }).click();
  await page.getByRole('menuitem', { name: '屏蔽 TA 的微博' }).click();
  await page.locator('.chip', { hasText: '已屏蔽' }).waitFor();
  await go(page, '/');
  await page.locator('article.post', { hasText: '同学聚会定在周六' }).waitFor();
  assert.equal(await page.locator('article.post', { hasText: '今天利率又降了' }).count(), 0, 'muted posts leave home');
  await go(page, '/@banker');
  await page.getByRole('button', { name: '更多', exact: true }).click();
  await page.getByRole('menuitem', { name: '取消屏蔽' }).click();
  await page.locator('.chip', { hasText: '已屏蔽' }).waitFor({ state: 'detached' });
});

test('delete a group', async () => {
  await go(page, '/groups');
  await page.getByRole('button', { name: '删除分组 大学同学' }).click();
  await page.getByRole('dialog').getByRole('button', { name: '删除' }).click();
  await page.locator('.toast', { hasText: '分组已删除' }).waitFor();
  await page.locator('.empty', { hasText: '还没有分组' }).waitFor();
});

test('edit my profile and privacy in settings', async () => {
  await go(page, `/@${me.username}`);
  await page.getByRole('link', { name: '编辑资料' }).click();
  await page.waitForURL(/\/settings$/);
  await page.getByLabel('简介').fill('喜欢拍照，住在西湖边');
  await page.getByLabel('所在地').fill('杭州');
  await page.locator('form', { hasText: '个人资料' }).getByRole('button', { name: '保存' }).click();
  await page.locator('.toast', { hasText: '已保存' }).waitFor();
  await page.getByLabel('谁可以给我发私信').selectOption('friends');
  // The profile's 已保存 toast may still be up: wait for the privacy save itself.
  const saved = page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().endsWith('/api/v1/accounts/update_credentials'));
  await page.locator('form', { hasText: '隐私' }).getByRole('button', { name: '保存' }).click();
  assert.ok((await saved).ok(), 'the privacy settings were saved');
  const self = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: me.token });
  assert.equal(self.source.dm_policy, 'friends');
  await go(page, `/@${me.username}`);
  await page.locator('.profile-note', { hasText: '喜欢拍照，住在西湖边' }).waitFor();
  await page.locator('.profile-facts', { hasText: '杭州' }).waitFor();
  // Sessions: this one is listed as the current device.
  await go(page, '/settings');
  await page.locator('.session', { hasText: '当前设备' }).waitFor();
});

test('members see no moderation page or tools', async () => {
  await go(page, '/');
  assert.equal(await page.locator('.sidenav [data-nav=admin]').count(), 0);
  await go(page, '/@classmate');
  await page.locator('h1.profile-name').waitFor();
  assert.equal(await page.locator('.mod-panel').count(), 0);
  await go(page, '/admin');
  await page.locator('.empty', { hasText: '页面不存在' }).waitFor();
});

test('an admin verifies (orange V, blue V), changes a role and suspends', async () => {
  await adminCli(server, 'create-account', '--username', 'root', '--password', 'rootpassword', '--role', 'admin');
  const admin = await newPage(browser, server);
  await logInUI(admin, 'root', 'rootpassword');
  await admin.locator('.sidenav [data-nav=admin]').click();
  await admin.getByLabel('用户名').fill('classmate');
  await admin.getByRole('button', { name: '查找' }).click();
  const panel = admin.locator('.mod-panel');
  await panel.getByLabel('认证', { exact: true }).selectOption('personal');
  await panel.getByPlaceholder(/认证说明/).fill('知名摄影博主');
  await panel.getByRole('button', { name: '保存认证' }).click();
  await admin.locator('.toast', { hasText: '认证已更新' }).waitFor();
  await admin.locator('.admin-account .vbadge-personal').waitFor();

  // Everyone now sees the orange V on the profile and on posts.
  await go(page, '/@classmate');
  const badge = page.locator('h1.profile-name .vbadge-personal');
  await badge.waitFor();
  assert.equal(await badge.getAttribute('aria-label'), '微博个人认证：知名摄影博主');
  await page.locator('.profile-verified', { hasText: '知名摄影博主' }).waitFor();
  await page.locator('article.post .vbadge-personal').first().waitFor();

  await go(admin, '/@banker');
  await admin.locator('.mod-panel').getByLabel('认证', { exact: true }).selectOption('institutional');
  await admin.locator('.mod-panel').getByPlaceholder(/认证说明/).fill('银行官方账号');
  await admin.locator('.mod-panel').getByRole('button', { name: '保存认证' }).click();
  await admin.locator('h1.profile-name .vbadge-institutional').waitFor();

  await admin.locator('.mod-panel').getByLabel('角色').selectOption('moderator');
  await admin.locator('.mod-panel').getByRole('button', { name: '保存角色' }).click();
  await admin.locator('.toast', { hasText: '角色已更新' }).waitFor();
  await admin.locator('.profile-handle .chip', { hasText: '版主' }).waitFor();

  await go(admin, '/@classmate');
  // Suspending asks for a reason (the account is told) and then asks again.
  await admin.locator('.mod-panel').getByRole('button', { name: '封禁账号' }).click();
  const dialog = admin.getByRole('dialog', { name: '封禁账号' });
  assert.equal(await dialog.getByRole('button', { name: '封禁账号' }).isDisabled(), true, 'no reason, no suspension');
  await dialog.getByLabel(/原因/).fill('冒充他人，多次被举报');
  await dialog.getByRole('button', { name: '封禁账号' }).click();
  await dialog.locator('.reason-echo', { hasText: '冒充他人，多次被举报' }).waitFor();
  await dialog.getByRole('button', { name: '确认封禁账号' }).click();
  await admin.locator('.toast', { hasText: '账号已封禁' }).waitFor();
  await admin.locator('.profile-handle .chip-danger', { hasText: '已封禁' }).waitFor();
  // The suspended account is gone for members.
  await go(page, '/@classmate');
  await page.locator('.empty', { hasText: '用户 @classmate 不存在。' }).waitFor();
  await admin.locator('.mod-panel').getByRole('button', { name: '解除封禁' }).click();
  await admin.getByRole('dialog', { name: '解除封禁' }).getByLabel(/原因/).fill('申诉通过');
  await admin.getByRole('dialog', { name: '解除封禁' }).getByRole('button', { name: '解除封禁' }).click();
  await admin.locator('.toast', { hasText: '已解除封禁' }).waitFor();
  await admin.locator('.mod-panel .mod-state', { hasText: '账号状态：正常' }).waitFor();
  const log = await api(server, 'GET', `/api/v1/admin/log?account_id=${a.id}`, { token: await tokenFor(server, 'root', 'rootpassword') });
  assert.deepEqual(log.map((e) => [e.action, e.text]), [['restore', '申诉通过'], ['suspend', '冒充他人，多次被举报']]);
  assertNoPageErrors(admin);
  await admin.context().close();
});

test('a moderator gets the moderation page without the admin-only tools', async () => {
  const mod = await newPage(browser, server);
  await logInUI(mod, 'banker');
  await mod.locator('.sidenav [data-nav=admin]').click();
  await mod.locator('.page-head', { hasText: '查找账号并限制、封禁或解封' }).waitFor();
  await mod.getByRole('navigation', { name: '管理后台导航' }).getByRole('link', { name: '审核队列' }).waitFor();
  await mod.getByRole('navigation', { name: '管理后台导航' }).getByRole('link', { name: '审计日志' }).waitFor();
  await go(mod, '/@classmate');
  await mod.locator('.mod-panel').getByRole('button', { name: '封禁账号' }).waitFor();
  await mod.locator('.mod-panel').getByRole('button', { name: '限制账号' }).waitFor();
  assert.equal(await mod.locator('.mod-panel').getByLabel('认证', { exact: true }).count(), 0);
  assert.equal(await mod.locator('.mod-panel').getByLabel('角色').count(), 0);
  await mod.context().close();
});
