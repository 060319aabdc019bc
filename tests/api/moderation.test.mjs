// Reports, the moderation queue, moderator actions with reasons and an audit log, honest (real)
// counts, and the integrity scan turning a zombie farm into a case whose follows can be removed.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  startServer, api, register, post, follow, getAccount, expectStatus, expectError, eventually,
  binaryPath, staff,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });


async function searchPosts(token, q) {
  const res = await api(server, 'GET', '/api/v2/search', { token, query: { q, type: 'statuses' } });
  expectStatus(res, 200, `search ${q}`);
  return res.body.statuses;
}

describe('reports and moderation', () => {
  let mod; let spammer; let r1; let r2; let spamPost; let caseId;

  before(async () => {
    mod = await staff(server, 'mod_one', 'moderator');
    spammer = await register(server, 'spammy');
    r1 = await register(server, 'reporter1');
    r2 = await register(server, 'reporter2');
    spamPost = await post(server, spammer.token, '#限时特价# 代购 加微信 shopbot888 详情看主页');
  });

  test('a report opens a case; more reports gather in it', async () => {
    const rep = await api(server, 'POST', '/api/v1/reports', {
      token: r1.token, json: { account_id: spammer.id, status_ids: [spamPost.id], category: 'spam', comment: '广告' },
    });
    expectStatus(rep, 200, 'report');
    assert.equal(rep.body.category, 'spam');
    assert.deepEqual(rep.body.status_ids, [spamPost.id]);
    assert.equal(rep.body.target_account.id, spammer.id);
    caseId = rep.body.case_id;

    const again = await api(server, 'POST', '/api/v1/reports', { token: r1.token, json: { account_id: spammer.id, category: 'spam' } });
    expectStatus(again, 200);
    const other = await api(server, 'POST', '/api/v1/reports', { token: r2.token, json: { account_id: spammer.id, category: 'zombie' } });
    expectStatus(other, 200);
    assert.equal(other.body.case_id, caseId, 'reports about one account share the open case');

    const list = await api(server, 'GET', '/api/v1/admin/cases', { token: mod.token, query: { kind: 'report' } });
    expectStatus(list, 200);
    const c = list.body.find((x) => x.id === caseId);
    assert.ok(c, 'the case is in the queue');
    assert.equal(c.state, 'open');
    assert.equal(c.reports_count, 3);
    assert.equal(c.score, 2, 'two distinct reporters');
    assert.equal(c.account.id, spammer.id);

    const detail = await api(server, 'GET', `/api/v1/admin/cases/${caseId}`, { token: mod.token });
    expectStatus(detail, 200);
    assert.equal(detail.body.reports.length, 3);
    assert.ok(detail.body.reports.some((r) => r.reporter.id === r2.id));
  });

  test('bad reports are refused', async () => {
    expectError(await api(server, 'POST', '/api/v1/reports', { token: r1.token, json: { account_id: r1.id, category: 'spam' } }), 422, 'self');
    expectError(await api(server, 'POST', '/api/v1/reports', { token: r1.token, json: { account_id: spammer.id, category: 'rude' } }), 422, 'category');
    expectError(await api(server, 'POST', '/api/v1/reports', { token: r1.token, json: { category: 'spam' } }), 422, 'no account');
    expectError(await api(server, 'POST', '/api/v1/reports', { token: r1.token, json: { account_id: spammer.id, post_id: (await post(server, r2.token, 'mine')).id } }), 422, 'post of someone else');
    expectError(await api(server, 'POST', '/api/v1/reports', { json: { account_id: spammer.id } }), 401, 'anonymous');
  });

  test('members cannot see or act on cases', async () => {
    expectError(await api(server, 'GET', '/api/v1/admin/cases', { token: r1.token }), 403, 'list');
    expectError(await api(server, 'GET', `/api/v1/admin/cases/${caseId}`, { token: r1.token }), 403, 'get');
    expectError(await api(server, 'POST', `/api/v1/admin/cases/${caseId}/action`, { token: r1.token, json: { type: 'limit', reason: 'x' } }), 403, 'act');
    expectError(await api(server, 'GET', '/api/v1/admin/log', { token: r1.token }), 403, 'log');
    expectError(await api(server, 'POST', `/api/v1/admin/accounts/${spammer.id}/action`, { token: r1.token, json: { type: 'suspend', reason: 'x' } }), 403, 'account action');
    expectError(await api(server, 'POST', '/api/v1/admin/integrity/scan', { token: mod.token }), 403, 'moderators cannot run scans');
  });

  test('limiting takes the account out of search, is logged and notified; restore undoes it', async () => {
    await eventually(async () => assert.equal((await searchPosts(r1.token, '代购')).length, 1));
    const hotTopics = async () => {
      const res = await api(server, 'GET', '/api/v1/hot', { query: { window: '1h', type: 'topics' } });
      expectStatus(res, 200, 'hot');
      return res.body.map((t) => t.name);
    };
    await eventually(async () => assert.ok((await hotTopics()).includes('限时特价'), 'on the hot list first'));
    expectError(await api(server, 'POST', `/api/v1/admin/cases/${caseId}/action`, { token: mod.token, json: { type: 'limit' } }), 422, 'no reason');
    const act = await api(server, 'POST', `/api/v1/admin/cases/${caseId}/action`, {
      token: mod.token, json: { type: 'limit', reason: '连续发布广告' },
    });
    expectStatus(act, 200, 'limit');
    assert.equal(act.body.state, 'resolved');
    assert.equal(act.body.resolution, 'limit');
    assert.equal((await getAccount(server, spammer.id)).limited, true);
    assert.deepEqual(await searchPosts(r1.token, '代购'), [], 'a limited account leaves search');
    assert.ok(!(await hotTopics()).includes('限时特价'), 'and the hot list');
    assert.equal((await searchPosts(spammer.token, '代购')).length, 1, 'but finds itself');
    assert.equal((await searchPosts(mod.token, '代购')).length, 1, 'and moderators see it');
    // Fans still see its posts: limiting is not suspension.
    const detail = await api(server, 'GET', `/api/v1/statuses/${spamPost.id}`, { token: r1.token });
    expectStatus(detail, 200);

    const notes = await api(server, 'GET', '/api/v1/notifications', { token: spammer.token });
    const warning = notes.body.find((n) => n.type === 'moderation_warning');
    assert.ok(warning, 'the account is told');
    assert.equal(warning.moderation_warning.action, 'limit');
    assert.equal(warning.moderation_warning.text, '连续发布广告');
    expectStatus(await api(server, 'GET', `/api/v1/moderation_warnings/${warning.moderation_warning.id}`, { token: spammer.token }), 200);
    expectError(await api(server, 'GET', `/api/v1/moderation_warnings/${warning.moderation_warning.id}`, { token: r1.token }), 404, 'not yours');

    const log = await api(server, 'GET', '/api/v1/admin/log', { token: mod.token, query: { account_id: spammer.id } });
    expectStatus(log, 200);
    assert.equal(log.body[0].action, 'limit');
    assert.equal(log.body[0].text, '连续发布广告');
    assert.equal(log.body[0].moderator.id, mod.id);
    assert.equal(log.body[0].case_id, caseId);

    const restore = await api(server, 'POST', `/api/v1/admin/accounts/${spammer.id}/action`, {
      token: mod.token, json: { type: 'restore', reason: '申诉通过' },
    });
    expectStatus(restore, 200);
    assert.equal(restore.body.limited, false);
    assert.equal((await searchPosts(r1.token, '代购')).length, 1, 'back in search');
  });

  test('dismissing a report leaves the account alone; unlimit lifts a limit', async () => {
    const rep = await api(server, 'POST', '/api/v1/reports', { token: r1.token, json: { account_id: r2.id, category: 'harassment' } });
    expectStatus(rep, 200);
    const act = await api(server, 'POST', `/api/v1/admin/cases/${rep.body.case_id}/action`, {
      token: mod.token, json: { type: 'dismiss', reason: '正常讨论' },
    });
    expectStatus(act, 200);
    assert.equal(act.body.state, 'resolved');
    assert.equal(act.body.resolution, 'dismiss');
    assert.equal((await getAccount(server, r2.id)).limited, false);
    const notes = await api(server, 'GET', '/api/v1/notifications', { token: r2.token });
    assert.ok(!notes.body.some((n) => n.type === 'moderation_warning'), 'a dismissal is not news to the account');
    const log = await api(server, 'GET', '/api/v1/admin/log', { token: mod.token, query: { account_id: r2.id } });
    assert.equal(log.body[0].action, 'dismiss');

    const limit = await api(server, 'POST', `/api/v1/admin/accounts/${r2.id}/action`, { token: mod.token, json: { type: 'silence', text: '刷屏' } });
    expectStatus(limit, 200);
    assert.equal(limit.body.limited, true, "Mastodon's silence limits");
    const unlimit = await api(server, 'POST', `/api/v1/admin/accounts/${r2.id}/action`, { token: mod.token, json: { type: 'unlimit', reason: '已整改' } });
    expectStatus(unlimit, 200);
    assert.equal(unlimit.body.limited, false);
  });

  test('suspension by a moderator ends the sessions and is logged', async () => {
    const victim = await register(server, 'to_suspend');
    const res = await api(server, 'POST', `/api/v1/admin/accounts/${victim.id}/action`, {
      token: mod.token, json: { type: 'suspend', reason: '批量注册' },
    });
    expectStatus(res, 200);
    assert.equal(res.body.suspended, true);
    expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: victim.token }), 401, 'session ended');
    const log = await api(server, 'GET', '/api/v1/admin/log', { token: mod.token });
    assert.equal(log.body[0].action, 'suspend');
    assert.equal(log.body[0].target_account.id, victim.id);
  });
});

