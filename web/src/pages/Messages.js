// Private messages: conversation list, message requests, a conversation, a new message.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatTime, fullTime } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore, emit, limits, pollInterval } from '../lib/store.js';
import { Link, navigate } from '../lib/router.js';
import { richText, displayName, codePoints } from '../lib/text.js';
import { usePaged } from '../lib/paged.js';
import { Avatar, Name, Spinner, Empty, ErrorNote, LoadMore, Tabs, toast } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { BackBar } from './StatusPage.js';

function other(conv, me) {
  return conv.accounts?.find((a) => a.id !== me?.id) || conv.accounts?.[0] || conv.last_message?.account;
}

export function Messages({ requests = false }) {
  const s = useStore();
  const paged = usePaged((q) => Api.conversations({ ...q, requests: requests ? 'true' : undefined }), [requests], { endOnShort: true });
  const tabs = [
    { id: 'inbox', label: t('dm.inbox'), href: '/messages', badge: s.unread.messages },
    { id: 'requests', label: t('dm.requests'), href: '/messages/requests', badge: s.unread.requests },
  ];
  return html`<div class="page page-messages">
    <header class="page-head"><h1>${t('dm.title')}</h1></header>
    <div class="card tabs-card"><${Tabs} items=${tabs} current=${requests ? 'requests' : 'inbox'} label=${t('dm.folders')} /></div>
    <section class="card list-card" aria-label=${requests ? t('dm.requests') : t('dm.inbox')}>
      ${requests ? html`<p class="muted small list-note">${t('dm.requestsNote')}</p>` : null}
      ${!paged.loaded && paged.loading ? html`<${Spinner} />` : null}
      ${paged.error && !paged.loaded ? html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />` : null}
      ${paged.loaded && !paged.items.length ? html`<${Empty} icon="mail">${requests ? t('dm.noRequests') : t('dm.empty')}<//>` : null}
      <ul class="conv-list">
        ${paged.items.map((c) => {
          const o = other(c, s.me);
          const last = c.last_message;
          const mineLast = last && s.me && last.account?.id === s.me.id;
          return html`<li key=${c.id}>
            <${Link} href=${`/messages/${c.id}`} class=${`conv${c.unread ? ' unread' : ''}`}>
              <${Avatar} account=${o} size=${46} link=${false} />
              <span class="conv-main">
                <span class="conv-top"><${Name} account=${o} link=${false} /><time class="muted small" datetime=${last?.created_at}>${last ? formatTime(last.created_at) : ''}</time></span>
                <span class="conv-last">${mineLast ? `${t('dm.me')}${t('common.colon')}` : ''}${last?.text || ''}</span>
              </span>
              ${c.unread_count ? html`<span class="badge" aria-label=${t('common.unreadCount', { count: c.unread_count })}>${c.unread_count}</span>` : null}
            <//>
          </li>`;
        })}
      </ul>
      ${paged.loaded && paged.items.length && !paged.done ? html`<${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} />` : null}
    </section>
  </div>`;
}

function MessageComposer({ onSend, autofocus = true }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const ref = useRef(null);
  const max = limits().message;
  const over = codePoints(text) > max;
  useEffect(() => { if (autofocus) ref.current?.focus(); }, []);
  const send = async () => {
    if (busy || !text.trim() || over) return;
    setBusy(true);
    setError(null);
    try {
      await onSend(text);
      setText('');
      ref.current?.focus();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<form class="msg-composer" onSubmit=${(e) => { e.preventDefault(); send(); }}>
    <${ErrorNote} error=${error} context="message" />
    <div class="msg-row">
      <label class="sr-only" for="msg-input">${t('dm.label')}</label>
      <textarea id="msg-input" ref=${ref} class="msg-input" rows="2" placeholder=${t('dm.placeholder')} value=${text}
        onInput=${(e) => setText(e.target.value)} aria-describedby="msg-hint"
        onKeyDown=${(e) => { if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) { e.preventDefault(); send(); } }}></textarea>
      <button type="submit" class="btn btn-primary" disabled=${busy || !text.trim() || over}><${Icon} name="send" size=${16} /> ${t('dm.send')}</button>
    </div>
    <p id="msg-hint" class="muted small">${over ? t('compose.overServer', { max }) : t('dm.hint')}</p>
  </form>`;
}

function Bubble({ m, mine }) {
  return html`<li class=${`bubble-row${mine ? ' mine' : ''}`} data-message-id=${m.id}>
    ${mine ? null : html`<${Avatar} account=${m.account} size=${34} />`}
    <div class="bubble-wrap">
      <div class="bubble">${richText(m.text, m.entities)}</div>
      <time class="bubble-time" datetime=${m.created_at} title=${fullTime(m.created_at)}>${formatTime(m.created_at)}</time>
    </div>
  </li>`;
}

