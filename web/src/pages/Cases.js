// 审核队列 (moderators): the cases by kind and state, newest first, paged by the Link header; and
// one case: its subject, score, evidence (per detector: a zombie farm's density and accounts, a
// water army's timeline and copied texts, a spam bot's example and reasons; anything else as
// key/value), the reports with their reporters, the actions (each with a required reason) and
// the case's log.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatTime, fullTime, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { displayName } from '../lib/text.js';
import { usePaged } from '../lib/paged.js';
import { useStore, isAdmin } from '../lib/store.js';
import { Avatar, Name, Spinner, Empty, ErrorNote, LoadMore, Tabs, toast } from '../components/ui.js';
import { ReasonDialog, StateChips, AdminNav } from '../components/Moderation.js';
import { LogEntry } from './AuditLog.js';
import { BackBar } from './StatusPage.js';

export const CASE_KINDS = ['report', 'zombie_farm', 'water_army', 'spam_bot'];
const STATES = ['open', 'resolved', 'all'];

function queueHref(kind, state) {
  const q = new URLSearchParams();
  if (kind !== 'all') q.set('kind', kind);
  if (state !== 'open') q.set('state', state);
  const s = q.toString();
  return `/admin/cases${s ? `?${s}` : ''}`;
}

// A sentence in the UI's language from the case's counts (the server's summary is English).
export function caseSummary(c) {
  switch (c.kind) {
    case 'report': return t('case.summary.report', { count: c.reports_count || 0 });
    case 'zombie_farm': return t('case.summary.zombie_farm', { count: c.members_count || 0 });
    case 'water_army': return t('case.summary.water_army', { count: c.members_count || 0 });
    case 'spam_bot': return t('case.summary.spam_bot');
    default: return c.summary || '';
  }
}

