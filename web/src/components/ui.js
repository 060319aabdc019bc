// Small building blocks: avatar, verification badge, names, tabs, toasts, dialogs, empty states.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, errorMessage } from '../lib/i18n.js';
import { Link } from '../lib/router.js';
import { initial, displayName } from '../lib/text.js';
import { on, emit } from '../lib/store.js';
import { Icon } from './icons.js';

const AVATAR_COLORS = ['#f97316', '#ef4444', '#eab308', '#22a35a', '#0ea5e9', '#6366f1', '#a855f7', '#ec4899', '#14b8a6', '#f59e0b'];

function hashString(s) {
  let x = 0;
  for (const ch of s) x = (x * 31 + ch.codePointAt(0)) >>> 0;
  return x;
}

export function Avatar({ account, size = 44, link = true }) {
  const bg = AVATAR_COLORS[hashString(account?.username || '?') % AVATAR_COLORS.length];
  const style = `width:${size}px;height:${size}px;font-size:${Math.round(size * 0.44)}px;background:${bg}`;
  const inner = account?.avatar
    ? html`<img class="avatar" src=${account.avatar} alt="" style=${style} />`
    : html`<span class="avatar" style=${style} aria-hidden="true">${initial(account)}</span>`;
  if (!link || !account) return inner;
  return html`<${Link} href=${`/@${account.username}`} class="avatar-link" tabindex="-1" aria-hidden="true">${inner}<//>`;
}

// Orange V (personal verification) or blue V (institutional / brand).
export function VBadge({ account, size = 16 }) {
  const type = account?.verification?.type;
  if (!type || type === 'none') return null;
  const label = type === 'institutional' ? t('verify.institutional') : t('verify.personal');
  const reason = account.verification.reason;
  const title = reason ? `${label}${t('common.colon')}${reason}` : label;
  return html`<span class=${`vbadge vbadge-${type}`} title=${title} role="img" aria-label=${title}
    style=${`width:${size}px;height:${size}px;font-size:${Math.round(size * 0.7)}px`}>V</span>`;
}

