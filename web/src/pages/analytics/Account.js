// Account analytics (/analytics/accounts/:id): fan growth raw and real, posts and engagement,
// best posts (the account itself and moderators), the fan authenticity audit (shares for every
// member, examples for the owner), and the audience overlap with another account.
import { useMemo, useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t, formatTime, fullTime } from '../../lib/i18n.js';
import { Api } from '../../lib/api.js';
import { Link } from '../../lib/router.js';
import { displayName } from '../../lib/text.js';
import { csvName } from '../../lib/csv.js';
import { Avatar, Name, ErrorNote, Spinner } from '../../components/ui.js';
import { Chart, lineOption, donutOption, SERIES, CREDIBLE, NOT_CREDIBLE } from '../../components/charts.js';
import {
  AnalyticsApi, useLoad, LoadState, Figure, Figures, Section, DataTable, AccountCell, accountColumns,
  AnalyticsNav, PageHead, Count, fmtInt, fmtPct, fmtNum,
} from './common.js';
import { clip } from './Cascade.js';

const DAYS = [7, 30, 90, 365];
const SUSPICIOUS = '#eab308';

export function auditParts(a) {
  return [
    { id: 'real', name: t('an.audit.real'), value: a.real ?? 0, share: a.real_share, color: CREDIBLE },
    { id: 'suspicious', name: t('an.audit.suspicious'), value: a.suspicious ?? 0, share: a.suspicious_share, color: SUSPICIOUS },
    { id: 'zombie', name: t('an.audit.zombie'), value: a.zombie ?? 0, share: a.zombie_share, color: NOT_CREDIBLE },
  ];
}

function Audit({ accountId, audit: given }) {
  const load = useLoad(() => (given ? Promise.resolve(given) : AnalyticsApi.audit(accountId)), [accountId, given]);
  const a = load.data;
  const parts = a ? auditParts(a) : [];
  const opt = useMemo(() => (a ? donutOption({ parts, title: t('an.audit.title') }) : null), [a, t('an.audit.real')]);
  const ex = a?.examples;
  const file = csvName('audit', accountId);
  return html`<${Section} id="account-audit" title=${t('an.audit.title')} class="an-audit">
    <p class="muted small an-note">${t('an.audit.explain')}</p>
    <${LoadState} load=${load} />
    ${a ? html`
      ${a.fans ? html`<div class="an-audit-body">
        <${Chart} option=${opt} height=${260} label=${t('an.audit.chartLabel', { real: fmtPct(a.real_share), suspicious: fmtPct(a.suspicious_share), zombie: fmtPct(a.zombie_share) })} testId="audit-donut" class="an-donut" />
        <div class="an-audit-table">
          <${DataTable} id="audit" filename=${file} rows=${parts} columns=${[
            { label: t('an.audit.class'), value: (r) => r.name, render: (r) => html`<span class="an-swatch" style=${`background:${r.color}`}></span>${r.name}` },
            { key: 'value', label: t('an.audit.fans'), num: true },
            { key: 'share', label: t('an.audit.share'), num: true, pct: true },
          ]} />
          <p class="muted small">${t('an.audit.total', { n: fmtInt(a.fans) })}${a.scanned_at ? ` · ${t('an.audit.scannedAt', { time: formatTime(a.scanned_at) })}` : ` · ${t('an.audit.neverScanned')}`}</p>
        </div>
      </div>` : html`<p class="muted an-empty">${t('an.audit.noFans')}</p>`}
      ${ex ? html`<div class="an-examples">
        ${['zombie', 'suspicious'].map((k) => html`<div key=${k} class="an-example-list" data-examples=${k}>
          <h3 class="an-sub">${t(`an.audit.examples.${k}`)}</h3>
          ${ex[k]?.length ? html`<ul>${ex[k].map((acc) => html`<li key=${acc.id}><${AccountCell} account=${acc} /></li>`)}</ul>`
            : html`<p class="muted small">${t('an.audit.noExamples')}</p>`}
        </div>`)}
      </div>` : null}
    ` : null}
  <//>`;
}