describe('the admin CLI beside a live server', () => {
  test('a role set by the CLI takes effect within seconds, though the server had the account cached', async () => {
    const helper = await register(server, 'new_helper');
    expectError(await api(server, 'GET', '/api/v1/admin/cases', { token: helper.token }), 403, 'a member first');
    await promisify(execFile)(binaryPath(), ['admin', 'set-role', '--data', server.dataDir,
      '--username', 'new_helper', '--role', 'moderator']);
    await eventually(async () => {
      expectStatus(await api(server, 'GET', '/api/v1/admin/cases', { token: helper.token }), 200, 'now a moderator');
    }, { timeoutMs: 5000 });
  });

  test('suspend and unsuspend by the CLI are moderation actions: logged, sessions ended, restored', async () => {
    const victim = await register(server, 'cli_suspended');
    const mod = await staff(server, 'cli_watcher', 'moderator');
    await promisify(execFile)(binaryPath(), ['admin', 'suspend', '--data', server.dataDir,
      '--username', 'cli_suspended', '--reason', '广告机器人']);
    await eventually(async () => {
      expectError(await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token: victim.token }), 401, 'session ended');
    }, { timeoutMs: 5000 });
    const log = await api(server, 'GET', `/api/v1/admin/log?account_id=${victim.id}`, { token: mod.token });
    expectStatus(log, 200);
    const entry = log.body.find((e) => e.target_account?.id === victim.id);
    assert.ok(entry, 'the suspension is in the moderation log');
    assert.equal(entry.action, 'suspend');
    assert.equal(entry.text, '广告机器人');
    assert.equal(entry.moderator, null, 'no moderator account: the operator');
    expectError(await api(server, 'GET', `/api/v1/accounts/${victim.id}`), 404, 'suspended: not found');
    await promisify(execFile)(binaryPath(), ['admin', 'unsuspend', '--data', server.dataDir,
      '--username', 'cli_suspended']);
    await eventually(async () => {
      expectStatus(await api(server, 'GET', `/api/v1/accounts/${victim.id}`), 200, 'restored');
    }, { timeoutMs: 5000 });
    const after = await api(server, 'GET', `/api/v1/admin/log?account_id=${victim.id}`, { token: mod.token });
    assert.ok(after.body.some((e) => e.action === 'restore' && e.target_account?.id === victim.id), 'the restore is logged');
  });

  test('issue-tokens --min-fans/--max-fans picks only members in that band, with working tokens', async () => {
    const star = await register(server, 'band_star');
    for (let i = 0; i < 3; i++) await follow(server, (await register(server, `band_fan_${i}`)).token, star.id);
    const out = join(server.dataDir, 'band-tokens.txt');
    await promisify(execFile)(binaryPath(), ['admin', 'issue-tokens', '--data', server.dataDir,
      '--count', '5', '--out', out, '--min-fans', '3', '--max-fans', '3']);
    const lines = readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines.length, 1, `only @band_star has 3 fans: ${lines}`);
    const [token, id] = lines[0].split(' ');
    assert.equal(id, String(star.id));
    const me = await api(server, 'GET', '/api/v1/accounts/verify_credentials', { token });
    expectStatus(me, 200);
    assert.equal(me.body.username, 'band_star');
    await assert.rejects(promisify(execFile)(binaryPath(), ['admin', 'issue-tokens', '--data',
      server.dataDir, '--count', '5', '--out', out, '--min-fans', 'many']), /take numbers/);
  });
});

