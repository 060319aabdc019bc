// What the analytics pages share: the API calls of docs/analytics.md, a loader hook, the
// loading / empty / 403 / error states, headline figures, a table with CSV export, and the nav
// between the analytics pages.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t, formatNumber, langInfo } from '../../lib/i18n.js';
import { get, post, patch, del } from '../../lib/api.js';
import { Link } from '../../lib/router.js';
import { useStore } from '../../lib/store.js';
import { displayName } from '../../lib/text.js';
import { downloadCsv, csvName, cellValue } from '../../lib/csv.js';
import { Avatar, Name, Spinner, ErrorNote, Empty, Tabs } from '../../components/ui.js';
import { Icon } from '../../components/icons.js';

const A = '/api/v1/analytics';
export const AnalyticsApi = {
  cascade: (id, treeLimit) => get(`${A}/posts/${id}/cascade`, { tree_limit: treeLimit }),
  account: (id, days) => get(`${A}/accounts/${id}`, { days }),
  audit: (id) => get(`${A}/accounts/${id}/audit`),
  overlap: (a, b) => get(`${A}/overlap`, { a, b }),
  kols: (topic, { limit = 50, offset = 0 } = {}) => get(`${A}/kols`, { topic, limit, offset }),
  startSeeding: (p) => post(`${A}/seeding`, p),
  seedingRuns: () => get(`${A}/seeding`),
  seedingRun: (id) => get(`${A}/seeding/${id}`),
  monitors: () => get(`${A}/monitors`),
  monitor: (id) => get(`${A}/monitors/${id}`),
  createMonitor: (p) => post(`${A}/monitors`, p),
  updateMonitor: (id, p) => patch(`${A}/monitors/${id}`, p),
  deleteMonitor: (id) => del(`${A}/monitors/${id}`),
  monitorReport: (id, hours) => get(`${A}/monitors/${id}/report`, { hours }),
};

// load() → {data, error, loading, reload, setData}. `deps` reload it; a stale answer (the deps
// changed meanwhile) is dropped.
export function useLoad(fn, deps) {
  const [state, setState] = useState({ data: null, error: null, loading: true });
  const seq = useRef(0);
  const reload = useCallback(async ({ quiet = false } = {}) => {
    const n = ++seq.current;
    if (!quiet) setState((s) => ({ ...s, loading: true, error: null }));
    try {
      const data = await fn();
      if (n === seq.current) setState({ data, error: null, loading: false });
    } catch (error) {
      if (n === seq.current) setState((s) => ({ data: quiet ? s.data : null, error, loading: false }));
    }
  }, deps);
  useEffect(() => { setState({ data: null, error: null, loading: true }); reload(); }, deps);
  return { ...state, reload, setData: (data) => setState((s) => ({ ...s, data })) };
}

// Loading, or why there is nothing: 403 names who may see it (`forbidden` is the message key),
// 404 says it does not exist, anything else is an error with a retry.
export function LoadState({ load, forbidden = 'an.forbidden', notFound = 'an.notFound' }) {
  if (load.loading && !load.data) return html`<${Spinner} />`;
  const err = load.error;
  if (!err) return null;
  if (err.status === 403) {
    return html`<div class="an-notice an-forbidden" role="alert"><${Icon} name="lock" size=${18} /><span>${t(forbidden)}</span></div>`;
  }
  if (err.status === 404) return html`<${Empty} icon="explore">${t(notFound)}<//>`;
  return html`<${ErrorNote} error=${err} onRetry=${load.reload} />`;
}