function Overlap({ account }) {
  const [handle, setHandle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [result, setResult] = useState(null);
  const run = async (e) => {
    e.preventDefault();
    const h = handle.trim().replace(/^@/, '');
    if (!h) return;
    setBusy(true);
    setError(null);
    try {
      const other = await Api.lookup(h);
      setResult(await AnalyticsApi.overlap(account.id, other.id));
    } catch (err) {
      setResult(null);
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const r = result;
  const rows = r ? [
    { what: t('an.overlap.aFans', { name: displayName(r.a) }), n: r.a_fans },
    { what: t('an.overlap.bFans', { name: displayName(r.b) }), n: r.b_fans },
    { what: t('an.overlap.shared'), n: r.shared },
    { what: t('an.overlap.realShared'), n: r.real_shared },
    { what: t('an.overlap.jaccard'), n: r.jaccard },
  ] : [];
  return html`<${Section} id="account-overlap" title=${t('an.overlap.title')}>
    <p class="muted small an-note">${t('an.overlap.explain')}</p>
    <form class="inline-form an-overlap-form" onSubmit=${run}>
      <label class="sr-only" for="overlap-handle">${t('an.overlap.handle')}</label>
      <input id="overlap-handle" class="input" name="handle" maxlength="64" autocomplete="off" placeholder=${t('an.overlap.placeholder')}
        value=${handle} onInput=${(e) => setHandle(e.target.value)} />
      <button type="submit" class="btn btn-primary" disabled=${busy || !handle.trim()}>${t('an.overlap.compare')}</button>
    </form>
    ${busy ? html`<${Spinner} />` : null}
    ${error ? (error.status === 404 && error.code === 'not_found'
      ? html`<p class="error-note" role="alert">${t('an.overlap.noSuch', { handle: handle.trim().replace(/^@/, '') })}</p>`
      : html`<${ErrorNote} error=${error} />`) : null}
    ${r ? html`<div class="an-overlap-result" data-overlap>
      <${Figures} label=${t('an.overlap.title')}>
        <${Figure} id="shared" label=${t('an.overlap.shared')} value=${html`<${Count} n=${r.shared} approx=${r.exact === false} />`} />
        <${Figure} id="jaccard" label=${t('an.overlap.jaccard')} value=${fmtNum(r.jaccard, 3)} />
        <${Figure} id="real-shared" label=${t('an.overlap.realShared')} value=${html`<${Count} n=${r.real_shared} approx=${r.exact === false} />`} />
      </${Figures}>
      <${DataTable} id="overlap" filename=${csvName('overlap', r.a?.username, r.b?.username)} rows=${rows}
        columns=${[{ key: 'what', label: t('an.overlap.figure') }, { key: 'n', label: t('an.overlap.value'), num: true, digits: 4 }]} />
    </div>` : null}
  <//>`;
}

function Growth({ d, days }) {
  const g = d.fan_growth || {};
  const p = d.posts || {};
  const fansOpt = useMemo(() => lineOption({
    x: g.days || [],
    series: [{ name: t('an.account.fans'), data: g.fans || [], area: true }, { name: t('an.account.realFans'), data: g.real_fans || [], color: SERIES[1] }],
  }), [d, t('an.all')]);
  const postsOpt = useMemo(() => {
    const o = lineOption({
      x: p.days || [],
      bars: true,
      series: [
        { name: t('an.account.posts'), data: p.posts || [], type: 'bar' },
        { name: t('an.account.forwards'), data: p.forwards || [], type: 'line', yAxisIndex: 1, color: SERIES[2] },
        { name: t('an.account.comments'), data: p.comments || [], type: 'line', yAxisIndex: 1, color: SERIES[3] },
        { name: t('an.account.likes'), data: p.likes || [], type: 'line', yAxisIndex: 1, color: SERIES[1] },
      ],
    });
    o.yAxis = [{ type: 'value', name: t('an.account.posts'), minInterval: 1 }, { type: 'value', name: t('an.account.engagement'), minInterval: 1, splitLine: { show: false } }];
    return o;
  }, [d, t('an.all')]);
  const growthRows = (g.days || []).map((day, i) => ({ day, fans: g.fans?.[i], real: g.real_fans?.[i] }));
  const postRows = (p.days || []).map((day, i) => ({ day, posts: p.posts?.[i], forwards: p.forwards?.[i], comments: p.comments?.[i], likes: p.likes?.[i] }));
  const id = d.account?.id;
  return html`
    <${Section} id="account-growth" title=${t('an.account.growth', { days })}>
      ${growthRows.length ? html`<${Chart} option=${fansOpt} height=${260} label=${t('an.account.growth', { days })} testId="fan-growth" />` : null}
      <${DataTable} id="growth" folded filename=${csvName('fans', id, `${days}d`)} rows=${growthRows} columns=${[
        { key: 'day', label: t('an.col.day') },
        { key: 'fans', label: t('an.account.fans'), num: true },
        { key: 'real', label: t('an.account.realFans'), num: true },
      ]} />
    <//>
    <${Section} id="account-posts" title=${t('an.account.postsTitle')}>
      ${postRows.length ? html`<${Chart} option=${postsOpt} height=${260} label=${t('an.account.postsTitle')} testId="posts-chart" />` : null}
      <${DataTable} id="posts" folded filename=${csvName('posts', id, `${days}d`)} rows=${postRows} columns=${[
        { key: 'day', label: t('an.col.day') },
        { key: 'posts', label: t('an.account.posts'), num: true },
        { key: 'forwards', label: t('an.account.forwards'), num: true },
        { key: 'comments', label: t('an.account.comments'), num: true },
        { key: 'likes', label: t('an.account.likes'), num: true },
      ]} />
    <//>
    <${Section} id="account-best" title=${t('an.account.best')}>
      <${DataTable} id="best" filename=${csvName('best-posts', id)} rows=${d.best_posts || []} rowKey=${(r) => r.id} empty=${t('an.account.noPosts')} columns=${[
        { label: t('an.col.post'), value: (r) => r.text, render: (r) => html`<${Link} href=${`/status/${r.id}`} class="an-post-link">${clip(r.text || '', 60)}<//>` },
        { key: 'created_at', label: t('an.col.time'), render: (r) => html`<time datetime=${r.created_at} title=${fullTime(r.created_at)}>${formatTime(r.created_at)}</time>` },
        { label: t('an.account.forwards'), value: (r) => r.forwards_count ?? r.reblogs_count ?? 0, num: true },
        { label: t('an.account.comments'), value: (r) => r.comments_count ?? 0, num: true },
        { label: t('an.account.likes'), value: (r) => r.favourites_count ?? 0, num: true },
        { label: t('an.cascade.open'), value: (r) => r.id, csv: false, render: (r) => html`<${Link} href=${`/analytics/posts/${r.id}`} class="btn btn-small">${t('an.cascade.open')}<//>` },
      ]} />
    <//>`;
}

export function AccountPage({ id, query }) {
  const days = DAYS.includes(Number(query?.get('days'))) ? Number(query.get('days')) : 30;
  const load = useLoad(() => AnalyticsApi.account(id, days), [id, days]);
  // Another member's account: the owner-only parts are refused, the audit shares and the
  // overlap are open to every member, so the page goes on with those.
  const other = load.error?.status === 403;
  const acc = useLoad(() => (other ? Api.account(id) : Promise.resolve(null)), [id, other]);
  const account = load.data?.account || acc.data;
  const d = load.data;
  return html`<div class="page page-analytics page-account-analytics">
    <${AnalyticsNav} current=${account && d ? 'account' : ''} />
    <${PageHead} title=${account ? t('an.account.titleOf', { name: displayName(account) }) : t('an.account.title')} subtitle=${t('an.account.subtitle')}>
      ${d ? html`<nav class="an-days" aria-label=${t('an.account.period')}>
        ${DAYS.map((n) => html`<${Link} key=${n} href=${`/analytics/accounts/${id}?days=${n}`} class=${`chip${n === days ? ' chip-on' : ''}`} aria-current=${n === days ? 'page' : undefined}>${t('an.account.days', { n })}<//>`)}
      </nav>` : null}
    <//>
    ${account ? html`<section class="card an-who"><${Avatar} account=${account} size=${40} /><${Name} account=${account} handle /></section>` : null}
    ${other ? html`<div class="an-notice an-forbidden" role="note">${t('an.account.forbidden')}</div>` : html`<${LoadState} load=${load} notFound="an.account.notFound" />`}
    ${d ? html`
      <${Figures} label=${t('an.account.figures')}>
        <${Figure} id="fans" label=${t('an.account.fans')} value=${html`<${Count} n=${d.account?.followers_count} />`} />
        <${Figure} id="real-fans" label=${t('an.account.realFans')} value=${html`<${Count} n=${d.account?.real_followers_count ?? d.audit?.real} />`} />
        <${Figure} id="engagement" label=${t('an.account.perPost')} value=${fmtNum(d.engagement_per_post)}
          note=${typeof d.real_engagement_per_post === 'number' ? t('an.account.realPerPost', { n: fmtNum(d.real_engagement_per_post) }) : null} />
        <${Figure} id="posts" label=${t('an.account.postsInPeriod', { days })} value=${fmtInt((d.posts?.posts || []).reduce((x, y) => x + y, 0))} />
      <//>
      <${Growth} d=${d} days=${days} />
    ` : null}
    ${d || other ? html`<${Audit} accountId=${id} audit=${d?.audit || null} />` : null}
    ${account && (d || other) ? html`<${Overlap} account=${account} />` : null}
  </div>`;
}
AccountPage.wide = true;

