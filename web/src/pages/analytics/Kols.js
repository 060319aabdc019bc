// KOL search (/analytics/kols?topic=): accounts ranked by influence on the forward graph, overall
// or within a topic, with their real fans, engagement and who forwards them; and how far that
// ranking is from ranking by fans.
import { useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t, formatTime } from '../../lib/i18n.js';
import { navigate, Link } from '../../lib/router.js';
import { csvName } from '../../lib/csv.js';
import { ErrorNote } from '../../components/ui.js';
import {
  AnalyticsApi, useLoad, LoadState, Section, DataTable, AccountCell, accountColumns, AnalyticsNav, PageHead,
  fmtNum, fmtPct,
} from './common.js';

const PAGE = 50;

export function KolsPage({ query }) {
  const topic = (query?.get('topic') || '').trim().replace(/^#|#$/g, '').slice(0, 64);
  const [input, setInput] = useState(topic);
  const [more, setMore] = useState({ topic, rows: [], done: false, busy: false, error: null });
  const load = useLoad(() => AnalyticsApi.kols(topic || undefined, { limit: PAGE }), [topic]);
  const r = load.data;
  const extra = more.topic === topic ? more : { rows: [], done: false, busy: false, error: null };
  const submit = (e) => {
    e.preventDefault();
    const x = input.trim().replace(/^#|#$/g, '');
    navigate(x ? `/analytics/kols?topic=${encodeURIComponent(x)}` : '/analytics/kols');
  };
  const rc = r?.rank_correlation;
  const kols = [...(r?.kols || []), ...extra.rows];
  const loadMore = async () => {
    setMore({ ...extra, topic, busy: true, error: null });
    try {
      const next = await AnalyticsApi.kols(topic || undefined, { limit: PAGE, offset: kols.length });
      const rows = next?.kols || [];
      setMore({ topic, rows: [...extra.rows, ...rows], done: rows.length < PAGE, busy: false, error: null });
    } catch (error) {
      setMore({ ...extra, topic, busy: false, error });
    }
  };
  return html`<div class="page page-analytics page-kols">
    <${AnalyticsNav} current="kols" />
    <${PageHead} title=${t('an.kols.title')} subtitle=${t('an.kols.subtitle')} />
    <form class="card an-form inline-form" onSubmit=${submit} role="search">
      <label class="sr-only" for="kol-topic">${t('an.kols.topic')}</label>
      <input id="kol-topic" class="input" name="topic" maxlength="64" placeholder=${t('an.kols.topicPlaceholder')} value=${input}
        onInput=${(e) => setInput(e.target.value)} />
      <button type="submit" class="btn btn-primary">${t('an.kols.search')}</button>
      ${topic ? html`<${Link} href="/analytics/kols" class="btn">${t('an.kols.overall')}<//>` : null}
    </form>
    <${Section} id="kol-results" title=${topic ? t('an.kols.forTopic', { topic }) : t('an.kols.overallTitle')}>
      ${rc ? html`<p class="an-note an-corr" data-corr>${t('an.kols.corr', { tau: fmtNum(rc.kendall_tau, 2), overlap: fmtPct(rc.top100_overlap) })}</p>` : null}
      <${LoadState} load=${load} />
      ${r ? html`<${DataTable} id="kols" filename=${csvName('kols', topic || 'all')} rows=${kols} rowKey=${(x) => x.account?.id}
        caption=${r.computed_at ? t('an.kols.computed', { time: formatTime(r.computed_at) }) : ''}
        empty=${r.topic_known === false ? t('an.kols.unknownTopic', { topic }) : topic ? t('an.kols.noneTopic', { topic }) : t('an.kols.none')} columns=${[
          { key: 'rank', label: t('an.col.rank'), num: true },
          { label: t('an.col.account'), value: (x) => x.account?.username, csv: false, render: (x) => html`<${AccountCell} account=${x.account} />` },
          ...accountColumns(),
          { key: 'influence', label: t('an.kols.influence'), num: true, digits: 4 },
          { key: 'fans', label: t('an.kols.fans'), num: true },
          { key: 'real_fans', label: t('an.kols.realFans'), num: true },
          { key: 'real_share', label: t('an.kols.realShare'), num: true, pct: true },
          { key: 'engagement_per_post', label: t('an.kols.engagement'), num: true, digits: 1 },
          { key: 'forwarded_by', label: t('an.kols.forwardedBy'), num: true },
          { key: 'fans_rank', label: t('an.kols.fansRank'), num: true },
          { label: t('an.kols.audit'), value: (x) => x.account?.id, csv: false, render: (x) => html`<${Link} href=${`/analytics/accounts/${x.account?.id}`} class="btn btn-small">${t('an.kols.audit')}<//>` },
        ]} />
        ${(r.kols || []).length >= PAGE && !extra.done ? html`<div class="load-more">
          ${extra.error ? html`<${ErrorNote} error=${extra.error} />` : null}
          <button type="button" class="btn btn-ghost" disabled=${extra.busy} onClick=${loadMore}>${extra.busy ? t('common.loading') : t('common.loadMore')}</button>
        </div>` : null}` : null}
    <//>
  </div>`;
}
KolsPage.wide = true;