function score(x) {
  const n = Number(x);
  if (!Number.isFinite(n)) return '–';
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function KindChip({ kind }) {
  return html`<span class=${`case-kind case-kind-${kind}`}>${t(`caseKind.${kind}`)}</span>`;
}

function CaseStateChip({ c }) {
  return c.state === 'resolved'
    ? html`<span class="chip chip-soft case-state" data-state="resolved">${t('case.state.resolved')}${c.resolution ? ` · ${t(`modAction.${c.resolution}`)}` : ''}</span>`
    : html`<span class="chip case-state" data-state="open">${t('case.state.open')}</span>`;
}

function CaseRow({ c }) {
  return html`<li class="case-row" data-case-id=${c.id}>
    <${Link} href=${`/admin/cases/${c.id}`} class="case-link" aria-label=${t('case.open', { kind: t(`caseKind.${c.kind}`), name: c.account ? displayName(c.account) : '?' })}>
      <${Avatar} account=${c.account} size=${40} link=${false} />
      <div class="case-main">
        <p class="case-line"><${KindChip} kind=${c.kind} /> <strong class="case-who">${c.account ? displayName(c.account) : t('case.noAccount')}</strong>
          ${c.account ? html`<span class="handle">@${c.account.username}</span>` : null}<${StateChips} account=${c.account} /></p>
        <p class="case-summary">${caseSummary(c)}</p>
        <p class="case-meta muted small">${t('case.score')} ${score(c.score)} · <time datetime=${c.updated_at} title=${fullTime(c.updated_at)}>${formatTime(c.updated_at)}</time></p>
      </div>
      <${CaseStateChip} c=${c} />
    <//>
  </li>`;
}

// Admins can run the detectors now instead of waiting for the periodic scan.
function ScanButton({ onDone }) {
  const s = useStore();
  const [busy, setBusy] = useState(false);
  if (!isAdmin(s.me)) return null;
  const run = async () => {
    setBusy(true);
    try {
      const r = await Api.integrityScan();
      toast(t('case.scanDone', { cases: r.cases ?? 0, zombie: r.zombie ?? 0, water: r.water_army ?? 0, bots: r.spam_bot ?? 0 }));
      onDone();
    } catch (err) {
      toast.error(err);
    } finally {
      setBusy(false);
    }
  };
  return html`<button type="button" class="btn btn-small" disabled=${busy} onClick=${run} title=${t('case.scanHint')}>
    ${busy ? t('case.scanning') : t('case.scan')}
  </button>`;
}

export function CaseQueue({ query }) {
  const kind = CASE_KINDS.includes(query.get('kind')) ? query.get('kind') : 'all';
  const state = STATES.includes(query.get('state')) ? query.get('state') : 'open';
  const paged = usePaged((q) => Api.cases({ ...q, kind: kind === 'all' ? undefined : kind, state }), [kind, state]);
  const kindTabs = ['all', ...CASE_KINDS].map((k) => ({ id: k, label: t(`caseKind.${k}`), href: queueHref(k, state) }));
  const stateTabs = STATES.map((st) => ({ id: st, label: t(`case.state.${st}`), href: queueHref(kind, st) }));
  return html`<div class="page page-cases">
    <header class="page-head"><h1>${t('case.queueTitle')}</h1><p class="muted">${t('case.queueSubtitle')}</p></header>
    <div class="admin-bar"><${AdminNav} current="cases" /><${ScanButton} onDone=${paged.reload} /></div>
    <div class="card tabs-card case-filters">
      <${Tabs} items=${kindTabs} current=${kind} label=${t('case.kindTabs')} class="case-kind-tabs" />
      <${Tabs} items=${stateTabs} current=${state} label=${t('case.stateTabs')} class="case-state-tabs" />
    </div>
    <section class="card list-card" aria-label=${t('case.queueTitle')}>
      ${!paged.loaded && paged.loading ? html`<${Spinner} />` : null}
      ${paged.error && !paged.loaded ? html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />` : null}
      ${paged.loaded && !paged.items.length ? html`<${Empty} icon="shield">${t(state === 'open' ? 'case.emptyOpen' : 'case.empty')}<//>` : null}
      <ul class="case-list">${paged.items.map((c) => html`<${CaseRow} key=${c.id} c=${c} />`)}</ul>
      ${paged.loaded && paged.items.length ? html`<${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} error=${paged.error} />` : null}
    </section>
  </div>`;
}
CaseQueue.wide = true;

// ---- evidence ---------------------------------------------------------------------------------

const pct = (x) => `${Math.round(Math.max(0, Math.min(1, Number(x) || 0)) * 100)}%`;
const num = (x) => {
  const n = Number(x);
  if (!Number.isFinite(n)) return String(x);
  if (Number.isInteger(n)) return formatNumber(n);
  return Math.abs(n) < 0.01 && n !== 0 ? n.toExponential(2) : n.toFixed(3);
};

function isIsoTime(v) {
  return typeof v === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(v);
}

function valueText(v) {
  if (v === null || v === undefined) return '–';
  if (typeof v === 'number') return num(v);
  if (typeof v === 'boolean') return v ? t('case.yes') : t('case.no');
  if (isIsoTime(v)) return fullTime(v);
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.map(valueText).join(' · ');
  return JSON.stringify(v, null, 1);
}

// Anything a renderer did not use, as key/value rows (keys are shown as they come: they are the
// detectors' own field names).
function KeyValues({ data, skip = [] }) {
  const rows = Object.entries(data || {}).filter(([k]) => !skip.includes(k));
  if (!rows.length) return null;
  return html`<dl class="kv">
    ${rows.map(([k, v]) => html`<div key=${k} class="kv-row"><dt>${k}</dt><dd class=${typeof v === 'object' && v !== null && !Array.isArray(v) ? 'kv-json' : ''}>${valueText(v)}</dd></div>`)}
  </dl>`;
}

function Stat({ label, value, hint }) {
  return html`<div class="stat" title=${hint || undefined}><span class="stat-value">${value}</span><span class="stat-label">${label}</span></div>`;
}

// Two bars on one scale: how much denser the block is than the graph around it.
function DensityBars({ density, background }) {
  const d = Number(density) || 0;
  const b = Number(background) || 0;
  const max = Math.max(d, b, 1e-12);
  const ratio = b > 0 ? d / b : null;
  return html`<figure class="density" aria-label=${t('ev.densityLabel', { d: num(d), b: num(b) })}>
    <div class="bar-row"><span class="bar-name">${t('ev.density')}</span><span class="bar-track"><span class="bar-fill" style=${`width:${Math.max(1, (d / max) * 100)}%`}></span></span><span class="bar-val">${num(d)}</span></div>
    <div class="bar-row"><span class="bar-name">${t('ev.background')}</span><span class="bar-track"><span class="bar-fill bar-bg" style=${`width:${Math.max(1, (b / max) * 100)}%`}></span></span><span class="bar-val">${num(b)}</span></div>
    ${ratio ? html`<figcaption class="muted small">${t('ev.ratio', { x: ratio >= 10 ? Math.round(ratio) : ratio.toFixed(1) })}</figcaption>` : null}
  </figure>`;
}

function SignalBars({ signals }) {
  const keys = Object.keys(signals || {});
  if (!keys.length) return null;
  return html`<div class="signals">
    <h4 class="ev-sub">${t('ev.signals')}</h4>
    ${keys.map((k) => html`<div key=${k} class="bar-row" data-signal=${k}>
      <span class="bar-name">${t(`ev.signal.${k}`) === `ev.signal.${k}` ? k : t(`ev.signal.${k}`)}</span>
      <span class="bar-track" role="img" aria-label=${pct(signals[k])}><span class="bar-fill bar-signal" style=${`width:${pct(signals[k])}`}></span></span>
      <span class="bar-val">${pct(signals[k])}</span>
    </div>`)}
  </div>`;
}

function FarmEvidence({ ev }) {
  const between = Array.isArray(ev.created_between) ? ev.created_between : null;
  return html`<div class="evidence evidence-farm">
    <div class="stats">
      ${ev.fans !== undefined ? html`<${Stat} label=${t('ev.fans')} value=${num(ev.fans)} />` : null}
      ${ev.customers !== undefined ? html`<${Stat} label=${t('ev.customers')} value=${num(ev.customers)} />` : null}
      ${ev.edges !== undefined ? html`<${Stat} label=${t('ev.edges')} value=${num(ev.edges)} />` : null}
    </div>
    ${ev.density !== undefined ? html`<${DensityBars} density=${ev.density} background=${ev.background_density} />` : null}
    <${SignalBars} signals=${ev.signals} />
    ${between ? html`<p class="small">${t('ev.createdBetween', { from: fullTime(between[0]), to: fullTime(between[1]) })}</p>` : null}
    <${KeyValues} data=${ev} skip=${['fans', 'customers', 'edges', 'density', 'background_density', 'signals', 'created_between']} />
  </div>`;
}

// The water army's windows on one time axis: each row a post, its bar from the first to the last
// coordinated action, labelled with how many members acted.
function Timeline({ windows }) {
  const ws = windows.map((w) => ({ ...w, b: Date.parse(w.begin), e: Date.parse(w.end) })).filter((w) => Number.isFinite(w.b) && Number.isFinite(w.e));
  if (!ws.length) return null;
  const shown = ws.slice(0, 50);
  const min = Math.min(...shown.map((w) => w.b));
  const max = Math.max(...shown.map((w) => w.e));
  const span = Math.max(1, max - min);
  return html`<figure class="timeline">
    <figcaption class="ev-sub">${t('ev.timeline')}</figcaption>
    <ol class="timeline-rows">
      ${shown.map((w, i) => {
        const left = ((w.b - min) / span) * 100;
        const width = Math.max(0.8, ((w.e - w.b) / span) * 100);
        const label = t('ev.window', { from: fullTime(w.begin), to: fullTime(w.end), n: w.members });
        return html`<li key=${i} class="timeline-row" data-post=${w.post}>
          <${Link} href=${`/status/${w.post}`} class="timeline-post small">${t('ev.post', { n: i + 1 })}<//>
          <span class="timeline-track" role="img" aria-label=${label} title=${label}>
            <span class="timeline-bar" style=${`left:${Math.min(left, 99.2)}%;width:${Math.min(width, 100 - Math.min(left, 99.2))}%`}></span>
          </span>
          <span class="timeline-n small">${t('ev.members', { n: w.members })}</span>
        </li>`;
      })}
    </ol>
    <div class="timeline-axis muted small"><span>${fullTime(new Date(min).toISOString())}</span><span>${fullTime(new Date(max).toISOString())}</span></div>
    ${ws.length > shown.length ? html`<p class="muted small">${t('ev.moreWindows', { n: ws.length - shown.length })}</p>` : null}
  </figure>`;
}

function CrewEvidence({ ev }) {
  const texts = Array.isArray(ev.texts) ? ev.texts : [];
  return html`<div class="evidence evidence-crew">
    <div class="stats">
      ${ev.posts !== undefined ? html`<${Stat} label=${t('ev.posts')} value=${num(ev.posts)} />` : null}
      ${ev.duplicate_text_share !== undefined ? html`<${Stat} label=${t('ev.duplicateShare')} value=${pct(ev.duplicate_text_share)} />` : null}
      ${ev.tightness !== undefined ? html`<${Stat} label=${t('ev.tightness')} value=${num(ev.tightness)} hint=${t('ev.tightnessHint')} />` : null}
    </div>
    ${Array.isArray(ev.windows) && ev.windows.length ? html`<${Timeline} windows=${ev.windows} />` : null}
    ${texts.length ? html`<div><h4 class="ev-sub">${t('ev.texts')}</h4><ul class="ev-texts">${texts.map((x, i) => html`<li key=${i} class="ev-text">${x}</li>`)}</ul></div>` : null}
    <${KeyValues} data=${ev} skip=${['posts', 'duplicate_text_share', 'tightness', 'windows', 'texts']} />
  </div>`;
}

function SpamEvidence({ ev }) {
  const reasons = Array.isArray(ev.reasons) ? ev.reasons : [];
  return html`<div class="evidence evidence-spam">
    <div class="stats">
      ${ev.posts !== undefined ? html`<${Stat} label=${t('ev.posts')} value=${num(ev.posts)} />` : null}
      ${ev.spam_posts !== undefined ? html`<${Stat} label=${t('ev.spamPosts')} value=${num(ev.spam_posts)} />` : null}
    </div>
    ${ev.example ? html`<div><h4 class="ev-sub">${t('ev.example')}</h4><blockquote class="ev-text">${ev.example}</blockquote></div>` : null}
    ${reasons.length ? html`<div><h4 class="ev-sub">${t('ev.reasons')}</h4><ul class="ev-reasons">${reasons.map((r, i) => html`<li key=${i}>${r}</li>`)}</ul></div>` : null}
    <${KeyValues} data=${ev} skip=${['posts', 'spam_posts', 'example', 'reasons']} />
  </div>`;
}

export function Evidence({ c }) {
  const ev = c.evidence;
  if (ev === null || ev === undefined) return null;
  let body;
  if (typeof ev !== 'object' || Array.isArray(ev)) body = html`<p class="ev-text">${valueText(ev)}</p>`;
  else if (c.kind === 'zombie_farm') body = html`<${FarmEvidence} ev=${ev} />`;
  else if (c.kind === 'water_army') body = html`<${CrewEvidence} ev=${ev} />`;
  else if (c.kind === 'spam_bot') body = html`<${SpamEvidence} ev=${ev} />`;
  else body = html`<${KeyValues} data=${ev} />`;
  return html`<section class="card case-section" aria-labelledby="case-evidence"><h2 id="case-evidence" class="card-title">${t('case.evidence')}</h2>${body}</section>`;
}

// Members (a farm's fans, a crew) or targets (a farm's customers): the first 30, then all.
function AccountsSection({ id, title, accounts, total }) {
  const [all, setAll] = useState(false);
  if (!accounts?.length) return null;
  const shown = all ? accounts : accounts.slice(0, 30);
  return html`<section class="card case-section" aria-labelledby=${id}>
    <h2 id=${id} class="card-title">${title} <span class="muted small">${formatNumber(Math.max(total || 0, accounts.length))}</span></h2>
    <ul class="case-accounts">
      ${shown.map((a) => html`<li key=${a.id} class="case-account"><${Avatar} account=${a} size=${28} /><${Name} account=${a} /><${StateChips} account=${a} /></li>`)}
    </ul>
    ${accounts.length > shown.length ? html`<button type="button" class="btn btn-small btn-ghost" onClick=${() => setAll(true)}>${t('case.showAll', { n: accounts.length })}</button>` : null}
  </section>`;
}

function Reports({ reports }) {
  if (!reports?.length) return null;
  return html`<section class="card case-section" aria-labelledby="case-reports">
    <h2 id="case-reports" class="card-title">${t('case.reports')} <span class="muted small">${reports.length}</span></h2>
    <ul class="case-reports">
      ${reports.map((r) => html`<li key=${r.id} class="case-report">
        <${Avatar} account=${r.reporter} size=${32} />
        <div class="case-report-main">
          <p><${Name} account=${r.reporter} /> <span class="muted">${t('case.reported')}</span> <span class="chip">${t(`report.cat.${r.category}`)}</span></p>
          ${r.comment ? html`<p class="case-report-text">${r.comment}</p>` : null}
          <p class="muted small">
            ${r.status_ids?.length ? html`<${Link} href=${`/status/${r.status_ids[0]}`}>${t('case.reportedPost')}<//> · ` : null}
            ${r.comment_id ? html`<span>${t('case.reportedComment')}</span> · ` : null}
            <time datetime=${r.created_at} title=${fullTime(r.created_at)}>${formatTime(r.created_at)}</time>
          </p>
        </div>
      </li>`)}
    </ul>
  </section>`;
}

// What a moderator can do with a case: resolving actions, and undoing ones on the accounts.
const CASE_ACTIONS = {
  dismiss: { danger: false },
  limit: { danger: false },
  unlimit: { danger: false },
  remove_follows: { danger: true, confirm: true },
  suspend: { danger: true, confirm: true },
  restore: { danger: false },
};

// For a report, what fits the one account's state; for a group, every action (its accounts are
// in different states, and the server skips what does not apply).
function actionsFor(c) {
  const out = c.state === 'open' ? ['dismiss'] : [];
  if (c.kind === 'report') {
    const a = c.account || {};
    if (a.suspended) out.push('restore');
    else out.push(a.limited ? 'unlimit' : 'limit', 'suspend');
    return out;
  }
  out.push('limit');
  if ((c.targets || []).length) out.push('remove_follows');
  out.push('suspend', 'unlimit', 'restore');
  return out;
}

export function CasePage({ id }) {
  const [c, setC] = useState(null);
  const [error, setError] = useState(null);
  const [dialog, setDialog] = useState('');
  const load = () => {
    setError(null);
    return Api.case(id).then(setC, setError);
  };
  useEffect(() => { setC(null); load(); }, [id]);
  if (error) {
    return html`<div class="page"><${BackBar} title=${t('case.title')} />${error.code === 'not_found'
      ? html`<${Empty} icon="shield">${t('case.notFound')}<//>` : html`<${ErrorNote} error=${error} onRetry=${load} />`}</div>`;
  }
  if (!c) return html`<div class="page"><${BackBar} title=${t('case.title')} /><${Spinner} /></div>`;
  const a = c.account;
  const group = c.kind !== 'report';
  const run = async (type, reason) => {
    await Api.caseAction(c.id, type, reason);
    toast(t('case.done', { action: t(`modAction.${type}`) }));
    await load();
  };
  const vars = { name: a ? displayName(a) : '?', count: group ? Math.max(c.members_count || 0, c.members?.length || 0) : 1, targets: c.targets?.length || 0 };
  return html`<div class="page page-case">
    <${BackBar} title=${t('case.title')} />
    <section class="card case-head" aria-label=${t('case.subject')}>
      <div class="case-head-top">
        <${KindChip} kind=${c.kind} /><${CaseStateChip} c=${c} />
        <span class="muted small">${t('case.created', { time: fullTime(c.created_at) })} · ${t('case.updated', { time: fullTime(c.updated_at) })}</span>
      </div>
      ${a ? html`<div class="case-subject">
        <${Avatar} account=${a} size=${56} />
        <div>
          <p><${Name} account=${a} handle /><${StateChips} account=${a} /></p>
          <p class="muted small">${t('profile.fans')} ${formatNumber(a.followers_count)}${typeof a.real_followers_count === 'number' ? ` · ${t('real.label')} ${formatNumber(a.real_followers_count)}` : ''} · ${t('profile.posts')} ${formatNumber(a.statuses_count)}</p>
          <p class="small"><${Link} href=${`/@${a.username}`}>${t('admin.viewProfile')}<//> · <${Link} href=${`/admin/log?account_id=${a.id}`}>${t('mod.viewLog')}<//></p>
        </div>
      </div>` : null}
      <p class="case-summary-big">${caseSummary(c)}</p>
      <div class="stats">
        <${Stat} label=${t('case.score')} value=${score(c.score)} hint=${t(`case.scoreHint.${c.kind}`)} />
        ${group ? html`<${Stat} label=${t('case.membersCount')} value=${formatNumber(c.members_count || 0)} />` : html`<${Stat} label=${t('case.reportsCount')} value=${formatNumber(c.reports_count || 0)} />`}
      </div>
      ${c.summary ? html`<p class="muted small case-raw-summary">${t('case.detectorSays')}${c.summary}</p>` : null}
      ${c.state === 'resolved' && c.resolution ? html`<p class="case-resolution">${t('case.resolvedAs', { action: t(`modAction.${c.resolution}`) })}</p>` : null}
    </section>
    <section class="card case-section case-actions" aria-labelledby="case-actions">
      <h2 id="case-actions" class="card-title">${t('case.actions')}</h2>
      <p class="muted small">${group ? t('case.actionsGroup', vars) : t('case.actionsOne', vars)}</p>
      <div class="case-buttons">
        ${actionsFor(c).map((type) => html`<button key=${type} type="button" class=${`btn btn-small${CASE_ACTIONS[type].danger ? ' btn-danger' : ''}`} data-action=${type}
          onClick=${() => setDialog(type)}>${t(`caseAction.${type}`)}</button>`)}
      </div>
    </section>
    <${Evidence} c=${c} />
    <${Reports} reports=${c.reports} />
    <${AccountsSection} id="case-members" title=${c.kind === 'zombie_farm' ? t('case.fans') : t('case.members')} accounts=${group ? c.members : []} total=${c.members_count} />
    <${AccountsSection} id="case-targets" title=${t('case.customers')} accounts=${c.targets} />
    <section class="card case-section" aria-labelledby="case-log">
      <h2 id="case-log" class="card-title">${t('case.log')}</h2>
      ${c.log?.length ? html`<ul class="log-list">${c.log.map((e) => html`<${LogEntry} key=${e.id} e=${e} inCase />`)}</ul>` : html`<p class="muted small">${t('case.noLog')}</p>`}
    </section>
    ${dialog ? html`<${ReasonDialog} title=${t(`caseAction.${dialog}`)} text=${t(`caseActionText.${dialog}`, vars)}
      actionLabel=${t(`caseAction.${dialog}`)} danger=${CASE_ACTIONS[dialog].danger}
      confirmText=${CASE_ACTIONS[dialog].confirm ? t(`caseActionConfirm.${dialog}`, vars) : undefined}
      onSubmit=${(r) => run(dialog, r)} onClose=${() => setDialog('')} />` : null}
  </div>`;
}
CasePage.wide = true;
