// The cascade of a post (/analytics/posts/:id): the headline figures all and real, the forward
// tree as an interactive picture, the time curve, breadth per level, the key spreaders and the
// SEISMIC prediction of the final size.
import { useMemo, useState } from 'preact/hooks';
import { html } from '../../lib/html.js';
import { t, formatTime, fullTime } from '../../lib/i18n.js';
import { Link, navigate } from '../../lib/router.js';
import { displayName } from '../../lib/text.js';
import { csvName } from '../../lib/csv.js';
import { Tabs } from '../../components/ui.js';
import { Chart, lineOption, CREDIBLE, NOT_CREDIBLE, SERIES } from '../../components/charts.js';
import {
  AnalyticsApi, useLoad, LoadState, Figure, Figures, Section, DataTable, CsvButton, AccountCell, accountColumns,
  AnalyticsNav, PageHead, Count, fmtInt, fmtPct, fmtNum, fmtDuration,
} from './common.js';

const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

// The nodes of `tree` as nested data for the ECharts tree, with each node's downstream count
// (the forwards below it). The root is the post itself; a node whose parent is not in the list
// (cut off by tree_limit, or deleted) hangs from the root.
export function nestTree(post, nodes) {
  const root = nodes.find((n) => n.id === post.id || n.level === 0 || !n.parent_id) || {
    id: post.id, parent_id: null, handle: post.account?.username, at: post.created_at, level: 0, credible: true,
  };
  const items = new Map();
  const make = (n) => ({ node: n, children: [], down: 0 });
  items.set(root.id, make(root));
  for (const n of nodes) if (n.id !== root.id) items.set(n.id, make(n));
  const order = [];
  for (const it of items.values()) {
    if (it.node === root) continue;
    const parent = items.get(it.node.parent_id) || items.get(root.id);
    parent.children.push(it);
  }
  // Parents before children, without recursion (a chain of forwards can be thousands long).
  const stack = [items.get(root.id)];
  while (stack.length) {
    const it = stack.pop();
    order.push(it);
    for (const c of it.children) stack.push(c);
  }
  for (let i = order.length - 1; i >= 0; i--) {
    for (const c of order[i].children) order[i].down += 1 + c.down;
  }
  const big = items.size > 150;
  const data = new Map();
  for (let i = order.length - 1; i >= 0; i--) {
    const it = order[i];
    const isRoot = it.node === root;
    const color = isRoot ? SERIES[0] : it.node.credible === false ? NOT_CREDIBLE : CREDIBLE;
    data.set(it, {
      name: it.node.handle ? `@${it.node.handle}` : '',
      value: it.down,
      id: it.node.id,
      at: it.node.at,
      root: isRoot,
      credible: it.node.credible !== false,
      symbolSize: Math.min(big ? 18 : 30, (big ? 4 : 8) + 2.5 * Math.sqrt(it.down)),
      itemStyle: { color, borderColor: color },
      children: it.children.map((c) => data.get(c)),
    });
  }
  return { data: data.get(items.get(root.id)), count: items.size, big };
}

function treeOption(tree) {
  const { data, big } = tree;
  return {
    tooltip: {
      trigger: 'item',
      formatter: (p) => {
        const d = p.data || {};
        const lines = [`<strong>${esc(d.name)}</strong>`, esc(fullTime(d.at))];
        lines.push(esc(t(d.root ? 'an.cascade.tipRoot' : 'an.cascade.tipDown', { n: d.value })));
        if (!d.root) lines.push(esc(d.credible ? t('an.cascade.credible') : t('an.cascade.notCredible')));
        return lines.join('<br/>');
      },
    },
    series: [{
      type: 'tree',
      data: [data],
      layout: big ? 'radial' : 'orthogonal',
      orient: 'LR',
      top: big ? '4%' : 16, bottom: big ? '4%' : 16, left: big ? '4%' : 90, right: big ? '4%' : 110,
      roam: true,
      initialTreeDepth: -1,
      expandAndCollapse: false,
      symbol: 'circle',
      lineStyle: { width: 1, curveness: 0.4 },
      label: big ? { show: false } : { position: 'left', verticalAlign: 'middle', align: 'right', fontSize: 12 },
      leaves: { label: big ? { show: false } : { position: 'right', align: 'left' } },
      emphasis: { focus: 'ancestor' },
      animationDuration: 300,
    }],
  };
}

function curveSeries(curve, cumulative) {
  const acc = (xs) => {
    if (!cumulative) return xs;
    let s = 0;
    return xs.map((x) => (s += x));
  };
  return [
    { name: t('an.all'), data: acc(curve.counts || []), area: true },
    { name: t('an.real'), data: acc(curve.real_counts || []), color: SERIES[1] },
  ];
}

