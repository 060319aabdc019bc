// A post card: author with V badge, text with links from entities (escaped, never HTML), the
// forward chain as nested quotes down to the root, counts, and like / forward / comment actions
// with optimistic updates.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatTime, fullTime, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { richText, displayName, codePoints } from '../lib/text.js';
import { store, useStore, isModerator, emit } from '../lib/store.js';
import { Avatar, Name, VBadge, toast, Confirm } from './ui.js';
import { Icon } from './icons.js';
import { ForwardDialog } from './ForwardDialog.js';
import { Comments } from './Comments.js';
import { canForward } from './Compose.js';
import { ReportDialog } from './ReportDialog.js';

// The forward's own comment: entities belong to it (offsets are within the comment, which
// starts the display text).
function ownText(status) {
  if (!status.forward) return richText(status.text, status.entities);
  const comment = status.forward.comment ?? '';
  if (!comment) return [html`<span class="muted">${t('forward.noComment')}</span>`];
  const len = codePoints(comment);
  const ents = (status.entities || []).filter((e) => e.end <= len);
  return richText(comment, status.entities ? ents : undefined);
}

function RootQuote({ forward }) {
  const root = forward.root;
  if (forward.root_deleted || !root || root.deleted) {
    return html`<div class="quote quote-root quote-deleted" role="note">${t('forward.rootDeleted')}</div>`;
  }
  return html`<div class="quote quote-root">
    <p class="quote-text">
      <${Link} href=${`/@${root.account.username}`} class="ent ent-mention quote-author">@${displayName(root.account)}<//><${VBadge} account=${root.account} size=${14} />${': '}
      ${richText(root.text, root.entities)}
    </p>
    <div class="quote-meta">
      <${Link} href=${`/status/${root.id}`} class="muted-link" title=${fullTime(root.created_at)}>${formatTime(root.created_at)}<//>
      <span class="quote-counts">
        <${Link} href=${`/status/${root.id}?tab=forwards`} class="muted-link">${t('post.forwards')} ${formatNumber(root.forwards_count ?? root.reblogs_count)}<//>
        <${Link} href=${`/status/${root.id}`} class="muted-link">${t('post.comments')} ${formatNumber(root.comments_count)}<//>
        <span>${t('post.likes')} ${formatNumber(root.favourites_count)}</span>
      </span>
    </div>
  </div>`;
}

const MAX_NEST = 6;

// Hops nearest first; each hop's quote holds the older ones, the root innermost.
function ChainQuote({ forward, index = 0 }) {
  const chain = forward.chain || [];
  if (index >= chain.length) return html`<${RootQuote} forward=${forward} />`;
  const hop = chain[index];
  const inner = html`<${ChainQuote} forward=${forward} index=${index + 1} />`;
  const body = hop.deleted
    ? html`<p class="quote-text muted">${t('forward.hopDeleted')}</p>`
    : html`<p class="quote-text">
        <${Link} href=${`/@${hop.account.username}`} class="ent ent-mention quote-author">//@${displayName(hop.account)}<//><${VBadge} account=${hop.account} size=${14} />${': '}
        ${hop.comment ? richText(hop.comment) : html`<span class="muted">${t('forward.noComment')}</span>`}
      </p>`;
  const flat = index >= MAX_NEST;
  return html`<div class=${`quote quote-hop${flat ? ' quote-flat' : ''}`} data-hop=${hop.id}>
    ${body}
    ${inner}
  </div>`;
}

