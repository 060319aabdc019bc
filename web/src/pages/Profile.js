// Profile: header, counts, tabs for posts / fans / following; follow, unfollow, message, block,
// mute, add to group; edit my own profile; moderation tools for moderators.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { store, useStore, set, isModerator } from '../lib/store.js';
import { Link, navigate } from '../lib/router.js';
import { displayName } from '../lib/text.js';
import { Feed } from '../components/Feed.js';
import { AccountList, FollowButton } from '../components/Accounts.js';
import { ModerationPanel } from '../components/Moderation.js';
import { ReportDialog } from '../components/ReportDialog.js';
import { Avatar, VBadge, Spinner, ErrorNote, Tabs, Empty, Modal, Confirm, toast } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { refreshLists } from '../App.js';

function GroupsDialog({ account, rel, onRel, onClose }) {
  const s = useStore();
  const [member, setMember] = useState(() => new Set(rel?.groups || []));
  const [busy, setBusy] = useState('');
  // Optimistic: the box changes at once and changes back if the server says no.
  const toggle = async (list) => {
    const on = !member.has(list.id);
    const next = new Set(member);
    if (on) next.add(list.id); else next.delete(list.id);
    setMember(next);
    setBusy(list.id);
    try {
      if (on) await Api.addToList(list.id, [account.id]);
      else await Api.removeFromList(list.id, [account.id]);
      onRel?.({ ...rel, groups: [...next] });
      toast(on ? t('groups.added', { name: displayName(account), group: list.title }) : t('groups.removed', { name: displayName(account), group: list.title }));
      refreshLists();
    } catch (err) {
      setMember((cur) => {
        const back = new Set(cur);
        if (on) back.delete(list.id); else back.add(list.id);
        return back;
      });
      toast.error(err, 'groups');
    } finally {
      setBusy('');
    }
  };
  return html`<${Modal} title=${t('groups.setFor', { name: displayName(account) })} onClose=${onClose}>
    ${!rel?.following ? html`<p class="dialog-text">${t('groups.mustFollow')}</p>`
      : s.lists.length ? html`<ul class="check-list">
        ${s.lists.map((l) => html`<li key=${l.id}><label class="check">
          <input type="checkbox" checked=${member.has(l.id)} disabled=${busy === l.id} onChange=${() => toggle(l)} /> ${l.title}
        </label></li>`)}
      </ul>` : html`<p class="dialog-text">${t('groups.none')}</p>`}
    <div class="dialog-actions">
      <${Link} href="/groups" class="btn" onClick=${onClose}>${t('groups.manage')}<//>
      <button type="button" class="btn btn-primary" onClick=${onClose}>${t('common.done')}</button>
    </div>
  <//>`;
}

