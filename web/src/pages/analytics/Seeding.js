// Campaign seeding: the form that starts a run (k, topic, budget and cost model), my runs, and a
// run's page (/analytics/seeding/:id), polled while it runs: the chosen seeds and their expected
// reach beside the top-k by fans and by influence.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t, formatTime, fullTime } from '../../lib/i18n.js';
import { Link, navigate } from '../../lib/router.js';
import { pollInterval } from '../../lib/store.js';
import { csvName } from '../../lib/csv.js';
import { ErrorNote, toast } from '../../components/ui.js';
import { Chart, SERIES } from '../../components/charts.js';
import {
  AnalyticsApi, useLoad, LoadState, Figure, Figures, Section, DataTable, AccountCell, accountColumns,
  AnalyticsNav, PageHead, fmtInt, fmtNum, backLink,
} from './common.js';

const MAX_K = 200; // docs/api.md

function StateChip({ state }) {
  const cls = state === 'done' ? 'chip chip-ok' : state === 'failed' ? 'chip chip-danger' : 'chip chip-warn';
  return html`<span class=${cls} data-state=${state}>${t(`an.seed.state.${state}`) || state}</span>`;
}

function SeedForm() {
  const [k, setK] = useState('10');
  const [topic, setTopic] = useState('');
  const [budget, setBudget] = useState('');
  const [cost, setCost] = useState('uniform');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const submit = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    const body = { k: Number(k), cost };
    const tp = topic.trim().replace(/^#|#$/g, '');
    if (tp) body.topic = tp;
    if (budget.trim()) body.budget = Number(budget);
    try {
      const run = await AnalyticsApi.startSeeding(body);
      toast(t('an.seed.started'));
      navigate(`/analytics/seeding/${run.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  const kOk = Number.isInteger(Number(k)) && Number(k) >= 1 && Number(k) <= MAX_K;
  const bOk = !budget.trim() || (Number(budget) > 0 && Number.isFinite(Number(budget)));
  return html`<form class="card an-form an-seed-form" onSubmit=${submit} aria-labelledby="seed-form-title">
    <h2 id="seed-form-title" class="card-title">${t('an.seed.new')}</h2>
    <p class="muted small an-note">${t('an.seed.explain')}</p>
    <div class="an-form-grid">
      <label class="field"><span>${t('an.seed.k')}</span>
        <input class="input" type="number" name="k" min="1" max=${MAX_K} step="1" required value=${k} onInput=${(e) => setK(e.target.value)} />
        <small class="muted">${t('an.seed.kHint', { max: MAX_K })}</small></label>
      <label class="field"><span>${t('an.seed.topic')}</span>
        <input class="input" name="topic" maxlength="64" placeholder=${t('an.seed.topicPlaceholder')} value=${topic} onInput=${(e) => setTopic(e.target.value)} /></label>
      <label class="field"><span>${t('an.seed.budget')}</span>
        <input class="input" type="number" name="budget" min="0" step="any" placeholder=${t('an.seed.budgetPlaceholder')} value=${budget} onInput=${(e) => setBudget(e.target.value)} /></label>
      <label class="field"><span>${t('an.seed.cost')}</span>
        <select class="select" name="cost" value=${cost} onChange=${(e) => setCost(e.target.value)}>
          <option value="uniform">${t('an.seed.cost.uniform')}</option>
          <option value="fans">${t('an.seed.cost.fans')}</option>
        </select></label>
    </div>
    <${ErrorNote} error=${error} />
    <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${busy || !kOk || !bOk}>${busy ? t('an.seed.starting') : t('an.seed.start')}</button></div>
  </form>`;
}

const runList = (x) => (Array.isArray(x) ? x : x?.runs || []);

export function SeedingPage() {
  const load = useLoad(() => AnalyticsApi.seedingRuns(), []);
  const runs = runList(load.data);
  return html`<div class="page page-analytics page-seeding">
    <${AnalyticsNav} current="seeding" />
    <${PageHead} title=${t('an.seed.title')} subtitle=${t('an.seed.subtitle')} />
    <${SeedForm} />
    <${Section} id="seed-runs" title=${t('an.seed.runs')}>
      <${LoadState} load=${load} />
      ${load.data ? html`<${DataTable} id="runs" filename=${csvName('seeding-runs')} rows=${runs} rowKey=${(r) => r.id} empty=${t('an.seed.noRuns')} columns=${[
        { key: 'created_at', label: t('an.col.time'), render: (r) => html`<${Link} href=${`/analytics/seeding/${r.id}`} title=${fullTime(r.created_at)}>${formatTime(r.created_at)}<//>` },
        { key: 'k', label: t('an.seed.k'), num: true },
        { label: t('an.seed.topicCol'), value: (r) => r.topic || '', render: (r) => r.topic ? `#${r.topic}#` : html`<span class="muted">${t('an.seed.anyTopic')}</span>` },
        { key: 'state', label: t('an.seed.stateCol'), render: (r) => html`<${StateChip} state=${r.state} />` },
        { key: 'expected_reach', label: t('an.seed.reach'), num: true, digits: 1 },
        { label: t('an.seed.open'), value: (r) => r.id, csv: false, render: (r) => html`<${Link} href=${`/analytics/seeding/${r.id}`} class="btn btn-small">${t('an.seed.open')}<//>` },
      ]} />` : null}
    <//>
  </div>`;
}
SeedingPage.wide = true;

function reachOption(run) {
  const b = run.baselines || {};
  const rows = [
    { name: t('an.seed.chosen'), v: run.expected_reach, color: SERIES[0] },
    { name: t('an.seed.topFans'), v: b.top_fans?.expected_reach, color: SERIES[2] },
    { name: t('an.seed.topInfluence'), v: b.top_influence?.expected_reach, color: SERIES[3] },
  ];
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: rows.map((r) => r.name), inverse: true },
    series: [{
      type: 'bar', name: t('an.seed.reach'), barMaxWidth: 32,
      data: rows.map((r) => ({ value: r.v == null ? 0 : Math.round(r.v * 10) / 10, itemStyle: { color: r.color } })),
      label: { show: true, position: 'right', formatter: (p) => fmtNum(p.value) },
    }],
  };
}

