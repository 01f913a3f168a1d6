// ECharts (window.echarts, served from the API at vendor/echarts.min.js) with the dashboard's look.
// Charts are drawn once their containers are in the page, resized with them, and disposed of when
// the page changes. A chart without any figure says so in words instead of drawing bare axes.
import * as f from './format.js';
import { t } from './i18n.js';

export const PALETTE = ['#2f6bff', '#17b26a', '#f79009', '#7a5af8', '#ee46bc', '#06aed4', '#f04438', '#667085', '#84cc16', '#0e9384'];
export const STAGE_COLORS = { D: '#a4bcfd', C: '#6b93ff', B: '#2f6bff', A: '#1d3fbf', won: '#17b26a', lost: '#f04438' };

const FONT = 'Inter, "Segoe UI", system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';

const BASE = {
  color: PALETTE,
  textStyle: { fontFamily: FONT, color: '#344054' },
  animationDuration: 350,
  animationDurationUpdate: 250,
  // Figures in tooltips as everywhere else (format.js), unless a chart formats its own.
  tooltip: { confine: true, backgroundColor: '#101828', borderWidth: 0, textStyle: { color: '#fff', fontFamily: FONT }, valueFormatter: (v) => (typeof v === 'number' ? f.num(v, 2) : v) },
  grid: { left: 16, right: 16, top: 40, bottom: 8, containLabel: true },
};

const LEGEND = { show: true, top: 0, left: 'center', icon: 'roundRect', itemWidth: 12, itemHeight: 8, textStyle: { color: '#475467' } };

const live = new Set();
let observer = null;

/** The figure of a data item: a number, `{ value }`, or `[x, y, value]` (heatmap) / a radar's values. */
const figureOf = (item) => (Array.isArray(item) ? item.at(-1) : item !== null && typeof item === 'object' ? figureOf(item.value) : item);

/** True when some series has a figure other than 0: a chart of nothing but zeros and gaps shows nothing. */
export const hasFigures = (option) =>
  [option.series ?? []].flat().some((series) => (series?.data ?? []).some((item) => {
    const figure = figureOf(item);
    return typeof figure === 'number' && Number.isFinite(figure) && figure !== 0;
  }));

/** Value axes label their figures as format.js does (12K, 1.2万), unless the chart formats its own. */
const withAxisFormat = (axes) =>
  axes === undefined
    ? undefined
    : [axes].flat().map((axis) => (axis?.type === 'value' && !axis.axisLabel?.formatter ? { ...axis, axisLabel: { ...(axis.axisLabel ?? {}), formatter: (v) => f.compact(v) } } : axis));

/** Draws `option` into `container` (already in the page); returns the chart, or null when there is nothing to draw. */
export const drawChart = (container, option) => {
  if (!hasFigures(option)) {
    container.classList.add('chart-empty');
    container.dataset.empty = 'true';
    container.replaceChildren(Object.assign(document.createElement('p'), { className: 'chart-empty-text', textContent: t('app.emptyChart') }));
    container.dataset.rendered = 'true';
    return null;
  }
  const chart = window.echarts.init(container, null, { renderer: 'canvas' });
  // Marks the container once drawn (after the animation): screenshots and checks wait for it.
  chart.on('finished', () => {
    container.dataset.rendered = 'true';
  });
  // Nested defaults merge (a page's legend keeps the default position, its grid the default margins).
  chart.setOption({
    ...BASE,
    ...option,
    tooltip: { ...BASE.tooltip, ...(option.tooltip ?? {}) },
    // A legend only where the page asks for one (series names), never the data items of a pie or funnel.
    legend: option.legend ? { ...LEGEND, ...option.legend } : { show: false },
    grid: { ...BASE.grid, ...(option.grid ?? {}) },
    ...(option.xAxis ? { xAxis: withAxisFormat(option.xAxis) } : {}),
    ...(option.yAxis ? { yAxis: withAxisFormat(option.yAxis) } : {}),
  });
  live.add(chart);
  observer ??= new ResizeObserver((entries) => {
    for (const entry of entries) window.echarts.getInstanceByDom(entry.target)?.resize();
  });
  observer.observe(container);
  return chart;
};

export const disposeCharts = () => {
  for (const chart of live) {
    const dom = chart.getDom();
    if (dom) observer?.unobserve(dom);
    chart.dispose();
  }
  live.clear();
};

export const axisLabel = { color: '#667085' };
export const splitLine = { lineStyle: { color: '#eaecf0' } };
