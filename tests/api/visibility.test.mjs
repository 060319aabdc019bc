// Audience control: public / fans / friends / group / only_me, forwarding rules, followee groups
// (Mastodon lists) and their timelines and limits.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  startServer, api, register, post, follow, expectStatus, expectError, show, eventually, ids,
} from './harness.mjs';

let server;
before(async () => { server = await startServer(); });
after(async () => { await server?.close(); });

describe('visibility', () => {
  // author; fan follows author; friend is mutual; member is a followee of the author in the
  // author's group (member does not follow back); stranger has no relation.
  let author; let fan; let friend; let member; let stranger;
  let group;
  const posts = {};

  test('set up accounts, relations and a group', async () => {
    author = await register(server, 'vis_author');
    fan = await register(server, 'vis_fan');
    friend = await register(server, 'vis_friend');
    member = await register(server, 'vis_member');
    stranger = await register(server, 'vis_stranger');
    await follow(server, fan.token, author.id);
    await follow(server, friend.token, author.id);
    await follow(server, author.token, friend.id);
    await follow(server, author.token, member.id);

    const g = await api(server, 'POST', '/api/v1/lists', { token: author.token, json: { title: '密友' } });
    expectStatus(g, 200, 'create list');
    group = g.body;
    assert.match(group.id, /^\d+$/);
    assert.equal(group.title, '密友');
    assert.equal(group.replies_policy, 'list');
    assert.equal(group.members_count, 0);

    // Members must be followees.
    const notFollowee = await api(server, 'POST', `/api/v1/lists/${group.id}/accounts`, {
      token: author.token, json: { account_ids: [fan.id] },
    });
    expectError(notFollowee, 422, 'adding a non-followee to a group');
    const add = await api(server, 'POST', `/api/v1/lists/${group.id}/accounts`, {
      token: author.token, json: { account_ids: [member.id] },
    });
    expectStatus(add, 200, 'add member');
    assert.deepEqual(add.body, {});
    const members = await api(server, 'GET', `/api/v1/lists/${group.id}/accounts`, { token: author.token });
    expectStatus(members, 200);
    assert.deepEqual(ids(members.body), [member.id]);
    const g2 = await api(server, 'GET', `/api/v1/lists/${group.id}`, { token: author.token });
    expectStatus(g2, 200);
    assert.equal(g2.body.members_count, 1);

    const rel = await api(server, 'GET', '/api/v1/accounts/relationships', { token: author.token, query: { 'id[]': [member.id] } });
    expectStatus(rel, 200);
    assert.deepEqual(rel.body[0].groups, [group.id], 'relationship lists the groups the account is in');
  });

  test('post with each audience', async () => {
    posts.public = await post(server, author.token, '公开 public');
    posts.fans = await post(server, author.token, '粉丝可见 fans', { visibility: 'fans' });
    posts.friends = await post(server, author.token, '好友圈 friends', { visibility: 'friends' });
    posts.group = await post(server, author.token, '分组可见 group', { visibility: 'group', group_id: group.id });
    posts.only_me = await post(server, author.token, '仅自己可见 only_me', { visibility: 'only_me' });
    const expect = {
      public: ['public', 'public'], fans: ['private', 'fans'], friends: ['private', 'friends'],
      group: ['private', 'group'], only_me: ['direct', 'only_me'],
    };
    for (const [k, [vis, aud]] of Object.entries(expect)) {
      assert.equal(posts[k].visibility, vis, `${k}: visibility`);
      assert.equal(posts[k].audience, aud, `${k}: audience`);
    }
    assert.equal(posts.group.group_id, group.id);
    assert.equal(posts.public.group_id, null);

    expectError(await api(server, 'POST', '/api/v1/statuses', { token: author.token, json: { status: 'x', visibility: 'secret' } }), 422, 'unknown visibility');
    expectError(await api(server, 'POST', '/api/v1/statuses', { token: author.token, json: { status: 'x', visibility: 'group' } }), 422, 'group without group_id');
    const otherList = await api(server, 'POST', '/api/v1/lists', { token: fan.token, json: { title: 'fan list' } });
    expectStatus(otherList, 200);
    expectError(await api(server, 'POST', '/api/v1/statuses', {
      token: author.token, json: { status: 'x', visibility: 'group', group_id: otherList.body.id },
    }), [404, 422], "group post to someone else's group");
  });

  test('who sees what (GET /api/v1/statuses/:id)', async () => {
    const viewers = { author, fan, friend, member, stranger, anonymous: { token: undefined } };
    const sees = {
      public: ['author', 'fan', 'friend', 'member', 'stranger', 'anonymous'],
      fans: ['author', 'fan', 'friend'],
      friends: ['author', 'friend'],
      group: ['author', 'member'],
      only_me: ['author'],
    };
    const failures = [];
    for (const [kind, allowed] of Object.entries(sees)) {
      for (const [name, v] of Object.entries(viewers)) {
        const res = await api(server, 'GET', `/api/v1/statuses/${posts[kind].id}`, { token: v.token });
        const want = allowed.includes(name) ? 200 : 404;
        if (res.status !== want) failures.push(`${kind} post seen by ${name}: expected ${want}, got ${show(res)}`);
        else if (want === 200) assert.equal(res.body.id, posts[kind].id);
        else assert.equal(res.body.code, 'not_found');
      }
    }
    assert.deepEqual(failures, []);
  });

  test('timelines apply the same policy', async () => {
    const expectTimeline = {
      author: ['public', 'fans', 'friends', 'group', 'only_me'],
      fan: ['public', 'fans'],
      friend: ['public', 'fans', 'friends'],
      member: ['public', 'group'],
      stranger: ['public'],
    };
    for (const [name, kinds] of Object.entries(expectTimeline)) {
      const v = { author, fan, friend, member, stranger }[name];
      const r = await api(server, 'GET', `/api/v1/accounts/${author.id}/statuses?limit=40`, { token: v.token });
      expectStatus(r, 200);
      assert.deepEqual(ids(r.body), kinds.map((k) => posts[k].id).reverse(), `user timeline seen by ${name}`);
    }
    const anon = await api(server, 'GET', `/api/v1/accounts/${author.id}/statuses`);
    expectStatus(anon, 200);
    assert.deepEqual(ids(anon.body), [posts.public.id], 'user timeline seen anonymously');

    const pub = await api(server, 'GET', '/api/v1/timelines/public?limit=40');
    expectStatus(pub, 200);
    const mine = pub.body.filter((s) => s.account.id === author.id);
    assert.deepEqual(ids(mine), [posts.public.id], 'public timeline has only public posts');

    await eventually(async () => {
      const home = await api(server, 'GET', '/api/v1/timelines/home?limit=40', { token: fan.token });
      expectStatus(home, 200);
      assert.deepEqual(ids(home.body.filter((s) => s.account.id === author.id)), [posts.fans.id, posts.public.id], 'fan home timeline');
    });
    await eventually(async () => {
      const home = await api(server, 'GET', '/api/v1/timelines/home?limit=40', { token: friend.token });
      expectStatus(home, 200);
      assert.deepEqual(ids(home.body.filter((s) => s.account.id === author.id)),
        [posts.friends.id, posts.fans.id, posts.public.id], 'friend home timeline');
    });
    await eventually(async () => {
      const home = await api(server, 'GET', '/api/v1/timelines/home?limit=40', { token: author.token });
      expectStatus(home, 200);
      assert.deepEqual(ids(home.body.filter((s) => s.account.id === author.id)),
        ['only_me', 'group', 'friends', 'fans', 'public'].map((k) => posts[k].id), 'author home timeline');
    });
  });

  test('no mention notification for a post the mentioned account may not see', async () => {
    const hiddenFans = await post(server, author.token, '@vis_stranger 粉丝才能看到', { visibility: 'fans' });
    const hiddenMe = await post(server, author.token, '@vis_stranger 只有我', { visibility: 'only_me' });
    const seen = await post(server, author.token, '@vis_stranger 公开的提及');
    const list = await eventually(async () => {
      const r = await api(server, 'GET', '/api/v1/notifications', { token: stranger.token });
      expectStatus(r, 200);
      assert.ok(r.body.some((n) => n.type === 'mention' && n.status?.id === seen.id), 'public mention arrived');
      return r.body;
    });
    const leaked = list.filter((n) => [hiddenFans.id, hiddenMe.id].includes(n.status?.id));
    assert.deepEqual(leaked, [], 'mention notifications leak posts the account cannot see');
  });

  test('comments and likes on posts one cannot see → 404', async () => {
    for (const kind of ['fans', 'friends', 'group', 'only_me']) {
      expectError(await api(server, 'POST', `/api/v1/statuses/${posts[kind].id}/comments`, { token: stranger.token, json: { text: 'hi' } }), 404, `stranger comments on ${kind}`);
      expectError(await api(server, 'POST', `/api/v1/statuses/${posts[kind].id}/favourite`, { token: stranger.token }), 404, `stranger likes ${kind}`);
      expectError(await api(server, 'GET', `/api/v1/statuses/${posts[kind].id}/comments`, { token: stranger.token }), 404, `stranger lists comments of ${kind}`);
    }
    const ok = await api(server, 'POST', `/api/v1/statuses/${posts.friends.id}/comments`, { token: friend.token, json: { text: '好友评论' } });
    expectStatus(ok, 200, 'friend comments on friends post');
  });

  test('forwarding rules', async () => {
    expectError(await api(server, 'POST', `/api/v1/statuses/${posts.friends.id}/reblog`, { token: friend.token, json: { status: 'x' } }), 422, 'friend forwards friends post');
    expectError(await api(server, 'POST', `/api/v1/statuses/${posts.friends.id}/reblog`, { token: author.token, json: { status: 'x' } }), 422, 'author forwards own friends post');
    expectError(await api(server, 'POST', `/api/v1/statuses/${posts.only_me.id}/reblog`, { token: author.token, json: { status: 'x' } }), 422, 'author forwards own only_me post');
    expectError(await api(server, 'POST', `/api/v1/statuses/${posts.group.id}/reblog`, { token: member.token, json: { status: 'x' } }), 422, 'member forwards group post');
    // A post you cannot see: 404, not 422.
    for (const kind of ['fans', 'friends', 'group', 'only_me']) {
      expectError(await api(server, 'POST', `/api/v1/statuses/${posts[kind].id}/reblog`, { token: stranger.token, json: { status: 'x' } }), 404, `stranger forwards ${kind}`);
    }
    expectError(await api(server, 'POST', `/api/v1/statuses/${posts.only_me.id}/reblog`, { token: friend.token, json: { status: 'x' } }), 404, 'friend forwards only_me');

    // A fans post may be forwarded by a fan; viewers who may not see the root see it hidden.
    const fwd = await api(server, 'POST', `/api/v1/statuses/${posts.fans.id}/reblog`, { token: fan.token, json: { status: '转给大家' } });
    expectStatus(fwd, 200, 'fan forwards fans post');
    assert.equal(fwd.body.forward.root?.id, posts.fans.id, 'the forwarder sees the root');
    const bySt = await api(server, 'GET', `/api/v1/statuses/${fwd.body.id}`, { token: stranger.token });
    expectStatus(bySt, 200, 'stranger reads the public forward');
    assert.equal(bySt.body.forward.root, null, 'hidden root is null');
    assert.equal(bySt.body.forward.root_deleted, true, 'hidden root looks deleted');
    assert.ok(!JSON.stringify(bySt.body).includes('粉丝可见'), `the hidden root's text leaks: ${show(bySt)}`);

    // The forward's own visibility.
    const own = await api(server, 'POST', `/api/v1/statuses/${posts.public.id}/reblog`, { token: fan.token, json: { status: '自己看', visibility: 'only_me' } });
    expectStatus(own, 200, 'only_me forward');
    assert.equal(own.body.audience, 'only_me');
    expectError(await api(server, 'GET', `/api/v1/statuses/${own.body.id}`, { token: stranger.token }), 404, 'only_me forward seen by stranger');
    expectError(await api(server, 'POST', `/api/v1/statuses/${posts.public.id}/reblog`, { token: fan.token, json: { visibility: 'nonsense' } }), 422, 'forward with unknown visibility');
  });

  test('comment_policy decides who may comment (403 otherwise)', async () => {
    const cases = {
      everyone: ['author', 'fan', 'friend', 'stranger'],
      fans: ['author', 'fan', 'friend'],
      friends: ['author', 'friend'],
      nobody: ['author'],
    };
    const failures = [];
    for (const [policy, allowed] of Object.entries(cases)) {
      const p = await post(server, author.token, `评论权限 ${policy}`, { comment_policy: policy });
      assert.equal(p.comment_policy, policy);
      for (const [name, v] of Object.entries({ author, fan, friend, stranger })) {
        if (name === 'author' && policy === 'nobody') continue; // the author's own case is not specified
        const r = await api(server, 'POST', `/api/v1/statuses/${p.id}/comments`, { token: v.token, json: { text: `${name} 来评论` } });
        const want = allowed.includes(name) ? 200 : 403;
        if (r.status !== want) failures.push(`comment_policy=${policy}, ${name}: expected ${want}, got ${show(r)}`);
        else if (want === 403) assert.equal(r.body.code, 'permission_denied');
      }
    }
    assert.deepEqual(failures, []);
    // The account default applies when the post does not say.
    const up = await api(server, 'PATCH', '/api/v1/accounts/update_credentials', { token: author.token, json: { comment_policy: 'friends' } });
    expectStatus(up, 200);
    const p = await post(server, author.token, '默认评论权限');
    assert.equal(p.comment_policy, 'friends');
    expectError(await api(server, 'POST', `/api/v1/statuses/${p.id}/comments`, { token: fan.token, json: { text: 'x' } }), 403, 'fan under account default friends');
    expectStatus(await api(server, 'PATCH', '/api/v1/accounts/update_credentials', { token: author.token, json: { comment_policy: 'everyone' } }), 200);
  });

  test('group timeline via lists', async () => {
    const other = await register(server, 'vis_other');
    await follow(server, author.token, other.id);
    const mp = await post(server, member.token, '成员的帖子');
    await post(server, other.token, '非成员的帖子');
    const mp2 = await post(server, member.token, '成员的第二条');
    await eventually(async () => {
      const tl = await api(server, 'GET', `/api/v1/timelines/list/${group.id}`, { token: author.token });
      expectStatus(tl, 200);
      assert.deepEqual(ids(tl.body), [mp2.id, mp.id], 'group timeline = members\' posts, newest first');
    });
    expectError(await api(server, 'GET', `/api/v1/timelines/list/${group.id}`, { token: fan.token }), 404, "someone else's group timeline");
    expectError(await api(server, 'GET', `/api/v1/timelines/list/${group.id}`), 401, 'group timeline without auth');
    expectError(await api(server, 'GET', `/api/v1/lists/${group.id}`, { token: fan.token }), 404, "someone else's list");

    const rn = await api(server, 'PUT', `/api/v1/lists/${group.id}`, { token: author.token, json: { title: '挚友' } });
    expectStatus(rn, 200);
    assert.equal(rn.body.title, '挚友');
    const all = await api(server, 'GET', '/api/v1/lists', { token: author.token });
    expectStatus(all, 200);
    assert.deepEqual(all.body.map((l) => [l.id, l.title]), [[group.id, '挚友']]);

    // Remove the member: the timeline no longer shows them.
    const rm = await api(server, 'DELETE', `/api/v1/lists/${group.id}/accounts`, { token: author.token, json: { account_ids: [member.id] } });
    expectStatus(rm, 200);
    const members = await api(server, 'GET', `/api/v1/lists/${group.id}/accounts`, { token: author.token });
    assert.deepEqual(members.body, []);
  });

  test('list limits: 20 groups per account', async () => {
    const owner = await register(server, 'list_owner');
    const made = [];
    for (let i = 0; i < 20; i++) {
      const r = await api(server, 'POST', '/api/v1/lists', { token: owner.token, json: { title: `组${i}` } });
      expectStatus(r, 200, `list #${i + 1}`);
      made.push(r.body.id);
    }
    expectError(await api(server, 'POST', '/api/v1/lists', { token: owner.token, json: { title: '第21组' } }), 422, '21st list');
    expectError(await api(server, 'POST', '/api/v1/lists', { token: author.token, json: { title: '' } }), 422, 'empty list title');
    const del = await api(server, 'DELETE', `/api/v1/lists/${made[0]}`, { token: owner.token });
    expectStatus(del, 200);
    assert.deepEqual(del.body, {});
    expectError(await api(server, 'GET', `/api/v1/lists/${made[0]}`, { token: owner.token }), 404, 'deleted list');
    expectStatus(await api(server, 'POST', '/api/v1/lists', { token: owner.token, json: { title: '补上' } }), 200, 'a list after deleting one');
  });

  test('list limits: 200 members per group', async () => {
    const owner = await register(server, 'big_owner');
    const list = await api(server, 'POST', '/api/v1/lists', { token: owner.token, json: { title: 'big' } });
    expectStatus(list, 200);
    const accounts = [];
    for (let i = 0; i < 201; i += 20) {
      const batch = await Promise.all(Array.from({ length: Math.min(20, 201 - i) }, (_, k) => register(server, `m${i + k}_x`)));
      accounts.push(...batch);
    }
    for (let i = 0; i < accounts.length; i += 20) {
      await Promise.all(accounts.slice(i, i + 20).map((a) => follow(server, owner.token, a.id)));
    }
    const first = accounts.slice(0, 200).map((a) => a.id);
    for (let i = 0; i < 200; i += 50) {
      const r = await api(server, 'POST', `/api/v1/lists/${list.body.id}/accounts`, { token: owner.token, json: { account_ids: first.slice(i, i + 50) } });
      expectStatus(r, 200, `add members ${i}..${i + 49}`);
    }
    const g = await api(server, 'GET', `/api/v1/lists/${list.body.id}`, { token: owner.token });
    assert.equal(g.body.members_count, 200);
    const over = await api(server, 'POST', `/api/v1/lists/${list.body.id}/accounts`, { token: owner.token, json: { account_ids: [accounts[200].id] } });
    expectError(over, 422, '201st member');
    const g2 = await api(server, 'GET', `/api/v1/lists/${list.body.id}`, { token: owner.token });
    assert.equal(g2.body.members_count, 200);
  });
});