function MoreMenu({ account, rel, onRel }) {
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState('');
  const ref = useRef(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e) => { if (!ref.current?.contains(e.target)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const act = async (action, msg) => {
    try {
      const r = await Api.relate(account.id, action);
      onRel(r);
      toast(t(msg, { name: displayName(account) }));
      if (action === 'block' && rel?.following) set({ me: { ...store.me, following_count: Math.max(0, store.me.following_count - 1) } });
    } catch (err) {
      toast.error(err);
    }
  };
  const item = (label, fn) => html`<button type="button" role="menuitem" class="menu-item" onClick=${() => { setOpen(false); fn(); }}>${label}</button>`;
  return html`<div class="menu" ref=${ref} onKeyDown=${(e) => { if (e.key === 'Escape') setOpen(false); }}>
    <button type="button" class="btn btn-icon" aria-haspopup="true" aria-expanded=${open ? 'true' : 'false'} aria-label=${t('profile.more')} onClick=${() => setOpen(!open)}><${Icon} name="more" /></button>
    ${open ? html`<div class="menu-pop menu-right" role="menu">
      ${rel?.blocking ? null : item(t('profile.setGroups'), () => setDialog('groups'))}
      ${rel?.muting ? item(t('profile.unmute'), () => act('unmute', 'profile.unmuted')) : item(t('profile.mute'), () => act('mute', 'profile.muted'))}
      ${rel?.blocking ? item(t('profile.unblock'), () => act('unblock', 'profile.unblocked')) : item(t('profile.block'), () => setDialog('block'))}
      ${item(t('report.account'), () => setDialog('report'))}
    </div>` : null}
    ${dialog === 'report' ? html`<${ReportDialog} account=${account} onClose=${() => setDialog('')} />` : null}
    ${dialog === 'groups' ? html`<${GroupsDialog} account=${account} rel=${rel} onRel=${onRel} onClose=${() => setDialog('')} />` : null}
    ${dialog === 'block' ? html`<${Confirm} title=${t('profile.blockTitle', { name: displayName(account) })} text=${t('profile.blockText')}
      confirmLabel=${t('profile.block')} onConfirm=${() => act('block', 'profile.blocked')} onClose=${() => setDialog('')} />` : null}
  </div>`;
}

// "粉丝 1.2万 · 真实 8千": fans from credible accounts only, beside the raw count.
export function realFans(account) {
  const real = account.real_followers_count;
  if (typeof real !== 'number' || !account.followers_count) return null;
  return html`<span class="real-count" title=${t('real.tooltip')}>
    <span aria-hidden="true"> · </span>${t('real.label')} <strong>${formatNumber(real)}</strong><span class="sr-only">${t('common.colon')}${t('real.tooltip')}</span>
  </span>`;
}

function Header({ account, rel, onRel, onAccount }) {
  const s = useStore();
  const mine = s.me && s.me.id === account.id;
  const v = account.verification?.type;
  const joined = new Date(account.created_at);
  const relTags = [];
  if (rel?.friends) relTags.push(t('relation.mutual'));
  else if (rel?.followed_by) relTags.push(t('relation.followsYou'));
  if (rel?.muting) relTags.push(t('relation.muted'));
  return html`<section class="card profile-head">
    <div class=${`profile-cover${v && v !== 'none' ? ` cover-${v}` : ''}`}></div>
    <div class="profile-body">
      <div class="profile-top">
        <${Avatar} account=${account} size=${88} link=${false} />
        <div class="profile-actions">
          ${mine || isModerator(s.me) ? html`<${Link} href=${`/analytics/accounts/${account.id}`} class="btn" data-action="account-analytics"><${Icon} name="chart" size=${16} /> ${t('profile.analytics')}<//>` : null}
          ${mine ? html`<${Link} href="/settings" class="btn"><${Icon} name="pen" size=${16} /> ${t('profile.edit')}<//>`
            : s.me ? html`
              <${FollowButton} account=${account} rel=${rel} onChange=${(r) => { onRel(r); onAccount((a) => ({ ...a, followers_count: Math.max(0, a.followers_count + (r.following ? 1 : 0) - (rel?.following ? 1 : 0)) })); }} />
              ${rel?.blocking ? null : html`<${Link} href=${`/messages/new?to=${account.id}`} class="btn"><${Icon} name="mail" size=${16} /> ${t('profile.message')}<//>`}
              <${MoreMenu} account=${account} rel=${rel} onRel=${onRel} />`
              : html`<${Link} href="/login" class="btn btn-primary">${t('relation.follow')}<//>`}
        </div>
      </div>
      <h1 class="profile-name">${displayName(account)} <${VBadge} account=${account} size=${20} /></h1>
      <p class="profile-handle">@${account.username}
        ${account.kind === 'enterprise' ? html`<span class="chip">${t('kind.enterprise')}</span>` : null}
        ${account.role && account.role !== 'member' ? html`<span class="chip">${t(`role.${account.role}`)}</span>` : null}
        ${relTags.map((x) => html`<span class="chip chip-soft">${x}</span>`)}
        ${account.suspended ? html`<span class="chip chip-danger">${t('mod.isSuspended')}</span>` : null}
        ${!account.suspended && account.limited && (mine || isModerator(s.me)) ? html`<span class="chip chip-warn">${t('mod.isLimitedChip')}</span>` : null}
      </p>
      ${v && v !== 'none' ? html`<p class=${`profile-verified verified-${v}`}>${v === 'institutional' ? t('verify.institutional') : t('verify.personal')}${account.verification.reason ? `${t('common.colon')}${account.verification.reason}` : ''}</p>` : null}
      <p class="profile-note">${account.note || html`<span class="muted">${t('profile.noNote')}</span>`}</p>
      <p class="profile-facts muted">
        ${account.location ? html`<span><${Icon} name="location" size=${14} /> ${account.location}</span>` : null}
        ${Number.isNaN(joined.getTime()) ? null : html`<span><${Icon} name="calendar" size=${14} /> ${t('profile.joined', { date: joined.toLocaleDateString(s.lang === 'zh' ? 'zh-CN' : 'en') })}</span>`}
      </p>
      <ul class="profile-counts">
        <li><${Link} href=${`/@${account.username}/following`}><strong>${formatNumber(account.following_count)}</strong> ${t('profile.following')}<//></li>
        <li><${Link} href=${`/@${account.username}/fans`}><strong>${formatNumber(account.followers_count)}</strong> ${t('profile.fans')}<//>${realFans(account)}</li>
        <li><${Link} href=${`/@${account.username}`}><strong>${formatNumber(account.statuses_count)}</strong> ${t('profile.posts')}<//></li>
      </ul>
      ${rel?.blocking ? html`<div class="notice" role="note">${t('profile.youBlocked', { name: displayName(account) })}</div>` : null}
      ${rel?.blocked_by ? html`<div class="notice" role="note">${t('profile.blockedYou')}</div>` : null}
    </div>
  </section>`;
}

export function Profile({ handle, tab }) {
  const s = useStore();
  const [account, setAccount] = useState(null);
  const [rel, setRel] = useState(null);
  const [error, setError] = useState(null);
  const current = tab === 'fans' || tab === 'following' ? tab : 'posts';
  const loads = useRef(0);
  // The account and my relation to it are shown together: a follow button drawn before the
  // relation arrived said "follow" for an account already followed, and a click on it could be
  // undone by the late answer.
  const load = async () => {
    const mine = ++loads.current;
    setError(null);
    try {
      const a = await Api.lookup(handle);
      let r = null;
      if (store.me && store.me.id !== a.id) r = (await Api.relationships([a.id]))?.[0] || null;
      if (mine !== loads.current) return;  // another handle was asked for meanwhile
      setAccount(a);
      setRel(r);
    } catch (err) {
      if (mine === loads.current) setError(err);
    }
  };
  useEffect(() => { setAccount(null); setRel(null); load(); }, [handle, s.me?.id]);
  useEffect(() => {
    if (s.me && account && s.me.id === account.id) setAccount((a) => ({ ...a, ...s.me }));
  }, [s.me]);

  if (error) {
    return html`<div class="page">${error.code === 'not_found'
      ? html`<${Empty} icon="user">${t('profile.notFound', { handle })}<//>`
      : html`<${ErrorNote} error=${error} onRetry=${load} />`}</div>`;
  }
  if (!account) return html`<div class="page"><${Spinner} /></div>`;
  const tabs = [
    { id: 'posts', label: t('profile.postsTab'), href: `/@${account.username}` },
    { id: 'fans', label: t('profile.fansTab'), href: `/@${account.username}/fans` },
    { id: 'following', label: t('profile.followingTab'), href: `/@${account.username}/following` },
  ];
  const mine = s.me && s.me.id === account.id;
  return html`<div class="page page-profile">
    <${Header} account=${account} rel=${rel} onRel=${setRel} onAccount=${setAccount} />
    <${ModerationPanel} account=${account} onChange=${(a) => setAccount((cur) => ({ ...cur, ...a }))} />
    <div class="card tabs-card"><${Tabs} items=${tabs} current=${current} label=${t('profile.tabs')} /></div>
    ${current === 'posts' ? html`<${Feed} key=${`posts-${account.id}`} deps=${[account.id]} label=${t('profile.postsTab')}
      fetchPage=${(q) => Api.accountStatuses(account.id, q)} acceptOwn=${mine ? () => true : null} empty=${t('profile.noPosts')} />` : null}
    ${current === 'fans' ? html`<section class="card list-card" aria-label=${t('profile.fansTab')}><${AccountList} key=${`fans-${account.id}`} deps=${[account.id, 'fans']}
      fetchPage=${(q) => Api.followers(account.id, q)} empty=${t('profile.noFans')} /></section>` : null}
    ${current === 'following' ? html`<section class="card list-card" aria-label=${t('profile.followingTab')}><${AccountList} key=${`following-${account.id}`} deps=${[account.id, 'following']}
      fetchPage=${(q) => Api.following(account.id, q)} empty=${t('profile.noFollowing')} /></section>` : null}
  </div>`;
}
