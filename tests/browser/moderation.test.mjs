// Reports and moderation: a member reports a post and a profile, a moderator works the case in the
// review queue (limit with a reason), the reported member is told, members cannot open the queue;
// real (credible-only) counts on a profile and a post; the case page's evidence per detector; the
// 429 toast; the sign-up proof of work.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, adminCli, assertNoPageErrors, screenshot,
  assertNoHorizontalOverflow, PHONE, DESKTOP,
} from './harness.mjs';

let server;
let browser;
let alice; // reports
let bob; // is reported, then limited
let carol; // followed and liked by bob and dave: her real counts drop when bob is limited
let dave;
let mod; // moderator's token
let spamPost;
let carolPost;
const REASON = '多次发布垃圾广告，已核实';

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  // The moderator first, while the server is idle: a role given by the CLI while the server is busy
  // has been seen to stay "member" in the server (reported; not a UI matter).
  await adminCli(server, 'create-account', '--username', 'warden', '--password', 'wardenpassword', '--role', 'moderator');
  alice = await registerAPI(server, 'alice', '爱丽丝');
  bob = await registerAPI(server, 'bob', '卖粉小王');
  carol = await registerAPI(server, 'carol', '卡罗');
  dave = await registerAPI(server, 'dave', '大卫');
  spamPost = await api(server, 'POST', '/api/v1/statuses', { token: bob.token, body: { status: '低价买粉丝，一万粉只要十元，加微信 fans888' } });
  carolPost = await api(server, 'POST', '/api/v1/statuses', { token: carol.token, body: { status: '西湖边的晚霞真好看' } });
  for (const x of [bob, dave]) {
    await api(server, 'POST', `/api/v1/accounts/${carol.id}/follow`, { token: x.token });
    await api(server, 'POST', `/api/v1/statuses/${carolPost.id}/favourite`, { token: x.token });
  }
  mod = (await api(server, 'POST', '/oauth/token', { body: { grant_type: 'password', username: 'warden', password: 'wardenpassword' } })).access_token;
  const role = (await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: mod })).role;
  assert.equal(role, 'moderator', 'the server sees the role the admin CLI gave');
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('a member reports a post and a profile (举报)', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'alice');
  await go(page, '/@bob');
  const card = page.locator('article.post', { hasText: '低价买粉丝' });
  await card.getByRole('button', { name: '更多操作' }).click();
  await card.getByRole('menuitem', { name: '举报' }).click();
  const dialog = page.getByRole('dialog', { name: '举报 卖粉小王' });
  await dialog.locator('.report-quote', { hasText: '低价买粉丝' }).waitFor();
  const submit = dialog.getByRole('button', { name: '提交举报' });
  assert.equal(await submit.isDisabled(), true, 'a category is required');
  for (const c of ['垃圾广告', '僵尸粉', '骚扰', '违法', '其他']) await dialog.getByRole('radio', { name: new RegExp(c) }).waitFor();
  await dialog.getByRole('radio', { name: /垃圾广告/ }).check();
  await dialog.getByLabel('补充说明（选填）').fill('每天刷屏几十条');
  await submit.click();
  await page.locator('.toast', { hasText: '举报已提交，感谢你的反馈' }).waitFor();
  await dialog.waitFor({ state: 'detached' });

  // The profile's "more" menu reports the account itself.
  await page.getByRole('button', { name: '更多', exact: true }).click();
  await page.getByRole('menuitem', { name: '举报用户' }).click();
  const d2 = page.getByRole('dialog', { name: '举报 卖粉小王' });
  await d2.locator('.dialog-text', { hasText: '你正在举报这个用户。' }).waitFor();
  await d2.getByRole('radio', { name: /僵尸粉/ }).check();
  await d2.getByRole('button', { name: '提交举报' }).click();
  // The first report's toast may still be up; the dialog closes once the report is stored.
  await d2.waitFor({ state: 'detached' });

  // There is no report item on my own posts.
  const mine = await api(server, 'POST', '/api/v1/statuses', { token: alice.token, body: { status: '我自己的微博' } });
  await go(page, `/status/${mine.id}`);
  await page.getByRole('button', { name: '更多操作' }).click();
  await page.getByRole('menuitem', { name: '删除' }).waitFor();
  assert.equal(await page.getByRole('menuitem', { name: '举报' }).count(), 0);

  const cases = await api(server, 'GET', '/api/v1/admin/cases?kind=report', { token: mod });
  const c = cases.find((x) => x.account?.id === bob.id);
  assert.ok(c, 'the reports opened a case');
  assert.equal(c.reports_count, 2);
  assertNoPageErrors(page);
  await page.context().close();
});

