// 审计日志 (moderators): every moderation action, newest first — who did what to whom, why, and
// in which case; optionally for one account (?account_id=).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatTime, fullTime } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { displayName } from '../lib/text.js';
import { usePaged } from '../lib/paged.js';
import { Avatar, Name, Spinner, Empty, ErrorNote, LoadMore } from '../components/ui.js';
import { AdminNav } from '../components/Moderation.js';

export function LogEntry({ e, inCase = false }) {
  return html`<li class="log-entry" data-action=${e.action} data-entry-id=${e.id}>
    <${Avatar} account=${e.moderator} size=${32} />
    <div class="log-main">
      <p class="log-line">
        ${e.moderator ? html`<${Name} account=${e.moderator} />` : html`<span class="muted">${t('log.system')}</span>`}
        <span class="muted">${t('log.on')}</span>
        ${e.target_account ? html`<${Name} account=${e.target_account} />` : html`<span class="muted">?</span>`}
        <span class="muted">${t('log.did')}</span>
        <span class=${`chip log-action log-action-${e.action}`}>${t(`modAction.${e.action}`)}</span>
      </p>
      ${e.text ? html`<p class="log-reason"><span class="muted">${t('log.reason')}</span>${e.text}</p>` : null}
      ${e.details ? html`<p class="muted small log-details">${e.details}</p>` : null}
      <p class="muted small">
        <time datetime=${e.created_at} title=${fullTime(e.created_at)}>${formatTime(e.created_at)}</time>
        ${e.case_id && !inCase ? html` · <${Link} href=${`/admin/cases/${e.case_id}`}>${t('log.case')}<//>` : null}
      </p>
    </div>
  </li>`;
}

export function AuditLog({ query }) {
  const accountId = /^\d+$/.test(query.get('account_id') || '') ? query.get('account_id') : '';
  const [account, setAccount] = useState(null);
  const [handle, setHandle] = useState('');
  const [error, setError] = useState(null);
  const paged = usePaged((q) => Api.moderationLog({ ...q, account_id: accountId || undefined }), [accountId]);
  useEffect(() => {
    setAccount(null);
    if (accountId) Api.account(accountId).then(setAccount, () => {});
  }, [accountId]);
  const filter = async (e) => {
    e.preventDefault();
    setError(null);
    try {
      const a = await Api.lookup(handle.trim().replace(/^@/, ''));
      navigate(`/admin/log?account_id=${a.id}`);
    } catch (err) {
      setError(err);
    }
  };
  return html`<div class="page page-log">
    <header class="page-head"><h1>${t('log.title')}</h1><p class="muted">${t('log.subtitle')}</p></header>
    <${AdminNav} current="log" />
    <form class="card inline-form admin-find" onSubmit=${filter} role="search">
      <label class="sr-only" for="log-handle">${t('log.filterLabel')}</label>
      <input id="log-handle" class="input" placeholder=${t('log.filterPlaceholder')} value=${handle} onInput=${(ev) => setHandle(ev.target.value)} autocapitalize="off" spellcheck="false" />
      <button type="submit" class="btn btn-primary" disabled=${!handle.trim()}>${t('log.filter')}</button>
    </form>
    <${ErrorNote} error=${error} context="admin" />
    ${accountId ? html`<p class="log-filter">${t('log.filteredBy', { name: account ? `${displayName(account)} @${account.username}` : accountId })}
      <${Link} href="/admin/log" class="small-link">${t('log.clearFilter')}<//></p>` : null}
    <section class="card list-card" aria-label=${t('log.title')}>
      ${!paged.loaded && paged.loading ? html`<${Spinner} />` : null}
      ${paged.error && !paged.loaded ? html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />` : null}
      ${paged.loaded && !paged.items.length ? html`<${Empty} icon="shield">${t('log.empty')}<//>` : null}
      <ul class="log-list">${paged.items.map((e) => html`<${LogEntry} key=${e.id} e=${e} />`)}</ul>
      ${paged.loaded && paged.items.length ? html`<${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} error=${paged.error} />` : null}
    </section>
  </div>`;
}
AuditLog.wide = true;