export function SeedingRunPage({ id }) {
  const load = useLoad(() => AnalyticsApi.seedingRun(id), [id]);
  const run = load.data;
  const running = run?.state === 'running';
  useEffect(() => {
    if (!running) return undefined;
    const timer = setTimeout(() => load.reload({ quiet: true }), Math.min(pollInterval(), 1500));
    return () => clearTimeout(timer);
  }, [run, running]);
  const opt = useMemo(() => (run?.state === 'done' ? reachOption(run) : null), [run, t('an.seed.chosen')]);
  const seeds = (run?.seeds || []).map((s, i) => ({ ...s, rank: i + 1 }));
  const b = run?.baselines || {};
  const baseRows = run?.state === 'done' ? [
    { set: t('an.seed.chosen'), reach: run.expected_reach, seeds: seeds.map((s) => s.account?.username).join(' ') },
    { set: t('an.seed.topFans'), reach: b.top_fans?.expected_reach, seeds: (b.top_fans?.seeds || []).map((s) => (s.account || s)?.username).join(' ') },
    { set: t('an.seed.topInfluence'), reach: b.top_influence?.expected_reach, seeds: (b.top_influence?.seeds || []).map((s) => (s.account || s)?.username).join(' ') },
  ] : [];
  return html`<div class="page page-analytics page-seeding-run">
    <${AnalyticsNav} current="seeding" />
    ${backLink('/analytics/seeding', t('an.seed.back'))}
    <${PageHead} title=${t('an.seed.runTitle')} subtitle=${run ? t('an.seed.runOf', { k: run.k, topic: run.topic ? `#${run.topic}#` : t('an.seed.anyTopic'), time: formatTime(run.created_at) }) : ''}>
      ${run ? html`<${StateChip} state=${run.state} />` : null}
    <//>
    <${LoadState} load=${load} forbidden="an.seed.forbidden" notFound="an.seed.notFound" />
    ${load.error && run ? html`<${ErrorNote} error=${load.error} onRetry=${load.reload} />` : null}
    ${running ? html`<div class="an-notice an-running" role="status"><span class="spinner-dot" aria-hidden="true"></span>${t('an.seed.running')}</div>` : null}
    ${run?.state === 'failed' ? html`<div class="an-notice an-forbidden" role="alert">${t('an.seed.failed')}${run.error ? `${t('common.colon')}${run.error}` : ''}</div>` : null}
    ${run?.state === 'done' ? html`
      <${Figures} label=${t('an.seed.figures')}>
        <${Figure} id="reach" label=${t('an.seed.reach')} value=${fmtNum(run.expected_reach)} note=${run.reach_stderr != null ? `± ${fmtNum(run.reach_stderr)}` : null} />
        <${Figure} id="top-fans" label=${t('an.seed.topFans')} value=${fmtNum(b.top_fans?.expected_reach)} />
        <${Figure} id="top-influence" label=${t('an.seed.topInfluence')} value=${fmtNum(b.top_influence?.expected_reach)} />
        <${Figure} id="runtime" label=${t('an.seed.runtime')} value=${t('an.seed.ms', { n: fmtInt(run.runtime_ms) })} />
      <//>
      <${Section} id="seed-reach" title=${t('an.seed.compare')}>
        <${Chart} option=${opt} height=${200} label=${t('an.seed.compare')} testId="reach-chart" />
        <${DataTable} id="baselines" filename=${csvName('seeding', id, 'compare')} rows=${baseRows} columns=${[
          { key: 'set', label: t('an.seed.set') },
          { key: 'reach', label: t('an.seed.reach'), num: true, digits: 1 },
          { key: 'seeds', label: t('an.seed.seeds'), show: false },
        ]} />
      <//>
      <${Section} id="seed-seeds" title=${t('an.seed.seeds')}>
        <${DataTable} id="seeds" filename=${csvName('seeding', id, 'seeds')} rows=${seeds} rowKey=${(r) => r.account?.id ?? r.rank} empty=${t('an.seed.noSeeds')} columns=${[
          { key: 'rank', label: t('an.col.rank'), num: true },
          { label: t('an.col.account'), value: (r) => r.account?.username, csv: false, render: (r) => html`<${AccountCell} account=${r.account} />` },
          ...accountColumns(),
          { key: 'marginal_reach', label: t('an.seed.marginal'), num: true, digits: 1 },
          { key: 'cost', label: t('an.seed.costCol'), num: true, digits: 2 },
          { label: t('an.kols.fans'), value: (r) => r.account?.followers_count, num: true },
        ]} />
      <//>
      <p class="muted small an-note">${t('an.seed.method', {
        algorithm: run.algorithm || '–', approx: fmtNum(run.approximation, 2), rr: fmtInt(run.rr_sets),
        accounts: fmtInt(run.graph?.accounts), edges: fmtInt(run.graph?.edges),
      })}</p>
    ` : null}
  </div>`;
}
SeedingRunPage.wide = true;
