// Notifications with type filters and unread badges.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatTime, fullTime } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { emit, set, store } from '../lib/store.js';
import { Link } from '../lib/router.js';
import { richText, displayName } from '../lib/text.js';
import { usePaged } from '../lib/paged.js';
import { Avatar, Name, Spinner, Empty, ErrorNote, LoadMore, Tabs } from '../components/ui.js';
import { Icon } from '../components/icons.js';

export const TYPES = ['mention', 'comment', 'reply', 'reblog', 'favourite', 'follow', 'message'];
const ICON = { mention: 'at', comment: 'comment', reply: 'reply', reblog: 'forward', favourite: 'like', follow: 'user', message: 'mail', moderation_warning: 'shield' };

function snippet(status) {
  if (!status) return null;
  if (status.deleted) return html`<span class="muted">${t('post.isDeleted')}</span>`;
  const text = status.forward ? (status.forward.comment || t('forward.noComment')) : status.text;
  return html`<${Link} href=${`/status/${status.id}`} class="notif-quote">${text}<//>`;
}

function phrase(n) {
  switch (n.type) {
    case 'favourite': return n.comment ? t('notif.favouriteComment') : t('notif.favourite');
    case 'reblog': return t('notif.reblog');
    case 'mention': return n.comment ? t('notif.mentionComment') : t('notif.mention');
    default: return t(`notif.${n.type}`);
  }
}

// From the system, not a person: a moderator acted on my account (the moderator stays anonymous).
function ModerationWarning({ n }) {
  const w = n.moderation_warning || {};
  return html`<li class=${`notif notif-system${n.read ? '' : ' unread'}`} data-type=${n.type}>
    <span class="notif-system-icon" aria-hidden="true"><${Icon} name="shield" size=${22} /></span>
    <div class="notif-main">
      <p class="notif-head"><strong>${t('notif.system')}</strong>
        ${n.read ? null : html`<span class="dot" aria-label=${t('notif.unread')}></span>`}</p>
      <p class="notif-text mod-warning">${t('notif.moderation', { action: t(`modAction.${w.action}`) })}${w.text ? html`<span class="mod-warning-reason"> — ${t('notif.moderationReason')}${w.text}</span>` : null}</p>
      ${w.details ? html`<p class="muted small">${w.details}</p>` : null}
      <time class="notif-time" datetime=${n.created_at} title=${fullTime(n.created_at)}>${formatTime(n.created_at)}</time>
    </div>
  </li>`;
}

function NotificationItem({ n }) {
  if (n.type === 'moderation_warning') return html`<${ModerationWarning} n=${n} />`;
  const body = (() => {
    switch (n.type) {
      case 'comment':
      case 'reply':
        return html`${n.comment ? html`<p class="notif-text">${richText(n.comment.text, n.comment.entities)}</p>` : null}${snippet(n.status)}`;
      case 'mention':
        if (n.comment) return html`<p class="notif-text">${richText(n.comment.text, n.comment.entities)}</p>${snippet(n.status)}`;
        return html`${n.status ? html`<p class="notif-text">${richText(n.status.text, n.status.forward ? undefined : n.status.entities)}</p>` : null}
          ${n.status ? html`<${Link} href=${`/status/${n.status.id}`} class="small-link">${t('notif.view')}<//>` : null}`;
      case 'reblog':
        return html`${n.status?.forward?.comment ? html`<p class="notif-text">${richText(n.status.forward.comment, n.status.entities)}</p>` : null}
          ${n.status?.forward?.root ? snippet(n.status.forward.root) : snippet(n.status)}`;
      case 'favourite':
        return n.comment ? html`<span class="notif-quote">${n.comment.text}</span>` : snippet(n.status);
      case 'message':
        return n.message ? html`<${Link} href=${`/messages/${n.message.conversation_id}`} class="notif-quote">${n.message.text}<//>` : null;
      default:
        return null;
    }
  })();
  return html`<li class=${`notif${n.read ? '' : ' unread'}`} data-type=${n.type}>
    <span class=${`notif-icon notif-${n.type}`}><${Icon} name=${ICON[n.type] || 'bell'} size=${16} /></span>
    <${Avatar} account=${n.account} size=${40} />
    <div class="notif-main">
      <p class="notif-head"><${Name} account=${n.account} /> <span class="notif-phrase">${phrase(n)}</span>
        ${n.read ? null : html`<span class="dot" aria-label=${t('notif.unread')}></span>`}</p>
      ${body}
      <time class="notif-time" datetime=${n.created_at} title=${fullTime(n.created_at)}>${formatTime(n.created_at)}</time>
    </div>
  </li>`;
}

export function Notifications({ type }) {
  const current = TYPES.includes(type) ? type : 'all';
  const [counts, setCounts] = useState(null);
  const paged = usePaged((q) => Api.notifications({ ...q, 'types[]': current === 'all' ? undefined : [current] }), [current], { endOnShort: true });

  // Per-type unread counts, fetched once when the page opens (before anything is marked read).
  useEffect(() => {
    let stop = false;
    Promise.all(TYPES.map((ty) => Api.unreadNotifications([ty]).then((r) => [ty, r?.count ?? 0]).catch(() => [ty, 0])))
      .then((pairs) => { if (!stop) setCounts(Object.fromEntries(pairs)); });
    // (The list is marked read only after this, so the badges show what was new.)
    return () => { stop = true; };
  }, []);

  // Seeing the full list marks everything up to its newest item read (the API marks by max_id,
  // across types); seeing a type tab clears that tab's badge here.
  useEffect(() => {
    if (!counts) return;
    if (current !== 'all') { if (counts[current]) setCounts((c) => ({ ...c, [current]: 0 })); return; }
    if (!paged.loaded || !paged.items.length || !paged.items.some((n) => !n.read)) return;
    Api.markNotificationsRead(paged.items[0].id).then(() => {
      set({ unread: { ...store.unread, notifications: 0 } });
      emit('unread:changed');
    }).catch(() => {});
  }, [paged.loaded, current, !!counts]);

  const tabs = [{ id: 'all', label: t('notif.all'), href: '/notifications' },
    ...TYPES.map((ty) => ({ id: ty, label: t(`notif.tab.${ty}`), href: `/notifications/${ty}`, badge: counts?.[ty] || 0 }))];
  return html`<div class="page page-notifications">
    <header class="page-head"><h1>${t('notif.title')}</h1></header>
    <div class="card tabs-card"><${Tabs} items=${tabs} current=${current} label=${t('notif.filter')} class="notif-tabs" /></div>
    <section class="card list-card" aria-label=${t('notif.title')}>
      ${!paged.loaded && paged.loading ? html`<${Spinner} />` : null}
      ${paged.error && !paged.loaded ? html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />` : null}
      ${paged.loaded && !paged.items.length ? html`<${Empty} icon="bell">${t('notif.empty')}<//>` : null}
      <ul class="notif-list">${paged.items.map((n) => html`<${NotificationItem} key=${n.id} n=${n} />`)}</ul>
      ${paged.loaded && paged.items.length && !paged.done ? html`<${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} error=${paged.error} />` : null}
    </section>
  </div>`;
}

export { displayName };