export function Conversation({ id }) {
  const s = useStore();
  const [conv, setConv] = useState(null);
  const [error, setError] = useState(null);
  const [newer, setNewer] = useState([]);
  const paged = usePaged((q) => Api.messages(id, q), [id], { endOnShort: true });
  const listRef = useRef(null);
  const newest = useRef(null);
  const all = [...newer, ...paged.items];
  newest.current = all[0]?.id ?? null;

  useEffect(() => {
    setConv(null);
    setNewer([]);
    Api.readConversation(id).then((c) => { setConv(c); emit('unread:changed'); }, setError);
  }, [id]);

  useEffect(() => {
    let stopped = false;
    let timer = 0;
    const tick = async () => {
      if (stopped) return;
      if (newest.current && document.visibilityState !== 'hidden') {
        try {
          const fresh = await Api.messages(id, { since_id: newest.current, limit: 40 });
          if (!stopped && fresh?.length) {
            setNewer((cur) => {
              const seen = new Set(cur.map((m) => m.id));
              return [...fresh.filter((m) => !seen.has(m.id)), ...cur];
            });
            Api.readConversation(id).then(() => emit('unread:changed')).catch(() => {});
          }
        } catch { /* next tick */ }
      }
      if (!stopped) timer = setTimeout(tick, pollInterval());
    };
    timer = setTimeout(tick, pollInterval());
    return () => { stopped = true; clearTimeout(timer); };
  }, [id]);

  const lastId = all[0]?.id;
  useEffect(() => {
    const el = listRef.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [lastId, paged.loaded]);

  const send = async (text) => {
    const m = await Api.reply(id, text);
    setNewer((cur) => [m, ...cur]);
  };
  const accept = async () => {
    try {
      const c = await Api.acceptConversation(id);
      setConv(c);
      toast(t('dm.accepted'));
      emit('unread:changed');
    } catch (err) { toast.error(err); }
  };

  if (error) return html`<div class="page"><${BackBar} /><${ErrorNote} error=${error} /></div>`;
  const o = conv ? other(conv, s.me) : null;
  const chron = [...all].reverse();
  return html`<div class="page page-conversation">
    <div class="back-bar">
      <button type="button" class="icon-btn" onClick=${() => navigate(conv?.request ? '/messages/requests' : '/messages')} aria-label=${t('common.back')}><${Icon} name="back" /></button>
      <h1 class="back-title">${o ? html`<${Name} account=${o} />` : t('dm.title')}</h1>
    </div>
    <section class="card chat" aria-label=${o ? t('dm.with', { name: displayName(o) }) : t('dm.title')}>
      ${conv?.request ? html`<div class="notice request-banner" role="note">
        <span>${t('dm.requestBanner', { name: displayName(o) })}</span>
        <button type="button" class="btn btn-primary btn-small" onClick=${accept}>${t('dm.accept')}</button>
      </div>` : null}
      <ol class="chat-list" ref=${listRef} aria-live="polite">
        ${paged.loaded && !paged.done ? html`<li class="chat-older"><button type="button" class="btn btn-ghost btn-small" onClick=${paged.loadMore} disabled=${paged.loading}>${t('dm.older')}</button></li>` : null}
        ${!paged.loaded ? html`<li><${Spinner} /></li>` : null}
        ${chron.map((m) => html`<${Bubble} key=${m.id} m=${m} mine=${s.me && m.account?.id === s.me.id} />`)}
      </ol>
      <${MessageComposer} onSend=${send} />
    </section>
  </div>`;
}

export function NewMessage({ query }) {
  const to = query.get('to') || '';
  const [account, setAccount] = useState(null);
  const [error, setError] = useState(null);
  useEffect(() => {
    let stop = false;
    (async () => {
      try {
        const a = await Api.account(to);
        if (stop) return;
        setAccount(a);
        // Continue an existing conversation with this account if there is one.
        for (const requests of [undefined, 'true']) {
          const convs = await Api.conversations({ limit: 40, requests });
          const found = convs.find((c) => c.accounts?.some((x) => x.id === a.id));
          if (found && !stop) { navigate(`/messages/${found.id}`, { replace: true }); return; }
        }
      } catch (err) { if (!stop) setError(err); }
    })();
    return () => { stop = true; };
  }, [to]);
  const send = async (text) => {
    const m = await Api.sendMessage(to, text);
    emit('unread:changed');
    navigate(`/messages/${m.conversation_id}`, { replace: true });
  };
  if (error) return html`<div class="page"><${BackBar} /><${ErrorNote} error=${error} context="message" /></div>`;
  if (!account) return html`<div class="page"><${BackBar} /><${Spinner} /></div>`;
  return html`<div class="page page-conversation">
    <${BackBar} title=${t('dm.newTo', { name: displayName(account) })} />
    <section class="card chat">
      <div class="chat-list chat-empty"><${Avatar} account=${account} size=${56} /><p><${Name} account=${account} handle /></p><p class="muted">${t('dm.startHint')}</p></div>
      <${MessageComposer} onSend=${send} />
    </section>
  </div>`;
}
