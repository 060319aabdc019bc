// Monitors: a brand's saved keywords and topics (/analytics/monitors: list, create), and one
// monitor's report (/analytics/monitors/:id: volume all and real, top posts, top accounts,
// alerts; edit, delete).
import { useMemo, useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t, formatTime, fullTime } from '../../lib/i18n.js';
import { Link, navigate } from '../../lib/router.js';
import { csvName } from '../../lib/csv.js';
import { ErrorNote, Confirm, toast } from '../../components/ui.js';
import { Chart, lineOption, SERIES } from '../../components/charts.js';
import {
  AnalyticsApi, useLoad, LoadState, Figure, Figures, Section, DataTable, AccountCell, accountColumns,
  AnalyticsNav, PageHead, fmtInt, fmtNum, fmtDate, backLink,
} from './common.js';
import { clip } from './Cascade.js';

const HOURS = [24, 72, 168];
const MAX_TERMS = 20;

// "新品, 发布会；#话题#" → ['新品', '发布会', '话题']: commas (either width), semicolons, new lines.
export function splitTerms(s, stripHash = false) {
  const out = [];
  for (let x of String(s).split(/[,，;；\n、]+/)) {
    x = x.trim();
    if (stripHash) x = x.replace(/^#|#$/g, '').trim();
    if (x && !out.includes(x)) out.push(x);
  }
  return out;
}

function MonitorForm({ monitor, onSaved, onCancel }) {
  const [name, setName] = useState(monitor?.name || '');
  const [keywords, setKeywords] = useState((monitor?.keywords || []).join(', '));
  const [topics, setTopics] = useState((monitor?.topics || []).join(', '));
  const [webhook, setWebhook] = useState(monitor?.webhook_url || '');
  const [burst, setBurst] = useState(String(monitor?.burst_factor ?? 3));
  const [minPosts, setMinPosts] = useState(String(monitor?.min_posts ?? 10));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const kw = splitTerms(keywords);
  const tp = splitTerms(topics, true);
  // The server sends webhooks over plain HTTP only (docs/api.md: https is refused with 422).
  const hookOk = !webhook.trim() || /^http:\/\/\S+$/i.test(webhook.trim());
  const burstOk = Number(burst) >= 1.5 && Number(burst) <= 100;
  const minOk = Number.isInteger(Number(minPosts)) && Number(minPosts) >= 1 && Number(minPosts) <= 100000;
  const termsOk = kw.length <= MAX_TERMS && tp.length <= MAX_TERMS && kw.every((x) => [...x].length <= 50) && tp.every((x) => [...x].length <= 50);
  const ok = name.trim() && [...name.trim()].length <= 50 && (kw.length || tp.length) && termsOk && hookOk && burstOk && minOk;
  const submit = async (e) => {
    e.preventDefault();
    if (!ok) return;
    setBusy(true);
    setError(null);
    // On PATCH an empty array changes nothing; "" empties the list.
    const list = (xs) => (xs.length || !monitor ? xs : '');
    const body = { name: name.trim(), keywords: list(kw), topics: list(tp), webhook_url: webhook.trim(), burst_factor: Number(burst), min_posts: Number(minPosts) };
    try {
      const m = monitor ? await AnalyticsApi.updateMonitor(monitor.id, body) : await AnalyticsApi.createMonitor(body);
      toast(t(monitor ? 'an.mon.saved' : 'an.mon.created'));
      onSaved(m);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const fid = monitor ? `mon-edit-${monitor.id}` : 'mon-new';
  return html`<form class="card an-form an-mon-form" onSubmit=${submit} aria-labelledby=${`${fid}-title`}>
    <h2 id=${`${fid}-title`} class="card-title">${monitor ? t('an.mon.edit') : t('an.mon.new')}</h2>
    <div class="an-form-grid">
      <label class="field"><span>${t('an.mon.name')}</span>
        <input class="input" name="name" maxlength="50" required value=${name} onInput=${(e) => setName(e.target.value)} placeholder=${t('an.mon.namePlaceholder')} /></label>
      <label class="field"><span>${t('an.mon.keywords')}</span>
        <input class="input" name="keywords" maxlength="1000" value=${keywords} onInput=${(e) => setKeywords(e.target.value)} placeholder=${t('an.mon.keywordsPlaceholder')} />
        <small class=${kw.length > MAX_TERMS ? 'over' : 'muted'}>${t('an.mon.termsHint', { n: kw.length, max: MAX_TERMS })}</small></label>
      <label class="field"><span>${t('an.mon.topics')}</span>
        <input class="input" name="topics" maxlength="1000" value=${topics} onInput=${(e) => setTopics(e.target.value)} placeholder=${t('an.mon.topicsPlaceholder')} />
        <small class=${tp.length > MAX_TERMS ? 'over' : 'muted'}>${t('an.mon.termsHint', { n: tp.length, max: MAX_TERMS })}</small></label>
      <label class="field"><span>${t('an.mon.webhook')}</span>
        <input class="input" name="webhook_url" type="url" maxlength="512" value=${webhook} onInput=${(e) => setWebhook(e.target.value)} placeholder="http://" />
        <small class=${hookOk ? 'muted' : 'over'}>${hookOk ? t('an.mon.webhookHint') : t('an.mon.webhookBad')}</small></label>
      <label class="field"><span>${t('an.mon.burst')}</span>
        <input class="input" name="burst_factor" type="number" min="1.5" max="100" step="0.1" value=${burst} onInput=${(e) => setBurst(e.target.value)} />
        <small class=${burstOk ? 'muted' : 'over'}>${t('an.mon.burstHint')}</small></label>
      <label class="field"><span>${t('an.mon.minPosts')}</span>
        <input class="input" name="min_posts" type="number" min="1" max="100000" step="1" value=${minPosts} onInput=${(e) => setMinPosts(e.target.value)} />
        <small class=${minOk ? 'muted' : 'over'}>${t('an.mon.minPostsHint')}</small></label>
    </div>
    <${ErrorNote} error=${error} />
    <div class="form-actions">
      ${onCancel ? html`<button type="button" class="btn" onClick=${onCancel}>${t('common.cancel')}</button>` : null}
      <button type="submit" class="btn btn-primary" disabled=${busy || !ok}>${monitor ? t('common.save') : t('an.mon.create')}</button>
    </div>
  </form>`;
}

const monitorList = (x) => (Array.isArray(x) ? x : x?.monitors || []);
const terms = (m) => [...(m.keywords || []), ...(m.topics || []).map((x) => `#${x}#`)].join(' ');

export function MonitorsPage() {
  const load = useLoad(() => AnalyticsApi.monitors(), []);
  const list = monitorList(load.data);
  return html`<div class="page page-analytics page-monitors">
    <${AnalyticsNav} current="monitors" />
    <${PageHead} title=${t('an.mon.title')} subtitle=${t('an.mon.subtitle')} />
    <${MonitorForm} onSaved=${(m) => navigate(`/analytics/monitors/${m.id}`)} />
    <${Section} id="mon-list" title=${t('an.mon.mine')}>
      <${LoadState} load=${load} />
      ${load.data ? html`<${DataTable} id="monitors" filename=${csvName('monitors')} rows=${list} rowKey=${(m) => m.id} empty=${t('an.mon.none')} columns=${[
        { key: 'name', label: t('an.mon.name'), render: (m) => html`<${Link} href=${`/analytics/monitors/${m.id}`}>${m.name}<//>` },
        { label: t('an.mon.terms'), value: terms },
        { key: 'burst_factor', label: t('an.mon.burst'), num: true, digits: 1 },
        { key: 'webhook_url', label: t('an.mon.webhook'), render: (m) => (m.webhook_url ? t('an.mon.hookOn') : html`<span class="muted">–</span>`) },
        { key: 'created_at', label: t('an.col.time'), render: (m) => html`<time title=${fullTime(m.created_at)}>${formatTime(m.created_at)}</time>` },
      ]} />` : null}
    <//>
  </div>`;
}
MonitorsPage.wide = true;

export function MonitorPage({ id, query }) {
  const hours = HOURS.includes(Number(query?.get('hours'))) ? Number(query.get('hours')) : 24;
  const load = useLoad(() => AnalyticsApi.monitorReport(id, hours), [id, hours]);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const r = load.data;
  const m = r?.monitor;
  const volume = r?.volume || [];
  const hasReal = volume.some((v) => typeof v.real_posts === 'number');
  const opt = useMemo(() => (volume.length ? lineOption({
    x: volume.map((v) => fmtDate(v.at)),
    series: [{ name: t('an.all'), data: volume.map((v) => v.posts ?? 0), area: true },
      ...(hasReal ? [{ name: t('an.real'), data: volume.map((v) => v.real_posts ?? 0), color: SERIES[1] }] : [])],
  }) : null), [r, t('an.all')]);
  const total = typeof r?.posts === 'number' ? r.posts : volume.reduce((s, v) => s + (v.posts || 0), 0);
  const alerts = r?.alerts || [];
  const file = (w) => csvName('monitor', m?.name || id, w);
  return html`<div class="page page-analytics page-monitor">
    <${AnalyticsNav} current="monitors" />
    ${backLink('/analytics/monitors', t('an.mon.back'))}
    <${PageHead} title=${m ? m.name : t('an.mon.title')} subtitle=${m ? terms(m) : ''}>
      ${m ? html`<div class="an-actions">
        <nav class="an-days" aria-label=${t('an.mon.period')}>
          ${HOURS.map((n) => html`<${Link} key=${n} href=${`/analytics/monitors/${id}?hours=${n}`} class=${`chip${n === hours ? ' chip-on' : ''}`} aria-current=${n === hours ? 'page' : undefined}>${t('an.mon.hours', { n })}<//>`)}
        </nav>
        <button type="button" class="btn btn-small" onClick=${() => setEditing(!editing)} aria-expanded=${editing ? 'true' : 'false'}>${t('an.mon.editBtn')}</button>
        <button type="button" class="btn btn-small btn-danger" onClick=${() => setDeleting(true)}>${t('an.mon.delete')}</button>
      </div>` : null}
    <//>
    <${LoadState} load=${load} forbidden="an.mon.forbidden" notFound="an.mon.notFound" />
    ${editing && m ? html`<${MonitorForm} monitor=${m} onCancel=${() => setEditing(false)} onSaved=${(x) => { setEditing(false); load.setData({ ...r, monitor: { ...m, ...x } }); load.reload({ quiet: true }); }} />` : null}
    ${deleting && m ? html`<${Confirm} title=${t('an.mon.deleteTitle')} text=${t('an.mon.deleteText', { name: m.name })} confirmLabel=${t('an.mon.delete')}
      onConfirm=${async () => { await AnalyticsApi.deleteMonitor(m.id); toast(t('an.mon.deleted')); navigate('/analytics/monitors'); }} onClose=${() => setDeleting(false)} />` : null}
    ${r ? html`
      <${Figures} label=${t('an.mon.figures')}>
        <${Figure} id="volume" label=${t('an.mon.volume', { n: hours })} value=${fmtInt(total)} />
        ${typeof r.real_posts === 'number' ? html`<${Figure} id="real-volume" label=${t('an.mon.realVolume', { n: hours })} value=${fmtInt(r.real_posts)} />` : null}
        <${Figure} id="alerts" label=${t('an.mon.alerts')} value=${fmtInt(alerts.length)} />
        <${Figure} id="burst" label=${t('an.mon.burst')} value=${`×${fmtNum(m?.burst_factor)}`} />
      <//>
      <${Section} id="mon-volume" title=${t('an.mon.volumeChart')}>
        ${opt ? html`<${Chart} option=${opt} height=${260} label=${t('an.mon.volumeChart')} testId="monitor-volume" />` : null}
        <${DataTable} id="volume" folded filename=${file('volume')} rows=${volume} empty=${t('an.mon.noVolume')} columns=${[
          { key: 'at', label: t('an.col.time'), render: (v) => fmtDate(v.at) },
          { key: 'posts', label: t('an.all'), num: true },
          ...(hasReal ? [{ key: 'real_posts', label: t('an.real'), num: true }] : []),
        ]} />
      <//>
      <${Section} id="mon-posts" title=${t('an.mon.topPosts')}>
        <${DataTable} id="top-posts" filename=${file('posts')} rows=${r.top_posts || []} rowKey=${(p) => p.id} empty=${t('an.mon.noPosts')} columns=${[
          { label: t('an.col.post'), value: (p) => p.text, render: (p) => html`<${Link} href=${`/status/${p.id}`} class="an-post-link">${clip(p.text || '', 60)}<//>` },
          { label: t('an.col.account'), value: (p) => p.account?.username, render: (p) => html`<${AccountCell} account=${p.account} />` },
          { key: 'created_at', label: t('an.col.time'), render: (p) => html`<time title=${fullTime(p.created_at)}>${formatTime(p.created_at)}</time>` },
          { label: t('an.account.forwards'), value: (p) => p.forwards_count ?? p.reblogs_count ?? 0, num: true },
          { label: t('an.account.comments'), value: (p) => p.comments_count ?? 0, num: true },
          { label: t('an.account.likes'), value: (p) => p.favourites_count ?? 0, num: true },
        ]} />
      <//>
      <${Section} id="mon-accounts" title=${t('an.mon.topAccounts')}>
        <${DataTable} id="top-accounts" filename=${file('accounts')} rows=${r.top_accounts || []} rowKey=${(a) => a.account?.id} empty=${t('an.mon.noPosts')} columns=${[
          { label: t('an.col.account'), value: (a) => a.account?.username, csv: false, render: (a) => html`<${AccountCell} account=${a.account} />` },
          ...accountColumns(),
          { key: 'posts', label: t('an.mon.posts'), num: true },
          { label: t('an.kols.fans'), value: (a) => a.account?.followers_count, num: true },
        ]} />
      <//>
      <${Section} id="mon-alerts" title=${t('an.mon.alerts')}>
        <${DataTable} id="alerts" filename=${file('alerts')} rows=${alerts} rowKey=${(a) => a.id} empty=${t('an.mon.noAlerts')} columns=${[
          { key: 'at', label: t('an.col.time'), render: (a) => html`<time title=${fullTime(a.at)}>${fmtDate(a.at)}</time>` },
          { key: 'volume', label: t('an.mon.alertVolume'), num: true },
          { key: 'baseline', label: t('an.mon.baseline'), num: true, digits: 1 },
          { label: t('an.mon.delivered'), value: (a) => (a.delivered ? 1 : 0), render: (a) => (a.delivered ? t('an.mon.yes') : t('an.mon.no')) },
          { key: 'status_code', label: t('an.mon.statusCode'), num: true, render: (a) => (a.status_code ? String(a.status_code) : '–') },
        ]} />
      <//>
    ` : null}
  </div>`;
}
MonitorPage.wide = true;