test('a member reports a comment', async () => {
  await api(server, 'POST', `/api/v1/statuses/${carolPost.id}/comments`, { token: dave.token, body: { text: '关注我领红包 fans888' } });
  const page = await newPage(browser, server);
  await logInUI(page, 'carol');
  await go(page, `/status/${carolPost.id}`);
  const comment = page.locator('li.comment', { hasText: '关注我领红包' });
  await comment.getByRole('button', { name: '举报 大卫 的评论' }).click();
  const dialog = page.getByRole('dialog', { name: '举报 大卫' });
  await dialog.locator('.dialog-text', { hasText: '你正在举报这条评论。' }).waitFor();
  await dialog.getByRole('radio', { name: /垃圾广告/ }).check();
  await dialog.getByRole('button', { name: '提交举报' }).click();
  await page.locator('.toast', { hasText: '举报已提交' }).waitFor();
  const cases = await api(server, 'GET', '/api/v1/admin/cases', { token: mod });
  const c = cases.find((x) => x.account?.id === dave.id);
  const detail = await api(server, 'GET', `/api/v1/admin/cases/${c.id}`, { token: mod });
  assert.ok(detail.reports[0].comment_id, 'the report names the comment');
  assertNoPageErrors(page);
  await page.context().close();
});

test('a moderator opens the case from the queue and limits the account with a reason', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'warden', 'wardenpassword');
  await page.locator('.sidenav [data-nav=admin]').click();
  await page.getByRole('navigation', { name: '管理后台导航' }).getByRole('link', { name: '审核队列' }).click();
  await page.waitForURL(/\/admin\/cases$/);
  const kinds = page.getByRole('navigation', { name: '案件类型' });
  for (const k of ['全部', '举报', '僵尸粉团伙', '水军', '机器人']) await kinds.getByRole('link', { name: k, exact: true }).waitFor();
  await kinds.getByRole('link', { name: '举报', exact: true }).click();
  await page.waitForURL(/kind=report/);
  const row = page.locator('.case-row', { hasText: '卖粉小王' });
  await row.locator('.case-summary', { hasText: '被举报 2 次' }).waitFor();
  await row.locator('.case-state', { hasText: '待处理' }).waitFor();
  await screenshot(page, 'moderation-queue');
  await page.setViewportSize(PHONE);
  await assertNoHorizontalOverflow(page);
  await page.setViewportSize(DESKTOP);
  await row.getByRole('link').click();
  await page.waitForURL(/\/admin\/cases\/\d+$/);

  const reports = page.locator('.case-report');
  await reports.first().waitFor();
  assert.equal(await reports.count(), 2);
  await page.locator('.case-report', { hasText: '每天刷屏几十条' }).locator('.chip', { hasText: '垃圾广告' }).waitFor();
  await page.locator('.case-report', { hasText: '爱丽丝' }).first().waitFor();
  await page.locator('.case-report').getByRole('link', { name: '被举报的微博' }).first().waitFor();
  await page.locator('.case-head', { hasText: '卖粉小王' }).waitFor();

  await page.locator('.case-buttons').getByRole('button', { name: '限制', exact: true }).click();
  const dialog = page.getByRole('dialog', { name: '限制' });
  const go_ = dialog.getByRole('button', { name: '限制', exact: true });
  assert.equal(await go_.isDisabled(), true, 'a reason is required');
  await dialog.getByLabel(/原因/).fill(REASON);
  await go_.click();
  await page.locator('.toast', { hasText: '已限制' }).waitFor();
  await page.locator('.case-head .case-state', { hasText: '已处理 · 限制' }).waitFor();
  await page.locator('.case-head .chip-warn', { hasText: '已限制' }).waitFor();
  const entry = page.locator('.case-section .log-entry', { hasText: REASON });
  await entry.waitFor();
  await entry.locator('.chip', { hasText: '限制' }).waitFor();
  await entry.getByText('warden').waitFor();
  await screenshot(page, 'moderation-case', { fullPage: true });

  // The queue: no longer open, listed under resolved.
  await go(page, '/admin/cases?kind=report');
  await page.locator('.case-row', { hasText: '大卫' }).waitFor();
  assert.equal(await page.locator('.case-row', { hasText: '卖粉小王' }).count(), 0);
  await page.getByRole('navigation', { name: '处理状态' }).getByRole('link', { name: '已处理' }).click();
  await page.locator('.case-row', { hasText: '卖粉小王' }).locator('.case-state', { hasText: '已处理' }).waitFor();

  // The audit log lists it, and filters by account.
  await page.getByRole('navigation', { name: '管理后台导航' }).getByRole('link', { name: '审计日志' }).click();
  await page.locator('.log-entry', { hasText: REASON }).waitFor();
  await page.getByLabel('按用户筛选').fill('carol');
  await page.getByRole('button', { name: '筛选' }).click();
  await page.locator('.empty', { hasText: '还没有管理操作。' }).waitFor();
  await go(page, `/admin/log?account_id=${bob.id}`);
  await page.locator('.log-entry', { hasText: REASON }).getByRole('link', { name: '查看案件' }).waitFor();

  const acct = await api(server, 'GET', `/api/v1/accounts/${bob.id}`, { token: mod });
  assert.equal(acct.limited, true);
  assertNoPageErrors(page);
  await page.context().close();
});

