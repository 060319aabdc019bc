// Marketing analytics (docs/analytics.md) through the UI, against the real server: a brand opens
// a post's cascade picture (the figures checked against the cascade built here), its account's fan
// audit and audience overlap, a KOL search, a seeding run, and a monitor; the CSV export; the 403
// for a restricted post; the main bundle without ECharts.
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROOT, startServer, launchBrowser, newPage, go, logInUI, registerAPI, api, assertNoPageErrors, screenshot,
  assertNoHorizontalOverflow, webDir, sleep, PHONE, DESKTOP,
} from './harness.mjs';

const { toCsv, csvField } = await import(join(ROOT, 'web/src/lib/csv.js'));

let server;
let browser;
const u = {}; // the accounts, by handle
let root; // brand's post: the cascade below
let fansOnly; // brand's post for fans only: a restricted cascade
const ROOT_TEXT = '秋季新品今天发布，欢迎转发 #新品#';

// The cascade (forwards by the //@ chain through POST /statuses/:id/reblog):
//   root (brand) ← aqiang ← xiaobai ← dadong
//   root (brand) ← xiaochen
// size 4, depth 3, breadth [2, 1, 1]. Fans (follows made below):
//   brand: aqiang xiaobai xiaochen xiaoe · aqiang: xiaobai xone xtwo · xiaobai: dadong xone
//   xiaochen: xiaoe · dadong: none
// exposure = {aqiang xiaobai xiaochen xiaoe xone xtwo dadong} = 7. Spreaders by downstream:
// aqiang 2 (new exposure 2: xone xtwo), xiaobai 1 (1: dadong), then xiaochen and dadong 0.
const FOLLOWS = {
  brand: ['aqiang', 'xiaobai', 'xiaochen', 'xiaoe'],
  aqiang: ['xiaobai', 'xone', 'xtwo'],
  xiaobai: ['dadong', 'xone'],
  xiaochen: ['xiaoe'],
};

async function figure(page, id) {
  const el = page.locator(`[data-figure="${id}"] .an-figure-value`);
  await el.waitFor();
  return (await el.textContent()).trim();
}

// Rows of a DataTable as arrays of cell texts.
async function tableRows(page, id) {
  const rows = page.locator(`[data-table="${id}"] tbody tr`);
  await rows.first().waitFor();
  return Promise.all((await rows.all()).map(async (r) => (await r.locator('td').allInnerTexts()).map((x) => x.trim())));
}

// An ECharts canvas in the box, with a size and something painted on it.
async function assertChart(page, testId) {
  const canvas = page.locator(`[data-testid="${testId}"] canvas`).first();
  await canvas.waitFor();
  await page.waitForFunction((id) => {
    const c = document.querySelector(`[data-testid="${id}"] canvas`);
    if (!c || !c.width || !c.height) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < d.length; i += 4 * 7) if (d[i]) painted++;
    return painted > 50;
  }, testId);
  return canvas.boundingBox();
}

