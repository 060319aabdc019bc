// Comment thread under a post: comment ("and also forward"), replies, likes, forward a comment.
import { useMemo, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatTime, fullTime, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { richText, measure, displayName } from '../lib/text.js';
import { store, useStore, limits, isModerator } from '../lib/store.js';
import { usePaged } from '../lib/paged.js';
import { Avatar, Name, Counter, ErrorNote, LoadMore, Spinner, toast, Confirm } from './ui.js';
import { RichTextarea } from './RichTextarea.js';
import { ForwardDialog } from './ForwardDialog.js';
import { Icon } from './icons.js';
import { ReportDialog } from './ReportDialog.js';

let n = 0;

function CommentBox({ status, replyTo, onSent, onForwarded, autofocus, id }) {
  const [text, setText] = useState('');
  const [alsoForward, setAlsoForward] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const ids = useRef({ counter: `cmt-count-${++n}` }).current;
  const max = limits().comment;
  const m = measure(text, { weiboMax: max, serverMax: max });
  const submit = async () => {
    if (busy || m.empty || m.overServer) return;
    setBusy(true);
    setError(null);
    try {
      const body = { text };
      if (replyTo) body.reply_to_id = replyTo.id;
      if (alsoForward) body.also_forward = true;
      const c = await Api.comment(status.id, body);
      setText('');
      setAlsoForward(false);
      toast(alsoForward ? t('comment.sentAndForwarded') : replyTo ? t('comment.replied') : t('comment.sent'));
      onSent(c);
      if (alsoForward && c.forward_id) {
        Api.status(c.forward_id).then((f) => onForwarded?.(f)).catch(() => {});
      }
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const label = replyTo ? t('comment.replyTo', { name: displayName(replyTo.account) }) : t('comment.label');
  return html`<form class="comment-box" onSubmit=${(e) => { e.preventDefault(); submit(); }}>
    <${RichTextarea} id=${id} value=${text} onInput=${(v) => { setText(v); setError(null); }} label=${label}
      placeholder=${label} rows=${2} onSubmit=${submit} describedBy=${ids.counter} autofocus=${autofocus} />
    <div class="compose-bar">
      <label class="check"><input type="checkbox" name="also_forward" checked=${alsoForward} onChange=${(e) => setAlsoForward(e.target.checked)} /> ${t('comment.alsoForward')}</label>
      <div class="compose-send">
        <${Counter} m=${m} id=${ids.counter} />
        <button type="submit" class="btn btn-primary btn-small" disabled=${busy || m.empty || m.overServer}>${replyTo ? t('comment.reply') : t('comment.submit')}</button>
      </div>
    </div>
    ${m.overServer ? html`<p class="compose-hint">${t('compose.overServer', { max })}</p>` : null}
    <${ErrorNote} error=${error} context="comment" />
  </form>`;
}

function CommentItem({ comment, status, onReplySent, onDeleted, onForwarded, isReply }) {
  const s = useStore();
  const [c, setC] = useState(comment);
  const [replying, setReplying] = useState(false);
  const [forwarding, setForwarding] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [reporting, setReporting] = useState(false);
  const busy = useRef(false);
  const me = s.me;
  const canDelete = me && (me.id === c.account.id || me.id === status.account.id || isModerator(me));
  const likes = c.favourites_count ?? c.likes_count ?? 0;

  const like = async () => {
    if (!store.me) { navigate('/login'); return; }
    if (busy.current) return;
    busy.current = true;
    const before = c;
    const on = !c.favourited;
    setC({ ...c, favourited: on, favourites_count: Math.max(0, likes + (on ? 1 : -1)) });
    try {
      const u = await Api.likeComment(c.id, on);
      if (u && u.id) setC((cur) => ({ ...cur, favourited: u.favourited, favourites_count: u.favourites_count }));
    } catch (err) {
      setC(before);
      toast.error(err, 'like');
    } finally { busy.current = false; }
  };

  return html`<li class=${`comment${isReply ? ' comment-reply' : ''}`} data-comment-id=${c.id}>
    <${Avatar} account=${c.account} size=${isReply ? 28 : 34} />
    <div class="comment-main">
      <p class="comment-text">
        <${Name} account=${c.account} />
        ${c.reply_to_account && isReply ? html`<span class="reply-to"> ${t('comment.replyWord')} <${Link} href=${`/@${c.reply_to_account.username}`} class="ent ent-mention">@${displayName(c.reply_to_account)}<//></span>` : null}${t('common.colon')}
        ${richText(c.text, c.entities)}
      </p>
      <div class="comment-meta">
        <time datetime=${c.created_at} title=${fullTime(c.created_at)}>${formatTime(c.created_at)}</time>
        <span class="comment-actions">
          ${me ? html`<button type="button" class="link-btn" aria-expanded=${replying ? 'true' : 'false'} onClick=${() => setReplying(!replying)}>${t('comment.reply')}</button>` : null}
          ${me ? html`<button type="button" class="link-btn" onClick=${() => setForwarding(true)}>${t('comment.forward')}</button>` : null}
          ${canDelete ? html`<button type="button" class="link-btn" onClick=${() => setConfirm(true)}>${t('comment.delete')}</button>` : null}
          ${me && me.id !== c.account.id ? html`<button type="button" class="link-btn" aria-label=${t('report.commentLabel', { name: displayName(c.account) })} onClick=${() => setReporting(true)}>${t('report.action')}</button>` : null}
          <button type="button" class=${`link-btn like${c.favourited ? ' on' : ''}`} aria-pressed=${c.favourited ? 'true' : 'false'} aria-label=${`${t('post.like')} ${likes}`} onClick=${like}>
            <${Icon} name="like" size=${15} filled=${!!c.favourited} /> ${likes ? formatNumber(likes) : ''}
          </button>
        </span>
      </div>
      ${replying ? html`<${CommentBox} status=${status} replyTo=${c} autofocus
        onSent=${(r) => { setReplying(false); setC((cur) => ({ ...cur, replies_count: (cur.replies_count ?? 0) + 1 })); onReplySent(r); }}
        onForwarded=${onForwarded} />` : null}
    </div>
    ${forwarding ? html`<${ForwardDialog} status=${status} comment=${c} onClose=${() => setForwarding(false)} onDone=${onForwarded} />` : null}
    ${reporting ? html`<${ReportDialog} account=${c.account} comment=${c} onClose=${() => setReporting(false)} />` : null}
    ${confirm ? html`<${Confirm} title=${t('comment.deleteTitle')} text=${t('comment.deleteText')} confirmLabel=${t('comment.delete')}
      onConfirm=${async () => { await Api.deleteComment(c.id); toast(t('comment.deleted')); onDeleted(c); }} onClose=${() => setConfirm(false)} />` : null}
  </li>`;
}

// Top-level comments newest first; each with its replies (at any depth) oldest first beneath.
function thread(items) {
  const byId = new Map(items.map((c) => [c.id, c]));
  const topOf = (c) => {
    let cur = c;
    for (let i = 0; i < 50 && cur.reply_to_id && byId.has(cur.reply_to_id); i++) cur = byId.get(cur.reply_to_id);
    return cur;
  };
  const tops = [];
  const replies = new Map();
  for (const c of items) {
    const top = topOf(c);
    if (top === c) tops.push(c);
    else {
      if (!replies.has(top.id)) replies.set(top.id, []);
      replies.get(top.id).push(c);
    }
  }
  for (const list of replies.values()) list.sort((a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1));
  return { tops, replies };
}

export function Comments({ status, onCount, onForwarded, detail = false }) {
  const s = useStore();
  const paged = usePaged((q) => Api.comments(status.id, q), [status.id], { endOnShort: true });
  const { tops, replies } = useMemo(() => thread(paged.items), [paged.items]);
  const closed = status.comment_policy === 'nobody' && (!s.me || s.me.id !== status.account.id);
  const added = (c) => { paged.prepend([c]); onCount?.(1); };
  const deleted = (c) => { paged.remove(c.id); onCount?.(-1); };

  return html`<section class=${`comments${detail ? ' comments-detail' : ''}`} aria-label=${t('comment.section')}>
    ${!s.me ? html`<p class="comments-login"><${Link} href="/login">${t('comment.loginToComment')}<//></p>`
      : closed ? html`<p class="muted comments-closed">${t('comment.closed')}</p>`
        : html`<${CommentBox} id=${`comment-box-${status.id}`} status=${status} onSent=${added} onForwarded=${onForwarded} autofocus=${!detail} />`}
    ${paged.loaded && !paged.items.length ? html`<p class="muted comments-empty">${t('comment.none')}</p>` : null}
    ${!paged.loaded && paged.loading ? html`<${Spinner} />` : null}
    <ul class="comment-list">
      ${tops.map((c) => html`<${CommentItem} key=${c.id} comment=${c} status=${status} onReplySent=${added} onDeleted=${deleted} onForwarded=${onForwarded} />
        ${replies.has(c.id) ? html`<li class="reply-group"><ul>
          ${replies.get(c.id).map((r) => html`<${CommentItem} key=${r.id} comment=${r} status=${status} isReply onReplySent=${added} onDeleted=${deleted} onForwarded=${onForwarded} />`)}
        </ul></li>` : null}`)}
    </ul>
    ${paged.loaded && paged.items.length && !paged.done ? html`<${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} error=${paged.error} />` : null}
    ${paged.error && !paged.loaded ? html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />` : null}
  </section>`;
}