export function Name({ account, handle = false, link = true }) {
  if (!account) return null;
  const name = html`<span class="name-text">${displayName(account)}</span>`;
  return html`<span class="name">
    ${link ? html`<${Link} href=${`/@${account.username}`} class="name-link">${name}<//>` : name}
    <${VBadge} account=${account} />
    ${handle ? html`<span class="handle">@${account.username}</span>` : null}
  </span>`;
}

export function Spinner({ label }) {
  return html`<div class="spinner" role="status"><span class="spinner-dot" aria-hidden="true"></span><span class="sr-only">${label || t('common.loading')}</span></div>`;
}

export function Empty({ children, icon = 'comment' }) {
  return html`<div class="empty"><${Icon} name=${icon} size=${32} /><p>${children}</p></div>`;
}

export function ErrorNote({ error, context, onRetry }) {
  if (!error) return null;
  return html`<div class="error-note" role="alert">
    <span title=${error.message}>${errorMessage(error, context)}</span>
    ${onRetry ? html`<button type="button" class="btn btn-small" onClick=${onRetry}>${t('common.retry')}</button>` : null}
  </div>`;
}

// Tabs as links (each tab is a URL) or buttons; `current` is the active id.
export function Tabs({ items, current, label, onSelect, class: cls = '' }) {
  return html`<nav class=${`tabs ${cls}`} aria-label=${label}>
    ${items.map((it) => {
      const active = it.id === current;
      const inner = html`${it.label}${it.badge ? html`<span class="badge" aria-label=${t('common.unreadCount', { count: it.badge })}>${it.badge > 99 ? '99+' : it.badge}</span>` : null}`;
      return it.href
        ? html`<${Link} key=${it.id} href=${it.href} class=${`tab${active ? ' active' : ''}`} aria-current=${active ? 'page' : undefined}>${inner}<//>`
        : html`<button key=${it.id} type="button" class=${`tab${active ? ' active' : ''}`} aria-pressed=${active ? 'true' : 'false'} onClick=${() => onSelect(it.id)}>${inner}</button>`;
    })}
  </nav>`;
}

// Toasts: toast('text') or toast.error(err, context).
let toastId = 0;
export function toast(text, kind = 'info') {
  emit('toast', { id: ++toastId, text, kind });
}
toast.error = (err, context) => {
  // A 429 has had its toast from the shell already (see rateLimited below).
  if (err?.status === 429 && err.toasted) return;
  toast(errorMessage(err, context), 'error');
};

// Every 429 from the API: one clear toast with the wait, at most one per few seconds however many
// requests were refused at once.
let lastRateToast = 0;
export function rateLimited(err) {
  err.toasted = true;
  const now = Date.now();
  if (now - lastRateToast < 3000) return;
  lastRateToast = now;
  toast(errorMessage(err), 'error');
}

export function Toasts() {
  const [items, setItems] = useState([]);
  useEffect(() => on('toast', (item) => {
    setItems((xs) => [...xs.slice(-2), item]);
    setTimeout(() => setItems((xs) => xs.filter((x) => x.id !== item.id)), item.kind === 'error' ? 6000 : 3000);
  }), []);
  return html`<div class="toasts" role="status" aria-live="polite">
    ${items.map((x) => html`<div key=${x.id} class=${`toast toast-${x.kind}`}>${x.text}</div>`)}
  </div>`;
}

// A modal dialog on the native <dialog> element: focus is trapped, Escape closes, and focus
// returns to where it was when it closes.
export function Modal({ title, onClose, children, class: cls = '', wide = false }) {
  const ref = useRef(null);
  const titleId = useRef(`dlg-${Math.random().toString(36).slice(2)}`).current;
  // Where focus was when the dialog was asked for, taken at the first render: by the time effects
  // run, a child's autofocus effect may have run first.
  const before = useRef(document.activeElement).current;
  useEffect(() => {
    const d = ref.current;
    if (d && !d.open) d.showModal();
    const first = d?.querySelector('[autofocus], textarea, input, select, button:not(.dialog-close)');
    first?.focus();
    // While the dialog is open as a modal the page behind it is inert and refuses focus; the
    // cleanup may run before it leaves the page, so close it first.
    return () => {
      if (d?.open) d.close();
      if (before && before !== document.body && before.isConnected) before.focus();
    };
  }, []);
  const cancel = (e) => { e.preventDefault(); onClose(); };
  const backdrop = (e) => { if (e.target === ref.current) onClose(); };
  return html`<dialog ref=${ref} class=${`dialog ${wide ? 'dialog-wide' : ''} ${cls}`} aria-labelledby=${titleId} onCancel=${cancel} onClick=${backdrop}>
    <div class="dialog-inner">
      <header class="dialog-head">
        <h2 id=${titleId}>${title}</h2>
        <button type="button" class="icon-btn dialog-close" onClick=${onClose} aria-label=${t('common.close')}><${Icon} name="close" /></button>
      </header>
      ${children}
    </div>
  </dialog>`;
}

export function Confirm({ title, text, confirmLabel, danger = true, onConfirm, onClose }) {
  const [busy, setBusy] = useState(false);
  const go = async () => {
    setBusy(true);
    try { await onConfirm(); onClose(); } catch (err) { toast.error(err); setBusy(false); }
  };
  return html`<${Modal} title=${title} onClose=${onClose}>
    <p class="dialog-text">${text}</p>
    <div class="dialog-actions">
      <button type="button" class="btn" onClick=${onClose}>${t('common.cancel')}</button>
      <button type="button" class=${`btn ${danger ? 'btn-danger' : 'btn-primary'}`} disabled=${busy} onClick=${go} autofocus>${confirmLabel}</button>
    </div>
  <//>`;
}

// Remaining characters, Weibo-style; turns red below zero.
export function Counter({ m, id }) {
  const cls = m.overWeibo || m.overServer ? 'counter over' : m.remaining <= 10 ? 'counter warn' : 'counter';
  return html`<span id=${id} class=${cls} aria-live="polite">
    ${m.overWeibo ? t('compose.over', { count: -m.remaining }) : t('compose.remaining', { count: m.remaining })}
  </span>`;
}

// A button that loads the next page; also loads by itself when scrolled into view.
export function LoadMore({ onLoad, loading, done, error }) {
  const ref = useRef(null);
  useEffect(() => {
    if (done || loading || error || !ref.current || typeof IntersectionObserver === 'undefined') return undefined;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting)) onLoad();
    }, { rootMargin: '400px 0px' });
    io.observe(ref.current);
    return () => io.disconnect();
  }, [done, loading, error, onLoad]);
  if (done) return html`<p class="list-end">${t('common.end')}</p>`;
  return html`<div class="load-more" ref=${ref}>
    ${error ? html`<${ErrorNote} error=${error} />` : null}
    <button type="button" class="btn btn-ghost" onClick=${onLoad} disabled=${loading}>${loading ? t('common.loading') : t('common.loadMore')}</button>
  </div>`;
}
