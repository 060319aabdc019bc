// Charts for the analytics pages: ECharts, with only the parts used registered (echarts/core), so
// the analytics chunk stays small and the main bundle does not carry it at all (the pages are
// loaded with import()). A chart fills its box, follows the box's size (ResizeObserver, so window
// resizes and layout changes both count) and takes its colours from the page's CSS variables, so
// it matches the theme; it is redrawn when the colour scheme changes.
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { LineChart, BarChart, PieChart, TreeChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';
import { html } from '../lib/html.js';

echarts.use([LineChart, BarChart, PieChart, TreeChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

// The series colours: all (brand orange), real (green), and the third and fourth for extra series.
export const SERIES = ['#ff8200', '#22a35a', '#1a7be0', '#a855f7', '#b42318'];
export const CREDIBLE = '#22a35a';
export const NOT_CREDIBLE = '#b42318';

function cssVar(name, fallback) {
  const v = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
  return v || fallback;
}

// The theme from the page: text, muted text, grid lines, card background.
export function chartTheme() {
  return {
    text: cssVar('--text', '#1f1b16'),
    muted: cssVar('--muted', '#6b625a'),
    line: cssVar('--line', '#ebe4dc'),
    card: cssVar('--card', '#ffffff'),
    font: cssVar('--font', 'sans-serif'),
  };
}

// Defaults every option gets: colours, font, tooltip and axis styling from the theme.
function themed(option, th) {
  const axis = (a) => (a ? [].concat(a).map((x) => ({
    axisLine: { lineStyle: { color: th.line } },
    axisLabel: { color: th.muted, hideOverlap: true },
    splitLine: { lineStyle: { color: th.line } },
    ...x,
  })) : a);
  return {
    color: SERIES,
    backgroundColor: 'transparent',
    textStyle: { color: th.text, fontFamily: th.font },
    animation: !matchMedia('(prefers-reduced-motion: reduce)').matches,
    ...option,
    tooltip: option.tooltip === false ? undefined : {
      backgroundColor: th.card, borderColor: th.line, textStyle: { color: th.text }, confine: true, ...option.tooltip,
    },
    legend: option.legend ? { textStyle: { color: th.text }, top: 0, ...option.legend } : undefined,
    xAxis: axis(option.xAxis),
    yAxis: axis(option.yAxis),
  };
}

// <Chart option={...} height={280} label="..." onClick={(params) => ...} />. `label` names the
// picture for screen readers (the figures are in a table beside it).
export function Chart({ option, height = 280, label, onClick, class: cls = '', testId }) {
  const box = useRef(null);
  const chart = useRef(null);
  const click = useRef(onClick);
  click.current = onClick;

  useEffect(() => {
    const el = box.current;
    const c = echarts.init(el, null, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => click.current?.(p));
    const ro = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(() => c.resize());
    ro?.observe(el);
    const onWin = () => c.resize();
    window.addEventListener('resize', onWin);
    return () => {
      ro?.disconnect();
      window.removeEventListener('resize', onWin);
      c.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const draw = () => chart.current?.setOption(themed(option, chartTheme()), true);
    draw();
    const mq = matchMedia('(prefers-color-scheme: dark)');
    mq.addEventListener?.('change', draw);
    return () => mq.removeEventListener?.('change', draw);
  }, [option]);

  return html`<div class=${`chart ${cls}`} ref=${box} role="img" aria-label=${label} data-testid=${testId}
    style=${`height:${height}px`}></div>`;
}

// A line chart of one or more series over the same x labels.
// series: [{name, data, area?, dashed?}]
export function lineOption({ x, series, yName, bars = false, stack = false }) {
  return {
    tooltip: { trigger: 'axis' },
    legend: series.length > 1 ? {} : undefined,
    grid: { left: 8, right: 16, top: series.length > 1 ? 36 : 16, bottom: 8, containLabel: true },
    xAxis: { type: 'category', data: x, boundaryGap: bars },
    yAxis: { type: 'value', name: yName, minInterval: 1 },
    series: series.map((s) => ({
      type: s.type || (bars ? 'bar' : 'line'),
      name: s.name,
      data: s.data,
      smooth: false,
      showSymbol: s.data.length <= 40,
      stack: stack ? 'all' : undefined,
      areaStyle: s.area ? { opacity: 0.12 } : undefined,
      lineStyle: s.dashed ? { type: 'dashed' } : undefined,
      color: s.color,
      barMaxWidth: 28,
      yAxisIndex: s.yAxisIndex,
    })),
  };
}

// A donut of parts: [{name, value, color}].
export function donutOption({ parts, title }) {
  return {
    tooltip: { trigger: 'item', formatter: '{b}: {c} ({d}%)' },
    legend: { bottom: 0, top: undefined },
    series: [{
      type: 'pie',
      name: title,
      radius: ['45%', '72%'],
      center: ['50%', '45%'],
      avoidLabelOverlap: true,
      label: { formatter: '{d}%' },
      data: parts.map((p) => ({ name: p.name, value: p.value, itemStyle: { color: p.color } })),
    }],
  };
}
