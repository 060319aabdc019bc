// One post: the card, then tabs for its comments, its direct forwards and who liked it.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatTime, fullTime, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { richText } from '../lib/text.js';
import { usePaged } from '../lib/paged.js';
import { PostCard } from '../components/PostCard.js';
import { Comments } from '../components/Comments.js';
import { AccountList } from '../components/Accounts.js';
import { Avatar, Name, Spinner, ErrorNote, Tabs, Empty, LoadMore } from '../components/ui.js';
import { Icon } from '../components/icons.js';

function ForwardsList({ status }) {
  const paged = usePaged((q) => Api.forwards(status.id, q), [status.id], { endOnShort: true });
  if (!paged.loaded && paged.loading) return html`<${Spinner} />`;
  if (paged.error && !paged.loaded) return html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />`;
  if (!paged.items.length) return html`<${Empty} icon="forward">${t('status.noForwards')}<//>`;
  return html`<ul class="mini-list">
    ${paged.items.map((f) => html`<li key=${f.id} class="mini-item">
      <${Avatar} account=${f.account} size=${34} />
      <div class="mini-main">
        <p><${Name} account=${f.account} />${t('common.colon')}${f.forward?.comment ? richText(f.forward.comment, f.entities) : html`<span class="muted">${t('forward.noComment')}</span>`}</p>
        <${Link} href=${`/status/${f.id}`} class="muted-link small" title=${fullTime(f.created_at)}>${formatTime(f.created_at)}<//>
      </div>
    </li>`)}
    ${paged.done ? null : html`<li><${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} /></li>`}
  </ul>`;
}

export function StatusPage({ id, query }) {
  const [status, setStatus] = useState(null);
  const [error, setError] = useState(null);
  const tab = ['comments', 'forwards', 'likes'].includes(query.get('tab')) ? query.get('tab') : 'comments';
  const load = () => {
    setError(null);
    Api.status(id).then(setStatus, setError);
  };
  useEffect(() => { setStatus(null); load(); }, [id]);

  if (error) {
    return html`<div class="page"><${BackBar} />${error.code === 'not_found'
      ? html`<${Empty} icon="eye">${t('status.notFound')}<//>`
      : html`<${ErrorNote} error=${error} onRetry=${load} />`}</div>`;
  }
  if (!status) return html`<div class="page"><${BackBar} /><${Spinner} /></div>`;
  const tabs = [
    { id: 'comments', label: `${t('post.comments')} ${formatNumber(status.comments_count ?? 0)}`, href: `/status/${id}` },
    { id: 'forwards', label: `${t('post.forwards')} ${formatNumber(status.forwards_count ?? status.reblogs_count ?? 0)}`, href: `/status/${id}?tab=forwards` },
    { id: 'likes', label: `${t('post.likes')} ${formatNumber(status.favourites_count ?? 0)}`, href: `/status/${id}?tab=likes` },
  ];
  return html`<div class="page page-status">
    <${BackBar} title=${t('status.title')} />
    <${PostCard} status=${status} detail onChange=${setStatus} onDeleted=${() => navigate('/', { replace: true })} />
    <${RealCounts} status=${status} />
    <section class="card status-tabs">
      <${Tabs} items=${tabs} current=${tab} label=${t('status.tabs')} />
      ${tab === 'comments' ? html`<${Comments} status=${status} detail
        onCount=${(d) => setStatus((cur) => ({ ...cur, comments_count: Math.max(0, (cur.comments_count ?? 0) + d) }))} />` : null}
      ${tab === 'forwards' ? html`<${ForwardsList} status=${status} />` : null}
      ${tab === 'likes' ? html`<${AccountList} deps=${[id, 'likes']} fetchPage=${(q) => Api.likedBy(id, q)} empty=${t('status.noLikes')} />` : null}
    </section>
  </div>`;
}

// The honest counts beside the raw ones: forwards, comments and likes by credible accounts only.
function RealCounts({ status }) {
  const keys = [['forwards', 'real_forwards_count'], ['comments', 'real_comments_count'], ['likes', 'real_likes_count']];
  if (!keys.some(([, k]) => typeof status[k] === 'number')) return null;
  return html`<p class="card real-counts" title=${t('real.tooltip')}>
    <span class="real-counts-label">${t('real.interactions')}</span>
    ${keys.map(([name, k], i) => html`<span key=${k} class="real-counts-item" data-real=${name}>${i ? html`<span aria-hidden="true" class="muted"> · </span>` : null}${t(`post.${name}`)} <strong>${formatNumber(status[k] ?? 0)}</strong></span>`)}
    <span class="muted small real-counts-note">${t('real.tooltip')}</span>
  </p>`;
}

export function BackBar({ title }) {
  return html`<div class="back-bar">
    <button type="button" class="icon-btn" onClick=${() => (history.length > 1 ? history.back() : navigate('/'))} aria-label=${t('common.back')}><${Icon} name="back" /></button>
    ${title ? html`<h1 class="back-title">${title}</h1>` : null}
  </div>`;
}