test('the limited member sees the moderation warning in notifications', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'bob');
  await go(page, '/notifications');
  const n = page.locator('li.notif[data-type=moderation_warning]');
  await n.locator('.mod-warning', { hasText: '管理员对你的账号执行了：限制' }).waitFor();
  await n.locator('.mod-warning', { hasText: `原因：${REASON}` }).waitFor();
  await n.locator('.notif-head', { hasText: '系统通知' }).waitFor();
  assert.equal(await n.getByText('warden').count(), 0, 'the moderator stays anonymous');
  await page.locator('.lang-switch button[data-lang=en]').click();
  await n.locator('.mod-warning', { hasText: 'A moderator acted on your account: Limited' }).waitFor();
  await page.locator('.lang-switch button[data-lang=zh]').click();
  assertNoPageErrors(page);
  await page.context().close();
});

test('members cannot open the review queue, a case or the audit log, and the API refuses', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'alice');
  for (const path of ['/admin/cases', '/admin/cases/1', '/admin/log']) {
    await go(page, path);
    await page.locator('.empty', { hasText: '页面不存在' }).waitFor();
    assert.equal(await page.locator('.case-row, .case-head, .log-entry').count(), 0);
  }
  for (const path of ['/api/v1/admin/cases', '/api/v1/admin/log']) {
    const res = await fetch(server.url + path, { headers: { authorization: `Bearer ${alice.token}` } });
    assert.equal(res.status, 403, path);
  }
  const res = await fetch(`${server.url}/api/v1/admin/accounts/${dave.id}/action`, {
    method: 'POST', headers: { authorization: `Bearer ${alice.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ type: 'limit', reason: 'x' }),
  });
  assert.equal(res.status, 403);
  await page.context().close();
});

test('real counts: fans on a profile, forwards, comments and likes on a post', async () => {
  const page = await newPage(browser, server);
  await go(page, '/@carol');
  const fans = page.locator('.profile-counts li', { hasText: '粉丝' });
  await fans.locator('strong').first().waitFor();
  assert.equal((await fans.locator('a strong').textContent()).trim(), '2');
  const real = fans.locator('.real-count');
  await real.waitFor();
  assert.match(await real.innerText(), /真实\s*1/);
  assert.equal(await real.getAttribute('title'), '真实 = 排除僵尸粉/水军/机器人');
  await screenshot(page, 'profile-real-counts');

  await go(page, `/status/${carolPost.id}`);
  await page.locator('article.post-detail').getByRole('button', { name: '赞 2' }).waitFor();
  const likes = page.locator('.real-counts [data-real=likes]');
  await likes.waitFor();
  assert.match(await likes.innerText(), /赞\s*1/);
  assert.match(await page.locator('.real-counts [data-real=comments]').innerText(), /评论\s*1/);
  await page.locator('.real-counts', { hasText: '真实互动' }).waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});

test('the account panel asks for a reason to limit and lift a limit', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'warden', 'wardenpassword');
  await go(page, '/@dave');
  const panel = page.locator('.mod-panel');
  await panel.locator('.mod-state', { hasText: '账号状态：正常' }).waitFor();
  await panel.getByRole('button', { name: '限制账号' }).click();
  const dialog = page.getByRole('dialog', { name: '限制账号' });
  await dialog.getByLabel(/原因/).fill('评论区发广告');
  await dialog.getByRole('button', { name: '限制账号' }).click();
  await page.locator('.toast', { hasText: '账号已限制' }).waitFor();
  await panel.locator('.mod-state', { hasText: '已限制' }).waitFor();
  await page.locator('.profile-handle .chip-warn', { hasText: '已限制' }).waitFor();
  await panel.getByRole('button', { name: '解除限制' }).click();
  await page.getByRole('dialog', { name: '解除限制' }).getByLabel(/原因/).fill('误判，已核实');
  await page.getByRole('dialog', { name: '解除限制' }).getByRole('button', { name: '解除限制' }).click();
  await page.locator('.toast', { hasText: '已解除限制' }).waitFor();
  await panel.locator('.mod-state', { hasText: '账号状态：正常' }).waitFor();
  await panel.getByRole('link', { name: '查看处理记录' }).click();
  await page.waitForURL(/\/admin\/log\?account_id=/);
  await page.locator('.log-entry', { hasText: '误判，已核实' }).waitFor();
  await page.locator('.log-entry', { hasText: '评论区发广告' }).waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});

// The detectors' cases are made by a scan this test cannot run through the API, so the case page
// is fed each evidence shape from a stubbed response.
const farmCase = () => ({
  id: '900001', kind: 'zombie_farm', state: 'open', score: 0.93, summary: '3 zombie fans of 1 accounts', members_count: 3, reports_count: 0,
  created_at: new Date().toISOString(), updated_at: new Date().toISOString(), resolution: '', resolved_by: null,
  account: bob.account,
  evidence: {
    fans: 3, customers: 1, edges: 3, density: 1, background_density: 0.0125,
    signals: { empty_profile: 1, inactive: 0.66, creation_burst: 1, shared_network: 0 },
    created_between: ['2026-11-01T00:00:00Z', '2026-11-01T00:05:00Z'], text: 'dense block',
  },
  members: [bob.account, dave.account, alice.account], targets: [carol.account], reports: [], log: [],
});

test('case evidence: a zombie farm shows density against the background, signals, fans and customers', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'warden', 'wardenpassword');
  await page.route('**/api/v1/admin/cases/900001', (route) => route.fulfill({ json: farmCase() }));
  await go(page, '/admin/cases/900001');
  await page.locator('.case-summary-big', { hasText: '3 个疑似僵尸粉账号' }).waitFor();
  const density = page.locator('.density');
  await density.locator('.bar-row', { hasText: '团伙内密度' }).waitFor();
  await density.locator('.bar-row', { hasText: '全站平均' }).waitFor();
  await density.locator('figcaption', { hasText: '比全站平均密 80 倍' }).waitFor();
  await page.locator('[data-signal=inactive]', { hasText: '66%' }).waitFor();
  await page.locator('[data-signal=empty_profile]', { hasText: '资料空白' }).waitFor();
  await page.locator('.kv', { hasText: 'dense block' }).waitFor();
  await page.locator('#case-members').waitFor();
  assert.equal(await page.locator('section[aria-labelledby=case-members] .case-account').count(), 3);
  await page.locator('section[aria-labelledby=case-targets] .case-account', { hasText: '卡罗' }).waitFor();
  await screenshot(page, 'moderation-farm', { fullPage: true });
  await page.setViewportSize(PHONE);
  await assertNoHorizontalOverflow(page);
  await screenshot(page, 'moderation-farm-phone', { fullPage: true });
  await page.setViewportSize(DESKTOP);

  // remove_follows asks twice; the second step echoes the reason.
  let sent = null;
  await page.route('**/api/v1/admin/cases/900001/action', (route) => { sent = route.request().postDataJSON(); route.fulfill({ json: { ...farmCase(), state: 'resolved', resolution: 'remove_follows' } }); });
  await page.locator('.case-buttons').getByRole('button', { name: '清除僵尸粉关注' }).click();
  const dialog = page.getByRole('dialog', { name: '清除僵尸粉关注' });
  await dialog.getByLabel(/原因/).fill('同一批次注册的僵尸粉');
  await dialog.getByRole('button', { name: '清除僵尸粉关注', exact: true }).click();
  await dialog.locator('.reason-echo', { hasText: '同一批次注册的僵尸粉' }).waitFor();
  assert.equal(sent, null, 'nothing is sent before the confirmation');
  await dialog.getByRole('button', { name: '确认清除僵尸粉关注' }).click();
  await page.locator('.toast', { hasText: '已清除僵尸粉关注' }).waitFor();
  assert.deepEqual(sent, { type: 'remove_follows', reason: '同一批次注册的僵尸粉' });
  assertNoPageErrors(page);
  await page.context().close();
});

test('case evidence: a water army timeline with copied texts; a spam bot example and reasons; anything else as key/value', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'warden', 'wardenpassword');
  const base = { state: 'open', score: 0.8, summary: '', members_count: 2, reports_count: 0, created_at: new Date().toISOString(), updated_at: new Date().toISOString(), resolution: '', resolved_by: null, account: bob.account, members: [bob.account, dave.account], targets: [], reports: [], log: [] };
  const t0 = Date.parse('2026-11-20T08:00:00Z');
  const iso = (m) => new Date(t0 + m * 60000).toISOString();
  await page.route('**/api/v1/admin/cases/900002', (route) => route.fulfill({ json: { ...base, id: '900002', kind: 'water_army', evidence: {
    posts: 3, duplicate_text_share: 0.75, tightness: 0.9, texts: ['支持支持！说得太好了', '说得太好了，支持'],
    windows: [{ post: carolPost.id, begin: iso(0), end: iso(5), members: 40 }, { post: carolPost.id, begin: iso(30), end: iso(32), members: 38 }, { post: spamPost.id, begin: iso(60), end: iso(70), members: 41 }],
  } } }));
  await page.route('**/api/v1/admin/cases/900003', (route) => route.fulfill({ json: { ...base, id: '900003', kind: 'spam_bot', evidence: {
    posts: 120, spam_posts: 118, example: '<b>加微信</b> 领取福利', reasons: ['重复文本', '含联系方式'],
  } } }));
  await page.route('**/api/v1/admin/cases/900004', (route) => route.fulfill({ json: { ...base, id: '900004', kind: 'report', evidence: { source: 'import', weight: 2 } } }));

  await go(page, '/admin/cases/900002');
  await page.locator('.case-summary-big', { hasText: '2 个账号疑似协同刷量' }).waitFor();
  const rows = page.locator('.timeline-row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  await rows.nth(0).locator('.timeline-n', { hasText: '40 人' }).waitFor();
  const widths = await page.locator('.timeline-bar').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().left));
  assert.ok(widths[0] < widths[1] && widths[1] < widths[2], 'windows sit in time order');
  await page.locator('.stat', { hasText: '重复文本占比' }).locator('.stat-value', { hasText: '75%' }).waitFor();
  await page.locator('.ev-text', { hasText: '支持支持！说得太好了' }).waitFor();
  await rows.nth(0).getByRole('link').click();
  await page.waitForURL(new RegExp(`/status/${carolPost.id}$`));

  await go(page, '/admin/cases/900003');
  await page.locator('.evidence-spam blockquote', { hasText: '<b>加微信</b> 领取福利' }).waitFor();
  assert.equal(await page.locator('.evidence-spam b').count(), 0, 'the example is text, never HTML');
  await page.locator('.ev-reasons li', { hasText: '含联系方式' }).waitFor();
  await page.locator('.stat', { hasText: '垃圾微博' }).locator('.stat-value', { hasText: '118' }).waitFor();

  await go(page, '/admin/cases/900004');
  await page.locator('.kv', { hasText: 'source' }).locator('dd', { hasText: 'import' }).waitFor();
  assertNoPageErrors(page);
  await page.context().close();
});

test('an admin scans: a real zombie farm shows in the queue with its evidence; removing its follows lowers the customers\' fans', async () => {
  // A fresh server: an ordinary community of 30 who follow a few others and post, and 40 fans
  // bought by the same three customers who do nothing else (the API tests' farm).
  const s = await startServer();
  try {
    const people = [];
    for (let i = 0; i < 30; i++) people.push(await registerAPI(s, `person${i}`, `普通用户${i}`));
    for (let i = 0; i < people.length; i++) {
      for (const d of [1, 3, 7]) await api(s, 'POST', `/api/v1/accounts/${people[(i + d) % people.length].id}/follow`, { token: people[i].token });
      await api(s, 'POST', '/api/v1/statuses', { token: people[i].token, body: { status: `今天天气不错，出去走走 ${i}` } });
    }
    const customers = people.slice(0, 3);
    for (let i = 0; i < 40; i++) {
      const z = await registerAPI(s, `u${(7919 * (i + 11)) % 100000}x`, '');
      for (const c of customers) await api(s, 'POST', `/api/v1/accounts/${c.id}/follow`, { token: z.token });
    }
    await adminCli(s, 'create-account', '--username', 'root', '--password', 'rootpassword', '--role', 'admin');
    const page = await newPage(browser, s);
    await logInUI(page, 'root', 'rootpassword');
    await go(page, '/admin/cases?kind=zombie_farm');
    await page.locator('.empty', { hasText: '没有待处理的案件。' }).waitFor();
    await page.getByRole('button', { name: '立即扫描' }).click();
    await page.locator('.toast', { hasText: /扫描完成：记录 [1-9]\d* 个案件/ }).waitFor({ timeout: 30_000 });
    const row = page.locator('.case-row', { hasText: '僵尸粉团伙' }).first();
    await row.locator('.case-summary', { hasText: /\d+ 个疑似僵尸粉账号/ }).waitFor();
    await row.getByRole('link').click();
    await page.waitForURL(/\/admin\/cases\/\d+$/);

    await page.locator('.density figcaption', { hasText: /比全站平均密/ }).waitFor();
    await page.locator('[data-signal=inactive]').waitFor();
    const customersShown = page.locator('section[aria-labelledby=case-targets] .case-account');
    await customersShown.first().waitFor();
    assert.deepEqual((await customersShown.locator('.name-text').allInnerTexts()).map((x) => x.trim()).sort(), ['普通用户0', '普通用户1', '普通用户2']);
    assert.ok(await page.locator('section[aria-labelledby=case-members] .case-account').count() >= 30, 'the fans are listed');
    await screenshot(page, 'moderation-farm-real', { fullPage: true });

    // Real fans before the follows go: the zombies no longer count.
    const before = await api(s, 'GET', `/api/v1/accounts/${customers[0].id}`);
    assert.equal(before.followers_count, 43);
    assert.ok(before.real_followers_count <= 7, `real fans ${before.real_followers_count}`);

    await page.locator('.case-buttons').getByRole('button', { name: '清除僵尸粉关注' }).click();
    const dialog = page.getByRole('dialog', { name: '清除僵尸粉关注' });
    await dialog.getByLabel(/原因/).fill('购买的僵尸粉');
    await dialog.getByRole('button', { name: '清除僵尸粉关注', exact: true }).click();
    await dialog.getByRole('button', { name: '确认清除僵尸粉关注' }).click();
    await page.locator('.toast', { hasText: '已清除僵尸粉关注' }).waitFor();
    await page.locator('.case-head .case-state', { hasText: '已处理 · 清除僵尸粉关注' }).waitFor();

    await go(page, '/@person0');
    const fans = page.locator('.profile-counts li', { hasText: '粉丝' });
    await fans.locator('.real-count').waitFor();
    const after = await api(s, 'GET', `/api/v1/accounts/${customers[0].id}`);
    assert.ok(after.followers_count < 43, 'the bought follows are gone');
    assert.equal((await fans.locator('a strong').textContent()).trim(), String(after.followers_count));
    assertNoPageErrors(page);
    await page.context().close();
  } finally {
    await s.close();
  }
});

test('moderators cannot run a scan: no button', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'warden', 'wardenpassword');
  await go(page, '/admin/cases');
  await page.getByRole('navigation', { name: '案件类型' }).waitFor();
  assert.equal(await page.getByRole('button', { name: '立即扫描' }).count(), 0);
  await page.context().close();
});

test('a 429 shows how long to wait', async () => {
  const page = await newPage(browser, server);
  await logInUI(page, 'carol');
  await page.route('**/api/v1/statuses', (route) => (route.request().method() === 'POST'
    ? route.fulfill({ status: 429, headers: { 'Retry-After': '30' }, json: { error: 'rate limited', code: 'rate_limited' } })
    : route.continue()));
  await page.locator('.compose textarea').fill('发得太快了');
  await page.locator('.compose button[type=submit]').click();
  await page.locator('.toast', { hasText: '操作太频繁，请 30 秒后再试' }).waitFor();
  await page.locator('.compose .error-note', { hasText: '操作太频繁，请 30 秒后再试' }).waitFor();
  assert.equal(await page.locator('.toast', { hasText: '操作太频繁' }).count(), 1, 'one toast, not one per place');
  await page.context().close();
});

// A server that asks for a 12-bit proof of work when this binary has the option; otherwise the
// main one, with the challenge stubbed (and taken off again before the request reaches it).
async function powServer() {
  try {
    const s = await startServer({ args: ['--signup-pow-bits', '12'] });
    const res = await fetch(`${s.url}/api/v1/challenge`);
    if (res.ok && (await res.json()).difficulty > 0) return { s, real: true };
    await s.close();
  } catch { /* an older binary without the option */ }
  return { s: server, real: false };
}

test('sign-up solves the proof-of-work challenge, with a 正在验证 state', async (t) => {
  const { s, real } = await powServer();
  t.diagnostic(real ? 'the server\'s own 12-bit challenge' : 'a stubbed 14-bit challenge (this server has none)');
  const page = await newPage(browser, s);
  let challenge = `test-${Date.now()}`;
  let difficulty = 14;
  let body = null;
  if (real) {
    page.on('response', async (res) => {
      if (res.url().endsWith('/api/v1/challenge') && res.ok()) ({ challenge, difficulty } = await res.json());
    });
  } else {
    await page.route('**/api/v1/challenge', (route) => new Promise((r) => setTimeout(r, 300)).then(() => route.fulfill({
      json: { challenge, difficulty, algorithm: 'sha256', expires_at: new Date(Date.now() + 300000).toISOString() },
    })));
  }
  await page.route('**/api/v1/accounts', async (route) => {
    if (route.request().method() !== 'POST') return route.continue();
    body = route.request().postDataJSON();
    if (real) return route.continue();
    const { challenge: c, nonce, ...rest } = body; // eslint-disable-line no-unused-vars
    return route.continue({ postData: JSON.stringify(rest) });
  });
  await go(page, '/signup');
  await page.locator('input[name=username]').fill('erin');
  await page.locator('input[name=display_name]').fill('艾琳');
  await page.locator('input[name=password]').fill('correct horse battery');
  await page.locator('form button[type=submit]').click();
  if (!real) await page.locator('form button[type=submit]', { hasText: '正在验证…' }).waitFor();
  await page.waitForURL(`${s.url}/`);
  await page.locator('.compose textarea').waitFor();
  assert.equal(body.challenge, challenge);
  assert.match(body.nonce, /^\d+$/);
  const digest = createHash('sha256').update(`${challenge}:${body.nonce}`).digest();
  let zeros = 0;
  for (const byte of digest) { if (byte === 0) { zeros += 8; continue; } zeros += Math.clz32(byte) - 24; break; }
  assert.ok(zeros >= difficulty, `nonce ${body.nonce} gives ${zeros} leading zero bits`);
  assertNoPageErrors(page);
  await page.context().close();
  if (s !== server) await s.close();
});