function Prediction({ p, size }) {
  if (!p || !p.ready) {
    return html`<p class="an-notice" data-prediction="not-ready">${t('an.pred.notReady')}</p>`;
  }
  return html`<div data-prediction="ready">
    <${Figures} label=${t('an.pred.title')}>
      <${Figure} id="pred-final" label=${t('an.pred.final')} value=${`${p.capped ? '≥ ' : ''}${fmtInt(p.final_size)}`}
        title=${p.capped ? t('an.pred.capped') : undefined} />
      <${Figure} id="pred-interval" label=${t('an.pred.interval')} value=${`${fmtInt(p.low)} – ${fmtInt(p.high)}`} />
      <${Figure} id="pred-observed" label=${t('an.pred.observed', { time: fmtDuration(p.observed_s) })} value=${fmtInt(p.observed_size)} />
      <${Figure} id="pred-inf" label=${t('an.pred.infectiousness')} value=${fmtNum(p.infectiousness, 2)} />
    </${Figures}>
    <p class="muted small an-note">${t('an.pred.note', { now: fmtInt(size) })}${p.capped ? ` ${t('an.pred.capped')}` : ''}</p>
  </div>`;
}

export function CascadePage({ id }) {
  const load = useLoad(() => AnalyticsApi.cascade(id), [id]);
  const [cumulative, setCumulative] = useState(false);
  const c = load.data;
  const tree = useMemo(() => (c ? nestTree(c.post, c.tree?.nodes || []) : null), [c]);
  const tOpt = useMemo(() => (tree ? treeOption(tree) : null), [tree, t('an.all')]);
  const curve = c?.curve;
  const curveOpt = useMemo(() => (curve ? lineOption({
    x: (curve.counts || []).map((_, i) => `+${fmtDuration(i * curve.interval_s)}`),
    series: curveSeries(curve, cumulative),
  }) : null), [curve, cumulative, t('an.all')]);
  const levels = useMemo(() => (c ? (c.breadth || []).map((n, i) => ({ level: i + 1, all: n, real: c.real?.breadth?.[i] ?? 0 })) : []), [c]);
  const breadthOpt = useMemo(() => (levels.length ? lineOption({
    x: levels.map((l) => t('an.cascade.levelN', { n: l.level })),
    bars: true,
    series: [{ name: t('an.all'), data: levels.map((l) => l.all) }, { name: t('an.real'), data: levels.map((l) => l.real), color: SERIES[1] }],
  }) : null), [levels, t('an.all')]);

  const post = c?.post;
  const title = post ? t('an.cascade.titleOf', { name: displayName(post.account) }) : t('an.cascade.title');
  const spreaders = (c?.spreaders || []).map((s, i) => ({ ...s, rank: i + 1 }));
  const file = (what) => csvName('cascade', id, what);

  return html`<div class="page page-analytics page-cascade">
    <${AnalyticsNav} current="" />
    <${PageHead} title=${title} subtitle=${t('an.cascade.subtitle')} />
    <${LoadState} load=${load} forbidden="an.cascade.forbidden" notFound="an.cascade.notFound" />
    ${c ? html`
      <section class="card an-post" aria-label=${t('an.cascade.post')}>
        <p class="an-post-text">${clip(post.text || '', 140)}</p>
        <p class="muted small"><${Link} href=${`/@${post.account.username}`}>@${post.account.username}<//> ·
          <${Link} href=${`/status/${post.id}`} title=${fullTime(post.created_at)}>${formatTime(post.created_at)}<//></p>
      </section>
      <${Figures} label=${t('an.cascade.figures')}>
        <${Figure} id="size" label=${t('an.cascade.size')} value=${fmtInt(c.size)} />
        <${Figure} id="depth" label=${t('an.cascade.depth')} value=${fmtInt(c.depth)} />
        <${Figure} id="exposure" label=${t('an.cascade.exposure')} value=${html`<${Count} n=${c.exposure} approx=${c.exposure_exact === false} />`}
          title=${c.exposure_exact === false ? t('an.cascade.estimated') : undefined} />
        <${Figure} id="real-size" label=${t('an.cascade.realSize')} value=${fmtInt(c.real?.size)} />
        <${Figure} id="real-exposure" label=${t('an.cascade.realExposure')} value=${html`<${Count} n=${c.real?.exposure} approx=${c.exposure_exact === false} />`} />
        <${Figure} id="credible-share" label=${t('an.cascade.credibleShare')} value=${c.size ? fmtPct(c.credible_share) : '–'} />
      </${Figures}>

      <${Section} id="cascade-tree" title=${t('an.cascade.tree')}
        actions=${html`<span class="an-legend"><i style=${`background:${CREDIBLE}`}></i>${t('an.cascade.credible')}<i style=${`background:${NOT_CREDIBLE}`}></i>${t('an.cascade.notCredible')}</span>`}>
        ${c.size ? html`
          <${Chart} option=${tOpt} height=${tree.big ? 520 : Math.max(240, Math.min(560, tree.count * 26))} label=${t('an.cascade.treeLabel', { n: c.size })}
            testId="cascade-tree" onClick=${(p) => { if (p.data?.id && !p.data.root) navigate(`/status/${p.data.id}`); }} />
          <p class="muted small an-note">${t('an.cascade.treeHint')}${c.tree?.truncated ? ` ${t('an.cascade.truncated', { n: fmtInt(tree.count - 1) })}` : ''}</p>`
          : html`<p class="muted an-empty">${t('an.cascade.noForwards')}</p>`}
      </${Section}>

      <${Section} id="cascade-curve" title=${t('an.cascade.curve')}
        actions=${html`<${Tabs} label=${t('an.cascade.curveMode')} current=${cumulative ? 'cum' : 'per'} onSelect=${(x) => setCumulative(x === 'cum')}
          items=${[{ id: 'per', label: t('an.cascade.perInterval', { time: fmtDuration(curve?.interval_s) }) }, { id: 'cum', label: t('an.cascade.cumulative') }]} />`}>
        ${curve?.counts?.length ? html`<${Chart} option=${curveOpt} height=${260} label=${t('an.cascade.curve')} testId="cascade-curve" />`
          : html`<p class="muted an-empty">${t('an.cascade.noForwards')}</p>`}
      </${Section}>

      <${Section} id="cascade-breadth" title=${t('an.cascade.breadth')}>
        ${breadthOpt ? html`<${Chart} option=${breadthOpt} height=${220} label=${t('an.cascade.breadth')} testId="cascade-breadth" />` : null}
        <${DataTable} id="breadth" filename=${file('breadth')} rows=${levels} columns=${[
          { key: 'level', label: t('an.cascade.level'), num: true },
          { key: 'all', label: t('an.cascade.forwardsAll'), num: true },
          { key: 'real', label: t('an.cascade.forwardsReal'), num: true },
        ]} empty=${t('an.cascade.noForwards')} />
      </${Section}>

      <${Section} id="cascade-spreaders" title=${t('an.cascade.spreaders')}>
        <${DataTable} id="spreaders" filename=${file('spreaders')} rows=${spreaders} rowKey=${(r) => r.account?.id ?? r.rank}
          caption=${t('an.cascade.spreadersHint')} empty=${t('an.cascade.noForwards')} columns=${[
            { key: 'rank', label: t('an.col.rank'), num: true },
            { label: t('an.col.account'), value: (r) => r.account?.username, render: (r) => html`<${AccountCell} account=${r.account} />`, csv: false },
            ...accountColumns(),
            { key: 'downstream', label: t('an.cascade.downstream'), num: true },
            { key: 'new_exposure', label: t('an.cascade.newExposure'), num: true },
            { key: 'forwards', label: t('an.cascade.theirForwards'), num: true },
          ]} />
      </${Section}>

      <${Section} id="cascade-prediction" title=${t('an.pred.title')}>
        <${Prediction} p=${c.prediction} size=${c.size} />
      </${Section}>

      ${c.tree?.nodes?.length ? html`<${Section} id="cascade-nodes" title=${t('an.cascade.nodes')} class="an-compact"
        actions=${html`<${CsvButton} filename=${file('forwards')} rows=${c.tree.nodes} columns=${nodeColumns()} />`}>
        <p class="muted small">${t('an.cascade.nodesHint', { n: fmtInt(tree.count - 1) })}</p>
      </${Section}>` : null}
    ` : null}
  </div>`;
}
CascadePage.wide = true;

function nodeColumns() {
  return [
    { key: 'id', label: t('an.col.forwardId') },
    { key: 'parent_id', label: t('an.col.parentId') },
    { key: 'handle', label: t('an.col.handle') },
    { key: 'at', label: t('an.col.time') },
    { key: 'level', label: t('an.cascade.level'), num: true },
    { label: t('an.cascade.credible'), value: (r) => (r.credible === false ? 0 : 1), num: true },
  ];
}

export function clip(text, n) {
  const cps = [...text];
  return cps.length > n ? `${cps.slice(0, n).join('')}…` : text;
}
