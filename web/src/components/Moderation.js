// Moderator and admin tools for one account: limit / unlimit and suspend / restore, each with a
// required reason (moderator); verification and role (admin). Shown only to those roles
// (verify_credentials' `role`). Also the reason dialog the case page uses for its actions.
import { useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore, isModerator, isAdmin } from '../lib/store.js';
import { displayName } from '../lib/text.js';
import { Link } from '../lib/router.js';
import { ErrorNote, toast, Modal } from './ui.js';
import { Icon } from './icons.js';

let n = 0;
const MAX_REASON = 500;

// An action that needs a reason (the account acted on reads it in its notification). With
// `confirmText` a second step asks again before anything happens (suspend, remove follows).
// onSubmit(reason) runs the action; the dialog stays open with the error if it fails.
export function ReasonDialog({ title, text, actionLabel, confirmText, danger = false, onSubmit, onClose }) {
  const [reason, setReason] = useState('');
  const [step, setStep] = useState('reason');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const id = useRef(`reason-${++n}`).current;
  const trimmed = reason.trim();
  const length = Array.from(reason).length;
  const ok = trimmed && length <= MAX_REASON;
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      await onSubmit(trimmed);
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
      setStep('reason');
    }
  };
  const next = (e) => {
    e.preventDefault();
    if (!ok || busy) return;
    if (confirmText) setStep('confirm');
    else run();
  };
  const cls = `btn ${danger ? 'btn-primary btn-danger' : 'btn-primary'}`;
  return html`<${Modal} title=${title} onClose=${onClose} class="reason-dialog">
    ${step === 'reason' ? html`<form class="form" onSubmit=${next}>
      ${text ? html`<p class="dialog-text">${text}</p>` : null}
      <label class="field" for=${id}><span>${t('mod.reasonLabel')}</span>
        <textarea id=${id} name="reason" rows="3" required maxlength=${MAX_REASON} value=${reason}
          placeholder=${t('mod.reasonPlaceholder')} onInput=${(e) => setReason(e.target.value)}></textarea>
        <small class="muted">${t('mod.reasonHint', { n: length, max: MAX_REASON })}</small>
      </label>
      <${ErrorNote} error=${error} context="mod" />
      <div class="dialog-actions">
        <button type="button" class="btn" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class=${cls} disabled=${!ok || busy}>${actionLabel}</button>
      </div>
    </form>` : html`<div class="form">
      <p class="dialog-text" role="alert">${confirmText}</p>
      <p class="reason-echo"><span class="muted">${t('mod.reasonEcho')}</span>${trimmed}</p>
      <div class="dialog-actions">
        <button type="button" class="btn" onClick=${() => setStep('reason')} disabled=${busy}>${t('mod.editReason')}</button>
        <button type="button" class=${cls} onClick=${run} disabled=${busy} autofocus>${t('mod.confirmAction', { action: actionLabel })}</button>
      </div>
    </div>`}
  <//>`;
}

// 正常 / 已限制 / 已封禁 for an Account.
export function accountState(account) {
  return account?.suspended ? 'suspended' : account?.limited ? 'limited' : 'active';
}

export function StateChips({ account }) {
  if (!account) return null;
  return html`${account.suspended ? html`<span class="chip chip-danger">${t('mod.isSuspended')}</span>` : null}
    ${!account.suspended && account.limited ? html`<span class="chip chip-warn">${t('mod.isLimitedChip')}</span>` : null}`;
}

// The account actions a moderator has, in the state the account is in.
const ACCOUNT_ACTIONS = {
  limit: { label: 'mod.limit', title: 'mod.limitTitle', text: 'mod.limitText', done: 'mod.limited' },
  unlimit: { label: 'mod.unlimit', title: 'mod.unlimitTitle', text: 'mod.unlimitText', done: 'mod.unlimited' },
  suspend: { label: 'mod.suspend', title: 'mod.suspendTitle', text: 'mod.suspendText', done: 'mod.suspended', danger: true, confirm: 'mod.suspendConfirm' },
  unsuspend: { label: 'mod.unsuspend', title: 'mod.unsuspendTitle', text: 'mod.unsuspendText', done: 'mod.unsuspended' },
};

export function ModerationPanel({ account, onChange }) {
  const s = useStore();
  const [vtype, setVtype] = useState(account.verification?.type || 'none');
  const [reason, setReason] = useState(account.verification?.reason || '');
  const [role, setRole] = useState(account.role || 'member');
  const [busy, setBusy] = useState('');
  const [error, setError] = useState(null);
  const [dialog, setDialog] = useState('');
  const [ids] = useState(() => ({ v: `mod-v-${++n}`, r: `mod-r-${n}`, role: `mod-role-${n}` }));
  if (!isModerator(s.me) || s.me.id === account.id) return null;
  const run = async (what, fn, done) => {
    setBusy(what);
    setError(null);
    try {
      const res = await fn();
      toast(done);
      if (res && res.id) onChange?.(res);
      else onChange?.(await Api.account(account.id).catch(() => account));
    } catch (err) {
      setError(err);
    } finally {
      setBusy('');
    }
  };
  // The reason dialog's action: errors stay in the dialog, success closes it.
  const act = async (type, reasonText) => {
    const res = await Api.adminAction(account.id, type, reasonText);
    toast(t(ACCOUNT_ACTIONS[type].done));
    onChange?.(res && res.id ? res : await Api.account(account.id).catch(() => account));
  };
  const state = accountState(account);
  const buttons = state === 'suspended' ? ['unsuspend'] : [state === 'limited' ? 'unlimit' : 'limit', 'suspend'];
  const d = dialog ? ACCOUNT_ACTIONS[dialog] : null;
  const vars = { name: displayName(account) };
  return html`<section class="card mod-panel" aria-labelledby=${`${ids.v}-title`}>
    <h2 id=${`${ids.v}-title`} class="mod-title"><${Icon} name="shield" size=${18} /> ${t('mod.title')}</h2>
    <div class="mod-row">
      <span class="mod-state">${t(`mod.state.${state}`)}</span>
      ${buttons.map((b) => html`<button key=${b} type="button" class=${`btn btn-small ${ACCOUNT_ACTIONS[b].danger ? 'btn-danger' : ''}`} disabled=${!!busy}
        onClick=${() => setDialog(b)}>${t(ACCOUNT_ACTIONS[b].label)}</button>`)}
      <${Link} class="small-link mod-log-link" href=${`/admin/log?account_id=${account.id}`}>${t('mod.viewLog')}<//>
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
    ${d ? html`<${ReasonDialog} title=${t(d.title)} text=${t(d.text, vars)} actionLabel=${t(d.label)} danger=${!!d.danger}
      confirmText=${d.confirm ? t(d.confirm, vars) : undefined}
      onSubmit=${(r) => act(dialog, r)} onClose=${() => setDialog('')} />` : null}
  </section>`;
}

// Links between the moderation pages.
export function AdminNav({ current }) {
  const items = [
    { id: 'accounts', href: '/admin', label: t('admin.navAccounts'), icon: 'user' },
    { id: 'cases', href: '/admin/cases', label: t('admin.navCases'), icon: 'shield' },
    { id: 'log', href: '/admin/log', label: t('admin.navLog'), icon: 'calendar' },
  ];
  return html`<nav class="admin-nav" aria-label=${t('admin.nav')}>
    ${items.map((it) => html`<${Link} key=${it.id} href=${it.href} class=${`admin-nav-link${current === it.id ? ' active' : ''}`} aria-current=${current === it.id ? 'page' : undefined}>
      <${Icon} name=${it.icon} size=${16} /> ${it.label}<//>`)}
  </nav>`;
}
