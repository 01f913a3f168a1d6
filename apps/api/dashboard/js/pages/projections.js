// 读模型状态: GET /projections — each read model's state and lag behind the log, refreshed every 5 s.
import { ApiError } from '../api.js';
import { axisLabel, splitLine } from '../charts.js';
import * as f from '../format.js';
import { t, term } from '../i18n.js';
import { badge, card, clear, el, grid, isAborted, isForbidden, kpi, kpis, restricted, table } from '../ui.js';

const REFRESH_MS = 5_000;

const figures = (status) => {
  const head = Math.max(0, ...status.map((s) => s.headPosition));
  const live = status.filter((s) => s.state === 'live').length;
  const maxLag = Math.max(0, ...status.map((s) => s.lagEvents));
  const maxLagSeconds = Math.max(0, ...status.map((s) => s.lagSeconds));
  return kpis(
    kpi({ id: 'live', label: t('projections.live'), value: live, display: `${live} / ${status.length}`, tone: live === status.length ? 'good' : 'warn' }),
    kpi({ id: 'head', label: t('projections.head'), value: head, display: f.int(head) }),
    kpi({ id: 'maxLag', label: t('projections.maxLag'), value: maxLag, display: `${f.int(maxLag)} · ${f.quantity(maxLagSeconds, 'unit.second')}`, tone: maxLag ? 'warn' : 'good' }),
  );
};

const stateTone = (state) => (state === 'live' ? 'good' : state === 'failed' ? 'bad' : 'warn');

const statusTable = (status) =>
  table(
    [
      { label: t('projections.name'), value: (s) => el('strong', { text: s.name }) },
      { label: t('projections.state'), value: (s) => badge(term('state', s.state), stateTone(s.state)) },
      { label: t('projections.generation'), value: (s) => `${s.generation} (v${s.version})` },
      { label: t('projections.checkpoint'), value: (s) => f.int(s.checkpoint), num: true },
      { label: t('projections.lagEvents'), value: (s) => f.int(s.lagEvents), num: true },
      { label: t('projections.lagSeconds'), value: (s) => f.num(s.lagSeconds), num: true },
      { label: t('projections.rate'), value: (s) => f.int(s.eventsPerSecond), num: true },
      { label: t('projections.rebuild'), value: (s) => (s.rebuild ? `${s.rebuild.state} @ ${f.int(s.rebuild.checkpoint)}` : s.lastRebuild ? `${s.lastRebuild.outcome} ${f.dateTime(s.lastRebuild.finishedAt)}` : '–') },
      { label: t('projections.lastError'), value: (s) => (s.lastError ? el('span', { class: 'error-text', text: `${s.lastError.message} (${f.dateTime(s.lastError.at)})` }) : '–') },
    ],
    status,
  );

/** How the events applied are coloured: by the read model's state, one legend entry (and one colour) per group. */
const APPLIED = [
  { states: ['live'], color: '#17b26a' },
  { states: ['catching_up', 'starting', 'retrying', 'stopped'], color: '#2f6bff' },
  { states: ['failed'], color: '#f04438' },
];

/**
 * Per read model, the events applied (its checkpoint) and those still to apply (its lag), stacked to
 * the log's head. The applied part is one series per state group, so each legend entry has the colour
 * of its bars; only the groups present are listed.
 */
const lagOption = (status) => {
  const applied = APPLIED.filter((group) => status.some((s) => group.states.includes(s.state))).map((group) => ({
    name: t('projections.applied', { state: term('state', group.states[0]) }),
    type: 'bar',
    stack: 'log',
    barMaxWidth: 22,
    itemStyle: { color: group.color },
    data: status.map((s) => (group.states.includes(s.state) ? s.checkpoint : null)),
  }));
  const lag = { name: t('projections.lagEvents'), type: 'bar', stack: 'log', barMaxWidth: 22, itemStyle: { color: '#f79009', borderRadius: [0, 4, 4, 0] }, data: status.map((s) => s.lagEvents) };
  return {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v) => f.int(v) },
    legend: { data: [...applied, lag].map((series) => series.name) },
    grid: { right: 24 },
    xAxis: { type: 'value', axisLabel: { ...axisLabel, formatter: (v) => f.compact(v) }, splitLine },
    yAxis: { type: 'category', inverse: true, data: status.map((s) => s.name), axisLabel },
    series: [...applied, lag],
  };
};

export default {
  id: 'projections',
  right: 'operate',
  titleKey: 'nav.projections',
  async render(ctx) {
    const status = await ctx.get('/projections');
    const top = el('div', {}, figures(status));
    const rows = el('div', {}, statusTable(status));
    const chart = ctx.chart('lag', lagOption(status));
    const stamp = el('span', { class: 'muted', text: `${t('projections.autoRefresh')} · ${f.dateTime(new Date().toISOString())}` });

    const refresh = async () => {
      try {
        const next = await ctx.get('/projections');
        if (ctx.signal.aborted) return;
        clear(top, figures(next));
        clear(rows, statusTable(next));
        window.echarts.getInstanceByDom(chart)?.setOption(lagOption(next), { replaceMerge: ['series'] });
        stamp.textContent = `${t('projections.autoRefresh')} · ${f.dateTime(new Date().toISOString())}`;
      } catch (error) {
        if (isAborted(error) || ctx.signal.aborted) return;
        if (isForbidden(error)) clear(rows, restricted(ctx.me, error));
        else if (!(error instanceof ApiError && error.status === 401)) stamp.textContent = t('app.error', { detail: error.message });
      }
    };
    const timer = setInterval(refresh, REFRESH_MS);
    ctx.onCleanup(() => clearInterval(timer));

    return el('div', { class: 'stack' }, top, grid(card(t('projections.chart'), chart)), card(t('projections.table'), rows, el('div', { class: 'card-foot' }, stamp)));
  },
};
