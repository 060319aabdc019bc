// Moderation: find an account by handle, then limit / suspend and undo them (moderator), set
// verification and role (admin). Links to the case queue and the audit log.
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore, isAdmin } from '../lib/store.js';
import { Link } from '../lib/router.js';
import { ModerationPanel, AdminNav, StateChips } from '../components/Moderation.js';
import { Avatar, Name, ErrorNote } from '../components/ui.js';

export function Admin() {
  const s = useStore();
  const [handle, setHandle] = useState('');
  const [account, setAccount] = useState(null);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const find = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    setAccount(null);
    try { setAccount(await Api.lookup(handle.trim().replace(/^@/, ''))); } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<div class="page page-admin">
    <header class="page-head"><h1>${t('admin.title')}</h1>
      <p class="muted">${isAdmin(s.me) ? t('admin.subtitleAdmin') : t('admin.subtitleModerator')}</p></header>
    <${AdminNav} current="accounts" />
    <form class="card inline-form admin-find" onSubmit=${find} role="search">
      <label class="sr-only" for="admin-handle">${t('admin.handle')}</label>
      <input id="admin-handle" class="input" placeholder=${t('admin.handlePlaceholder')} value=${handle} onInput=${(e) => setHandle(e.target.value)} autocapitalize="off" spellcheck="false" />
      <button type="submit" class="btn btn-primary" disabled=${busy || !handle.trim()}>${t('admin.find')}</button>
    </form>
    <${ErrorNote} error=${error} context="admin" />
    ${account ? html`<section class="card admin-account">
        <${Avatar} account=${account} size=${56} />
        <div>
          <${Name} account=${account} handle /><${StateChips} account=${account} />
          <p class="muted small">${t(`role.${account.role || 'member'}`)} · ${t('profile.fans')} ${formatNumber(account.followers_count)}${typeof account.real_followers_count === 'number' ? ` · ${t('real.label')} ${formatNumber(account.real_followers_count)}` : ''} · ${t('profile.posts')} ${formatNumber(account.statuses_count)}</p>
          <${Link} href=${`/@${account.username}`} class="small-link">${t('admin.viewProfile')}<//>
        </div>
      </section>
      <${ModerationPanel} key=${account.id} account=${account} onChange=${(a) => setAccount((cur) => ({ ...cur, ...a }))} />` : null}
  </div>`;
}