describe('spam score at write time', () => {
  test('a bot repeating an ad with links is in the queue within its first posts; a person repeating 转发微博 is not', async () => {
    const mod = await staff(server, 'mod_spam', 'moderator');
    const bot = await register(server, 'deal_daily');
    const person = await register(server, 'just_a_fan');
    for (let i = 0; i < 6; i++) {
      await post(server, bot.token, `限时秒杀 全场一折 点击领取优惠券 http://t.cn/A${i}x @${person.username} 名额有限速来 第${i}波`);
      await post(server, person.token, '转发微博');
    }
    const list = await api(server, 'GET', '/api/v1/admin/cases', { token: mod.token, query: { kind: 'spam_bot' } });
    expectStatus(list, 200);
    const mine = list.body.filter((c) => [bot.id, person.id].includes(c.account.id));
    assert.deepEqual(mine.map((c) => c.account.id), [bot.id], 'only the bot has a case');
    const detail = await api(server, 'GET', `/api/v1/admin/cases/${mine[0].id}`, { token: mod.token });
    assert.match(detail.body.evidence.example, /限时秒杀/);
    assert.ok(detail.body.evidence.score >= 0.5);
    // Nothing was hidden: the bot's posts are all there until a moderator decides.
    const statuses = await api(server, 'GET', `/api/v1/accounts/${bot.id}/statuses`, { token: person.token });
    assert.equal(statuses.body.length, 6);
  });
});

