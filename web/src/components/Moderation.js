// Moderator and admin tools for one account: suspend / unsuspend (moderator), verification and
// role (admin). Shown only to those roles (verify_credentials' `role`).
import { useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore, isModerator, isAdmin } from '../lib/store.js';
import { displayName } from '../lib/text.js';
import { ErrorNote, toast, Confirm } from './ui.js';
import { Icon } from './icons.js';

let n = 0;

export function ModerationPanel({ account, onChange }) {
  const s = useStore();
  const [vtype, setVtype] = useState(account.verification?.type || 'none');
  const [reason, setReason] = useState(account.verification?.reason || '');
  const [role, setRole] = useState(account.role || 'member');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState(null);
  const [confirm, setConfirm] = useState(false);
  const [ids] = useState(() => ({ v: `mod-v-${++n}`, r: `mod-r-${n}`, role: `mod-role-${n}` }));
  if (!isModerator(s.me) || s.me.id === account.id) return null;
  const run = async (what, fn, done) => {
    setBusy(what);
    setError(null);
    try {
      const res = await fn();
      toast(done);
      if (res && res.id) onChange?.(res);
      else onChange?.(await Api.account(account.id).catch(() => ({ ...account, suspended: what === 'suspend' })));
    } catch (err) {
      setError(err);
    } finally {
      setBusy('');
    }
  };
  const suspended = !!account.suspended;
  return html`<section class="card mod-panel" aria-labelledby=${`${ids.v}-title`}>
    <h2 id=${`${ids.v}-title`} class="mod-title"><${Icon} name="shield" size=${18} /> ${t('mod.title')}</h2>
    <div class="mod-row">
      <span>${suspended ? t('mod.isSuspended') : t('mod.isActive')}</span>
      <button type="button" class=${`btn btn-small ${suspended ? '' : 'btn-danger'}`} disabled=${!!busy}
        onClick=${() => (suspended ? run('unsuspend', () => Api.adminAction(account.id, 'unsuspend'), t('mod.unsuspended')) : setConfirm(true))}>
        ${suspended ? t('mod.unsuspend') : t('mod.suspend')}
      </button>
    </div>
    ${isAdmin(s.me) ? html`
      <form class="mod-form" onSubmit=${(e) => { e.preventDefault(); run('verify', () => Api.adminVerification(account.id, vtype, reason), t('mod.verified')); }}>
        <label class="field-inline" for=${ids.v}>${t('mod.verification')}</label>
        <select id=${ids.v} class="select" value=${vtype} onChange=${(e) => setVtype(e.target.value)}>
          ${['none', 'personal', 'institutional'].map((v) => html`<option key=${v} value=${v}>${t(`verifyType.${v}`)}</option>`)}
        </select>
        <label class="sr-only" for=${ids.r}>${t('mod.reason')}</label>
        <input id=${ids.r} class="input" placeholder=${t('mod.reason')} value=${reason} onInput=${(e) => setReason(e.target.value)} maxlength="60" />
        <button type="submit" class="btn btn-small btn-primary" disabled=${!!busy}>${t('mod.saveVerification')}</button>
      </form>
      <form class="mod-form" onSubmit=${(e) => { e.preventDefault(); run('role', () => Api.adminRole(account.id, role), t('mod.roleSaved')); }}>
        <label class="field-inline" for=${ids.role}>${t('mod.role')}</label>
        <select id=${ids.role} class="select" value=${role} onChange=${(e) => setRole(e.target.value)}>
          ${['member', 'moderator', 'admin'].map((r) => html`<option key=${r} value=${r}>${t(`role.${r}`)}</option>`)}
        </select>
        <button type="submit" class="btn btn-small btn-primary" disabled=${!!busy}>${t('mod.saveRole')}</button>
      </form>` : null}
    <${ErrorNote} error=${error} />
    ${confirm ? html`<${Confirm} title=${t('mod.suspendTitle')} text=${t('mod.suspendText', { name: displayName(account) })}
      confirmLabel=${t('mod.suspend')} onConfirm=${() => run('suspend', () => Api.adminAction(account.id, 'suspend'), t('mod.suspended'))}
      onClose=${() => setConfirm(false)} />` : null}
  </section>`;
}
