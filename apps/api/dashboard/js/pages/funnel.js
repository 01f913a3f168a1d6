// 销售漏斗: GET /reports/funnel, one group at a time (owner, team, source, product or month), for a
// capture period, as it stood on a date (asOf).
import { axisLabel, splitLine, STAGE_COLORS } from '../charts.js';
import * as f from '../format.js';
import { t, term } from '../i18n.js';
import { button, card, dateInput, el, field, filters, grid, kpi, kpis, select, table, periodFields } from '../ui.js';

const GROUPINGS = ['owner', 'team', 'source', 'product', 'month'];
const FUNNEL = ['D', 'C', 'B', 'A', 'won'];
const OPEN = ['D', 'C', 'B', 'A'];
const ALL_STAGES = ['D', 'C', 'B', 'A', 'won', 'lost'];

export const groupLabel = (groupBy, key) => (groupBy === 'source' ? term('source', key) : key);

/** The report's query for the page's filters: `to` is shown inclusive, the API's is exclusive; asOf is the end of that UTC day. */
export const funnelQuery = (p) => ({
  groupBy: p.groupBy || undefined,
  from: p.from || undefined,
  to: p.to ? f.addDays(p.to, 1) : undefined,
  asOf: p.asOf ? `${p.asOf}T23:59:59.999Z` : undefined,
});

/** Leads that reached each funnel stage: all of them reached D, then each conversion's `advanced`. */
/** A stage on an axis: its letter (the full name is in the funnel and the tooltip), so all six fit. */
export const stageAxisLabel = (stage) => (stage.length === 1 ? stage : term('stage', stage));

const reachedPerStage = (group) => FUNNEL.map((stage, i) => (i === 0 ? (group.conversion[0]?.reached ?? group.leads) : (group.conversion[i - 1]?.advanced ?? 0)));

const emptyGroup = (key) => ({
  key,
  leads: 0,
  stages: Object.fromEntries(ALL_STAGES.map((s) => [s, 0])),
  conversion: FUNNEL.slice(0, -1).map((from, i) => ({ from, to: FUNNEL[i + 1], reached: 0, advanced: 0, rate: null })),
  won: 0,
  lost: 0,
  winRate: null,
  daysToWin: { count: 0, mean: null, median: null },
  daysToLose: { count: 0, mean: null, median: null },
  meanDaysInStage: { D: null, C: null, B: null, A: null },
});

const funnelChart = (ctx, group) => {
  const reached = reachedPerStage(group);
  return ctx.chart(
    'funnel',
    {
      tooltip: { trigger: 'item', formatter: (item) => `${item.name}<br>${f.int(item.value)} ${t('funnel.leads')}` },
      series: [
        {
          type: 'funnel',
          sort: 'none',
          left: '2%',
          width: '62%',
          top: 12,
          bottom: 12,
          minSize: '18%',
          gap: 3,
          label: { show: true, position: 'right', color: '#344054', fontWeight: 600, formatter: (item) => `${item.name}\n{count|${f.int(item.value)}}`, rich: { count: { fontSize: 16, fontWeight: 700, color: '#101828', lineHeight: 22 } } },
          labelLine: { length: 14, lineStyle: { color: '#d0d5dd' } },
          itemStyle: { borderWidth: 0 },
          data: FUNNEL.map((stage, i) => ({ name: term('stage', stage), value: reached[i], itemStyle: { color: STAGE_COLORS[stage] } })),
        },
      ],
    },
    { size: 'tall' },
  );
};

const conversionList = (group) =>
  el(
    'div',
    { class: 'conversion' },
    group.conversion.map((step) => {
      const bar = el('div', { class: 'bar-fill' });
      bar.style.width = `${Math.round((step.rate ?? 0) * 100)}%`;
      return el(
        'div',
        { class: 'conversion-row', dataset: { from: step.from, to: step.to } },
        el('div', { class: 'conversion-label' }, el('span', { class: `dot stage-${step.from}` }), `${step.from} → ${step.to === 'won' ? term('stage', 'won') : step.to}`),
        el('div', { class: 'bar' }, bar),
        el('div', { class: 'conversion-rate', text: f.pct(step.rate) }),
        el('div', { class: 'muted conversion-counts', text: `${f.int(step.advanced)} / ${f.int(step.reached)}` }),
      );
    }),
  );