describe('integrity scan', () => {
  test('a zombie farm becomes a case; its follows do not count as real; removing them lowers the fan count', async () => {
    const admin = await staff(server, 'root_admin', 'admin');
    // An ordinary community: people follow a few others and post.
    const people = [];
    for (let i = 0; i < 30; i++) people.push(await register(server, `person${i}`, { display_name: `普通用户${i}` }));
    for (let i = 0; i < people.length; i++) {
      for (const d of [1, 3, 7]) await follow(server, people[i].token, people[(i + d) % people.length].id);
      await post(server, people[i].token, `今天天气不错，出去走走 ${i}`);
    }
    // Three customers bought the same 40 fans, who do nothing else.
    const customers = people.slice(0, 3);
    const zombies = [];
    for (let i = 0; i < 40; i++) zombies.push(await register(server, `u${(7919 * (i + 11)) % 100000}x`));
    for (const z of zombies) for (const c of customers) await follow(server, z.token, c.id);
    const before = await getAccount(server, customers[0].id);
    assert.equal(before.followers_count, 43);
    assert.equal(before.real_followers_count, 43, 'before a scan every fan counts');

    const scan = await api(server, 'POST', '/api/v1/admin/integrity/scan', { token: admin.token });
    expectStatus(scan, 200, 'scan');
    assert.ok(scan.body.zombie >= 36, `zombies labelled: ${JSON.stringify(scan.body)}`);
    const afterScan = await getAccount(server, customers[0].id);
    assert.equal(afterScan.followers_count, 43, 'raw count unchanged');
    assert.ok(afterScan.real_followers_count <= 7, `real fans: ${afterScan.real_followers_count}`);
    const organic = await getAccount(server, people[10].id);
    assert.equal(organic.real_followers_count, organic.followers_count, 'organic accounts keep their fans');

    const list = await api(server, 'GET', '/api/v1/admin/cases', { token: admin.token, query: { kind: 'zombie_farm' } });
    expectStatus(list, 200);
    assert.equal(list.body.length, 1, 'one farm');
    const detail = await api(server, 'GET', `/api/v1/admin/cases/${list.body[0].id}`, { token: admin.token });
    const targetIds = detail.body.targets.map((a) => a.id).sort();
    assert.deepEqual(targetIds, customers.map((c) => c.id).sort(), 'the customers are the targets');
    assert.ok(detail.body.members.length >= 36);
    assert.equal(detail.body.evidence.customers, 3, 'the evidence names the block');
    assert.ok(detail.body.evidence.fans >= 36);
    assert.ok(detail.body.evidence.signals.inactive > 0.9, 'the fans never post');

    const act = await api(server, 'POST', `/api/v1/admin/cases/${list.body[0].id}/action`, {
      token: admin.token, json: { type: 'remove_follows', reason: '购买的僵尸粉' },
    });
    expectStatus(act, 200, 'remove_follows');
    const after = await getAccount(server, customers[0].id);
    assert.equal(after.followers_count, 43 - detail.body.members.length, 'raw fans drop by the block');
    assert.equal(after.real_followers_count, after.followers_count);
    const notes = await api(server, 'GET', '/api/v1/notifications', { token: customers[0].token });
    assert.ok(notes.body.some((n) => n.type === 'moderation_warning' && n.moderation_warning.action === 'remove_follows'));

    // A second scan does not reopen the resolved farm.
    expectStatus(await api(server, 'POST', '/api/v1/admin/integrity/scan', { token: admin.token }), 200);
    const again = await api(server, 'GET', '/api/v1/admin/cases', { token: admin.token, query: { kind: 'zombie_farm', state: 'open' } });
    assert.equal(again.body.length, 0);
  });
});
