// The acceptance scenario, all through the UI in Chromium: two members sign up, follow, post in
// Chinese with a #话题# and an @mention, forward with comment twice (a chain), comment and reply,
// like, exchange private messages, read notifications, switch language and block.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, launchBrowser, newPage, go, signUpUI, postUI, screenshot, assertNoPageErrors, DESKTOP,
} from './harness.mjs';

let server;
let browser;
let alice; // page signed in as alice (爱丽丝)
let bob; // page signed in as bob (小波)
let original; // id of alice's post
const POST = '今天西湖的荷花开了 #杭州美食# @bob 一起去吗？';

before(async () => {
  server = await startServer();
  browser = await launchBrowser();
  alice = await newPage(browser, server, { viewport: DESKTOP });
  bob = await newPage(browser, server, { viewport: DESKTOP });
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function card(page, text) {
  return page.locator('article.post', { hasText: text }).first();
}

describe('two members, through the UI', () => {
  test('sign up two members', async () => {
    await signUpUI(alice, 'alice', '爱丽丝');
    await signUpUI(bob, 'bob', '小波');
    await assert.doesNotReject(alice.locator('.me-card', { hasText: '爱丽丝' }).waitFor());
    assert.equal(await bob.locator('.me-card .me-handle').textContent(), '@bob');
    assert.equal(await alice.locator('html').getAttribute('lang'), 'zh-CN');
    // The empty home timeline says how to fill it.
    await bob.locator('.empty', { hasText: '关注一些人' }).waitFor();
  });

  test('bob follows alice, alice follows back: friends', async () => {
    await go(bob, '/@alice');
    await bob.locator('h1.profile-name', { hasText: '爱丽丝' }).waitFor();
    await bob.getByRole('button', { name: '关注 爱丽丝', exact: true }).click();
    await bob.locator('.profile-actions .btn-following', { hasText: '已关注' }).waitFor();
    await bob.locator('.profile-counts', { hasText: '1 粉丝' }).waitFor();
    await bob.locator('.toast', { hasText: '已关注 爱丽丝' }).waitFor();

    await go(alice, '/@bob');
    await alice.locator('.chip', { hasText: '关注了你' }).waitFor();
    await alice.getByRole('button', { name: '关注 小波', exact: true }).click();
    await alice.locator('.profile-actions .btn-following', { hasText: '互相关注' }).waitFor();
    assertNoPageErrors(alice);
    assertNoPageErrors(bob);
  });

  test('a profile is shown with the relation: no "follow" button for a followed account, even when the relation comes late', async () => {
    await bob.route('**/api/v1/accounts/relationships*', async (route) => {
      await new Promise((resolve) => { setTimeout(resolve, 800); });
      await route.continue();
    });
    try {
      await go(bob, '/@alice');
      await bob.locator('h1.profile-name', { hasText: '爱丽丝' }).waitFor();
      assert.equal(await bob.getByRole('button', { name: '关注 爱丽丝', exact: true }).count(), 0);
      await bob.locator('.profile-actions .btn-following', { hasText: '互相关注' }).waitFor();
    } finally {
      await bob.unroute('**/api/v1/accounts/relationships*');
    }
    assertNoPageErrors(bob);
  });

  test('bob\'s home is open and waiting for new posts', async () => {
    await go(bob, '/');
    await bob.locator('.compose textarea').waitFor();
  });

  test('alice posts in Chinese with a #topic# and an @mention (autocomplete)', async () => {
    await go(alice, '/');
    const box = alice.locator('.compose textarea');
    await box.click();
    await box.pressSequentially('今天西湖的荷花开了 #杭州美食# @bo');
    // The @ autocomplete offers bob; Enter picks him.
    const option = alice.getByRole('option', { name: /小波/ });
    await option.waitFor();
    assert.equal(await box.getAttribute('aria-expanded'), 'true');
    await box.press('Enter');
    assert.equal(await box.inputValue(), '今天西湖的荷花开了 #杭州美食# @bob ');
    await box.pressSequentially('一起去吗？');
    assert.equal(await box.inputValue(), POST);
    // The topic and the mention are highlighted while typing.
    assert.equal(await alice.locator('.compose .rich-backdrop mark.hl-topic').textContent(), '#杭州美食#');
    assert.equal(await alice.locator('.compose .rich-backdrop mark.hl-mention').textContent(), '@bob');
    // Weibo counting: 17 CJK characters + 10 ASCII halves ... remaining of 140.
    const expected = 140 - Math.ceil([...POST].reduce((n, ch) => n + (ch.codePointAt(0) < 128 ? 1 : 2), 0) / 2);
    assert.equal((await alice.locator('.compose .counter').textContent()).trim(), `还可以输入 ${expected} 字`);
    await alice.locator('.compose button[type=submit]').click();

    const c = card(alice, '今天西湖的荷花开了');
    await c.waitFor();
    const topic = c.locator('.post-text a.ent-topic');
    assert.equal(await topic.textContent(), '#杭州美食#');
    assert.equal(await topic.getAttribute('href'), `/tags/${encodeURIComponent('杭州美食')}`);
    const mention = c.locator('.post-text a.ent-mention');
    assert.equal(await mention.textContent(), '@bob');
    assert.equal(await mention.getAttribute('href'), '/@bob');
    assert.equal(await alice.locator('.compose textarea').inputValue(), '', 'compose box cleared');
    original = await c.getAttribute('data-status-id');
    assert.match(original, /^\d+$/);
  });

  test('bob sees "1 new post" without reloading, and shows it', async () => {
    const banner = bob.locator('button.new-posts');
    await banner.waitFor({ timeout: 15_000 });
    assert.match(await banner.textContent(), /有 1 条新微博/);
    await banner.click();
    await card(bob, '今天西湖的荷花开了').waitFor();
    assert.equal(await bob.locator('button.new-posts').count(), 0);
  });

  test('bob forwards with a comment and "also comment"', async () => {
    const c = bob.locator(`article.post[data-status-id="${original}"]`);
    await c.getByRole('button', { name: /^转发/ }).click();
    const dialog = bob.getByRole('dialog', { name: '转发微博' });
    await dialog.waitFor();
    await dialog.locator('textarea').fill('荷花要趁早看');
    await dialog.getByLabel('同时评论给 爱丽丝').check();
    await dialog.getByRole('button', { name: '转发', exact: true }).click();
    await bob.locator('.toast', { hasText: '转发成功' }).waitFor();
    await dialog.waitFor({ state: 'detached' });
    // The forward is on top of bob's home; the original's forward count went up at once.
    const fwd = card(bob, '荷花要趁早看');
    await fwd.waitFor();
    await fwd.locator('.quote-root', { hasText: '今天西湖的荷花开了' }).waitFor();
    assert.match(await c.getByRole('button', { name: /^转发/ }).textContent(), /1/);
  });

  test('alice forwards bob\'s forward with her comment: a chain', async () => {
    await go(alice, '/');
    const bobs = card(alice, '荷花要趁早看');
    await bobs.waitFor();
    await bobs.getByRole('button', { name: /^转发/ }).click();
    const dialog = alice.getByRole('dialog', { name: '转发微博' });
    await dialog.locator('textarea').fill('说得对，一起去');
    await dialog.getByRole('button', { name: '转发', exact: true }).click();
    await alice.locator('.toast', { hasText: '转发成功' }).waitFor();

    // Nested quotes: alice's words, then //@小波: 荷花要趁早看, then the root inside it.
    const chain = card(alice, '说得对，一起去');
    await chain.waitFor();
    assert.equal((await chain.locator('.post-text').textContent()).trim(), '说得对，一起去');
    const hop = chain.locator('.quote-hop').first();
    assert.match(await hop.locator(':scope > .quote-text').textContent(), /\/\/@小波:\s*荷花要趁早看/);
    const root = hop.locator('.quote-root');
    assert.match(await root.textContent(), /@爱丽丝:\s*今天西湖的荷花开了 #杭州美食# @bob 一起去吗？/);
    assert.equal(await root.locator('a.ent-topic').textContent(), '#杭州美食#');
    await screenshot(alice, 'flow-forward-chain');
    assertNoPageErrors(alice);
  });

  test('bob comments on the post; alice replies to his comment', async () => {
    await go(bob, `/status/${original}`);
    await bob.locator('article.post-detail').waitFor();
    // "Also comment" from the forward is there already.
    await bob.locator('.comment', { hasText: '荷花要趁早看' }).waitFor();
    const box = bob.getByLabel('写评论');
    await box.fill('好啊，周六去');
    await bob.getByRole('button', { name: '评论', exact: true }).click();
    await bob.locator('.toast', { hasText: '评论成功' }).waitFor();
    await bob.locator('.comment', { hasText: '好啊，周六去' }).waitFor();
    assert.equal(await box.inputValue(), '');

    await go(alice, `/status/${original}`);
    const theirs = alice.locator('li.comment', { hasText: '好啊，周六去' });
    await theirs.getByRole('button', { name: '回复' }).click();
    const reply = alice.getByLabel('回复 小波');
    await reply.fill('那就周六早上七点');
    await theirs.locator('form button[type=submit]').click();
    await alice.locator('.toast', { hasText: '回复成功' }).waitFor();
    const r = alice.locator('.reply-group li.comment-reply', { hasText: '那就周六早上七点' });
    await r.waitFor();
    assert.match(await r.textContent(), /回复\s*@小波/);
    // After a reload the thread is the same (it came from the server).
    await alice.reload();
    await alice.locator('.reply-group li.comment-reply', { hasText: '那就周六早上七点' }).waitFor();
    assertNoPageErrors(alice);
    assertNoPageErrors(bob);
  });

  test('bob likes the post: the count changes at once and sticks', async () => {
    await go(bob, `/status/${original}`);
    const like = bob.locator('article.post-detail .post-actions button.like');
    assert.equal(await like.getAttribute('aria-pressed'), 'false');
    const liked = bob.waitForResponse((r) => r.request().method() === 'POST' && r.url().endsWith(`/api/v1/statuses/${original}/favourite`));
    await like.click();
    assert.equal(await like.getAttribute('aria-pressed'), 'true');
    assert.equal((await like.textContent()).trim(), '1');
    assert.ok((await liked).ok(), 'the like was stored');
    await bob.reload();
    const again = bob.locator('article.post-detail .post-actions button.like');
    await again.waitFor();
    assert.equal(await again.getAttribute('aria-pressed'), 'true');
    assert.equal((await again.textContent()).trim(), '1');
    // Alice sees bob among the likers.
    await go(alice, `/status/${original}?tab=likes`);
    await alice.locator('.account-row', { hasText: '小波' }).waitFor();
  });

  test('private messages: bob writes, alice sees the badge, reads and answers', async () => {
    await go(bob, '/@alice');
    await bob.locator('.profile-actions').getByRole('link', { name: '私信' }).click();
    const input = bob.getByLabel('私信内容');
    await input.fill('周六几点出发？');
    await input.press('Enter');
    await bob.waitForURL(/\/messages\/\d+$/);
    await bob.locator('.bubble-row.mine', { hasText: '周六几点出发？' }).waitFor();

    await go(alice, '/');
    const navMsg = alice.locator('.sidenav [data-nav=messages] .badge');
    await navMsg.waitFor({ timeout: 15_000 });
    assert.equal((await navMsg.textContent()).trim(), '1');
    await alice.locator('.sidenav [data-nav=messages]').click();
    const conv = alice.locator('a.conv', { hasText: '小波' });
    await conv.waitFor();
    assert.match(await conv.textContent(), /周六几点出发？/);
    await conv.click();
    await alice.locator('.bubble-row:not(.mine)', { hasText: '周六几点出发？' }).waitFor();
    await alice.getByLabel('私信内容').fill('七点，断桥见');
    await alice.getByRole('button', { name: '发送' }).click();
    await alice.locator('.bubble-row.mine', { hasText: '七点，断桥见' }).waitFor();
    await alice.locator('.sidenav [data-nav=messages] .badge').waitFor({ state: 'detached', timeout: 15_000 });

    // Bob's open conversation receives the answer by itself.
    await bob.locator('.bubble-row:not(.mine)', { hasText: '七点，断桥见' }).waitFor({ timeout: 15_000 });
  });

  test('notifications: what happened to alice, filtered by type, then read', async () => {
    await go(alice, '/');
    const navBadge = alice.locator('.sidenav [data-nav=notifications] .badge');
    await navBadge.waitFor({ timeout: 15_000 });
    assert.ok(Number(await navBadge.textContent()) >= 4);
    await alice.locator('.sidenav [data-nav=notifications]').click();
    await alice.waitForURL(/\/notifications$/);
    const list = alice.locator('.notif-list');
    await list.locator('li.notif').first().waitFor();
    const item = (type, text) => list.locator(`li.notif[data-type=${type}]`, { hasText: text }).first();
    await item('follow', '小波 关注了你').waitFor();
    await item('reblog', '转发了你的微博').waitFor();
    await item('comment', '好啊，周六去').waitFor();
    await item('favourite', '赞了你的微博').waitFor();
    await item('message', '周六几点出发？').waitFor();
    assert.ok(await list.locator('li.notif.unread').count() >= 4, 'new ones are marked unread');
    // The per-type tabs carry unread badges; the comment tab shows comments only.
    const commentTab = alice.getByRole('navigation', { name: '消息类型' }).getByRole('link', { name: /^评论/ });
    await commentTab.locator('.badge').waitFor();
    assert.match(await commentTab.textContent(), /评论\s*\d+/);
    await screenshot(alice, 'flow-notifications');
    await commentTab.click();
    await alice.waitForURL(/\/notifications\/comment$/);
    // The list is reloaded for the type in an effect: wait until it holds comments only.
    const onlyComments = await alice.waitForFunction(() => {
      const items = [...document.querySelectorAll('.notif-list li.notif')];
      return items.length > 0 && items.every((x) => x.dataset.type === 'comment');
    }, null, { timeout: 10000 }).then(() => true, () => false);
    assert.ok(onlyComments, 'the comment tab shows comments only');
    // Viewing the list marked them read: the nav badge is gone.
    await alice.locator('.sidenav [data-nav=notifications] .badge').waitFor({ state: 'detached' });
    assertNoPageErrors(alice);
  });

  test('switch language: English everywhere, remembered after a reload, and back', async () => {
    await go(alice, '/');
    await alice.getByRole('group', { name: '语言' }).getByRole('button', { name: 'English' }).click();
    await alice.locator('.sidenav [data-nav=home]', { hasText: 'Home' }).waitFor();
    assert.equal(await alice.locator('.compose-title').textContent(), "What's happening?");
    assert.equal(await alice.locator('html').getAttribute('lang'), 'en');
    await alice.reload();
    await alice.locator('.sidenav [data-nav=notifications]', { hasText: 'Notifications' }).waitFor();
    const chain = card(alice, '说得对，一起去');
    await chain.getByRole('button', { name: /^Forward/ }).waitFor();
    assert.equal(await alice.evaluate(() => localStorage.getItem('cw.lang')), 'en');
    await alice.getByRole('group', { name: 'Language' }).getByRole('button', { name: '中文' }).click();
    await alice.locator('.sidenav [data-nav=home]', { hasText: '首页' }).waitFor();
  });

  test('alice blocks bob: follows end, and bob gets readable errors', async () => {
    await go(alice, '/@bob');
    await alice.getByRole('button', { name: '更多', exact: true }).click();
    await alice.getByRole('menuitem', { name: '拉黑', exact: true }).click();
    const confirm = alice.getByRole('dialog', { name: '拉黑 小波？' });
    await confirm.getByRole('button', { name: '拉黑', exact: true }).click();
    await alice.locator('.notice', { hasText: '你已拉黑 小波。' }).waitFor();
    assert.equal(await alice.locator('.profile-actions .btn-following').count(), 0, 'no longer following');
    await alice.locator('.toast', { hasText: '已拉黑 小波' }).waitFor();

    // Bob can no longer follow alice; the refusal is a sentence in his language.
    await go(bob, '/@alice');
    await bob.locator('h1.profile-name').waitFor();
    await bob.getByRole('button', { name: '关注 爱丽丝', exact: true }).click();
    await bob.locator('.toast-error', { hasText: '由于对方的设置，你不能关注 TA。' }).waitFor();
    // And cannot message her.
    await go(bob, '/messages');
    await bob.locator('a.conv', { hasText: '爱丽丝' }).click();
    await bob.getByLabel('私信内容').fill('还在吗？');
    await bob.getByRole('button', { name: '发送' }).click();
    await bob.locator('.error-note', { hasText: /权限|不能/ }).waitFor();
    // Alice can lift the block.
    await alice.getByRole('button', { name: '更多', exact: true }).click();
    await alice.getByRole('menuitem', { name: '取消拉黑' }).click();
    await alice.locator('.notice').waitFor({ state: 'detached' });
    assertNoPageErrors(alice);
    assertNoPageErrors(bob);
  });
});