const stagesChart = (ctx, group) =>
  ctx.chart('standing', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: ([item]) => `${term('stage', ALL_STAGES[item.dataIndex])}: ${f.int(item.value)}` },
    xAxis: { type: 'category', data: ALL_STAGES.map(stageAxisLabel), axisLabel: { ...axisLabel, interval: 0 } },
    yAxis: { type: 'value', axisLabel, splitLine },
    series: [{ type: 'bar', barMaxWidth: 42, data: ALL_STAGES.map((s) => ({ value: group.stages[s], itemStyle: { color: STAGE_COLORS[s], borderRadius: [4, 4, 0, 0] } })), label: { show: true, position: 'top', color: '#475467', formatter: (item) => f.int(item.value) } }],
  });

const daysChart = (ctx, group) =>
  ctx.chart('days-in-stage', {
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, formatter: ([item]) => `${term('stage', OPEN[item.dataIndex])}: ${f.quantity(item.value, 'unit.day')}` },
    xAxis: { type: 'category', data: OPEN.map(stageAxisLabel), axisLabel: { ...axisLabel, interval: 0 } },
    yAxis: { type: 'value', axisLabel, splitLine },
    series: [{ type: 'bar', barMaxWidth: 42, data: OPEN.map((s) => ({ value: group.meanDaysInStage[s], itemStyle: { color: STAGE_COLORS[s], borderRadius: [4, 4, 0, 0] } })), label: { show: true, position: 'top', color: '#475467', formatter: (item) => f.num(item.value) } }],
  });

/**
 * Days in a stage add up the stays still running up to the report's clock: the end of the asOf day, or
 * now. An imported history's open leads thus count up to today, which the card says with the date.
 */
const daysUntilNote = (asOf) => {
  const day = asOf || f.today();
  const text = asOf ? t('funnel.daysUntilAsOf', { date: f.date(`${day}T00:00:00Z`) }) : t('funnel.daysUntilToday', { date: f.date(`${day}T00:00:00Z`) });
  return el('p', { class: 'chart-note', dataset: { until: day } }, text);
};

const groupsChart = (ctx, report, groupBy, onPick) => {
  const groups = [...report.groups].sort((a, b) => b.leads - a.leads).slice(0, 30);
  return ctx.chart(
    'groups',
    {
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { data: [t('funnel.leads'), t('funnel.won'), t('funnel.winRate')] },
      xAxis: { type: 'category', data: groups.map((g) => groupLabel(groupBy, g.key)), axisLabel: { ...axisLabel, rotate: groups.length > 8 ? 35 : 0, interval: 0 } },
      yAxis: [
        { type: 'value', axisLabel, splitLine },
        { type: 'value', max: 1, axisLabel: { ...axisLabel, formatter: (v) => f.pct(v, 0) }, splitLine: { show: false } },
      ],
      series: [
        { name: t('funnel.leads'), type: 'bar', barMaxWidth: 28, data: groups.map((g) => g.leads), itemStyle: { color: STAGE_COLORS.C, borderRadius: [3, 3, 0, 0] } },
        { name: t('funnel.won'), type: 'bar', barMaxWidth: 28, data: groups.map((g) => g.won), itemStyle: { color: STAGE_COLORS.won, borderRadius: [3, 3, 0, 0] } },
        { name: t('funnel.winRate'), type: 'line', yAxisIndex: 1, smooth: true, data: groups.map((g) => g.winRate), itemStyle: { color: '#f79009' }, tooltip: { valueFormatter: (v) => f.pct(v) } },
      ],
    },
    { size: 'tall', onClick: (item) => groups[item.dataIndex] && onPick(groups[item.dataIndex].key) },
  );
};