function PostMenu({ status, onDeleted }) {
  const s = useStore();
  const [open, setOpen] = useState(false);
  const [dialog, setDialog] = useState('');
  const ref = useRef(null);
  const mine = s.me && status.account.id === s.me.id;
  useEffect(() => {
    if (!open) return undefined;
    const close = (e) => { if (!ref.current?.contains(e.target)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  if (!s.me) return null;
  const canDelete = mine || isModerator(s.me);
  const remove = async () => {
    await Api.deleteStatus(status.id);
    toast(t('post.deleted'));
    onDeleted?.(status);
  };
  const pick = (what) => { setOpen(false); setDialog(what); };
  return html`<div class="menu" ref=${ref} onKeyDown=${(e) => { if (e.key === 'Escape') setOpen(false); }}>
    <button type="button" class="icon-btn" aria-haspopup="true" aria-expanded=${open ? 'true' : 'false'} aria-label=${t('post.more')} onClick=${() => setOpen(!open)}><${Icon} name="more" /></button>
    ${open ? html`<div class="menu-pop" role="menu">
      ${mine || ['public', 'unlisted'].includes(status.audience || status.visibility) ? html`<${Link} href=${`/analytics/posts/${status.id}`} role="menuitem" class="menu-item" onClick=${() => setOpen(false)}><${Icon} name="chart" size=${16} /> ${t('post.cascade')}<//>` : null}
      ${mine ? null : html`<button type="button" role="menuitem" class="menu-item" onClick=${() => pick('report')}><${Icon} name="flag" size=${16} /> ${t('report.action')}</button>`}
      ${canDelete ? html`<button type="button" role="menuitem" class="menu-item danger" onClick=${() => pick('delete')}><${Icon} name="trash" size=${16} /> ${t('post.delete')}</button>` : null}
    </div>` : null}
    ${dialog === 'delete' ? html`<${Confirm} title=${t('post.deleteTitle')} text=${t('post.deleteText')} confirmLabel=${t('post.delete')}
      onConfirm=${remove} onClose=${() => setDialog('')} />` : null}
    ${dialog === 'report' ? html`<${ReportDialog} account=${status.account} status=${status} onClose=${() => setDialog('')} />` : null}
  </div>`;
}

export function PostCard({ status: initial, onDeleted, onChange, detail = false, openComments = false }) {
  const [status, setStatus] = useState(initial);
  const [forwarding, setForwarding] = useState(false);
  const [showComments, setShowComments] = useState(openComments);
  const likeBusy = useRef(false);
  useEffect(() => setStatus(initial), [initial]);
  useEffect(() => { if (status !== initial) onChange?.(status); }, [status]);

  if (status.deleted) {
    return html`<article class="post card post-deleted"><p class="muted">${t('post.isDeleted')}</p></article>`;
  }
  const a = status.account;
  const audience = status.audience || status.visibility;
  const forwardable = canForward(status);
  const forwards = status.forwards_count ?? status.reblogs_count ?? 0;
  const likes = status.favourites_count ?? status.likes_count ?? 0;

  const like = async () => {
    if (!store.me) { navigate('/login'); return; }
    if (likeBusy.current) return;
    likeBusy.current = true;
    const before = status;
    const on = !status.favourited;
    setStatus({ ...status, favourited: on, favourites_count: Math.max(0, likes + (on ? 1 : -1)) });
    try {
      const updated = await Api.like(status.id, on);
      if (updated && updated.id) setStatus((cur) => ({ ...cur, favourited: updated.favourited, favourites_count: updated.favourites_count }));
    } catch (err) {
      setStatus(before);
      toast.error(err, 'like');
    } finally {
      likeBusy.current = false;
    }
  };

  const forwardDone = (fwd) => {
    setStatus((cur) => ({ ...cur, reblogged: true, forwards_count: (cur.forwards_count ?? cur.reblogs_count ?? 0) + 1, reblogs_count: (cur.reblogs_count ?? 0) + 1 }));
    emit('status:created', fwd);
  };

  const titleId = `post-${status.id}-author`;
  return html`<article class=${`post card${detail ? ' post-detail' : ''}`} aria-labelledby=${titleId} data-status-id=${status.id}>
    <header class="post-head">
      <${Avatar} account=${a} />
      <div class="post-who">
        <div id=${titleId}><${Name} account=${a} /></div>
        <div class="post-meta">
          <${Link} href=${`/status/${status.id}`} class="muted-link" title=${fullTime(status.created_at)}><time datetime=${status.created_at}>${formatTime(status.created_at)}</time><//>
          ${audience && audience !== 'public' ? html`<span class="vis-tag"><${Icon} name="lock" size=${12} /> ${t(`visibility.${audience}`)}</span>` : null}
          ${status.forward ? html`<span class="fwd-tag">${t('forward.tag')}</span>` : null}
        </div>
      </div>
      <${PostMenu} status=${status} onDeleted=${onDeleted} />
    </header>
    <div class="post-body">
      <p class="post-text">${ownText(status)}</p>
      ${status.forward ? html`<${ChainQuote} forward=${status.forward} />` : null}
    </div>
    <footer class="post-actions">
      <button type="button" class="action" onClick=${() => (store.me ? setForwarding(true) : navigate('/login'))} disabled=${!forwardable}
        title=${forwardable ? t('post.forward') : t('post.cannotForward')} aria-label=${`${t('post.forward')} ${forwards}`}>
        <${Icon} name="forward" size=${18} /><span>${forwards ? formatNumber(forwards) : t('post.forward')}</span>
      </button>
      <button type="button" class=${`action${showComments ? ' on' : ''}`} aria-expanded=${detail ? undefined : showComments ? 'true' : 'false'}
        aria-label=${`${t('post.comment')} ${status.comments_count ?? 0}`}
        onClick=${() => (detail ? document.getElementById(`comment-box-${status.id}`)?.focus() : setShowComments(!showComments))}>
        <${Icon} name="comment" size=${18} /><span>${status.comments_count ? formatNumber(status.comments_count) : t('post.comment')}</span>
      </button>
      <button type="button" class=${`action like${status.favourited ? ' on' : ''}`} aria-pressed=${status.favourited ? 'true' : 'false'}
        aria-label=${`${t('post.like')} ${likes}`} onClick=${like}>
        <${Icon} name="like" size=${18} filled=${!!status.favourited} /><span>${likes ? formatNumber(likes) : t('post.like')}</span>
      </button>
    </footer>
    ${showComments && !detail ? html`<${Comments} status=${status}
      onCount=${(d) => setStatus((cur) => ({ ...cur, comments_count: Math.max(0, (cur.comments_count ?? 0) + d) }))}
      onForwarded=${forwardDone} />` : null}
    ${forwarding ? html`<${ForwardDialog} status=${status} onClose=${() => setForwarding(false)} onDone=${forwardDone} />` : null}
  </article>`;
}