async function download(page, tableId) {
  const [dl] = await Promise.all([
    page.waitForEvent('download'),
    page.locator(`[data-table="${tableId}"] .an-csv`).click(),
  ]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

test('CSV: quoted fields, a formula guard, a UTF-8 BOM and CRLF lines', () => {
  assert.equal(csvField('plain'), 'plain');
  assert.equal(csvField('路人"甲",乙'), '"路人""甲"",乙"');
  assert.equal(csvField('two\nlines'), '"two\nlines"');
  assert.equal(csvField('=HYPERLINK("x")'), '"\'=HYPERLINK(""x"")"');
  assert.equal(csvField(-3), '-3');
  assert.equal(csvField(null), '');
  const out = toCsv([{ key: 'a', label: '名字' }, { label: 'n', value: (r) => r.n * 2 }], [{ a: '小白', n: 2 }, { a: ' x', n: 0.5 }]);
  assert.equal(out, '\uFEFF名字,n\r\n小白,4\r\n" x",1\r\n');
});

test('the main bundle does not carry ECharts (the analytics pages load on demand)', () => {
  const dir = join(webDir(), 'assets');
  const main = readdirSync(dir).filter((f) => /^index-.*\.js$/.test(f));
  assert.equal(main.length, 1, `one main bundle: ${main}`);
  const code = readFileSync(join(dir, main[0]), 'utf8');
  assert.ok(!code.includes('_echarts_instance_'), 'ECharts is in the main bundle');
  assert.ok(code.length < 260_000, `main bundle ${code.length} bytes`);
  assert.ok(readdirSync(dir).some((f) => /\.js$/.test(f) && readFileSync(join(dir, f), 'utf8').includes('_echarts_instance_')), 'an ECharts chunk exists');
});

describe('in the browser, against the real server', () => {
  before(async () => {
    server = await startServer();
    browser = await launchBrowser();
    const names = { brand: '秋水品牌', aqiang: '阿强', xiaobai: '小白', xiaochen: '小陈', dadong: '大东', xiaoe: '小鹅', xone: '路人一', xtwo: '路人二' };
    for (const [handle, name] of Object.entries(names)) u[handle] = await registerAPI(server, handle, name);
    for (const [followee, fans] of Object.entries(FOLLOWS)) {
      for (const f of fans) await api(server, 'POST', `/api/v1/accounts/${u[followee].id}/follow`, { token: u[f].token });
    }
    root = await api(server, 'POST', '/api/v1/statuses', { token: u.brand.token, body: { status: ROOT_TEXT } });
    const fwd = (id, who, text) => api(server, 'POST', `/api/v1/statuses/${id}/reblog`, { token: u[who].token, body: { status: text } });
    const f1 = await fwd(root.id, 'aqiang', '好看！');
    const f2 = await fwd(f1.id, 'xiaobai', '跟着转');
    await fwd(root.id, 'xiaochen', '支持');
    await fwd(f2.id, 'dadong', '');
    fansOnly = await api(server, 'POST', '/api/v1/statuses', { token: u.brand.token, body: { status: '只给粉丝看的内部预告', visibility: 'fans' } });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  test('a brand opens the cascade of its post from the post menu: figures, tree picture, spreaders, CSV', async () => {
    const page = await newPage(browser, server);
    await logInUI(page, 'brand');
    await go(page, `/status/${root.id}`);
    const card = page.locator(`article.post[data-status-id="${root.id}"]`);
    await card.getByRole('button', { name: '更多操作' }).click();
    await card.getByRole('menuitem', { name: '传播分析' }).click();
    await page.waitForURL(new RegExp(`/analytics/posts/${root.id}$`));

    assert.equal(await figure(page, 'size'), '4');
    assert.equal(await figure(page, 'depth'), '3');
    assert.equal(await figure(page, 'exposure'), '7');
    assert.equal(await figure(page, 'real-size'), '4');
    assert.equal(await figure(page, 'real-exposure'), '7');
    assert.equal(await figure(page, 'credible-share'), '100%');
    const wide = await assertChart(page, 'cascade-tree');
    await assertChart(page, 'cascade-curve');
    assert.deepEqual(await tableRows(page, 'breadth'), [['1', '2', '2'], ['2', '1', '1'], ['3', '1', '1']]);
    const spreaders = await tableRows(page, 'spreaders');
    assert.equal(spreaders.length, 4);
    assert.match(spreaders[0][1], /阿强/);
    assert.deepEqual(spreaders[0].slice(2), ['2', '2', '1']);
    assert.match(spreaders[1][1], /小白/);
    assert.deepEqual(spreaders[1].slice(2), ['1', '1', '1']);
    await page.locator('[data-prediction="not-ready"]', { hasText: '数据还不够' }).waitFor();

    const { name, bytes } = await download(page, 'spreaders');
    assert.match(name, /\.csv$/);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 byte order mark');
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    assert.equal(lines[0], '排名,用户名,昵称,下游转发,新增覆盖,转发次数');
    assert.equal(lines[1], '1,aqiang,阿强,2,2,1');
    assert.equal(lines[2], '2,xiaobai,小白,1,1,1');
    assert.equal(lines.length, 6, 'four rows and the final line end');
    await screenshot(page, 'analytics-cascade', { fullPage: true });

    // The picture follows the window.
    await page.setViewportSize(PHONE);
    await page.waitForFunction((w) => {
      const c = document.querySelector('[data-testid="cascade-tree"] canvas');
      return c && c.getBoundingClientRect().width < w - 100;
    }, wide.width);
    await assertNoHorizontalOverflow(page);
    await screenshot(page, 'analytics-cascade-phone', { fullPage: true });
    await page.setViewportSize(DESKTOP);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test('a fan cannot see the cascade of a fans-only post: the page says who can', async () => {
    const page = await newPage(browser, server);
    await logInUI(page, 'aqiang');
    await go(page, `/status/${fansOnly.id}`);
    const card = page.locator(`article.post[data-status-id="${fansOnly.id}"]`);
    await card.getByRole('button', { name: '更多操作' }).click();
    await card.getByRole('menuitem', { name: '举报' }).waitFor();
    assert.equal(await card.getByRole('menuitem', { name: '传播分析' }).count(), 0, 'no spread analysis on another member\'s restricted post');
    await go(page, `/analytics/posts/${fansOnly.id}`);
    await page.locator('.an-forbidden', { hasText: '只有作者和管理员可以查看' }).waitFor();
    assert.equal(await page.locator('[data-figure]').count(), 0);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test('a brand opens its account analytics from its profile: the fan audit chart and an audience overlap', async () => {
    const page = await newPage(browser, server);
    await logInUI(page, 'brand');
    await go(page, '/@brand');
    await page.locator('[data-action="account-analytics"]', { hasText: '账号分析' }).click();
    await page.waitForURL(new RegExp(`/analytics/accounts/${u.brand.id}$`));
    assert.equal(await figure(page, 'fans'), '4');
    await assertChart(page, 'fan-growth');
    await assertChart(page, 'audit-donut');
    // Nobody was scanned: every fan counts as real.
    const audit = await tableRows(page, 'audit');
    assert.deepEqual(audit.map((r) => r.slice(1)), [['4', '100%'], ['0', '0%'], ['0', '0%']]);
    assert.match(audit[0][0], /真实粉丝/);
    await page.locator('[data-examples="zombie"]').waitFor(); // the owner sees the examples block

    // Overlap with aqiang: brand's fans {aqiang xiaobai xiaochen xiaoe}, aqiang's {xiaobai xone xtwo}.
    await page.getByPlaceholder('用户名，例如 lihua').fill('@aqiang');
    await page.getByRole('button', { name: '比较' }).click();
    await page.locator('[data-overlap]').waitFor();
    assert.equal(await figure(page, 'shared'), '1');
    assert.equal(await figure(page, 'jaccard'), '0.167');
    assert.equal(await figure(page, 'real-shared'), '1');
    await screenshot(page, 'analytics-account', { fullPage: true });

    // Another member sees the shares, not the growth or the examples.
    const other = await newPage(browser, server);
    await logInUI(other, 'xiaoe');
    await go(other, `/analytics/accounts/${u.brand.id}`);
    await other.locator('.an-forbidden', { hasText: '只有账号本人和管理员可以查看' }).waitFor();
    await assertChart(other, 'audit-donut');
    assert.equal(await other.locator('[data-examples]').count(), 0);
    assert.equal(await other.locator('[data-figure="fans"]').count(), 0);
    assertNoPageErrors(page);
    assertNoPageErrors(other);
    await other.context().close();
    await page.context().close();
  });

  test('a KOL search by topic lists the brand that gets forwarded, with its real fans', async () => {
    const page = await newPage(browser, server);
    await logInUI(page, 'xiaoe');
    await page.locator('.sidenav [data-nav="analytics"]', { hasText: '数据分析' }).click();
    await page.waitForURL(/\/analytics$/);
    await page.locator('[data-tool="kols"]').click();
    await page.waitForURL(/\/analytics\/kols$/);
    await page.locator('#kol-topic').fill('#新品#');
    await page.locator('#main').getByRole('button', { name: '搜索' }).click();
    await page.waitForURL(/\/analytics\/kols\?topic=/);
    await page.getByRole('heading', { name: '#新品# 的 KOL' }).waitFor();
    // Influence may be computed in the background: look again for a while.
    let rows = [];
    for (let i = 0; i < 15; i++) {
      await page.locator('[data-table="kols"]').waitFor();
      if (await page.locator('[data-table="kols"] tbody tr').count()) { rows = await tableRows(page, 'kols'); break; }
      await sleep(1000);
      await page.reload();
    }
    assert.ok(rows.length >= 1, 'the topic has KOLs');
    assert.equal(rows[0][0], '1');
    assert.match(rows[0][1], /秋水品牌/);
    assert.equal(rows[0][3], '4', 'fans');
    assert.equal(rows[0][4], '4', 'real fans');
    await screenshot(page, 'analytics-kols', { fullPage: true });
    assertNoPageErrors(page);
    await page.context().close();
  });

  test('a seeding run: start it, see it finish, the seeds and the reach chart beside the baselines', async () => {
    const page = await newPage(browser, server);
    await logInUI(page, 'brand');
    await go(page, '/analytics/seeding');
    await page.locator('[data-table="runs"]').waitFor();
    await page.locator('input[name=k]').fill('2');
    await page.getByRole('button', { name: '开始计算' }).click();
    await page.waitForURL(/\/analytics\/seeding\/[^/]+$/);
    await page.locator('[data-state="done"]').first().waitFor({ timeout: 30_000 });
    const seeds = await tableRows(page, 'seeds');
    assert.ok(seeds.length >= 1 && seeds.length <= 2, `seeds: ${JSON.stringify(seeds)}`);
    await assertChart(page, 'reach-chart');
    const compare = await tableRows(page, 'baselines');
    assert.deepEqual(compare.map((r) => r[0]), ['推荐组合', '粉丝最多的 k 个', '影响力最高的 k 个']);
    const reach = compare.map((r) => Number(r[1].replace(/,/g, '')));
    assert.ok(reach.every((x) => Number.isFinite(x) && x >= 0), `reach ${reach}`);
    await screenshot(page, 'analytics-seeding', { fullPage: true });
    await page.getByRole('link', { name: '返回选人任务' }).click();
    const runs = await tableRows(page, 'runs');
    assert.equal(runs.length, 1);
    assert.match(runs[0][3], /已完成/);
    assertNoPageErrors(page);
    await page.context().close();
  });

  test('a monitor: create it, see a matching post in its report, edit and delete it', async () => {
    const page = await newPage(browser, server);
    await logInUI(page, 'brand');
    await go(page, '/analytics/monitors');
    await page.locator('[data-table="monitors"]').waitFor();
    await page.locator('input[name=name]').fill('秋季新品');
    await page.locator('input[name=keywords]').fill('新品，发布');
    await page.locator('input[name=topics]').fill('#新品#');
    await page.getByRole('button', { name: '创建' }).click();
    await page.waitForURL(/\/analytics\/monitors\/[^/]+$/);
    await page.getByRole('heading', { name: '秋季新品' }).waitFor();
    // A post after the monitor exists matches it too.
    const later = await api(server, 'POST', '/api/v1/statuses', { token: u.xiaochen.token, body: { status: '新品真不错，已经下单' } });
    let texts = [];
    for (let i = 0; i < 15; i++) {
      await page.locator('[data-table="top-posts"]').waitFor();
      texts = await page.locator('[data-table="top-posts"] tbody tr').allInnerTexts();
      if (texts.some((x) => x.includes('新品真不错'))) break;
      await sleep(1000);
      await page.reload();
    }
    assert.ok(texts.some((x) => x.includes('新品真不错')), `top posts: ${texts}`);
    assert.ok(texts.some((x) => x.includes('秋季新品今天发布')), 'the brand\'s own post matches');
    await assertChart(page, 'monitor-volume');
    assert.ok(Number(await figure(page, 'volume')) >= 2);
    const accounts = await page.locator('[data-table="top-accounts"] tbody tr').allInnerTexts();
    assert.ok(accounts.some((x) => x.includes('小陈')), `top accounts: ${accounts}`);
    await screenshot(page, 'analytics-monitor', { fullPage: true });
    await page.locator(`[data-table="top-posts"] a[href="/status/${later.id}"]`).waitFor();

    await page.getByRole('button', { name: '编辑', exact: true }).click();
    const form = page.locator('.an-mon-form');
    await form.locator('input[name=name]').fill('秋季新品（改）');
    await form.getByRole('button', { name: '保存' }).click();
    await page.getByRole('heading', { name: '秋季新品（改）' }).waitFor();
    await page.getByRole('button', { name: '删除', exact: true }).click();
    await page.getByRole('dialog', { name: '删除监测' }).getByRole('button', { name: '删除' }).click();
    await page.waitForURL(/\/analytics\/monitors$/);
    await page.locator('[data-table="monitors"] .an-empty', { hasText: '还没有监测' }).waitFor();
    assertNoPageErrors(page);
    await page.context().close();
  });
});