export default {
  id: 'funnel',
  right: 'readReports',
  titleKey: 'nav.funnel',
  async render(ctx) {
    const p = Object.fromEntries(ctx.params);
    const report = await ctx.get('/reports/funnel', funnelQuery(p));
    const groupBy = p.groupBy && GROUPINGS.includes(p.groupBy) ? p.groupBy : '';
    const key = groupBy ? (p.key ?? '') : '';
    const group = key ? (report.groups.find((g) => g.key === key) ?? emptyGroup(key)) : report.total;
    const go = (changes) => ctx.navigate({ ...p, ...changes });

    const bar = filters(
      field(
        t('filter.groupBy'),
        select([['', t('filter.none')], ...GROUPINGS.map((g) => [g, t(`group.${g}`)])], groupBy, (value) => go({ groupBy: value, key: '' })),
      ),
      groupBy
        ? field(
            t('filter.value'),
            select([['', t('filter.allValues')], ...report.groups.map((g) => [g.key, groupLabel(groupBy, g.key)])], key, (value) => go({ key: value })),
          )
        : null,
      ...periodFields(p.from, p.to, go),
      field(t('filter.asOf'), dateInput(p.asOf, (value) => go({ asOf: value }), { max: f.today() })),
      button(t('filter.clear'), () => ctx.navigate({}), 'ghost'),
    );

    const open = OPEN.reduce((sum, s) => sum + group.stages[s], 0);
    const figures = kpis(
      kpi({ id: 'leads', label: t('funnel.leads'), value: group.leads, display: f.int(group.leads) }),
      kpi({ id: 'open', label: t('funnel.open'), value: open, display: f.int(open) }),
      kpi({ id: 'won', label: t('funnel.won'), value: group.won, display: f.int(group.won), tone: 'good' }),
      kpi({ id: 'lost', label: t('funnel.lost'), value: group.lost, display: f.int(group.lost), tone: 'bad' }),
      kpi({ id: 'winRate', label: t('funnel.winRate'), value: group.winRate, display: f.pct(group.winRate), hint: t('funnel.winRateHint') }),
      kpi({ id: 'daysToWin', label: t('funnel.daysToWin'), value: group.daysToWin.median, display: f.num(group.daysToWin.median), unit: f.unit(group.daysToWin.median, 'unit.day') }),
    );

    const heading = key ? `${t(`group.${groupBy}`)}: ${groupLabel(groupBy, key)}` : null;
    const note = p.asOf ? el('p', { class: 'note', text: t('funnel.asOfNote', { date: f.date(`${p.asOf}T00:00:00Z`) }) }) : null;
    const compare =
      groupBy && !key
        ? [
            card(t('funnel.groupsChart', { group: t(`group.${groupBy}`) }), groupsChart(ctx, report, groupBy, (picked) => go({ key: picked }))),
            card(
              t('funnel.groups', { group: t(`group.${groupBy}`) }),
              table(
                [
                  { label: t(`group.${groupBy}`), value: (g) => groupLabel(groupBy, g.key) },
                  { label: t('funnel.leads'), value: (g) => f.int(g.leads), num: true },
                  ...OPEN.map((s) => ({ label: s, value: (g) => f.int(g.stages[s]), num: true })),
                  { label: t('funnel.won'), value: (g) => f.int(g.won), num: true },
                  { label: t('funnel.lost'), value: (g) => f.int(g.lost), num: true },
                  { label: t('funnel.winRate'), value: (g) => f.pct(g.winRate), num: true },
                  { label: t('funnel.daysToWin'), value: (g) => f.num(g.daysToWin.median), num: true },
                ],
                report.groups,
                { onRow: (g) => go({ key: g.key }) },
              ),
            ),
          ]
        : [];

    return el(
      'div',
      { class: 'stack' },
      bar,
      heading ? el('h2', { class: 'subhead', text: heading }) : null,
      note,
      figures,
      grid(card(t('funnel.chart'), funnelChart(ctx, group)), card(t('funnel.conversion'), conversionList(group))),
      grid(card(t('funnel.standing'), stagesChart(ctx, group)), card(t('funnel.daysInStage'), daysChart(ctx, group), daysUntilNote(p.asOf))),
      compare,
    );
  },
};