// Numbers in the reader's language: 12,345 / 12,345; shares as 81.2%.
export function fmtInt(n) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  return Math.round(n).toLocaleString(langInfo().locale);
}
export function fmtNum(n, digits = 1) {
  if (typeof n !== 'number' || !Number.isFinite(n)) return '–';
  return n.toLocaleString(langInfo().locale, { maximumFractionDigits: digits });
}
export function fmtPct(x, digits = 1) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return '–';
  return `${(x * 100).toFixed(digits).replace(/\.0+$/, '')}%`;
}
export function fmtDuration(s) {
  if (typeof s !== 'number' || !Number.isFinite(s)) return '–';
  if (s < 60) return t('an.dur.s', { n: Math.round(s) });
  if (s < 3600) return t('an.dur.min', { n: Math.round(s / 60) });
  if (s < 86400) return t('an.dur.h', { n: fmtNum(s / 3600) });
  return t('an.dur.d', { n: fmtNum(s / 86400) });
}
export function fmtDate(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(langInfo().locale, { month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// A headline figure: big value, label below, an optional note (e.g. "real 97").
export function Figure({ label, value, note, id, title }) {
  return html`<div class="an-figure" data-figure=${id} title=${title}>
    <span class="an-figure-value">${value}</span>
    <span class="an-figure-label">${label}</span>
    ${note ? html`<span class="an-figure-note">${note}</span>` : null}
  </div>`;
}

export function Figures({ children, label }) {
  return html`<div class="an-figures" role="group" aria-label=${label}>${children}</div>`;
}

export function Section({ id, title, actions, children, class: cls = '' }) {
  return html`<section class=${`card an-section ${cls}`} aria-labelledby=${id}>
    <div class="an-section-head"><h2 id=${id} class="card-title">${title}</h2>${actions ? html`<div class="an-actions">${actions}</div>` : null}</div>
    ${children}
  </section>`;
}

export function CsvButton({ filename, columns, rows, disabled }) {
  return html`<button type="button" class="btn btn-small an-csv" disabled=${disabled || !rows?.length}
    onClick=${() => downloadCsv(filename, columns.filter((c) => c.csv !== false), rows)}>
    <${Icon} name="download" size=${14} /> ${t('an.exportCsv')}
  </button>`;
}

// A table with an "Export CSV" button. columns: [{key|value, label, render?, num?, csv?}] —
// `render` is what the page shows, `value` / `key` what the CSV holds.
// `folded`: the rows sit behind a "show the table" toggle (a chart above already shows them).
export function DataTable({ columns, rows, filename, caption, empty, id, rowKey = (r, i) => i, folded = false }) {
  const [open, setOpen] = useState(!folded);
  return html`<div class="an-table-wrap" data-table=${id}>
    <div class="an-table-bar">
      ${folded && rows?.length ? html`<button type="button" class="btn btn-small btn-ghost" aria-expanded=${open ? 'true' : 'false'} onClick=${() => setOpen(!open)}>
        ${open ? t('an.hideTable') : t('an.showTable', { n: rows.length })}</button>`
        : caption ? html`<span class="muted small">${caption}</span>` : html`<span></span>`}
      <${CsvButton} filename=${filename} columns=${columns} rows=${rows} />
    </div>
    ${rows?.length && !open ? null : rows?.length ? html`<div class="an-table-scroll"><table class="an-table">
      <thead><tr>${columns.filter((c) => c.show !== false).map((c) => html`<th scope="col" class=${c.num ? 'num' : ''}>${c.label}</th>`)}</tr></thead>
      <tbody>${rows.map((r, i) => html`<tr key=${rowKey(r, i)}>
        ${columns.filter((c) => c.show !== false).map((c) => html`<td class=${c.num ? 'num' : ''}>${c.render ? c.render(r, i) : fmtCell(cellValue(c, r), c)}</td>`)}
      </tr>`)}</tbody>
    </table></div>` : html`<p class="muted an-empty">${empty || t('an.noRows')}</p>`}
  </div>`;
}

function fmtCell(v, c) {
  if (typeof v === 'number') return c.pct ? fmtPct(v) : Number.isInteger(v) ? fmtInt(v) : fmtNum(v, c.digits ?? 2);
  return v ?? '';
}

// An account in a table cell: avatar, name and handle, linking to the profile.
export function AccountCell({ account }) {
  if (!account) return null;
  return html`<span class="an-account"><${Avatar} account=${account} size=${24} /><${Name} account=${account} handle /></span>`;
}

// CSV columns for an account: handle and name, so the file stands alone.
export function accountColumns(get = (r) => r.account) {
  return [
    { label: t('an.col.handle'), value: (r) => get(r)?.username ?? '', show: false },
    { label: t('an.col.name'), value: (r) => (get(r) ? displayName(get(r)) : ''), show: false },
  ];
}

export function AnalyticsNav({ current }) {
  const s = useStore();
  const items = [
    { id: 'home', label: t('an.nav.home'), href: '/analytics' },
    { id: 'account', label: t('an.nav.account'), href: s.me ? `/analytics/accounts/${s.me.id}` : '/analytics' },
    { id: 'kols', label: t('an.nav.kols'), href: '/analytics/kols' },
    { id: 'seeding', label: t('an.nav.seeding'), href: '/analytics/seeding' },
    { id: 'monitors', label: t('an.nav.monitors'), href: '/analytics/monitors' },
  ];
  return html`<div class="card tabs-card an-nav"><${Tabs} items=${items} current=${current} label=${t('an.nav.label')} /></div>`;
}

export function PageHead({ title, subtitle, children }) {
  return html`<header class="page-head an-head"><div><h1>${title}</h1>${subtitle ? html`<p class="muted">${subtitle}</p>` : null}</div>${children}</header>`;
}

// Compact count for figures ("1.2万"), with the exact count in the title.
export function Count({ n, approx = false }) {
  if (typeof n !== 'number') return html`<span>–</span>`;
  return html`<span title=${fmtInt(n)}>${approx ? '≈' : ''}${formatNumber(n)}</span>`;
}

export function backLink(href, label) {
  return html`<${Link} href=${href} class="muted-link an-back"><${Icon} name="back" size=${14} /> ${label}<//>`;
}
